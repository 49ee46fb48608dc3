import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import can, visible
from gongkai.registers.models import Art20Count, Art20Item, Art20Record, ReviewCase
from gongkai.registers.selectors import art20_counts, review_counts

pytestmark = pytest.mark.django_db


def test_demo_holds_the_seed_figures(demo):
    tjj = demo.agencies["mzl-tjj"]
    counts = art20_counts([tjj.id], 2020)
    assert counts["penalty"]["items_last_year"] == 18
    assert counts["enforcement"]["items_last_year"] == 1
    assert all(counts[i]["entered"] for i in Art20Item.values)
    others = sum(
        v
        for item, entry in counts.items()
        for k, v in entry.items()
        if k not in ("entered", "overrides")
        and not (item in {"penalty", "enforcement"} and k == "items_last_year")
    )
    assert others == 0
    # the 2020 figures are hand-entered: every item says so, with the reason
    assert counts["penalty"]["overrides"] == [
        ("满洲里市统计局", "登记簿启用前的年度，按已发布年度报告填报")
    ]


def test_demo_is_idempotent(demo):
    from gongkai.registers import demo as registers_demo

    def counts():
        return (Art20Count.objects.count(), Art20Record.objects.count(), ReviewCase.objects.count())

    before = counts()
    registers_demo.load(demo)
    assert counts() == before


def test_counts_are_summed_over_agencies(demo):
    ids = [a.id for a in demo.agencies["mzl"].subtree()]
    counts = art20_counts(ids, 2025)
    assert counts["procurement"]["projects"] == 46
    assert counts["fee"]["amount"] == Decimal("98.85")
    assert counts["licensing"]["decisions"] == 5873 + 87
    assert counts["licensing"]["items_change"] == -6
    assert counts["regulation"]["entered"] is True  # tjj entered zeros


def test_review_counts_take_the_result_on_31_december(demo):
    czj = demo.agencies["mzl-czj"]
    # filed in 2025, decided in January 2026: still pending in the 2025 report
    ReviewCase.objects.create(
        agency=czj,
        kind=ReviewCase.Kind.LITIGATION_DIRECT,
        filed_date=datetime.date(2025, 12, 20),
        decided_date=datetime.date(2026, 1, 8),
        result=ReviewCase.Result.CORRECTED,
    )
    # filed on 2024-12-31 does not count for 2025
    ReviewCase.objects.create(
        agency=czj,
        kind=ReviewCase.Kind.RECONSIDERATION,
        filed_date=datetime.date(2024, 12, 31),
        decided_date=datetime.date(2025, 1, 20),
        result=ReviewCase.Result.UPHELD,
    )
    numbers = review_counts([czj.id], 2025)
    assert numbers == [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1]
    assert review_counts([czj.id], 2024) == [0, 0, 0, 1, 1] + [0] * 10
    assert review_counts([czj.id], 2026) == [0] * 15
    assert len(review_counts([], 2025)) == 15


def test_decided_case_needs_a_date():
    case = ReviewCase(
        kind=ReviewCase.Kind.RECONSIDERATION,
        filed_date=datetime.date(2025, 1, 5),
        result=ReviewCase.Result.UPHELD,
    )
    with pytest.raises(ValidationError):
        case.clean()
    case.decided_date = datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError):
        case.clean()


def test_register_changes_are_audited(demo):
    from gongkai.audit.models import AuditEntry

    row = Art20Count.objects.get(agency=demo.agencies["mzl-tjj"], year=2020, item="penalty")
    row.decisions = 3
    row.save()
    entry = AuditEntry.objects.filter(verb="registers.art20count.update").first()
    assert entry.changes["decisions"] == [0, 3]


def test_permissions_follow_the_agency_tree(demo):
    tjj_admin = demo.users["tjj-admin"]
    czj_registrar = demo.users["czj-registrar"]
    supervisor = demo.users["spj-supervisor"]
    row = Art20Count.objects.get(agency=demo.agencies["mzl-tjj"], year=2020, item="penalty")
    assert can(tjj_admin, "change", row)
    assert not can(czj_registrar, "change", row)
    assert can(supervisor, "view", row)
    assert not can(supervisor, "change", row)
    assert set(visible(czj_registrar, Art20Count).values_list("agency__slug", flat=True)) == {
        "mzl-czj"
    }


def test_admin_lists_are_scoped(demo, client):
    client.force_login(demo.users["tjj-admin"])
    response = client.get("/admin/snippets/registers/art20count/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "满洲里市统计局" in body
    assert "满洲里市财政局" not in body
    response = client.get("/admin/snippets/registers/reviewcase/")
    assert response.status_code == 200
    assert "满政复" not in response.content.decode()
    response = client.get("/admin/snippets/registers/art20count/add/")
    assert response.status_code == 200


def test_case_is_linked_to_the_application_by_tracking_number(demo):
    from gongkai.applications.models import Application

    tjj = demo.agencies["mzl-tjj"]
    app = Application.objects.create(
        agency=tjj,
        tracking_number="统计局〔2025〕第0099号",
        tracking_year=2025,
        applicant_type="natural_person",
        applicant_name="某申请人",
        info_title="某文件",
        provision_form="electronic",
        receipt_method="email",
        channel="online",
        submitted_on=datetime.date(2025, 2, 1),
        state="closed",
    )
    case = ReviewCase(
        agency=tjj,
        kind=ReviewCase.Kind.RECONSIDERATION,
        tracking_number=" 统计局〔2025〕第0099号",
        filed_date=datetime.date(2025, 4, 1),
    )
    case.clean()
    assert case.application == app
    case.save()
    assert list(app.review_cases.all()) == [case]
    other = ReviewCase(
        agency=demo.agencies["mzl-czj"],
        kind=ReviewCase.Kind.RECONSIDERATION,
        application=app,
        filed_date=datetime.date(2025, 4, 1),
    )
    with pytest.raises(ValidationError):
        other.clean()
