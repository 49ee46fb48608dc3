"""A Wagtail permission policy that asks ``gongkai.agencies.permissions`` (roles in the agency tree).

Wagtail's admin views ask a policy whether a user may add/change/delete/view a
model or an instance; this one answers from the rules registered with
``agencies.permissions.register`` so the admin and the services agree.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies.base import BasePermissionPolicy

from gongkai.agencies import permissions as perms


class AgencyScopedPolicy(BasePermissionPolicy):
    def _roles(self, actions) -> set[str]:
        rules = perms.rules_for(self.model)
        roles: set[str] = set()
        for action in actions:
            roles |= set(rules.actions.get(action, ()))
        return roles

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user, actions):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if perms.is_system_admin(user):
            return True
        return bool(perms.memberships_for(user, self._roles(actions)))

    def users_with_any_permission(self, actions):
        roles = self._roles(actions)
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(memberships__role__in=roles)
                | Q(memberships__role="system_admin"),
                is_active=True,
            )
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return perms.can(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        qs = self.model._default_manager.none()
        for action in actions:
            qs = qs | perms.visible(user, self.model._default_manager.all(), action)
        return qs.distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)


class AgencyScopedForm(WagtailAdminModelForm):
    """Limits the ``agency`` choice to the agencies where the user may edit this model."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        field = self.fields.get("agency")
        if field is not None and user is not None:
            rules = perms.rules_for(self._meta.model)
            roles = set(rules.actions.get("change", ())) | set(rules.actions.get("add", ()))
            field.queryset = perms.agencies_in_scope(user, roles)
