"""Hole 2 of #15: nobody grants a role above their own, outside their agency, or to themselves.

Found on the landed main: tjj-admin (机关管理员 of 统计局) created a ``system_admin``
membership for themselves at ``/admin/membership/new/`` and gained system-wide access.
"""

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies import permissions
from gongkai.agencies.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db

ADD = "/admin/membership/new/"


def _post(client, user, agency, role, unit=None):
    client.raise_request_exception = False
    return client.post(
        ADD,
        {"user": user.pk, "agency": agency.pk, "role": role, "unit": unit.pk if unit else ""},
    )


@pytest.fixture
def tjj_admin(staff):
    return staff["tjj-admin"]


@pytest.mark.parametrize(
    "role", [Role.SYSTEM_ADMIN, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.REGISTRAR]
)
def test_an_agency_admin_grants_nothing_to_themselves(client, staff, tjj_admin, role):
    from gongkai.agencies.models import Agency

    before = set(Membership.objects.filter(user=tjj_admin).values_list("pk", flat=True))
    client.force_login(tjj_admin)
    for agency in (Agency.objects.get(slug="mzl-tjj"), Agency.objects.get(slug="mzl")):
        response = _post(client, tjj_admin, agency, role)
        assert response.status_code in (200, 302, 403)
    assert set(Membership.objects.filter(user=tjj_admin).values_list("pk", flat=True)) == before
    tjj_admin = get_user_model().objects.get(pk=tjj_admin.pk)
    assert not permissions.is_system_admin(tjj_admin)
    assert client.get("/admin/users/").status_code in (302, 403)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SUPERVISOR])
def test_no_role_above_their_own_to_anyone(client, staff, tjj_admin, role):
    from gongkai.agencies.models import Agency

    colleague = staff["tjj-registrar"]
    client.force_login(tjj_admin)
    response = _post(client, colleague, Agency.objects.get(slug="mzl-tjj"), role)
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert "role" in response.context["form"].errors
    assert not Membership.objects.filter(user=colleague, role=role).exists()


def test_only_in_their_own_agency(client, staff, tjj_admin):
    from gongkai.agencies.models import Agency

    colleague = staff["tjj-registrar"]
    client.force_login(tjj_admin)
    for slug in ("mzl-czj", "mzl"):
        response = _post(client, colleague, Agency.objects.get(slug=slug), Role.REVIEWER)
        assert response.status_code in (200, 403)
    assert not Membership.objects.filter(user=colleague, role=Role.REVIEWER).exists()
    # A unit of another agency cannot be smuggled in either.
    czj_unit = Unit.objects.filter(agency__slug="mzl-czj").first()
    response = _post(client, colleague, Agency.objects.get(slug="mzl-tjj"), Role.HANDLER, czj_unit)
    assert not Membership.objects.filter(user=colleague, role=Role.HANDLER).exists()


def test_granting_a_lower_role_in_their_agency_works(client, staff, tjj_admin):
    from gongkai.agencies.models import Agency

    colleague = staff["tjj-registrar"]
    client.force_login(tjj_admin)
    response = _post(client, colleague, Agency.objects.get(slug="mzl-tjj"), Role.REVIEWER)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=colleague, role=Role.REVIEWER).exists()


def test_existing_memberships_above_them_or_their_own_cannot_be_changed(client, staff, tjj_admin):
    from gongkai.agencies.models import Agency

    tjj = Agency.objects.get(slug="mzl-tjj")
    supervisor = Membership.objects.create(
        user=staff["tjj-reviewer"], agency=tjj, role=Role.SUPERVISOR
    )
    own = Membership.objects.get(user=tjj_admin, role=Role.AGENCY_ADMIN)
    city = Agency.objects.get(slug="mzl")
    client.force_login(tjj_admin)
    client.raise_request_exception = False
    for membership, data in (
        (supervisor, {"user": supervisor.user_id, "agency": tjj.pk, "role": Role.REVIEWER}),
        (own, {"user": tjj_admin.pk, "agency": city.pk, "role": Role.AGENCY_ADMIN}),
    ):
        for action in ("edit", "delete"):
            url = f"/admin/membership/{action}/{membership.pk}/"
            assert client.get(url).status_code in (302, 403, 404), url
            assert client.post(url, {**data, "unit": ""}).status_code in (302, 403, 404), url
        before = Membership.objects.get(pk=membership.pk)
        assert (before.agency_id, before.role) == (membership.agency_id, membership.role)


def test_the_form_offers_only_what_may_be_granted(client, staff, tjj_admin):
    client.force_login(tjj_admin)
    form = client.get(ADD).context["form"]
    roles = {value for value, _label in form.fields["role"].choices if value}
    assert roles == set(permissions.GRANTABLE_ROLES[Role.AGENCY_ADMIN])
    assert Role.SYSTEM_ADMIN not in roles and Role.SUPERVISOR not in roles
    assert set(form.fields["agency"].queryset.values_list("slug", flat=True)) == {"mzl-tjj"}
    people = set(form.fields["user"].queryset.values_list("username", flat=True))
    assert tjj_admin.username not in people
    assert "tjj-registrar" in people
    assert not any(name.startswith(("czj-", "spj-")) or name == "admin" for name in people)
    assert set(form.fields["unit"].queryset.values_list("agency__slug", flat=True)) == {"mzl-tjj"}


def test_lists_show_only_their_agencys_people(client, staff, tjj_admin):
    client.force_login(tjj_admin)
    body = client.get("/admin/membership/").content.decode()
    assert "李登记" in body or "tjj-registrar" in body
    for other in ("czj-registrar", "周登记", "spj-supervisor", "王督查"):
        assert other not in body
    assert client.get("/admin/users/").status_code in (302, 403)


def test_a_system_administrator_still_grants_any_role(client, staff):
    from gongkai.agencies.models import Agency

    client.force_login(staff["admin"])
    response = _post(client, staff["tjj-admin"], Agency.objects.get(slug="mzl"), Role.SUPERVISOR)
    assert response.status_code == 302
    assert Membership.objects.filter(user=staff["tjj-admin"], role=Role.SUPERVISOR).exists()


def test_can_and_visible_agree_on_changing_memberships(staff):
    """The grant rule is applied alike to one object (``can``) and to lists (``visible``)."""
    memberships = list(Membership.objects.all())
    for user in staff.values():
        changeable = set(
            permissions.visible(user, Membership, "change").values_list("pk", flat=True)
        )
        for m in memberships:
            assert permissions.can(user, "change", m) == (m.pk in changeable), (user, m)
    admin = staff["tjj-admin"]
    assert not any(
        permissions.can(admin, "change", m) for m in memberships if m.user_id == admin.pk
    )
