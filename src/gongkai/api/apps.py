from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "gongkai.api"
    label = "gongkai_api"
    verbose_name = _("数据接口")
    default_auto_field = "django.db.models.BigAutoField"
