"""The printed layout of the report, shared by every export.

``document(report)`` gives the title, the six sections (with the five parts of 一)
and the three tables as grids of cells with row and column spans, in the labels
of the report's format (``rules.formats``). HTML, DOCX, PDF, XLSX and plain text
render these grids, so all exports show the same structure as the seed report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.rules.formats import WORDING_OFFICIAL, ReportFormat, get_format
from gongkai.rules.tables import Amount, ReportTables

CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    #: where the number comes from: ("app", row_key, col) / ("rl", i) / ("pro", label, i)
    ref: tuple | None = None


@dataclass
class Grid:
    """A table as rows of cells; a cell covered by a span above is simply absent."""

    caption: str
    columns: int
    rows: list[list[Cell]] = field(default_factory=list)

    def positioned(self) -> list[list[tuple[int, Cell | None]]]:
        """Each row as (column index, cell), with ``None`` where a cell from above covers it.

        One ``None`` per covering cell (at its first column): the plain-text layout
        prints it as one empty cell, as the seed does.
        """
        occupied: dict[tuple[int, int], int] = {}  # (row, col) -> first column of the cover
        out = []
        for r, row in enumerate(self.rows):
            c = 0
            line: list[tuple[int, Cell | None]] = []
            for cell in [*row, None]:
                while (r, c) in occupied:
                    if occupied[(r, c)] == c:
                        line.append((c, None))
                    c += 1
                if cell is None:
                    break
                line.append((c, cell))
                for dr in range(1, cell.rowspan):
                    for dc in range(cell.colspan):
                        occupied[(r + dr, c + dc)] = c
                c += cell.colspan
            out.append(line)
        return out


def format_value(value, column_unit: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, Amount):
        text = _plain(value.value)
        if value.unit and value.unit != column_unit and value.value != 0:
            text += value.unit
        return text
    if isinstance(value, Decimal):
        return _plain(value)
    return str(value)


def _plain(d: Decimal) -> str:
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def proactive_grid(tables: ReportTables, fmt: ReportFormat) -> Grid:
    width = 1 + max(len(g.columns) for g in fmt.proactive)
    grid = Grid("二、主动公开政府信息情况", width)
    for group in fmt.proactive:
        grid.rows.append([Cell(group.label, colspan=width, header=True)])
        grid.rows.append([Cell(label, header=True) for label in group.header])
        for label in group.rows:
            values = tables.proactive.get(label) or [None] * len(group.columns)
            row = [Cell(label, header=True)]
            for i, col in enumerate(group.columns):
                value = values[i] if i < len(values) else None
                row.append(Cell(format_value(value, col.unit), ref=("pro", label, i)))
            grid.rows.append(row)
    return grid


def applications_grid(tables: ReportTables, fmt: ReportFormat) -> Grid:
    grid = Grid("三、收到和处理政府信息公开申请情况", 10)
    cols = fmt.application_columns
    grid.rows.append(
        [
            Cell(fmt.application_note, rowspan=3, colspan=3, header=True),
            Cell(fmt.applicant_banner, colspan=7, header=True),
        ]
    )
    grid.rows.append(
        [
            Cell(cols[0], rowspan=2, header=True),
            Cell(fmt.organisation_banner, colspan=5, header=True),
            Cell(cols[6], rowspan=2, header=True),
        ]
    )
    grid.rows.append([Cell(c, header=True) for c in cols[1:6]])

    def values(key):
        row = tables.applications.get(key) or [None] * 7
        return [Cell(format_value(v), ref=("app", key, i)) for i, v in enumerate(row)]

    rows = fmt.application_rows
    result_rows = [r for r in rows if r.groups]
    spans: dict[str, int] = {}
    for r in result_rows:
        for g in r.groups:
            spans[g] = spans.get(g, 0) + 1
    seen: set[str] = set()
    for r in rows:
        if not r.groups:
            grid.rows.append([Cell(r.label, colspan=3, header=True), *values(r.key)])
            continue
        line: list[Cell] = []
        for g in r.groups:
            if g not in seen:
                seen.add(g)
                line.append(Cell(g, rowspan=spans[g], header=True))
        depth = len(r.groups)
        line.append(Cell(r.label, colspan=3 - depth, header=True))
        grid.rows.append([*line, *values(r.key)])
    return grid


def review_grid(tables: ReportTables, fmt: ReportFormat) -> Grid:
    grid = Grid("四、政府信息公开行政复议、行政诉讼情况", 15)
    banners: list[tuple[str, int]] = []
    for g in fmt.review_groups:
        if banners and banners[-1][0] == g.banner:
            banners[-1] = (g.banner, banners[-1][1] + len(g.columns))
        else:
            banners.append((g.banner, len(g.columns)))
    grid.rows.append([Cell(b, colspan=n, header=True) for b, n in banners])
    second: list[Cell] = []
    third: list[Cell] = []
    for g in fmt.review_groups:
        if g.label == g.banner:
            second.extend(Cell(c, rowspan=2, header=True) for c in g.columns)
        else:
            second.append(Cell(g.label, colspan=len(g.columns), header=True))
            third.extend(Cell(c, header=True) for c in g.columns)
    grid.rows.append(second)
    grid.rows.append(third)
    rl = tables.review_litigation
    grid.rows.append(
        [Cell(format_value(rl[i] if i < len(rl) else None), ref=("rl", i)) for i in range(15)]
    )
    return grid


@dataclass
class Part:
    heading: str
    text: str


@dataclass
class SectionDoc:
    number: str
    heading: str
    paragraphs: str = ""
    parts: list[Part] = field(default_factory=list)
    grid: Grid | None = None


@dataclass
class Document:
    title: str
    agency: str
    year: int
    format: ReportFormat
    tables: ReportTables
    sections: list[SectionDoc]
    flags: list[str] = field(default_factory=list)


def document(report) -> Document:
    """The printable document of an ``AnnualReport``."""
    fmt = get_format(report.report_format)
    tables = ReportTables.from_contract_json(report.tables) if report.tables else None
    if tables is None:
        tables = ReportTables.blank(fmt, agency=report.agency.name, year=report.year)
    part_fields = (
        "overview_publication",
        "overview_application",
        "overview_management",
        "overview_platform",
        "overview_supervision",
    )
    wording = getattr(report, "heading_wording", "") or WORDING_OFFICIAL
    sections = []
    for section in fmt.sections:
        doc = SectionDoc(section.number, section.heading_for(wording))
        if section.number == "一":
            doc.paragraphs = report.overview_intro
            doc.parts = [
                Part(f"（{CHINESE_NUMBERS[i]}）{name}", getattr(report, part_fields[i], ""))
                for i, name in enumerate(section.parts)
            ]
        elif section.number == "二":
            doc.grid = proactive_grid(tables, fmt)
        elif section.number == "三":
            doc.grid = applications_grid(tables, fmt)
        elif section.number == "四":
            doc.grid = review_grid(tables, fmt)
        elif section.number == "五":
            doc.paragraphs = report.problems
        elif section.number == "六":
            doc.paragraphs = report.other_matters
        sections.append(doc)
    flags = []
    if getattr(report, "changed_after_lock", False):
        flags.append("数据已在锁定后变更")
    return Document(
        title=str(report),
        agency=report.agency.name,
        year=report.year,
        format=fmt,
        tables=tables,
        sections=sections,
        flags=flags,
    )


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


def placed(grid: Grid) -> list[tuple[int, int, Cell]]:
    """Every cell with its (row, column) in the grid."""
    out = []
    for r, row in enumerate(grid.positioned()):
        for c, cell in row:
            if cell is not None:
                out.append((r, c, cell))
    return out
