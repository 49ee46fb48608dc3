"""Staff console home panels: worklists per role, one row per agency for the supervisor, charts."""

import datetime

import pytest
from django.test import Client

from gongkai.portal import dashboard


def admin_home(username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_supervisor_sees_one_row_per_agency(demo):
    from gongkai.agencies.models import Agency

    html = admin_home("spj-supervisor")
    assert 'id="gongkai-supervision-section"' in html and "各机关办理情况" in html
    assert html.count('class="gk-agency-row"') == Agency.objects.count()
    for agency in Agency.objects.all():
        assert agency.name in html
    assert 'id="gongkai-worklist-section"' in html


def test_handler_sees_worklists_but_not_the_supervision_table(demo):
    html = admin_home("tjj-handler")
    assert 'id="gongkai-worklist-section"' in html
    assert "我的待办" in html and "即将到期" in html and "已超期" in html
    assert 'id="gongkai-supervision-section"' not in html


def test_worklists_are_scoped_and_classified(demo):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    work = dashboard.worklists(User.objects.get(username="tjj-handler"))
    if work is None:
        pytest.skip("applications app not available")
    for row in work["tasks"] + work["due_soon"] + work["overdue"]:
        assert row["obj"].agency.slug == "mzl-tjj"
        assert row["obj"].unit.name == "国民经济核算科"  # the handler's own unit only
    today = datetime.date.today()
    assert all(r["due"] < today for r in work["overdue"])
    # a registrar of another agency sees none of the statistics bureau's cases
    other = dashboard.worklists(User.objects.get(username="czj-registrar"))
    assert all(r["obj"].agency.slug == "mzl-czj" for r in other["tasks"])


def test_agency_charts_have_tables(demo):
    from django.contrib.auth import get_user_model

    specs = dashboard.agency_charts(get_user_model().objects.get(username="tjj-admin"))
    ids = {s["id"] for s in specs}
    assert {"dash-applications-per-month", "dash-on-time"} <= ids
    for spec in specs:
        assert spec["table"]["rows"]
    html = admin_home("tjj-admin")
    assert 'id="gongkai-charts-section"' in html and 'role="img"' in html


def test_users_without_roles_get_no_panels(db, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x-x-x-x-1")
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission  # noqa: F401 - admin access below

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "gongkai-worklist" not in html


def test_dashboard_works_without_the_applications_app(db, monkeypatch, django_user_model):
    """Before the applications app lands (or if it fails to import) the panel says so."""
    from django.template.loader import render_to_string

    from gongkai.agencies.models import Agency, Membership, Role

    monkeypatch.setattr(dashboard, "_applications", lambda: None)
    agency = Agency.add_root(name="测试局", slug="ceshi")
    user = django_user_model.objects.create_user("sup", password="x-x-x-x-1")
    Membership.objects.create(user=user, agency=agency, role=Role.SUPERVISOR)
    assert dashboard.worklists(user) is None
    rows = dashboard.supervision_rows(user)
    assert [r["agency"] for r in rows] == [agency] and rows[0]["open"] == 0
    html = render_to_string("portal/admin/panel_worklist.html", {"work": None, "roles": []})
    assert "尚未启用" in html
