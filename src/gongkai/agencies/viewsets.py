"""Wagtail admin viewsets whose every view goes through ``gongkai.agencies.permissions``.

Wagtail's generic views ask a *permission policy*; ``ScopedPermissionPolicy``
answers from the Gongkai role rules, and the ``Scoped*View`` classes make lists,
forms and single-object views show only what the user may see. Any app's
``ModelViewSet`` gets agency scoping by inheriting ``ScopedModelViewSet``.
"""

from django.core.exceptions import PermissionDenied
from django.forms import ModelChoiceField
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Unit

# Wagtail's generic actions -> Gongkai actions.
ACTION_MAP = {
    "view": "view",
    "inspect": "view",
    "add": "change",
    "change": "change",
    "delete": "change",
}


class ScopedPermissionPolicy(BasePermissionPolicy):
    """A Wagtail permission policy backed by ``permissions.can`` / ``permissions.visible``."""

    def _action(self, action: str) -> str:
        return ACTION_MAP.get(action, action)

    def user_has_permission(self, user, action):
        if permissions.is_system_admin(user):
            return True
        rules = permissions.rules_for(self.model)
        allowed = rules.actions.get(self._action(action), frozenset())
        return bool(permissions.memberships_for(user, allowed))

    def user_has_permission_for_instance(self, user, action, instance):
        return permissions.can(user, self._action(action), instance)

    def instances_user_has_any_permission_for(self, user, actions):
        qs = self.model._default_manager.none()
        for action in actions:
            qs = qs | permissions.visible(user, self.model, self._action(action))
        return qs.distinct()

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


def _scope_choice_fields(form, user):
    """Offer only agencies and units the user may act in."""
    agencies = permissions.agencies_in_scope(user)
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField):
            if field.queryset.model is Agency:
                field.queryset = field.queryset.filter(pk__in=agencies)
            elif field.queryset.model is Unit:
                field.queryset = field.queryset.filter(agency__in=agencies)
    return form


class ScopedObjectMixin:
    required_action = "view"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not permissions.can(self.request.user, self.required_action, obj):
            raise PermissionDenied
        return obj


class ScopedFormMixin:
    def get_form(self, *args, **kwargs):
        return _scope_choice_fields(super().get_form(*args, **kwargs), self.request.user)


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return permissions.visible(self.request.user, super().get_base_queryset())


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        if not permissions.can(self.request.user, "change", instance):
            raise PermissionDenied
        instance.save()
        self.form.save_m2m()
        return instance


class ScopedEditView(ScopedFormMixin, ScopedObjectMixin, generic.EditView):
    required_action = "change"


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    required_action = "change"


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    required_action = "view"


class ScopedBaseObjectMixin:
    """For Wagtail's object-bound listing views (history, usage): 404 outside the user's reach."""

    def get_base_object_queryset(self):
        return permissions.visible(self.request.user, super().get_base_object_queryset())


class ScopedHistoryView(ScopedBaseObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedBaseObjectMixin, usage.UsageView):
    pass


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet limited to what the user's roles reach."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False

    def __init__(self, *args, **kwargs):
        # Register before Wagtail looks the policy up, so every view (and the
        # admin's own checks elsewhere) use the Gongkai rules for this model.
        register_permission_policy(self.model, ScopedPermissionPolicy(self.model))
        super().__init__(*args, **kwargs)
