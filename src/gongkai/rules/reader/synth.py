"""Synthetic published reports, for tests and the reader benchmark.

:func:`random_tables` makes consistent tables of a format (or inconsistent ones on
request); :func:`render_text`, :func:`render_html`, :func:`render_docx` and
:func:`render_pdf` lay them out as agencies publish them: one cell per line (as the seed),
``|`` / tab / space separated rows, cells run together, HTML tables with the official
row and column spans, DOCX tables with merged cells, PDF via weasyprint. The layouts come
from :mod:`gongkai.rules.formats`, so every label is exact.
"""

from __future__ import annotations

import html as _html
import io
import random
from decimal import Decimal

from gongkai.rules.formats import ReportFormat, get_format
from gongkai.rules.tables import Amount, ReportTables, _plain

Cell = tuple[str, int, int]  # text, rowspan, colspan


def random_tables(
    fmt: str | ReportFormat,
    rng: random.Random | None = None,
    *,
    agency: str = "某某市统计局",
    year: int | None = None,
    scale: int = 30,
    zero_rate: float = 0.5,
) -> ReportTables:
    """Consistent tables: every cross-check of rules/tables holds."""
    f = get_format(fmt)
    rng = rng or random.Random(0)
    year = year or (2020 if f.code == "2019" else 2023)
    t = ReportTables.zeros(f, agency=agency, year=year)

    def n(k: int = scale) -> int:
        return 0 if rng.random() < zero_rate else rng.randint(1, k)

    totals = [0] * 6
    for key in f.result_keys:
        row = [n() if c == 0 else n(max(1, scale // 5)) for c in range(6)]
        t.applications[key] = [*row, sum(row)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
    t.applications["result.total"] = [*totals, sum(totals)]
    out = [n(5) for _ in range(6)]
    carried_in = [rng.randint(0, totals[c] + out[c]) if rng.random() < 0.5 else 0 for c in range(6)]
    new = [totals[c] + out[c] - carried_in[c] for c in range(6)]
    for key, row in (("carried_out", out), ("carried_in", carried_in), ("new", new)):
        t.applications[key] = [*row, sum(row)]
    rl = []
    for _g in range(3):
        parts = [n(9) for _ in range(4)]
        rl += [*parts, sum(parts)]
    t.review_litigation = rl
    for group in f.proactive:
        for label in group.rows:
            values = []
            for col in group.columns:
                if col.kind == "amount":
                    if col.unit == "万元":
                        v = Decimal(rng.randint(0, 10_000_000)) / Decimal(1000)
                        values.append(Amount(v, "万元"))
                    else:
                        values.append(Amount(Decimal(rng.randint(0, 9_000_000)), "元"))
                elif col.kind == "change":
                    values.append(rng.randint(-20, 20))
                else:
                    values.append(n(500))
            t.proactive[label] = values
    return t


# --- cells ---------------------------------------------------------------------------------


def _text(v, signed: bool = False, with_unit: bool = True) -> str:
    if v is None:
        return ""
    if isinstance(v, Amount):
        return _plain(v.value) + (v.unit or "" if with_unit else "")
    if signed and v > 0:
        return f"+{v}"
    return str(v)


def table_two_rows(t: ReportTables, f: ReportFormat, *, signed: bool = False) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    width = 1 + max(len(g.columns) for g in f.proactive)
    for group in f.proactive:
        rows.append([(group.label, 1, width)])
        head: list[Cell] = [("信息内容", 1, 1)] + [(c.label, 1, 1) for c in group.columns]
        head += [("", 1, 1)] * (width - len(head))
        rows.append(head)
        for label in group.rows:
            values = t.proactive.get(label) or [None] * len(group.columns)
            cells: list[Cell] = [(label, 1, 1)]
            for col, v in zip(group.columns, values, strict=False):
                cells.append(
                    (_text(v, signed and col.kind == "change", with_unit=col.unit is None), 1, 1)
                )
            cells += [("", 1, 1)] * (width - len(cells))
            rows.append(cells)
    return rows


def table_three_rows(t: ReportTables, f: ReportFormat) -> list[list[Cell]]:
    cols = f.application_columns
    rows: list[list[Cell]] = [
        [(f.application_note, 3, 3), (f.applicant_banner, 1, 7)],
        [(cols[0], 2, 1), (f.organisation_banner, 1, 5), (cols[6], 2, 1)],
        [(c, 1, 1) for c in cols[1:6]],
    ]
    result_rows = [r for r in f.application_rows if r.groups]
    first_result = True
    seen_groups: set[str] = set()
    for row in f.application_rows:
        values = [(_text(v), 1, 1) for v in (t.applications.get(row.key) or [None] * 7)]
        if not row.groups:
            rows.append([(row.label, 1, 3), *values])
            continue
        cells: list[Cell] = []
        if first_result:
            cells.append((row.groups[0], len(result_rows), 1))
            first_result = False
        if len(row.groups) > 1:
            g = row.groups[1]
            if g not in seen_groups:
                seen_groups.add(g)
                size = sum(1 for r in result_rows if len(r.groups) > 1 and r.groups[1] == g)
                cells.append((g, size, 1))
            cells.append((row.label, 1, 1))
        else:
            cells.append((row.label, 1, 2))
        rows.append([*cells, *values])
    return rows


def table_four_rows(t: ReportTables, f: ReportFormat) -> list[list[Cell]]:
    cols = f.review_groups[0].columns
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [
            *[(c, 2, 1) for c in cols],
            (f.review_groups[1].label, 1, 5),
            (f.review_groups[2].label, 1, 5),
        ],
        [(c, 1, 1) for c in cols * 2],
        [(_text(v), 1, 1) for v in t.review_litigation],
    ]


def _title(t: ReportTables) -> str:
    return f"{t.agency or ''}{t.year or ''}年政府信息公开工作年度报告"


def _narrative(t: ReportTables, f: ReportFormat, number: str) -> list[str]:
    s = f.section(number)
    out = [s.heading]
    if s.parts:
        for i, part in enumerate(s.parts, 1):
            out.append(f"（{'一二三四五'[i - 1]}）{part}")
            out.append(f"{t.year}年，本机关{part}工作有序开展。")
    elif number == "五":
        out.append("政务公开工作仍有不足，下一步将加以改进。")
    elif number == "六":
        out.append("无。")
    return out


# --- text ----------------------------------------------------------------------------------


def _grid(rows: list[list[Cell]]) -> list[list[str]]:
    """Rows of cells with row-span placeholders, as a page's text shows them."""
    from .sources import _grid_rows

    return _grid_rows(rows)


def render_text(t: ReportTables, style: str = "seed", *, signed: bool = False) -> str:
    """The report as plain text: ``seed`` (a cell per line), ``pipe``, ``tab``, ``spaces``
    or ``run`` (cells run together, as some web pages' text)."""
    f = t.fmt
    parts: list[str] = [_title(t), ""]
    parts += _narrative(t, f, "一")
    tables = {
        "二": table_two_rows(t, f, signed=signed),
        "三": table_three_rows(t, f),
        "四": table_four_rows(t, f),
    }
    for number in ("二", "三", "四"):
        parts.append(f.section(number).heading)
        rows = _grid(tables[number])
        if style == "seed":
            for row in rows:
                parts.extend("\t" + c for c in row)
                parts.append("")
        elif style == "pipe":
            parts.extend("| " + " | ".join(row) + " |" for row in rows)
        elif style == "tab":
            parts.extend("\t".join(c or "-" for c in row) for row in rows)
        elif style == "spaces":
            parts.extend("    ".join(c or "—" for c in row) for row in rows)
        elif style == "run":
            parts.append("".join("".join(row) for row in rows))
        else:
            raise ValueError(style)
    for number in ("五", "六"):
        parts += _narrative(t, f, number)
    return "\n".join(parts) + "\n"


# --- HTML / DOCX / PDF -----------------------------------------------------------------------


def _html_table(rows: list[list[Cell]]) -> str:
    out = ['<table border="1" cellspacing="0" style="border-collapse:collapse">']
    for row in rows:
        out.append("<tr>")
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            out.append(f"<td{attrs}><p>{_html.escape(text) or '&nbsp;'}</p></td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def render_html(t: ReportTables, *, page: bool = True) -> str:
    f = t.fmt
    body = [f"<h1>{_html.escape(_title(t))}</h1>"]
    body += [f"<p>{_html.escape(s)}</p>" for s in _narrative(t, f, "一")]
    body.append(f"<p>{f.section('二').heading}</p>" + _html_table(table_two_rows(t, f)))
    body.append(f"<p>{f.section('三').heading}</p>" + _html_table(table_three_rows(t, f)))
    body.append(f"<p>{f.section('四').heading}</p>" + _html_table(table_four_rows(t, f)))
    for number in ("五", "六"):
        body += [f"<p>{_html.escape(s)}</p>" for s in _narrative(t, f, number)]
    inner = "\n".join(body)
    if not page:
        return inner
    style = (
        "<style>body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-size:9pt}"
        "td{border:1px solid #000;padding:2px;font-size:7pt}table{border-collapse:collapse}</style>"
    )
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{style}</head><body>{inner}</body></html>'


def render_docx(t: ReportTables) -> bytes:
    import docx

    f = t.fmt
    d = docx.Document()
    d.add_heading(_title(t), 1)
    for s in _narrative(t, f, "一"):
        d.add_paragraph(s)
    for number, rows in (
        ("二", table_two_rows(t, f)),
        ("三", table_three_rows(t, f)),
        ("四", table_four_rows(t, f)),
    ):
        d.add_paragraph(f.section(number).heading)
        _docx_table(d, rows)
    for number in ("五", "六"):
        for s in _narrative(t, f, number):
            d.add_paragraph(s)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _docx_table(d, rows: list[list[Cell]]) -> None:
    """A table with merged cells written as WordprocessingML (gridSpan, vMerge)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # place cells on a grid
    origin: dict[tuple[int, int], Cell] = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            _t, rs, cs = cell
            origin[(r, c)] = cell
            for dr in range(rs):
                for dc in range(cs):
                    covered[(r + dr, c + dc)] = (r, c)
            c += cs
            width = max(width, c)
    table = d.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    tbl = table._tbl
    for r in range(len(rows)):
        tr = OxmlElement("w:tr")
        c = 0
        while c < width:
            tc = OxmlElement("w:tc")
            pr = OxmlElement("w:tcPr")
            tc.append(pr)
            src = covered.get((r, c))
            text = ""
            span = 1
            if src is None:
                pass
            else:
                text, rs, cs = origin[src]
                span = cs
                if rs > 1:
                    vm = OxmlElement("w:vMerge")
                    if src[0] == r:
                        vm.set(qn("w:val"), "restart")
                    else:
                        text = ""
                    pr.append(vm)
            if span > 1:
                gs = OxmlElement("w:gridSpan")
                gs.set(qn("w:val"), str(span))
                pr.insert(0, gs)
            p = OxmlElement("w:p")
            if text:
                run = OxmlElement("w:r")
                t = OxmlElement("w:t")
                t.text = text
                run.append(t)
                p.append(run)
            tc.append(p)
            tr.append(tc)
            c += span
        tbl.append(tr)


def render_pdf(t: ReportTables) -> bytes:
    from gongkai import pdf

    return pdf.render(render_html(t))


# --- text as a PDF viewer or a flip-book gives it ------------------------------------------


def _vertical(labels: list[str]) -> list[str]:
    """Labels printed as vertical text in narrow columns, as a PDF's text comes out: one
    line per character position, the characters of all columns side by side."""
    depth = max(len(x) for x in labels)
    return [" ".join(x[i] for x in labels if i < len(x)) for i in range(depth)]


def _two_lines(labels: list[str]) -> list[str]:
    """Labels wrapped onto two lines in narrow cells (商业 / 企业, 总 / 计)."""
    top = " ".join(x[: (len(x) + 1) // 2] for x in labels)
    bottom = " ".join(x[(len(x) + 1) // 2 :] for x in labels)
    return [top, " ".join(bottom.split())]


def pdf_text_lines(
    t: ReportTables,
    *,
    header: str = "vertical",
    blanks: bool = False,
) -> list[str]:
    """The report as the text layer of a PDF page shows it: one line per table row, the
    row's cells as numbers separated by single spaces (blank cells leave nothing), merged
    labels printed once, table 四's column labels as vertical text cut into fragments
    (``header="vertical"``), on two lines (``"two-line"``) or whole (``"joined"``).
    With ``blanks``, zeros of the applicant columns are left blank (the cell is empty)."""
    f = t.fmt
    out: list[str] = [_title(t), ""]
    out += _narrative(t, f, "一")
    out.append(f.section("二").heading)
    for group in f.proactive:
        out.append(group.label)
        out.append("信息内容 " + " ".join(c.label for c in group.columns))
        for label in group.rows:
            values = t.proactive.get(label) or [None] * len(group.columns)
            cells = [
                _text(v, col.kind == "change", with_unit=col.unit is None)
                for col, v in zip(group.columns, values, strict=False)
            ]
            out.append(" ".join([label, *[c for c in cells if c]]))
    out.append(f.section("三").heading)
    cols = f.application_columns
    out.append(f"{f.application_note} {f.applicant_banner}")
    out.append(f"{cols[0]} {f.organisation_banner} {cols[6]}")
    if header == "joined":
        out.append(" ".join(cols[1:6]))
    else:
        out += _two_lines(list(cols[1:6]))
    seen: set[str] = set()
    for row in f.application_rows:
        values = t.applications.get(row.key) or [None] * 7
        cells = [
            "" if v is None or (blanks and v == 0 and i < 6) else _text(v)
            for i, v in enumerate(values)
        ]
        labels = [g for g in row.groups if g not in seen]
        seen.update(row.groups)
        out.append(" ".join([*labels, row.label, *[c for c in cells if c]]))
    out.append(f.section("四").heading)
    review_cols = list(f.review_groups[0].columns)
    out.append("行政复议 行政诉讼")
    out.append(f"{f.review_groups[1].label} {f.review_groups[2].label}")
    if header == "vertical":
        parts = review_cols[:4]
        head = _vertical(parts)
        both = _vertical(parts + ["总计"] + parts + ["总计"])
        for a, b in zip(head, both, strict=False):
            out.append(a)
            out.append(("总计 " if a == head[1] else "") + b)
    elif header == "two-line":
        out += _two_lines(review_cols * 3)
    else:
        out.append(" ".join(review_cols * 3))
    out.append(" ".join(_text(v) for v in t.review_litigation if v is not None))
    for number in ("五", "六"):
        out += _narrative(t, f, number)
    return out


def paginate(
    lines: list[str],
    *,
    per_page: int = 30,
    furniture: str = "dash",
    name: str = "年报",
    running: str | None = None,
) -> list[str]:
    """Lines cut into pages with the furniture viewers print: ``flipbook`` (``Page 9 -
    name`` and ``P. 9`` on top), ``dash`` (``— 9 —`` at the foot), ``page-of`` (``第9页
    共12页`` at the foot); ``running`` repeats a header line on every page after the first."""
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    out: list[str] = []
    for k, page in enumerate(pages, 1):
        if furniture == "flipbook":
            out += [f"Page {k} - {name}", f"P. {k}"]
        if running and k > 1:
            out.append(running)
        out += page
        if furniture == "dash":
            out.append(f"— {k} —")
        elif furniture == "page-of":
            out.append(f"第{k}页 共{len(pages)}页")
    return out


def render_pdf_text(
    t: ReportTables,
    *,
    header: str = "vertical",
    furniture: str = "dash",
    blanks: bool = False,
    per_page: int = 30,
    running: bool = True,
) -> str:
    """The whole report as text copied out of a PDF viewer (see :func:`pdf_text_lines`,
    :func:`paginate`)."""
    lines = pdf_text_lines(t, header=header, blanks=blanks)
    name = f"{t.year}年报_{t.agency}"
    return (
        "\n".join(
            paginate(
                lines,
                per_page=per_page,
                furniture=furniture,
                name=name,
                running=_title(t) if running else None,
            )
        )
        + "\n"
    )


def render_flipbook_html(t: ReportTables, **kwargs) -> str:
    """The report as a page saved from a flip-book viewer's text version: every page's text
    lines as ``div`` elements, ``Page k - name`` as the page titles."""
    text = render_pdf_text(t, furniture="flipbook", **kwargs)
    body = "".join(
        f"<div>{_html.escape(line)}</div>" if line else "<div>&nbsp;</div>"
        for line in text.splitlines()
    )
    title = f"Page 1 - {t.year}年报_{t.agency}"
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_html.escape(title)}</title>'
        f'</head><body><div class="flip-text">{body}</div></body></html>'
    )


# --- a PDF laid out by position, without ruling lines --------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def positioned_pages(
    t: ReportTables, *, blanks: bool = False, header: str = "vertical"
) -> list[list[tuple[float, float, str, float]]]:
    """The report as text placed on A4 pages: (x mm, y mm, text, font pt) per piece; tables
    without ruling lines, labels wrapped in their column, numbers centred under their column
    heads, blank cells left empty (``blanks``: zeros of the applicant columns), table 四's
    heads as vertical text (``header="vertical"``) or on two lines."""
    f = t.fmt
    pages: list[list[tuple[float, float, str, float]]] = [[]]
    y = 20.0
    step = 5.0

    def need(h: float) -> None:
        nonlocal y
        if y + h > 272:
            pages.append([])
            y = 20.0

    def put(x: float, yy: float, text: str, pt: float = 8.0) -> None:
        if text:
            pages[-1].append((x, yy, text, pt))

    def para(text: str) -> None:
        nonlocal y
        for line in _wrap(text, 40):
            need(step)
            put(15, y, line, 9)
            y += step + 1

    def row(labels: list[tuple[float, int, str]], cells: list[tuple[float, str]]) -> None:
        """A table row: labels (x, wrap width, text), cells (centre x, text)."""
        nonlocal y
        wrapped = [(x, _wrap(s, w)) for x, w, s in labels]
        h = max((len(ls) for _x, ls in wrapped), default=1) * 4.0 + 1.5
        need(h)
        for x, ls in wrapped:
            for k, line in enumerate(ls):
                put(x, y + 4.0 * k, line, 7.5)
        for x, s in cells:
            put(x - 4, y, s, 7.5)
        y += h

    para(_title(t))
    for s in _narrative(t, f, "一"):
        para(s)
    para(f.section("二").heading)
    two = (112.0, 142.0, 172.0)
    for group in f.proactive:
        row([(15, 30, group.label)], [])
        row(
            [
                (15, 30, "信息内容"),
                *[(x - 12, 7, c.label) for x, c in zip(two, group.columns, strict=False)],
            ],
            [],
        )
        for label in group.rows:
            values = t.proactive.get(label) or [None] * len(group.columns)
            cells = [
                (x, _text(v, col.kind == "change", with_unit=col.unit is None))
                for x, col, v in zip(two, group.columns, values, strict=False)
            ]
            row([(15, 30, label)], cells)
    para(f.section("三").heading)
    three = [112.0 + 14 * i for i in range(7)]
    cols = f.application_columns
    row([(15, 30, f.application_note), (140, 10, f.applicant_banner)], [])
    row(
        [(three[0] - 4, 3, cols[0]), (150, 8, f.organisation_banner), (three[6] - 3, 2, cols[6])],
        [],
    )
    row([(x - 4, 2, c) for x, c in zip(three[1:6], cols[1:6], strict=True)], [])
    seen: set[str] = set()
    for r in f.application_rows:
        values = t.applications.get(r.key) or [None] * 7
        cells = [
            (x, "" if v is None or (blanks and v == 0 and i < 6) else _text(v))
            for i, (x, v) in enumerate(zip(three, values, strict=True))
        ]
        labels: list[tuple[float, int, str]] = []
        if r.groups:
            new = [g for g in r.groups if g not in seen]
            seen.update(r.groups)
            if new and len(r.groups) > 1 and new[-1] == r.groups[-1]:
                labels.append((15, 9, "".join(new)))
            elif new:
                labels.append((15, 9, new[0]))
            labels.append((45, 20, r.label))
        else:
            labels.append((15, 30, r.label))
        row(labels, cells)
    para(f.section("四").heading)
    four = [19.0 + 12.6 * i for i in range(15)]
    row([(40, 10, "行政复议"), (130, 10, "行政诉讼")], [])
    row([(four[5], 10, f.review_groups[1].label), (four[10], 10, f.review_groups[2].label)], [])
    review_cols = list(f.review_groups[0].columns) * 3
    if header == "vertical":
        depth = max(len(c) for c in review_cols)
        need(depth * 3.6 + 2)
        for x, c in zip(four, review_cols, strict=True):
            for k, ch in enumerate(c):
                put(x - 1.5, y + 3.6 * k, ch, 7.5)
        y += depth * 3.6 + 2
    else:
        row([(x - 4, 2, c) for x, c in zip(four, review_cols, strict=True)], [])
    row([], [(x, _text(v)) for x, v in zip(four, t.review_litigation, strict=True)])
    for number in ("五", "六"):
        for s in _narrative(t, f, number):
            para(s)
    return pages


def render_pdf_positioned(
    t: ReportTables,
    *,
    blanks: bool = False,
    header: str = "vertical",
    scrambled: bool = True,
    furniture: bool = True,
    seed: int = 0,
) -> bytes:
    """A PDF of :func:`positioned_pages` (weasyprint, absolutely placed text): no ruling
    lines, page numbers (``— k —``) at the foot and the title as running header from page 2
    (``furniture``), and the text drawn in a shuffled order (``scrambled``), so that only the
    positions tell the reading order."""
    from gongkai import pdf

    rng = random.Random(seed)
    pages = positioned_pages(t, blanks=blanks, header=header)
    out = []
    for k, items in enumerate(pages, 1):
        items = list(items)
        if furniture:
            items.append((100, 286, f"— {k} —", 9))
            if k > 1:
                items.append((55, 9, _title(t), 9))
        if scrambled:
            rng.shuffle(items)
        spans = "".join(
            f'<span style="position:absolute;left:{x:.1f}mm;top:{y:.1f}mm;font-size:{pt}pt;'
            f'white-space:nowrap">{_html.escape(s)}</span>'
            for x, y, s, pt in items
        )
        out.append(f'<div class="pg">{spans}</div>')
    style = (
        "<style>@page{size:A4;margin:0}body{margin:0;font-family:'Noto Sans CJK SC',sans-serif}"
        ".pg{position:relative;width:210mm;height:297mm;page-break-after:always;overflow:hidden}</style>"
    )
    html = f'<!DOCTYPE html><html><head><meta charset="utf-8">{style}</head><body>{"".join(out)}</body></html>'
    return pdf.render(html)
