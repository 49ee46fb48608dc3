"""Every case action is declared once (applications.actions) and usable from the case page,
the worklist and the staff API through that declaration (#16: one home per rule)."""

import datetime

import pytest
from django.urls import reverse

from gongkai.agencies.permissions import rules_for
from gongkai.applications import actions
from gongkai.applications import services as sv
from gongkai.applications.models import Application, State

from .conftest import PERSON

D = datetime.date
MONDAY = D(2026, 3, 2)  # the frozen "today"


def _case(agency, staff, submitted_on=MONDAY):
    return sv.application_register(
        agency=agency,
        data=dict(PERSON),
        actor=staff["registrar"],
        channel="in_person",
        submitted_on=submitted_on,
    ).application


def _in_progress(agency, staff, **kw):
    app = _case(agency, staff, **kw)
    app = sv.application_route(
        application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
    )
    return sv.application_claim(application=app, actor=staff["handler"])


def _prepared(name, agency, staff) -> Application:
    """A case on which ``name`` can be taken now, reached through the services (or, for the
    states only the full workflow reaches, put there directly: only the state matters)."""
    if name == "approve_extension":
        app = _in_progress(agency, staff)
        return sv.application_request_extension(
            application=app, actor=staff["handler"], reason="量大", workdays=10
        )
    if name == "consultation_lapse":
        app = _in_progress(agency, staff, submitted_on=D(2026, 1, 5))
        # sent in January: the party's 15 working days ran out long before 2026-03-02
        return sv.application_open_consultation(
            application=app, actor=staff["handler"], party="某公司", on=D(2026, 1, 6)
        )
    if name == "record_reasons":
        app = _in_progress(agency, staff)
        return sv.application_request_reasons(
            application=app,
            actor=staff["handler"],
            grounds="本月已提出120件申请",
            deadline=D(2026, 3, 16),
        )
    if name == "secrecy_review":
        app = _in_progress(agency, staff)
        return sv.application_draft_reply(
            application=app, actor=staff["handler"], outcome="result.open"
        )
    app = _in_progress(agency, staff)
    declared = actions.get(name)
    state = (
        State.IN_PROGRESS if State.IN_PROGRESS in declared.sources else sorted(declared.sources)[0]
    )
    Application.objects.filter(pk=app.pk).update(state=state)
    app.refresh_from_db()
    return app


def _who_may(app, declared, staff):
    for key, user in staff.items():
        if key != "units" and declared.permitted(app, user):
            return user
    return None


@pytest.mark.parametrize("name", sorted(actions.registry()))
def test_every_declared_action_is_usable_from_the_case_page_and_the_api(
    name, client, agency, staff, frozen
):
    declared = actions.get(name)
    assert declared.label and not declared.label.isascii()
    assert name in rules_for(Application).actions  # its roles reach the permission module
    app = _prepared(name, agency, staff)
    user = _who_may(app, declared, staff)
    assert user is not None, f"nobody may take {name}"
    assert declared.available_to(app, user)
    client.force_login(user)

    # The case page offers it, with the declared form.
    page = client.get(reverse("applications_admin:case", args=[app.pk])).content.decode()
    assert f'id="action-{name}"' in page
    # Posting nothing: the declared form answers with its errors (not "unknown", not refused).
    response = client.post(reverse("applications_admin:act", args=[app.pk, name]), {})
    assert response.status_code == 400
    assert f'id="action-{name}" open' in response.content.decode()
    # The worklist links it.
    html = client.get(
        reverse("applications_admin:worklist"), {"state": "", "q": app.tracking_number}
    )
    assert f'data-action="{name}"' in html.content.decode()
    # The staff API: the same form validates the body.
    url = reverse("api:case_act", kwargs={"case_id": app.pk, "action": name})
    answer = client.post(url, {}, content_type="application/json")
    assert answer.status_code == 422, answer.content
    [missing] = [e for e in answer.json()["errors"] if e["field"] == "version"]
    assert missing["message"] and not missing["message"].isascii()
    detail = client.get(reverse("api:case_detail", kwargs={"case_id": app.pk})).json()
    assert name in [a["name"] for a in detail["actions"]]


def test_an_action_through_the_api_is_the_same_action(client, agency, staff, frozen):
    app = _case(agency, staff)
    client.force_login(staff["registrar"])
    url = reverse("api:case_act", kwargs={"case_id": app.pk, "action": "route"})
    unit = staff["units"]["核算科"]
    done = client.post(
        url, {"version": app.version, "unit": unit.pk}, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    assert done.json()["state"] == State.ROUTED and done.json()["unit"] == "核算科"
    stale = client.post(
        url, {"version": app.version, "unit": unit.pk}, content_type="application/json"
    )
    assert stale.status_code == 409 and "刷新" in stale.json()["detail"]
    client.force_login(staff["handler"])
    refused = client.post(
        reverse("api:case_act", kwargs={"case_id": app.pk, "action": "accept"}),
        {"version": app.version + 1},
        content_type="application/json",
    )
    assert refused.status_code == 403 and "没有权限" in refused.json()["detail"]


def test_unknown_actions_and_other_agencies_are_refused(client, agency, staff, frozen):
    app = _case(agency, staff)
    client.force_login(staff["registrar"])
    refused = client.post(reverse("applications_admin:act", args=[app.pk, "nope"]))
    # Wagtail turns a PermissionDenied into a redirect to the dashboard with a message
    assert refused.status_code == 403 or refused["Location"] == reverse("wagtailadmin_home")
    api = reverse("api:case_act", kwargs={"case_id": app.pk, "action": "nope"})
    assert client.post(api, {}, content_type="application/json").status_code == 404
    client.logout()
    assert client.get(reverse("api:case_detail", kwargs={"case_id": app.pk})).status_code == 401


def test_declarations_are_the_only_spelling_of_an_action():
    """No second table of actions, labels or forms survives next to the declarations."""
    from pathlib import Path

    import gongkai.applications as package

    root = Path(package.__file__).parent
    for path in [root / "services.py", root / "views_admin.py", root / "permissions.py"]:
        text = path.read_text()
        for stale in ("TRANSITIONS =", "ACTION_LABELS =", "ACTION_FORMS =", "def _call("):
            assert stale not in text, (path.name, stale)
