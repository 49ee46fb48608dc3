"""Annual reports in the staff console: menu, URLs, and a dashboard panel with reminders."""

from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from gongkai.agencies.permissions import ALL_STAFF_ROLES, is_system_admin, memberships_for


@hooks.register("register_admin_urls")
def register_reports_urls():
    return [path("annual-reports/", include("gongkai.reports.admin_urls"))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return is_system_admin(user) or bool(memberships_for(user, ALL_STAFF_ROLES))


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        gettext_lazy("年度报告"), reverse("reports_admin:list"), icon_name="doc-full", order=340
    )


class RemindersPanel(Component):
    name = "annual_report_reminders"
    order = 120

    def __init__(self, reminders):
        self.reminders = reminders

    def render_html(self, parent_context=None):
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a>：{}年度报告，截止 {}，{}（{}）</li>',
            (
                (
                    reverse("reports_admin:detail", args=[r.report.pk])
                    if r.report
                    else reverse("reports_admin:list"),
                    r.agency.name,
                    r.year,
                    r.deadline.isoformat(),
                    _("已逾期 %(n)s 天") % {"n": -r.days_left}
                    if r.overdue
                    else _("还有 %(n)s 天") % {"n": r.days_left},
                    r.report.get_state_display() if r.report else _("尚未生成"),
                )
                for r in self.reminders
            ),
        )
        return format_html(
            '<section class="panel summary nice-padding" aria-labelledby="arr-h">'
            '<h2 id="arr-h">{}</h2><ul>{}</ul></section>',
            _("政府信息公开工作年度报告报送提醒"),
            items,
        )


@hooks.register("construct_homepage_panels")
def add_reminders_panel(request, panels):
    from django.utils import timezone

    from gongkai.reports.selectors import reminders_for_user

    today = timezone.localdate()
    if today.month > 3:  # the reporting season: January to March (Art. 49)
        return
    found = reminders_for_user(request.user, today)
    if found:
        panels.append(RemindersPanel(found))
