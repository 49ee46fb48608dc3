"""Turn each input kind into the reader's document text.

The document has one table row (or paragraph) per line and the cells of a row separated
by :data:`~.normalize.US`; a blank cell is an empty string between separators. Merged
cells appear once, where they start; a cell covered by a row span from above is an empty
placeholder, so that the cells after it keep their places.
"""

from __future__ import annotations

import io
import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .furniture import furniture_lines, is_page_mark, page_number
from .normalize import US, collapse, normalise


@dataclass
class Source:
    doc: str
    kind: str  # text | html | docx | pdf
    images: int = 0
    truncated: bool = False
    #: (document offset, line of the input file) where each cell of the document starts,
    #: in document order; empty when the input has no lines to point at
    lines: list[tuple[int, int]] = field(default_factory=list)
    #: (document offset, page number) where each page of a PDF starts
    pages: list[tuple[int, int]] = field(default_factory=list)
    #: the lines of page furniture dropped (page numbers, running headers)
    furniture: list[str] = field(default_factory=list)
    #: the page number the file starts at, when its first line is a page mark (a flip-book
    #: page, a page copied out of a PDF viewer): past 1, the file starts inside the report
    first_page: int | None = None
    #: text input: the rows' cells and the line of each, for :attr:`lines` (made when asked)
    rows: list[list[str]] | None = None
    row_lines: list[list[int]] | None = None

    def line_at(self, doc_pos: int) -> int | None:
        """The input file's line (1-based) of a document position, if known."""
        if not self.lines and self.rows is not None:
            self.lines = _line_map(self.rows, self.row_lines or [])
        i = bisect_right(self.lines, (doc_pos, 1 << 30)) - 1
        return self.lines[i][1] if i >= 0 else None

    def page_at(self, doc_pos: int) -> int | None:
        i = bisect_right(self.pages, (doc_pos, 1 << 30)) - 1
        return self.pages[i][1] if i >= 0 else None


_TRUNCATED = re.compile(r"(\[\s*(?:\.\.\.|…+)\s*\]|\[略\]|（未完）|\(未完\))\s*$")


def _truncated(text: str) -> bool:
    return bool(_TRUNCATED.search(text.rstrip()[-20:]))


def _line_map(rows: list[list[str]], row_lines: list[list[int]]) -> list[tuple[int, int]]:
    """(document offset, line) where each cell of ``"\\n".join(US.join(row))`` starts, when
    its line differs from the cell's before."""
    where: list[tuple[int, int]] = []
    pos = 0
    last = None
    for cells, lines in zip(rows, row_lines, strict=True):
        for cell, line in zip(cells, lines, strict=True):
            if line != last:
                where.append((pos, line))
                last = line
            pos += len(cell) + 1  # the cell and the separator after it
    return where


def _join_rows(rows: list[list[tuple[str, int]]]) -> tuple[str, list[tuple[int, int]]]:
    """Rows of (cell, line) to the document text and its (offset, line) map."""
    parts: list[str] = []
    where: list[tuple[int, int]] = []
    pos = 0
    for r, row in enumerate(rows):
        if r:
            parts.append("\n")
            pos += 1
        for c, (cell, line) in enumerate(row):
            if c:
                parts.append(US)
                pos += 1
            if not where or where[-1][1] != line:
                where.append((pos, line))
            parts.append(cell)
            pos += len(cell)
    return "".join(parts), where


# --- plain text ----------------------------------------------------------------------------

_MULTISPACE = re.compile(r"(?<=\S)(?: {2,}|\t+| ?\u3000+ ?)(?=\S)")


def _line_cells(line: str) -> list[str] | None:
    """The cells of one text line; None for a row break (an empty or pipe-only line).

    ``|`` separates cells (one leading and one trailing pipe are the row's frame); inside
    a line, tabs and runs of two or more spaces separate cells too.
    """
    if "|" in line:
        s = line.strip()
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
        if not s.strip():
            return None
        return [collapse(c) for c in s.split("|")]
    s = line.strip()
    if not s:
        return [""]  # a whitespace-only line: one blank cell
    if _MULTISPACE.search(s):
        return [collapse(c) for c in _MULTISPACE.split(s)]
    return [collapse(s)]


def text_to_doc(text: str) -> Source:
    text = normalise(text)
    lines = text.split("\n")
    truncated = _truncated(text)
    nonempty = [i for i, line in enumerate(lines) if line != ""]
    followed = sum(1 for i in nonempty if i + 1 < len(lines) and lines[i + 1] == "")
    double_spaced = len(nonempty) >= 10 and followed >= 0.85 * len(nonempty)

    drop = furniture_lines(lines, text)
    if drop and double_spaced:
        # a dropped line takes the empty line after it along (else: one more blank cell)
        drop |= {i + 1 for i in drop if i + 1 < len(lines) and lines[i + 1] == ""}
    furniture = [lines[i] for i in sorted(drop)]

    rows: list[list[str]] = []
    row_lines: list[list[int]] = []
    current: list[str] = []
    current_lines: list[int] = []

    def source() -> Source:
        doc = "\n".join(US.join(r) for r in rows)
        return Source(
            doc,
            "text",
            truncated=truncated,
            furniture=furniture,
            rows=rows,
            row_lines=row_lines,
            first_page=page_number(lines[nonempty[0]]) if nonempty and drop else None,
        )

    if double_spaced:
        # every line is a cell; a run of k empty lines stands for k-1 blank cells
        run = 0
        for n, line in enumerate(lines, 1):
            if drop and n - 1 in drop:
                continue
            if line == "":
                run += 1
                continue
            if run > 1:
                for _ in range(run - 1):
                    rows.append([""])
                    row_lines.append([n - 1])
            run = 0
            cells = _line_cells(line)
            if cells is not None:
                rows.append(cells)
                row_lines.append([n] * len(cells))
        return source()

    def flush() -> None:
        if current:
            rows.append(list(current))
            row_lines.append(list(current_lines))
            current.clear()
            current_lines.clear()

    for n, line in enumerate(lines, 1):
        if drop and n - 1 in drop:
            continue
        if line == "":
            flush()
            continue
        cells = _line_cells(line)
        if cells is None:
            flush()
            continue
        if len(cells) > 1 or "|" in line:
            flush()
            rows.append(cells)
            row_lines.append([n] * len(cells))
        else:
            current.append(cells[0])
            current_lines.append(n)
    flush()
    return source()


# --- HTML ----------------------------------------------------------------------------------

_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "center",
    "blockquote",
    "pre",
    "tr",
    "title",
    "dd",
    "dt",
    "dl",
}
_SKIP = {"script", "style", "noscript", "head", "template"}
_ROW_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2002\u2003\u2009\u200b\u3000]+")
_CELL_EDGE = re.compile(" ?\x1f ?")


def _grid_rows(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, rowspan, colspan) to rows of cells with row-span placeholders."""
    if all(rs == 1 for row in rows for _t, rs, _c in row):
        return [[t for t, _r, _c in row] for row in rows]
    out: list[list[str]] = []
    covered: dict[int, list] = {}  # grid column -> [rows still covered, id of the covering cell]
    serial = 0
    for row in rows:
        if not covered and all(rs == 1 for _t, rs, _c in row):
            out.append([t for t, _r, _c in row])
            continue
        cells: list[str] = []
        col = 0
        qi = 0
        last = max((c for c, v in covered.items() if v[0] > 0), default=-1)
        while qi < len(row) or col <= last:
            cover = covered.get(col)
            if cover and cover[0] > 0:
                sid = cover[1]
                cells.append("")  # one placeholder per covering cell
                while covered.get(col) and covered[col][1] == sid and covered[col][0] > 0:
                    covered[col][0] -= 1
                    if covered[col][0] == 0:
                        del covered[col]
                    col += 1
                continue
            if qi < len(row):
                text, rowspan, colspan = row[qi]
                qi += 1
                cells.append(text)
                if rowspan > 1:
                    serial += 1
                    for c in range(col, col + colspan):
                        covered[c] = [rowspan - 1, serial]
                col += colspan
            else:
                col += 1
        out.append(cells)
    return out


def _span(el, name: str) -> int:
    v = el.get(name)
    if v is None:
        return 1
    try:
        return max(1, min(int(str(el.get(name) or "1").strip() or 1), 200))
    except ValueError:
        return 1


_PARSER = None


def _html_parser():
    global _PARSER
    if _PARSER is None:
        from lxml import etree

        _PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
    return _PARSER


def html_to_doc(html: str | bytes) -> Source:
    from lxml import etree

    if isinstance(html, bytes):
        html = _decode(html)
    root = etree.fromstring(html, _html_parser()) if html.strip() else None
    lines: list[str] = []
    buf: list[str] = []
    images = 0

    def flush() -> None:
        text = collapse("".join(buf))
        if text:
            lines.append(text)
        buf.clear()

    def walk(el) -> None:
        nonlocal images
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP:
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "img":
            images += 1
        if tag == "table" and next(el.iterdescendants("table"), None) is None:
            flush()
            rows = []
            tostring = etree.tostring
            for tr in el.iterdescendants("tr"):
                row = []
                for td in tr.iterchildren("td", "th"):
                    text = tostring(td, method="text", encoding=str, with_tail=False)
                    rs, cs = td.get("rowspan"), td.get("colspan")
                    row.append(
                        (
                            text,
                            1 if rs is None else _span(td, "rowspan"),
                            1 if cs is None else _span(td, "colspan"),
                        )
                    )
                rows.append(row)
            for cells in _grid_rows(rows):
                if cells:  # whitespace collapsed once per row, not per cell
                    row = _ROW_SPACE.sub(" ", US.join(cells))
                    lines.append(_CELL_EDGE.sub(US, row).strip(" "))
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCK or tag in ("table", "td", "th", "tbody")
        if block:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    if root is not None:
        title = root.find(".//title")
        if title is not None and title.text and title.text.strip():
            lines.append(collapse(title.text))  # the page title: often the report's title
        walk(root)
    flush()
    drop = furniture_lines(lines)  # flip-book pages: Page 9 - …, P. 9, running headers
    furniture = [lines[i] for i in sorted(drop)]
    # the first line that is not the page's <title> (the flip-book's page name)
    first_page = next((page_number(x) for x in lines[:3] if page_number(x)), None)
    if drop:
        lines = [line for i, line in enumerate(lines) if i not in drop]
    # normalise the text, not the markup (half the size); full-width spaces become spaces
    doc = normalise("\n".join(lines))
    return Source(
        doc,
        "html",
        images=images,
        truncated=_truncated(doc),
        furniture=furniture,
        first_page=first_page,
    )


# --- DOCX ----------------------------------------------------------------------------------


def _docx_children(el, wanted: set[str], stop: set[str]):
    """Children of ``el`` with a tag in ``wanted``, looking through wrappers (content
    controls ``w:sdt``, ``w:customXml``, ``w:smartTag`` …) but not into ``stop`` tags."""
    for child in el.iterchildren():
        tag = child.tag
        if tag in wanted:
            yield child
        elif tag not in stop and isinstance(tag, str):
            yield from _docx_children(child, wanted, stop)


def docx_to_doc(data: bytes) -> Source:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    P, TBL, TR, TC, T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:t")
    lines: list[str] = []
    body = document.element.body
    images = sum(1 for _ in body.iter(qn("w:drawing"), qn("w:pict")))

    def para_text(p) -> str:
        return "".join(t.text or "" for t in p.iter(T))

    for block in _docx_children(body, {P, TBL}, {qn("w:sectPr")}):
        if block.tag == P:
            text = collapse(para_text(block))
            if text:
                lines.append(normalise(text))
            continue
        for tr in _docx_children(block, {TR}, {TBL}):
            row = []
            for tc in _docx_children(tr, {TC}, {TBL, TR}):
                pr = tc.find(qn("w:tcPr"))
                vmerge = pr.find(qn("w:vMerge")) if pr is not None else None
                if vmerge is not None and vmerge.get(qn("w:val")) not in ("restart",):
                    row.append("")  # continues the cell above: a placeholder
                    continue
                paras = [para_text(p) for p in _docx_children(tc, {P}, {TBL})]
                row.append(collapse(normalise("".join(paras))))
            lines.append(US.join(row))
    doc = "\n".join(lines)
    return Source(doc, "docx", images=images, truncated=_truncated(doc))


# --- PDF -----------------------------------------------------------------------------------


#: An annual report runs to a few dozen pages; a file of thousands is not one (and would
#: keep the reader busy for minutes).
MAX_PDF_PAGES = 500


def pdf_to_doc(data: bytes) -> Source:
    """A PDF's text layer by position: ruled tables through pdfplumber's table finder, the
    rest as lines of words (by their place on the page, whatever order the file draws them
    in), cells split at wide gaps. Page numbers and running headers in the page margins are
    dropped; in a table whose rows leave cells blank the numbers are put in their columns
    by their x position (:func:`_place_columns`)."""
    import pdfplumber

    from gongkai.rules.reader import ReaderError

    rows: list[list[tuple[str, int]]] = []
    page_rows: list[int] = []  # index in rows where each page starts
    images = 0
    margin_lines: dict[str, list[tuple[int, int]]] = {}  # text -> [(page, row index)]
    carry: list[float] | None = None  # table 三's columns, when it goes on to the next page
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise ReaderError(
                f"PDF共{len(pdf.pages)}页，超过{MAX_PDF_PAGES}页的上限，不像是一份年度报告"
            )
        for pno, page in enumerate(pdf.pages, 1):
            images += len(page.images)
            blocks: list[tuple[float, list[list[str]], bool]] = []
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            for t in tables:
                trows = []
                for row in t.extract():
                    trows.append(
                        [
                            collapse(normalise((c or "").replace("\n", "")))
                            for c in row
                            if c is not None
                        ]
                    )
                blocks.append((t.bbox[1], trows, False))

            def outside(obj, boxes=boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            words = page.filter(outside).extract_words(keep_blank_chars=False, use_text_flow=False)
            height = float(page.height or 842)
            wlines, carry = _place_columns(_word_lines(words), carry)
            for top, bottom, cells in wlines:
                text = " ".join(c[2] for c in cells)
                in_margin = top < 0.08 * height or bottom > 0.92 * height
                if in_margin and is_page_mark(text):
                    continue  # — 3 —, 第3页 共9页, P. 3 …
                blocks.append((top, [[c[2] for c in cells]], in_margin))
            blocks.sort(key=lambda b: b[0])
            page_rows.append(len(rows))
            line_no = 0
            for _top, brows, in_margin in blocks:
                for cells in brows:
                    line_no += 1
                    if in_margin:
                        key = " ".join(" ".join(cells).split())
                        margin_lines.setdefault(key, []).append((pno, len(rows)))
                    rows.append([(c, line_no) for c in cells])
    # running headers / footers: the same margin line on two or more pages (first kept)
    drop: set[int] = set()
    furniture: list[str] = []
    for text, where in margin_lines.items():
        if len({p for p, _ in where}) >= 2:
            drop.update(i for _p, i in where[1:])
            furniture.append(text)
    kept: list[list[tuple[str, int]]] = []
    starts: list[tuple[int, int]] = []  # (index in kept, page)
    page_of_row = {start: k for k, start in enumerate(page_rows, 1)}
    for i, row in enumerate(rows):
        if i in page_of_row:
            starts.append((len(kept), page_of_row[i]))
        if i not in drop:
            kept.append(row)
    doc, where = _join_rows(kept)
    # document offsets of the first row of each page
    row_offsets = [0]
    for row in kept[:-1]:
        row_offsets.append(row_offsets[-1] + sum(len(c) for c, _ in row) + len(row) - 1 + 1)
    pages = [(row_offsets[k] if k < len(row_offsets) else len(doc), p) for k, p in starts]
    return Source(
        doc,
        "pdf",
        images=images,
        truncated=_truncated(doc),
        lines=where,
        pages=pages,
        furniture=furniture,
    )


Cell = tuple[float, float, str]  # x0, x1, text
Line = tuple[float, float, list[Cell]]  # top, bottom, cells


def _word_lines(words: list[dict]) -> list[Line]:
    """Group words into lines by position; wide gaps between words separate cells."""
    out: list[Line] = []
    words = sorted(words, key=lambda w: (round(w["top"] / 3), w["x0"]))
    line: list[dict] = []

    def emit() -> None:
        if not line:
            return
        line.sort(key=lambda w: w["x0"])
        cells: list[list] = [[line[0]["x0"], line[0]["x1"], line[0]["text"]]]
        for prev, w in itertools.pairwise(line):
            size = max(1.0, w["bottom"] - w["top"])
            gap = w["x0"] - prev["x1"]
            # a wide gap separates cells; so does any space before a number (a row's first
            # number may stand close to the end of a long label)
            if gap > 1.5 * size or (gap >= 0.25 * size and _is_value(normalise(w["text"]))):
                cells.append([w["x0"], w["x1"], w["text"]])
                continue
            cells[-1][2] += ("" if gap < 0.25 * size else " ") + w["text"]
            cells[-1][1] = w["x1"]
        out.append(
            (
                min(w["top"] for w in line),
                max(w["bottom"] for w in line),
                [(a, b, normalise(t)) for a, b, t in cells],
            )
        )
        line.clear()

    for w in words:
        if line and abs(w["top"] - line[0]["top"]) > 3:
            emit()
        line.append(w)
    emit()
    return out


def _is_value(text: str) -> bool:
    from .values import is_blank, parse_number

    return parse_number(text) is not None or (is_blank(text) and bool(text.strip()))


#: Column heads of table 三, by the characters they start with (a head may be cut into
#: lines: 商业 / 企业), to place a row's numbers when no row of the page prints all seven.
_TABLE_THREE_HEADS = ("自然人", "商业", "科研", "社会", "法律", "其他", "总计")


def _place_columns(
    lines: list[Line], carry: list[float] | None = None
) -> tuple[list[Line], list[float] | None]:
    """Put the numbers of rows with blank cells in their columns.

    A PDF table without ruling lines gives each row's numbers at the x of their column;
    blank cells leave nothing. The columns are where the rows that print all of them put
    their numbers (five or more columns, at least two such rows on the page), or, for table
    三, where its column heads stand. A row with fewer numbers gets an empty cell for each
    column it leaves blank, when every number it has is clearly under one column; else it
    is left as it is (and the reader reports it as unplaced)."""
    trailing: list[int] = []
    for _t, _b, cells in lines:
        k = 0
        for c in reversed(cells):
            if not _is_value(c[2]):
                break
            k += 1
        trailing.append(k)
    # grids: (first top, last top, centres) -- a grid places only rows inside its table
    grids: list[tuple[float, float, list[float]]] = []
    by_k: dict[int, list[tuple[float, list[float]]]] = {}
    for (top, _b, cells), k in zip(lines, trailing, strict=True):
        if k >= 5:
            by_k.setdefault(k, []).append((top, [(c[0] + c[1]) / 2 for c in cells[-k:]]))
    for k, refs in by_k.items():
        if len(refs) >= 2:
            centres = [sorted(r[1][i] for r in refs)[len(refs) // 2] for i in range(k)]
            gaps = [b - a for a, b in itertools.pairwise(centres)]
            spread = max(max(r[1][i] for r in refs) - min(r[1][i] for r in refs) for i in range(k))
            if gaps and min(gaps) > 0 and spread < 0.3 * min(gaps):  # rows that agree
                grids.append((refs[0][0], refs[-1][0], centres))
    heads = _head_grid(lines, trailing)
    if heads is None and carry:
        # table 三 continued from the previous page, its heads not repeated: same columns
        heads = (float("-inf"), _table_end(lines, trailing, float("-inf")), carry)
    if heads:
        grids.append(heads)
    review = _review_head_grid(lines)
    if review:
        grids.append(review)
    open_grid = heads[2] if heads and heads[1] == float("inf") else None
    if not grids:
        return lines, open_grid
    out: list[Line] = []
    for (top, bottom, cells), k in zip(lines, trailing, strict=True):
        if k == 0 or (len(cells) > k and cells[-k - 1][2][-1:].isdigit()):
            # no numbers; or a number glued to the label before them: the row's numbers
            # cannot all be placed, so none is
            out.append((top, bottom, cells))
            continue
        # a grid of the table this row is in, with more columns than the row has values
        near = [g for lo, hi, g in grids if lo - 1 <= top <= hi + 1 and len(g) > k]
        placed = None
        for grid in near:
            placed = _assign(cells[-k:], grid)
            if placed is not None:
                break
        if placed is None:
            out.append((top, bottom, cells))
            continue
        out.append((top, bottom, [*cells[:-k], *placed]))
    return out, open_grid


def _assign(values: list[Cell], grid: list[float]) -> list[Cell] | None:
    """Values under the columns of ``grid`` (empty cells for the others), or None when a
    value is not clearly under one column."""
    gaps = [b - a for a, b in itertools.pairwise(grid)]
    if not gaps or min(gaps) <= 0:
        return None
    tol = 0.4 * min(gaps)
    slots: list[Cell | None] = [None] * len(grid)
    last = -1
    for v in values:
        x = (v[0] + v[1]) / 2
        i = min(range(len(grid)), key=lambda j: abs(grid[j] - x))
        if abs(grid[i] - x) > tol or i <= last:
            return None
        slots[i] = v
        last = i
    return [s if s is not None else (grid[i], grid[i], "") for i, s in enumerate(slots)]


def _head_grid(lines: list[Line], trailing: list[int]) -> tuple[float, float, list[float]] | None:
    """The x of table 三's seven column heads on this page, if they stand in a row (自然人,
    then the others within the next few lines), and the part of the page below them that
    the table covers (to the next section or table)."""
    start = next(
        (
            i
            for i, (_t, _b, cells) in enumerate(lines)
            if any(c[2].replace(" ", "").startswith(_TABLE_THREE_HEADS[0]) for c in cells)
        ),
        None,
    )
    if start is None:
        return None
    found: dict[str, tuple[float, float]] = {}
    for top, _b, cells in lines[start : start + 6]:
        for x0, x1, text in cells:
            t = text.replace(" ", "")
            for head in _TABLE_THREE_HEADS:
                if t.startswith(head) and head not in found:
                    found[head] = (top, (x0 + x1) / 2)
    if len(found) != len(_TABLE_THREE_HEADS):
        return None
    xs = [found[h][1] for h in _TABLE_THREE_HEADS]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        return None
    lo = max(found[h][0] for h in _TABLE_THREE_HEADS)
    return (lo, _table_end(lines, trailing, lo), xs)


#: Characters of table 四's column heads (结果维持 结果纠正 其他结果 尚未审结 总计).
_REVIEW_HEAD_CHARS = frozenset("结果维持纠正其他尚未审总计")


def _review_head_grid(lines: list[Line]) -> tuple[float, float, list[float]] | None:
    """Table 四's fifteen column heads: a line of fifteen cells of head text (whole labels,
    their first line, or the first characters of vertical labels), and the page below it
    down to the next section."""
    for i, (top, _b, cells) in enumerate(lines):
        if len(cells) == 15 and all(
            c[2] and set(c[2].replace(" ", "")) <= _REVIEW_HEAD_CHARS for c in cells
        ):
            end = float("inf")
            for t2, _b2, cs in lines[i + 1 :]:
                if cs and cs[0][2][:2] in ("五、", "六、"):
                    end = t2
                    break
            return (top, end, [(c[0] + c[1]) / 2 for c in cells])
    return None


def _table_end(lines: list[Line], trailing: list[int], lo: float) -> float:
    """The top of the first line after ``lo`` that ends table 三 (a section heading, or a
    row with more numbers than table 三 has columns), else infinity (it goes on)."""
    for (top, _b, cells), k in zip(lines, trailing, strict=True):
        if top <= lo:
            continue
        first = cells[0][2] if cells else ""
        if k > len(_TABLE_THREE_HEADS) or first[:2] in ("四、", "五、", "六、"):
            return top
    return float("inf")


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def decode_text(data: bytes) -> str:
    """Bytes of a text or HTML file as text: UTF-8, else GB18030 (common on government sites)."""
    head = data[:2000]
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", head)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(data)
