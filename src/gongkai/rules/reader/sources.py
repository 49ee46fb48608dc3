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

from .furniture import furniture_lines
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

    def line_at(self, doc_pos: int) -> int | None:
        """The input file's line (1-based) of a document position, if known."""
        i = bisect_right(self.lines, (doc_pos, 1 << 30)) - 1
        return self.lines[i][1] if i >= 0 else None

    def page_at(self, doc_pos: int) -> int | None:
        i = bisect_right(self.pages, (doc_pos, 1 << 30)) - 1
        return self.pages[i][1] if i >= 0 else None


_TRUNCATED = re.compile(r"(\[\s*(?:\.\.\.|…+)\s*\]|\[略\]|（未完）|\(未完\))\s*$")


def _truncated(text: str) -> bool:
    return bool(_TRUNCATED.search(text.rstrip()[-20:]))


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

    drop = furniture_lines(lines)
    if drop and double_spaced:
        # a dropped line takes the empty line after it along (else: one more blank cell)
        drop |= {i + 1 for i in drop if i + 1 < len(lines) and lines[i + 1] == ""}

    rows: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []

    def flush() -> None:
        if current:
            rows.append(list(current))
            current.clear()

    if double_spaced:
        # every line is a cell; a run of k empty lines stands for k-1 blank cells
        run = 0
        for n, line in enumerate(lines, 1):
            if n - 1 in drop:
                continue
            if line == "":
                run += 1
                continue
            if run > 1:
                rows.extend([[("", n - 1)]] * (run - 1))
            run = 0
            cells = _line_cells(line)
            if cells is not None:
                rows.append([(c, n) for c in cells])
        doc, where = _join_rows(rows)
        return Source(
            doc,
            "text",
            truncated=truncated,
            lines=where,
            furniture=[lines[i] for i in sorted(drop)],
        )

    for n, line in enumerate(lines, 1):
        if n - 1 in drop:
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
            rows.append([(c, n) for c in cells])
        else:
            current.append((cells[0], n))
    flush()
    doc, where = _join_rows(rows)
    return Source(
        doc, "text", truncated=truncated, lines=where, furniture=[lines[i] for i in sorted(drop)]
    )


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
    if drop:
        lines = [line for i, line in enumerate(lines) if i not in drop]
    # normalise the text, not the markup (half the size); full-width spaces become spaces
    doc = normalise("\n".join(lines))
    return Source(doc, "html", images=images, truncated=_truncated(doc), furniture=furniture)


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
    import pdfplumber

    from gongkai.rules.reader import ReaderError

    lines: list[str] = []
    images = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise ReaderError(
                f"PDF共{len(pdf.pages)}页，超过{MAX_PDF_PAGES}页的上限，不像是一份年度报告"
            )
        for page in pdf.pages:
            images += len(page.images)
            blocks: list[tuple[float, list[str]]] = []
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            for t in tables:
                rows = []
                for row in t.extract():
                    cells = [collapse(normalise(c.replace("\n", ""))) for c in row if c is not None]
                    rows.append(US.join(cells))
                blocks.append((t.bbox[1], rows))

            def outside(obj, boxes=boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            words = page.filter(outside).extract_words(keep_blank_chars=False, use_text_flow=False)
            for top, line in _word_lines(words):
                blocks.append((top, [line]))
            blocks.sort(key=lambda b: b[0])
            for _top, rows in blocks:
                lines.extend(rows)
    doc = "\n".join(lines)
    return Source(doc, "pdf", images=images, truncated=_truncated(doc))


def _word_lines(words: list[dict]) -> list[tuple[float, str]]:
    """Group words into lines by position; wide gaps between words separate cells."""
    out: list[tuple[float, str]] = []
    words = sorted(words, key=lambda w: (round(w["top"] / 3), w["x0"]))
    line: list[dict] = []

    def emit() -> None:
        if not line:
            return
        line.sort(key=lambda w: w["x0"])
        parts = [line[0]["text"]]
        for prev, w in itertools.pairwise(line):
            size = max(1.0, w["bottom"] - w["top"])
            gap = w["x0"] - prev["x1"]
            parts.append(US if gap > 1.5 * size else ("" if gap < 0.25 * size else " "))
            parts.append(w["text"])
        out.append((line[0]["top"], normalise("".join(parts))))
        line.clear()

    for w in words:
        if line and abs(w["top"] - line[0]["top"]) > 3:
            emit()
        line.append(w)
    emit()
    return out


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
