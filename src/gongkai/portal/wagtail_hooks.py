"""Staff console: the dashboard panels (gongkai.portal.dashboard) and their stylesheet; the
help menu (the project's Chinese guide instead of Wagtail's English editor guide)."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.portal import views
from gongkai.portal.dashboard import homepage_panels


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    homepage_panels(request, panels)


@hooks.register("insert_global_admin_css")
def dashboard_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/admin-dashboard.css"))


@hooks.register("register_admin_urls")
def guide_urls():
    return [path("guide/", views.staff_guide, name="gongkai_guide")]


@hooks.register("register_help_menu_item")
def guide_menu_item():
    return MenuItem(_("工作指南"), reverse("gongkai_guide"), icon_name="help", order=100)


# Wagtail's own help items lead to English pages about Wagtail (release notes, editor guide).
_WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail")


@hooks.register("construct_help_menu")
def drop_wagtail_help(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if not any(item.name.startswith(name) for name in _WAGTAIL_HELP_ITEMS)
    ]
