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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.rules.formats import FORMATS, format_for_year
from gongkai.rules.tables import NOTE, WARNING, Problem, ReportTables, run_checks

from . import notes
from .meta import find_body_agency, find_meta_agency, find_title, find_year
from .normalize import MatchIndex
from .parse import Parsed, TableParser, detect_format
from .sources import Source, decode_text, docx_to_doc, html_to_doc, pdf_to_doc, text_to_doc

__all__ = ["ReadResult", "ReaderError", "read_report", "read_source", "read_text"]

KINDS = ("text", "html", "docx", "pdf")
_TABLE_NAMES = {
    "proactive": "表二（主动公开政府信息情况）",
    "applications": "表三（收到和处理政府信息公开申请情况）",
    "review": "表四（政府信息公开行政复议、行政诉讼情况）",
}


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

    @property
    def failed(self) -> list[Problem]:
        """Problems that are failed cross-checks (not warnings or notes)."""
        return [p for p in self.problems if p.severity == "error"]

    def to_contract_json(self) -> dict[str, Any]:
        return self.tables.to_contract_json(self.problems, file=self.file)


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

    zones = parsed.zones
    present = {
        "proactive": zones.proactive is not None and bool(tables.proactive),
        "applications": zones.applications is not None,
        "review": zones.review is not None and "review_litigation" in parsed.found_rows,
    }
    for name, ok in present.items():
        if ok:
            continue
        if source.truncated:
            why = "文件内容不完整（页面被截断），该表缺失，未按0处理"
        elif source.images:
            why = f"文件中未找到该表的文字（含{source.images}张图片，表格可能为图片），未按0处理"
        else:
            why = "文件中未找到该表，未按0处理"
        problems.append(
            Problem("tables.missing", name, None, f"{_TABLE_NAMES[name]}：{why}", severity=WARNING)
        )

    fmt = FORMATS[code]
    if present["applications"]:
        missing_rows = [k for k in fmt.application_keys if k not in parsed.found_rows]
        if missing_rows and source.truncated:
            problems.append(
                Problem(
                    "tables.truncated",
                    "applications",
                    None,
                    f"{_TABLE_NAMES['applications']}不完整（页面被截断），缺少{len(missing_rows)}行，未按0处理",
                    severity=WARNING,
                )
            )
    if present["proactive"] and source.truncated:
        missing_rows = [r for _g, r in fmt.proactive_rows if r not in tables.proactive]
        if missing_rows:
            problems.append(
                Problem(
                    "tables.truncated",
                    "proactive",
                    None,
                    f"{_TABLE_NAMES['proactive']}不完整（页面被截断），缺少：{'、'.join(missing_rows)}",
                    severity=WARNING,
                )
            )

    checks = run_checks(tables, fmt)
    # rows of a table that is not there are named once by tables.missing, not row by row
    skip_rows: set[str] = set()
    if not present["applications"]:
        skip_rows.update(fmt.application_keys)
    else:
        skip_rows.update(k for k in fmt.application_keys if k not in parsed.found_rows)
    if not present["review"]:
        skip_rows.add("review_litigation")
    ambiguous_rows = {
        p.row for p in problems if p.check in ("values.ambiguous", "values.unreadable")
    }
    for p in checks:
        if p.check == "values.missing" and (p.row in skip_rows or p.row in ambiguous_rows):
            continue
        problems.append(p)
    if present["applications"] and not source.truncated:
        for k in fmt.application_keys:
            if k not in parsed.found_rows:
                problems.append(
                    Problem(
                        "values.missing",
                        k,
                        None,
                        f"表三未找到“{fmt.application_row(k).full_label}”一行，按空白处理",
                        severity=WARNING,
                    )
                )

    problems.extend(notes.township_rules(tables, fmt, agency))
    problems.extend(notes.made_not_published(tables, fmt))
    problems.extend(notes.narrative(tables, fmt, doc, parsed.found_rows))
    return ReadResult(
        file=file,
        agency=agency,
        year=year,
        format=code,
        tables=tables,
        problems=problems,
        kind=source.kind,
        found_tables=tuple(n for n, ok in present.items() if ok),
    )


# silence "imported but unused" for re-exported severities
_ = (NOTE,)
