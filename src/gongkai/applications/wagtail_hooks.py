"""Staff console entries of the applications app: worklist, registration, inquiries, import."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.agencies.viewsets import ScopedModelViewSet
from gongkai.applications import views_admin as v
from gongkai.applications.models import AgencyApplicationSettings

admin_patterns = (
    [
        path("", v.worklist, name="worklist"),
        path("register/", v.register, name="register"),
        path("<int:pk>/", v.case, name="case"),
        path("<int:pk>/act/<str:action>/", v.act, name="act"),
        path("<int:pk>/release/", v.release_file, name="release"),
        path("attachments/<int:pk>/", v.attachment_download, name="attachment"),
        path("letters/<int:pk>/edit/", v.letter_edit, name="letter_edit"),
        path("letters/<int:pk>.<str:fmt>", v.letter_download, name="letter"),
        path("inquiries/", v.inquiries, name="inquiries"),
        path("inquiries/<int:pk>/answer/", v.inquiry_answer, name="inquiry_answer"),
        path("inquiries/<int:pk>/route/", v.inquiry_route, name="inquiry_route"),
        path("import/", v.import_view, name="import"),
        path("import/template.xlsx", v.import_template, name="import_template"),
        path("export.xlsx", v.export, name="export"),
    ],
    "applications_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("applications/", include(admin_patterns))]


@hooks.register("register_admin_menu_item")
def register_menu():
    menu = Menu(
        items=[
            MenuItem(
                _("工作台"), reverse("applications_admin:worklist"), icon_name="list-ul", order=1
            ),
            MenuItem(
                _("登记申请"), reverse("applications_admin:register"), icon_name="plus", order=2
            ),
            MenuItem(_("咨询"), reverse("applications_admin:inquiries"), icon_name="help", order=3),
            MenuItem(
                _("导入历史申请"), reverse("applications_admin:import"), icon_name="upload", order=4
            ),
        ]
    )
    return SubmenuMenuItem(_("依申请公开"), menu, icon_name="mail", order=200)


class SettingsViewSet(ScopedModelViewSet):
    """Per-agency numbering patterns, correction period and the office head (scoped by role)."""

    model = AgencyApplicationSettings
    icon = "cog"
    menu_label = _("依申请公开设置")
    add_to_admin_menu = False
    form_fields = [
        "agency",
        "tracking_pattern",
        "letter_pattern",
        "letter_code",
        "correction_period_workdays",
        "reminder_workdays",
        "extension_approver",
        "provisional_note",
        "organisation_addressee",
    ]
    list_display = [
        "agency",
        "tracking_pattern",
        "correction_period_workdays",
        "reminder_workdays",
        "extension_approver",
    ]


settings_viewset = SettingsViewSet("application_settings")


@hooks.register("register_admin_viewset")
def register_settings_viewset():
    return settings_viewset
