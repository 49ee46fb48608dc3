"""Mount the ops views in the staff console and show 后台任务 to system administrators."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.agencies.permissions import is_system_admin


@hooks.register("register_admin_urls")
def register_ops_urls():
    return [path("ops/", include("gongkai.ops.urls", namespace="gongkai_ops"))]


class SystemAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return is_system_admin(request.user)


@hooks.register("register_settings_menu_item")
def register_tasks_menu_item():
    return SystemAdminMenuItem(
        _("后台任务"), reverse("gongkai_ops:tasks"), icon_name="cogs", order=900
    )


@hooks.register("register_account_menu_item")
def register_two_factor_menu_item(request):
    return {
        "url": reverse("gongkai_ops:two_factor_setup"),
        "label": _("双因素认证"),
        "help_text": _("使用手机身份验证器生成登录验证码"),
    }
