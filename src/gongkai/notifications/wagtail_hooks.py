"""The 通知 menu entry (with the number of unread notices) and its pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.notifications import selectors, views

urls = (
    [
        path("", views.inbox, name="inbox"),
        path("read/", views.mark_read, name="read"),
    ],
    "notifications",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("notifications/", include(urls))]


class NotificationsMenuItem(MenuItem):
    def get_context(self, request):
        context = super().get_context(request)
        unread = selectors.unread_count(request.user)
        if unread:
            context["label"] = _("我的通知（%(n)d）") % {"n": unread}
        return context


@hooks.register("register_admin_menu_item")
def register_menu():
    return NotificationsMenuItem(
        _("我的通知"), reverse("notifications:inbox"), icon_name="warning", order=150
    )
