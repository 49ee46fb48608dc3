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
from gongkai.rules.clock import received_date as rules_received_date

_SIMPLE = {
    EventKind.CORRECTION_RECEIVED: "correction_received",
    EventKind.CONSULTATION_CLOSED: "consultation_closed",
    EventKind.FEE_PAID: "fee_paid",
    EventKind.FEE_LAPSED: "fee_lapsed",
    EventKind.REASONS_RECEIVED: "reasons_received",
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
    """Art. 31 (``rules.clock.received_date`` decides): the day recorded for the channel
    (signed for, confirmed, or imported) read from the events."""
    return rules_received_date(app.channel, app.submitted_on, _recorded_receipt(events))


def _recorded_receipt(events: list[ApplicationEvent]) -> datetime.date | None:
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
    notice_received = _fee_notice_receipts(events)
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
        elif kind == EventKind.CONSULTATION_SENT:
            out.append(
                ClockEvent(
                    "consultation_sent",
                    event.on,
                    received_on=_date(event.data.get("party_received_on")),
                    party_kind=event.data.get("party_kind") or "third_party",
                )
            )
        elif kind == EventKind.FEE_NOTICE:
            out.append(
                ClockEvent(
                    "fee_notice_sent",
                    event.on,
                    received_on=notice_received.get(event.pk)
                    or _date(event.data.get("received_on")),
                )
            )
        elif kind == EventKind.REASONS_REQUESTED:
            out.append(
                ClockEvent("reasons_requested", event.on, deadline=_date(event.data["deadline"]))
            )
        elif kind == EventKind.DELAY_SET:
            out.append(ClockEvent("delay_set", event.on, due=_date(event.data["due"])))
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


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _fee_notice_receipts(events: list[ApplicationEvent]) -> dict[int, datetime.date]:
    """The recorded day each fee notice was received (the last record after it wins)."""
    out: dict[int, datetime.date] = {}
    notice = None
    for event in events:
        if event.kind == EventKind.FEE_NOTICE:
            notice = event.pk
        elif event.kind == EventKind.FEE_NOTICE_RECEIVED and notice is not None:
            out[notice] = event.on
    return out


def store(app: Application, result: ClockResult) -> None:
    """Copy onto the row the dates of ``result`` that do not depend on the day it is read
    (the live state is computed from them: ``selectors.with_live_clock``). Not saved."""
    app.received_on = result.received_on
    app.received_year = result.received_on.year if result.received_on else None
    app.correction_notice_due = result.correction_notice_due
    app.reply_due = result.reply_due
    app.provisional = result.provisional
    app.correction_deadline = result.correction_deadline
    app.pause_from, app.pause_until = result.open_pause or (None, None)
    app.next_window_closes = min((w.closes for w in result.windows), default=None)


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
