"""Benchmark of the catalogue's Chinese full-text search (bigram FTS5 on SQLite).

    .venv/bin/python bench/search.py                 # 100,000 documents
    .venv/bin/python bench/search.py --docs 1000000  # the 1M goal: p95 < 50 ms, recall 1.0
    .venv/bin/python bench/search.py --docs 20000 --queries 200 --db /tmp/bench.sqlite3

Generates N documents of government text (gongkai.catalogue.corpus), indexes them with the
same code the site uses (gongkai.catalogue.search.insert_document), then runs 1-3 term
queries through gongkai.catalogue.search.search, first page of 20 by relevance, and measures
latency and recall against a substring scan of every document. Prints a table and ends with
one JSON line: {"bench": "search", "docs": N, "index_s", "index_mb", "p50_ms", "p95_ms",
"recall", ...}.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def setup_django(db_path: str) -> None:
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": db_path,
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"},
            }
        },
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()


ENTRY_DDL = """CREATE TABLE IF NOT EXISTS catalogue_searchentry (
    id bigint PRIMARY KEY, page_id bigint UNIQUE, agency_id bigint, category_name text,
    topic text, validity text, published_on date, title text, summary text, text text,
    tags text, url text, folded text NOT NULL DEFAULT '')"""
ENTRY_INDEX = (  # as the model declares it (Meta.indexes): the density probe counts through it
    "CREATE INDEX IF NOT EXISTS catalogue_searchentry_published_on"
    " ON catalogue_searchentry (published_on)"
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", help="SQLite file (default: a temporary file, removed after)")
    parser.add_argument(
        "--recall-docs",
        type=int,
        default=20_000,
        help="substring scan over the first K documents for recall (0 = all)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="query the index an earlier run left in --db instead of building one"
        " (index time and size are then those of the file as found)",
    )
    args = parser.parse_args(argv)
    if args.reuse and not (args.db and os.path.exists(args.db)):
        parser.error("--reuse needs --db naming an existing benchmark database")

    tmpdir = None
    db_path = args.db
    if db_path is None:
        tmpdir = tempfile.mkdtemp(prefix="gongkai-bench-")
        db_path = os.path.join(tmpdir, "search.sqlite3")
    setup_django(db_path)

    from django.db import connection, transaction

    from gongkai.catalogue import search as S
    from gongkai.catalogue.corpus import Corpus

    corpus = Corpus()
    with connection.cursor() as cursor:
        cursor.execute(ENTRY_DDL)
        cursor.execute(ENTRY_INDEX)
        for sql in S.SQLITE_DDL:
            cursor.execute(sql)

    started = time.perf_counter()
    generating = 0.0
    kept = []
    chars = 0
    batch = 5000
    n = 0
    if args.reuse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM catalogue_searchentry")
            args.docs = n = cursor.fetchone()[0]
            cursor.execute(
                "SELECT id, title || char(10) || text FROM catalogue_searchentry"
                + (" WHERE page_id >= %s" if args.recall_docs else ""),
                [-args.recall_docs] if args.recall_docs else [],
            )
            kept = cursor.fetchall()
        print(f"querying the {n:,} documents already in {db_path}", flush=True)
    else:
        print(f"indexing {args.docs:,} documents into {db_path} ...", flush=True)
    while n < args.docs:
        with transaction.atomic(), connection.cursor() as cursor:
            t_gen = time.perf_counter()
            docs = list(corpus.documents(min(batch, args.docs - n)))
            generating += time.perf_counter() - t_gen
            for doc in docs:
                doc["n"] = n
                doc["row_id"] = S.insert_document(cursor, "sqlite", doc)
                chars += len(doc["text"]) + len(doc["title"])
                if args.recall_docs == 0 or n < args.recall_docs:
                    kept.append((doc["row_id"], doc["title"] + "\n" + doc["text"]))
                n += 1
        if n % 100_000 == 0:
            print(f"  {n:,} docs, {time.perf_counter() - started:.0f} s", flush=True)
    if not args.reuse:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {S.FTS_TABLE}({S.FTS_TABLE}) VALUES('optimize')")
    index_s = None if args.reuse else time.perf_counter() - started - generating
    connection.close()
    size = sum(os.path.getsize(p) for p in (db_path, db_path + "-wal") if os.path.exists(p))
    fts_mb = None
    with connection.cursor() as cursor:
        if _has_dbstat(cursor):
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'catalogue_search_fts%'")
            row = cursor.fetchone()
            fts_mb = row[0] / 1e6 if row and row[0] else None

    queries = corpus.queries(args.queries)
    latencies = []
    by_terms: dict[int, list[float]] = {1: [], 2: [], 3: []}
    found = expected_total = 0
    per_query_recall = []
    for terms in queries:
        q = " ".join(terms)
        t0 = time.perf_counter()
        S.search(S.SearchQuery(q=q, per_page=20))
        ms = (time.perf_counter() - t0) * 1000
        latencies.append(ms)
        by_terms[len(terms)].append(ms)
        # recall: every matching document among the kept ones must be found (newest-first,
        # all pages, keyset), compared with a plain substring scan
        expected = {rid for rid, text in kept if all(t in text for t in terms)}
        if expected:
            got = set()
            floor = min(expected)
            before = None
            while True:
                r = S.search(S.SearchQuery(q=q, order="newest", before=before, per_page=500))
                got.update(i for i in r.ids if i >= floor)
                if not r.has_next or (r.ids and r.ids[-1] < floor):
                    break
                before = r.next_before
            hit = len(expected & got)
            found += hit
            expected_total += len(expected)
            per_query_recall.append(hit / len(expected))

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    recall = found / expected_total if expected_total else 1.0
    print()
    print(
        f"documents            {args.docs:>12,}"
        + (f"   ({chars / 1e6:.1f} M chars)" if chars else "")
    )
    if index_s is None:
        print("index time                    -     (index reused: --reuse)")
    else:
        print(f"index time           {index_s:>12.1f} s   (+ {generating:.1f} s generating text)")
    print(
        f"database size        {size / 1e6:>12.1f} MB"
        + (f"   (FTS {fts_mb:.1f} MB)" if fts_mb else "")
    )
    print(f"queries              {len(queries):>12}")
    print(f"latency p50          {statistics.median(latencies):>12.2f} ms")
    print(f"latency p95          {pct(latencies, 95):>12.2f} ms")
    print(f"latency max          {max(latencies):>12.2f} ms")
    for k, values in by_terms.items():
        if values:
            print(
                f"  {k}-term p50 / p95    {statistics.median(values):>8.2f} / {pct(values, 95):.2f} ms"
            )
    print(
        f"recall vs substring  {recall:>12.4f}   ({found:,} of {expected_total:,} matches, "
        f"{len(kept):,} docs scanned)"
    )
    if tmpdir:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(db_path + suffix)
            except FileNotFoundError:
                pass
        os.rmdir(tmpdir)
    print(
        json.dumps(
            {
                "bench": "search",
                "docs": args.docs,
                "index_s": round(index_s, 1) if index_s is not None else None,
                "index_mb": round(fts_mb if fts_mb else size / 1e6, 1),
                "db_mb": round(size / 1e6, 1),
                "p50_ms": round(statistics.median(latencies), 2),
                "p95_ms": round(pct(latencies, 95), 2),
                "max_ms": round(max(latencies), 2),
                "recall": round(recall, 4),
                "queries": len(queries),
                "recall_docs": len(kept),
            },
            ensure_ascii=False,
        )
    )
    return 0


def _has_dbstat(cursor) -> bool:
    try:
        cursor.execute("SELECT 1 FROM dbstat LIMIT 1")
        cursor.fetchall()
        return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
