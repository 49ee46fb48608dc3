"""The live clock (#16): overdue, due soon and paused are computed at read time, never stored,
and every list, filter, count, digest and the API agree on any date without a write."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from gongkai.applications import services as sv
from gongkai.applications.clock import evaluate
from gongkai.applications.models import FINISHED_STATES, Application, State
from gongkai.applications.selectors import (
    ClockDay,
    application_list_visible_to,
    with_live_clock,
)

from .conftest import PERSON

D = datetime.date


def expected_live_state(app: Application, day: ClockDay) -> str:
    """What ``rules.clock`` says of the case on ``day``, in the worklist's words."""
    if app.state in FINISHED_STATES:
        return "finished"
    result = evaluate(app, as_of=day.today)
    state = result.state
    if state == "abandoned":
        return "correction_lapsed"
    if state == "running" and result.reply_due <= day.soon:
        return "due_soon"
    return state


@pytest.mark.django_db
def test_the_query_says_what_the_rules_say_for_every_demo_case_on_any_day(demo):
    """Every case of the demo on several later days, computed by the database query from the
    stored dates and by ``rules.clock`` from the events: the same state, every time."""
    latest_event = max(
        Application.objects.values_list("events__on", flat=True).exclude(events__on=None)
    )
    cases = list(Application.objects.order_by("pk"))
    assert len(cases) > 10
    seen = set()
    for offset in (0, 1, 3, 8, 15, 22, 40, 90):
        day = ClockDay.of(latest_event + datetime.timedelta(days=offset))
        live = dict(with_live_clock(Application.objects.all(), day).values_list("pk", "live_clock"))
        for app in cases:
            want = expected_live_state(app, day)
            assert live[app.pk] == want, (app.tracking_number, day, live[app.pk], want)
            seen.add(want)
    assert {"overdue", "due_soon", "running", "finished"} <= seen


def _case(agency, staff, submitted_on):
    return sv.application_register(
        agency=agency,
        data=dict(PERSON),
        actor=staff["registrar"],
        channel="in_person",
        submitted_on=submitted_on,
    ).application


@pytest.mark.django_db
def test_a_case_nobody_touched_turns_overdue_everywhere(client, agency, staff):
    """Freeze time past a due date: the case is overdue in the worklist, the supervisor's
    list, the staff API and the dashboard, though nothing was written since."""
    with freeze_time("2026-03-02 02:00:00"):
        app = _case(agency, staff, D(2026, 3, 2))
        app = sv.application_route(
            application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
        )
        app = sv.application_claim(application=app, actor=staff["handler"])
    assert app.reply_due == D(2026, 3, 30)
    before = Application.objects.filter(pk=app.pk).values_list("updated_at", flat=True).get()

    with freeze_time("2026-03-26 02:00:00"):  # 2 working days before: due soon
        client.force_login(staff["handler"])
        html = client.get(reverse("applications_admin:worklist")).content.decode()
        assert 'data-risk="due_soon"' in html and 'data-risk="overdue"' not in html

    with freeze_time("2026-03-31 02:00:00"):  # the day after the due date
        client.force_login(staff["handler"])
        html = client.get(reverse("applications_admin:worklist")).content.decode()
        assert app.tracking_number in html and 'data-risk="overdue"' in html
        listed = client.get(reverse("applications_admin:worklist"), {"risk": "overdue"})
        assert app.tracking_number in listed.content.decode()

        api = client.get(reverse("api:case_list"), {"risk": "overdue"}).json()
        assert [c["tracking_number"] for c in api["items"]] == [app.tracking_number]
        assert api["items"][0]["live_clock"] == "overdue"
        assert (
            client.get(reverse("api:case_detail", kwargs={"case_id": app.pk})).json()[
                "live_clock_label"
            ]
            == "已逾期"
        )

        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert 'data-list="overdue"><strong>1</strong>' in home

        # the supervising office: its "待我办理" holds the overdue cases it oversees
        client.force_login(staff["supervisor"])
        mine = client.get(reverse("applications_admin:worklist")).content.decode()
        assert app.tracking_number in mine
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "gk-overdue" in home  # the supervision panel's overdue count for the agency
    after = Application.objects.filter(pk=app.pk).values_list("updated_at", flat=True).get()
    assert after == before  # nothing was written


@pytest.mark.django_db
def test_paused_and_awaiting_correction_are_live_too(agency, staff, frozen):
    app = _case(agency, staff, D(2026, 3, 2))
    app = sv.application_route(
        application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
    )
    app = sv.application_claim(application=app, actor=staff["handler"])
    app = sv.application_open_consultation(application=app, actor=staff["handler"], party="某公司")
    # the party answers within 15 working days of 3-2: 3-3 ... 3-23
    assert (app.pause_from, app.pause_until) == (D(2026, 3, 2), D(2026, 3, 23))

    def state_on(day):
        return (
            application_list_visible_to(user=staff["handler"], day=ClockDay.of(day))
            .filter(pk=app.pk)
            .get()
            .live_clock
        )

    assert state_on(D(2026, 3, 10)) == "paused"
    assert state_on(D(2026, 3, 24)) in ("running", "due_soon")  # resumed by itself

    other = _case(agency, staff, D(2026, 3, 2))
    other = sv.application_request_correction(
        application=other, actor=staff["registrar"], matters="请写明年度", deadline=D(2026, 3, 9)
    )
    assert other.state == State.AWAITING_CORRECTION

    def other_on(day):
        return with_live_clock(Application.objects.filter(pk=other.pk), ClockDay.of(day)).get()

    assert other_on(D(2026, 3, 9)).live_clock == "awaiting_correction"
    assert other_on(D(2026, 3, 10)).live_clock == "correction_lapsed"
