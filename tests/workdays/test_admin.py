"""The holiday table is edited by system administrators only (permission rules and the Wagtail admin)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.agencies import permissions
from gongkai.agencies.models import UNIT_ROLES, Agency, Membership, Role
from gongkai.audit.models import AuditEntry
from gongkai.workdays import calendar
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.services import remove_day, set_day

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def users():
    User = get_user_model()
    agency = Agency.add_root(name="测试市人民政府", slug="test-gov", kind="government")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    made = {}
    for role in Role:
        user = User.objects.create_user(f"u-{role.value}", password="pw-12345678")
        user.user_permissions.add(access)
        unit = None
        if role in UNIT_ROLES:
            from gongkai.agencies.models import Unit

            unit, _created = Unit.objects.get_or_create(agency=agency, name="测试科")
        Membership.objects.create(user=user, agency=agency, role=role, unit=unit)
        made[role.value] = user
    made["superuser"] = User.objects.create_superuser("root", password="pw-12345678")
    return made


def test_only_system_administrators_may_change_calendar_days(users):
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    year = CalendarYear.objects.get(year=2026)
    for name, user in users.items():
        admin = name in ("system_admin", "superuser")
        for obj in (day, year):
            assert permissions.can(user, "change", obj) is admin, name
            assert permissions.can(user, "view", obj) is admin, name
            assert permissions.visible(user, type(obj)).exists() is admin, name


def test_services_refuse_other_roles(users):
    with pytest.raises(PermissionDenied):
        set_day(date=D(2026, 3, 9), is_workday=False, reason="测试", actor=users["agency_admin"])
    with pytest.raises(PermissionDenied):
        remove_day(date=D(2026, 10, 1), actor=users["supervisor"])
    day = set_day(
        date=D(2026, 3, 9), is_workday=False, reason="地方性假日", actor=users["system_admin"]
    )
    assert day.source == "manual"
    assert not calendar().is_workday(D(2026, 3, 9))
    assert AuditEntry.objects.filter(
        verb="workdays.calendarday.create", object_id=str(day.pk)
    ).exists()
    assert remove_day(date=D(2026, 3, 9), actor=users["system_admin"])
    assert calendar().is_workday(D(2026, 3, 9))


def test_working_weekday_is_invalid(users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_day(
            date=D(2026, 3, 10), is_workday=True, reason="调休上班", actor=users["system_admin"]
        )


@pytest.mark.parametrize("name", ["system_admin", "superuser"])
def test_system_administrator_edits_in_the_admin(client, users, name):
    client.force_login(users[name])
    index = client.get(reverse("calendarday:index"))
    assert index.status_code == 200
    assert "节假日调整" in index.content.decode()
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    url = reverse("calendarday:edit", args=[day.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"date": "2026-10-10", "is_workday": "", "reason": "国庆节", "note": "测试：改为休息"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day.refresh_from_db()
    assert (day.is_workday, day.source, day.note) == (False, "manual", "测试：改为休息")
    assert not calendar().is_workday(D(2026, 10, 10))
    entry = AuditEntry.objects.filter(
        verb="workdays.calendarday.update", object_id=str(day.pk)
    ).latest("id")
    assert entry.changes["is_workday"] == [True, False]
    assert client.get(reverse("calendaryear:index")).status_code == 200


@pytest.mark.parametrize("name", ["agency_admin", "supervisor", "registrar", "reviewer", "signer"])
def test_other_staff_cannot_open_or_edit(client, users, name):
    client.force_login(users[name])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # they do reach the admin
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    assert client.get(reverse("calendarday:index")).status_code in (302, 403)
    response = client.post(
        reverse("calendarday:edit", args=[day.pk]),
        {"date": "2026-10-10", "is_workday": "", "reason": "国庆节", "note": "x"},
    )
    assert response.status_code in (302, 403, 404)  # 404: the row is out of their reach
    day.refresh_from_db()
    assert day.is_workday and day.source == "package"
    assert client.get(reverse("calendarday:add")).status_code in (302, 403)
