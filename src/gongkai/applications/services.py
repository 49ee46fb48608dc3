"""Every change to a case: one function per action (keyword-only, typed, atomic).

Each action
1. locks the case and checks the version the actor saw (optimistic concurrency:
   the second of two concurrent actors gets ``ConcurrentModification``);
2. checks permission with ``agencies.permissions.can`` and the state with the
   explicit ``TRANSITIONS`` table (``InvalidTransition`` with a Chinese message);
3. appends its ``ApplicationEvent``, recomputes the cached columns from the
   events through ``rules.clock`` (an inconsistent date is refused with the
   clock's message), bumps the version and writes an audit record: all in one
   transaction;
4. sends e-mail only after commit (``transaction.on_commit``).
"""

import contextvars
import datetime
import secrets
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Unit
from gongkai.agencies.permissions import can
from gongkai.applications import clock as case_clock
from gongkai.applications.models import (
    CONFIRMATION_CHANNELS,
    AgencyApplicationSettings,
    Application,
    ApplicationEvent,
    Channel,
    EventKind,
    Letter,
    LetterKind,
    ReleasedFile,
    Sequence,
    State,
)
from gongkai.applications.query_codes import query_code_digest
from gongkai.audit.services import audit_record
from gongkai.rules import fees
from gongkai.rules.clock import ClockError
from gongkai.rules.outcomes import OUTCOMES_BY_KEY

S = State


class ApplicationError(Exception):
    """A refused action; ``message`` is shown to the user as is (Chinese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(ApplicationError):
    pass


class ConcurrentModification(ApplicationError):
    def __init__(self, message: str = ""):
        super().__init__(message or _("案件已被他人修改，请刷新后重试"))


class NotAllowed(ApplicationError):
    pass


_OPEN_WORK = {S.RECEIVED, S.ACCEPTED, S.ROUTED, S.IN_PROGRESS}
_ALL_OPEN = {
    S.AWAITING_CONFIRMATION,
    S.RECEIVED,
    S.ACCEPTED,
    S.ROUTED,
    S.IN_PROGRESS,
    S.AWAITING_CORRECTION,
    S.CONSULTING,
    S.AWAITING_FEE,
    S.REPLY_DRAFTED,
    S.REVIEWED,
    S.SIGNED,
}

#: action → (states it may start from, state it leads to; None = decided by the action)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "confirm_receipt": (frozenset({S.AWAITING_CONFIRMATION}), S.RECEIVED),
    "accept": (frozenset({S.RECEIVED}), S.ACCEPTED),
    "route": (frozenset({S.RECEIVED, S.ACCEPTED, S.ROUTED}), S.ROUTED),
    "claim": (frozenset({S.ROUTED}), S.IN_PROGRESS),
    "return": (frozenset({S.ROUTED, S.IN_PROGRESS}), S.ACCEPTED),
    "request_correction": (frozenset(_OPEN_WORK), S.AWAITING_CORRECTION),
    "record_correction": (frozenset({S.AWAITING_CORRECTION}), None),
    "lapse_correction": (frozenset({S.AWAITING_CORRECTION}), S.CLOSED),
    "open_consultation": (frozenset({S.IN_PROGRESS, S.CONSULTING}), S.CONSULTING),
    "close_consultation": (frozenset({S.CONSULTING}), None),
    "request_extension": (
        frozenset({S.IN_PROGRESS, S.CONSULTING, S.AWAITING_FEE, S.REPLY_DRAFTED}),
        None,
    ),
    "approve_extension": (
        frozenset({S.IN_PROGRESS, S.CONSULTING, S.AWAITING_FEE, S.REPLY_DRAFTED, S.REVIEWED}),
        None,
    ),
    "fee_notice": (frozenset({S.IN_PROGRESS}), S.AWAITING_FEE),
    "fee_paid": (frozenset({S.AWAITING_FEE}), S.IN_PROGRESS),
    "fee_lapse": (frozenset({S.AWAITING_FEE}), S.CLOSED),
    "draft_reply": (frozenset({S.IN_PROGRESS, S.REPLY_DRAFTED}), S.REPLY_DRAFTED),
    "review": (frozenset({S.REPLY_DRAFTED}), None),
    "sign_off": (frozenset({S.REVIEWED}), S.SIGNED),
    "deliver": (frozenset({S.SIGNED}), S.DELIVERED),
    "close": (frozenset({S.DELIVERED}), S.CLOSED),
    "withdraw": (frozenset(_ALL_OPEN), S.WITHDRAWN),
    "reopen": (frozenset({S.DELIVERED, S.CLOSED, S.WITHDRAWN}), None),
}

ACTION_LABELS = {
    "confirm_receipt": _("确认收到"),
    "accept": _("受理"),
    "route": _("分办"),
    "claim": _("签收"),
    "return": _("退回"),
    "request_correction": _("告知补正"),
    "record_correction": _("登记补正"),
    "lapse_correction": _("逾期未补正"),
    "open_consultation": _("征求意见"),
    "close_consultation": _("结束征求意见"),
    "request_extension": _("申请延期"),
    "approve_extension": _("审批延期"),
    "fee_notice": _("收费通知"),
    "fee_paid": _("登记缴费"),
    "fee_lapse": _("逾期未缴费"),
    "draft_reply": _("拟写答复"),
    "review": _("审核"),
    "sign_off": _("签发"),
    "deliver": _("送达"),
    "close": _("办结归档"),
    "withdraw": _("撤回"),
    "reopen": _("重新办理"),
}


def allowed_actions(app: Application, user) -> list[str]:
    """Actions the user may take on the case in its current state (for the case page)."""
    out = []
    for action, (sources, _target) in TRANSITIONS.items():
        if app.state in sources and can(user, action, app):
            out.append(action)
    return out


# --- numbering ----------------------------------------------------------------------


def agency_settings(agency: Agency) -> AgencyApplicationSettings:
    obj, _created = AgencyApplicationSettings.objects.get_or_create(agency=agency)
    return obj


def _next(agency: Agency, year: int, name: str) -> int:
    Sequence.objects.get_or_create(agency=agency, year=year, name=name)
    seq = Sequence.objects.select_for_update().get(agency=agency, year=year, name=name)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def _pattern_values(agency: Agency, year: int, seq: int, **extra) -> dict:
    conf = agency_settings(agency)
    return {
        "short": agency.display_short_name,
        "code": conf.letter_code or agency.slug.split("-")[-1].upper(),
        "year": year,
        "seq": seq,
        **extra,
    }


def format_tracking_number(agency: Agency, year: int, seq: int) -> str:
    return agency_settings(agency).tracking_pattern.format(**_pattern_values(agency, year, seq))


LETTER_KIND_CODES = {
    LetterKind.REPLY: "复",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.FEE: "费",
    LetterKind.RECEIPT: "回",
}


def next_tracking_number(agency: Agency, year: int) -> tuple[str, int]:
    seq = _next(agency, year, "tracking")
    return format_tracking_number(agency, year, seq), seq


def next_letter_number(agency: Agency, year: int, kind: str) -> str:
    seq = _next(agency, year, f"letter:{kind}")
    values = _pattern_values(agency, year, seq, kind=LETTER_KIND_CODES[LetterKind(kind)])
    return agency_settings(agency).letter_pattern.format(**values)


QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


# --- the common frame of every action ---------------------------------------------------


def _actor_name(actor) -> str:
    if actor is None:
        return "申请人"
    return actor.get_full_name() or actor.get_username()


def _begin(application: Application, actor, action: str, version: int | None) -> Application:
    """Lock the case, check version, permission and state; return the fresh row."""
    app = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    if version is not None and app.version != version:
        raise ConcurrentModification()
    if actor is not None and not can(actor, action, app):
        raise NotAllowed(
            _("您没有权限对该案件执行“%(action)s”操作") % {"action": ACTION_LABELS[action]}
        )
    sources, _target = TRANSITIONS[action]
    if app.state not in sources:
        raise InvalidTransition(
            _("案件当前状态为“%(state)s”，不能执行“%(action)s”操作")
            % {"state": app.get_state_display(), "action": ACTION_LABELS[action]}
        )
    return app


def _event(
    app: Application, actor, kind: str, on: datetime.date | None = None, **data
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=app,
        kind=kind,
        on=on or case_clock.today(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_actor_name(actor),
        data={k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()},
    )


def refresh(app: Application) -> Application:
    """Recompute the cached columns from the events (through ``rules.clock``); not saved."""
    events = list(app.events.order_by("at", "id"))
    try:
        result = case_clock.evaluate(app, events)
    except ClockError as error:
        raise ApplicationError(str(error)) from error
    app.received_on = result.received_on
    app.received_year = result.received_on.year if result.received_on else None
    app.clock_state = result.state
    app.correction_notice_due = result.correction_notice_due
    app.reply_due = result.reply_due
    app.paused_workdays = result.paused_workdays
    app.provisional = result.provisional
    ended, outcome = case_clock.ended_on(events)
    app.replied_on = ended
    app.replied_year = ended.year if ended else None
    if outcome:
        app.outcome = outcome
    return app


def _finish(
    app: Application, actor, action: str, *, state: str | None = None, message: str = "", **audit
) -> Application:
    target = state or TRANSITIONS[action][1] or app.state
    before = app.state
    app.state = target
    refresh(app)
    app.version += 1
    app.save()
    audit_record(
        action="workflow",
        verb=f"application.{action}",
        obj=app,
        actor=actor,
        changes={"state": [before, target], **audit},
        message=message,
    )
    return app


def _check_date(app: Application, on: datetime.date | None, what: str) -> datetime.date:
    on = on or case_clock.today()
    if on > case_clock.today():
        raise ApplicationError(_("%(what)s不能晚于今天") % {"what": what})
    if app.received_on and on < app.received_on:
        raise ApplicationError(
            _("%(what)s（%(on)s）不能早于收到申请之日（%(received)s）")
            % {"what": what, "on": on, "received": app.received_on}
        )
    return on


# --- intake -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterText:
    """The text of a letter as staff edited it in the preview before the action issued it."""

    title: str
    recipient: str
    body: str

    @classmethod
    def of(cls, letter: Letter) -> "LetterText":
        return cls(title=letter.title, recipient=letter.recipient, body=letter.body)


@dataclass
class Registered:
    application: Application
    query_code: str | None  # None when the form token was already used (a resubmit)
    created: bool


APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "credit_code",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "info_title",
    "doc_number",
    "description",
    "purpose",
    "provision_form",
    "receipt_method",
)


def application_register(
    *,
    agency: Agency,
    data: dict,
    channel: str,
    submitted_on: datetime.date | None = None,
    received_on: datetime.date | None = None,
    actor=None,
    form_token: uuid.UUID | str | None = None,
    attachments: list | None = None,
) -> Registered:
    """Register an application (online by the applicant, or by a registrar for other channels).

    ``received_on`` is the signed-for day for mail (Art. 31); in person and oral take
    the submitted day; plain letters, online and fax wait for ``application_confirm_receipt``.
    A ``form_token`` already used returns the case it created (double submit → one case).
    """
    if form_token:
        existing = Application.objects.filter(form_token=form_token).first()
        if existing:
            return Registered(existing, None, False)
    try:
        return _register(
            agency=agency,
            data=data,
            channel=channel,
            submitted_on=submitted_on,
            received_on=received_on,
            actor=actor,
            form_token=form_token,
            attachments=attachments or [],
        )
    except IntegrityError:
        existing = form_token and Application.objects.filter(form_token=form_token).first()
        if existing:
            return Registered(existing, None, False)
        raise


@transaction.atomic
def _register(*, agency, data, channel, submitted_on, received_on, actor, form_token, attachments):
    today = case_clock.today()
    submitted_on = submitted_on or today
    channel = Channel(channel)
    if actor is None and channel != Channel.ONLINE:
        raise NotAllowed(_("公众只能在线提交申请"))
    probe = Application(agency=agency)
    if actor is not None and not can(actor, "register", probe):
        raise NotAllowed(_("您没有在该机关登记申请的权限"))
    if submitted_on > today:
        raise ApplicationError(_("提交日期不能晚于今天"))
    if channel == Channel.MAIL:
        if received_on is None:
            raise ApplicationError(_("邮寄申请应填写签收日期（第三十一条）"))
        if received_on < submitted_on or received_on > today:
            raise ApplicationError(_("签收日期应在提交（寄出）日期与今天之间"))
    elif channel in (Channel.IN_PERSON, Channel.ORAL):
        received_on = submitted_on
    else:
        received_on = None  # confirmed later (Art. 31)
    code = new_query_code()
    year = today.year
    number, _seq = next_tracking_number(agency, year)
    app = Application(
        agency=agency,
        tracking_number=number,
        tracking_year=year,
        query_code_hash=query_code_digest(code),
        form_token=form_token or None,
        channel=channel,
        submitted_on=submitted_on,
        registered_by=actor,
        state=S.AWAITING_CONFIRMATION if channel in CONFIRMATION_CHANNELS else S.RECEIVED,
        **{k: (data.get(k) or "") for k in APPLICANT_FIELDS},
    )
    app.save()
    _event(
        app,
        actor,
        EventKind.REGISTERED,
        submitted_on,
        channel=channel.value,
        received_on=received_on if channel == Channel.MAIL else None,
    )
    for attachment in attachments:
        attachment.application = app
        attachment.save()
    refresh(app)
    app.save()
    audit_record(action="workflow", verb="application.register", obj=app, actor=actor)
    if app.received_on:
        _draft_and_issue(app, actor, LetterKind.RECEIPT)
    from gongkai.applications import notices

    transaction.on_commit(lambda: notices.acknowledgement(app.pk, code))
    return Registered(app, code, True)


@transaction.atomic
def application_confirm_receipt(
    *,
    application: Application,
    actor,
    on: datetime.date | None = None,
    method: str = "phone",
    note: str = "",
    version: int | None = None,
    letter_text: LetterText | None = None,
) -> Application:
    """Record that receipt was confirmed with the applicant (Art. 31): the clock starts that day."""
    app = _begin(application, actor, "confirm_receipt", version)
    on = on or case_clock.today()
    if on < app.submitted_on or on > case_clock.today():
        raise ApplicationError(_("确认日期应在提交日期与今天之间"))
    _event(app, actor, EventKind.RECEIPT_CONFIRMED, on, method=method, note=note)
    _finish(app, actor, "confirm_receipt")
    _draft_and_issue(app, actor, LetterKind.RECEIPT, on=on, text=letter_text)
    return app


@transaction.atomic
def application_accept(*, application: Application, actor, version: int | None = None):
    app = _begin(application, actor, "accept", version)
    _event(app, actor, EventKind.ACCEPTED)
    return _finish(app, actor, "accept")


@transaction.atomic
def application_route(
    *, application: Application, actor, unit: Unit, note: str = "", version: int | None = None
):
    """Route the case to a unit (not a person); the unit then claims or returns it."""
    app = _begin(application, actor, "route", version)
    if unit.agency_id != app.agency_id:
        raise ApplicationError(_("承办单位必须是本机关的内设机构"))
    app.unit = unit
    _event(app, actor, EventKind.ROUTED, unit=unit.pk, unit_name=unit.name, note=note)
    return _finish(app, actor, "route", unit=unit.name)


@transaction.atomic
def application_claim(*, application: Application, actor, version: int | None = None):
    app = _begin(application, actor, "claim", version)
    _event(app, actor, EventKind.CLAIMED, unit=app.unit_id)
    return _finish(app, actor, "claim")


@transaction.atomic
def application_return(*, application: Application, actor, reason: str, version: int | None = None):
    """The unit sends the case back to the disclosure office with a reason (退回)."""
    app = _begin(application, actor, "return", version)
    if not reason.strip():
        raise ApplicationError(_("退回须说明理由"))
    unit_name = app.unit.name if app.unit_id else ""
    app.unit = None
    _event(app, actor, EventKind.RETURNED, reason=reason, unit_name=unit_name)
    return _finish(app, actor, "return", message=reason)


# --- correction (Art. 30) -----------------------------------------------------------------


@transaction.atomic
def application_request_correction(
    *,
    application: Application,
    actor,
    matters: str,
    deadline: datetime.date | None = None,
    on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    """One notice only, within 7 working days of receipt, with the matters and a reasonable deadline."""
    app = _begin(application, actor, "request_correction", version)
    if not matters.strip():
        raise ApplicationError(_("请写明需要补正的事项"))
    if app.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        raise InvalidTransition(_("补正只能一次性告知（第三十条），本案已告知过补正"))
    on = _check_date(app, on, _("告知补正日期"))
    if app.correction_notice_due and on > app.correction_notice_due:
        raise ApplicationError(
            _("补正告知应在收到申请之日起7个工作日内作出（截至%(due)s，第三十条）")
            % {"due": app.correction_notice_due}
        )
    from gongkai.workdays import calendar

    if deadline is None:
        deadline = calendar().add_workdays(
            on, agency_settings(app.agency).correction_period_workdays
        )
    if deadline <= on:
        raise ApplicationError(_("补正期限应晚于告知日期"))
    _event(
        app,
        actor,
        EventKind.CORRECTION_REQUESTED,
        on,
        matters=matters,
        deadline=deadline,
        resume=app.state,
    )
    _finish(app, actor, "request_correction")
    letter = _draft_and_issue(
        app,
        actor,
        LetterKind.CORRECTION,
        on=on,
        text=letter_text,
        matters=matters,
        deadline=deadline,
    )
    _notify_after_commit("correction", app, letter)
    return app


@transaction.atomic
def application_record_correction(
    *,
    application: Application,
    actor,
    on: datetime.date | None = None,
    content: str = "",
    version: int | None = None,
) -> Application:
    """The correction arrived: the 20-working-day period restarts from this day (Art. 30)."""
    app = _begin(application, actor, "record_correction", version)
    on = _check_date(app, on, _("收到补正日期"))
    request = app.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-at").first()
    if on < request.on:
        raise ApplicationError(_("收到补正日期不能早于告知补正日期"))
    _event(app, actor, EventKind.CORRECTION_RECEIVED, on, content=content)
    return _finish(app, actor, "record_correction", state=request.data.get("resume", S.RECEIVED))


@transaction.atomic
def application_lapse_correction(
    *, application: Application, actor, on: datetime.date | None = None, version=None
) -> Application:
    """No correction by the deadline: the application is treated as abandoned (三(六)1)."""
    app = _begin(application, actor, "lapse_correction", version)
    request = app.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-at").first()
    deadline = datetime.date.fromisoformat(request.data["deadline"])
    on = on or case_clock.today()
    if on <= deadline:
        raise ApplicationError(
            _("补正期限（%(deadline)s）尚未届满，不能按逾期未补正处理") % {"deadline": deadline}
        )
    app.outcome = "result.other.1"
    _event(app, actor, EventKind.CORRECTION_LAPSED, on, outcome="result.other.1")
    return _finish(app, actor, "lapse_correction")


# --- consultation (Arts. 32, 34) ----------------------------------------------------------


@transaction.atomic
def application_open_consultation(
    *,
    application: Application,
    actor,
    party: str,
    party_kind: str = "third_party",
    matter: str = "",
    on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    """Send a 征求意见书 to a third party (Art. 32) or a co-making agency (Art. 34): the clock pauses."""
    app = _begin(application, actor, "open_consultation", version)
    if not party.strip():
        raise ApplicationError(_("请填写被征求意见的第三方或机关名称"))
    on = _check_date(app, on, _("征求意见日期"))
    _event(
        app,
        actor,
        EventKind.CONSULTATION_SENT,
        on,
        party=party,
        party_kind=party_kind,
        matter=matter,
    )
    _finish(app, actor, "open_consultation", party=party)
    _draft_and_issue(
        app,
        actor,
        LetterKind.CONSULTATION,
        on=on,
        text=letter_text,
        party=party,
        party_kind=party_kind,
        matter=matter,
    )
    _notify_after_commit("consultation", app, None)
    return app


def open_consultations(app: Application) -> int:
    kinds = list(
        app.events.filter(
            kind__in=[
                EventKind.CONSULTATION_SENT,
                EventKind.CONSULTATION_CLOSED,
                EventKind.REOPENED,
            ]
        ).values_list("kind", flat=True)
    )
    n = 0
    for kind in kinds:
        n = n + 1 if kind == EventKind.CONSULTATION_SENT else max(n - 1, 0)
    return n


@transaction.atomic
def application_close_consultation(
    *,
    application: Application,
    actor,
    opinion: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
) -> Application:
    """The opinion arrived (or the 15-working-day period ended): the clock runs again."""
    app = _begin(application, actor, "close_consultation", version)
    on = _check_date(app, on, _("征求意见结束日期"))
    last = app.events.filter(kind=EventKind.CONSULTATION_SENT).order_by("-at").first()
    if last and on < last.on:
        raise ApplicationError(_("征求意见结束日期不能早于发出日期"))
    _event(app, actor, EventKind.CONSULTATION_CLOSED, on, opinion=opinion)
    remaining = open_consultations(app)
    return _finish(
        app, actor, "close_consultation", state=S.CONSULTING if remaining else S.IN_PROGRESS
    )


# --- extension (Art. 33) ------------------------------------------------------------------


@transaction.atomic
def application_request_extension(
    *, application: Application, actor, reason: str, workdays: int = 20, version=None
) -> Application:
    app = _begin(application, actor, "request_extension", version)
    if not reason.strip():
        raise ApplicationError(_("申请延期须说明理由"))
    if app.extension_pending:
        raise InvalidTransition(_("已有待审批的延期申请"))
    if app.events.filter(kind=EventKind.EXTENSION_APPROVED).exists():
        raise InvalidTransition(_("本案已延期，延长的期限最长不得超过20个工作日（第三十三条）"))
    if not 1 <= workdays <= 20:
        raise ApplicationError(_("延长的期限应为1至20个工作日（第三十三条）"))
    app.extension_pending = True
    _event(app, actor, EventKind.EXTENSION_REQUESTED, reason=reason, workdays=workdays)
    return _finish(app, actor, "request_extension", message=reason)


@transaction.atomic
def application_decide_extension(
    *,
    application: Application,
    actor,
    approve: bool = True,
    note: str = "",
    on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    """The head of the disclosure office approves (or refuses) the extension; the applicant is told."""
    app = _begin(application, actor, "approve_extension", version)
    head = agency_settings(app.agency).extension_approver_id
    if head and actor is not None and actor.pk != head and not actor.is_superuser:
        raise NotAllowed(_("延期须经本机关政府信息公开工作机构负责人批准（第三十三条）"))
    request = app.events.filter(kind=EventKind.EXTENSION_REQUESTED).order_by("-at").first()
    if not app.extension_pending or request is None:
        raise InvalidTransition(_("没有待审批的延期申请"))
    app.extension_pending = False
    if not approve:
        _event(app, actor, EventKind.EXTENSION_REJECTED, note=note)
        return _finish(app, actor, "approve_extension", approved=False)
    on = _check_date(app, on, _("批准延期日期"))
    if app.reply_due and on > app.reply_due:
        raise ApplicationError(
            _("答复期限（%(due)s）已过，不能再批准延期") % {"due": app.reply_due}
        )
    workdays = int(request.data.get("workdays", 20))
    _event(
        app,
        actor,
        EventKind.EXTENSION_APPROVED,
        on,
        workdays=workdays,
        reason=request.data.get("reason", ""),
        note=note,
    )
    _finish(app, actor, "approve_extension", approved=True, workdays=workdays)
    letter = _draft_and_issue(
        app,
        actor,
        LetterKind.EXTENSION,
        on=on,
        text=letter_text,
        reason=request.data.get("reason", ""),
        workdays=workdays,
    )
    _notify_after_commit("extension", app, letter)
    return app


# --- fees (国办函〔2020〕109号) ---------------------------------------------------------------


@transaction.atomic
def application_fee_notice(
    *,
    application: Application,
    actor,
    basis: str,
    quantity: int,
    already_this_month: int = 0,
    how_to_pay: str = "",
    on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    app = _begin(application, actor, "fee_notice", version)
    try:
        q = fees.quote(basis, quantity, already_this_month=already_this_month)
    except ValueError as error:
        raise ApplicationError(str(error)) from error
    if q.amount <= 0:
        raise ApplicationError(_("按所选标准计算的信息处理费为0元，无需发出收费通知"))
    on = _check_date(app, on, _("收费通知日期"))
    from gongkai.workdays import calendar

    due = fees.payment_due(on, calendar())
    _event(
        app,
        actor,
        EventKind.FEE_NOTICE,
        on,
        basis=str(q.basis),
        quantity=quantity,
        amount=q.amount,
        explain=q.explain(),
        payment_due=due,
    )
    _finish(app, actor, "fee_notice", amount=q.amount)
    _draft_and_issue(
        app,
        actor,
        LetterKind.FEE,
        on=on,
        text=letter_text,
        basis=fees.BASIS_LABELS[q.basis],
        explain=q.explain(),
        amount=q.amount,
        payment_due=due,
        how_to_pay=how_to_pay,
    )
    return app


@transaction.atomic
def application_fee_paid(
    *,
    application: Application,
    actor,
    on: datetime.date | None = None,
    receipt: str = "",
    version=None,
):
    app = _begin(application, actor, "fee_paid", version)
    on = _check_date(app, on, _("缴费日期"))
    _event(app, actor, EventKind.FEE_PAID, on, receipt=receipt)
    return _finish(app, actor, "fee_paid")


@transaction.atomic
def application_fee_lapse(
    *, application: Application, actor, on: datetime.date | None = None, version=None
):
    """Not paid within 20 working days: treated as abandoned (三(六)2)."""
    app = _begin(application, actor, "fee_lapse", version)
    notice = app.events.filter(kind=EventKind.FEE_NOTICE).order_by("-at").first()
    due = datetime.date.fromisoformat(notice.data["payment_due"])
    on = on or case_clock.today()
    if on <= due:
        raise ApplicationError(_("缴费期限（%(due)s）尚未届满") % {"due": due})
    app.outcome = "result.other.2"
    _event(app, actor, EventKind.FEE_LAPSED, on, outcome="result.other.2")
    return _finish(app, actor, "fee_lapse")


# --- reply --------------------------------------------------------------------------------


@transaction.atomic
def application_draft_reply(
    *,
    application: Application,
    actor,
    outcome: str,
    text: str = "",
    withheld: list[dict] | None = None,
    ground_detail: str = "",
    how_provided: str = "",
    version: int | None = None,
) -> Application:
    """Choose the outcome (a table-三 row) and draft the reply letter.

    Partial disclosure (Art. 37) must list each withheld part with its reason;
    不予公开 must state the reason for its legal ground (Arts. 14-16).
    """
    app = _begin(application, actor, "draft_reply", version)
    if not outcome:
        raise ApplicationError(_("请选择办理结果"))
    if outcome not in OUTCOMES_BY_KEY:
        raise ApplicationError(_("未知的办理结果"))
    if outcome in ("result.other.1", "result.other.2"):
        raise ApplicationError(_("逾期未补正、逾期未缴费请使用相应的操作办理"))
    info = OUTCOMES_BY_KEY[outcome]
    withheld = [w for w in (withheld or []) if (w.get("part") or "").strip()]
    if outcome == "result.partial":
        if not withheld:
            raise ApplicationError(_("部分公开须列明不予公开的内容及理由（第三十七条）"))
        for w in withheld:
            if not (w.get("reason") or "").strip():
                raise ApplicationError(_("请说明“%(part)s”不予公开的理由") % {"part": w["part"]})
    if outcome.startswith("result.refuse.") and not (ground_detail.strip() or text.strip()):
        raise ApplicationError(_("不予公开须说明理由（第三十六条第（三）项）"))
    app.outcome = outcome
    app.reply = {
        "outcome": outcome,
        "article": info.article,
        "ground": info.ground,
        "ground_detail": ground_detail,
        "withheld": withheld,
        "text": text,
        "how_provided": how_provided,
    }
    _event(app, actor, EventKind.REPLY_DRAFTED, outcome=outcome, article=info.article)
    _finish(app, actor, "draft_reply", outcome=outcome)
    # Replace an earlier draft reply (drafts are editable, issued letters are not).
    for old in app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT):
        old.delete()
    from gongkai.applications.letters import draft_letter

    draft_letter(app, LetterKind.REPLY, actor=actor)
    return app


@transaction.atomic
def application_review(
    *, application: Application, actor, approve: bool, note: str = "", version=None
) -> Application:
    """审核: approve the draft reply, or send it back to the unit with a note."""
    app = _begin(application, actor, "review", version)
    if not approve and not note.strip():
        raise ApplicationError(_("退回修改须写明意见"))
    _event(
        app, actor, EventKind.REVIEW_APPROVED if approve else EventKind.REVIEW_REJECTED, note=note
    )
    return _finish(app, actor, "review", state=S.REVIEWED if approve else S.IN_PROGRESS)


@transaction.atomic
def application_sign_off(
    *, application: Application, actor, on: datetime.date | None = None, version=None
) -> Application:
    """签发: the reply letter is issued (numbered, dated, frozen as DOCX and PDF)."""
    app = _begin(application, actor, "sign_off", version)
    on = _check_date(app, on, _("签发日期"))
    letter = app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT).last()
    if letter is None:
        raise ApplicationError(_("没有待签发的答复书草稿"))
    from gongkai.applications.letters import issue_letter

    issue_letter(letter, on=on, actor=actor)
    _event(app, actor, EventKind.SIGNED_OFF, on, letter=letter.pk, number=letter.number)
    return _finish(app, actor, "sign_off", number=letter.number)


DELIVERY_METHODS = {
    "direct": _("直接送达"),
    "post": _("邮寄送达"),
    "email": _("电子邮件送达"),
    "online": _("网上送达"),
    "entrusted": _("委托送达"),
}


@transaction.atomic
def application_deliver(
    *,
    application: Application,
    actor,
    method: str,
    on: datetime.date | None = None,
    tracking: str = "",
    version: int | None = None,
) -> Application:
    """送达: the reply reaches (or is posted to) the applicant; this is the reply date."""
    app = _begin(application, actor, "deliver", version)
    if method not in DELIVERY_METHODS:
        raise ApplicationError(_("请选择送达方式"))
    if method == "post" and not tracking.strip():
        raise ApplicationError(_("邮寄送达须填写邮件单号"))
    on = _check_date(app, on, _("送达日期"))
    signed = app.events.filter(kind=EventKind.SIGNED_OFF).order_by("-at").first()
    if signed and on < signed.on:
        raise ApplicationError(_("送达日期不能早于签发日期"))
    app.delivery_method = method
    app.delivered_on = on
    app.postal_tracking = tracking
    _event(
        app, actor, EventKind.DELIVERED, on, method=method, tracking=tracking, outcome=app.outcome
    )
    _finish(app, actor, "deliver")
    reply = app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.ISSUED).last()
    _notify_after_commit("reply", app, reply)
    return app


@transaction.atomic
def application_close(*, application: Application, actor, version=None) -> Application:
    app = _begin(application, actor, "close", version)
    _event(app, actor, EventKind.CLOSED)
    return _finish(app, actor, "close")


@transaction.atomic
def application_withdraw(
    *,
    application: Application,
    actor,
    reason: str = "",
    on: datetime.date | None = None,
    version=None,
) -> Application:
    """The applicant withdraws (counted as 其他处理 in the report)."""
    app = _begin(application, actor, "withdraw", version)
    on = on or case_clock.today()
    if app.received_on and on < app.received_on:
        raise ApplicationError(_("撤回日期不能早于收到申请之日"))
    app.outcome = "result.other.3"
    _event(app, actor, EventKind.WITHDRAWN, on, reason=reason, outcome="result.other.3")
    return _finish(app, actor, "withdraw", message=reason)


@transaction.atomic
def application_reopen(
    *, application: Application, actor, reason: str, version: int | None = None
) -> Application:
    """A supervisor reopens a finished case, with a reason (the outcome is cleared)."""
    app = _begin(application, actor, "reopen", version)
    if not reason.strip():
        raise ApplicationError(_("重新办理须说明理由"))
    app.outcome = ""
    app.reply = {}
    app.delivered_on = None
    _event(app, actor, EventKind.REOPENED, reason=reason)
    return _finish(
        app, actor, "reopen", state=S.IN_PROGRESS if app.unit_id else S.ACCEPTED, message=reason
    )


@transaction.atomic
def application_release_file(
    *, application: Application, actor, file, name: str = "", description: str = ""
) -> ReleasedFile:
    """Attach information provided to the applicant (downloadable on the status page)."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    if not can(actor, "release_file", app):
        raise NotAllowed(_("您没有权限上传提供的信息"))
    released = ReleasedFile.objects.create(
        application=app,
        file=file,
        name=name or getattr(file, "name", "文件"),
        description=description,
        uploaded_by=actor,
    )
    audit_record(
        action="workflow",
        verb="application.release_file",
        obj=app,
        actor=actor,
        changes={"file": released.name},
    )
    return released


# --- letters and notices ------------------------------------------------------------------


class _LetterPreviewed(Exception):
    def __init__(self, text: LetterText):
        self.text = text


class _NothingIssued(Exception):
    pass


_previewing: contextvars.ContextVar[bool] = contextvars.ContextVar("previewing", default=False)


def letter_preview(service, *args, **kwargs) -> LetterText | None:
    """The draft of the letter ``service(*args, **kwargs)`` would issue, with nothing kept.

    The action runs for real (same checks, same numbers and dates) inside a savepoint
    that is always rolled back, so a preview records no event, no letter, no audit
    entry and sends nothing. None when the action issues no letter (e.g. an extension
    refused). Bad input raises the action's own ApplicationError.
    """
    token = _previewing.set(True)
    try:
        with transaction.atomic():
            service(*args, **kwargs)
            raise _NothingIssued
    except _LetterPreviewed as previewed:
        return previewed.text
    except _NothingIssued:
        return None
    finally:
        _previewing.reset(token)


def _draft_and_issue(
    app: Application,
    actor,
    kind: str,
    *,
    on: datetime.date | None = None,
    text: LetterText | None = None,
    **extra,
) -> Letter:
    """Letters that go out as part of an action are drafted from their template, then
    issued in the same transaction as the action's event, dated the action's day. Staff
    shape the draft first through ``letter_preview`` and pass their edited ``text``."""
    from gongkai.applications.letters import draft_letter, issue_letter, update_draft

    letter = draft_letter(app, kind, actor=actor, **extra)
    if _previewing.get():
        raise _LetterPreviewed(LetterText.of(letter))
    if text is not None:
        if not (text.title.strip() and text.recipient.strip() and text.body.strip()):
            raise ApplicationError(_("文书的标题、主送和正文都不能为空"))
        update_draft(letter, title=text.title, recipient=text.recipient, body=text.body)
    issue_letter(letter, on=on or case_clock.today(), actor=actor)
    return letter


def _notify_after_commit(kind: str, app: Application, letter: Letter | None) -> None:
    from gongkai.applications import notices

    pk, letter_pk = app.pk, letter.pk if letter else None
    transaction.on_commit(lambda: notices.send(kind, pk, letter_pk))
