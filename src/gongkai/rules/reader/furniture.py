"""Page furniture: what a page prints around a report's text that is not the report.

Text copied out of a PDF viewer or a flip-book carries each page's number (``Page 9 -
2020年报_审计局``, ``P. 9``, ``— 9 —``, ``- 9 -``, ``第9页 共12页``, ``9/12``) and often a
running header or footer repeated on every page (the report's title, the agency's name).
Between the rows of a table they would be read as cells (``2020年…`` starts with digits), so
they are dropped before the tables are read: page-number lines always, and a line repeated
next to two or more page numbers (a running header/footer) at every occurrence but its first.
"""

from __future__ import annotations

import re

#: A line that is only a page number (with the forms viewers and word processors print).
PAGE_MARK = re.compile(
    r"^\s*(?:"
    r"page\s*\d+(?:\s*(?:of|/)\s*\d+)?(?:\s*[-–—]\s*.*)?"  # Page 9 - 2020年报_xxx, Page 3 of 9
    r"|p\.\s*\d+"  # P. 9
    r"|[-–—―~]+\s*\d{1,4}\s*[-–—―~]+"  # — 9 —, - 9 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第9页 共12页
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 9/12
    r")\s*$",
    re.IGNORECASE,
)

#: How far (in non-empty lines) a running header/footer may stand from a page number.
_NEAR = 3


def is_page_mark(line: str) -> bool:
    return bool(PAGE_MARK.match(line))


_FIRST_NUMBER = re.compile(r"\d+")


def page_number(line: str) -> int | None:
    """The page number a page mark prints (``Page 9 - …`` -> 9, ``第3页 共9页`` -> 3)."""
    if not PAGE_MARK.match(line):
        return None
    m = _FIRST_NUMBER.search(line)
    return int(m.group()) if m else None


#: :data:`PAGE_MARK` over a whole text (one search tells whether any line is one).
_ANY_MARK = re.compile(PAGE_MARK.pattern.replace(r"^\s*", r"^[ \t]*", 1), re.I | re.M)


def furniture_lines(lines: list[str], text: str | None = None) -> set[int]:
    """Indices of the lines that are page furniture (see the module's docstring);
    ``text`` is the lines joined, when the caller has it."""
    if not _ANY_MARK.search("\n".join(lines) if text is None else text):
        return set()
    marks = {i for i, line in enumerate(lines) if PAGE_MARK.match(line)}
    if not marks:
        return set()
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    rank = {i: k for k, i in enumerate(nonempty)}
    near: dict[str, list[int]] = {}
    for m in marks:
        k = rank[m]
        for j in nonempty[max(0, k - _NEAR) : k + _NEAR + 1]:
            if j in marks:
                continue
            text = " ".join(lines[j].split())
            if len(text) >= 4 and not text.replace(" ", "").isdigit():
                near.setdefault(text, []).append(j)
    first: dict[str, int] = {}
    for i in nonempty:
        first.setdefault(" ".join(lines[i].split()), i)
    drop = set(marks)
    for text, where in near.items():
        where = sorted(set(where))
        # a running line: repeated next to two or more page numbers; its first occurrence
        # in the document (the title, the table's own header) stays
        if len(where) >= 2:
            drop.update(w for w in where if w != first[text])
    return drop
