"""Writes to the holiday table. Each function is one action, atomic, audited, and refreshes ``calendar()``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_record
from gongkai.rules.calendar_seed import KNOWN_NOTICES, package_rows, package_years
from gongkai.workdays import changed
from gongkai.workdays.models import CalendarDay, CalendarYear, Source
from gongkai.workdays.schedule import YearSchedule


def _require_admin(actor) -> None:
    """Only system administrators edit the calendar; ``actor=None`` is the command line."""
    if actor is not None and not permissions.is_system_admin(actor):
        raise PermissionDenied(_("只有系统管理员可以维护工作日历"))


@dataclass(frozen=True)
class ImportResult:
    year: int
    removed: int
    added: int
    rest_days: int
    working_weekends: int


@transaction.atomic
def import_year(*, schedule: YearSchedule, actor=None, source: str = Source.IMPORT) -> ImportResult:
    """Replace one year's rows with a transcription of the State Council's notice.

    Every row dated in the year (and any listed date just outside it) is replaced;
    the year is marked official with the notice number. The file was validated by
    ``schedule.read_schedule`` before this is called.
    """
    _require_admin(actor)
    first, last = schedule.span
    rows = schedule.rows()
    dates = [d for d, _w, _r in rows]
    old = CalendarDay.objects.filter(
        date__range=(datetime.date(schedule.year, 1, 1), datetime.date(schedule.year, 12, 31))
    )
    old_outside = CalendarDay.objects.filter(date__in=[d for d in dates if d.year != schedule.year])
    removed = old.count() + old_outside.count()
    old.delete()  # each deleted row is audited; the workflow record below sums up
    old_outside.delete()
    now = timezone.now()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                date=d,
                is_workday=is_workday,
                reason=reason,
                source=source,
                note=schedule.notice,
                updated_at=now,
            )
            for d, is_workday, reason in rows
        ]
    )
    year, created = CalendarYear.objects.get_or_create(
        year=schedule.year,
        defaults={
            "source": source,
            "official": schedule.official,
            "notice": schedule.notice,
            "imported_at": now,
        },
    )
    if not created:
        year.source = source
        year.official = schedule.official
        year.notice = schedule.notice
        year.imported_at = now
        year.save()
    result = ImportResult(
        year=schedule.year,
        removed=removed,
        added=len(rows),
        rest_days=sum(1 for _d, w, _r in rows if not w),
        working_weekends=sum(1 for _d, w, _r in rows if w),
    )
    audit_record(
        action=AuditEntry.Action.WORKFLOW,
        verb="calendar.import",
        obj=year,
        actor=actor,
        changes={
            "year": schedule.year,
            "notice": schedule.notice,
            "span": [first.isoformat(), last.isoformat()],
            "removed": removed,
            "rest_days": [d.isoformat() for d, w, _r in rows if not w],
            "working_weekends": [d.isoformat() for d, w, _r in rows if w],
        },
        message=_("导入%(year)d年节假日安排（%(notice)s）")
        % {"year": schedule.year, "notice": schedule.notice},
    )
    changed(
        _("导入%(year)d年节假日安排（%(notice)s）")
        % {"year": schedule.year, "notice": schedule.notice}
    )
    return result


@transaction.atomic
def set_day(
    *, date: datetime.date, is_workday: bool, reason: str, note: str = "", actor=None
) -> CalendarDay:
    """Record (or change) one dated exception by hand (source ``manual``)."""
    _require_admin(actor)
    day = CalendarDay.objects.filter(date=date).first() or CalendarDay(date=date)
    day.is_workday = is_workday
    day.reason = reason
    day.note = note
    day.source = Source.MANUAL
    day.full_clean()
    day.save()
    changed(_("修改工作日历：%(date)s %(reason)s") % {"date": date.isoformat(), "reason": reason})
    return day


@transaction.atomic
def remove_day(*, date: datetime.date, actor=None) -> bool:
    """Remove a dated exception: the day follows the Monday-to-Friday rule again."""
    _require_admin(actor)
    day = CalendarDay.objects.filter(date=date).first()
    if day is None:
        return False
    day.delete()
    changed(_("删除工作日历调整：%(date)s") % {"date": date.isoformat()})
    return True


@transaction.atomic
def seed_from_package(*, only_missing: bool = True) -> int:
    """(Re)load the chinesecalendar package's rows; by default only years not yet in the table.

    Returns the number of days added. Used by the demo loader; the data migration
    does the same on ``migrate``.
    """
    have_years = set(CalendarYear.objects.values_list("year", flat=True)) if only_missing else set()
    taken = set(CalendarDay.objects.values_list("date", flat=True)) if only_missing else set()
    now = timezone.now()
    new_days = [
        CalendarDay(
            date=row.date,
            is_workday=row.is_workday,
            reason=row.reason,
            source=Source.PACKAGE,
            note=row.note,
            updated_at=now,
        )
        for row in package_rows()
        if row.date.year not in have_years and row.date not in taken
    ]
    CalendarDay.objects.bulk_create(new_days)
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(
                year=year,
                source=Source.PACKAGE,
                official=True,
                notice=KNOWN_NOTICES.get(year, ""),
                imported_at=now,
                updated_at=now,
            )
            for year in package_years()
            if year not in have_years
        ]
    )
    if new_days:
        changed(_("载入节假日安排数据包"))
    return len(new_days)
