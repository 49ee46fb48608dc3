"""applications.selectors.report_counts: the annual-report table 三 counted from cases."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.applications.selectors import report_counts, report_rows

from .conftest import make_row


def test_semantics_new_carried_results(agency):
    # Received 2025, replied 2026 → carried out of 2025, carried into 2026, result in 2026.
    make_row(agency, received="2025-12-20", replied="2026-01-10", outcome="result.open")
    # Received and replied in 2026, organisation columns.
    make_row(
        agency,
        applicant_type="commercial",
        received="2026-03-01",
        replied="2026-03-20",
        outcome="result.partial",
    )
    make_row(
        agency,
        applicant_type="legal_services",
        received="2026-04-01",
        replied="2026-04-20",
        outcome="result.refuse.4",
    )
    make_row(
        agency, received="2026-05-01", replied="2026-05-20", outcome="result.open.already"
    )  # Art. 36(一) → 予以公开
    make_row(
        agency,
        received="2026-05-01",
        replied="2026-05-21",
        outcome="result.unable.1.not_responsible",
    )  # 36(五) → 无法提供 1
    make_row(agency, received="2026-06-01", replied="2026-06-30", outcome="result.other.1")
    # Received 2026, still open at year end → carried out.
    make_row(agency, applicant_type="research", received="2026-12-30")
    # Awaiting confirmation: no received date → not counted anywhere.
    make_row(agency, received=None, state="awaiting_confirmation")
    # Finished before 2026: not in 2026 at all.
    make_row(agency, received="2024-03-01", replied="2024-03-10", outcome="result.open")

    c = report_counts([agency.id], 2026, "2021")
    assert list(c) == list(report_rows("2021"))
    assert c["new"] == [3, 1, 1, 0, 1, 0, 6]
    assert c["carried_in"] == [1, 0, 0, 0, 0, 0, 1]
    assert c["result.open"] == [2, 0, 0, 0, 0, 0, 2]
    assert c["result.partial"] == [0, 1, 0, 0, 0, 0, 1]
    assert c["result.refuse.4"] == [0, 0, 0, 0, 1, 0, 1]
    assert c["result.unable.1"] == [1, 0, 0, 0, 0, 0, 1]
    assert c["result.other.1"] == [1, 0, 0, 0, 0, 0, 1]
    assert c["result.total"][6] == 6
    assert c["carried_out"] == [0, 0, 1, 0, 0, 0, 1]
    for col in range(7):  # the official cross-check holds by construction
        assert (
            c["new"][col] + c["carried_in"][col] == c["result.total"][col] + c["carried_out"][col]
        )

    c25 = report_counts([agency.id], 2025, "2021")
    assert c25["new"][6] == 1 and c25["carried_out"][6] == 1 and c25["result.total"][6] == 0

    c19 = report_counts([agency.id], 2026, "2019")
    assert "result.other" in c19 and "result.other.1" not in c19
    assert c19["result.other"][6] == 1


def test_empty_and_single_query(agency):
    with CaptureQueriesContext(connection) as ctx:
        c = report_counts([agency.id], 2020, "2019")
    assert len(ctx.captured_queries) == 1
    assert all(v == [0] * 7 for v in c.values())
    sql = ctx.captured_queries[0]["sql"].upper()
    assert "GROUP BY" in sql and "COUNT(*)" in sql and "UNION ALL" in sql


def test_uses_the_covering_index(agency):
    """The GROUP BY reads only the covering index (no table rows), as performance-notes §C asks."""
    import datetime

    from gongkai.applications.models import Application

    rows = [
        Application(
            agency=agency,
            tracking_number=f"B-{i}",
            tracking_year=2026,
            applicant_type=("natural_person", "commercial")[i % 2],
            applicant_name="x",
            info_title="x",
            provision_form="paper",
            receipt_method="post",
            channel="in_person",
            submitted_on=datetime.date(2026, 1, 5),
            received_on=datetime.date(2026, 1, 5),
            received_year=2026,
            replied_year=2026 if i % 3 else None,
            outcome="result.open" if i % 3 else "",
            state="closed",
        )
        for i in range(3000)
    ]
    Application.objects.bulk_create(rows, batch_size=1000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    qs = Application.objects.filter(agency_id__in=[agency.id], received_year__lte=2026).values_list(
        "applicant_type", "outcome", "received_year", "replied_year"
    )
    from django.db.models import Count, Q

    plan = (
        qs.filter(Q(replied_year__isnull=True) | Q(replied_year__gte=2026))
        .annotate(n=Count("*"))
        .order_by()
        .explain()
    )
    if connection.vendor == "sqlite":  # PostgreSQL picks by statistics; small tables differ
        assert "application_report_cov" in plan and "COVERING INDEX" in plan
    c = report_counts([agency.id], 2026, "2021")
    assert c["new"][6] == 3000 and c["result.open"][6] == 2000 and c["carried_out"][6] == 1000
