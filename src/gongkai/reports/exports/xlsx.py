"""XLSX with openpyxl: one sheet per table, totals as formulas; and reading such a file back."""

import io
import re
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.ops.spreadsheets import formula, set_cell, xlsx_row
from gongkai.reports.exports.layout import (
    Document,
    applications_grid,
    placed,
    proactive_grid,
    review_grid,
)
from gongkai.rules.formats import get_format
from gongkai.rules.tables import Amount, ReportTables

SHEETS = (
    ("表二 主动公开", proactive_grid),
    ("表三 依申请公开", applications_grid),
    ("表四 复议诉讼", review_grid),
)
_thin = Side(style="thin")
_border = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _ref(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


def _number(tables: ReportTables, ref):
    if ref[0] == "app":
        return tables.applications.get(ref[1], [None] * 7)[ref[2]]
    if ref[0] == "rl":
        return tables.review_litigation[ref[1]]
    values = tables.proactive.get(ref[1]) or []
    value = values[ref[2]] if ref[2] < len(values) else None
    if isinstance(value, Amount):
        value = value.value
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    return value


def render(doc: Document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    tables = doc.tables
    fmt = doc.format
    for title, builder in SHEETS:
        grid = builder(tables, fmt)
        ws = wb.create_sheet(title)
        ws.append(xlsx_row(ws, [doc.title]))
        offset = 2  # the title row and a blank row
        positions: dict[tuple, tuple[int, int]] = {}
        for r, c, cell in placed(grid):
            row, col = r + offset, c
            target = ws.cell(row=row + 1, column=col + 1)
            if cell.ref is None:
                set_cell(target, cell.text)
                target.font = Font(bold=False)
            else:
                target.value = _number(tables, cell.ref)
                positions[cell.ref] = (row, col)
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            target.border = _border
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=row + 1,
                    start_column=col + 1,
                    end_row=row + cell.rowspan,
                    end_column=col + cell.colspan,
                )
        _formulas(ws, positions, fmt)
        ws.column_dimensions["A"].width = 24
        for i in range(2, grid.columns + 1):
            ws.column_dimensions[get_column_letter(i)].width = 12
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _formulas(ws, positions, fmt) -> None:
    """总计 column and （七）总计 row of 三, and each group's 总计 of 四, as SUM formulas."""
    keys = fmt.application_keys
    if any(p[0] == "app" for p in positions):
        for key in keys:
            if key == "result.total":
                continue
            r, c6 = positions[("app", key, 6)]
            _r, c0 = positions[("app", key, 0)]
            ws.cell(row=r + 1, column=c6 + 1).value = formula(
                f"=SUM({_ref(r, c0)}:{_ref(r, c6 - 1)})"
            )
        results = fmt.result_keys
        for col in range(7):
            tr, tc = positions[("app", "result.total", col)]
            first = positions[("app", results[0], col)][0]
            last = positions[("app", results[-1], col)][0]
            ws.cell(row=tr + 1, column=tc + 1).value = formula(
                f"=SUM({_ref(first, tc)}:{_ref(last, tc)})"
            )
    if any(p[0] == "rl" for p in positions):
        for g in range(3):
            r, c = positions[("rl", g * 5 + 4)]
            _r, c0 = positions[("rl", g * 5)]
            ws.cell(row=r + 1, column=c + 1).value = formula(
                f"=SUM({_ref(r, c0)}:{_ref(r, c - 1)})"
            )


# --- reading back ---------------------------------------------------------------------------

_SUM = re.compile(r"^=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")


def _evaluate(ws, value, depth=0):
    """The value of a cell: numbers as is, ``=SUM(A1:B2)`` evaluated (recursively)."""
    if isinstance(value, str) and value.startswith("="):
        m = _SUM.match(value.replace(" ", ""))
        if not m or depth > 5:
            raise ValueError(f"unsupported formula {value}")
        cells = ws[f"{m.group(1)}{m.group(2)}:{m.group(3)}{m.group(4)}"]
        total = 0
        for row in cells:
            for cell in row:
                v = _evaluate(ws, cell.value, depth + 1)
                total += v or 0
        return total
    return value


def read(
    content: bytes, report_format: str, agency: str | None = None, year: int | None = None
) -> ReportTables:
    """Read an XLSX written by :func:`render` back into tables (formulas evaluated)."""
    fmt = get_format(report_format)
    wb = load_workbook(io.BytesIO(content))
    tables = ReportTables.blank(fmt, agency=agency, year=year)
    layout = ReportTables.zeros(fmt)
    for (_title, builder), ws in zip(SHEETS, wb.worksheets, strict=True):
        grid = builder(layout, fmt)
        for r, c, cell in placed(grid):
            if cell.ref is None:
                continue
            value = _evaluate(ws, ws.cell(row=r + 3, column=c + 1).value)
            kind, *rest = cell.ref
            if kind == "app":
                tables.applications[rest[0]][rest[1]] = None if value is None else int(value)
            elif kind == "rl":
                tables.review_litigation[rest[0]] = None if value is None else int(value)
            else:
                label, i = rest
                group = fmt.proactive_group(label)
                col = group.columns[i]
                row = tables.proactive.setdefault(label, [None] * len(group.columns))
                if value is None:
                    row[i] = None
                elif col.kind == "amount":
                    d = Decimal(str(value))
                    row[i] = Amount(d, col.unit or ("万元" if d else None))
                else:
                    row[i] = int(value)
    return tables
