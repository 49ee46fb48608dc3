"""Reading XLSX cells typed by people: text and dates (the imports of cases and registers)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _


def cell_text(value) -> str:
    """A cell as trimmed text; whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_date(value, what: str, problems: list[str]) -> datetime.date | None:
    """A date cell (a date, or text as 2026-03-02, 2026/3/2, 2026.3.2); a problem is added,
    in Chinese, when it is none of these."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems.append(
            _("%(what)s“%(value)s”不是有效日期（应为 YYYY-MM-DD）") % {"what": what, "value": value}
        )
        return None
