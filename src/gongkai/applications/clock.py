"""The bridge from a case's event log to ``rules.clock`` (the pure statutory clock).

Only this module knows how ``ApplicationEvent`` kinds map onto the clock's
event types; the services, the case page and the year-end counts all go
through it, so the due date a handler sees is the one the report uses.
"""

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.utils import timezone

from gongkai.applications.models import Application, ApplicationEvent, EventKind
from gongkai.rules.clock import ClockEvent, ClockInput, ClockResult, compute

_SIMPLE = {
    EventKind.CORRECTION_RECEIVED: "correction_received",
    EventKind.CONSULTATION_SENT: "consultation_sent",
    EventKind.CONSULTATION_CLOSED: "consultation_closed",
    EventKind.FEE_NOTICE: "fee_notice_sent",
    EventKind.FEE_PAID: "fee_paid",
    EventKind.FEE_LAPSED: "fee_lapsed",
}
#: Events that end a case (the "reply date" of the report); a reopen undoes them.
ENDING_KINDS = frozenset(
    {
        EventKind.DELIVERED,
        EventKind.CORRECTION_LAPSED,
        EventKind.FEE_LAPSED,
        EventKind.WITHDRAWN,
    }
)


_day: contextvars.ContextVar = contextvars.ContextVar("gongkai_case_day", default=None)


def today() -> datetime.date:
    """The services' "today": the local date, or the day set by ``acting_on`` (demo history)."""
    return _day.get() or timezone.localdate()


@contextlib.contextmanager
def acting_on(day: datetime.date):
    """Run services as if on ``day`` (used to build the demo's past cases with true dates)."""
    token = _day.set(day)
    try:
        yield
    finally:
        _day.reset(token)


def received_date(app: Application, events: list[ApplicationEvent]) -> datetime.date | None:
    """Art. 31: in person / oral → submitted; mail → signed for; others → the confirmation day."""
    if app.channel in ("in_person", "oral"):
        return app.submitted_on
    for event in events:
        if event.kind == EventKind.IMPORTED and event.data.get("received_on"):
            return datetime.date.fromisoformat(event.data["received_on"])
        if event.kind == EventKind.REGISTERED and event.data.get("received_on"):
            return datetime.date.fromisoformat(event.data["received_on"])
        if event.kind == EventKind.RECEIPT_CONFIRMED:
            return event.on
    return None


def ended_on(events: list[ApplicationEvent]) -> tuple[datetime.date | None, str]:
    """The date the case was answered or otherwise ended (after the last reopen) and its outcome."""
    ended: datetime.date | None = None
    outcome = ""
    for event in events:
        if event.kind == EventKind.REOPENED:
            ended, outcome = None, ""
        elif event.kind in ENDING_KINDS:
            ended = event.on
            outcome = event.data.get("outcome", "")
        elif event.kind == EventKind.IMPORTED and event.data.get("replied_on"):
            ended = datetime.date.fromisoformat(event.data["replied_on"])
            outcome = event.data.get("outcome", "")
    return ended, outcome


def clock_input(
    app: Application, events: list[ApplicationEvent], *, as_of: datetime.date | None = None
) -> ClockInput:
    """The ``rules.clock`` input for a case, from its events (a reopen drops the earlier end)."""
    out: list[ClockEvent] = []
    for event in events:
        kind = event.kind
        if kind == EventKind.REOPENED:
            out = [e for e in out if e.type not in ("replied", "fee_lapsed")]
        elif kind == EventKind.CORRECTION_REQUESTED:
            out.append(
                ClockEvent(
                    "correction_requested",
                    event.on,
                    deadline=datetime.date.fromisoformat(event.data["deadline"]),
                )
            )
        elif kind == EventKind.EXTENSION_APPROVED:
            out.append(
                ClockEvent("extension_approved", event.on, workdays=int(event.data["workdays"]))
            )
        elif kind in _SIMPLE:
            out.append(ClockEvent(_SIMPLE[kind], event.on))
        elif kind in (EventKind.DELIVERED, EventKind.WITHDRAWN):
            out.append(ClockEvent("replied", event.on))
        elif kind == EventKind.IMPORTED and event.data.get("replied_on"):
            out.append(ClockEvent("replied", datetime.date.fromisoformat(event.data["replied_on"])))
    out.sort(key=lambda e: e.on)  # stable: same-day events keep their recorded order
    received = received_date(app, events)
    if received is None:
        out = []  # never received (Art. 31): no clock, whatever happened (e.g. withdrawn)
    return ClockInput(
        channel=app.channel,
        submitted_on=app.submitted_on,
        received_on=received,
        events=tuple(out),
        as_of=as_of or today(),
        fee_window_pauses=bool(settings.GONGKAI.get("FEE_WINDOW_PAUSES_CLOCK", False)),
    )


def evaluate(
    app: Application,
    events: list[ApplicationEvent] | None = None,
    *,
    as_of: datetime.date | None = None,
    explain: bool = False,
    calendar=None,
) -> ClockResult:
    """The clock of a case now (or ``as_of``). Raises ``rules.clock.ClockError`` on bad events."""
    from gongkai.workdays import calendar as workday_calendar

    if events is None:
        events = list(app.events.order_by("at", "id"))
    return compute(
        clock_input(app, events, as_of=as_of), calendar or workday_calendar(), explain=explain
    )
