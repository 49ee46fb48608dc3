"""HTML: the fragment shown on the portal page, and a standalone file (also the PDF's source)."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gongkai.reports.exports.layout import Document, document, paragraphs


def _context(doc: Document) -> dict:
    for section in doc.sections:
        section.paragraph_list = paragraphs(section.paragraphs)
        for part in section.parts:
            part.paragraph_list = paragraphs(part.text)
    return {"doc": doc}


def render_body(doc: Document) -> str:
    return render_to_string("reports/_report_body.html", _context(doc))


def render_fragment(report) -> str:
    """The report as an HTML fragment (stored on publication, shown on the portal)."""
    return render_body(document(report))


def render(doc: Document) -> str:
    """A standalone HTML document (UTF-8) with print styles."""
    return render_to_string(
        "reports/export.html", {"doc": doc, "body": mark_safe(render_body(doc))}
    )
