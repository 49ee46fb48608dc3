"""The application clock: a disclosure application's statutory dates, derived from its events.

Rules of the 《政府信息公开条例》 (2019) implemented here:

* Art. 31, the received date (收到申请之日): in person (当面提交) = the day
  submitted; oral applications (Art. 29, written down by the office) likewise;
  mail that is signed for (邮寄) = the day the agency signs for it; plain letters
  (平常信函), the internet channel and fax = the day receipt is confirmed with the
  applicant. Until then no clock runs (state ``not_started``).
* Art. 30, 补正: the notice asking for a correction is due within 7 working days
  of receipt, given once ("一次性告知") with a reasonable deadline; "答复期限自行政
  机关收到补正的申请之日起计算", so the 20-day clock restarts from the day the
  correction arrives; with no correction by the deadline the application is
  treated as abandoned ("视为放弃申请", state ``abandoned``).
* Art. 33, the reply is due on the 20th working day after receipt; the head of
  the disclosure office may extend it by at most 20 working days; and "征求第三方
  和其他机关意见所需时间不计算在前款规定的期限内": the consultations of Arts. 32
  and 34 pause the clock.
* Arts. 32 and 34, the consulted third party or agency answers "自收到征求意见书之日起
  15个工作日内": a consultation pauses the clock at most until that day. When it
  passes without an answer the clock runs again by itself; the agency then decides
  (Art. 32: "逾期未提出意见的，由行政机关依照本条例的规定决定是否公开") or the other
  agency is taken to agree (Art. 34: "逾期未提出意见的视为同意公开").
* Art. 35, a manifestly excessive volume or frequency: the agency may ask the
  applicant to state reasons (a window with the deadline it sets, no pause) and, the
  reasons being reasonable but Art. 33's period too short, set a reasonable later
  reply date (延迟答复) that replaces the Art. 33 due date.
* 国办函〔2020〕109号 (信息处理费): the applicant pays "在收到收费通知次日起20个工作
  日内", i.e. by the 20th working day after the day the notice was *received*
  (``fee_notice_sent.received_on``, default the day it was sent). Whether the fee
  window pauses the reply clock is not settled (domain-rules §3.3.5); it is a
  policy flag, off by default, and the pause ends with the payment window at the
  latest.

Conventions (binding: ``gongkai clock`` is a public contract, see
docs/commands/calendar-and-clock.md):

* "the n-th working day after D" counts working days strictly after D.
* ``received_on`` is ignored for in_person and oral (their received day is ``submitted_on``).
* A consultation sent on S, received by the party on R (default S) and closed on E
  leaves uncounted every working day d with S < d <= min(E, R + 15 working days);
  with no ``consultation_closed`` the pause ends by itself on that 15th working day.
  Several consultations may overlap (the union is paused).
* ``extension_approved.workdays`` defaults to 20; all extensions together may
  not exceed 20 working days (Art. 33); more is refused as bad input.
* ``reply_due`` is null only while a requested correction has not arrived or before
  the clock starts. While a pause is open it is the latest due date (the pause run to
  its statutory end); an earlier answer of the consulted party brings it forward. A
  ``delay_set`` (Art. 35) replaces it with the date the agency set.
* ``windows`` lists the periods running on ``as_of`` (补正, consultations, the fee
  payment window, the Art. 35 reasons window) with the day each closes, and those
  that closed by lapse without their event (``status: expired``).
* ``as_of`` is the day the clock is read: events dated after it are checked
  but left out (the case as it stood on that day, e.g. at year end).
* States: not_started, running, awaiting_correction, paused, overdue, replied,
  abandoned (correction deadline passed with no correction, or fee lapsed).
  ``pause_until`` is the last paused day while ``paused``.

Pure Python, no Django import: ``compute(case, calendar)`` takes a ``ClockInput``
and a ``rules.calendar.WorkCalendar`` and returns a ``ClockResult``;
``from_json`` / ``to_json`` translate the command-line JSON.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field, replace

from gongkai.rules.calendar import WEEKDAY_NAMES, WorkCalendar
from gongkai.rules.holidays import ESTIMATE_NOTE

__all__ = [
    "CHANNELS",
    "EVENT_TYPES",
    "STATES",
    "REPLY_WORKDAYS",
    "CORRECTION_NOTICE_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "ClockError",
    "ClockEvent",
    "ClockInput",
    "ExplainEntry",
    "Window",
    "ClockResult",
    "compute",
    "from_json",
    "to_json",
    "compute_json",
]

REPLY_WORKDAYS = 20  # Art. 33
CORRECTION_NOTICE_WORKDAYS = 7  # Art. 30
MAX_EXTENSION_WORKDAYS = 20  # Art. 33
CONSULTATION_WORKDAYS = 15  # Arts. 32, 34: "自收到征求意见书之日起15个工作日内"
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号: "在收到收费通知次日起20个工作日内"

#: Who a consultation goes to: the article it follows and what the party's silence means.
PARTY_KINDS = {
    "third_party": (
        "第三十二条",
        "第三方逾期未提出意见的，由行政机关依照本条例的规定决定是否公开（第三十二条）",
    ),
    "agency": (
        "第三十四条",
        "其他机关逾期未提出意见的视为同意公开（第三十四条）",
    ),
}

# Channel → how Art. 31 fixes the received date.
CHANNELS: dict[str, str] = {
    "in_person": "当面提交：以提交之日为收到申请之日（第三十一条第一项）",
    "oral": "口头提出、由工作机构代为填写（第二十九条）：以提出之日为收到申请之日",
    "mail": "邮寄：以行政机关签收之日为收到申请之日（第三十一条第二项）",
    "post_plain": "平常信函：以与申请人确认之日为收到申请之日（第三十一条第三项）",
    "online": "互联网渠道：以双方确认之日为收到申请之日（第三十一条第四项）",
    "fax": "传真：以双方确认之日为收到申请之日（第三十一条第四项）",
}
CHANNEL_NAMES = {
    "in_person": "当面提交",
    "oral": "口头提出",
    "mail": "邮寄签收",
    "post_plain": "平常信函",
    "online": "互联网",
    "fax": "传真",
}
#: Art. 31: the channels whose received date is the day of submission, and those whose
#: received date is the day receipt is confirmed with the applicant (mail that is signed for
#: counts from the day the agency signs).
RECEIVED_ON_SUBMISSION = frozenset({"in_person", "oral"})
CONFIRMATION_CHANNELS = frozenset({"post_plain", "online", "fax"})


def received_date(
    channel: str, submitted_on: datetime.date, recorded: datetime.date | None
) -> datetime.date | None:
    """Art. 31, the one home of the rule: the day an application counts as received.

    ``recorded`` is the day recorded for the channel (signed for, or confirmed); it is
    ignored for in-person and oral applications, whose received day is the day submitted."""
    if channel in RECEIVED_ON_SUBMISSION:
        return submitted_on
    return recorded


EVENT_TYPES = (
    "correction_requested",
    "correction_received",
    "consultation_sent",
    "consultation_closed",
    "extension_approved",
    "replied",
    # optional extras (国办函〔2020〕109号); they pause the clock only with fee_window_pauses
    "fee_notice_sent",
    "fee_paid",
    "fee_lapsed",
    # Art. 35: reasons asked of the applicant (no pause), and a reasonable later reply date
    "reasons_requested",
    "reasons_received",
    "delay_set",
)
STATES = (
    "not_started",
    "running",
    "awaiting_correction",
    "paused",
    "overdue",
    "replied",
    "abandoned",
)
STATE_NAMES = {
    "not_started": "未开始计时",
    "running": "办理中",
    "awaiting_correction": "等待补正",
    "paused": "暂停计时",
    "overdue": "已逾期",
    "replied": "已答复",
    "abandoned": "视为放弃",
}

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ONE_DAY = datetime.timedelta(days=1)
_MAX_EXPLAIN_DAYS = 800


class ClockError(ValueError):
    """Bad input to the clock: the message is in Chinese and names the offending field."""


# --- input ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClockEvent:
    """One event of a case.

    ``deadline``: correction_requested and reasons_requested (the period the agency set);
    ``workdays``: extension_approved; ``received_on``: consultation_sent (the day the party
    received the letter) and fee_notice_sent (the day the applicant received the notice),
    both defaulting to ``on``; ``party_kind``: consultation_sent, ``third_party`` (Art. 32,
    the default) or ``agency`` (Art. 34); ``due``: delay_set (the later reply date).
    """

    type: str
    on: datetime.date
    deadline: datetime.date | None = None
    workdays: int | None = None
    received_on: datetime.date | None = None
    party_kind: str | None = None
    due: datetime.date | None = None


@dataclass(frozen=True)
class ClockInput:
    """What the clock needs to know about a case (see the module docstring)."""

    channel: str
    submitted_on: datetime.date
    received_on: datetime.date | None = None
    events: tuple[ClockEvent, ...] = ()
    as_of: datetime.date | None = None  # None: today
    fee_window_pauses: bool = False

    @property
    def received_date(self) -> datetime.date | None:
        """Art. 31: in person and oral → submitted_on; otherwise the signed-for/confirmed day."""
        return received_date(self.channel, self.submitted_on, self.received_on)


# --- output -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExplainEntry:
    """One line of the explanation shown to staff.

    ``kind``: received, event, day, deadline, warning, note. For a ``day``,
    ``counted`` says whether it counts toward the reply period and ``n`` is its
    number in the count; ``reason`` is short (工作日, 周末, 春节, 调休上班（春节）,
    等待补正, 征求意见, ...); ``text`` is the full Chinese sentence.
    """

    date: datetime.date
    kind: str
    reason: str
    text: str
    counted: bool | None = None
    n: int | None = None
    provisional: bool = False

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "counted": self.counted,
            "n": self.n,
            "reason": self.reason,
            "text": self.text,
        }


@dataclass(frozen=True)
class Window:
    """A period running in a case besides the reply period: 补正 (Art. 30), a consultation
    (Arts. 32, 34), the fee payment window (109号), the Art. 35 reasons window.

    ``closes`` is its last day; ``status`` is ``open`` (running on as_of) or ``expired``
    (its last day passed and no event closed it: the consultation's pause ended by itself,
    the correction or the fee lapsed, the applicant gave no reasons)."""

    kind: str  # correction | consultation | fee | reasons
    opened: datetime.date
    closes: datetime.date
    status: str
    party_kind: str = ""
    article: str = ""

    @property
    def label(self) -> str:
        return WINDOW_LABELS[self.kind]

    @property
    def consequence(self) -> str:
        """What the end of a consultation with no opinion means (Art. 32 or Art. 34)."""
        if self.kind != "consultation":
            return ""
        return PARTY_KINDS[self.party_kind or "third_party"][1]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "opened": self.opened.isoformat(),
            "closes": self.closes.isoformat(),
            "status": self.status,
            "article": self.article,
        }


WINDOW_LABELS = {
    "correction": "补正期限",
    "consultation": "征求意见期限",
    "fee": "缴费期限",
    "reasons": "说明理由期限",
}
WINDOW_ARTICLES = {
    "correction": "第三十条",
    "fee": "国办函〔2020〕109号",
    "reasons": "第三十五条",
}


@dataclass(frozen=True)
class ClockResult:
    """The derived dates and state. ``to_json`` prints the contract's keys only."""

    received_on: datetime.date | None
    correction_notice_due: datetime.date | None
    reply_due: datetime.date | None
    paused_workdays: int
    state: str
    provisional: bool
    explain: tuple[ExplainEntry, ...] = ()
    # extras for the staff console (not part of the command-line contract)
    as_of: datetime.date | None = None
    clock_start: datetime.date | None = None  # received date, or the day the correction arrived
    original_reply_due: datetime.date | None = None  # without extensions
    extension_workdays: int = 0
    counted_workdays: int = 0  # counted toward the reply period up to as_of (or the reply)
    remaining_workdays: int | None = None  # until reply_due, as of as_of (negative: overdue)
    correction_deadline: datetime.date | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    windows: tuple[Window, ...] = ()
    pause_until: datetime.date | None = None  # last paused day, while state is paused
    statutory_reply_due: datetime.date | None = None  # Art. 33's, before an Art. 35 delay
    delayed: bool = False  # reply_due is the Art. 35 延迟答复 date
    consultations_open: int = 0  # sent and not closed by an event (expired ones included)
    correction_requested_on: datetime.date | None = None
    fee_payment_due: datetime.date | None = None  # of the last fee notice
    #: (first day, last day) of the pause no event has closed yet, whatever as_of
    open_pause: tuple[datetime.date, datetime.date] | None = None

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


# --- JSON ---------------------------------------------------------------------------------
def _date(value, where: str, *, required: bool = True) -> datetime.date | None:
    if value is None:
        if required:
            raise ClockError(f"{where}：缺少日期")
        return None
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise ClockError(f"{where}：日期格式应为 YYYY-MM-DD，收到 {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ClockError(f"{where}：不存在的日期 {value}") from None


def from_json(data, *, today: datetime.date | None = None) -> ClockInput:
    """Read the ``gongkai clock`` input (a dict or a JSON string) into a ``ClockInput``.

    :raises ClockError: invalid JSON, unknown channel or event type, bad dates.
        Event order and consistency are checked by ``compute``.
    """
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:  # bytes not in UTF-8/16/32
            raise ClockError(f"输入不是有效的 JSON：{error}") from None
    if not isinstance(data, dict):
        raise ClockError("输入应为一个 JSON 对象")
    known = {"channel", "submitted_on", "received_on", "events", "as_of", "fee_window_pauses"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ClockError(f"未知字段：{', '.join(unknown)}")
    channel = data.get("channel")
    if not isinstance(channel, str) or channel not in CHANNELS:
        raise ClockError(f"channel：应为 {' | '.join(CHANNELS)} 之一，收到 {channel!r}")
    submitted_on = _date(data.get("submitted_on"), "submitted_on")
    received_on = _date(data.get("received_on"), "received_on", required=False)
    as_of = _date(data.get("as_of"), "as_of", required=False) or today or datetime.date.today()
    fee_flag = data.get("fee_window_pauses", False)
    if not isinstance(fee_flag, bool):
        raise ClockError("fee_window_pauses：应为 true 或 false")
    raw_events = data.get("events", [])
    if raw_events is None:
        raw_events = []
    if not isinstance(raw_events, list):
        raise ClockError("events：应为数组")
    events = []
    for i, raw in enumerate(raw_events):
        where = f"events[{i}]"
        if not isinstance(raw, dict):
            raise ClockError(f"{where}：应为对象")
        kind = raw.get("type")
        if not isinstance(kind, str) or kind not in EVENT_TYPES:
            raise ClockError(
                f"{where}.type：未知事件类型 {kind!r}（应为 {' | '.join(EVENT_TYPES)}）"
            )
        allowed = {"type", "on", *_EVENT_FIELDS.get(kind, ())}
        extra = sorted(set(raw) - allowed - {"note"})
        if extra:
            raise ClockError(f"{where}：{kind} 事件不接受字段 {', '.join(extra)}")
        on = _date(raw.get("on"), f"{where}.on")
        fields: dict = {}
        if kind in ("correction_requested", "reasons_requested"):
            fields["deadline"] = _date(raw.get("deadline"), f"{where}.deadline")
        if kind == "extension_approved":
            workdays = raw.get("workdays", MAX_EXTENSION_WORKDAYS)
            if isinstance(workdays, bool) or not isinstance(workdays, int):
                raise ClockError(f"{where}.workdays：应为整数")
            fields["workdays"] = workdays
        if kind in ("consultation_sent", "fee_notice_sent"):
            fields["received_on"] = _date(
                raw.get("received_on"), f"{where}.received_on", required=False
            )
        if kind == "consultation_sent":
            party_kind = raw.get("party_kind", "third_party")
            if party_kind not in PARTY_KINDS:
                raise ClockError(
                    f"{where}.party_kind：应为 {' | '.join(PARTY_KINDS)} 之一，收到 {party_kind!r}"
                )
            fields["party_kind"] = party_kind
        if kind == "delay_set":
            fields["due"] = _date(raw.get("due"), f"{where}.due")
        events.append(ClockEvent(kind, on, **fields))
    return ClockInput(
        channel=channel,
        submitted_on=submitted_on,
        received_on=received_on,
        events=tuple(events),
        as_of=as_of,
        fee_window_pauses=fee_flag,
    )


#: Fields each event type accepts besides ``type``, ``on`` and ``note``.
_EVENT_FIELDS = {
    "correction_requested": ("deadline",),
    "reasons_requested": ("deadline",),
    "extension_approved": ("workdays",),
    "consultation_sent": ("received_on", "party_kind"),
    "fee_notice_sent": ("received_on",),
    "delay_set": ("due",),
}


def _iso(d: datetime.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def to_json(result: ClockResult) -> dict:
    """The contract's output object (JSON-ready)."""
    return {
        "received_on": _iso(result.received_on),
        "correction_notice_due": _iso(result.correction_notice_due),
        "reply_due": _iso(result.reply_due),
        "paused_workdays": result.paused_workdays,
        "state": result.state,
        "provisional": result.provisional,
        "pause_until": _iso(result.pause_until),
        "delayed": result.delayed,
        "windows": [window.as_dict() for window in result.windows],
        "explain": [entry.as_dict() for entry in result.explain],
    }


def compute_json(data, calendar: WorkCalendar, *, today: datetime.date | None = None) -> dict:
    """``to_json(compute(from_json(data), calendar))``."""
    return to_json(compute(from_json(data, today=today), calendar))


# --- validation ---------------------------------------------------------------------------
@dataclass
class _Period:
    """A consultation, a fee window or an Art. 35 reasons window as the events give it."""

    kind: str
    opened: datetime.date
    closes: datetime.date  # the last day of the period (statutory or set)
    closed: datetime.date | None = None  # the day an event closed it
    party_kind: str = ""

    @property
    def pause_end(self) -> datetime.date:
        """The last paused day: the closing event's, never past the period's end."""
        return min(self.closed, self.closes) if self.closed is not None else self.closes


@dataclass
class _Facts:
    """The case's events, checked and sorted out."""

    correction_requested: ClockEvent | None = None
    correction_received: datetime.date | None = None
    consultations: list[_Period] = field(default_factory=list)
    fees: list[_Period] = field(default_factory=list)
    reasons: list[_Period] = field(default_factory=list)
    extensions: list[ClockEvent] = field(default_factory=list)
    delay: ClockEvent | None = None
    replied: datetime.date | None = None
    fee_lapsed: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)

    def pauses(self, fee_window_pauses: bool) -> list[tuple[datetime.date, datetime.date, str]]:
        """The paused spans (S, E] with their kind: consultations, and fee windows by policy."""
        out = [(p.opened, p.pause_end, "consultation") for p in self.consultations]
        if fee_window_pauses:
            out += [(p.opened, p.pause_end, "fee") for p in self.fees]
        return out


def _check(
    case: ClockInput, received: datetime.date | None, as_of: datetime.date, calendar: WorkCalendar
) -> _Facts:
    """Validate the order and consistency of the events (Arts. 30, 32-35); raise ``ClockError``."""
    if not isinstance(case.channel, str) or case.channel not in CHANNELS:
        raise ClockError(f"channel：未知渠道 {case.channel!r}")
    if received is not None and received < case.submitted_on:
        raise ClockError(
            f"received_on（{received}）早于 submitted_on（{case.submitted_on}）：收到日期不能早于提交日期"
        )
    facts = _Facts()
    if case.events and received is None:
        raise ClockError(
            "尚未确认收到申请（received_on 为空，第三十一条），不能记录后续事件；"
            f"{CHANNELS[case.channel]}"
        )
    open_fee: _Period | None = None
    open_reasons: _Period | None = None
    previous: datetime.date | None = None
    for i, event in enumerate(case.events):
        where = f"events[{i}]（{event.type}，{event.on}）"
        if previous is not None and event.on < previous:
            raise ClockError(f"{where}：事件应按日期先后排列，该事件早于前一事件（{previous}）")
        previous = event.on
        if event.on < received:
            raise ClockError(f"{where}：早于收到申请之日（{received}）")
        if facts.replied is not None:
            raise ClockError(f"{where}：已于 {facts.replied} 作出答复，之后不能再有事件")
        if facts.fee_lapsed is not None:
            raise ClockError(
                f"{where}：已于 {facts.fee_lapsed} 逾期未缴费、视为放弃，之后不能再有事件"
            )
        kind = event.type
        if kind == "correction_requested":
            if facts.correction_requested is not None:
                raise ClockError(
                    f"{where}：补正只能一次性告知（第三十条），已于 {facts.correction_requested.on} 告知"
                )
            if event.deadline is None:
                raise ClockError(f"{where}：补正告知应写明合理的补正期限（deadline，第三十条）")
            if event.deadline < event.on:
                raise ClockError(f"{where}：补正期限（{event.deadline}）早于告知日期")
            facts.correction_requested = event
        elif kind == "correction_received":
            if facts.correction_requested is None:
                raise ClockError(f"{where}：此前没有补正告知（correction_requested）")
            if facts.correction_received is not None:
                raise ClockError(f"{where}：已于 {facts.correction_received} 收到补正")
            facts.correction_received = event.on
        elif kind == "consultation_sent":
            party_received = event.received_on or event.on
            if party_received < event.on:
                raise ClockError(
                    f"{where}：对方收到征求意见书的日期（{party_received}）早于发出日期"
                )
            facts.consultations.append(
                _Period(
                    "consultation",
                    event.on,
                    calendar.add_workdays(party_received, CONSULTATION_WORKDAYS),
                    party_kind=event.party_kind or "third_party",
                )
            )
        elif kind == "consultation_closed":
            still_open = [p for p in facts.consultations if p.closed is None]
            if not still_open:
                raise ClockError(f"{where}：没有尚未结束的征求意见（consultation_sent）")
            period = still_open[0]
            period.closed = event.on
            if event.on > period.closes:
                facts.warnings.append(
                    f"征求意见结束日期（{event.on}）晚于对方提出意见的期限（{period.closes}，"
                    f"{PARTY_KINDS[period.party_kind][0]}）：期限届满后的时间计入答复期限"
                )
        elif kind == "extension_approved":
            workdays = event.workdays if event.workdays is not None else MAX_EXTENSION_WORKDAYS
            if workdays < 1:
                raise ClockError(f"{where}：延期工作日数应为正整数")
            total = sum(e.workdays for e in facts.extensions) + workdays
            if total > MAX_EXTENSION_WORKDAYS:
                raise ClockError(
                    f"{where}：延长答复期限最长不得超过{MAX_EXTENSION_WORKDAYS}个工作日（第三十三条），"
                    f"合计将为{total}个工作日"
                )
            facts.extensions.append(ClockEvent(kind, event.on, None, workdays))
        elif kind == "replied":
            facts.replied = event.on
        elif kind == "fee_notice_sent":
            if open_fee is not None:
                raise ClockError(f"{where}：已于 {open_fee.opened} 发出收费通知，尚未缴费或逾期")
            notice_received = event.received_on or event.on
            if notice_received < event.on:
                raise ClockError(
                    f"{where}：申请人收到收费通知的日期（{notice_received}）早于发出日期"
                )
            open_fee = _Period(
                "fee", event.on, calendar.add_workdays(notice_received, FEE_PAYMENT_WORKDAYS)
            )
            facts.fees.append(open_fee)
        elif kind in ("fee_paid", "fee_lapsed"):
            if open_fee is None:
                raise ClockError(f"{where}：此前没有收费通知（fee_notice_sent）")
            open_fee.closed = event.on
            if kind == "fee_paid" and event.on > open_fee.closes:
                facts.warnings.append(f"缴费（{event.on}）晚于缴费期限（{open_fee.closes}）")
            open_fee = None
            if kind == "fee_lapsed":
                facts.fee_lapsed = event.on
        elif kind == "reasons_requested":
            if open_reasons is not None:
                raise ClockError(f"{where}：已于 {open_reasons.opened} 要求说明理由，尚未收到")
            if event.deadline is None or event.deadline <= event.on:
                raise ClockError(f"{where}：要求说明理由应写明晚于告知日期的合理期限（deadline）")
            open_reasons = _Period("reasons", event.on, event.deadline)
            facts.reasons.append(open_reasons)
        elif kind == "reasons_received":
            if open_reasons is None:
                raise ClockError(f"{where}：此前没有要求说明理由（reasons_requested）")
            open_reasons.closed = event.on
            open_reasons = None
        elif kind == "delay_set":
            if event.due is None or event.due <= event.on:
                raise ClockError(f"{where}：延迟答复的期限（due）应晚于作出决定的日期")
            facts.delay = event
    if facts.replied is not None:  # a reply closes whatever was still open
        for period in (*facts.consultations, *facts.fees, *facts.reasons):
            if period.closed is None:
                period.closed = facts.replied
    return facts


def _merge(pauses) -> list[tuple[datetime.date, datetime.date]]:
    """The union of the pause intervals (S, E]."""
    spans = sorted(((s, e) for s, e, _kind in pauses if e > s), key=lambda span: span[0])
    merged: list[list[datetime.date]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _due(
    calendar: WorkCalendar,
    start: datetime.date,
    target: int,
    pauses: list[tuple[datetime.date, datetime.date]],
) -> datetime.date:
    """The ``target``-th counted working day after ``start``, skipping paused working days.

    A due date reached before a pause begins stays (a pause cannot revive an expired deadline).
    """
    need, cur = target, start
    for s, e in pauses:
        if e <= cur:
            continue
        if s > cur:
            k = calendar.workdays_between(cur, s)
            if k >= need:
                return calendar.add_workdays(cur, need)
            need -= k
            cur = s
        cur = e
    return calendar.add_workdays(cur, need)


# --- the clock ------------------------------------------------------------------------------
def _day_label(d: datetime.date) -> str:
    return f"{d.isoformat()}（{WEEKDAY_NAMES[d.weekday()]}）"


def _event_text(event: ClockEvent, fee_pauses: bool) -> str:
    kind = event.type
    if kind == "correction_requested":
        return f"一次性告知申请人补正（第三十条），补正期限至 {event.deadline.isoformat()}"
    if kind == "correction_received":
        return "收到补正，答复期限自该日起重新计算（第三十条），次一工作日为第1个工作日"
    if kind == "consultation_sent":
        article, _silence = PARTY_KINDS[event.party_kind or "third_party"]
        party = "其他机关" if event.party_kind == "agency" else "第三方"
        received = event.received_on or event.on
        return (
            f"发出征求意见书（{article}），{party}于 {received.isoformat()} 收到，"
            f"应自收到之日起15个工作日内提出意见；征求意见所需时间不计入答复期限（第三十三条第三款）"
        )
    if kind == "consultation_closed":
        return "征求意见结束（收到意见），次日起恢复计算答复期限"
    if kind == "extension_approved":
        return f"经政府信息公开工作机构负责人同意，延长答复期限{event.workdays}个工作日并告知申请人（第三十三条）"
    if kind == "replied":
        return "作出答复（第三十六条）"
    if kind == "fee_notice_sent":
        pause = "，缴费期间暂停计算答复期限（本机关规定）" if fee_pauses else "，不暂停计算答复期限"
        received = event.received_on or event.on
        return (
            f"发出收费通知（国办函〔2020〕109号），申请人于 {received.isoformat()} 收到，"
            f"应在收到次日起20个工作日内缴费{pause}"
        )
    if kind == "fee_paid":
        return "申请人缴纳信息处理费" + ("，次日起恢复计算答复期限" if fee_pauses else "")
    if kind == "fee_lapsed":
        return "申请人逾期未缴纳信息处理费，视为放弃申请（国办函〔2020〕109号）"
    if kind == "reasons_requested":
        return (
            "申请公开的数量、频次明显超过合理范围，要求申请人说明理由（第三十五条），"
            f"期限至 {event.deadline.isoformat()}"
        )
    if kind == "reasons_received":
        return "收到申请人说明的理由（第三十五条）"
    if kind == "delay_set":
        return f"确定延迟答复的合理期限至 {event.due.isoformat()} 并告知申请人（第三十五条）"
    return kind


_EVENT_REASONS = {
    "correction_requested": "补正告知",
    "correction_received": "收到补正",
    "consultation_sent": "征求意见",
    "consultation_closed": "征求意见结束",
    "extension_approved": "延期",
    "replied": "答复",
    "fee_notice_sent": "收费通知",
    "fee_paid": "缴费",
    "fee_lapsed": "逾期未缴费",
    "reasons_requested": "要求说明理由",
    "reasons_received": "收到理由",
    "delay_set": "延迟答复",
}


def _windows(facts: _Facts, awaiting: bool, as_of: datetime.date) -> tuple[Window, ...]:
    """The periods running on ``as_of``, and those that lapsed with no closing event."""
    out: list[Window] = []
    request = facts.correction_requested
    if awaiting and request is not None:
        status = "expired" if as_of > request.deadline else "open"
        out.append(Window("correction", request.on, request.deadline, status, "", "第三十条"))
    for period in (*facts.consultations, *facts.fees, *facts.reasons):
        if period.closed is not None:
            continue
        status = "expired" if as_of > period.closes else "open"
        article = (
            PARTY_KINDS[period.party_kind][0]
            if period.kind == "consultation"
            else WINDOW_ARTICLES[period.kind]
        )
        out.append(
            Window(period.kind, period.opened, period.closes, status, period.party_kind, article)
        )
    return tuple(sorted(out, key=lambda w: (w.closes, w.kind)))


def compute(case: ClockInput, calendar: WorkCalendar, *, explain: bool = True) -> ClockResult:
    """Derive the received date, the 补正 notice deadline, the reply due date and the state.

    Arts. 30-35 and 31 of the 条例; see the module docstring for the conventions.

    :param case: the case's channel, dates and events (events in date order)
    :param calendar: the working-day calendar, normally ``gongkai.workdays.calendar()``
    :param explain: build the day-by-day explanation (skip it for bulk recomputation)
    :raises ClockError: inconsistent input (events out of order, a second 补正
        notice, a correction without a request, extensions over 20 working days, ...)
    """
    as_of = case.as_of or datetime.date.today()
    received = case.received_date
    facts = _check(case, received, as_of, calendar)  # the whole history must be consistent
    warnings: list[str] = []
    later = [e for e in case.events if e.on > as_of]
    if later:
        # The clock as it stood on as_of: events after it are not known yet.
        case = replace(case, events=tuple(e for e in case.events if e.on <= as_of))
        facts = _check(case, received, as_of, calendar)
        warnings.append(
            f"计算日 {as_of.isoformat()} 之后的{len(later)}个事件未计入（按截至该日的情况计算）"
        )
    warnings.extend(facts.warnings)

    if received is None or as_of < received:
        entries = []
        if explain:
            text = (
                f"尚未确认收到申请，答复期限未开始计算。{CHANNELS[case.channel]}"
                if received is None
                else f"{received.isoformat()} 收到申请，截至 {as_of.isoformat()} 尚未开始计算"
            )
            entries.append(ExplainEntry(case.submitted_on, "note", "未开始计时", text))
        return ClockResult(
            received_on=received,
            correction_notice_due=None
            if received is None
            else calendar.add_workdays(received, CORRECTION_NOTICE_WORKDAYS),
            reply_due=None,
            paused_workdays=0,
            state="not_started",
            provisional=False
            if received is None
            else calendar.provisional(
                received, calendar.add_workdays(received, CORRECTION_NOTICE_WORKDAYS)
            ),
            explain=tuple(entries),
            as_of=as_of,
        )

    notice_due = calendar.add_workdays(received, CORRECTION_NOTICE_WORKDAYS)
    request = facts.correction_requested
    awaiting = request is not None and facts.correction_received is None
    start = facts.correction_received if request is not None and not awaiting else received
    extension = sum(e.workdays for e in facts.extensions)
    target = REPLY_WORKDAYS + extension
    pauses = _merge(facts.pauses(case.fee_window_pauses))

    reply_due = original_due = statutory_due = None
    if not awaiting:
        statutory_due = _due(calendar, start, target, pauses)
        original_due = (
            statutory_due if not extension else _due(calendar, start, REPLY_WORKDAYS, pauses)
        )
        reply_due = statutory_due
        if facts.delay is not None:
            reply_due = facts.delay.due
    delayed = facts.delay is not None and not awaiting

    # The open pause: the consultations (and, by policy, fee windows) no event has closed
    # yet, from the first sent to the last one's statutory end. The case is paused while
    # as_of falls in it (a stored pair of dates, so a database query can say the same).
    unclosed = [
        (p.opened, p.closes)
        for p in (*facts.consultations, *(facts.fees if case.fee_window_pauses else ()))
        if p.closed is None
    ]
    open_pause = (
        (min(s for s, _e in unclosed), max(e for _s, e in unclosed))
        if unclosed and not awaiting and facts.replied is None
        else None
    )
    pause_until = None
    if open_pause is not None and open_pause[0] <= as_of <= open_pause[1]:
        pause_until = open_pause[1]

    # --- state -------------------------------------------------------------------------------
    if facts.replied is not None:
        state = "replied"
    elif facts.fee_lapsed is not None:
        state = "abandoned"
    elif awaiting:
        state = "abandoned" if as_of > request.deadline else "awaiting_correction"
    elif pause_until is not None and reply_due is not None and as_of <= reply_due:
        state = "paused"
    elif as_of > reply_due:
        state = "overdue"
    else:
        state = "running"
    if state != "paused":
        pause_until = None

    # --- warnings (shown in the explanation) ------------------------------------------------
    if request is not None and request.on > notice_due:
        warnings.append(
            f"补正告知（{request.on}）晚于收到申请之日起7个工作日的期限（{notice_due}，第三十条）"
        )
    if (
        request is not None
        and facts.correction_received
        and facts.correction_received > request.deadline
    ):
        warnings.append(
            f"补正（{facts.correction_received}）晚于补正期限（{request.deadline}），逾期补正"
        )
    for ext in facts.extensions:
        if original_due is not None and ext.on > original_due:
            warnings.append(f"延期决定（{ext.on}）晚于原答复期限（{original_due}，第三十三条）")
    if facts.delay is not None and statutory_due is not None and facts.delay.on > statutory_due:
        warnings.append(
            f"延迟答复决定（{facts.delay.on}）晚于第三十三条规定的答复期限（{statutory_due}）"
        )
    if facts.replied is not None and reply_due is not None and facts.replied > reply_due:
        late = calendar.workdays_between(reply_due, facts.replied)
        warnings.append(f"逾期答复：晚于答复期限（{reply_due}）{late}个工作日")

    # --- how far the clock has run ---------------------------------------------------------
    counted = 0
    remaining = None
    stop = facts.replied or as_of
    if not awaiting and stop > start:
        counted = calendar.workdays_between(start, stop) - _paused_between(
            calendar, pauses, start, stop
        )
    paused = 0
    if not awaiting and reply_due is not None:
        paused = _paused_between(calendar, pauses, start, min(statutory_due, as_of))
    if reply_due is not None and facts.replied is None and state not in ("abandoned",):
        remaining = calendar.workdays_between(as_of, reply_due)

    span_end = reply_due or max(as_of, notice_due)
    provisional = calendar.provisional(received, max(span_end, notice_due))
    windows = _windows(facts, awaiting, as_of) if facts.replied is None else ()
    fee_due = facts.fees[-1].closes if facts.fees else None

    entries: tuple[ExplainEntry, ...] = ()
    if explain:
        entries = tuple(
            _explain(
                case,
                calendar,
                facts=facts,
                received=received,
                start=start,
                awaiting=awaiting,
                pauses=pauses,
                notice_due=notice_due,
                original_due=original_due if extension else None,
                statutory_due=statutory_due if delayed else None,
                reply_due=reply_due,
                target=target,
                as_of=as_of,
                state=state,
                warnings=warnings,
                remaining=remaining,
                pause_until=pause_until,
            )
        )
    return ClockResult(
        received_on=received,
        correction_notice_due=notice_due,
        reply_due=reply_due,
        paused_workdays=paused,
        state=state,
        provisional=provisional,
        explain=entries,
        as_of=as_of,
        clock_start=None if awaiting else start,
        original_reply_due=original_due,
        extension_workdays=extension,
        counted_workdays=counted,
        remaining_workdays=remaining,
        correction_deadline=request.deadline if request is not None else None,
        warnings=tuple(warnings),
        windows=windows,
        pause_until=pause_until,
        statutory_reply_due=statutory_due,
        delayed=delayed,
        consultations_open=sum(1 for p in facts.consultations if p.closed is None),
        correction_requested_on=request.on if request is not None else None,
        fee_payment_due=fee_due,
        open_pause=open_pause,
    )


def _paused_between(calendar, pauses, a, b) -> int:
    """Working days in (a, b] that fall inside a pause."""
    total = 0
    for s, e in pauses:
        lo, hi = max(s, a), min(e, b)
        if hi > lo:
            total += calendar.workdays_between(lo, hi)
    return total


def _pause_kind(facts: _Facts, d: datetime.date, fee_pauses: bool) -> str | None:
    kinds = {kind for s, e, kind in facts.pauses(fee_pauses) if s < d <= e}
    if "consultation" in kinds:
        return "consultation"
    if "fee" in kinds:
        return "fee"
    return None


def _explain(
    case: ClockInput,
    calendar: WorkCalendar,
    *,
    facts: _Facts,
    received: datetime.date,
    start: datetime.date,
    awaiting: bool,
    pauses,
    notice_due: datetime.date,
    original_due: datetime.date | None,
    statutory_due: datetime.date | None,
    reply_due: datetime.date | None,
    target: int,
    as_of: datetime.date,
    state: str,
    warnings: list[str],
    remaining: int | None,
    pause_until: datetime.date | None,
) -> list[ExplainEntry]:
    """Every day from the day after receipt to the due date (or as_of), counted or skipped, and why."""
    out: list[ExplainEntry] = []
    request = facts.correction_requested
    out.append(
        ExplainEntry(
            received,
            "received",
            "收到申请",
            f"{_day_label(received)} 收到申请（{CHANNEL_NAMES[case.channel]}）。{CHANNELS[case.channel]}；"
            "答复期限自次日起计算（开始的当日不计入）",
        )
    )
    events_by_day: dict[datetime.date, list[ClockEvent]] = {}
    for event in case.events:
        events_by_day.setdefault(event.on, []).append(event)

    # Up to the due date; for a replied case up to the reply (the days after it count for nothing).
    end = facts.replied or reply_due or as_of
    if request is not None and awaiting:
        end = max(end, min(request.deadline, as_of))
    truncated = False
    if (end - received).days > _MAX_EXPLAIN_DAYS:
        end = received + datetime.timedelta(days=_MAX_EXPLAIN_DAYS)
        truncated = True

    for event in events_by_day.get(received, []):
        out.append(_event_entry(event, case.fee_window_pauses))
    n = 0
    d = received + _ONE_DAY
    while d <= end:
        day = calendar.explain_day(d)
        label = _day_label(d)
        tail = f"（该年度尚无国务院节假日安排，{ESTIMATE_NOTE}）" if day.provisional else ""
        if not day.counted:
            text = f"{label} {day.reason}，不计入{tail}"
            out.append(ExplainEntry(d, "day", day.reason, text, False, None, day.provisional))
        elif request is not None and (awaiting or d <= start):
            if d <= request.on:
                reason = "补正告知前"
                text = f"{label} {day.reason}；已告知补正，答复期限自收到补正之日起重新计算（第三十条），不计入"
            else:
                reason = "等待补正"
                text = f"{label} {day.reason}；等待申请人补正（第三十条），不计入"
            out.append(ExplainEntry(d, "day", reason, text + tail, False, None, day.provisional))
        elif (kind := _pause_kind(facts, d, case.fee_window_pauses)) is not None:
            if kind == "consultation":
                reason = "征求意见"
                text = f"{label} {day.reason}；征求意见期间，不计入答复期限（第三十三条第三款）"
            else:
                reason = "收费通知至缴费"
                text = f"{label} {day.reason}；收费通知至缴费期间，不计入答复期限（本机关规定）"
            out.append(ExplainEntry(d, "day", reason, text + tail, False, None, day.provisional))
        else:
            n += 1
            late = reply_due is not None and d > reply_due
            note = "（已超过答复期限）" if late else ""
            text = f"{label} {day.reason}，计入，第{n}个工作日{note}{tail}"
            out.append(ExplainEntry(d, "day", day.reason, text, True, n, day.provisional))
        for event in events_by_day.get(d, []):
            out.append(_event_entry(event, case.fee_window_pauses))
        if d == notice_due:
            out.append(
                ExplainEntry(
                    d,
                    "deadline",
                    "补正告知期限",
                    f"{d.isoformat()} 补正告知期限届满：需要补正的，应自收到申请之日起7个工作日内一次性告知（第三十条）",
                )
            )
        if request is not None and d == request.deadline:
            out.append(
                ExplainEntry(
                    d, "deadline", "补正期限", f"{d.isoformat()} 申请人补正期限届满（第三十条）"
                )
            )
        for period in facts.consultations:
            if d == period.closes and (period.closed is None or period.closed >= d):
                article, silence = PARTY_KINDS[period.party_kind]
                out.append(
                    ExplainEntry(
                        d,
                        "deadline",
                        "征求意见期限",
                        f"{d.isoformat()} 对方提出意见的期限届满（自收到征求意见书之日起15个工作日，"
                        f"{article}）；未结束的征求意见自次日起恢复计算答复期限。{silence}",
                    )
                )
        for period in facts.fees:
            if d == period.closes:
                out.append(
                    ExplainEntry(
                        d,
                        "deadline",
                        "缴费期限",
                        f"{d.isoformat()} 缴费期限届满（收到收费通知次日起20个工作日，"
                        "国办函〔2020〕109号）；逾期未缴费的，视为放弃申请",
                    )
                )
        for period in facts.reasons:
            if d == period.closes:
                out.append(
                    ExplainEntry(
                        d,
                        "deadline",
                        "说明理由期限",
                        f"{d.isoformat()} 说明理由的期限届满（第三十五条）",
                    )
                )
        if original_due is not None and d == original_due:
            out.append(
                ExplainEntry(
                    d,
                    "deadline",
                    "原答复期限",
                    f"{d.isoformat()} 原答复期限届满（第20个工作日，第三十三条）",
                )
            )
        if statutory_due is not None and d == statutory_due:
            out.append(
                ExplainEntry(
                    d,
                    "deadline",
                    "第三十三条答复期限",
                    f"{d.isoformat()} 第三十三条规定的答复期限届满（第{target}个工作日），"
                    "已确定延迟答复（第三十五条）",
                )
            )
        if reply_due is not None and d == reply_due:
            text = (
                f"{d.isoformat()} 延迟答复的期限届满（第三十五条）"
                if statutory_due is not None
                else f"{d.isoformat()} 答复期限届满（第{target}个工作日，第三十三条）"
            )
            out.append(ExplainEntry(d, "deadline", "答复期限", text))
        d += _ONE_DAY
    if truncated:
        out.append(ExplainEntry(end, "note", "说明已截断", f"说明仅列至 {end.isoformat()}"))
    for warning in warnings:
        out.append(ExplainEntry(as_of, "warning", "提示", warning))
    summary = f"截至 {as_of.isoformat()}：{STATE_NAMES[state]}"
    if state == "awaiting_correction":
        summary += f"，补正期限至 {request.deadline.isoformat()}，收到补正后重新计算20个工作日"
    elif state == "abandoned" and facts.fee_lapsed is None:
        summary += (
            f"：补正期限（{request.deadline.isoformat()}）届满未补正，视为放弃申请（第三十条）"
        )
    elif state == "paused":
        summary += (
            f"，暂停计算至迟到 {pause_until.isoformat()}（征求意见或缴费期限届满），"
            f"答复期限最迟为 {reply_due.isoformat()}；提前结束的，答复期限相应提前"
        )
    elif state == "running" and remaining is not None:
        summary += f"，距答复期限（{reply_due.isoformat()}）还有{remaining}个工作日"
    elif state == "overdue":
        summary += f"，已超过答复期限（{reply_due.isoformat()}）{-remaining}个工作日"
    elif state == "replied":
        summary += f"，于 {facts.replied.isoformat()} 答复"
        if reply_due is not None and facts.replied <= reply_due:
            spare = calendar.workdays_between(facts.replied, reply_due)
            summary += f"，在答复期限（{reply_due.isoformat()}）内，提前{spare}个工作日"
    out.append(ExplainEntry(as_of, "note", STATE_NAMES[state], summary))
    return out


def _event_entry(event: ClockEvent, fee_pauses: bool) -> ExplainEntry:
    return ExplainEntry(
        event.on,
        "event",
        _EVENT_REASONS.get(event.type, event.type),
        f"{event.on.isoformat()} {_event_text(event, fee_pauses)}",
    )
