"""DOCX with python-docx: title, sections 一 to 六, the five parts of 一, the three tables."""

import io

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.reports.exports.layout import Document, Grid, paragraphs, placed

FONT = "Noto Sans CJK SC"


def _font(run, size=None, bold=False):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _table(docx, grid: Grid):
    rows = len(grid.rows)
    table = docx.add_table(rows=rows, cols=grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, c, cell in placed(grid):
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = ""
        paragraph = target.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(cell.text), size=9)
    return table


def render(doc: Document) -> bytes:
    docx = DocxDocument()
    styles = docx.styles
    styles["Normal"].font.name = FONT
    styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    title = docx.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(doc.title), size=18, bold=True)
    for flag in doc.flags:
        _font(docx.add_paragraph().add_run(f"【{flag}】"), bold=True)
    for section in doc.sections:
        heading = docx.add_heading(level=1)
        _font(heading.add_run(section.heading), size=14, bold=True)
        for p in paragraphs(section.paragraphs):
            para = docx.add_paragraph()
            para.paragraph_format.first_line_indent = Pt(22)
            _font(para.add_run(p))
        for part in section.parts:
            heading = docx.add_heading(level=2)
            _font(heading.add_run(part.heading), size=12, bold=True)
            for p in paragraphs(part.text):
                para = docx.add_paragraph()
                para.paragraph_format.first_line_indent = Pt(22)
                _font(para.add_run(p))
        if section.grid is not None:
            _table(docx, section.grid)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
