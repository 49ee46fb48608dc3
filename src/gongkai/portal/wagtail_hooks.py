"""Staff console: the dashboard panels (gongkai.portal.dashboard) and their stylesheet."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from gongkai.portal.dashboard import homepage_panels


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    homepage_panels(request, panels)


@hooks.register("insert_global_admin_css")
def dashboard_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/admin-dashboard.css"))
