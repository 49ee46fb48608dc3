"""Reads of the reports app: report status per agency, reminders (Arts. 49-50), city overview."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import agencies_in_scope, visible
from gongkai.reports import sources
from gongkai.reports.models import AnnualReport

DONE_STATES = (AnnualReport.State.FILED, AnnualReport.State.PUBLISHED)
#: Days before the deadline on which a reminder e-mail goes out (0 = the day itself).
REMINDER_DAYS = (30, 14, 7, 3, 1, 0)


@dataclass
class Reminder:
    agency: Agency
    year: int
    deadline: datetime.date
    days_left: int  # negative when overdue
    state: str  # the report's state, or "" when there is none
    report: AnnualReport | None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def deadline_for(agency: Agency, year: int) -> datetime.date:
    """Art. 49: departments by 31 January; the government's own report by 31 March."""
    if agency.kind == Agency.Kind.GOVERNMENT:
        return datetime.date(year + 1, 3, 31)
    return datetime.date(year + 1, 1, 31)


def reminders(agencies, today: datetime.date | None = None) -> list[Reminder]:
    """Reports of last year not yet filed or published, for agencies under Art. 49.

    Shown from 1 January (and while overdue); townships are collected by their
    county under local deadlines and are left out.
    """
    today = today or timezone.localdate()
    year = today.year - 1
    agencies = [a for a in agencies if a.kind != Agency.Kind.TOWNSHIP]
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(
            agency__in=agencies, year=year, scope=AnnualReport.Scope.AGENCY
        )
    }
    out = []
    for agency in agencies:
        report = reports.get(agency.id)
        if report is not None and report.state in DONE_STATES:
            continue
        deadline = deadline_for(agency, year)
        out.append(
            Reminder(
                agency=agency,
                year=year,
                deadline=deadline,
                days_left=(deadline - today).days,
                state=report.state if report else "",
                report=report,
            )
        )
    return sorted(out, key=lambda r: (r.days_left, r.agency.path))


def reminders_for_user(user, today: datetime.date | None = None) -> list[Reminder]:
    return reminders(list(agencies_in_scope(user)), today)


def overdue_applications(agency_ids) -> dict[int, int]:
    """Open applications past their reply due date, per agency (0 where the app is absent)."""
    Application = sources.application_model()
    if Application is None:
        return {}
    from django.db.models import Count

    today = timezone.localdate()
    rows = (
        Application.objects.filter(agency_id__in=list(agency_ids), reply_due__lt=today)
        .exclude(state__in=["closed", "withdrawn", "delivered"])
        .values("agency_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {r["agency_id"]: r["n"] for r in rows}


def reports_visible_to(user, year: int | None = None):
    qs = visible(user, AnnualReport.objects.select_related("agency"))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "agency__path", "scope")


#: Table-三 outcome groups for the outcome-mix chart: (label, row key prefix).
OUTCOME_GROUPS = (
    ("予以公开", "result.open"),
    ("部分公开", "result.partial"),
    ("不予公开", "result.refuse"),
    ("无法提供", "result.unable"),
    ("不予处理", "result.no_process"),
    ("其他处理", "result.other"),
)


def outcome_mix(tables: dict) -> list[tuple[str, int]]:
    apps = tables.get("applications") or {}
    out = []
    for label, prefix in OUTCOME_GROUPS:
        total = 0
        for key, row in apps.items():
            if key == prefix or key.startswith(prefix + "."):
                total += (row or [0] * 7)[6] or 0
        out.append((label, total))
    return out


def _live_counts(agency_ids, year, report_format):
    fn = sources.report_counts()
    if fn is None:
        return {}
    return fn(agency_ids, year, report_format)


def on_time_rates(agency_ids, year) -> dict[int, tuple[int, int]]:
    """(answered in the year, answered by the due date) per agency: one GROUP BY."""
    Application = sources.application_model()
    if Application is None:
        return {}
    from django.db.models import Count, F, Q

    rows = (
        Application.objects.filter(agency_id__in=list(agency_ids), replied_year=year)
        .values("agency_id")
        .annotate(
            n=Count("*"),
            on_time=Count("pk", filter=Q(reply_due__isnull=False, replied_on__lte=F("reply_due"))),
        )
        .order_by()
    )
    return {r["agency_id"]: (r["n"], r["on_time"]) for r in rows}


@dataclass
class AgencyRow:
    agency: Agency
    report: AnnualReport | None
    new: int
    answered: int
    on_time_share: float | None
    overdue: int

    @property
    def failed_checks(self) -> list[dict]:
        if self.report is None:
            return []
        return [p for p in self.report.check_problems if p.get("severity", "error") == "error"]


def city_overview(root: Agency, year: int) -> dict:
    """Every agency of ``root``'s subtree: report status, checks, overdue cases, chart data."""
    from gongkai.rules.outcomes import format_for_year

    agencies = list(root.subtree().order_by("path"))
    ids = [a.id for a in agencies]
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(
            agency_id__in=ids, year=year, scope=AnnualReport.Scope.AGENCY
        )
    }
    overdue = overdue_applications(ids)
    rates = on_time_rates(ids, year)
    fmt = format_for_year(year)
    rows = []
    for agency in agencies:
        report = reports.get(agency.id)
        if report is not None and report.tables:
            apps = report.tables.get("applications") or {}
        else:
            apps = _live_counts([agency.id], year, fmt)
        new = ((apps.get("new") or [0] * 7)[6]) or 0
        answered = ((apps.get("result.total") or [0] * 7)[6]) or 0
        n, on_time = rates.get(agency.id, (0, 0))
        rows.append(
            AgencyRow(
                agency=agency,
                report=report,
                new=new,
                answered=answered,
                on_time_share=(on_time * 100 / n) if n else None,
                overdue=overdue.get(agency.id, 0),
            )
        )
    consolidated = AnnualReport.objects.filter(
        agency=root, year=year, scope=AnnualReport.Scope.CONSOLIDATED
    ).first()
    if consolidated is not None and consolidated.tables:
        city_tables = consolidated.tables
    else:
        city_tables = {"applications": _live_counts(ids, year, fmt)}
    years = []
    for y in range(year - 4, year + 1):
        stored = list(
            AnnualReport.objects.filter(
                agency_id__in=ids, year=y, scope=AnnualReport.Scope.AGENCY
            ).values_list("agency_id", "tables")
        )
        covered = {agency_id for agency_id, _t in stored}
        total = sum(
            ((t.get("applications") or {}).get("new") or [0] * 7)[6] or 0 for _a, t in stored
        )
        missing = [i for i in ids if i not in covered]
        if missing:
            live = _live_counts(missing, y, format_for_year(y))
            total += ((live.get("new") or [0] * 7)[6]) or 0
        years.append((y, total))
    return {
        "year": year,
        "root": root,
        "rows": rows,
        "outcome_mix": outcome_mix(city_tables),
        "years": years,
        "consolidated": consolidated,
    }
