from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    label = "agencies"
    verbose_name = _("机关与人员")

    def ready(self):
        from gongkai.agencies import permissions  # noqa: F401  (registers the app's rules)
