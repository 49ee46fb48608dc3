"""A change to a year's records after the report's lock date flags the report (never applied)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gongkai.registers.models import Art20Count, Art20Record, ReviewCase


def _schedule(agency_id, years):
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import flag_changes_after_lock

    years = {y for y in years if y}
    if not agency_id or not years:
        return
    if not AnnualReport.objects.filter(year__in=years, lock_date__isnull=False).exists():
        return
    for year in years:
        transaction.on_commit(lambda y=year: flag_changes_after_lock(agency_id=agency_id, year=y))


def _register_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if isinstance(instance, Art20Count):
        _schedule(instance.agency_id, [instance.year])
    elif isinstance(instance, Art20Record):
        _schedule(instance.agency_id, _record_years(instance))
    else:
        _schedule(instance.agency_id, [instance.filed_date.year if instance.filed_date else None])


def _record_years(record) -> list[int]:
    """The report years a register record counts in: its decision's year, or every year
    from its issue to the year after its repeal (现行有效, 上一年项目数量), up to now."""
    from django.utils import timezone

    if record.decided_on is not None:
        return [record.decided_on.year]
    if record.issued_on is None:
        return []
    last = record.repealed_on.year + 1 if record.repealed_on else timezone.localdate().year
    return list(range(record.issued_on.year, max(last, record.issued_on.year) + 1))


def _application_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    first = getattr(instance, "received_year", None)
    if not first:
        return
    last = getattr(instance, "replied_year", None) or max(first, first + 1)
    _schedule(instance.agency_id, range(first, last + 1))


def connect():
    for model in (Art20Count, Art20Record, ReviewCase):
        post_save.connect(
            _register_changed, sender=model, dispatch_uid=f"reports-lock-{model.__name__}"
        )
        post_delete.connect(
            _register_changed, sender=model, dispatch_uid=f"reports-lock-del-{model.__name__}"
        )
    from gongkai.reports import sources

    Application = sources.application_model()
    if Application is not None:
        post_save.connect(_application_changed, sender=Application, dispatch_uid="reports-lock-app")
