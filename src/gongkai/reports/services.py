"""Writes of the reports app: build, import, edit, workflow transitions, lock.

Every function is keyword-only and atomic; workflow actions check
``agencies.permissions.can`` and write an audit entry (``annual_report.<verb>``).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_record
from gongkai.reports.build import build_tables, stored_json, table_diff
from gongkai.reports.checks import run_checks
from gongkai.reports.models import NARRATIVE_FIELDS, AnnualReport, default_title
from gongkai.rules.formats import HEADING_WORDINGS, WORDING_OFFICIAL, get_format, wording_printed
from gongkai.rules.outcomes import format_for_year

State = AnnualReport.State
Scope = AnnualReport.Scope


class ReportError(Exception):
    """A report action that is not possible in the report's current state."""


def _agency_ids(agency: Agency, scope: str) -> list[int]:
    if scope == Scope.CONSOLIDATED:
        return list(agency.subtree().values_list("id", flat=True))
    return [agency.id]


def previous_tables(agency: Agency, year: int, scope: str = Scope.AGENCY) -> dict | None:
    prev = (
        AnnualReport.objects.filter(agency=agency, year=year - 1, scope=scope)
        .exclude(tables={})
        .first()
    )
    return prev.tables if prev else None


@transaction.atomic
def annual_report_build(
    *,
    agency: Agency,
    year: int,
    report_format: str | None = None,
    scope: str = Scope.AGENCY,
    actor=None,
) -> AnnualReport:
    """Build (or rebuild) the agency's report for ``year`` from the records.

    The format follows the year (``rules.outcomes.format_for_year``) unless given.
    A report whose lock date has passed keeps its tables: if the records now give
    other numbers, the report is flagged (数据已在锁定后变更) with the changed cells.
    An imported report is never rebuilt.
    """
    agency = Agency.objects.get(pk=agency.pk)  # a fresh path: tree inserts move siblings
    report_format = report_format or format_for_year(year)
    report, created = AnnualReport.objects.select_for_update().get_or_create(
        agency=agency,
        year=year,
        scope=scope,
        defaults={"report_format": report_format, "title": _title(agency, year, scope)},
    )
    if report.source == AnnualReport.Source.IMPORTED:
        raise ReportError(_("该年度报告为导入的已发布报告，不能重新生成"))
    if not created and report.report_format != report_format:
        if report.is_locked:
            raise ReportError(_("报告已锁定，不能更改格式"))
        report.report_format = report_format
    tables = stored_json(
        build_tables(
            agency_name=agency.name,
            agency_ids=_agency_ids(agency, scope),
            year=year,
            report_format=report_format,
        )
    )
    if report.is_locked and report.tables:
        diff = table_diff(report.tables, tables)
        report.changed_after_lock = bool(diff)
        report.changes_after_lock = (
            {"detected_at": timezone.now().isoformat(), "cells": diff} if diff else {}
        )
    else:
        report.tables = tables
        report.built_at = timezone.now()
        report.changed_after_lock = False
        report.changes_after_lock = {}
    report.check_problems = run_checks(report.tables, previous_tables(agency, year, scope))
    if created:
        from gongkai.reports.narrative import draft_narrative

        report.heading_wording = _agency_heading_wording(agency, exclude=report.pk)

        for field, text in draft_narrative(report).items():
            setattr(report, field, text)
    report.save()
    audit_record(
        action=AuditEntry.Action.OTHER,
        verb="annual_report.build",
        obj=report,
        actor=actor,
        changes={"changed_after_lock": report.changed_after_lock},
    )
    return report


def _agency_heading_wording(agency: Agency, exclude: int | None = None) -> str:
    """The heading wording the agency chose last (on its latest report), the format's own
    wording when it has none: a choice made once carries over to the next year's report."""
    latest = (
        AnnualReport.objects.filter(agency=agency)
        .exclude(pk=exclude)
        .order_by("-year", "-pk")
        .values_list("heading_wording", flat=True)
        .first()
    )
    return latest or WORDING_OFFICIAL


def _title(agency: Agency, year: int, scope: str) -> str:
    if scope == Scope.CONSOLIDATED:
        return f"{agency.name}{year}年政府信息公开工作年度报告（汇总）"
    return default_title(agency.name, year)


@transaction.atomic
def annual_report_import(
    *,
    agency: Agency,
    tables: dict,
    year: int | None = None,
    file_name: str = "",
    content: bytes | None = None,
    narrative: dict | None = None,
    actor=None,
    replace: bool = False,
) -> AnnualReport:
    """Store a published report read by ``rules.reader`` as the agency's report of a past year.

    ``tables`` is the reader's contract JSON. The year is the reader's unless given.
    A report already built in the system is not replaced unless ``replace``.
    """
    agency = Agency.objects.get(pk=agency.pk)
    year = year or tables.get("year")
    if not year:
        raise ReportError(_("无法确定报告年度，请指定年度"))
    year = int(year)
    if year >= timezone.localdate().year:
        raise ReportError(_("只能导入以往年度的报告"))
    report_format = str(tables.get("format") or format_for_year(year))
    existing = AnnualReport.objects.filter(agency=agency, year=year, scope=Scope.AGENCY).first()
    if existing and not replace and existing.source == AnnualReport.Source.BUILT:
        raise ReportError(_("该机关该年度已有系统生成的报告"))
    stored = {
        "agency": tables.get("agency") or agency.name,
        "year": year,
        "format": report_format,
        "applications": tables.get("applications") or {},
        "review_litigation": tables.get("review_litigation") or [None] * 15,
        "proactive": tables.get("proactive") or {},
        "proactive_units": tables.get("proactive_units") or {},
    }
    report = existing or AnnualReport(agency=agency, year=year, scope=Scope.AGENCY)
    report.report_format = report_format
    report.heading_wording = wording_printed(report_format, tables.get("sections") or {})
    report.source = AnnualReport.Source.IMPORTED
    report.state = State.PUBLISHED
    report.title = report.title or default_title(agency.name, year)
    report.tables = stored
    report.built_at = timezone.now()
    report.published_at = report.published_at or timezone.now()
    for field, text in (narrative or {}).items():
        if field in NARRATIVE_FIELDS:
            setattr(report, field, text)
    read_problems = list(tables.get("problems") or [])
    checked = run_checks(stored, previous_tables(agency, year))
    seen = {(p.get("check"), p.get("row"), p.get("column")) for p in checked}
    report.check_problems = checked + [
        p for p in read_problems if (p.get("check"), p.get("row"), p.get("column")) not in seen
    ]
    if content is not None and file_name:
        from django.core.files.base import ContentFile

        report.save()
        report.imported_file.save(file_name.rsplit("/", 1)[-1], ContentFile(content), save=False)
    report.save()
    audit_record(
        action=AuditEntry.Action.WORKFLOW,
        verb="annual_report.import",
        obj=report,
        actor=actor,
        changes={"file": file_name, "year": year, "format": report_format},
    )
    # the next year's report checks its carry-over against this one
    following = AnnualReport.objects.filter(
        agency=agency, year=year + 1, scope=Scope.AGENCY
    ).first()
    if following and following.tables:
        following.check_problems = run_checks(following.tables, stored)
        following.save(update_fields=["check_problems"])
    return report


@transaction.atomic
def annual_report_update_narrative(*, report: AnnualReport, actor, **texts) -> AnnualReport:
    if not can(actor, "change", report):
        raise PermissionDenied
    if report.state not in (State.DRAFT, State.RETURNED):
        raise ReportError(_("只有草稿或退回修改的报告可以编辑"))
    for field, text in texts.items():
        if field not in NARRATIVE_FIELDS:
            raise ValueError(f"not a narrative field: {field}")
        setattr(report, field, text)
    report.save()
    return report


@transaction.atomic
def annual_report_set_heading_wording(*, report: AnnualReport, wording: str, actor) -> AnnualReport:
    """Word the report's headings the format's way or the common way (``rules.formats``),
    where the two differ; the next year's report starts from this choice."""
    if not can(actor, "change", report):
        raise PermissionDenied
    if wording not in HEADING_WORDINGS:
        raise ReportError(_("未知的标题用语"))
    if report.state not in (State.DRAFT, State.RETURNED):
        raise ReportError(_("只有草稿或退回修改的报告可以更改标题用语"))
    if not get_format(report.report_format).wording_choices:
        raise ReportError(_("该报告格式的标题没有原文与通行用语之分"))
    before = report.heading_wording
    report.heading_wording = wording
    report.save(update_fields=["heading_wording"])
    audit_record(
        action=AuditEntry.Action.UPDATE,
        verb="annual_report.heading_wording",
        obj=report,
        actor=actor,
        changes={"heading_wording": [before, wording]},
    )
    return report


# --- workflow -----------------------------------------------------------------------

#: action -> (states it may start from, resulting state, timestamp field)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "submit": ((State.DRAFT, State.RETURNED), State.SUBMITTED, "submitted_at"),
    "return": ((State.SUBMITTED, State.APPROVED, State.FILED), State.RETURNED, None),
    "approve": ((State.SUBMITTED,), State.APPROVED, "approved_at"),
    "file": ((State.APPROVED,), State.FILED, "filed_at"),
    "publish": ((State.FILED,), State.PUBLISHED, "published_at"),
}


def allowed_actions(report: AnnualReport, user) -> list[str]:
    return [
        action
        for action, (sources_, _target, _ts) in TRANSITIONS.items()
        if report.state in sources_
        and report.source == AnnualReport.Source.BUILT
        and can(user, action, report)
    ]


@transaction.atomic
def annual_report_transition(
    *, report: AnnualReport, action: str, actor, reason: str = ""
) -> AnnualReport:
    """Move the report along draft → submitted → approved → filed → published (or returned)."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown action {action}")
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not can(actor, action, report):
        raise PermissionDenied
    start, target, stamp = TRANSITIONS[action]
    if report.state not in start:
        raise ReportError(
            _("报告当前状态为“%(state)s”，不能执行此操作") % {"state": report.get_state_display()}
        )
    if action == "return" and not reason.strip():
        raise ReportError(_("退回时须填写退回意见"))
    if action in ("submit", "approve") and report.changed_after_lock:
        # the flag stays visible; submitting is allowed, but the audit records it
        reason = reason or _("数据已在锁定后变更")
    before = report.state
    report.state = target
    if stamp:
        setattr(report, stamp, timezone.now())
    if action == "return":
        report.return_reason = reason
    if action == "publish":
        from gongkai.reports.exports.html import render_fragment

        report.published_html = render_fragment(report)
    report.save()
    audit_record(
        action=AuditEntry.Action.WORKFLOW,
        verb=f"annual_report.{action}",
        obj=report,
        actor=actor,
        changes={"state": [before, target]},
        message=reason,
    )
    return report


@transaction.atomic
def annual_report_lock(*, report: AnnualReport, lock_date, actor) -> AnnualReport:
    """Set the date from which the year's figures are frozen.

    Refused, with the reason, for an imported report (its figures are not built from the
    records) and for a date inside the report year (the year's data are not complete yet).
    """
    if not can(actor, "lock", report):
        raise PermissionDenied
    if report.source != AnnualReport.Source.BUILT:
        raise ReportError(_("导入的报告不是按记录生成的，无需设置锁定日期"))
    if lock_date <= datetime.date(report.year, 12, 31):
        raise ReportError(
            _("锁定日期须在%(year)s年12月31日之后：年度尚未结束时数据还不完整")
            % {"year": report.year}
        )
    before = report.lock_date
    report.lock_date = lock_date
    report.save()
    audit_record(
        action=AuditEntry.Action.WORKFLOW,
        verb="annual_report.lock",
        obj=report,
        actor=actor,
        changes={"lock_date": [str(before) if before else None, str(lock_date)]},
    )
    return report


def flag_changes_after_lock(*, agency_id: int, year: int) -> int:
    """Re-check locked reports touched by a change of ``agency_id``'s data of ``year``.

    Called when register records change; the report keeps its tables and only the
    flag and the list of changed cells are updated. Returns the number flagged.
    """
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return 0
    ancestors = [
        agency.path[:i] for i in range(Agency.steplen, len(agency.path) + 1, Agency.steplen)
    ]
    reports = AnnualReport.objects.filter(
        year=year, source=AnnualReport.Source.BUILT, lock_date__isnull=False
    ).filter(
        agency__path__in=ancestors,
    )
    flagged = 0
    for report in reports:
        if not report.is_locked:
            continue
        if report.scope == Scope.AGENCY and report.agency_id != agency_id:
            continue
        fresh = stored_json(
            build_tables(
                agency_name=report.agency.name,
                agency_ids=_agency_ids(report.agency, report.scope),
                year=year,
                report_format=report.report_format,
            )
        )
        diff = table_diff(report.tables, fresh)
        if bool(diff) != report.changed_after_lock or diff:
            report.changed_after_lock = bool(diff)
            report.changes_after_lock = (
                {"detected_at": timezone.now().isoformat(), "cells": diff} if diff else {}
            )
            report.save(update_fields=["changed_after_lock", "changes_after_lock"])
        flagged += bool(diff)
    return flagged
