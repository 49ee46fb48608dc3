"""catalogue app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    label = "catalogue"
    verbose_name = _("主动公开")

    def ready(self):
        from gongkai.catalogue import permissions, signals  # noqa: F401
        from gongkai.ops import schedule

        signals.connect()
        # Pages with a go-live (or expiry) time are published (unpublished) when it passes.
        schedule.register(
            "catalogue.publish_scheduled", "1m", "gongkai.catalogue.tasks.publish_scheduled"
        )
