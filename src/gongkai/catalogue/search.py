"""Chinese full-text search over published items: a bigram index on SQLite and PostgreSQL.

Design (performance-notes §B):

* Recall: every term of >= 2 characters becomes the phrase of its overlapping bigrams, so a
  document matches exactly when it contains the term (see ``bigrams``). Terms of one character
  fall back to a substring scan.
* SQLite: a contentless FTS5 table ``catalogue_search_fts(title, text, tags)`` with the
  ``unicode61`` tokenizer over space-joined bigrams; relevance is ``bm25`` (title weighted 10x).
* PostgreSQL: a ``tsvector`` of the distinct bigrams (``array_to_tsvector``, no parser
  involved) with a GIN index selects candidates; ``strpos`` rechecks the exact substring, so
  precision is 1 too. Relevance: a hit in the title first, then recency. Client-side binding
  only (never ``server_side_binding``: it made generic plans 100x slower in §B).
* Filters (agency incl. sub-agencies, category, 主题分类, 有效性) are tokens in the ``tags``
  column, intersected inside the index; the year is a range of the row id.
* The row id is ``publication date ordinal * 10^9 + page id``: newest-first paging is a keyset
  (``rowid < cursor``) and stays cheap past 10,000 results.
* Near-universal terms: relevance ranking runs over the newest ``RANK_CAP`` matches only (the
  candidate set is cut by rowid, which FTS5 applies inside the index); when a query has more
  matches than that, the page says so and newest-first order reaches the rest.
"""

import datetime
import hashlib
import html
import logging
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.html import strip_tags

from gongkai.catalogue import bigrams

log = logging.getLogger(__name__)

FTS_TABLE = "catalogue_search_fts"
ENTRY_TABLE = "catalogue_searchentry"
RANK_CAP = 1000
RANK_FUNCTION = "bm25(10.0, 1.0, 0.0)"  # title x10, text x1, tags 0
COUNT_CAP = 10000
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

            with document.file.open("rb") as handle:
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
        text=item_text(page),
        tags=item_tags(page),
        url=page.url or "",
    )
    with connection.cursor() as cursor:
        insert_index_row(cursor, connection.vendor, entry.id, entry.title, entry.text, entry.tags)


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
        " published_on, title, summary, text, tags, url)"
        " VALUES (%s, %s, %s, '', %s, %s, %s, %s, '', %s, %s, '')",
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


def _sqlite_search(query: SearchQuery) -> SearchResult:
    terms = query.terms
    long_terms = [t for t in terms if len(t) >= 2]
    match = bigrams.fts5_match(long_terms, query.tags())
    result = SearchResult(terms=terms)
    if not match:
        return result
    lo, hi = _range(query)
    where = f"{FTS_TABLE} MATCH %s"
    params: list = [match]
    if lo is not None:
        where += " AND rowid >= %s"
        params.append(lo)
    if hi is not None:
        where += " AND rowid <= %s"
        params.append(hi)
    short = [t for t in terms if len(t) < 2]
    with connection.cursor() as cursor:
        if short:  # one-character terms: bigram candidates, then a substring check
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC", params
            )
            ids = _substring_filter([row[0] for row in cursor.fetchall()], short)
            return _page_ids(ids, query, result)
        # the total ignores the keyset cursor (it is the same on every page)
        count_where = f"{FTS_TABLE} MATCH %s"
        count_params: list = [match]
        if query.year:
            count_where += " AND rowid >= %s AND rowid <= %s"
            count_params += list(year_range(query.year))

        def count_matches() -> int:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {count_where}"
                " LIMIT %s)",
                [*count_params, COUNT_CAP + 1],
            )
            return cursor.fetchone()[0]

        if query.order == "newest":
            count = count_matches()
            result.count, result.count_capped = min(count, COUNT_CAP), count > COUNT_CAP
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT %s",
                [*params, query.per_page + 1],
            )
            ids = [row[0] for row in cursor.fetchall()]
            result.has_next = len(ids) > query.per_page
            result.ids = ids[: query.per_page]
            result.next_before = result.ids[-1] if result.has_next else None
            return result
        # relevance: bm25 over the newest RANK_CAP matches. A rowid-ordered pass (cheap: no
        # scoring) finds the cut-off; FTS5's own "ORDER BY rank" then ranks inside it.
        cursor.execute(
            f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {where}"
            " ORDER BY rowid DESC LIMIT %s)",
            [*params, RANK_CAP],
        )
        count, floor = cursor.fetchone()
        rank_where, rank_params = where, list(params)
        if count >= RANK_CAP:
            cursor.execute(
                f"SELECT 1 FROM {FTS_TABLE} WHERE {where} AND rowid < %s LIMIT 1",
                [*params, floor],
            )
            if cursor.fetchone():
                # more than RANK_CAP: counting further would cost a pass over every match
                result.rank_capped = True
                result.count_capped = True
                rank_where += " AND rowid >= %s"
                rank_params.append(floor)
        result.count = count
        if not result.count:
            return result
        offset = (max(query.page, 1) - 1) * query.per_page
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {rank_where} AND rank MATCH %s"
            " ORDER BY rank LIMIT %s OFFSET %s",
            [*rank_params, RANK_FUNCTION, query.per_page + 1, offset],
        )
        ids = [row[0] for row in cursor.fetchall()]
        result.has_next = len(ids) > query.per_page
        result.ids = ids[: query.per_page]
        return result


def _substring_filter(ids: list[int], terms: list[str]) -> list[int]:
    from gongkai.catalogue.models import SearchEntry

    keep = set()
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for pk, title, text in SearchEntry.objects.filter(id__in=chunk).values_list(
            "id", "title", "text"
        ):
            hay = bigrams.normalise(title + "\n" + text)
            if all(t in hay for t in terms):
                keep.add(pk)
    return [i for i in ids if i in keep]


def _page_ids(ids: list[int], query: SearchQuery, result: SearchResult) -> SearchResult:
    result.count = len(ids)
    start = (max(query.page, 1) - 1) * query.per_page
    result.ids = ids[start : start + query.per_page]
    result.has_next = len(ids) > start + query.per_page
    if query.order == "newest" and result.has_next:
        result.next_before = result.ids[-1]
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
    hay = "lower(title || ' ' || text)"
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
        title_hits = " + ".join(["(strpos(lower(title), %s) > 0)::int"] * len(terms)) or "0"
        offset = (max(query.page, 1) - 1) * query.per_page
        cursor.execute(
            f"SELECT id FROM (SELECT id, title FROM {ENTRY_TABLE} WHERE {sql_where}"
            f" ORDER BY id DESC LIMIT %s) c ORDER BY ({title_hits}) DESC, id DESC LIMIT %s OFFSET %s",
            [*params, RANK_CAP, *terms, query.per_page + 1, offset],
        )
        result.rank_capped = count > RANK_CAP
        ids = [row[0] for row in cursor.fetchall()]
        result.has_next = len(ids) > query.per_page
        result.ids = ids[: query.per_page]
        return result


def _scan_search(query: SearchQuery) -> SearchResult:
    """Queries of one-character terms only: a substring scan (no index can help)."""
    import re as _re

    from django.db.models import Q

    from gongkai.catalogue.models import SearchEntry

    qs = SearchEntry.objects.all()
    for term in query.terms:
        qs = qs.filter(Q(title__icontains=term) | Q(text__icontains=term))
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
