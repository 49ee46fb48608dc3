"""PDF through ``gongkai.pdf`` (WeasyPrint, embedded Noto CJK), from the standalone HTML.

An unchanged report is made once: results are kept by content under ``VAR_DIR/pdf-cache``.
"""

from django.conf import settings

from gongkai import pdf
from gongkai.reports.exports import html
from gongkai.reports.exports.layout import Document


def render(doc: Document) -> bytes:
    return pdf.render(html.render(doc), cache_dir=settings.VAR_DIR / "pdf-cache")
