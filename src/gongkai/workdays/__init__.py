"""The working-day calendar table (法定节假日 and 调休), seeded from chinesecalendar, editable.

``calendar()`` returns the ``rules.calendar.WorkCalendar`` built from the table.
It is cached per process and rebuilt when the table changes: every call compares
a cheap signature of the table (row counts and latest ``updated_at`` of both
tables, one query) with the one the cached calendar was built from, so an edit
made in another process (the admin, ``gongkai calendar import``) takes effect at
the next call everywhere. Code that computes many deadlines in a loop should call
``calendar()`` once and reuse the object.
"""

import threading

_lock = threading.Lock()
_cached = None  # (signature, WorkCalendar)


def _signature(using: str = "default") -> tuple:
    from django.db import connections

    from gongkai.workdays.models import CalendarDay, CalendarYear

    days, years = CalendarDay._meta.db_table, CalendarYear._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {days}), (SELECT MAX(updated_at) FROM {days}),"
            f" (SELECT COUNT(*) FROM {years}), (SELECT MAX(updated_at) FROM {years})"
        )
        return tuple(str(value) for value in cursor.fetchone())


def build_calendar(using: str = "default"):
    """A fresh ``WorkCalendar`` from the table (the package's data when the table is empty)."""
    from gongkai.rules.calendar import CalendarEntry, WorkCalendar
    from gongkai.rules.calendar_seed import package_calendar
    from gongkai.workdays.models import CalendarDay, CalendarYear

    rows = list(CalendarDay.objects.using(using).values_list("date", "is_workday", "reason"))
    if not rows:
        return package_calendar()
    official = (
        CalendarYear.objects.using(using).filter(official=True).values_list("year", flat=True)
    )
    return WorkCalendar((CalendarEntry(*row) for row in rows), official_years=list(official))


def calendar(using: str = "default"):
    """The working-day calendar (``rules.calendar.WorkCalendar``) of the holiday table, cached.

    Before ``migrate`` has created the table (a fresh checkout running ``gongkai
    clock``), the package's data is used and a warning logged.
    """
    global _cached
    from django.db import DatabaseError

    try:
        signature = _signature(using)
    except DatabaseError:
        import logging

        from gongkai.rules.calendar_seed import package_calendar

        logging.getLogger(__name__).warning(
            "holiday table not available (run `gongkai migrate`): using chinesecalendar's data"
        )
        return package_calendar()
    cached = _cached
    if cached is not None and cached[0] == (using, signature):
        return cached[1]
    with _lock:
        built = build_calendar(using)
        _cached = ((using, signature), built)
    return built


def invalidate() -> None:
    """Forget the cached calendar in this process (other processes notice by the signature)."""
    global _cached
    _cached = None


def changed(reason: str) -> None:
    """The holiday table changed (in the current transaction): rebuild ``calendar()`` and,
    once the change is committed, send ``signals.calendar_changed`` so that what depends on
    working days follows (the applications app recomputes every open case's due dates)."""
    from django.db import transaction

    from gongkai.workdays.signals import calendar_changed

    invalidate()
    transaction.on_commit(invalidate)
    transaction.on_commit(lambda: calendar_changed.send(sender=None, reason=reason))
