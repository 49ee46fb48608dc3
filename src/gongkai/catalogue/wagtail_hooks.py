"""Admin integration: the 主动公开 menu, the WeChat export button, the publish guard."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from gongkai.catalogue import views
from gongkai.catalogue.models import DisclosureItemPage


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("catalogue/wechat/<int:page_id>/", views.wechat_export, name="catalogue_wechat"),
        path("catalogue/late/", views.late_view, name="catalogue_late"),
        path("catalogue/reassessment/", views.reassessment_view, name="catalogue_reassessment"),
        path("catalogue/channels/", views.channels_view, name="catalogue_channels"),
    ]


class LateMenuItem(MenuItem):
    """Shows the number of late publications as a badge."""

    def get_context(self, request):
        context = super().get_context(request)
        from gongkai.catalogue.selectors import late_items
        from gongkai.catalogue.views import _scope_ids

        count = len(late_items(_scope_ids(request.user)))
        if count:
            context["label"] = f"{self.label}（{count}）"
        return context


@hooks.register("register_admin_menu_item")
def late_menu_item():
    return LateMenuItem(_("超期发布"), reverse("catalogue_late"), icon_name="warning", order=310)


@hooks.register("register_admin_menu_item")
def reassessment_menu_item():
    return MenuItem(
        _("动态调整复核"), reverse("catalogue_reassessment"), icon_name="history", order=311
    )


@hooks.register("register_admin_menu_item")
def channels_menu_item():
    return MenuItem(_("发布渠道统计"), reverse("catalogue_channels"), icon_name="table", order=312)


def _wechat_button(page, priority):
    return ListingButton(
        _("导出微信版"),
        reverse("catalogue_wechat", args=[page.pk]),
        priority=priority,
        icon_name="download",
    )


@hooks.register("register_page_header_buttons")
def wechat_header_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, DisclosureItemPage):
        yield _wechat_button(page, 80)


@hooks.register("register_page_listing_more_buttons")
def wechat_listing_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, DisclosureItemPage):
        yield _wechat_button(page, 80)


def _guard(request, page):
    """Refuse the editor's publish button when the revision has no passed 保密审查."""
    from gongkai.catalogue.review import publication_problems

    page = page.specific
    if not isinstance(page, DisclosureItemPage):
        return None
    problems = publication_problems(page, page.get_latest_revision())
    if problems:
        messages.error(request, _t("不能发布：") + "；".join(problems))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_publish_page")
def guard_publish(request, page):
    return _guard(request, page)


@hooks.register("before_serve_document")
def serve_published_or_own_documents(document, request):
    """``/documents/<id>/<name>`` serves a file to the public only once a live page carries
    it; until then only staff who may choose or change it in its agency's collection get
    it. Wagtail alone serves every file outside a private collection to anyone who guesses
    its number, a draft's attachment before its 保密审查 included."""
    from gongkai.agencies.admin_scope import visible_in_admin
    from gongkai.catalogue.selectors import document_is_published

    if document_is_published(document):
        return None
    if request.user.is_authenticated and visible_in_admin(request.user, document):
        return None
    raise Http404(_t("文件不存在"))


# Per-agency settings (index-number pattern, deadlines, reassessment interval) and new-media
# posts that are not catalogue entries, editable in the admin.
def _register_snippets():
    from wagtail.snippets.models import register_snippet

    from gongkai.agencies.viewsets import ScopedSnippetViewSet
    from gongkai.catalogue.models import CatalogueSettings, ChannelPost

    class CatalogueSettingsViewSet(ScopedSnippetViewSet):
        model = CatalogueSettings
        icon = "cog"
        menu_label = _("公开目录设置")
        list_display = [
            "agency",
            "index_pattern",
            "publication_workdays",
            "reassessment_interval_days",
        ]

    class ChannelPostViewSet(ScopedSnippetViewSet):
        model = ChannelPost
        icon = "mail"
        menu_label = _("新媒体发布记录")
        list_display = ["title", "channel", "published_on", "agency"]
        list_filter = ["channel", "agency"]

    register_snippet(CatalogueSettingsViewSet)
    register_snippet(ChannelPostViewSet)


_register_snippets()
