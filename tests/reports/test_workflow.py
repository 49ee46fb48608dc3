import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import AuditEntry
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import (
    ReportError,
    allowed_actions,
    annual_report_build,
    annual_report_lock,
    annual_report_transition,
    annual_report_update_narrative,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo):
    AnnualReport.objects.filter(agency=demo.agencies["mzl-tjj"], year=2025).delete()
    return annual_report_build(agency=demo.agencies["mzl-tjj"], year=2025)


def test_draft_is_prefilled_from_the_records(draft):
    assert "卓建明" in draft.overview_management
    assert "综合法规科" in draft.overview_management
    assert "2025" in draft.overview_application
    assert draft.other_matters
    assert draft.state == AnnualReport.State.DRAFT


def test_full_workflow_is_audited(demo, draft):
    users = demo.users
    steps = [
        ("submit", "tjj-admin", AnnualReport.State.SUBMITTED),
        ("approve", "tjj-signer", AnnualReport.State.APPROVED),
        ("file", "tjj-admin", AnnualReport.State.FILED),
        ("publish", "spj-supervisor", AnnualReport.State.PUBLISHED),
    ]
    report = draft
    for action, who, state in steps:
        assert action in allowed_actions(report, users[who])
        report = annual_report_transition(report=report, action=action, actor=users[who])
        assert report.state == state
    assert report.published_at is not None
    assert "行政处罚" in report.published_html
    verbs = list(
        AuditEntry.objects.filter(object_id=str(report.pk), verb__startswith="annual_report.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs[-4:] == [
        "annual_report.submit",
        "annual_report.approve",
        "annual_report.file",
        "annual_report.publish",
    ]
    entry = AuditEntry.objects.get(object_id=str(report.pk), verb="annual_report.approve")
    assert entry.actor == users["tjj-signer"]
    assert entry.changes == {"state": ["submitted", "approved"]}


def test_return_needs_a_reason_and_reopens_editing(demo, draft):
    users = demo.users
    report = annual_report_transition(report=draft, action="submit", actor=users["tjj-admin"])
    with pytest.raises(ReportError):
        annual_report_transition(report=report, action="return", actor=users["tjj-signer"])
    report = annual_report_transition(
        report=report, action="return", actor=users["tjj-signer"], reason="第五部分过于笼统"
    )
    assert report.state == AnnualReport.State.RETURNED
    assert report.return_reason == "第五部分过于笼统"
    annual_report_update_narrative(report=report, actor=users["tjj-admin"], problems="具体问题")
    report.refresh_from_db()
    assert report.problems == "具体问题"
    report = annual_report_transition(report=report, action="submit", actor=users["tjj-admin"])
    with pytest.raises(ReportError):
        annual_report_update_narrative(report=report, actor=users["tjj-admin"], problems="x")


def test_roles_decide_who_may_act(demo, draft):
    users = demo.users
    with pytest.raises(PermissionDenied):
        annual_report_transition(report=draft, action="submit", actor=users["czj-registrar"])
    with pytest.raises(PermissionDenied):
        annual_report_transition(report=draft, action="submit", actor=users["tjj-handler"])
    report = annual_report_transition(report=draft, action="submit", actor=users["tjj-admin"])
    with pytest.raises(PermissionDenied):  # only the agency head approves
        annual_report_transition(report=report, action="approve", actor=users["tjj-admin"])
    with pytest.raises(ReportError):  # no skipping steps
        annual_report_transition(report=report, action="publish", actor=users["spj-supervisor"])
    assert allowed_actions(report, users["tjj-signer"]) == ["return", "approve"]
    assert allowed_actions(report, users["czj-registrar"]) == []


def test_supervising_office_can_return_a_filed_report(demo, draft):
    u = demo.users
    r = annual_report_transition(report=draft, action="submit", actor=u["tjj-admin"])
    r = annual_report_transition(report=r, action="approve", actor=u["tjj-signer"])
    r = annual_report_transition(report=r, action="file", actor=u["tjj-admin"])
    r = annual_report_transition(
        report=r, action="return", actor=u["spj-supervisor"], reason="表三有误"
    )
    assert r.state == AnnualReport.State.RETURNED


def test_lock_is_audited_and_flag_shown(demo, draft):
    u = demo.users
    report = annual_report_lock(
        report=draft, lock_date=datetime.date(2026, 1, 10), actor=u["spj-supervisor"]
    )
    assert report.is_locked
    entry = AuditEntry.objects.get(object_id=str(report.pk), verb="annual_report.lock")
    assert entry.changes["lock_date"] == [None, "2026-01-10"]
    with pytest.raises(PermissionDenied):
        annual_report_lock(
            report=draft, lock_date=datetime.date(2026, 1, 10), actor=u["tjj-handler"]
        )


def test_future_lock_date_does_not_freeze_yet(demo, draft):
    from gongkai.registers.models import Art20Count

    draft.lock_date = datetime.date(2099, 1, 1)
    draft.save()
    row = Art20Count.objects.get(agency=draft.agency, year=2025, item="penalty")
    row.decisions = 11
    row.save()
    report = annual_report_build(agency=draft.agency, year=2025)
    assert report.tables["proactive"]["行政处罚"] == [11]
    assert not report.changed_after_lock


def test_lock_is_refused_inside_the_year_and_for_imported_reports(demo, draft):
    u = demo.users
    with pytest.raises(ReportError, match="锁定日期须在2025年12月31日之后"):
        annual_report_lock(
            report=draft, lock_date=datetime.date(2025, 12, 31), actor=u["spj-supervisor"]
        )
    draft.source = AnnualReport.Source.IMPORTED
    draft.save()
    with pytest.raises(ReportError, match="导入的报告"):
        annual_report_lock(
            report=draft, lock_date=datetime.date(2026, 1, 10), actor=u["spj-supervisor"]
        )
    assert not AuditEntry.objects.filter(verb="annual_report.lock").exists()
