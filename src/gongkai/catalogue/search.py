"""Chinese full-text search over published items: a bigram index on SQLite and PostgreSQL.

Design (performance-notes §B):

* Recall: every term of >= 2 characters becomes the phrase of its overlapping bigrams, so a
  document matches exactly when it contains the term (see ``bigrams``). Terms of one character
  fall back to a substring scan.
* SQLite: a contentless FTS5 table ``catalogue_search_fts(title, text, tags)`` with the
  ``unicode61`` tokenizer over space-joined bigrams. A query looks each term up by its
  three-character piece of rarest bigrams (found by short probes of the index), then confirms
  the whole terms in the stored text of the candidates, newest first (see "SQLite" below);
  the exact phrase query is the fallback when the pieces are not selective.
* PostgreSQL: a ``tsvector`` of the distinct bigrams (``array_to_tsvector``, no parser
  involved) with a GIN index selects candidates; ``strpos`` rechecks the exact substring, so
  precision is 1 too. Client-side binding only (never ``server_side_binding``: it made
  generic plans 100x slower in §B).
* Filters (agency incl. sub-agencies, category, 主题分类, 有效性) are tokens in the ``tags``
  column, intersected inside the index; the year is a range of the row id.
* The row id is ``publication date ordinal * 10^9 + page id``: newest-first paging is a keyset
  (``rowid < cursor``) and stays cheap past 10,000 results.
* Relevance (both databases): BM25 with the title weighted 10x, computed by ``ranking`` over
  the newest ``RANK_CAP`` matches; when a query has more matches than that, the page says so
  and newest-first order reaches the rest. Term weights come from how common each term's
  rarest bigram is among the newest documents.
"""

import datetime
import hashlib
import html
import logging
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.html import strip_tags

from gongkai.catalogue import bigrams, ranking

log = logging.getLogger(__name__)

FTS_TABLE = "catalogue_search_fts"
ENTRY_TABLE = "catalogue_searchentry"
RANK_CAP = 1000
COUNT_CAP = 10000
PROBE = 32  # newest documents looked at to tell how common a bigram is
DENSITY_WINDOW = 8_000  # the most documents counted to turn a probe into a density
DENSE_TERM = 0.05  # a phrase in more of the documents may be left to the text check ...
FEW = 2_500  # ... when the other pieces select fewer candidates than this
COMMON_TERM = 0.4  # ... or when it is in this share of the documents
VERIFY_BUDGET = 5_000  # non-matching candidates read before the exact phrase query is asked
MIN_CHUNK = 64  # candidates read at a time (more when more matches are needed)
MAX_TEXT = 300_000
ID_SCALE = 10**9

# --- DDL (used by the migration and by bench/search.py) ----------------------------------

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, text, tags, content='', tokenize='unicode61 remove_diacritics 0')"
]
SQLITE_DROP = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
PG_DDL = [
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN IF NOT EXISTS grams tsvector",
    f"CREATE INDEX IF NOT EXISTS catalogue_searchentry_grams ON {ENTRY_TABLE} USING gin (grams)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS catalogue_searchentry_grams",
    f"ALTER TABLE {ENTRY_TABLE} DROP COLUMN IF EXISTS grams",
]


def create_index_schema(schema_editor=None):
    conn = schema_editor.connection if schema_editor else connection
    statements = SQLITE_DDL if conn.vendor == "sqlite" else PG_DDL
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_index_schema(schema_editor=None):
    conn = schema_editor.connection if schema_editor else connection
    statements = SQLITE_DROP if conn.vendor == "sqlite" else PG_DROP
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- text of an item --------------------------------------------------------------------------


def html_text(value: str) -> str:
    return html.unescape(strip_tags(value or "")).strip()


MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024  # a DOCX attachment larger than this is not read


def extract_document_text(document) -> str:
    """Text of an attachment (PDF via pdfplumber, DOCX via python-docx, plain text); '' if none."""
    name = (document.file.name or "").lower()
    try:
        if name.endswith(".pdf"):
            import pdfplumber

            with document.file.open("rb") as handle, pdfplumber.open(handle) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)[:MAX_TEXT]
        if name.endswith(".docx"):
            import docx

            from gongkai.ops.uploads import check_upload

            with document.file.open("rb") as handle:
                # a zip bomb is refused before python-docx expands it (logged below)
                check_upload(handle, allowed={"docx"}, max_bytes=MAX_ATTACHMENT_BYTES)
                doc = docx.Document(handle)
            parts = [p.text for p in doc.paragraphs]
            for table in doc.tables:
                for row in table.rows:
                    parts.append(" ".join(cell.text for cell in row.cells))
            return "\n".join(parts)[:MAX_TEXT]
        if name.endswith(".txt"):
            with document.file.open("rb") as handle:
                return handle.read(MAX_TEXT * 3).decode("utf-8", "replace")[:MAX_TEXT]
    except Exception:  # a broken attachment must not block publishing
        log.warning("could not extract text from %s", name, exc_info=True)
    return ""


def item_text(page) -> str:
    parts = [
        page.summary,
        page.index_number or "",
        page.document_number,
        page.publisher_name,
        page.keywords,
        html_text(page.body),
    ]
    for attr in ("transcript",):
        if hasattr(page, attr):
            parts.append(html_text(getattr(page, attr)))
    if hasattr(page, "guests"):
        parts.append(page.guests)
    for attachment in page.attachments.select_related("document"):
        parts.append(attachment.title or attachment.document.title)
        parts.append(extract_document_text(attachment.document))
    return "\n".join(p for p in parts if p)[:MAX_TEXT]


def topic_tag(topic: str) -> str:
    return "t" + hashlib.md5(topic.encode()).hexdigest()[:10]


def item_tags(page) -> str:
    tags = []
    agency = page.agency
    if agency is not None:
        from gongkai.agencies.models import Agency

        for ancestor in Agency.objects.filter(
            path__in=[
                agency.path[:i] for i in range(Agency.steplen, len(agency.path) + 1, Agency.steplen)
            ]
        ):
            tags.append(f"a{ancestor.pk}")
    if page.category_id:
        tags.append(f"c{page.category_id}")
    if page.topic:
        tags.append(topic_tag(page.topic))
    tags.append(f"v{page.validity}")
    return " ".join(tags)


def entry_id(published_on: datetime.date, page_id: int) -> int:
    return published_on.toordinal() * ID_SCALE + page_id


def year_range(year: int) -> tuple[int, int]:
    return (
        datetime.date(year, 1, 1).toordinal() * ID_SCALE,
        datetime.date(year + 1, 1, 1).toordinal() * ID_SCALE - 1,
    )


# --- maintaining the index ---------------------------------------------------------------


def _fts_delete(cursor, entry) -> None:
    cursor.execute(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text, tags) VALUES('delete', %s, %s, %s, %s)",
        [
            entry.id,
            bigrams.gram_text(entry.title),
            bigrams.gram_text(entry.text_for_index),
            entry.tags,
        ],
    )


@transaction.atomic
def unindex_page(page_id: int) -> None:
    from gongkai.catalogue.models import SearchEntry

    entry = SearchEntry.objects.filter(page_id=page_id).first()
    if entry is None:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _fts_delete(cursor, entry)
    entry.delete()


@transaction.atomic
def index_page(page) -> None:
    """Put a live item into the index (replacing its previous entry); remove it if not live."""
    from gongkai.catalogue.models import DisclosureItemPage, SearchEntry

    page = page.specific if not isinstance(page, DisclosureItemPage) else page
    unindex_page(page.pk)
    if not page.live or page.disclosure_attribute != "proactive":
        return
    published_on = page.published_on or datetime.date.today()
    text = item_text(page)
    entry = SearchEntry.objects.create(
        id=entry_id(published_on, page.pk),
        page_id=page.pk,
        agency_id=page.agency_id,
        category_name=page.category.name if page.category_id else "",
        topic=page.topic,
        validity=page.validity,
        published_on=published_on,
        title=page.title,
        summary=page.summary,
        text=text,
        tags=item_tags(page),
        url=page.url or "",
        folded=folded_copy(page.title, text),
    )
    with connection.cursor() as cursor:
        insert_index_row(cursor, connection.vendor, entry.id, entry.title, entry.text, entry.tags)


def folded_copy(title: str, text: str) -> str:
    """``SearchEntry.folded``: title and text with 繁体 folded, or "" when there is none."""
    if not (bigrams.has_traditional(title) or bigrams.has_traditional(text)):
        return ""
    return bigrams.fold_traditional(title) + "\n" + bigrams.fold_traditional(text)


def insert_index_row(cursor, vendor: str, row_id: int, title: str, text: str, tags: str) -> None:
    """Add one row to the bigram index (the SearchEntry row must exist on PostgreSQL)."""
    if vendor == "sqlite":
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, text, tags) VALUES (%s, %s, %s, %s)",
            [row_id, bigrams.gram_text(title), bigrams.gram_text(text), tags],
        )
    else:
        lexemes = set(bigrams.distinct_grams(title + "\n" + text)) | set(tags.split())
        cursor.execute(
            f"UPDATE {ENTRY_TABLE} SET grams = array_to_tsvector(%s::text[]) WHERE id = %s",
            [sorted(lexemes), row_id],
        )


def insert_document(cursor, vendor: str, doc: dict) -> int:
    """Index a plain document (benchmark, recall tests): ``n``, ``title``, ``text``,
    ``published_on``, optional ``agency_id``, ``validity``, ``topic``. Returns its row id."""
    row_id = entry_id(doc["published_on"], doc["n"] + 1)
    tags = " ".join(
        t
        for t in (
            f"a{doc['agency_id']}" if doc.get("agency_id") else "",
            topic_tag(doc["topic"]) if doc.get("topic") else "",
            f"v{doc.get('validity') or 'valid'}",
        )
        if t
    )
    cursor.execute(
        f"INSERT INTO {ENTRY_TABLE} (id, page_id, agency_id, category_name, topic, validity,"
        " published_on, title, summary, text, tags, url, folded)"
        " VALUES (%s, %s, %s, '', %s, %s, %s, %s, '', %s, %s, '', %s)",
        [
            row_id,
            -(doc["n"] + 1),
            doc.get("agency_id"),
            doc.get("topic", ""),
            doc.get("validity") or "valid",
            doc["published_on"],
            doc["title"],
            doc["text"],
            tags,
            folded_copy(doc["title"], doc["text"]),
        ],
    )
    insert_index_row(cursor, vendor, row_id, doc["title"], doc["text"], tags)
    return row_id


def rebuild() -> int:
    """Re-index every live item (``gongkai search_index``)."""
    from gongkai.catalogue.models import DisclosureItemPage, SearchEntry

    with transaction.atomic():
        for entry in SearchEntry.objects.all():
            unindex_page(entry.page_id)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
    count = 0
    for page in DisclosureItemPage.objects.live().specific():
        index_page(page)
        count += 1
    return count


# --- querying -----------------------------------------------------------------------------


@dataclass
class SearchQuery:
    q: str = ""
    agency_id: int | None = None
    category_id: int | None = None
    topic: str = ""
    year: int | None = None
    validity: str = ""
    order: str = "relevance"  # or "newest"
    page: int = 1  # relevance paging
    before: int | None = None  # newest-first keyset cursor (exclusive)
    per_page: int = 20

    @property
    def terms(self) -> list[str]:
        return bigrams.query_terms(self.q)

    def tags(self) -> list[str]:
        tags = []
        if self.agency_id:
            tags.append(f"a{self.agency_id}")
        if self.category_id:
            tags.append(f"c{self.category_id}")
        if self.topic:
            tags.append(topic_tag(self.topic))
        if self.validity:
            tags.append(f"v{self.validity}")
        return tags


@dataclass
class SearchResult:
    ids: list[int] = field(default_factory=list)
    count: int = 0
    count_capped: bool = False
    next_before: int | None = None
    has_next: bool = False
    rank_capped: bool = False
    terms: list[str] = field(default_factory=list)


def _range(query: SearchQuery) -> tuple[int | None, int | None]:
    lo = hi = None
    if query.year:
        lo, hi = year_range(query.year)
    if query.before is not None:
        hi = query.before - 1 if hi is None else min(hi, query.before - 1)
    return lo, hi


# --- SQLite: rare bigrams select, the text confirms, Python ranks -------------------------------
#
# Matching a multi-character term as an FTS5 phrase is exact but slow when its bigrams are
# common: FTS5 walks the position lists of 供热, 管网 ... through every document holding them
# (60-130 ms for three such terms at one million documents). Instead, a term longer than
# three characters is looked up by its three-character piece made of the rarest pair of
# adjacent bigrams (one short probe per bigram tells which), which selects a small superset
# of the matches in a few milliseconds; the stored text of each candidate then confirms the
# whole term, newest first, until enough matches are found. Should the pieces still select
# too many non-matching documents (``VERIFY_BUDGET``), the phrase query of the whole terms
# runs instead: the answer is always exact.


@dataclass
class _Plan:
    drivers: list[str]  # pieces of the terms matched in the index: every match holds them all
    verify: list[str]  # terms only a substring check decides (longer than their piece, 1 char)
    phrase_match: str  # the exact FTS5 expression (the fallback)

    @property
    def folds(self) -> bool:
        return bigrams.needs_folding(self.verify)


def _probe(cursor, vendor: str, token: str) -> tuple[int, int | None]:
    """How many of the newest ``PROBE`` documents hold ``token``, and the oldest of them."""
    if vendor == "sqlite":
        cursor.execute(
            f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s)",
            [f"{{title text}}: {bigrams.fts5_string(token)}", PROBE],
        )
    else:
        cursor.execute(
            f"SELECT count(*), min(id) FROM (SELECT id FROM {ENTRY_TABLE}"
            " WHERE grams @@ %s::tsquery ORDER BY id DESC LIMIT %s) s",
            [_pg_tsquery([token]), PROBE],
        )
    count, floor = cursor.fetchone()
    return count, floor


def _rarest_first(cursor, vendor: str, term: str) -> list[tuple[str, int, int | None]]:
    """The distinct bigrams of ``term`` with their probes, rarest first."""
    probes = []
    for gram in dict.fromkeys(bigrams.run_grams(term)):
        count, floor = _probe(cursor, vendor, gram)
        probes.append((gram, count, floor))
    # fewer hits among the newest documents, or the same number spread over a longer time
    probes.sort(key=lambda p: (p[1], p[2] or 0))
    return probes


def _window(cursor, floor: int | None) -> int:
    """Documents at or after row ``floor`` (all if None), capped at ``DENSITY_WINDOW``.

    Counted through the ``published_on`` index (rows are heavy: counting them by id would
    read their text); the rows of the floor's own day are counted by id within that day."""
    if not floor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {ENTRY_TABLE} LIMIT %s) s", [DENSITY_WINDOW]
        )
        return cursor.fetchone()[0]
    day = datetime.date.fromordinal(floor // ID_SCALE)
    cursor.execute(
        f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {ENTRY_TABLE} WHERE published_on > %s"
        f" LIMIT %s) a) + (SELECT count(*) FROM (SELECT 1 FROM {ENTRY_TABLE}"
        " WHERE published_on = %s AND id >= %s LIMIT %s) b)",
        [day, DENSITY_WINDOW, day, floor, DENSITY_WINDOW],
    )
    return min(cursor.fetchone()[0], DENSITY_WINDOW)


def _density(cursor, probes: list[tuple[str, int, int | None]]) -> float:
    """The share of documents holding a term, at most that of its rarest bigram: the probe's
    hits among the documents published since the oldest of them (all, when it found fewer)."""
    _gram, count, floor = probes[0]
    return ranking.density(count, _window(cursor, floor if count >= PROBE else None))


def _weights(terms: list[str], densities: dict[str, float]) -> list[float] | None:
    """Each term's idf (a one-character term counts as common); None for a single term."""
    if len(densities) < 2:
        return None  # one term: its weight cannot change the order
    return [ranking.idf(densities.get(term, 1.0)) for term in terms]


def _driver(term: str, probes: list[tuple[str, int, int | None]]) -> str:
    """The part of ``term`` looked up in the index: itself up to three characters, else the
    three-character piece whose two bigrams are the rarest pair (cheap for FTS5 to match as a
    phrase, and selective: few documents hold the piece without the whole term)."""
    if len(term) <= 3:
        return term
    rarity = {gram: order for order, (gram, _count, _floor) in enumerate(probes)}
    grams = bigrams.run_grams(term)
    best = min(
        range(len(grams) - 1),
        key=lambda i: sorted((rarity[grams[i]], rarity[grams[i + 1]]), reverse=True),
    )
    return term[best : best + 3]


def _plan(cursor, terms: list[str], tags: list[str]):
    """Which pieces FTS5 matches and which terms the text confirms; term densities."""
    drivers: list[str] = []
    verify: list[str] = []
    densities: dict[str, float] = {}
    pieces: dict[str, str] = {}
    for term in terms:
        if len(term) < 2:
            continue
        probes = _rarest_first(cursor, "sqlite", term)
        densities[term] = _density(cursor, probes)
        pieces[term] = _driver(term, probes)
    # A phrase of common bigrams is slow for FTS5 to intersect (it walks every match of the
    # phrase in the range it searches) and narrows little: such a term is left to the text
    # check when the other pieces already select few candidates, or when most candidates hold
    # it anyway. A two-character term is a single token, always cheap; the most selective
    # term is always looked up.
    most_selective = min(densities, key=densities.get, default=None)
    dense = []
    for term in terms:
        piece = pieces.get(term)
        if piece is None:
            verify.append(term)  # one character
        elif len(piece) == 2 or term == most_selective or densities[term] <= DENSE_TERM:
            drivers.append(piece)
            if piece != term:
                verify.append(term)
        else:
            dense.append(term)
    if dense:
        few_candidates = _sqlite_count(cursor, bigrams.fts5_match(drivers, tags), None, None, FEW)
        for term in dense:
            if few_candidates < FEW or densities[term] >= COMMON_TERM:
                verify.append(term)
            else:
                drivers.append(pieces[term])
                if pieces[term] != term:
                    verify.append(term)
    long_terms = [t for t in terms if len(t) >= 2]
    plan = _Plan(
        drivers=list(dict.fromkeys(drivers)),
        verify=verify,
        phrase_match=bigrams.fts5_match(long_terms, tags),
    )
    return plan, densities


def _texts(cursor, ids: list[int]) -> dict[int, ranking.Candidate]:
    if not ids:
        return {}
    cursor.execute(
        f"SELECT id, title, text, folded FROM {ENTRY_TABLE}"
        f" WHERE id IN ({', '.join(['%s'] * len(ids))})",
        ids,
    )
    return {row[0]: _candidate(row) for row in cursor.fetchall()}


def _candidate(row) -> ranking.Candidate:
    """A candidate from (id, title, text, folded): the folded copy when the entry has one."""
    entry_id, title, text, folded = row
    if folded:
        title, _newline, text = folded.partition("\n")
    return ranking.Candidate(entry_id, title, text)


def _holds(candidate: ranking.Candidate, terms: list[str], fold: bool) -> bool:
    if not terms:
        return True
    haystack = candidate.title + "\n" + candidate.text
    if fold:
        haystack = bigrams.normalise(haystack)
    return all(term in haystack for term in terms)


def _sqlite_where(match: str, lo, hi) -> tuple[str, list]:
    where = f"{FTS_TABLE} MATCH %s"
    params: list = [match]
    if lo is not None:
        where += " AND rowid >= %s"
        params.append(lo)
    if hi is not None:
        where += " AND rowid <= %s"
        params.append(hi)
    return where, params


def _sqlite_matches(cursor, match: str, lo, hi, limit: int) -> list[int]:
    where, params = _sqlite_where(match, lo, hi)
    cursor.execute(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT %s",
        [*params, limit],
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_count(cursor, match: str, lo, hi, cap: int) -> int:
    where, params = _sqlite_where(match, lo, hi)
    cursor.execute(
        f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {where} LIMIT %s)",
        [*params, cap],
    )
    return cursor.fetchone()[0]


def _newest_matches(cursor, plan: _Plan, match: str, lo, hi, need: int, with_text: bool):
    """Up to ``need`` matches, newest first, as Candidates (text loaded when asked or needed).

    Returns None when confirming them would read more than ``VERIFY_BUDGET`` non-matching
    candidates (the caller then asks the exact phrase query instead).
    """
    found: list[ranking.Candidate] = []
    checked = 0
    fold = plan.folds
    chunk = min(max(need + need // 4, MIN_CHUNK), 2000)
    while True:
        ids = _sqlite_matches(cursor, match, lo, hi, chunk)
        if plan.verify or with_text:
            texts = _texts(cursor, ids)
            candidates = [texts[i] for i in ids if i in texts]
        else:
            candidates = [ranking.Candidate(i, "", "") for i in ids]
        for candidate in candidates:
            if _holds(candidate, plan.verify, fold):
                found.append(candidate)
                if len(found) >= need:
                    return found
        checked += len(ids)
        if len(ids) < chunk:
            return found
        if checked - len(found) > VERIFY_BUDGET:
            return None
        hi = ids[-1] - 1


def _sqlite_search(query: SearchQuery) -> SearchResult:
    terms = query.terms
    tags = query.tags()
    result = SearchResult(terms=terms)
    lo, hi = _range(query)
    year_lo, year_hi = year_range(query.year) if query.year else (None, None)
    with connection.cursor() as cursor:
        plan, densities = _plan(cursor, terms, tags)
        match = bigrams.fts5_match(plan.drivers, tags)
        if not match:
            return result

        def newest(lo, hi, need, with_text=False):
            found = _newest_matches(cursor, plan, match, lo, hi, need, with_text)
            if found is None:  # rare bigrams were not selective enough: the exact phrases
                if any(len(t) < 2 for t in plan.verify):  # one-character terms: check them all
                    texts = _texts(cursor, _sqlite_matches(cursor, plan.phrase_match, lo, hi, -1))
                    found = [c for c in texts.values() if _holds(c, plan.verify, plan.folds)]
                    found = sorted(found, key=lambda c: -c.id)[:need]
                else:
                    ids = _sqlite_matches(cursor, plan.phrase_match, lo, hi, need)
                    texts = _texts(cursor, ids) if with_text else {}
                    found = [texts.get(i) or ranking.Candidate(i, "", "") for i in ids]
            return found

        if query.order == "newest":
            # the total ignores the keyset cursor (it is the same on every page). Confirming
            # up to COUNT_CAP texts would cost more than FTS5 counting the exact phrases, which
            # is cheap when the matches are many (it stops at the cap).
            selected = _sqlite_count(cursor, match, year_lo, year_hi, COUNT_CAP + 1)
            if plan.verify and selected > FEW and not any(len(t) < 2 for t in plan.verify):
                total = _sqlite_count(cursor, plan.phrase_match, year_lo, year_hi, COUNT_CAP + 1)
            elif plan.verify:
                total = len(newest(year_lo, year_hi, COUNT_CAP + 1))
            else:
                total = selected
            result.count = min(total, COUNT_CAP)
            result.count_capped = total > COUNT_CAP
            page = newest(lo, hi, query.per_page + 1)
            result.has_next = len(page) > query.per_page
            result.ids = [c.id for c in page[: query.per_page]]
            result.next_before = result.ids[-1] if result.has_next else None
            return result
        # relevance: ranked over the newest RANK_CAP matches (the page says when there are more)
        candidates = newest(lo, hi, RANK_CAP + 1, with_text=True)
        result.rank_capped = result.count_capped = len(candidates) > RANK_CAP
        candidates = candidates[:RANK_CAP]
        result.count = len(candidates)
        order = ranking.rank(candidates, terms, _weights(terms, densities))
        offset = (max(query.page, 1) - 1) * query.per_page
        result.ids = order[offset : offset + query.per_page]
        result.has_next = len(order) > offset + query.per_page
        return result


def _pg_tsquery(lexemes: list[str]) -> str:
    return " & ".join("'" + lex.replace("'", "''").replace("\\", "\\\\") + "'" for lex in lexemes)


def _pg_search(query: SearchQuery) -> SearchResult:
    terms = query.terms
    result = SearchResult(terms=terms)
    lexemes: list[str] = []
    for term in terms:
        if len(term) >= 2:
            lexemes += bigrams.run_grams(term)
    lexemes += query.tags()
    if not lexemes and not terms:
        return result
    where = []
    params: list = []
    if lexemes:
        where.append("grams @@ %s::tsquery")
        params.append(_pg_tsquery(sorted(set(lexemes))))
    hay = "lower(CASE WHEN folded <> '' THEN folded ELSE title || ' ' || text END)"
    for term in terms:
        where.append(f"strpos({hay}, %s) > 0")
        params.append(term)
    if query.year:
        where.append("id >= %s AND id <= %s")
        params += list(year_range(query.year))
    count_where, count_params = " AND ".join(where), list(params)
    if query.before is not None:
        where.append("id < %s")
        params.append(query.before)
    sql_where = " AND ".join(where)
    cap = COUNT_CAP if query.order == "newest" else RANK_CAP  # as on SQLite
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {ENTRY_TABLE} WHERE {count_where} LIMIT %s) s",
            [*count_params, cap + 1],
        )
        count = cursor.fetchone()[0]
        result.count = min(count, cap)
        result.count_capped = count > cap
        if query.order == "newest":
            cursor.execute(
                f"SELECT id FROM {ENTRY_TABLE} WHERE {sql_where} ORDER BY id DESC LIMIT %s",
                [*params, query.per_page + 1],
            )
            ids = [row[0] for row in cursor.fetchall()]
            result.has_next = len(ids) > query.per_page
            result.ids = ids[: query.per_page]
            result.next_before = result.ids[-1] if result.has_next else None
            return result
        # relevance: the newest RANK_CAP matches, ranked as on SQLite (``ranking``)
        cursor.execute(
            f"SELECT id, title, text, folded FROM {ENTRY_TABLE} WHERE {sql_where}"
            " ORDER BY id DESC LIMIT %s",
            [*params, RANK_CAP],
        )
        candidates = [_candidate(row) for row in cursor.fetchall()]
        long_terms = [t for t in terms if len(t) >= 2]
        densities = (
            {t: _density(cursor, _rarest_first(cursor, "postgresql", t)) for t in long_terms}
            if len(long_terms) > 1
            else {}
        )
        order = ranking.rank(candidates, terms, _weights(terms, densities))
        offset = (max(query.page, 1) - 1) * query.per_page
        result.rank_capped = count > RANK_CAP
        result.ids = order[offset : offset + query.per_page]
        result.has_next = len(order) > offset + query.per_page
        return result


def _scan_search(query: SearchQuery) -> SearchResult:
    """Queries of one-character terms only: a substring scan (no index can help)."""
    import re as _re

    from django.db.models import Q

    from gongkai.catalogue.models import SearchEntry

    qs = SearchEntry.objects.all()
    for term in query.terms:
        # the term is folded; 繁体 entries keep a folded copy
        qs = qs.filter(
            Q(title__icontains=term) | Q(text__icontains=term) | Q(folded__icontains=term)
        )
    for tag in query.tags():
        qs = qs.filter(tags__regex=rf"(^| ){_re.escape(tag)}( |$)")
    if query.year:
        lo, hi = year_range(query.year)
        qs = qs.filter(id__gte=lo, id__lte=hi)
    result = SearchResult(terms=query.terms)
    result.count = qs[: COUNT_CAP + 1].count()
    result.count_capped = result.count > COUNT_CAP
    result.count = min(result.count, COUNT_CAP)
    qs = qs.order_by("-id")
    if query.order == "newest" and query.before is not None:
        qs = qs.filter(id__lt=query.before)
        offset = 0
    else:
        offset = 0 if query.order == "newest" else (max(query.page, 1) - 1) * query.per_page
    ids = list(qs.values_list("id", flat=True)[offset : offset + query.per_page + 1])
    result.has_next = len(ids) > query.per_page
    result.ids = ids[: query.per_page]
    if query.order == "newest" and result.has_next:
        result.next_before = result.ids[-1]
    return result


def search(query: SearchQuery) -> SearchResult:
    """Run a search; the result holds SearchEntry ids in display order."""
    if not query.terms:
        return SearchResult()
    if all(len(t) < 2 for t in query.terms):
        return _scan_search(query)
    if connection.vendor == "sqlite":
        return _sqlite_search(query)
    return _pg_search(query)


# --- presentation -------------------------------------------------------------------------


def highlight(text: str, terms: list[str]) -> str:
    """HTML-escaped ``text`` with every term occurrence wrapped in <mark>."""
    out, pos = [], 0
    for start, end in bigrams.highlight_spans(text, terms):
        out.append(html.escape(text[pos:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def snippet(text: str, terms: list[str], width: int = 120) -> str:
    """A window of ``text`` around the first hit, highlighted (HTML)."""
    text = re.sub(r"\s+", " ", text).strip()
    spans = bigrams.highlight_spans(text, terms)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return prefix + highlight(piece, terms) + suffix
