"""Fixtures of the applications tests."""

import datetime
import itertools

import pytest

_seq = itertools.count(1)


@pytest.fixture
def agency(db):
    from gongkai.agencies.models import Agency, Unit

    root = Agency.add_root(slug="t-gov", name="测试市人民政府", short_name="测试市政府")
    dept = root.add_child(slug="t-tjj", name="测试市统计局", short_name="统计局")
    Unit.objects.create(agency=dept, name="综合法规科")
    Unit.objects.create(agency=dept, name="核算科")
    return dept


def make_row(
    agency,
    *,
    applicant_type="natural_person",
    received=None,
    replied=None,
    outcome="",
    state="in_progress",
    **extra,
):
    """An application row with its cached report columns set directly (for selector tests)."""
    from gongkai.applications.models import Application

    n = next(_seq)
    received = datetime.date.fromisoformat(received) if isinstance(received, str) else received
    replied = datetime.date.fromisoformat(replied) if isinstance(replied, str) else replied
    return Application.objects.create(
        agency=agency,
        tracking_number=f"T-{n:05d}",
        tracking_year=(received or datetime.date(2026, 1, 1)).year,
        applicant_type=applicant_type,
        applicant_name=f"申请人{n}",
        info_title="统计信息",
        provision_form="electronic",
        receipt_method="email",
        channel="in_person",
        submitted_on=received or datetime.date(2026, 1, 1),
        received_on=received,
        received_year=received.year if received else None,
        replied_on=replied,
        replied_year=replied.year if replied else None,
        outcome=outcome,
        state=state,
        **extra,
    )


@pytest.fixture
def staff(agency):
    """One user per role in the test agency; the supervisor sits at the city government."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from gongkai.agencies.models import Membership, Role, Unit

    User = get_user_model()
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    units = {u.name: u for u in Unit.objects.filter(agency=agency)}
    spec = {
        "registrar": (Role.REGISTRAR, agency, None),
        "handler": (Role.HANDLER, agency, units["核算科"]),
        "office": (Role.HANDLER, agency, units["综合法规科"]),
        "reviewer": (Role.REVIEWER, agency, None),
        "signer": (Role.SIGNER, agency, None),
        "admin": (Role.AGENCY_ADMIN, agency, None),
        "supervisor": (Role.SUPERVISOR, agency.get_parent(), None),
        "secrecy": (Role.CONFIDENTIALITY_REVIEWER, agency, None),
    }
    out = {}
    for name, (role, where, unit) in spec.items():
        user = User.objects.create_user(username=f"t-{name}", password="x", first_name=name)
        user.user_permissions.add(access)
        Membership.objects.create(user=user, agency=where, role=role, unit=unit)
        out[name] = user
    out["units"] = units
    return out


PERSON = {
    "applicant_type": "natural_person",
    "applicant_name": "王小明",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "wang@example.com",
    "address": "满洲里市一道街1号",
    "info_title": "2025年满洲里市国民经济和社会发展统计公报",
    "description": "请提供全文",
    "provision_form": "electronic",
    "receipt_method": "email",
}


@pytest.fixture
def frozen():
    """Freeze today at Monday 2026-03-02 (Beijing), after the Spring Festival holiday."""
    from django.urls import get_resolver
    from freezegun import freeze_time

    # Import every URL module (and the API's pydantic schemas) before dates are faked.
    get_resolver().url_patterns  # noqa: B018
    with freeze_time("2026-03-02 02:00:00", tick=True) as f:
        yield f


def clear_secrecy(app, actor):
    """Pass the answer's 保密审查 (Art. 17) with every item confirmed."""
    from gongkai.applications import services as sv
    from gongkai.rules.procedure import SECRECY_CHECKLIST

    return sv.application_secrecy_review(
        application=app,
        actor=actor,
        passed=True,
        basis="《中华人民共和国保守国家秘密法》",
        checked=[key for key, _label in SECRECY_CHECKLIST],
    )
