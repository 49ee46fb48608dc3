"""PDF through WeasyPrint, from the standalone HTML, in Noto CJK fonts."""

from gongkai.reports.exports import html
from gongkai.reports.exports.layout import Document


def render(doc: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=html.render(doc)).write_pdf()
