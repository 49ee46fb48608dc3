"""Overlapping character bigrams: the tokenisation behind Chinese full-text search.

Plain Python, no Django import, so ``bench/search.py`` measures exactly the code
the site runs. A document's text is split into runs of word characters (CJK,
letters, digits); each run becomes its overlapping two-character grams
(``信息公开`` -> ``信息 息公 公开``), and a run of one character stays a unigram.
Both sides are folded first (``normalise``): full-width to ASCII, upper to lower case,
繁体 to 简体, so a query typed in 繁体 finds the 简体 text and the other way round.
A query term becomes the phrase of its own bigrams, so a term of two or more
characters matches exactly the documents that contain it as a substring within
one run (recall 1.0 against a substring scan; see performance-notes §B).
Punctuation and spaces in a query split it into terms that are ANDed.
"""

import re
from functools import lru_cache

# Word characters: CJK ideographs (incl. extension A and compatibility), letters and digits.
_RUN = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u00c0-\u024f]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FULLWIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}
)


_HAS_FULLWIDTH = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # letters, digits


@lru_cache(maxsize=1)
def _traditional() -> tuple[re.Pattern[str], dict[int, str]]:
    """繁体 → 简体, one character for one (zhconv's single-character table, so a folded text
    keeps its length and every offset: highlights stay where they were). Phrase-level
    conversions are left out on purpose: both the index and the query are folded the same
    way, which is all a match needs (#17.10)."""
    import zhconv.zhconv as z

    z.loaddict()
    pairs = {
        k: v
        for k, v in z.zhcdicts["zh2Hans"].items()
        if len(k) == 1 and len(v) == 1 and k != v and _CJK.fullmatch(k)
    }
    pattern = re.compile("[" + "".join(sorted(pairs)) + "]")
    return pattern, str.maketrans(pairs)


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, 繁体 to 简体 (character by character), ASCII lower
    case: both sides of every comparison."""
    if _HAS_FULLWIDTH.search(text):  # translate() is slow; most texts have nothing to fold
        text = text.translate(_FULLWIDTH)
    return fold_traditional(text).lower()


def fold_traditional(text: str) -> str:
    """``text`` with its 繁体 characters replaced by their 简体 forms (same length)."""
    traditional, to_simplified = _traditional()
    if traditional.search(text):
        return text.translate(to_simplified)
    return text


def has_traditional(text: str) -> bool:
    return bool(_traditional()[0].search(text))


def needs_folding(terms) -> bool:
    """Whether matching ``terms`` needs the text ``normalise``d for case and full width: only
    terms with characters other than CJK ideographs do. (繁体 text is matched through the
    folded copy the index keeps of it: ``SearchEntry.folded``.)"""
    return any(not _CJK.fullmatch(char) for term in terms for char in term)


def runs(text: str) -> list[str]:
    return _RUN.findall(normalise(text))


def run_grams(run: str) -> list[str]:
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def grams(text: str) -> list[str]:
    """Every bigram of ``text`` in order (a run of one character contributes itself)."""
    out: list[str] = []
    for run in runs(text):
        out.extend(run_grams(run))
    return out


def gram_text(text: str) -> str:
    """The space-joined bigrams: what goes into an FTS5 ``unicode61`` column."""
    return " ".join(grams(text))


def distinct_grams(text: str) -> list[str]:
    """The set of bigrams (no positions): what goes into a PostgreSQL tsvector."""
    return sorted(set(grams(text)))


def query_terms(query: str) -> list[str]:
    """The terms of a user query: its runs of word characters, duplicates removed."""
    seen: list[str] = []
    for run in runs(query):
        if run not in seen:
            seen.append(run)
    return seen[:8]


def fts5_string(text: str) -> str:
    """``text`` as an FTS5 string literal (a double quote inside is doubled)."""
    return '"' + text.replace('"', '""') + '"'


def fts5_phrase(term: str) -> str:
    """An FTS5 phrase for one term: its bigrams must be adjacent and in order."""
    return fts5_string(" ".join(run_grams(term)))


def fts5_match(terms: list[str], tags: list[str] = ()) -> str:
    """The FTS5 MATCH expression for terms of >= 2 chars (ANDed), restricted by filter tags."""
    parts = [f"{{title text}}: {fts5_phrase(t)}" for t in terms if len(t) >= 2]
    parts += [f"tags: {fts5_string(tag)}" for tag in tags]
    return " AND ".join(parts)


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def highlight_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of every term occurrence, case-insensitive for ASCII."""
    low = normalise(text)
    spans: list[tuple[int, int]] = []
    for term in sorted(terms, key=len, reverse=True):
        start = 0
        while term and (i := low.find(term, start)) >= 0:
            spans.append((i, i + len(term)))
            start = i + len(term)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
