from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "gongkai.registers"
    label = "registers"
    verbose_name = _("法定公开登记")

    def ready(self):
        from gongkai.registers import permissions  # noqa: F401  (registers the app's rules)
