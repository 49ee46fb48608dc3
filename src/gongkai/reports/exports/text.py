"""Plain text laid out like the seed report: headings, paragraphs, one table cell per line.

Each table row starts with an empty line; each cell is a line starting with a tab;
a cell covered by a merged cell above is an empty tab line (as in the seed).
"""

from gongkai.reports.exports.layout import Document, Grid, paragraphs

INDENT = "\u3000\u3000"


def grid_lines(grid: Grid) -> list[str]:
    lines: list[str] = []
    for row in grid.positioned():
        lines.append("")
        for _col, cell in row:
            lines.append("\t" + (cell.text if cell is not None else ""))
    return lines


def render(doc: Document) -> str:
    lines = [doc.title, ""]
    for flag in doc.flags:
        lines += [f"【{flag}】", ""]
    for section in doc.sections:
        lines.append(section.heading)
        for p in paragraphs(section.paragraphs):
            lines.append(INDENT + p)
            lines.append("")
        for part in section.parts:
            lines.append(INDENT + part.heading)
            lines.append("")
            for p in paragraphs(part.text):
                lines.append(INDENT + p)
                lines.append("")
        if section.grid is not None:
            lines += grid_lines(section.grid)
            lines.append("")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
