"""applications app: 依申请公开 cases."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from gongkai.applications import (
            permissions,  # noqa: F401  (registers the rules)
            reminders,
        )
        from gongkai.ops import schedule
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(reminders.on_calendar_changed, dispatch_uid="applications.clock")
        # The statutory clock runs by itself: reminders every morning, and a daily check
        # that every stored due date still follows the events and the calendar.
        schedule.register(
            "applications.deadline_reminders",
            "daily 08:30",
            "gongkai.applications.reminders.send_deadline_reminders",
        )
        schedule.register(
            "applications.recompute_clock",
            "daily 02:00",
            "gongkai.applications.reminders.recompute_clock",
            kwargs={"reason": "每日核对"},
        )
