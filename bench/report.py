"""Benchmark of the annual report builder on a year of generated applications.

    .venv/bin/python bench/report.py                          # 100,000 applications, SQLite
    .venv/bin/python bench/report.py --applications 1000000   # the goal: city <= 2x raw GROUP BY
    .venv/bin/python bench/report.py --applications 20000 --database-url postgres://u:p@host/db

Creates a fresh database (a temporary SQLite file unless ``--database-url`` names one; that
database is migrated and the bench's rows are added to it), 50 agencies under one city, and
N applications in the real ``applications_application`` table (bulk SQL: executemany on
SQLite, COPY on PostgreSQL): about 88% received in the report year, the rest the year before,
some answered in the following year (carried over), applicant types and outcomes skewed as in
real reports. Then it measures, in the same run and on the same rows:

* ``agency_ms``: ``reports.services.annual_report_build`` for the busiest agency (a rebuild:
  table 三 from ``applications.selectors.report_counts``, registers, cases, checks, save);
* ``city_ms``: the consolidated city report over all 50 agencies (one GROUP BY);
* ``raw_groupby_ms``: the hand-written SQL GROUP BY that table 三 needs, over the same rows.

Each figure is the median of ``--repeat`` runs after one warm-up. Ends with one JSON line:
{"bench": "report", "applications": N, "agency_ms", "city_ms", "raw_groupby_ms", "ratio", ...}
where ratio = city_ms / raw_groupby_ms (goal <= 2).
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

# bench/ holds calendar.py (another benchmark): keep it from shadowing the standard library.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
sys.path.insert(0, str(_here.parent / "src"))


def setup(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["GONGKAI_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_agencies(n: int):
    from gongkai.agencies.models import Agency

    root = Agency.objects.filter(slug="bench-city").first()
    if root is None:
        root = Agency.add_root(slug="bench-city", name="基准市人民政府", kind="government")
    have = Agency.objects.filter(slug__startswith="bench-d").count()
    for i in range(have, n):
        root = Agency.objects.get(pk=root.pk)
        root.add_child(slug=f"bench-d{i:02d}", name=f"基准市第{i + 1:02d}局", kind="department")
    root = Agency.objects.get(pk=root.pk)
    agencies = list(Agency.objects.filter(slug__startswith="bench-d").order_by("slug"))
    return root, agencies


OUTCOME_WEIGHTS = {
    "result.open": 38,
    "result.open.already": 6,
    "result.partial": 12,
    "result.refuse.4": 3,
    "result.refuse.5": 2,
    "result.refuse.6": 2,
    "result.refuse.7": 1,
    "result.refuse.8": 1,
    "result.unable.1": 18,
    "result.unable.1.not_responsible": 4,
    "result.unable.2": 3,
    "result.unable.3": 1,
    "result.no_process.1": 2,
    "result.no_process.2": 2,
    "result.no_process.4": 1,
    "result.other.1": 2,
    "result.other.2": 1,
    "result.other.3": 1,
}
TYPE_WEIGHTS = {
    "natural_person": 80,
    "commercial": 11,
    "research": 1,
    "public_interest": 1,
    "legal_services": 5,
    "other": 2,
}


def generate(n: int, agency_ids: list[int], year: int, seed: int = 20250131):
    """Rows of (agency_id, applicant_type, outcome, received_on, replied_on, reply_due, i)."""
    rnd = random.Random(seed)
    weights = [1 / (i + 1) ** 0.8 for i in range(len(agency_ids))]  # a few busy agencies
    agencies = rnd.choices(agency_ids, weights, k=n)
    types = rnd.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()), k=n)
    outcomes = rnd.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()), k=n)
    start = datetime.date(year - 1, 1, 1)
    for i in range(n):
        if rnd.random() < 0.88:
            received = datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randrange(365))
        else:
            received = start + datetime.timedelta(days=rnd.randrange(365))
        due = received + datetime.timedelta(days=28)
        r = rnd.random()
        if r < 0.02:
            replied = None  # still open
        else:
            replied = received + datetime.timedelta(days=rnd.randrange(2, 40))
        yield agencies[i], types[i], outcomes[i] if replied else "", received, replied, due, i


def insert_applications(n: int, agency_ids: list[int], year: int) -> float:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.applications.models import Application

    table = Application._meta.db_table
    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    now = timezone.now()
    base = {}
    for f in fields:
        if f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            value = ""
        base[f.attname] = value
    base.update(
        {
            "applicant_name": "基准申请人",
            "info_title": "某某文件",
            "provision_form": "electronic",
            "receipt_method": "email",
            "channel": "online",
            "created_at": now,
            "updated_at": now,
            "reply": "{}",
            "form_token": None,
        }
    )
    sqlite = connection.vendor == "sqlite"

    def plain(v):
        if sqlite and isinstance(v, datetime.datetime | datetime.date):
            return v.isoformat()
        if isinstance(v, dict):
            return json.dumps(v)
        return v

    started = time.perf_counter()
    order = [f.attname for f in fields]
    batch = []
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    with transaction.atomic():
        cursor = connection.cursor()
        copy = None
        if not sqlite:
            raw = cursor.cursor
            copy_cm = raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")
            copy = copy_cm.__enter__()
        for agency_id, atype, outcome, received, replied, due, i in generate(n, agency_ids, year):
            row = dict(base)
            row.update(
                agency_id=agency_id,
                tracking_number=f"B{year}-{i:07d}",
                tracking_year=received.year,
                applicant_type=atype,
                submitted_on=received,
                received_on=received,
                received_year=received.year,
                reply_due=due,
                replied_on=replied,
                replied_year=replied.year if replied else None,
                outcome=outcome,
                state="closed" if replied else "in_progress",
            )
            values = [plain(row[a]) for a in order]
            if copy is not None:
                copy.write_row(values)
                continue
            batch.append(values)
            if len(batch) >= 20000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
        if copy is not None:
            copy_cm.__exit__(None, None, None)
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: statistics, and on PostgreSQL the
        # visibility map without which an index-only scan still reads every heap page.
        cursor.execute("ANALYZE" if sqlite else f"VACUUM (ANALYZE) {table}")
    return time.perf_counter() - started


def timed(fn, repeat: int) -> float:
    fn()  # warm-up (and first build)
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def raw_groupby(agency_ids: list[int], year: int):
    from django.db import connection

    from gongkai.applications.models import Application

    table = Application._meta.db_table
    marks = ", ".join(["%s"] * len(agency_ids))
    sql = (
        f"SELECT applicant_type, outcome, received_year, replied_year, COUNT(*) FROM {table} "
        f"WHERE agency_id IN ({marks}) AND received_year <= %s "
        f"AND (replied_year IS NULL OR replied_year >= %s) GROUP BY 1, 2, 3, 4"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*agency_ids, year, year])
        return cursor.fetchall()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--database-url", help="database to use (default: a temporary SQLite file, removed after)"
    )
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="gongkai-bench-report-")
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    t0 = time.perf_counter()
    setup(url, tmp)
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import annual_report_build

    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - t0:.1f} s")
    root, agencies = make_agencies(args.agencies)
    ids = [a.id for a in agencies]
    Application.objects.filter(agency_id__in=ids).delete()
    AnnualReport.objects.filter(agency__slug__startswith="bench-").delete()
    load_s = insert_applications(args.applications, ids, args.year)
    print(
        f"inserted {args.applications:,} applications across {len(ids)} agencies in {load_s:.1f} s"
    )

    busiest = agencies[0]
    agency_ms = timed(lambda: annual_report_build(agency=busiest, year=args.year), args.repeat)
    city_ms = timed(
        lambda: annual_report_build(agency=root, year=args.year, scope="consolidated"),
        args.repeat,
    )
    raw_ms = timed(lambda: raw_groupby([root.id, *ids], args.year), args.repeat)
    from gongkai.applications.selectors import report_counts
    from gongkai.rules.outcomes import format_for_year

    counts_ms = timed(
        lambda: report_counts([root.id, *ids], args.year, format_for_year(args.year)),
        args.repeat,
    )
    city = AnnualReport.objects.get(agency=root, year=args.year, scope="consolidated")
    apps = city.tables["applications"]
    new, carried_in = apps["new"][6], apps["carried_in"][6]
    answered, carried_out = apps["result.total"][6], apps["carried_out"][6]
    failed = [p for p in city.check_problems if p.get("severity") == "error"]

    print(f"{'measure':<34}{'ms':>10}")
    print(f"{'one agency report (rebuild)':<34}{agency_ms:>10.1f}")
    print(f"{'city report, 50 agencies':<34}{city_ms:>10.1f}")
    print(f"{'raw SQL GROUP BY, same rows':<34}{raw_ms:>10.1f}")
    print(f"{'  (table 三 selector alone)':<34}{counts_ms:>10.1f}")
    print(f"city / raw = {city_ms / raw_ms:.2f} (goal <= 2)")
    print(
        f"city table 三: new {new:,} + carried in {carried_in:,} = answered {answered:,}"
        f" + carried out {carried_out:,}; failed checks: {len(failed)}"
    )
    print(
        json.dumps(
            {
                "bench": "report",
                "applications": args.applications,
                "agencies": len(ids),
                "database": connection.vendor,
                "agency_ms": round(agency_ms, 1),
                "city_ms": round(city_ms, 1),
                "raw_groupby_ms": round(raw_ms, 1),
                "counts_ms": round(counts_ms, 1),
                "ratio": round(city_ms / raw_ms, 2),
                "load_s": round(load_s, 1),
                "failed_checks": len(failed),
            }
        )
    )
    if not args.database_url:
        import shutil

        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
