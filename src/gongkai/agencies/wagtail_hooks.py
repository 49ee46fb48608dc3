"""Staff console: agencies, units, leadership groups and staff roles."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup

from gongkai.agencies import (
    admin_scope,  # noqa: F401 (registers its Wagtail hooks on import)
    permissions,
)
from gongkai.agencies.forms import AgencyForm, MembershipForm
from gongkai.agencies.models import Agency, LeadershipGroupMember, Membership, Unit
from gongkai.agencies.viewsets import ScopedModelViewSet


class AgencyCreateView(generic.CreateView):
    def form_in_scope(self, form) -> bool:
        # A new agency has no place in the tree yet: the user must be able to change the
        # parent it goes under (a new root: system administrators only).
        parent = form.cleaned_data.get("parent")
        if parent is None:
            return permissions.is_system_admin(self.request.user)
        return permissions.can(self.request.user, "change", parent)

    def save_instance(self):
        return self.form.save()  # the form places the new node in the tree


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

    def get_form_class(self, for_update=False):
        return MembershipForm

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
