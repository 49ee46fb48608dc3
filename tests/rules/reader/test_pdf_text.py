"""Invented variants of the layouts real PDF pages and flip-books give (the real instances
are in corpus/): rows flattened to space-separated numbers, table 四's header as vertical
fragments or two-line labels, page furniture and running headers, blank cells, pages cut
off at either end. Reports come from rules/reader/synth.py, so a read-back must give the
very same tables, or say which cells it could not place; never another number.
"""

import random

import pytest

from gongkai.rules.reader import read_report, read_text
from gongkai.rules.reader.synth import (
    pdf_text_lines,
    random_tables,
    render_flipbook_html,
    render_pdf_text,
)


def same_tables(r, t):
    assert r.tables.applications == t.applications
    assert r.tables.review_litigation == t.review_litigation
    assert r.tables.proactive == t.proactive
    assert (r.agency, r.year, r.format) == (t.agency, t.year, t.format)


def warnings(r):
    return [p for p in r.problems if p.severity != "note"]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize("header", ["vertical", "two-line", "joined"])
@pytest.mark.parametrize("furniture", ["dash", "flipbook", "page-of"])
def test_flattened_rows_split_headers_and_page_furniture(fmt, header, furniture):
    for seed in range(3):
        t = random_tables(fmt, random.Random(seed), agency="某某县审计局")
        text = render_pdf_text(t, header=header, furniture=furniture, per_page=17 + seed)
        r = read_text(text)
        same_tables(r, t)
        assert warnings(r) == []
        assert not r.partial and r.cells == []


def test_table_four_is_one_run_under_a_vertical_header():
    t = random_tables("2019", random.Random(5), year=2020)
    lines = pdf_text_lines(t)
    i = lines.index("结 结 其 尚")
    assert lines[i + 1].startswith("结 结 其 尚") and "结果维持" not in "".join(lines)
    r = read_text("\n".join(lines))
    assert r.tables.review_litigation == t.review_litigation


def test_running_header_with_a_year_is_not_read_as_a_cell():
    """A running header (the title, with 2023年…) between two rows of table 三 would be
    the digits 2023 glued to text: it is page furniture and goes."""
    t = random_tables("2021", random.Random(6))
    for per_page in range(8, 40):
        r = read_text(render_pdf_text(t, per_page=per_page, running=True))
        same_tables(r, t)


def test_table_header_repeated_on_the_next_page():
    t = random_tables("2021", random.Random(7))
    lines = pdf_text_lines(t)
    cut = next(i for i, x in enumerate(lines) if x.startswith("（四）无法提供"))
    head = lines[
        lines.index(t.fmt.section("三").heading) + 1 : lines.index(t.fmt.section("三").heading) + 5
    ]
    lines[cut:cut] = ["— 3 —", *head]
    r = read_text("\n".join(lines))
    same_tables(r, t)


def test_blank_applicant_cells_are_never_shifted_and_are_named_with_their_line():
    t = random_tables("2021", random.Random(8), zero_rate=0.7)
    text = render_pdf_text(t, blanks=True, furniture="dash")
    r = read_text(text)
    lines = text.splitlines()
    unplaced = {c["row"] for c in r.cells if c["state"] == "unplaced"}
    assert unplaced, "some rows have blank cells"
    for key, values in t.applications.items():
        got = r.tables.applications[key]
        if key in unplaced:
            assert got == [None] * 7  # which number is in which column is unknown
            p = next(p for p in r.problems if p.row == key and p.check == "values.unreadable")
            assert (
                p.line is not None
                and lines[p.line - 1].startswith(t.fmt.application_row(key).label)
                or t.fmt.application_row(key).label in lines[p.line - 1]
            )
        else:
            assert got == values
    assert r.tables.review_litigation == t.review_litigation
    assert r.failed == []


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_a_page_cut_off_inside_table_three_gives_the_rows_it_has(fmt):
    t = random_tables(fmt, random.Random(9))
    lines = pdf_text_lines(t)
    cut = next(i for i, x in enumerate(lines) if "重复申请" in x)
    r = read_text("\n".join(lines[:cut]))
    keys = list(t.fmt.application_keys)
    kept = keys[: keys.index("result.no_process.2")]
    for k in keys:
        assert r.tables.applications[k] == (t.applications[k] if k in kept else [None] * 7)
    assert r.partial
    assert r.missing_rows["applications"] == keys[len(kept) :]
    assert r.missing_rows["review"] == ["review_litigation"]
    assert r.tables.review_litigation == [None] * 15
    assert r.failed == []
    truncated = next(p for p in r.problems if p.check == "tables.truncated")
    assert "重复申请" in truncated.message and "未按0处理" in truncated.message


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_a_page_that_starts_inside_table_three(fmt):
    """One page of a longer document (a flip-book page): the rows before it are missing,
    not zero; table 二 is not in the file."""
    t = random_tables(fmt, random.Random(10))
    lines = pdf_text_lines(t)
    start = next(i for i, x in enumerate(lines) if x.startswith("（四）无法提供"))
    page = ["Page 7 - 2020年报_某某县审计局", "P. 7", *lines[start:]]
    r = read_text("\n".join(page))
    keys = list(t.fmt.application_keys)
    first = keys.index("result.unable.1")
    for k in keys:
        assert r.tables.applications[k] == (
            t.applications[k] if keys.index(k) >= first else [None] * 7
        )
    assert r.tables.review_litigation == t.review_litigation
    assert r.tables.proactive == {}
    assert r.partial and r.missing_rows["applications"] == keys[:first]
    assert "proactive" in r.missing_rows
    assert r.failed == []


def test_flipbook_html_saved_from_the_viewer():
    t = random_tables("2019", random.Random(11), year=2020, agency="某某区审计局")
    r = read_report(render_flipbook_html(t).encode(), "page.html")
    assert r.kind == "html"
    same_tables(r, t)
    assert warnings(r) == []


def test_narrative_figures_are_not_a_table_row():
    """A sentence naming 结转下年度继续办理 with a figure is not the table's row."""
    text = (
        "某某县审计局2020年政府信息公开工作年度报告\n一、总体情况\n"
        "2020年，本局收到政府信息公开申请3件，结转下年度继续办理1件。\n"
        "五、存在的主要问题及改进情况\n无。\n"
    )
    r = read_text(text)
    assert all(v == [None] * 7 for v in r.tables.applications.values())
    assert "applications" not in r.found_tables


# --- PDF files laid out by position -------------------------------------------------------


@pytest.fixture(scope="module")
def scrambled_pdf():
    from gongkai.rules.reader.synth import render_pdf_positioned

    t = random_tables("2021", random.Random(3), agency="某某县审计局")
    return t, render_pdf_positioned(t, scrambled=True, seed=3)


def test_pdf_drawn_in_scrambled_order_is_read_by_position(scrambled_pdf):
    """No ruling lines, text drawn in a shuffled order, table 四's heads as vertical text,
    page numbers and a running header: the words' positions give rows and columns."""
    import io

    import pdfplumber

    t, data = scrambled_pdf
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        stream_order = pdf.pages[0].extract_text(use_text_flow=True)
        assert not pdf.pages[0].find_tables()  # no ruled table to lean on
    assert not stream_order.startswith(t.agency)  # the drawing order is not the reading order
    r = read_report(data, "report.pdf")
    same_tables(r, t)
    assert warnings(r) == []


def test_pdf_blank_cells_are_placed_in_their_columns():
    """Rows that leave cells blank: each number goes under its column (by x, from the rows
    that print every column and from table 三's heads, across the page break); blanks are
    blank (null), never 0, never another column's number."""
    from gongkai.rules.reader.synth import render_pdf_positioned

    t = random_tables("2021", random.Random(4), agency="某某县审计局", zero_rate=0.6)
    r = read_report(render_pdf_positioned(t, blanks=True, seed=4), "report.pdf")
    blanks = 0
    for key, values in t.applications.items():
        got = r.tables.applications[key]
        for i, (g, v) in enumerate(zip(got, values, strict=True)):
            if v == 0 and i < 6:
                assert g is None  # printed blank
                blanks += 1
            else:
                assert g == v, (key, i)
    assert blanks > 30
    states = [c for c in r.cells if c["state"] == "blank"]
    assert len(states) == blanks and all(c.get("page") for c in states)
    assert r.tables.review_litigation == t.review_litigation
    assert r.failed == []  # checks skip blanks rather than count them as 0
    missing = [p for p in r.problems if p.check == "values.missing"]
    assert missing and all(p.page is not None for p in missing)


def test_two_line_heads_of_table_four_as_the_issue_prints_them():
    from gongkai.rules.reader.synth import _two_lines

    assert _two_lines(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]) == [
        "结果 结果 其他 尚未 总",
        "维持 纠正 结果 审结 计",
    ]


def test_dashes_and_wu_in_table_four_are_zero_and_listed():
    t = random_tables("2021", random.Random(12))
    t.review_litigation = [0] * 15
    lines = pdf_text_lines(t, header="joined")
    i = lines.index(" ".join(["0"] * 15))
    lines[i] = " ".join(["—", "-", "无", "/", "0"] + ["0"] * 10)
    r = read_text("\n".join(lines))
    assert r.tables.review_litigation == [0] * 15
    zero = [c for c in r.cells if c["table"] == "review"]
    assert [c["printed"] for c in zero] == ["—", "-", "无", "/"]
    assert {c["state"] for c in zero} == {"zero"}
    note = next(p for p in r.problems if p.check == "values.dash_zero")
    assert "表四" in note.message and "行政复议 结果维持" in note.message


def test_page_furniture_lines():
    from gongkai.rules.reader.furniture import furniture_lines, is_page_mark

    for mark in ("Page 9 - 2020年报_审计局", "P. 9", "— 9 —", "- 12 -", "第 3 页 共 9 页", "9/12"):
        assert is_page_mark(mark), mark
    for text in ("0 0 0", "9", "2020年", "四、结转下年度继续办理 0 0 0 0 0 0 0", "/"):
        assert not is_page_mark(text), text
    title = "某某县审计局2020年政府信息公开工作年度报告"
    lines = [title, "一、总体情况", "— 1 —", title, "规章 0 0 0", "— 2 —", title, "行政许可 3"]
    # the title's first occurrence stays; its repeats next to page numbers go
    assert furniture_lines(lines) == {2, 3, 5, 6}
    assert furniture_lines([title, "规章 0 0 0", title]) == set()  # no page numbers: kept


def test_a_page_with_only_table_four_is_not_read_as_table_three():
    """Table 四's fifteen numbers follow 总计 too: a page holding only table 四 gives table
    四, and no row of table 三."""
    t = random_tables("2019", random.Random(13), year=2020)
    lines = pdf_text_lines(t)
    start = lines.index(t.fmt.section("四").heading)
    r = read_text("\n".join(["Page 12 - 2020年报_某某县审计局", "P. 12", *lines[start:]]))
    assert r.tables.review_litigation == t.review_litigation
    assert all(v == [None] * 7 for v in r.tables.applications.values())
    assert r.partial and "applications" in r.missing_rows
