"""A warning on every staff page while the working-day calendar lacks an official year.

The State Council publishes the next year's holidays late in the year (国办发明电《关于
YYYY年部分节假日安排的通知》, usually in November). Until it is imported, deadlines that
reach into that year are computed from the statutory holidays alone and flagged 暂定
(``rules.holidays``). From 1 November (and whenever the current year itself has no
official schedule) every page of the staff console says so, until the schedule is in.
"""

import datetime

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.ops.security import ADMIN_PREFIXES

#: From this day of the year on, a missing schedule for next year is warned about.
WARN_FROM = (11, 1)
TAG = "gk-calendar-provisional"


def missing_years(today: datetime.date) -> list[int]:
    """The years the staff should import a schedule for now (this year, and next year
    from 1 November), that have none."""
    from gongkai.workdays import calendar

    official = calendar().official_years
    wanted = [today.year]
    if (today.month, today.day) >= WARN_FROM:
        wanted.append(today.year + 1)
    return [year for year in wanted if year not in official]


def warning_text(years: list[int]) -> str:
    names = "、".join(f"{year}年" for year in years)
    return _(
        "%(years)s的国务院节假日安排尚未导入：涉及该年度的期限暂按《全国年节及纪念日放假办法》"
        "推算法定节假日及补假，标注为“暂定”。国务院公布后，请系统管理员在“工作日历 › 年度节假日安排”"
        "中录入或导入，所有未办结案件的期限将随之重新计算（见“帮助 › 工作指南”）。"
    ) % {"years": names}


class ProvisionalCalendarWarningMiddleware:
    """Adds the warning to the messages of every staff page (GET, HTML), once per page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and request.path_info.startswith(ADMIN_PREFIXES[:1])
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and "json" not in request.headers.get("Accept", "")
        ):
            years = missing_years(timezone.localdate())
            if years:
                storage = messages.get_messages(request)
                queued = [*getattr(storage, "_loaded_messages", []), *storage._queued_messages]
                if not any(TAG in (m.extra_tags or "") for m in queued):
                    messages.warning(request, warning_text(years), extra_tags=TAG)
        return self.get_response(request)
