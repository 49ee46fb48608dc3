"""The demo data loads, looks like the seed's agency, and loading it again changes nothing."""

import pytest
from django.apps import apps

from gongkai.agencies.models import Agency, LeadershipGroupMember, Role
from gongkai.audit.models import AuditEntry
from gongkai.demo import load_demo

pytestmark = pytest.mark.django_db


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def test_demo_is_idempotent(demo):
    before = _row_counts()
    audit_before = AuditEntry.objects.count()
    load_demo(verbosity=0)
    assert _row_counts() == before
    assert AuditEntry.objects.count() == audit_before


def test_demo_has_the_seed_agency_and_a_user_for_every_role(demo):
    tjj = Agency.objects.get(slug="mzl-tjj")
    assert tjj.name == "满洲里市统计局"
    assert tjj.get_parent().name == "满洲里市人民政府"
    assert tjj.disclosure_office.name == "综合法规科"
    assert {u.kind for u in tjj.units.all()} >= {"section", "team", "centre"}
    leader = tjj.leadership.get(position=LeadershipGroupMember.Position.LEADER)
    assert (leader.title, leader.name) == ("局长", "卓建明")
    assert tjj.leadership.get(position=LeadershipGroupMember.Position.DEPUTY).title == "副局长"
    assert Agency.objects.get(slug="mzl").get_children().count() >= 4
    assert {role for _, role, _ in demo.logins} == {Role(r).label for r in Role}
