"""Helpers shared by the workdays commands."""

import datetime
import re

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

BAD_INPUT = 2  # exit code for bad input (invalid file, JSON, date, argument)


def parse_date(text: str, what: str = "") -> datetime.date:
    what = what or _("日期")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text or ""):
        raise CommandError(
            _("%(what)s格式应为 YYYY-MM-DD，收到 “%(text)s”") % {"what": what, "text": text},
            returncode=BAD_INPUT,
        )
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("不存在的%(what)s：%(text)s") % {"what": what, "text": text}, returncode=BAD_INPUT
        ) from None


def day_line(explanation) -> str:
    return explanation.text()
