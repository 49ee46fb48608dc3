"""Who may do what to which object: the one place that decides.

Every staff role is held in an agency (``Membership``) and reaches that agency's
whole subtree; the reach of a unit role (承办人, 科室负责人) is further limited to
objects routed to their unit. Apps declare which roles may perform each action on their models with
``register``; ``can`` answers for one object and ``visible`` returns the
queryset of objects a user may view. ``tests/agencies/test_permissions.py``
proves the two agree for every role and object in the demo data.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from gongkai.agencies.models import UNIT_ROLES, Agency, Membership, Role

ALL_STAFF_ROLES = frozenset(Role) - {Role.SYSTEM_ADMIN}

#: The roles a holder of each role may grant, in their own reach and never to themselves:
#: nobody grants a role above their own. An agency administrator staffs their agency up
#: to agency administrator; the supervising office's role (it publishes and locks the
#: annual reports of the agencies it oversees) and the system administrator's are
#: granted by system administrators only.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.AGENCY_ADMIN: frozenset(
        {
            Role.REGISTRAR,
            Role.HANDLER,
            Role.UNIT_HEAD,
            Role.REVIEWER,
            Role.CONFIDENTIALITY_REVIEWER,
            Role.SIGNER,
            Role.AGENCY_ADMIN,
        }
    ),
}


@dataclass(frozen=True)
class ModelRules:
    """How a model is scoped and which roles may perform each action on it."""

    agency_field: str  # lookup from the model to its Agency ("" for Agency itself)
    unit_field: str | None  # lookup to the Unit a handler must belong to, if any
    actions: dict[str, frozenset[str]]
    # For a record that grants a role (a membership): the field holding the role and the
    # one holding the user it goes to. Every action but "view" then also needs the role
    # to be grantable (``GRANTABLE_ROLES``) and the user to be someone else.
    grant_fields: tuple[str, str] | None = None
    # Actions a 科室负责人 of the agency's disclosure office (``Agency.disclosure_office``)
    # may take on every object of that agency, not only on their own unit's.
    office_head_actions: frozenset[str] = frozenset()


_registry: dict[str, ModelRules] = {}


def register(
    model: type[models.Model] | str,
    *,
    actions: dict[str, Iterable[str]],
    agency_field: str = "agency",
    unit_field: str | None = None,
    grant_fields: tuple[str, str] | None = None,
    office_head_actions: Iterable[str] = (),
) -> None:
    """Declare the roles allowed each action on ``model`` (``"app_label.Model"`` or a class)."""
    label = model if isinstance(model, str) else model._meta.label
    _registry[label] = ModelRules(
        agency_field=agency_field,
        unit_field=unit_field,
        actions={action: frozenset(roles) for action, roles in actions.items()},
        grant_fields=grant_fields,
        office_head_actions=frozenset(office_head_actions),
    )


def _heads_the_office(membership: Membership) -> bool:
    """Is ``membership`` the head of its agency's disclosure office (政府信息公开工作机构)?"""
    return (
        membership.role == Role.UNIT_HEAD
        and membership.unit_id is not None
        and membership.unit_id == membership.agency.disclosure_office_id
    )


def rules_for(model: type[models.Model] | str) -> ModelRules:
    label = model if isinstance(model, str) else model._meta.label
    try:
        return _registry[label]
    except KeyError:
        raise LookupError(f"no permission rules registered for {label}") from None


def _memberships(user) -> list[Membership]:
    """The user's memberships, loaded once per user object (i.e. once per request)."""
    cache = getattr(user, "_gongkai_memberships", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).select_related("agency", "unit"))
        user._gongkai_memberships = cache
    return cache


def is_system_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(m.role == Role.SYSTEM_ADMIN for m in _memberships(user))


def memberships_for(user, roles: Iterable[str]) -> list[Membership]:
    roles = set(roles)
    return [m for m in _memberships(user) if m.role in roles]


def roles_of(user) -> set[str]:
    """Every role the user holds anywhere (system administrators hold all)."""
    if is_system_admin(user):
        return set(Role)
    return {m.role for m in _memberships(user)}


def _resolve(obj, lookup: str):
    value = obj
    for part in lookup.split("__") if lookup else ():
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def can(user, action: str, obj) -> bool:
    """May ``user`` perform ``action`` on ``obj``?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_system_admin(user):
        return True
    rules = rules_for(type(obj))
    allowed = rules.actions.get(action)
    if not allowed:
        return False
    agency = _resolve(obj, rules.agency_field)
    if agency is None or not isinstance(agency, Agency):
        return False
    unit_id = _resolve(obj, rules.unit_field + "_id") if rules.unit_field else None
    granted_role = None
    if rules.grant_fields and action != "view":
        role_field, user_field = rules.grant_fields
        if getattr(obj, f"{user_field}_id") == user.pk:
            return False  # never to oneself
        granted_role = getattr(obj, role_field)
    for m in memberships_for(user, allowed):
        if not agency.path.startswith(m.agency.path):
            continue
        if m.role in UNIT_ROLES and rules.unit_field and unit_id != m.unit_id:
            office_wide = (
                action in rules.office_head_actions
                and agency.pk == m.agency_id
                and _heads_the_office(m)
            )
            if not office_wide:
                continue
        if granted_role is not None and granted_role not in GRANTABLE_ROLES.get(m.role, ()):
            continue
        return True
    return False


def scope_q(user, model: type[models.Model], action: str = "view") -> Q | None:
    """A filter matching the objects of ``model`` on which ``user`` may do ``action``.

    Returns None when the user may act on every object (system administrator).
    """
    if is_system_admin(user):
        return None
    rules = rules_for(model)
    allowed = rules.actions.get(action, frozenset())
    path_lookup = (
        f"{rules.agency_field}__path__startswith" if rules.agency_field else "path__startswith"
    )
    q = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return q
    grants = bool(rules.grant_fields) and action != "view"
    for m in memberships_for(user, allowed):
        clause = Q(**{path_lookup: m.agency.path})
        if m.role in UNIT_ROLES and rules.unit_field:
            if action in rules.office_head_actions and _heads_the_office(m):
                clause = Q(**{rules.agency_field or "pk": m.agency_id})
            else:
                clause &= Q(**{rules.unit_field: m.unit_id})
        if grants:
            clause &= Q(**{f"{rules.grant_fields[0]}__in": GRANTABLE_ROLES.get(m.role, ())})
        q |= clause
    if grants:
        q &= ~Q(**{rules.grant_fields[1]: user.pk})
    return q


def visible(user, queryset_or_model, action: str = "view") -> models.QuerySet:
    """The objects a user may view (or perform ``action`` on): the list-side twin of ``can``."""
    qs = (
        queryset_or_model._default_manager.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    q = scope_q(user, qs.model, action)
    return qs if q is None else qs.filter(q).distinct()


def agencies_in_scope(user, roles: Iterable[str] = ALL_STAFF_ROLES) -> models.QuerySet[Agency]:
    """Agencies the user works in or oversees through any of ``roles``."""
    if is_system_admin(user):
        return Agency.objects.all()
    q = Q(pk__in=[])
    for m in memberships_for(user, roles):
        q |= Q(path__startswith=m.agency.path)
    return Agency.objects.filter(q)


def roles_allowed(actions: Iterable[str]) -> set[str]:
    """Every role some registered model grants any of ``actions``."""
    actions = set(actions)
    return {
        role
        for rules in _registry.values()
        for action, roles in rules.actions.items()
        if action in actions
        for role in roles
    }


def grantable_roles(user) -> set[str]:
    """Roles ``user`` may grant to someone else somewhere in their reach."""
    if is_system_admin(user):
        return set(Role)
    roles: set[str] = set()
    for m in _memberships(user):
        roles |= GRANTABLE_ROLES.get(m.role, frozenset())
    return roles


# --- the agencies app's own models ------------------------------------------------
_EVERY_ROLE = list(ALL_STAFF_ROLES)
register(
    "agencies.Agency",
    agency_field="",
    actions={
        "view": _EVERY_ROLE,
        "change": [Role.AGENCY_ADMIN],
    },
)
register(
    "agencies.Unit",
    actions={"view": _EVERY_ROLE, "change": [Role.AGENCY_ADMIN]},
)
register(
    "agencies.LeadershipGroupMember",
    actions={"view": _EVERY_ROLE, "change": [Role.AGENCY_ADMIN]},
)
register(
    "agencies.Membership",
    actions={"view": [Role.AGENCY_ADMIN, Role.SUPERVISOR], "change": [Role.AGENCY_ADMIN]},
    grant_fields=("role", "user"),
)
register(
    "audit.AuditEntry",
    actions={"view": [Role.AGENCY_ADMIN, Role.SUPERVISOR]},
)
