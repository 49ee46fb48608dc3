"""Wagtail admin viewsets whose every view goes through ``gongkai.agencies.permissions``.

Wagtail's generic views fetch objects in a dozen different ways (``get_object``,
``get_base_object_queryset``, ``get_object_or_404(self.model, ...)``, chooser lookups) and
a snippet viewset serves twenty-odd views (edit, delete, copy, history, usage, inspect,
revisions, lock, workflow ...). Scoping each view class by hand leaves the next one open,
so the scope is applied where every view is built: ``AgencyScopedViewSetMixin``
overrides the viewset's ``construct_view`` and

- refuses, before the view runs, any request whose URL names an object (``pk``) the
  user may not view (404) or may not act on as the view requires (403);
- narrows lists and choosers to the objects the user may view;
- offers, in every form, only the agencies (and their units) where the user may
  perform the view's action, and refuses to save an object outside them.

``ScopedPermissionPolicy`` answers Wagtail's own permission questions from the same
rules. Any app's agency-owned model gets all of this by using ``ScopedModelViewSet``
or ``ScopedSnippetViewSet`` (``register_snippet`` with a subclass of the latter); the
authorisation matrix (tests/security/test_authorisation_matrix.py) fails for a
registered model whose views are not scoped.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import ModelChoiceField
from django.http import Http404
from django.views.generic.edit import FormMixin
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Role, Unit
from gongkai.ops.spreadsheets import SafeCsvExportMixin

# Wagtail's generic actions -> Gongkai actions, used when a model registers no rule of
# the Wagtail name itself (registers declare "add" and "delete"; most models only
# "view" and "change").
ACTION_MAP = {
    "view": "view",
    "inspect": "view",
    "add": "change",
    "change": "change",
    "delete": "change",
}


def gongkai_action(model, wagtail_action: str) -> str:
    """The Gongkai action a Wagtail permission name stands for, for ``model``."""
    rules = permissions.rules_for(model)
    if wagtail_action in rules.actions:
        return wagtail_action
    return ACTION_MAP.get(wagtail_action, wagtail_action)


class ScopedPermissionPolicy(BasePermissionPolicy):
    """A Wagtail permission policy backed by ``permissions.can`` / ``permissions.visible``."""

    def _roles(self, actions) -> set[str]:
        rules = permissions.rules_for(self.model)
        roles: set[str] = set()
        for action in actions:
            roles |= set(rules.actions.get(gongkai_action(self.model, action), ()))
        return roles

    def user_has_permission(self, user, action):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if permissions.is_system_admin(user):
            return True
        return bool(permissions.memberships_for(user, self._roles([action])))

    def user_has_permission_for_instance(self, user, action, instance):
        return permissions.can(user, gongkai_action(self.model, action), instance)

    def instances_user_has_any_permission_for(self, user, actions):
        qs = self.model._default_manager.none()
        for action in actions:
            qs = qs | permissions.visible(user, self.model, gongkai_action(self.model, action))
        return qs.distinct()

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(memberships__role__in=self._roles(actions))
                | Q(memberships__role=Role.SYSTEM_ADMIN),
                is_active=True,
            )
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.filter(
            pk__in=[u.pk for u in users if any(permissions.can(u, a, instance) for a in actions)]
        )


# --- the pieces mixed into every view of a scoped viewset ---------------------------------


def agencies_for_action(user, model, action: str):
    """Agencies where ``user`` holds a role allowed ``action`` on ``model``."""
    roles = permissions.rules_for(model).actions.get(action, frozenset())
    return permissions.agencies_in_scope(user, roles)


def narrow_choice_fields(form, user, model, action: str):
    """Offer, in the fields that place the object, only what the user may ``action`` in.

    The owner field (the first step of the model's ``agency_field``; ``parent`` for the
    agency tree itself) offers the agencies where the user holds a role allowed
    ``action`` (or, when it points to another scoped record, those records); a unit
    field offers the units of those agencies; a user field offers the people of those
    agencies and accounts that hold no role yet (never another agency's staff). Other
    references to agencies (e.g. a supervising office) are left alone: naming another
    agency is not acting in it.
    """
    User = get_user_model()
    rules = permissions.rules_for(model)
    owner = rules.agency_field.split("__")[0] if rules.agency_field else "parent"
    unit = rules.unit_field.split("__")[0] if rules.unit_field else None
    agencies = agencies_for_action(user, model, action)
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField):
            continue
        target = field.queryset.model
        if target is Unit:
            field.queryset = field.queryset.filter(agency__in=agencies)
        elif target is User and not permissions.is_system_admin(user):
            field.queryset = field.queryset.filter(
                Q(memberships__agency__in=agencies) | Q(memberships__isnull=True)
            ).distinct()
        elif name == owner and target is Agency:
            field.queryset = field.queryset.filter(pk__in=agencies)
        elif name in (owner, unit) and target._meta.label in permissions._registry:
            field.queryset = permissions.visible(user, field.queryset, action)
    return form


def _required_actions(view_class) -> list[str]:
    """The Wagtail permission(s) a view declares (any one suffices), else "view". A chooser's
    creation form needs "add" (Wagtail checks it in ``can_create``, not as an attribute)."""
    if isinstance(view_class, type) and issubclass(view_class, chooser_views.CreateViewMixin):
        return ["add"]
    required = getattr(view_class, "permission_required", None)
    if required:
        return [required]
    return list(getattr(view_class, "any_permission_required", None) or ["view"])


def _object_named(model, kwargs):
    pk = kwargs.get("pk")
    if pk is None:
        return None
    try:
        return model._default_manager.filter(pk=unquote(str(pk))).first()
    except (ValueError, TypeError, ValidationError):
        return None  # not a valid key: the view answers 404 itself


def guard_object(view, view_class, model):
    """Wrap a view function: the object its URL names must be in the user's reach."""
    required = _required_actions(view_class)

    @wraps(view)
    def guarded(request, *args, **kwargs):
        obj = _object_named(model, kwargs)
        if obj is not None:
            user = request.user
            if not permissions.can(user, "view", obj):
                raise Http404
            if not any(permissions.can(user, gongkai_action(model, a), obj) for a in required):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class ScopedListingMixin(SafeCsvExportMixin):
    """Index views: only what the user may view; CSV downloads cannot start a formula."""

    def get_base_queryset(self):
        return permissions.visible(self.request.user, super().get_base_queryset())


class ScopedFormMixin:
    """Create, edit and copy views: agencies narrowed, and nothing saved out of reach."""

    def _form_action(self) -> str:
        return gongkai_action(self.model, getattr(self, "permission_required", None) or "change")

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        return narrow_choice_fields(form, self.request.user, self.model, self._form_action())

    def form_in_scope(self, form) -> bool:
        """May the user save the object as the valid ``form`` left it? (Overridable, e.g.
        for the agency tree, where a new node is placed under a parent.)"""
        return permissions.can(self.request.user, self._form_action(), form.instance)

    def form_valid(self, form):
        if not self.form_in_scope(form):
            raise PermissionDenied
        return super().form_valid(form)


class ScopedChooseMixin:
    def get_object_list(self):
        return permissions.visible(self.request.user, super().get_object_list())


class ScopedChosenMixin:
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not permissions.can(self.request.user, "view", obj):
            raise Http404
        return obj


class ScopedChosenMultipleMixin:
    def get_objects(self, pks):
        return permissions.visible(self.request.user, super().get_objects(pks))


class ScopedChooserCreateMixin:
    def get_creation_form(self):
        form = super().get_creation_form()
        if form is not None:
            action = gongkai_action(self.model_class, "add")
            narrow_choice_fields(form, self.request.user, self.model_class, action)
        return form

    def save_form(self, form):
        if not permissions.can(
            self.request.user, gongkai_action(self.model_class, "add"), form.instance
        ):
            raise PermissionDenied
        return super().save_form(form)


# (base view class, mixin): a view class built by a scoped viewset gets every mixin whose
# base it derives from. History and usage views list log entries and references, not the
# model, and are covered by ``guard_object``.
_VIEW_MIXINS = (
    (generic.IndexView, ScopedListingMixin),
    (FormMixin, ScopedFormMixin),
    (chooser_views.BaseChooseView, ScopedChooseMixin),
    (chooser_views.ChosenViewMixin, ScopedChosenMixin),
    (chooser_views.ChosenMultipleViewMixin, ScopedChosenMultipleMixin),
    (chooser_views.CreateViewMixin, ScopedChooserCreateMixin),
)


def scoped_view_class(view_class):
    mixins = tuple(
        mixin
        for base, mixin in _VIEW_MIXINS
        if issubclass(view_class, base) and not issubclass(view_class, mixin)
    )
    if not mixins:
        return view_class
    return type(f"Scoped{view_class.__name__}", (*mixins, view_class), {})


class AgencyScopedViewSetMixin:
    """Mixed into a ModelViewSet, SnippetViewSet or ChooserViewSet of a model registered with
    ``gongkai.agencies.permissions``: every view it builds is scoped (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Register before Wagtail looks the policy up, so every view (and the admin's own
        # checks elsewhere: menus, buttons, the snippet index) use the Gongkai rules.
        register_permission_policy(self.model_class, ScopedPermissionPolicy(self.model_class))

    @property
    def model_class(self):
        from django.apps import apps

        model = self.model
        return apps.get_model(model) if isinstance(model, str) else model

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(scoped_view_class(view_class), **kwargs)
        return guard_object(view, view_class, self.model_class)


class ScopedChooserViewSet(AgencyScopedViewSetMixin, ChooserViewSet):
    pass


class ScopedSnippetChooserViewSet(AgencyScopedViewSetMixin, SnippetChooserViewSet):
    pass


class ScopedModelViewSet(AgencyScopedViewSetMixin, ModelViewSet):
    """A ModelViewSet limited to what the user's roles reach."""

    copy_view_enabled = False


class ScopedSnippetViewSet(AgencyScopedViewSetMixin, SnippetViewSet):
    """A SnippetViewSet limited to what the user's roles reach (its chooser too)."""

    chooser_viewset_class = ScopedSnippetChooserViewSet
