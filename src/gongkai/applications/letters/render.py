"""Letters as DOCX (python-docx) and PDF (``gongkai.pdf``: WeasyPrint, embedded Noto CJK), GB/T 9704 basics.

A4; margins 37 mm top, 28 mm left (订口), 26 mm right, 35 mm bottom (版心 156 × 225 mm);
title in 2号 (22 pt) bold serif, centred; 文号 centred under it; body in 3号 (16 pt)
仿宋-style serif, first-line indent of two characters; the agency and the
成文日期 (Arabic numerals) right-aligned at the end.
"""

import io

from django.template.loader import render_to_string

from gongkai.applications.letters.content import cn_date

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


def _paragraphs(letter) -> list[str]:
    return [p.strip() for p in letter.body.splitlines() if p.strip()]


def render_docx(letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def style_run(run, size, bold=False, font=SERIF):
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style_run(p.add_run(letter.title), 22, bold=True)
    if letter.number:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style_run(p.add_run(letter.number), 16)
    p = doc.add_paragraph()
    style_run(p.add_run(f"{letter.recipient}："), 16)
    for text in _paragraphs(letter):
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.line_spacing = Pt(28)
        style_run(p.add_run(text), 16)
    for text in (letter.agency.name, cn_date(letter.issued_on)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(64)  # 右空四字
        style_run(p.add_run(text), 16)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_html(letter) -> str:
    return render_to_string(
        "applications/letters/letter.html",
        {
            "letter": letter,
            "paragraphs": _paragraphs(letter),
            "date": cn_date(letter.issued_on),
            "serif": SERIF,
            "draft": not letter.is_issued,
        },
    )


def render_pdf(letter) -> bytes:
    """The letter as PDF, checked to carry its text (``gongkai.pdf``; raises ``PdfError``)."""
    from gongkai import pdf

    return pdf.render(render_html(letter))
