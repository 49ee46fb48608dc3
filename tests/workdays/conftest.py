"""Fixtures of the workdays tests: import files written to a temporary folder."""

from pathlib import Path

import pytest

EXAMPLE_2026 = Path(__file__).resolve().parents[2] / "docs" / "examples" / "holidays-2026.yaml"


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def table_state():
    """A snapshot of the whole holiday table, to prove a rejected import changed nothing."""
    from gongkai.audit.models import AuditEntry
    from gongkai.workdays.models import CalendarDay, CalendarYear

    def _state():
        return (
            list(
                CalendarDay.objects.order_by("date").values_list(
                    "date", "is_workday", "reason", "source", "note"
                )
            ),
            list(
                CalendarYear.objects.order_by("year").values_list(
                    "year", "source", "official", "notice"
                )
            ),
            AuditEntry.objects.count(),
        )

    return _state
