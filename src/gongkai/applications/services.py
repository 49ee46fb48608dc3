"""Every change to a case: one function per action (keyword-only, typed, atomic).

Each staff action is declared once with ``@case_action`` (``applications.actions``): its
name, label, form, source and target states, roles and letter sit on the function that
executes it. Each action
1. locks the case and checks the version the actor saw (optimistic concurrency:
   the second of two concurrent actors gets ``ConcurrentModification``);
2. checks permission and state through its declaration (``NotAllowed`` /
   ``InvalidTransition`` with a Chinese message) and the statutory conditions through
   ``rules.procedure`` (one home per rule);
3. appends its ``ApplicationEvent``, recomputes the cached columns from the
   events through ``rules.clock`` (an inconsistent date is refused with the
   clock's message), bumps the version and writes an audit record: all in one
   transaction;
4. sends e-mail and notifications only after commit (``transaction.on_commit``).
"""

import contextvars
import datetime
import logging
import secrets
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Membership, Role, Unit
from gongkai.agencies.permissions import can
from gongkai.applications import clock as case_clock
from gongkai.applications import forms as f
from gongkai.applications.actions import case_action, get
from gongkai.applications.models import (
    CONFIRMATION_CHANNELS,
    FINISHED_STATES,
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
from gongkai.rules import fees, procedure
from gongkai.rules.clock import ClockError, ClockResult
from gongkai.rules.outcomes import OUTCOMES_BY_KEY

S = State
logger = logging.getLogger(__name__)


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

R = Role
_INTAKE = (R.REGISTRAR, R.AGENCY_ADMIN)
_HANDLING = (R.HANDLER, R.AGENCY_ADMIN)
#: Art. 33's "政府信息公开工作机构负责人": the head of the disclosure office, or whoever the
#: agency configures (``extension_approver_ids`` picks among them).
_APPROVING = (R.UNIT_HEAD, R.SIGNER, R.AGENCY_ADMIN)
_STAFF_WORK = (*_INTAKE, R.HANDLER)


def allowed_actions(app: Application, user) -> list[str]:
    """Names of the actions the user may take on the case now (for the case page)."""
    from gongkai.applications.actions import available

    return [action.name for action in available(app, user)]


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
    return agency_settings(agency).pattern_values(year, seq, **extra)


def format_tracking_number(agency: Agency, year: int, seq: int) -> str:
    return agency_settings(agency).tracking_number(year, seq)


LETTER_KIND_CODES = {
    LetterKind.REPLY: "复",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.FEE: "费",
    LetterKind.REASONS: "理",
    LetterKind.DELAY: "迟",
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
    """Lock the case, check version, permission and state (the action's declaration);
    return the fresh row. ``actor`` None is the system (the scheduler), allowed only the
    actions declared ``system=True``."""
    declared = get(action)
    app = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    if version is not None and app.version != version:
        raise ConcurrentModification()
    if actor is None and not declared.system:
        raise NotAllowed(_("该操作须由工作人员办理"))
    if actor is not None and (refused := declared.refused(app, actor)):
        raise NotAllowed(refused)
    if not declared.in_state(app):
        raise InvalidTransition(
            _("案件当前状态为“%(state)s”，不能执行“%(action)s”操作")
            % {"state": app.get_state_display(), "action": declared.label}
        )
    return app


def _refuse(reason: str | None) -> None:
    """Raise the statutory refusal of ``rules.procedure``, if any."""
    if reason:
        raise ApplicationError(reason)


def clock_now(app: Application) -> ClockResult:
    """The case's clock as of today, from its recorded events."""
    try:
        return case_clock.evaluate(app)
    except ClockError as error:
        raise ApplicationError(str(error)) from error


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
    case_clock.store(app, result)
    ended, outcome = case_clock.ended_on(events)
    app.replied_on = ended
    app.replied_year = ended.year if ended else None
    if outcome:
        app.outcome = outcome
    return app


def _finish(
    app: Application, actor, action: str, *, state: str | None = None, message: str = "", **audit
) -> Application:
    target = state or get(action).target or app.state
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
    else:
        # only a signed-for letter brings its received day along; the rules give the rest
        # (in person and oral: the day submitted; the others: the confirmation, Art. 31)
        received_on = None
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
        # handed over at the counter: the receipt carries the query code (never a log line)
        _draft_and_issue(app, actor, LetterKind.RECEIPT, query_code=code)
    from gongkai.applications import notices

    transaction.on_commit(lambda: notices.acknowledgement(app.pk, code))
    return Registered(app, code, True)


@case_action(
    "confirm_receipt",
    label=_("确认收到"),
    form=f.ConfirmReceiptForm,
    sources={S.AWAITING_CONFIRMATION},
    target=S.RECEIVED,
    roles=_INTAKE,
    letter=procedure.LETTERS["confirm_receipt"],
)
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


@case_action(
    "reissue_query_code",
    label=_("重新发放查询码"),
    form=f.VersionForm,
    sources=frozenset(State) - {S.WITHDRAWN, S.AWAITING_CONFIRMATION},
    target=None,
    roles=_INTAKE,
    letter=procedure.LETTERS["register"],
)
@transaction.atomic
def application_reissue_query_code(
    *, application: Application, actor, version: int | None = None, letter_text=None
) -> Application:
    """The applicant lost the query code: a new one replaces it (the old one stops working)
    and a new 登记回执 carrying it is issued. The audit row records that it happened, not
    the code."""
    app = _begin(application, actor, "reissue_query_code", version)
    code = new_query_code()
    app.query_code_hash = query_code_digest(code)
    _event(app, actor, EventKind.NOTE, note=_("重新发放查询码"))
    _finish(app, actor, "reissue_query_code")
    _draft_and_issue(app, actor, LetterKind.RECEIPT, text=letter_text, query_code=code)
    return app


@case_action(
    "accept",
    label=_("受理"),
    form=f.VersionForm,
    sources={S.RECEIVED},
    target=S.ACCEPTED,
    roles=_INTAKE,
)
@transaction.atomic
def application_accept(*, application: Application, actor, version: int | None = None):
    app = _begin(application, actor, "accept", version)
    _event(app, actor, EventKind.ACCEPTED)
    return _finish(app, actor, "accept")


def unit_has_staff(unit: Unit) -> bool:
    """Does someone active work in ``unit`` who could claim a case routed there?"""
    return Membership.objects.filter(
        unit=unit, role__in=[R.HANDLER, R.UNIT_HEAD], user__is_active=True
    ).exists()


@case_action(
    "route",
    label=_("分办"),
    form=f.RouteForm,
    sources={S.RECEIVED, S.ACCEPTED, S.ROUTED},
    target=S.ROUTED,
    roles=_INTAKE,
)
@transaction.atomic
def application_route(
    *, application: Application, actor, unit: Unit, note: str = "", version: int | None = None
):
    """Route the case to a unit (not a person); the unit then claims or returns it."""
    app = _begin(application, actor, "route", version)
    if unit.agency_id != app.agency_id:
        raise ApplicationError(_("承办单位必须是本机关的内设机构"))
    if not unit_has_staff(unit):
        # nobody there could claim it: the case would be left to the agency administrator
        raise ApplicationError(
            _(
                "“%(unit)s”没有在职的承办人或科室负责人，不能分办到该单位；请先为其配置人员，或分办给其他单位"
            )
            % {"unit": unit.name}
        )
    app.unit = unit
    _event(app, actor, EventKind.ROUTED, unit=unit.pk, unit_name=unit.name, note=note)
    return _finish(app, actor, "route", unit=unit.name)


@case_action(
    "claim",
    label=_("签收"),
    form=f.VersionForm,
    sources={S.ROUTED},
    target=S.IN_PROGRESS,
    roles=_HANDLING,
)
@transaction.atomic
def application_claim(*, application: Application, actor, version: int | None = None):
    app = _begin(application, actor, "claim", version)
    _event(app, actor, EventKind.CLAIMED, unit=app.unit_id)
    return _finish(app, actor, "claim")


@case_action(
    "return",
    label=_("退回"),
    form=f.ReasonForm,
    sources={S.ROUTED, S.IN_PROGRESS},
    target=S.ACCEPTED,
    roles=_HANDLING,
)
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


@case_action(
    "request_correction",
    label=_("告知补正"),
    form=f.CorrectionForm,
    sources=_OPEN_WORK,
    target=S.AWAITING_CORRECTION,
    roles=_STAFF_WORK,
    letter=procedure.LETTERS["request_correction"],
)
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
    on = _check_date(app, on, _("告知补正日期"))
    _refuse(procedure.correction_request_refusal(clock_now(app), on))
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


@case_action(
    "record_correction",
    label=_("登记补正"),
    form=f.CorrectionReceivedForm,
    sources={S.AWAITING_CORRECTION},
    target=None,
    roles=_STAFF_WORK,
)
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


@case_action(
    "lapse_correction",
    label=_("逾期未补正"),
    form=f.OnForm,
    sources={S.AWAITING_CORRECTION},
    target=S.CLOSED,
    roles=_STAFF_WORK,
)
@transaction.atomic
def application_lapse_correction(
    *, application: Application, actor, on: datetime.date | None = None, version=None
) -> Application:
    """No correction by the deadline: the application is treated as abandoned (三(六)1)."""
    app = _begin(application, actor, "lapse_correction", version)
    on = on or case_clock.today()
    _refuse(procedure.correction_lapse_refusal(clock_now(app), on))
    app.outcome = "result.other.1"
    _event(app, actor, EventKind.CORRECTION_LAPSED, on, outcome="result.other.1")
    return _finish(app, actor, "lapse_correction")


# --- consultation (Arts. 32, 34) ----------------------------------------------------------


@case_action(
    "open_consultation",
    label=_("征求意见"),
    form=f.ConsultationForm,
    sources={S.IN_PROGRESS, S.CONSULTING},
    target=S.CONSULTING,
    roles=_HANDLING,
    letter=procedure.LETTERS["open_consultation"],
)
@transaction.atomic
def application_open_consultation(
    *,
    application: Application,
    actor,
    party: str,
    party_kind: str = "third_party",
    matter: str = "",
    on: datetime.date | None = None,
    party_received_on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    """Send a 征求意见书 to a third party (Art. 32) or a co-making agency (Art. 34).

    The clock pauses until the opinion arrives, at most until the 15th working day after
    the party received the letter (``party_received_on``, by default the day it is sent:
    hand delivery, fax or e-mail; for post, the day the party signs for it)."""
    app = _begin(application, actor, "open_consultation", version)
    if not party.strip():
        raise ApplicationError(_("请填写被征求意见的第三方或机关名称"))
    on = _check_date(app, on, _("征求意见日期"))
    party_received_on = party_received_on or on
    if party_received_on < on:
        raise ApplicationError(_("对方收到征求意见书的日期不能早于发出日期"))
    _event(
        app,
        actor,
        EventKind.CONSULTATION_SENT,
        on,
        party=party,
        party_kind=party_kind,
        matter=matter,
        party_received_on=party_received_on,
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


@case_action(
    "close_consultation",
    label=_("结束征求意见"),
    form=f.ConsultationCloseForm,
    sources={S.CONSULTING},
    target=None,
    roles=_HANDLING,
)
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


def expired_consultation(app: Application, clock: ClockResult | None = None):
    """The earliest consultation whose 15 working days ran out with no opinion recorded."""
    clock = clock or clock_now(app)
    expired = [w for w in clock.windows if w.kind == "consultation" and w.status == "expired"]
    return expired[0] if expired else None


@case_action(
    "consultation_lapse",
    label=_("征求意见期限届满"),
    form=f.VersionForm,
    sources={S.CONSULTING},
    target=None,
    roles=_HANDLING,
    allowed=lambda app, user: expired_consultation(app) is not None,
    system=True,
)
@transaction.atomic
def application_consultation_lapse(
    *, application: Application, actor=None, version: int | None = None
) -> Application:
    """The consulted party let its 15 working days pass (Arts. 32, 34): the consultation ends
    on its last day and the clock runs again. Art. 32: the agency decides whether to disclose;
    Art. 34: the other agency is taken to agree. Done by the daily job (``actor`` None) or by
    the handler; the consequence is recorded on the event and the handler is told."""
    app = _begin(application, actor, "consultation_lapse", version)
    window = expired_consultation(app)
    if window is None:
        raise InvalidTransition(_("没有已届满而未结束的征求意见"))
    from gongkai.rules.clock import PARTY_KINDS

    consequence = PARTY_KINDS[window.party_kind or "third_party"][1]
    _event(
        app,
        actor,
        EventKind.CONSULTATION_CLOSED,
        window.closes,
        lapsed=True,
        party_kind=window.party_kind,
        consequence=consequence,
    )
    remaining = open_consultations(app)
    _finish(
        app,
        actor,
        "consultation_lapse",
        state=S.CONSULTING if remaining else S.IN_PROGRESS,
        message=consequence,
    )
    _notify_staff_after_commit("consultation_lapsed", app, consequence)
    return app


# --- extension (Art. 33) ------------------------------------------------------------------


def extension_approver_ids(app: Application) -> set[int]:
    """Who may approve an extension (Art. 33: "经政府信息公开工作机构负责人同意") or set an
    Art. 35 delay on ``app``: the person the agency names in its settings, else the head(s)
    of its disclosure office (科室负责人 of ``Agency.disclosure_office``), else its signers and
    agency administrators, else the administrators of the agencies above it, else the system
    administrators. Never the person who asked for the extension: each tier without them is
    tried in turn, so the case is never left without an approver (no deadlock); ``gongkai
    check`` warns of an agency that only the last tier would serve."""
    agency = app.agency
    requested = (
        app.events.filter(kind=EventKind.EXTENSION_REQUESTED)
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
        if app.extension_pending
        else None
    )
    step = Agency.steplen
    reaching = [agency.path[:end] for end in range(step, len(agency.path) + 1, step)]
    members = Membership.objects.filter(agency__path__in=reaching, user__is_active=True)
    own = members.filter(agency=agency)
    configured = agency_settings(agency).extension_approver_id
    tiers = [
        set(own.filter(user_id=configured).values_list("user_id", flat=True))
        if configured
        else set(),
        set(
            own.filter(role=R.UNIT_HEAD, unit_id=agency.disclosure_office_id).values_list(
                "user_id", flat=True
            )
        )
        if agency.disclosure_office_id
        else set(),
        set(own.filter(role__in=[R.SIGNER, R.AGENCY_ADMIN]).values_list("user_id", flat=True)),
        set(members.filter(role=R.AGENCY_ADMIN).values_list("user_id", flat=True)),
        # last resort, so that a case is never stuck: the system administrators
        set(
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(memberships__role=R.SYSTEM_ADMIN))
            .values_list("pk", flat=True)
        ),
    ]
    for tier in tiers:
        tier.discard(requested)
        if tier:
            return tier
    return set()


# --- extension (Art. 33) ------------------------------------------------------------------


@case_action(
    "request_extension",
    label=_("申请延期"),
    form=f.ExtensionRequestForm,
    sources={S.IN_PROGRESS, S.CONSULTING, S.AWAITING_FEE, S.REPLY_DRAFTED},
    target=None,
    roles=_HANDLING,
)
@transaction.atomic
def application_request_extension(
    *, application: Application, actor, reason: str, workdays: int = 20, version=None
) -> Application:
    app = _begin(application, actor, "request_extension", version)
    if not reason.strip():
        raise ApplicationError(_("申请延期须说明理由"))
    if app.extension_pending:
        raise InvalidTransition(_("已有待审批的延期申请"))
    _refuse(procedure.extension_refusal(clock_now(app), workdays, case_clock.today()))
    app.extension_pending = True
    _event(app, actor, EventKind.EXTENSION_REQUESTED, reason=reason, workdays=workdays)
    return _finish(app, actor, "request_extension", message=reason)


@case_action(
    "approve_extension",
    label=_("审批延期"),
    form=f.ExtensionDecideForm,
    sources={S.IN_PROGRESS, S.CONSULTING, S.AWAITING_FEE, S.REPLY_DRAFTED, S.REVIEWED},
    target=None,
    roles=_APPROVING,
    letter=procedure.LETTERS["approve_extension"],
    allowed=lambda app, user: app.extension_pending and user.pk in extension_approver_ids(app),
    refusal=_(
        "延期须经本机关政府信息公开工作机构负责人批准（第三十三条），且不能由申请延期的人本人批准"
    ),
)
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
    request = application.events.filter(kind=EventKind.EXTENSION_REQUESTED).order_by("-at").first()
    if not application.extension_pending or request is None:
        raise InvalidTransition(_("没有待审批的延期申请"))
    app = _begin(application, actor, "approve_extension", version)
    app.extension_pending = False
    if not approve:
        _event(app, actor, EventKind.EXTENSION_REJECTED, note=note)
        return _finish(app, actor, "approve_extension", approved=False)
    on = _check_date(app, on, _("批准延期日期"))
    workdays = int(request.data.get("workdays", 20))
    _refuse(procedure.extension_refusal(clock_now(app), workdays, on))
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


@case_action(
    "fee_notice",
    label=_("收费通知"),
    form=f.FeeNoticeForm,
    sources={S.IN_PROGRESS},
    target=S.AWAITING_FEE,
    roles=_HANDLING,
    letter=procedure.LETTERS["fee_notice"],
)
@transaction.atomic
def application_fee_notice(
    *,
    application: Application,
    actor,
    basis: str,
    quantity: int,
    how_to_pay: str = "",
    delivery: str = "direct",
    on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    """收费通知 (Art. 42; 国办函〔2020〕109号), sent within the reply period.

    按件 charging counts the applicant's earlier applications of the same natural month from
    the records (``selectors.same_applicant_applications``), never a number typed by hand.
    The payment window runs from the day the applicant receives the notice: the day taken
    from ``delivery`` (``rules.fees.notice_received_on``) until the actual day is recorded
    (``application_record_fee_receipt``)."""
    from gongkai.applications.selectors import same_applicant_applications

    app = _begin(application, actor, "fee_notice", version)
    if delivery not in fees.NOTICE_DELIVERY:
        raise ApplicationError(_("请选择收费通知的送达方式"))
    on = _check_date(app, on, _("收费通知日期"))
    _refuse(procedure.fee_notice_refusal(clock_now(app), on))
    earlier = same_applicant_applications(app).month.count()
    try:
        q = fees.quote(basis, quantity, already_this_month=earlier)
    except ValueError as error:
        raise ApplicationError(str(error)) from error
    if q.amount <= 0:
        raise ApplicationError(_("按所选标准计算的信息处理费为0元，无需发出收费通知"))
    received = fees.notice_received_on(on, delivery)
    _event(
        app,
        actor,
        EventKind.FEE_NOTICE,
        on,
        basis=str(q.basis),
        quantity=quantity,
        already_this_month=earlier,
        amount=q.amount,
        explain=q.explain(),
        delivery=delivery,
        received_on=received,
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
        payment_due=clock_now(app).fee_payment_due
        if fees.NOTICE_DELIVERY_DAYS[delivery] == 0
        else None,
        how_to_pay=how_to_pay,
    )
    return app


@case_action(
    "record_fee_receipt",
    label=_("登记收费通知送达"),
    form=f.FeeReceiptForm,
    sources={S.AWAITING_FEE},
    target=None,
    roles=(*_HANDLING, R.REGISTRAR),
)
@transaction.atomic
def application_record_fee_receipt(
    *, application: Application, actor, on: datetime.date | None = None, version=None
) -> Application:
    """The day the applicant received the fee notice (a signed receipt, a confirmation):
    the 20-working-day payment window counts from it (109号)."""
    app = _begin(application, actor, "record_fee_receipt", version)
    notice = app.events.filter(kind=EventKind.FEE_NOTICE).order_by("-at", "-id").first()
    on = _check_date(app, on, _("申请人收到收费通知日期"))
    if on < notice.on:
        raise ApplicationError(_("收到收费通知的日期不能早于发出日期"))
    _event(app, actor, EventKind.FEE_NOTICE_RECEIVED, on)
    return _finish(app, actor, "record_fee_receipt", received_on=on.isoformat())


@case_action(
    "fee_paid",
    label=_("登记缴费"),
    form=f.FeePaidForm,
    sources={S.AWAITING_FEE},
    target=S.IN_PROGRESS,
    roles=(*_HANDLING, R.REGISTRAR),
)
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


@case_action(
    "fee_lapse",
    label=_("逾期未缴费"),
    form=f.OnForm,
    sources={S.AWAITING_FEE},
    target=S.CLOSED,
    roles=(*_HANDLING, R.REGISTRAR),
)
@transaction.atomic
def application_fee_lapse(
    *, application: Application, actor, on: datetime.date | None = None, version=None
):
    """Not paid within 20 working days: treated as abandoned (三(六)2)."""
    app = _begin(application, actor, "fee_lapse", version)
    on = on or case_clock.today()
    _refuse(procedure.fee_lapse_refusal(clock_now(app), on))
    app.outcome = "result.other.2"
    _event(app, actor, EventKind.FEE_LAPSED, on, outcome="result.other.2")
    return _finish(app, actor, "fee_lapse")


# --- Art. 35: manifestly excessive requests -------------------------------------------------


@case_action(
    "request_reasons",
    label=_("要求说明理由"),
    form=f.ReasonsRequestForm,
    sources={S.IN_PROGRESS},
    target=None,
    roles=_HANDLING,
    letter=procedure.LETTERS["request_reasons"],
)
@transaction.atomic
def application_request_reasons(
    *,
    application: Application,
    actor,
    grounds: str,
    deadline: datetime.date,
    on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    """Art. 35: the volume or frequency of the requests is manifestly beyond a reasonable
    range; the applicant is asked to state reasons by ``deadline`` (说明理由通知书). The reply
    clock keeps running (Art. 33 excludes only consultations); a reasonable request whose
    answer needs longer gets a 延迟答复 (``application_set_delay``), an unreasonable one, or
    none given by the deadline, a 不予处理 reply (三(五)4)."""
    app = _begin(application, actor, "request_reasons", version)
    if not grounds.strip():
        raise ApplicationError(_("请说明申请数量、频次明显超过合理范围的情况"))
    on = _check_date(app, on, _("告知日期"))
    _refuse(procedure.reasons_request_refusal(clock_now(app), deadline, on))
    _event(app, actor, EventKind.REASONS_REQUESTED, on, grounds=grounds, deadline=deadline)
    _finish(app, actor, "request_reasons", deadline=deadline.isoformat())
    letter = _draft_and_issue(
        app, actor, LetterKind.REASONS, on=on, text=letter_text, grounds=grounds, deadline=deadline
    )
    _notify_after_commit("reasons", app, letter)
    return app


@case_action(
    "record_reasons",
    label=_("登记申请人说明的理由"),
    form=f.ReasonsReceivedForm,
    sources={S.IN_PROGRESS},
    target=None,
    roles=(*_HANDLING, R.REGISTRAR),
    allowed=lambda app, user: _reasons_window_open(app),
)
@transaction.atomic
def application_record_reasons(
    *,
    application: Application,
    actor,
    content: str,
    reasonable: bool,
    on: datetime.date | None = None,
    version: int | None = None,
) -> Application:
    """The applicant's reasons arrived (Art. 35), with the agency's view of them: reasonable
    (go on; set a 延迟答复 if Art. 33's period is too short) or not (reply 不予处理)."""
    app = _begin(application, actor, "record_reasons", version)
    on = _check_date(app, on, _("收到理由日期"))
    _event(app, actor, EventKind.REASONS_RECEIVED, on, content=content, reasonable=reasonable)
    return _finish(app, actor, "record_reasons", reasonable=reasonable)


def _reasons_window_open(app: Application) -> bool:
    return any(w.kind == "reasons" for w in clock_now(app).windows)


@case_action(
    "set_delay",
    label=_("确定延迟答复"),
    form=f.DelayForm,
    sources={S.IN_PROGRESS, S.CONSULTING, S.AWAITING_FEE, S.REPLY_DRAFTED},
    target=None,
    roles=_APPROVING,
    letter=procedure.LETTERS["set_delay"],
    allowed=lambda app, user: user.pk in extension_approver_ids(app),
    refusal=_("延迟答复由本机关政府信息公开工作机构负责人决定（第三十五条）"),
)
@transaction.atomic
def application_set_delay(
    *,
    application: Application,
    actor,
    due: datetime.date,
    reason: str,
    on: datetime.date | None = None,
    letter_text: LetterText | None = None,
    version: int | None = None,
) -> Application:
    """Art. 35: the reasons are reasonable but Art. 33's period is too short: a reasonable
    later reply date replaces the due date everywhere (延迟答复告知书). Decided by the same
    person who approves extensions (``extension_approver_ids``), our reading [D]."""
    app = _begin(application, actor, "set_delay", version)
    if not reason.strip():
        raise ApplicationError(_("请说明延迟答复的理由"))
    on = _check_date(app, on, _("决定日期"))
    _refuse(procedure.delay_refusal(clock_now(app), due, on))
    _event(app, actor, EventKind.DELAY_SET, on, due=due, reason=reason)
    _finish(app, actor, "set_delay", due=due.isoformat())
    letter = _draft_and_issue(
        app, actor, LetterKind.DELAY, on=on, text=letter_text, due=due, reason=reason
    )
    _notify_after_commit("delay", app, letter)
    return app


# --- reply --------------------------------------------------------------------------------


@case_action(
    "draft_reply",
    label=_("拟写答复"),
    form=f.ReplyForm,
    sources={S.IN_PROGRESS, S.REPLY_DRAFTED},
    target=S.REPLY_DRAFTED,
    roles=_HANDLING,
)
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
    special_law: str = "",
    special_office: str = "",
    responsible_known: bool = False,
    responsible_agency: str = "",
    responsible_contact: str = "",
    version: int | None = None,
) -> Application:
    """Choose the outcome (a table-三 row) and draft the reply letter.

    Partial disclosure (Art. 37) must list each withheld part with its reason;
    不予公开 must state the reason for its legal ground (Arts. 14-16); Art. 36(七) names the
    law and the office to proceed with, Art. 36(五) the responsible agency and its contact
    when it is known (``rules.procedure.reply_missing``).
    """
    app = _begin(application, actor, "draft_reply", version)
    if not outcome:
        raise ApplicationError(_("请选择办理结果"))
    if outcome not in OUTCOMES_BY_KEY:
        raise ApplicationError(_("未知的办理结果"))
    if outcome in ("result.other.1", "result.other.2"):
        raise ApplicationError(_("逾期未补正、逾期未缴费请使用相应的操作办理"))
    reasons_asked = app.events.filter(kind=EventKind.REASONS_REQUESTED).exists()
    _refuse(procedure.outcome_refusal(outcome, reasons_asked=reasons_asked))
    info = OUTCOMES_BY_KEY[outcome]
    withheld = [w for w in (withheld or []) if (w.get("part") or "").strip()]
    if outcome == "result.partial":
        if not withheld:
            raise ApplicationError(_("部分公开须列明不予公开的内容及理由（第三十七条）"))
        for w in withheld:
            if not (w.get("reason") or "").strip():
                raise ApplicationError(_("请说明“%(part)s”不予公开的理由") % {"part": w["part"]})
    if (
        outcome.startswith("result.refuse.")
        and outcome != "result.refuse.8"  # Art. 36(七) is no refusal: reply_missing below
        and not (ground_detail.strip() or text.strip())
    ):
        raise ApplicationError(_("不予公开须说明理由（第三十六条第（三）项）"))
    specifics = {
        "special_law": special_law.strip(),
        "special_office": special_office.strip(),
        "responsible_known": bool(responsible_known),
        "responsible_agency": responsible_agency.strip(),
        "responsible_contact": responsible_contact.strip(),
    }
    missing = procedure.reply_missing(outcome, {**specifics, "text": text})
    if missing:
        raise ApplicationError(missing[0][1])
    app.outcome = outcome
    app.secrecy_cleared = False  # a new draft: its 保密审查 is still to come (Art. 17)
    app.reply = {
        "outcome": outcome,
        "article": info.article,
        "ground": info.ground,
        "ground_detail": ground_detail,
        "withheld": withheld,
        "text": text,
        "how_provided": how_provided,
        **specifics,
    }
    _event(app, actor, EventKind.REPLY_DRAFTED, outcome=outcome, article=info.article)
    _finish(app, actor, "draft_reply", outcome=outcome)
    # Replace an earlier draft reply (drafts are editable, issued letters are not).
    for old in app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT):
        old.delete()
    from gongkai.applications.letters import draft_letter

    draft_letter(app, LetterKind.REPLY, actor=actor)
    return app


@case_action(
    "secrecy_review",
    label=_("保密审查"),
    form=f.SecrecyReviewForm,
    sources={S.REPLY_DRAFTED, S.REVIEWED},
    target=None,
    roles=(R.CONFIDENTIALITY_REVIEWER, R.AGENCY_ADMIN),
    allowed=lambda app, user: (
        procedure.needs_secrecy_review(app.outcome) and not app.secrecy_cleared
    ),
    refusal=_("该答复不提供政府信息，或已通过保密审查"),
)
@transaction.atomic
def application_secrecy_review(
    *,
    application: Application,
    actor,
    passed: bool,
    basis: str,
    note: str = "",
    checked: list[str] | None = None,
    version: int | None = None,
) -> Application:
    """保密审查 of an answer that provides information (Art. 17), before it is signed: the
    reviewer, the day, the basis, the checklist and the result are recorded (with the parts
    withheld and their grounds, Art. 37); a refusal sends the draft back to the handler."""
    from gongkai.rules.procedure import SECRECY_CHECKLIST

    app = _begin(application, actor, "secrecy_review", version)
    checked = list(checked or [])
    if passed and set(checked) != {key for key, _label in SECRECY_CHECKLIST}:
        raise ApplicationError(_("同意提供前须逐项确认审查事项"))
    if not passed and not note.strip():
        raise ApplicationError(_("不同意的，请写明审查意见"))
    if not basis.strip():
        raise ApplicationError(_("请写明审查依据"))
    reply = app.reply or {}
    _event(
        app,
        actor,
        EventKind.SECRECY_REVIEWED,
        passed=passed,
        basis=basis,
        note=note,
        checked=checked,
        outcome=app.outcome,
        withheld=reply.get("withheld", []),
        released=list(app.released_files.values_list("name", flat=True)),
    )
    app.secrecy_cleared = passed
    return _finish(
        app,
        actor,
        "secrecy_review",
        state=None if passed else S.IN_PROGRESS,
        passed=passed,
        message=note,
    )


@case_action(
    "review",
    label=_("审核"),
    form=f.ReviewForm,
    sources={S.REPLY_DRAFTED},
    target=None,
    roles=(R.REVIEWER, R.AGENCY_ADMIN),
)
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


@case_action(
    "sign_off",
    label=_("签发"),
    form=f.OnForm,
    sources={S.REVIEWED},
    target=S.SIGNED,
    roles=(R.SIGNER, R.AGENCY_ADMIN),
    letter=procedure.LETTERS["sign_off"],
)
@transaction.atomic
def application_sign_off(
    *, application: Application, actor, on: datetime.date | None = None, version=None
) -> Application:
    """签发: the reply letter is issued (numbered, dated, frozen as DOCX and PDF)."""
    app = _begin(application, actor, "sign_off", version)
    _refuse(procedure.release_refusal(app.outcome, cleared=app.secrecy_cleared))
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


@case_action(
    "deliver",
    label=_("送达"),
    form=f.DeliverForm,
    sources={S.SIGNED},
    target=S.DELIVERED,
    roles=_STAFF_WORK,
)
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


@case_action(
    "close",
    label=_("办结归档"),
    form=f.VersionForm,
    sources={S.DELIVERED},
    target=S.CLOSED,
    roles=_STAFF_WORK,
)
@transaction.atomic
def application_close(*, application: Application, actor, version=None) -> Application:
    app = _begin(application, actor, "close", version)
    _event(app, actor, EventKind.CLOSED)
    return _finish(app, actor, "close")


@case_action(
    "withdraw",
    label=_("撤回"),
    form=f.WithdrawForm,
    sources=_ALL_OPEN,
    target=S.WITHDRAWN,
    roles=_STAFF_WORK,
)
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


@case_action(
    "reopen",
    label=_("重新办理"),
    form=f.ReasonForm,
    sources={S.DELIVERED, S.CLOSED, S.WITHDRAWN},
    target=None,
    roles=(R.SUPERVISOR, R.AGENCY_ADMIN),
)
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
    app.secrecy_cleared = False
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


def _notify_staff_after_commit(kind: str, app: Application, text: str) -> None:
    """Tell the staff who work the case (a notification and an e-mail), after commit."""
    from gongkai.applications import reminders

    pk = app.pk
    transaction.on_commit(lambda: reminders.notify_case_staff(pk, kind, text))


# --- the stored clock dates follow the calendar -------------------------------------------

_CLOCK_COLUMNS = (
    "received_on",
    "received_year",
    "correction_notice_due",
    "reply_due",
    "provisional",
    "correction_deadline",
    "pause_from",
    "pause_until",
    "next_window_closes",
)


@dataclass(frozen=True)
class Recomputed:
    application: Application
    old_due: datetime.date | None
    new_due: datetime.date | None


def recompute_open_cases(*, reason: str, actor=None, notify: bool = True) -> list[Recomputed]:
    """Recompute the stored clock dates of every open case from its events and the current
    working-day calendar (after a schedule is imported or a day edited, and daily as a check).

    Each case whose dates change gets an audit row (``application.recompute``, with the old
    and new due date and ``reason``); when its due date moved, the people who work it are
    told (a notice and an e-mail). Returns the changed cases."""
    from gongkai.workdays import calendar

    cal = calendar()
    changed: list[Recomputed] = []
    open_cases = (
        Application.objects.exclude(state__in=FINISHED_STATES)
        .select_related("agency")
        .prefetch_related("events")
    )
    for app in open_cases.iterator(chunk_size=500):
        events = sorted(app.events.all(), key=lambda e: (e.at, e.pk))
        before = {name: getattr(app, name) for name in _CLOCK_COLUMNS}
        try:
            result = case_clock.evaluate(app, events, calendar=cal)
        except ClockError as error:  # recorded events no longer consistent: say so, go on
            logger.warning("clock of %s not recomputed: %s", app, error)
            continue
        case_clock.store(app, result)
        after = {name: getattr(app, name) for name in _CLOCK_COLUMNS}
        if after == before:
            continue
        with transaction.atomic():
            Application.objects.filter(pk=app.pk).update(**after)
            audit_record(
                action="workflow",
                verb="application.recompute",
                obj=app,
                actor=actor,
                changes={
                    name: [
                        v.isoformat() if isinstance(v, datetime.date) else v,
                        after[name].isoformat()
                        if isinstance(after[name], datetime.date)
                        else after[name],
                    ]
                    for name, v in before.items()
                    if after[name] != v
                },
                message=reason,
            )
        changed.append(Recomputed(app, before["reply_due"], after["reply_due"]))
        if notify and before["reply_due"] != after["reply_due"] and after["reply_due"]:
            text = _("答复期限由 %(old)s 调整为 %(new)s（%(reason)s）") % {
                "old": before["reply_due"] or "—",
                "new": after["reply_due"],
                "reason": reason,
            }
            _notify_staff_after_commit("due_moved", app, text)
    return changed
