"""Seed the holiday table from the chinesecalendar package (2004-2026 in version 1.11)."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from gongkai.rules.calendar_seed import (
        KNOWN_NOTICES,
        package_rows,
        package_years,
    )

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    now = timezone.now()
    taken = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                date=row.date,
                is_workday=row.is_workday,
                reason=row.reason,
                source="package",
                note=row.note,
                updated_at=now,
            )
            for row in package_rows()
            if row.date not in taken
        ],
        batch_size=500,
    )
    have = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(
                year=year,
                source="package",
                official=True,
                notice=KNOWN_NOTICES.get(year, ""),
                imported_at=now,
                updated_at=now,
            )
            for year in package_years()
            if year not in have
        ]
    )


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarDay").objects.filter(source="package").delete()
    apps.get_model("workdays", "CalendarYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
