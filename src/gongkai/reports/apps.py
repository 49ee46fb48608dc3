from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = _("年度报告")

    def ready(self):
        from gongkai.reports import permissions, signals  # noqa: F401

        signals.connect()
        try:
            from gongkai.ops import schedule
        except ImportError:  # pragma: no cover - the ops app is optional
            return
        schedule.register(
            "reports.annual_report_reminders",
            "daily 08:00",
            "gongkai.reports.tasks.annual_report_reminders",
        )
