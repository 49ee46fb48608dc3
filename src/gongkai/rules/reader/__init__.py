"""Read a published 政府信息公开工作年度报告 into :class:`~gongkai.rules.tables.ReportTables`.

``read_report(path_or_bytes, filename=None)`` accepts plain text (one cell per line as
the seed, or cells separated by ``|``, tabs or runs of spaces, or cells run together),
HTML, DOCX and PDF, finds the agency, year and format from the title and the labels, reads
tables 二, 三 and 四 by their labels and runs every check of :mod:`gongkai.rules.tables`
plus plausibility notes. Tables that are not in the file (images, truncated pages) are
reported as missing, never as zeros. No Django import.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gongkai.rules.formats import FORMATS, format_for_year
from gongkai.rules.tables import NOTE, WARNING, Problem, ReportTables, row_label, run_checks

from . import notes
from .meta import (
    find_body_agency,
    find_meta_agency,
    find_sections,
    find_title,
    find_year,
    section_wordings,
)
from .normalize import MatchIndex
from .parse import _SECTION_FIVE, Parsed, TableParser, _headings, detect_format
from .sources import Source, decode_text, docx_to_doc, html_to_doc, pdf_to_doc, text_to_doc

__all__ = ["ReadResult", "ReaderError", "read_report", "read_source", "read_text"]

KINDS = ("text", "html", "docx", "pdf")
_TABLE_NAMES = {
    "proactive": "表二（主动公开政府信息情况）",
    "applications": "表三（收到和处理政府信息公开申请情况）",
    "review": "表四（政府信息公开行政复议、行政诉讼情况）",
}


#: Headings after the tables (sections 四 to 六, every wording): text after them means
#: the tables before them ended.
_LATER_HEADINGS = tuple(dict.fromkeys((*_headings("四"), *_SECTION_FIVE)))
_YEAR_IN_NAME = re.compile(r"(20\d\d)年")


class ReaderError(Exception):
    """The file could not be read at all (not a report, unreadable bytes, broken DOCX/PDF)."""


@dataclass
class ReadResult:
    """What was read from one file."""

    file: str | None
    agency: str | None
    year: int | None
    format: str
    tables: ReportTables
    problems: list[Problem] = field(default_factory=list)
    kind: str = "text"
    found_tables: tuple[str, ...] = ()
    #: cells that are not a plainly printed number: blank, dash (read as 0 or as not
    #: applicable), ambiguous, unplaced, unreadable; each with its line (or PDF page)
    cells: list[dict[str, Any]] = field(default_factory=list)
    #: per section (一 … 六) the title wording printed (the format's or one in common use)
    sections: dict[str, str | None] = field(default_factory=dict)
    #: the file holds part of the report only (a page, an excerpt cut off)
    partial: bool = False
    #: rows not in the file because it is partial, per table (never read as zeros)
    missing_rows: dict[str, list[str]] = field(default_factory=dict)

    @property
    def failed(self) -> list[Problem]:
        """Problems that are failed cross-checks (not warnings or notes)."""
        return [p for p in self.problems if p.severity == "error"]

    def to_contract_json(self) -> dict[str, Any]:
        data = self.tables.to_contract_json(self.problems, file=self.file)
        data["partial"] = self.partial
        data["missing_rows"] = self.missing_rows
        data["cells"] = self.cells
        data["sections"] = self.sections
        return data


def _kind_of(data: bytes, filename: str | None) -> str:
    ext = os.path.splitext(filename or "")[1].lower()
    if data[:5] == b"%PDF-" or ext == ".pdf":
        return "pdf"
    if data[:4] == b"PK\x03\x04" or ext == ".docx":
        return "docx"
    if ext in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    head = data[:4096].lower()
    if ext not in (".txt", ".text", ".md") and (
        b"<table" in head or b"<html" in head or b"<p" in head or b"<div" in head
    ):
        return "html"
    if ext in (".txt", ".text", ".md", ""):
        return "text" if b"<table" not in data.lower() else "html"
    return "text"


def read_report(
    path_or_bytes: str | os.PathLike | bytes, filename: str | None = None
) -> ReadResult:
    """Read one published report from a path or from its bytes (``filename`` gives the kind)."""
    if isinstance(filename, bytes | bytearray):  # read_report(name, content)
        path_or_bytes, filename = bytes(filename), str(path_or_bytes)
    if isinstance(path_or_bytes, bytes | bytearray):
        data = bytes(path_or_bytes)
        name = filename
    else:
        path = Path(path_or_bytes)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReaderError(f"无法打开文件：{exc.strerror or exc}") from exc
        name = filename or str(path)
    ext = os.path.splitext(name or "")[1].lower()
    if ext in (".doc", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".zip", ".rar"):
        raise ReaderError(f"不支持的文件类型 {ext}：请提供 .txt .html .docx 或 .pdf")
    kind = _kind_of(data, name)
    try:
        if kind == "pdf":
            source = pdf_to_doc(data)
        elif kind == "docx":
            source = docx_to_doc(data)
        elif kind == "html":
            source = html_to_doc(decode_text(data))
        else:
            source = text_to_doc(decode_text(data))
    except ReaderError:
        raise
    except Exception as exc:  # a broken DOCX / PDF: the file cannot be read
        raise ReaderError(f"无法读取{kind.upper()}文件：{type(exc).__name__}: {exc}") from exc
    return read_source(source, file=name)


def read_text(text: str, file: str | None = None, kind: str = "text") -> ReadResult:
    """Read a report from a string (plain text or HTML)."""
    source = html_to_doc(text) if kind == "html" else text_to_doc(text)
    return read_source(source, file=file)


def read_source(source: Source, file: str | None = None) -> ReadResult:
    doc = source.doc
    index = MatchIndex(doc)
    if not index.m and source.kind == "pdf":
        raise ReaderError("PDF没有文字层（可能是扫描件），无法读取表格")
    if "政府信息公开" not in index.m and "信息公开" not in index.m:
        raise ReaderError("不是政府信息公开工作年度报告（未找到“政府信息公开”字样）")
    problems: list[Problem] = []

    agency, year = find_title(index)
    if year is None:
        year = find_year(index)
    if year is None:  # a flip-book page: the document's name is in the page furniture
        for line in source.furniture:
            if y := _YEAR_IN_NAME.search(line):
                year = int(y.group(1))
                break
    if agency is None:
        agency = find_body_agency(doc) or find_meta_agency(doc)
    parser = TableParser(doc, FORMATS["2021"], index)
    zones = parser.find_zones()
    detected = detect_format(index, zones)
    by_year = format_for_year(year) if year else None
    code = detected or by_year or "2021"
    if detected and by_year and detected != by_year:
        problems.append(
            Problem(
                "report.format",
                None,
                None,
                f"{year}年度报告应使用{FORMATS[by_year].document}格式，但表格标签属于{FORMATS[detected].document}格式；按表格标签读取",
                severity=NOTE,
            )
        )
    if year is None:
        problems.append(
            Problem("report.year", None, None, "未能从标题或正文确定报告年度", severity=WARNING)
        )
    if agency is None:
        problems.append(
            Problem("report.agency", None, None, "未能从标题或正文确定报告机关", severity=NOTE)
        )

    parser.fmt = FORMATS[code]
    parsed: Parsed = parser.parse()
    tables = parsed.tables
    tables.agency, tables.year = agency, year
    problems.extend(parsed.problems)
    fmt = FORMATS[code]
    zones = parsed.zones
    found = parsed.found_rows
    app_keys = list(fmt.application_keys)
    pro_rows = [r for _g, r in fmt.proactive_rows]

    def cut_after(m_pos: int) -> bool:
        """The text ends inside the tables: nothing after ``m_pos`` but more table text
        (no heading of sections 四 to 六, no table 四)."""
        if source.truncated:
            return True
        return not any(index.find(h, m_pos) >= 0 for h in _LATER_HEADINGS)

    def last_pos(rows) -> int:
        """Just after the label of the last of ``rows`` read (match-string position)."""
        ps = [parsed.row_pos[r] for r in rows if r in parsed.row_pos]
        return index.m_pos(max(ps)) + 1 if ps else 0

    starts_inside = zones.applications_cut
    missing_rows: dict[str, list[str]] = {}
    cut_rows: dict[str, list[str]] = {}
    present = {
        "proactive": zones.proactive is not None and bool(tables.proactive),
        "applications": zones.applications is not None,
        "review": zones.review is not None and "review_litigation" in found,
    }
    # rows of a table the text holds only part of: before the first row read when the text
    # starts inside the table, after the last one when it ends inside
    if present["applications"]:
        got = [i for i, k in enumerate(app_keys) if k in found]
        first, last = (got[0], got[-1]) if got else (len(app_keys), -1)
        head = app_keys[:first] if starts_inside else []
        tail = app_keys[last + 1 :] if got and cut_after(last_pos(app_keys)) else []
        if head or tail:
            cut_rows["applications"] = head + tail
    if present["proactive"]:
        got = [i for i, r in enumerate(pro_rows) if r in tables.proactive]
        if got and cut_after(last_pos(pro_rows)) and not present["applications"]:
            tail = pro_rows[got[-1] + 1 :]
            if tail:
                cut_rows["proactive"] = tail
    tables_end = last_pos(parsed.row_pos)
    order = list(present)
    first_present = next((i for i, n in enumerate(order) if present[n]), len(order))
    rows_of = {"applications": app_keys, "proactive": pro_rows, "review": ["review_litigation"]}
    for name, ok in present.items():
        if ok:
            continue
        cut = True
        if name == "proactive" and starts_inside:
            why = "文件从表三中间开始（只含报告的部分页面），该表不在文件中，未按0处理"
        elif (source.first_page or 1) > 1 and order.index(name) < first_present:
            why = (
                f"文件从报告第{source.first_page}页开始（只含部分页面），该表不在文件中，未按0处理"
            )
        elif source.truncated or (
            name != "proactive"
            and (present["applications"] or present["proactive"])
            and cut_after(tables_end)
        ):
            why = "文件内容不完整（页面被截断），该表缺失，未按0处理"
        elif source.images:
            cut = False
            why = f"文件中未找到该表的文字（含{source.images}张图片，表格可能为图片），未按0处理"
        else:
            cut = False
            why = "文件中未找到该表，未按0处理"
        if cut:
            missing_rows[name] = rows_of[name]
        problems.append(
            Problem("tables.missing", name, None, f"{_TABLE_NAMES[name]}：{why}", severity=WARNING)
        )
    for name, rows in cut_rows.items():
        missing_rows[name] = rows
        shown = "、".join(
            fmt.application_row(k).full_label if name == "applications" else k for k in rows
        )
        problems.append(
            Problem(
                "tables.truncated",
                name,
                None,
                f"{_TABLE_NAMES[name]}不完整（文件只含报告的一部分），缺少{len(rows)}行：{shown}；"
                "未按0处理",
                severity=WARNING,
            )
        )

    checks = run_checks(tables, fmt)
    # rows of a table that is not there are named once by tables.missing, not row by row
    skip_rows: set[str] = set(cut_rows.get("applications", ()))
    if not present["applications"]:
        skip_rows.update(fmt.application_keys)
    if not present["review"]:
        skip_rows.add("review_litigation")
    ambiguous_rows = {
        p.row for p in problems if p.check in ("values.ambiguous", "values.unreadable")
    }
    by_row: dict[str, list] = {}
    for c in parsed.cells:
        by_row.setdefault(c.row, []).append(c)
    for p in checks:
        if p.check == "values.missing" and (p.row in skip_rows or p.row in ambiguous_rows):
            continue
        if p.check == "values.missing" and p.row in tables.proactive:
            blanks = [c for c in by_row.get(p.row, ()) if c.state in ("blank", "unreadable")]
            if not blanks:  # every null cell of the row was printed as a dash
                continue
        problems.append(p)
    # rows of a table the file has that were not found (and not cut off): blank, said so
    not_found = []
    if present["applications"]:
        not_found += [
            (k, f"表三未找到“{fmt.application_row(k).full_label}”一行")
            for k in fmt.application_keys
            if k not in found and k not in skip_rows
        ]
    if present["proactive"]:
        not_found += [
            (r, f"表二未找到“{r}”一行")
            for r in pro_rows
            if r not in tables.proactive and r not in cut_rows.get("proactive", ())
        ]
    for row, what in not_found:
        problems.append(
            Problem("values.missing", row, None, f"{what}，按空白处理", severity=WARNING)
        )
    problems.extend(_dash_notes(parsed.cells, fmt))

    sections = find_sections(index, fmt)
    if not missing_rows and any(present.values()):
        for number, title in sections.items():
            if title is None:
                shown = "或".join(f"“{number}、{t}”" for t in section_wordings(fmt, number)[:2])
                problems.append(
                    Problem(
                        "report.sections",
                        None,
                        None,
                        f"未找到第{number}部分的标题（{shown}）",
                        severity=NOTE,
                    )
                )
    problems.extend(notes.township_rules(tables, fmt, agency))
    problems.extend(notes.made_not_published(tables, fmt))
    problems.extend(notes.narrative(tables, fmt, doc, parsed.found_rows))
    # the line (PDF: page) of the file where each row's problem is
    located = []
    for p in problems:
        pos = parsed.row_pos.get(p.row) if p.row else None
        if pos is not None and p.line is None and p.page is None:
            p = replace(p, line=source.line_at(pos), page=source.page_at(pos))
        located.append(p)
    cells = [
        c.to_json(
            None if c.doc_pos is None else source.line_at(c.doc_pos),
            None if c.doc_pos is None else source.page_at(c.doc_pos),
        )
        for c in parsed.cells
    ]
    return ReadResult(
        file=file,
        agency=agency,
        year=year,
        format=code,
        tables=tables,
        problems=located,
        kind=source.kind,
        found_tables=tuple(n for n, ok in present.items() if ok),
        cells=cells,
        sections=sections,
        partial=bool(missing_rows),
        missing_rows=missing_rows,
    )


def _dash_notes(cells, fmt) -> list[Problem]:
    """One note per row whose dashes were read per :data:`.parse.DASH_MEANS`."""
    rows: dict[tuple[str, str], list] = {}
    for c in cells:
        if c.state in ("zero", "not_applicable"):
            rows.setdefault((c.table, c.row), []).append(c)
    out = []
    for (table, row), cs in rows.items():
        cols = "、".join(f"{c.column}（“{c.printed}”）" for c in cs)
        if table == "applications":
            where = f"表三“{row_label(fmt, row)}”"
        elif table == "review":
            where = "表四"
        else:
            where = f"表二“{row}”"
        if cs[0].state == "zero":
            check, what = "values.dash_zero", "按格式视为0（该表每格都是件数，横线只能表示没有）"
        else:
            check, what = "values.not_applicable", "视为不适用（值为空，不视为0）"
        out.append(
            Problem(
                check,
                row,
                cs[0].column if len(cs) == 1 else None,
                f"{where}：{cols}{what}",
                severity=NOTE,
            )
        )
    return out


# silence "imported but unused" for re-exported severities
_ = (NOTE,)
