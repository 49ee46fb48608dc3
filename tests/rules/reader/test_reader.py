"""The report reader on synthetic reports: every input kind, separators, 繁体, blanks,
run-together cells (decoded only when one reading fits), missing tables, local variants.

Reports are generated from the formats of rules/formats.py by rules/reader/synth.py, so a
read-back must give the very same tables.
"""

import os
import random
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.rules.reader import ReaderError, read_report, read_text
from gongkai.rules.reader.synth import (
    random_tables,
    render_docx,
    render_html,
    render_pdf,
    render_text,
)
from gongkai.rules.reader.values import parse_number, splits
from gongkai.rules.tables import Amount, ReportTables


def shared_dir() -> Path:
    env = os.environ.get("GONGKAI_SHARED")
    return Path(env) if env else (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()


SEED = shared_dir() / "seed" / "000_eb4955ec489c8a4e.txt"


def same(result, tables: ReportTables):
    got = result.tables
    assert result.agency == tables.agency
    assert result.year == tables.year
    assert result.format == tables.format
    assert got.applications == tables.applications
    assert got.review_litigation == tables.review_litigation
    assert got.proactive == tables.proactive


def problems(result, severity=None):
    return [p for p in result.problems if severity is None or p.severity == severity]


def not_notes(result):
    return [p for p in result.problems if p.severity != "note"]


# --- the seed ------------------------------------------------------------------------------


def test_seed_numbers_exactly():
    if not SEED.is_file():
        pytest.skip(f"seed not found at {SEED} (set GONGKAI_SHARED)")
    r = read_report(SEED)
    assert (r.agency, r.year, r.format) == ("满洲里市统计局", 2020, "2019")
    assert r.problems == []
    t = r.tables
    assert all(v == [0] * 7 for v in t.applications.values())
    assert list(t.applications) == list(t.fmt.application_keys)
    assert t.review_litigation == [0] * 15
    assert t.proactive["行政处罚"] == [18, 0, 0]
    assert t.proactive["行政强制"] == [1, 0, 0]
    for label, values in t.proactive.items():
        if label not in ("行政处罚", "行政强制"):
            assert all((v.value if isinstance(v, Amount) else v) == 0 for v in values), label
    assert list(t.proactive) == [r for _g, r in t.fmt.proactive_rows]


# --- every input kind ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize("style", ["seed", "pipe", "tab", "spaces"])
def test_text_layouts_round_trip(fmt, style):
    for seed in range(3):
        t = random_tables(fmt, random.Random(seed))
        r = read_text(render_text(t, style))
        same(r, t)
        assert not_notes(r) == []


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_html_with_rowspan_and_colspan(fmt):
    t = random_tables(fmt, random.Random(7))
    html = render_html(t)
    assert 'rowspan="' in html and 'colspan="' in html
    r = read_report(html.encode(), "report.html")
    assert r.kind == "html"
    same(r, t)
    assert not_notes(r) == []


def test_html_gb18030_and_fragment():
    t = random_tables("2021", random.Random(8))
    data = render_html(t, page=False).encode("gb18030")
    same(read_report(data, "fragment.htm"), t)


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_docx_with_merged_cells(fmt):
    t = random_tables(fmt, random.Random(9))
    r = read_report(render_docx(t), "report.docx")
    assert r.kind == "docx"
    same(r, t)
    assert not_notes(r) == []


def test_pdf_from_weasyprint():
    t = random_tables("2021", random.Random(10))
    data = render_pdf(t)
    r = read_report(data, "report.pdf")
    assert r.kind == "pdf"
    same(r, t)
    assert not_notes(r) == []


def test_kind_from_content_without_name(tmp_path):
    t = random_tables("2021", random.Random(11))
    assert read_report(render_docx(t)).kind == "docx"
    path = tmp_path / "report.html"
    path.write_text(render_html(t), "utf-8")
    assert read_report(path).kind == "html"


# --- cells ---------------------------------------------------------------------------------


def test_number_forms():
    assert parse_number("1,234").value == 1234
    assert parse_number("+19").value == 19
    assert parse_number("-18").value == -18
    assert parse_number("251000元").unit == "元"
    assert parse_number("24252.311082").value == Decimal("24252.311082")
    assert parse_number("12件").value == 12
    assert parse_number("〇").value == 0
    assert parse_number("000") is None  # run together, not a number
    assert parse_number("本年") is None


def test_signed_change_column_2019():
    t = random_tables("2019", random.Random(12))
    t.proactive["行政处罚"] = [18, -3, 5]
    t.proactive["行政许可"] = [7, 19, 0]
    r = read_text(render_text(t, "pipe", signed=True))
    assert "+19" in render_text(t, "pipe", signed=True)
    assert r.tables.proactive["行政处罚"] == [18, -3, 5]
    assert r.tables.proactive["行政许可"] == [7, 19, 0]
    assert not_notes(r) == []


def test_blank_cells_are_null_and_dashes_in_count_tables_are_zero():
    """An empty cell is blank (null, never 0); a dash or slash in table 三 can only say
    "none" (every cell there is a count of applications), so the format implies 0; each such
    cell is listed in the result with what it was read as."""
    t = random_tables("2021", random.Random(13))
    t.applications["carried_in"][1:4] = [0, 0, 0]
    t.applications["carried_in"][6] = sum(t.applications["carried_in"][:6])
    text = render_text(t, "pipe")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| 二、上年结转"):
            cells = line.split("|")
            cells[3] = " — "
            cells[4] = " / "
            cells[5] = "  "
            lines[i] = "|".join(cells)
    r = read_text("\n".join(lines))
    row = r.tables.applications["carried_in"]
    assert row[1] == 0 and row[2] == 0 and row[3] is None
    missing = [p for p in r.problems if p.check == "values.missing" and p.row == "carried_in"]
    assert missing and "不视为0" in missing[0].message
    assert "社会公益组织" in missing[0].message and "商业企业" not in missing[0].message
    states = {(c["row"], c["column"]): (c["state"], c.get("printed", "")) for c in r.cells}
    assert states[("carried_in", "商业企业")] == ("zero", "—")
    assert states[("carried_in", "科研机构")] == ("zero", "/")
    assert states[("carried_in", "社会公益组织")] == ("blank", "")
    dash = [p for p in r.problems if p.check == "values.dash_zero"]
    assert dash and "商业企业" in dash[0].message and dash[0].severity == "note"
    js = r.to_contract_json()
    assert {
        "table": "applications",
        "row": "carried_in",
        "column": "商业企业",
        "state": "zero",
        "printed": "—",
    } in [{k: v for k, v in c.items() if k != "line"} for c in js["cells"]]


def replace_rows(text: str, rows: dict[str, str]) -> str:
    """``text`` with each line that starts with a key of ``rows`` replaced by its value."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        for prefix, new in rows.items():
            if line.startswith(prefix):
                lines[i] = new
    return "\n".join(lines)


def test_dash_in_table_two_is_not_applicable():
    t = random_tables("2021", random.Random(13))
    r = read_text(
        replace_rows(
            render_text(t, "pipe"),
            {"| 规章 |": "| 规章 | / | / | / |", "| 行政许可 |": "| 行政许可 |  |"},
        )
    )
    assert r.tables.proactive["规章"] == [None, None, None]
    assert r.tables.proactive["行政许可"] == [None]
    states = {(c["row"], c["column"]): c["state"] for c in r.cells}
    assert states[("规章", "本年制发件数")] == "not_applicable"
    assert states[("行政许可", "本年处理决定数量")] == "blank"
    na = [p for p in r.problems if p.row == "规章"]
    assert [p.check for p in na] == ["values.not_applicable"]
    assert na[0].severity == "note" and "不适用" in na[0].message
    assert any(p.check == "values.missing" and p.row == "行政许可" for p in r.problems)


def test_thousands_separators_and_units():
    t = random_tables("2019", random.Random(14))
    t.proactive["政府集中采购"] = [6, Amount(Decimal("251000"), "元")]
    t.applications["new"] = [1200, 0, 0, 0, 0, 0, 1200]
    text = render_text(t, "pipe").replace("| 1200 |", "| 1,200 |")
    r = read_text(text)
    assert r.tables.applications["new"] == [1200, 0, 0, 0, 0, 0, 1200]
    assert r.tables.proactive["政府集中采购"] == [6, Amount(Decimal("251000"), "元")]
    fee = read_text(render_text(random_tables("2021", random.Random(14)), "pipe"))
    assert fee.tables.proactive["行政事业性收费"][0].unit == "万元"


def test_traditional_characters():
    import zhconv

    t = random_tables("2021", random.Random(15))
    text = zhconv.convert(render_text(t, "pipe"), "zh-tw")
    assert "總計" in text or "縂計" in text or "總" in text
    same(read_text(text), t)


def test_labels_broken_by_spaces_and_line_breaks_and_ascii_punctuation():
    t = random_tables("2019", random.Random(16))
    text = render_text(t, "seed")
    text = text.replace("社会公益组织", "社会公益 组织").replace(
        "本年新制作数量", "本年新\n制作数量"
    )
    text = text.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    text = text.replace("一、本年新收政府信息公开申请数量", "一、本年新收政府信息\n公开申请数量")
    same(read_text(text), t)


def test_page_chrome_around_the_report():
    t = random_tables("2021", random.Random(17))
    chrome = "当前位置：首页 > 政务公开 > 年报\n分享到：微信 微博\n打印本页 关闭窗口\n"
    text = chrome + render_text(t, "tab") + "\n【打印】【关闭】\n版权所有 网站标识码 1234567890\n"
    same(read_text(text), t)


# --- run-together cells --------------------------------------------------------------------


def test_splits_respect_leading_zeros_and_forced_cuts():
    assert list(splits(["000"], 3)) == [(0, 0, 0)]
    rows = list(splits(["270020130"], 7, accept=lambda v: sum(v[:6]) == v[6]))
    assert (27, 0, 0, 2, 0, 1, 30) in rows
    assert list(splits(["23", "0", "00"], 4)) == [(23, 0, 0, 0)]


def test_run_together_rows_decoded_by_totals():
    t = random_tables("2021", random.Random(18), scale=12, zero_rate=0.6)
    r = read_text(render_text(t, "run"))
    ambiguous = {p.row for p in r.problems if p.check in ("values.ambiguous", "values.unreadable")}
    decoded = 0
    for key, values in t.applications.items():
        got = r.tables.applications[key]
        if key in ambiguous:
            assert got == [None] * 7  # never guessed
        else:
            assert got == values
            decoded += 1
    assert decoded >= 20


def test_run_together_never_guesses():
    wrong = 0
    for seed in range(20):
        t = random_tables(
            "2019" if seed % 2 else "2021", random.Random(seed), scale=12, zero_rate=0.6
        )
        r = read_text(render_text(t, "run"))
        flagged = {
            p.row for p in r.problems if p.check in ("values.ambiguous", "values.unreadable")
        }
        for key, values in t.applications.items():
            got = r.tables.applications[key]
            if got != values and not (key in flagged and got == [None] * 7):
                wrong += 1
        for label, values in t.proactive.items():
            got = r.tables.proactive.get(label)
            if got != values and not (label in flagged and all(v is None for v in got)):
                wrong += 1
    assert wrong == 0


def test_ambiguous_row_is_reported_with_candidates():
    t = random_tables("2021", random.Random(19))
    t.proactive["行政规范性文件"] = [69, 3, 665]
    r = read_text(render_text(t, "run"))
    assert r.tables.proactive["行政规范性文件"] == [None, None, None]
    p = next(p for p in r.problems if p.check == "values.ambiguous" and p.row == "行政规范性文件")
    assert (69, 3, 665) in p.candidates
    assert "693665" in p.message


# --- missing tables, local variants --------------------------------------------------------


def test_tables_as_images_are_missing_not_zero():
    html = (
        "<h1>某某县民政局2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>2022年，某某县民政局…</p>"
        "<p>二、主动公开政府信息情况</p><p><img src='t2.png'></p>"
        "<p>三、收到和处理政府信息公开申请情况</p><p><img src='t3.png'></p>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src='t4.png'></p>"
        "<p>五、存在的主要问题及改进情况</p><p>无。</p>"
    )
    r = read_report(html.encode(), "x.html")
    assert (r.agency, r.year, r.format) == ("某某县民政局", 2022, "2021")
    missing = [p for p in r.problems if p.check == "tables.missing"]
    assert {p.row for p in missing} == {"proactive", "applications", "review"}
    assert all("图片" in p.message for p in missing)
    assert all(v == [None] * 7 for v in r.tables.applications.values())
    assert r.tables.review_litigation == [None] * 15
    assert r.tables.proactive == {}
    assert r.failed == []


def test_truncated_page():
    t = random_tables("2021", random.Random(20))
    text = render_text(t, "pipe")
    cut = text[: text.index("（四）无法提供")] + "\n[...]\n"
    r = read_text(cut)
    assert r.tables.applications["result.open"] == t.applications["result.open"]
    assert r.tables.applications["result.unable.1"] == [None] * 7
    assert r.tables.applications["carried_out"] == [None] * 7
    assert r.tables.review_litigation == [None] * 15
    checks = {p.check for p in r.problems}
    assert "tables.truncated" in checks and "tables.missing" in checks
    assert r.failed == []


def test_local_variant_extra_row_and_subtotal_column():
    t = random_tables("2019", random.Random(21))
    text = render_text(t, "pipe")
    lines = text.splitlines()
    out = []
    for line in lines:
        out.append(line)
        if line.startswith("| 规范性文件 |"):
            out.append("| 其他主动公开文件（含以本单位名义签发的文件） | 5 | 5 | 40 |")
    text = "\n".join(out)
    # a 小计 column after the five organisation columns
    lines = text.splitlines()
    for i, line in enumerate(lines):
        cells = line.split("|")
        if "商业企业" in line and "科研机构" in line:
            cells.insert(len(cells) - 1, " 小计 ")
        elif (
            line.startswith("| ")
            and len(cells) >= 10
            and all(c.strip().isdigit() for c in cells[-8:-1])
            and not cells[-9].strip().isdigit()
        ):
            org = sum(int(c) for c in cells[-7:-2])
            cells.insert(len(cells) - 2, f" {org} ")
        lines[i] = "|".join(cells)
    r = read_text("\n".join(lines))
    assert r.tables.proactive["其他主动公开文件"] == [5, 5, 40]
    assert r.tables.applications == t.applications
    assert r.failed == []


def test_format_from_labels_not_only_year():
    t = random_tables("2019", random.Random(22), year=2021)  # 2021 report in the old format
    r = read_text(render_text(t, "pipe"))
    assert r.format == "2019"
    assert any(p.check == "report.format" for p in r.problems)
    assert r.tables.applications == t.applications


# --- checks and notes on what was read -----------------------------------------------------


def test_failed_checks_on_a_read_report():
    t = random_tables("2021", random.Random(23))
    t.applications["new"] = [5, 0, 0, 0, 0, 0, 6]
    t.review_litigation[4] += 1
    r = read_text(render_text(t, "pipe"))
    names = {p.check for p in r.failed}
    assert {
        "applications.row_total",
        "applications.balance",
        "review_litigation.group_total",
    } <= names


def test_plausibility_notes():
    t = random_tables("2021", random.Random(24), agency="某某县某某镇人民政府")
    t.proactive["规章"] = [2, 0, 2]
    text = render_text(t, "pipe")
    total = t.applications["new"][6]
    text = text.replace(
        "（二）依申请公开\n", f"（二）依申请公开\n全年共收到政府信息公开申请{total + 3}件。\n"
    )
    r = read_text(text)
    notes = {p.check for p in r.problems if p.severity == "note"}
    assert "plausibility.township_rules" in notes
    assert "plausibility.narrative" in notes
    assert r.failed == []
    t19 = random_tables("2019", random.Random(25))
    t19.proactive["规范性文件"] = [87, 0, 0]
    r19 = read_text(render_text(t19, "pipe"))
    assert "plausibility.made_not_published" in {p.check for p in r19.problems}


def test_not_a_report():
    with pytest.raises(ReaderError):
        read_report(b"hello world", "x.txt")
    with pytest.raises(ReaderError):
        read_report(b"PK\x03\x04 broken", "x.docx")
    with pytest.raises(ReaderError):
        read_report("/nonexistent/report.pdf")


def test_narrative_quoting_labels_is_not_taken_for_the_tables():
    t = random_tables("2021", random.Random(26))
    new, carried = t.applications["new"][6], t.applications["carried_in"][6]
    story = (
        f"依据《条例》第二十条第（一）项，主动公开规章和行政规范性文件。"
        f"本年新收政府信息公开申请{new}件，上年结转政府信息公开申请{carried}件，予以公开若干件。\n"
    )
    text = render_text(t, "pipe").replace("（一）主动公开\n", "（一）主动公开\n" + story, 1)
    assert story in text
    r = read_text(text)
    same(r, t)
    assert not_notes(r) == []
    assert "plausibility.narrative" not in {p.check for p in r.problems}


def test_read_report_name_then_content():
    t = random_tables("2021", random.Random(27))
    r = read_report("report.html", render_html(t).encode())  # (name, bytes) also works
    same(r, t)


def test_pdf_without_ruling_lines():
    """Tables by word positions when the PDF has no ruled cells; wrapped labels."""
    from gongkai import pdf

    t = random_tables("2019", random.Random(28))
    html = render_html(t).replace('border="1"', "").replace("td{border:1px solid #000;", "td{")
    r = read_report(pdf.render(html), "report.pdf")
    same(r, t)
    assert not_notes(r) == []


def test_format_from_the_tables_not_the_narrative():
    t = random_tables("2021", random.Random(29))
    text = render_text(t, "pipe").replace(
        "（一）主动公开\n",
        "（一）主动公开\n本年完成政府集中采购项目3个，其他对外管理服务事项有序开展。\n",
        1,
    )
    r = read_text(text)
    assert r.format == "2021"
    same(r, t)


def test_variant_spelling_of_other():
    t = random_tables("2021", random.Random(30))
    text = render_text(t, "pipe").replace("3.其他", "3.其它").replace("| 其他 |", "| 其它 |")
    assert "3.其它" in text
    same(read_text(text), t)


def test_fewer_cells_than_columns_is_not_assigned_by_position():
    t = random_tables("2021", random.Random(31))
    rows = {"| 二、上年结转": "| 二、上年结转政府信息公开申请数量 | 5 | 5 |"}
    r = read_text(replace_rows(render_text(t, "pipe"), rows))
    assert r.tables.applications["carried_in"] == [None] * 7
    p = next(p for p in r.problems if p.row == "carried_in" and p.check == "values.unreadable")
    assert "少于7列" in p.message
    with pytest.raises(ReaderError):
        read_report(b"anything", "report.doc")


def test_title_in_head_and_chinese_numeral_year():
    t = random_tables("2019", random.Random(32), agency="某某区统计局", year=2020)
    body = render_html(t, page=False).replace(
        f"<h1>{t.agency}2020年政府信息公开工作年度报告</h1>", ""
    )
    html = f"<html><head><title>{t.agency}二〇二〇年政府信息公开工作年度报告</title></head><body>{body}</body></html>"
    r = read_report(html.encode(), "x.html")
    same(r, t)


def test_space_separated_row_that_does_not_add_up_is_read_and_fails_the_check():
    t = random_tables("2021", random.Random(33))
    t.applications["new"] = [3, 0, 0, 0, 0, 0, 4]
    text = render_text(t, "pipe")
    line = next(x for x in text.splitlines() if x.startswith("| 一、本年新收"))
    text = text.replace(line, "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 4")
    r = read_text(text)
    assert r.tables.applications["new"] == [3, 0, 0, 0, 0, 0, 4]
    assert "applications.row_total" in {p.check for p in r.failed}


def test_docx_table_inside_a_content_control():
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    t = random_tables("2021", random.Random(40))
    d = docx.Document(io.BytesIO(render_docx(t)))
    tbl = d.element.body.findall(qn("w:tbl"))[1]
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    tbl.addprevious(sdt)
    sdt.append(content)
    content.append(tbl)
    buf = io.BytesIO()
    d.save(buf)
    same(read_report(buf.getvalue(), "x.docx"), t)


def test_table_four_with_a_row_label():
    t = random_tables("2021", random.Random(41))
    text = render_text(t, "pipe")
    data_line = "| " + " | ".join(str(v) for v in t.review_litigation) + " |"
    assert data_line in text
    text = text.replace(data_line, "| 件数 " + data_line)
    same(read_text(text), t)


def test_sidebar_links_to_other_years_are_not_the_title():
    t = random_tables("2021", random.Random(42), agency="某某市交通运输局", year=2023)
    sidebar = (
        "相关链接\n某某市交通运输局2021年政府信息公开工作年度报告\n"
        "某某市交通运输局2022年政府信息公开工作年度报告\n"
    )
    same(read_text(sidebar + render_text(t, "pipe")), t)


# --- section headings: the format's wording and the one in common use (#17 point 11) ------


@pytest.mark.parametrize(
    "heading",
    ["五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"],
)
def test_both_wordings_of_section_five_are_accepted(heading):
    """The seed prints 五、存在的主要问题及改进情况 where the 2019 format says
    五、政府信息公开工作存在的主要问题及改进情况: both are the section's heading."""
    if not SEED.is_file():
        pytest.skip(f"seed not found at {SEED} (set GONGKAI_SHARED)")
    text = SEED.read_text("utf-8")
    assert "五、存在的主要问题及改进情况" in text
    r = read_text(text.replace("五、存在的主要问题及改进情况", heading))
    assert r.sections["五"] == heading.removeprefix("五、")
    assert all(v is not None for v in r.sections.values())
    assert r.problems == []
    assert r.tables.review_litigation == [0] * 15


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize(
    "heading",
    ["五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"],
)
def test_either_wording_in_either_format(fmt, heading):
    t = random_tables(fmt, random.Random(40))
    text = render_text(t, "pipe")
    official = t.fmt.section("五").heading
    text = text.replace(official, heading)
    r = read_text(text)
    same(r, t)
    assert r.sections["五"] == heading.removeprefix("五、")
    assert "report.sections" not in {p.check for p in r.problems}


def test_a_missing_section_heading_is_noted_with_both_wordings():
    t = random_tables("2019", random.Random(41))
    text = render_text(t, "pipe").replace(t.fmt.section("五").heading, "五、工作中的不足")
    r = read_text(text)
    same(r, t)
    note = [p for p in r.problems if p.check == "report.sections"]
    assert len(note) == 1 and note[0].severity == "note"
    assert "五、政府信息公开工作存在的主要问题及改进情况" in note[0].message
    assert "五、存在的主要问题及改进情况" in note[0].message
