"""The permission module and the visibility selector agree, for every role and every object.

Runs over the whole demo data set, so each app's registered models are covered as
they arrive; the suite runs it on SQLite and on PostgreSQL.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from gongkai.agencies import permissions
from gongkai.agencies.demo import STAFF
from gongkai.agencies.models import Agency, Membership, Role, Unit

pytestmark = pytest.mark.django_db


def _registered_models():
    return [apps.get_model(label) for label in sorted(permissions._registry)]


def test_can_and_visible_agree_for_every_role_and_object(demo):
    users = list(get_user_model().objects.filter(username__in=[s[0] for s in STAFF]))
    assert len(users) == len(STAFF)
    checked = 0
    for model in _registered_models():
        objects = list(model._default_manager.all())
        for user in users:
            visible_ids = set(permissions.visible(user, model).values_list("pk", flat=True))
            for obj in objects:
                assert permissions.can(user, "view", obj) == (obj.pk in visible_ids), (
                    f"{user.username} / {model._meta.label} #{obj.pk}"
                )
                checked += 1
    assert checked > 100  # the demo data really was walked


def test_staff_of_one_agency_never_see_another_agencys_objects(demo):
    User = get_user_model()
    czj = User.objects.get(username="czj-registrar")
    tjj = Agency.objects.get(slug="mzl-tjj")
    for model in _registered_models():
        rules = permissions.rules_for(model)
        if not any(rules.actions.values()):
            continue  # system administrators only (the national holiday table): nothing to leak
        lookup = (
            f"{rules.agency_field}__path__startswith" if rules.agency_field else "path__startswith"
        )
        leaked = permissions.visible(czj, model).filter(**{lookup: tjj.path})
        assert not leaked.exists(), f"{model._meta.label}: {list(leaked[:3])}"


def test_supervisor_sees_the_whole_subtree_but_changes_nothing(demo):
    supervisor = get_user_model().objects.get(username="spj-supervisor")
    assert set(permissions.visible(supervisor, Agency)) == set(Agency.objects.all())
    tjj = Agency.objects.get(slug="mzl-tjj")
    assert permissions.can(supervisor, "view", tjj)
    assert not permissions.can(supervisor, "change", tjj)


def test_handler_reach_is_limited_to_their_unit():
    """A model scoped by unit: a handler sees only what is routed to their unit."""
    from gongkai.agencies.permissions import ModelRules

    # Membership objects point at a unit; pretend handlers may view memberships of their unit.
    saved = permissions._registry["agencies.Membership"]
    permissions._registry["agencies.Membership"] = ModelRules(
        agency_field="agency", unit_field="unit", actions={"view": frozenset({Role.HANDLER})}
    )
    try:
        from gongkai.demo import load_demo

        load_demo(verbosity=0)
        handler = get_user_model().objects.get(username="tjj-handler")
        own_unit = Unit.objects.get(agency__slug="mzl-tjj", name="国民经济核算科")
        seen = permissions.visible(handler, Membership)
        assert seen.exists()
        assert set(seen.values_list("unit", flat=True)) == {own_unit.pk}
        other = Membership.objects.filter(agency__slug="mzl-tjj").exclude(unit=own_unit).first()
        assert other is not None and not permissions.can(handler, "view", other)
    finally:
        permissions._registry["agencies.Membership"] = saved


def test_anonymous_and_inactive_users_can_do_nothing(demo):
    from django.contrib.auth.models import AnonymousUser

    tjj = Agency.objects.get(slug="mzl-tjj")
    assert not permissions.can(AnonymousUser(), "view", tjj)
    assert not permissions.visible(AnonymousUser(), Agency).exists()
    user = get_user_model().objects.get(username="tjj-admin")
    user.is_active = False
    assert not permissions.can(user, "view", tjj)


def test_system_administrator_reaches_everything(demo):
    admin = get_user_model().objects.get(username="admin")
    assert permissions.is_system_admin(admin)
    for model in _registered_models():
        assert permissions.visible(admin, model).count() == model._default_manager.count()


def test_unit_head_sees_the_cases_of_their_unit_only(demo):
    """科室负责人 is a unit role: like a handler, their reach is the work routed to their unit."""
    from gongkai.applications.models import Application

    head = get_user_model().objects.get(username="tjj-unithead")
    own_unit = Unit.objects.get(agency__slug="mzl-tjj", name="国民经济核算科")
    tjj_cases = Application.objects.filter(agency__slug="mzl-tjj")
    assert tjj_cases.filter(unit=own_unit).exists()
    assert tjj_cases.exclude(unit=own_unit).exists()  # so the limit is really exercised
    seen = permissions.visible(head, Application)
    assert set(seen.values_list("pk", flat=True)) == set(
        tjj_cases.filter(unit=own_unit).values_list("pk", flat=True)
    )
    other = tjj_cases.exclude(unit=own_unit).first()
    assert not permissions.can(head, "view", other)


def test_unit_roles_must_name_their_unit(demo):
    from django.db import IntegrityError, transaction

    user = get_user_model().objects.get(username="tjj-unithead")
    tjj = Agency.objects.get(slug="mzl-tjj")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, agency=tjj, role=Role.UNIT_HEAD, unit=None)
    # a form (the staff admin's) says so in words instead
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="必须指定所属内设机构"):
        Membership(user=user, agency=tjj, role=Role.UNIT_HEAD, unit=None).full_clean()
