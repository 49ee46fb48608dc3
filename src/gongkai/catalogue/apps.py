"""catalogue app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    label = "catalogue"
    verbose_name = _("主动公开")

    def ready(self):
        from gongkai.catalogue import permissions, signals  # noqa: F401

        signals.connect()
