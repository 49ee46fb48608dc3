"""Demo data: idempotent, realistic states, and nothing in 2020 for 统计局."""

import pytest

from gongkai.applications.models import Application, Letter
from gongkai.applications.selectors import report_counts
from gongkai.demo import DemoContext


@pytest.fixture
def demo(db):
    """Agencies, the calendar and this app's demo records only (independent of other apps)."""
    from gongkai.agencies import demo as agencies_demo
    from gongkai.applications import demo as applications_demo
    from gongkai.workdays import demo as workdays_demo

    ctx = DemoContext(verbosity=0)
    for module in (agencies_demo, workdays_demo, applications_demo):
        module.load(ctx)
    return ctx


def load_demo(verbosity=0):
    from gongkai.agencies import demo as agencies_demo
    from gongkai.applications import demo as applications_demo

    ctx = DemoContext(verbosity=verbosity)
    agencies_demo.load(ctx)
    applications_demo.load(ctx)


def test_demo_cases(demo):
    tjj = demo.agencies["mzl-tjj"]
    apps = Application.objects.filter(agency=tjj)
    states = set(apps.values_list("state", flat=True))
    assert {"closed", "in_progress", "consulting", "awaiting_confirmation", "withdrawn"} <= states
    assert Letter.objects.filter(application__agency=tjj, kind="reply", status="issued").exists()
    # 2020 is empty (the seed report reproduction needs zeros).
    c2020 = report_counts([tjj.pk], 2020, "2019")
    assert all(v == [0] * 7 for v in c2020.values())
    c2026 = report_counts([tjj.pk], 2026, "2021")
    assert c2026["carried_in"][6] == 1
    for col in range(7):
        assert c2026["new"][col] + c2026["carried_in"][col] == (
            c2026["result.total"][col] + c2026["carried_out"][col]
        )
    count = apps.count()
    load_demo(verbosity=0)
    assert Application.objects.filter(agency=tjj).count() == count
    assert Application.objects.filter(agency=demo.agencies["mzl-czj"]).exists()


def test_visible_agrees_with_can_for_every_demo_user(demo):
    """The worklist query and the per-object permission never disagree (MuckRock test_foia_viewable)."""
    from gongkai.agencies.permissions import can, visible

    apps = list(Application.objects.all())
    for user in demo.users.values():
        seen = set(visible(user, Application).values_list("pk", flat=True))
        for app in apps:
            assert (app.pk in seen) == can(user, "view", app), (user.username, app.tracking_number)
    handler = demo.users["tjj-handler"]
    mine = visible(handler, Application)
    assert mine.exists()
    assert all(a.unit and a.unit.name == "国民经济核算科" for a in mine)
