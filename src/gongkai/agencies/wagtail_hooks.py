"""Staff console: agencies, units, leadership groups and staff roles."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from gongkai.agencies.forms import AgencyForm
from gongkai.agencies.models import Agency, LeadershipGroupMember, Membership, Unit
from gongkai.agencies.viewsets import ScopedCreateView, ScopedModelViewSet


class AgencyCreateView(ScopedCreateView):
    def save_instance(self):
        # Tree placement is the form's job; the permission check needs the parent.
        parent = self.form.cleaned_data.get("parent")
        from django.core.exceptions import PermissionDenied

        from gongkai.agencies import permissions

        if parent is None:
            if not permissions.is_system_admin(self.request.user):
                raise PermissionDenied
        elif not permissions.can(self.request.user, "change", parent):
            raise PermissionDenied
        return self.form.save()


class AgencyViewSet(ScopedModelViewSet):
    model = Agency

    def get_form_class(self, for_update=False):
        return AgencyForm

    add_view_class = AgencyCreateView
    icon = "site"
    menu_label = _("机关")
    list_display = ["name", "short_name", "kind", "code", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]
    ordering = ["path"]
    inspect_view_enabled = True


class UnitViewSet(ScopedModelViewSet):
    model = Unit
    icon = "group"
    menu_label = _("内设机构")
    form_fields = ["agency", "name", "kind", "head_name", "phone", "duties", "order"]
    list_display = ["name", "agency", "kind", "head_name"]
    list_filter = ["agency", "kind"]
    search_fields = ["name"]


class LeadershipViewSet(ScopedModelViewSet):
    model = LeadershipGroupMember
    icon = "user"
    menu_label = _("领导小组")
    form_fields = ["agency", "position", "name", "title", "order"]
    list_display = ["name", "position", "title", "agency"]
    list_filter = ["agency", "position"]


class MembershipViewSet(ScopedModelViewSet):
    model = Membership
    icon = "key"
    menu_label = _("人员角色")
    form_fields = ["user", "agency", "role", "unit"]
    list_display = ["user", "role", "agency", "unit"]
    list_filter = ["role", "agency"]


class AgencyGroup(ModelViewSetGroup):
    menu_label = _("机关与人员")
    menu_icon = "site"
    menu_order = 900
    items = (AgencyViewSet, UnitViewSet, LeadershipViewSet, MembershipViewSet)


@hooks.register("register_admin_viewset")
def register_agency_viewsets():
    return AgencyGroup()
