"""Staff console: the holiday table (节假日调整) and the yearly schedules, for system administrators only.

The viewsets use ``ScopedModelViewSet``, whose permission policy asks
``gongkai.agencies.permissions``; ``workdays/permissions.py`` grants no staff
role anything here, so only system administrators see the menu and may edit.
Edits made here are recorded as ``manual`` and audited; ``calendar()`` picks
them up at its next call.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup

from gongkai.agencies.viewsets import ScopedModelViewSet
from gongkai.workdays import changed
from gongkai.workdays.models import CalendarDay, CalendarYear, Source


def _changed(instance, verb: str) -> None:
    changed(_("%(verb)s工作日历：%(what)s") % {"verb": verb, "what": instance})


class ManualCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.source = Source.MANUAL
        instance = super().save_instance()
        _changed(instance, _("新增"))
        return instance


class ManualEditView(generic.EditView):
    def save_instance(self):
        self.form.instance.source = Source.MANUAL
        instance = super().save_instance()
        _changed(instance, _("修改"))
        return instance


class ChangeDeleteView(generic.DeleteView):
    def delete_action(self):
        what = str(self.object)
        super().delete_action()
        changed(_("删除工作日历：%(what)s") % {"what": what})


class CalendarDayViewSet(ScopedModelViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = _("节假日调整")
    add_view_class = ManualCreateView
    edit_view_class = ManualEditView
    delete_view_class = ChangeDeleteView
    form_fields = ["date", "is_workday", "reason", "note"]
    list_display = ["date", "is_workday", "reason", "source", "note"]
    list_filter = ["is_workday", "source"]
    search_fields = ["reason", "note"]
    ordering = ["-date"]


class CalendarYearViewSet(ScopedModelViewSet):
    model = CalendarYear
    icon = "calendar"
    menu_label = _("年度节假日安排")
    add_view_class = ManualCreateView
    edit_view_class = ManualEditView
    delete_view_class = ChangeDeleteView
    form_fields = ["year", "official", "notice"]
    list_display = ["year", "official", "notice", "source", "imported_at"]
    list_filter = ["official", "source"]
    ordering = ["-year"]


class WorkdaysGroup(ModelViewSetGroup):
    menu_label = _("工作日历")
    menu_icon = "date"
    menu_order = 950
    items = (CalendarDayViewSet, CalendarYearViewSet)


@hooks.register("register_admin_viewset")
def register_workdays_viewsets():
    return WorkdaysGroup()
