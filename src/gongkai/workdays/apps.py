from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = _("工作日历")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from gongkai.workdays import (
            invalidate,
            permissions,  # noqa: F401  (registers the app's rules)
        )
        from gongkai.workdays.models import CalendarDay, CalendarYear

        def _changed(sender, **kwargs):
            invalidate()

        for model in (CalendarDay, CalendarYear):
            post_save.connect(
                _changed, sender=model, dispatch_uid=f"workdays-{model.__name__}-save", weak=False
            )
            post_delete.connect(
                _changed, sender=model, dispatch_uid=f"workdays-{model.__name__}-delete", weak=False
            )
