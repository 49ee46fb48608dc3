"""Text normalisation for the report reader.

Published reports print the same label in many ways: full-width or ASCII punctuation,
spaces and line breaks inside a label (``社会公益 组织``, ``本年新\\n制作数量``), 繁体
characters, quotes or none around ``三安全一稳定``. The reader therefore works on two
strings:

* the *document*: the report as text (NFKC, 简体), cells separated by :data:`US` and rows by
  newlines, where numbers are read;
* its *match string*: only the letters, digits and CJK characters of the document, where
  labels are found with plain ``str.find``; :class:`MatchIndex` maps positions back.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

#: Cell separator inside a row of the document.
US = "\x1f"

_KEEP = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern[str] | None:
    try:
        import zhconv.zhconv as z
    except ImportError:  # pragma: no cover - zhconv is a dependency
        return None
    z.loaddict()
    chars = [
        k
        for k, v in z.zhcdicts["zh2Hans"].items()
        if len(k) == 1 and len(v) == 1 and k != v and "\u3400" <= k <= "\u9fff"
    ]
    return re.compile("[" + "".join(sorted(chars)) + "]")


def to_simplified(text: str) -> str:
    """繁体 to 简体, only when the text has 繁体 characters (zhconv is slow)."""
    pattern = _traditional_re()
    if pattern is None or not pattern.search(text):
        return text
    import zhconv

    return zhconv.convert(text, "zh-cn")


_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff]+")


#: Full-width ASCII and the ideographic space: the bulk of what NFKC changes in a report.
_WIDE = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " ", "\u00a0": " "}
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000\u00a0]")


def _narrow(m: re.Match[str]) -> str:
    return _WIDE[m.group()]


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"二[〇零][〇零一二三四五六七八九]{2}(?=年)")


def normalise(text: str) -> str:
    """NFKC (full-width to ASCII, Kangxi radicals of PDF text to characters), 简体; keeps
    line structure. Full-width characters are translated first, so that NFKC itself only
    runs when something else needs it."""
    text = _WIDE_RE.sub(_narrow, text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = (
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", "").replace("\ufeff", "")
    )
    if "〇" in text or "二零" in text:
        text = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)
    return to_simplified(text)


def collapse(cell: str) -> str:
    """One cell's text: inner whitespace runs become one space, ends stripped."""
    return " ".join(cell.split())


@lru_cache(maxsize=4096)
def key(label: str) -> str:
    """The match form of a label: only letters, digits and CJK characters, 简体."""
    return "".join(_KEEP.findall(to_simplified(unicodedata.normalize("NFKC", label))))


class MatchIndex:
    """The match string of a document and the way back to document positions."""

    __slots__ = ("doc", "m", "_m_starts", "_d_starts")

    def __init__(self, doc: str) -> None:
        self.doc = doc
        matches = list(_KEEP.finditer(doc))
        strs = [x.group() for x in matches]
        d_starts = [x.start() for x in matches]
        m_starts = list(itertools.accumulate(map(len, strs), initial=0))[:-1] if strs else []
        self.m = "".join(strs)
        self._m_starts = m_starts
        self._d_starts = d_starts

    def doc_pos(self, m_pos: int) -> int:
        """Document position of the match-string character at ``m_pos``."""
        if m_pos >= len(self.m):
            return len(self.doc)
        i = bisect_right(self._m_starts, m_pos) - 1
        return self._d_starts[i] + (m_pos - self._m_starts[i])

    def doc_end(self, m_end: int) -> int:
        """Document position just after the match-string character before ``m_end``."""
        if m_end <= 0:
            return 0
        return self.doc_pos(m_end - 1) + 1

    def m_pos(self, doc_pos: int) -> int:
        """The first match-string position at or after a document position."""
        i = bisect_right(self._d_starts, doc_pos) - 1
        if i < 0:
            return 0
        seg_len = (
            self._m_starts[i + 1] if i + 1 < len(self._m_starts) else len(self.m)
        ) - self._m_starts[i]
        off = doc_pos - self._d_starts[i]
        if off < seg_len:
            return self._m_starts[i] + off
        return self._m_starts[i] + seg_len

    def find(self, needle: str, start: int = 0, end: int | None = None) -> int:
        return self.m.find(needle, start, len(self.m) if end is None else end)

    def rfind(self, needle: str, start: int = 0, end: int | None = None) -> int:
        return self.m.rfind(needle, start, len(self.m) if end is None else end)
