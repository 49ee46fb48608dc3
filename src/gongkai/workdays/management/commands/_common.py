"""Helpers shared by the workdays commands."""

import datetime
import re

from django.core.management.base import CommandError

BAD_INPUT = 2  # exit code for bad input (invalid file, JSON, date, argument)


def parse_date(text: str, what: str = "日期") -> datetime.date:
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text or ""):
        raise CommandError(f"{what}格式应为 YYYY-MM-DD，收到 “{text}”", returncode=BAD_INPUT)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"不存在的{what}：{text}", returncode=BAD_INPUT) from None


def day_line(explanation) -> str:
    return explanation.text()
