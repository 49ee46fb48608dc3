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
