"""Exports of the annual report: HTML, DOCX, PDF, XLSX, plain text, JSON.

``export(report, kind)`` returns bytes; ``KINDS`` maps file endings to kinds.
"""

from gongkai.reports.exports.layout import document

KINDS = {
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".txt": "txt",
}

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


def kind_for_path(path: str) -> str:
    import os

    ending = os.path.splitext(str(path))[1].lower()
    try:
        return KINDS[ending]
    except KeyError:
        raise ValueError(ending) from None


def export(report, kind: str, file: str | None = None) -> bytes:
    doc = document(report)
    if kind == "json":
        from gongkai.reports.exports import json as json_export

        return json_export.render(doc, report.check_problems, file=file).encode("utf-8")
    if kind == "html":
        from gongkai.reports.exports import html

        return html.render(doc).encode("utf-8")
    if kind == "txt":
        from gongkai.reports.exports import text

        return text.render(doc).encode("utf-8")
    if kind == "docx":
        from gongkai.reports.exports import docx

        return docx.render(doc)
    if kind == "pdf":
        from gongkai.reports.exports import pdf

        return pdf.render(doc)
    if kind == "xlsx":
        from gongkai.reports.exports import xlsx

        return xlsx.render(doc)
    raise ValueError(kind)
