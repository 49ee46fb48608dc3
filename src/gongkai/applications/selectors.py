"""Reads of the applications app: the annual-report counts, worklists, public status.

``report_counts`` is the interface the annual-report builder calls; its
semantics are part of the contract and tested in tests/applications/test_report_counts.py.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.permissions import visible
from gongkai.applications.models import FINISHED_STATES, Application, Inquiry, State
from gongkai.rules.outcomes import (
    COLUMNS,
    OUTCOMES,
    RESULT_ROWS_2019,
    RESULT_ROWS_2021,
    report_row,
)
from gongkai.rules.procedure import needs_secrecy_review
from gongkai.rules.tracking import TrackingNumberError, parse_tracking_number, prefix_matches

_COLUMN_INDEX = {t.value: i for i, t in enumerate(COLUMNS)}
#: Cases not answered in the year they were received in (the partial index's predicate).
CARRY_Q = Q(replied_year__isnull=True) | Q(replied_year__gt=F("received_year"))


def report_rows(report_format: str) -> tuple[str, ...]:
    """Row keys ``report_counts`` returns for a format, in printed order."""
    results = RESULT_ROWS_2019 if report_format == "2019" else RESULT_ROWS_2021
    return ("new", "carried_in", *results, "result.total", "carried_out")


def report_counts(agency_ids: Iterable[int], year: int, report_format: str) -> dict[str, list[int]]:
    """Table 三 of the annual report for ``agency_ids`` and ``year``, counted from the cases.

    Returns ``{row_key: [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计]}`` for
    every row of ``report_rows(report_format)``: ``new``, ``carried_in``, each ``result.*``
    row of the format, ``result.total`` and ``carried_out`` (all zeros when there are
    no cases). The column is the case's ``applicant_type``.

    A case counts from its *received date* (Art. 31: the day submitted, signed for, or
    confirmed; cases still awaiting confirmation have none and are not counted) and its
    *reply date* (the day the outcome took effect: delivery of the reply, or the day
    the case ended by lapse of correction or fee, or withdrawal). Both are cached on the
    row from the event log after every action. For year Y:

    - ``new``: received in Y.
    - ``carried_in``: received before Jan 1 of Y and not replied by Dec 31 of Y-1
      (no reply date, or a reply date in Y or later).
    - ``result.<row>``: replied in Y, in the row ``rules.outcomes.report_row(outcome,
      report_format)`` (Art. 36(一) counts as 予以公开, 36(五) as 无法提供 1; the 2019 format
      folds 其他处理 into ``result.other``). ``result.total`` sums them.
    - ``carried_out``: received on or before Dec 31 of Y and not replied by Dec 31 of Y.

    So ``new + carried_in == result.total + carried_out`` in every column. One SQL
    statement: two GROUP BYs joined by UNION ALL, each an index-only read (the cases
    received in the year from the covering index (agency, received_year, replied_year,
    applicant_type, outcome); the carry-overs from a partial index of the same columns
    over cases not answered in their own year), ``Count('*')``, pivoted in Python.
    """
    rows = report_rows(report_format)
    counts = {key: [0] * 7 for key in rows}
    ids = list(agency_ids)
    base = (
        Application.objects.filter(agency_id__in=ids)
        .values_list("applicant_type", "outcome", "received_year", "replied_year")
        .annotate(n=Count("*"))
        .order_by()
    )
    # Received in the year (one equality range of the covering index) ...
    received = base.filter(received_year=year)
    # ... plus the carry-overs from earlier years, read from the partial index of cases
    # answered after the year they were received in (its predicate repeated so the
    # planner may use it).
    carried = base.filter(
        CARRY_Q,
        received_year__lt=year,
    ).filter(Q(replied_year__isnull=True) | Q(replied_year__gte=year))
    groups = received.union(carried, all=True)
    for applicant_type, outcome, received_year, replied_year, n in groups:
        col = _COLUMN_INDEX[applicant_type]
        if received_year == year:
            counts["new"][col] += n
        else:
            counts["carried_in"][col] += n
        if replied_year == year and outcome:
            key = report_row(outcome, report_format)
            counts[key][col] += n
            counts["result.total"][col] += n
        else:
            counts["carried_out"][col] += n
    for values in counts.values():
        values[6] = sum(values[:6])
    return counts


def inquiry_counts(agency_ids: Iterable[int], year: int) -> dict[str, int]:
    """Inquiries (咨询) of the year by channel, plus ``total`` and ``answered`` (for the narrative)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = Inquiry.objects.filter(agency_id__in=list(agency_ids), received_on__range=(start, end))
    out = {
        row["channel"]: row["n"] for row in qs.values("channel").annotate(n=Count("*")).order_by()
    }
    out["total"] = sum(out.values())
    out["answered"] = qs.filter(status=Inquiry.Status.ANSWERED).count()
    return out


# --- the live clock --------------------------------------------------------------------
#
# Whether a case is overdue, due soon or paused depends on the day it is read. It is never
# stored: it is computed here, at read time, from dates on the row that do not depend on
# that day (``applications.clock.store``: the reply due date, the 补正 deadline, the open
# pause and the next closing period, all derived from the events by ``rules.clock``). So
# every list, filter, count, digest and the API agree on any date without any write;
# ``tests/applications/test_live_clock.py`` checks the query against ``rules.clock`` itself.

OPEN_Q = ~Q(state__in=FINISHED_STATES)

#: The live clock states (``live_clock`` annotation) and their labels.
LIVE_STATES = {
    "not_started": _("未开始计时"),
    "running": _("办理中"),
    "due_soon": _("即将到期"),
    "paused": _("暂停计时"),
    "awaiting_correction": _("等待补正"),
    "correction_lapsed": _("补正期限已过"),
    "overdue": _("已逾期"),
    "finished": _("已办结"),
}
#: The worklist's 时限 filter: live states, plus cases with a period closing soon or past.
RISK_FILTERS = {
    "overdue": _("已逾期"),
    "due_soon": _("即将到期"),
    "window": _("补正、征求意见、缴费等期限即将届满或已届满"),
    "paused": _("暂停计时"),
    "awaiting_correction": _("等待补正"),
    "correction_lapsed": _("补正期限已过"),
    "not_started": _("未开始计时（待确认收到）"),
}


@dataclass(frozen=True)
class ClockDay:
    """The day the clock is read and the last day counted as "due soon"."""

    today: datetime.date
    soon: datetime.date  # the ``workdays``-th working day after today

    @classmethod
    def of(cls, today: datetime.date | None = None, workdays: int = 3) -> "ClockDay":
        from gongkai.workdays import calendar

        today = today or timezone.localdate()
        return cls(today, calendar().add_workdays(today, workdays))


def live_clock(day: ClockDay) -> Case:
    """The SQL expression of a case's clock state on ``day.today`` (``LIVE_STATES``).

    The same decision as ``rules.clock.compute(...).state`` on the stored dates:
    finished → not started (no received date) → awaiting 补正 (its deadline passed: lapsed)
    → overdue (past the due date) → paused (inside the open pause) → due soon → running."""
    return Case(
        When(state__in=FINISHED_STATES, then=Value("finished")),
        When(received_on__isnull=True, then=Value("not_started")),
        When(
            state=State.AWAITING_CORRECTION,
            correction_deadline__lt=day.today,
            then=Value("correction_lapsed"),
        ),
        When(state=State.AWAITING_CORRECTION, then=Value("awaiting_correction")),
        When(reply_due__lt=day.today, then=Value("overdue")),
        When(pause_from__lte=day.today, pause_until__gte=day.today, then=Value("paused")),
        When(reply_due__lte=day.soon, then=Value("due_soon")),
        default=Value("running"),
        output_field=CharField(),
    )


def with_live_clock(qs: QuerySet[Application], day: ClockDay | None = None) -> QuerySet:
    """``qs`` annotated with ``live_clock`` (a ``LIVE_STATES`` key) as of ``day``."""
    return qs.annotate(live_clock=live_clock(day or ClockDay.of()))


def risk_q(risk: str, day: ClockDay) -> Q:
    """The cases of one 时限 filter (``RISK_FILTERS``) on ``day``: a plain WHERE clause that
    the partial index of open cases by due date serves."""
    if risk == "overdue":
        return OPEN_Q & Q(reply_due__lt=day.today)
    if risk == "due_soon":
        return (
            OPEN_Q
            & Q(reply_due__gte=day.today, reply_due__lte=day.soon)
            & ~(Q(state=State.AWAITING_CORRECTION))
        )
    if risk == "window":
        return OPEN_Q & Q(next_window_closes__lte=day.soon)
    if risk == "paused":
        return (
            OPEN_Q
            & Q(pause_from__lte=day.today, pause_until__gte=day.today, reply_due__gte=day.today)
            & ~Q(state=State.AWAITING_CORRECTION)
        )
    if risk == "awaiting_correction":
        return Q(state=State.AWAITING_CORRECTION, correction_deadline__gte=day.today)
    if risk == "correction_lapsed":
        return Q(state=State.AWAITING_CORRECTION, correction_deadline__lt=day.today)
    if risk == "not_started":
        return OPEN_Q & Q(received_on__isnull=True)
    raise ValueError(f"unknown risk filter {risk!r}")


# --- worklists ----------------------------------------------------------------------


def application_list_visible_to(
    *, user, filters: dict | None = None, day: ClockDay | None = None
) -> QuerySet[Application]:
    """Cases the user may see, filtered (agency, unit, state, risk, channel, applicant_type,
    received_from, received_to, q = tracking number or applicant name), with their live
    clock state (``live_clock``) as of ``day`` (today). Every list and every count of cases
    (worklist, dashboard, digests, API) comes from here, so a count always matches the list
    it links to."""
    day = day or ClockDay.of()
    qs = with_live_clock(visible(user, Application).select_related("agency", "unit"), day)
    f = filters or {}
    if f.get("agency"):
        qs = qs.filter(agency_id=f["agency"])
    if f.get("unit"):
        qs = qs.filter(unit_id=f["unit"])
    if f.get("state"):
        if f["state"] == "mine":
            qs = qs.filter(awaiting_q(user))
        elif f["state"] == "open":
            qs = qs.filter(OPEN_Q)
        else:
            qs = qs.filter(state=f["state"])
    if f.get("risk"):
        qs = qs.filter(risk_q(f["risk"], day))
    if f.get("channel"):
        qs = qs.filter(channel=f["channel"])
    if f.get("applicant_type"):
        qs = qs.filter(applicant_type=f["applicant_type"])
    if f.get("received_from"):
        qs = qs.filter(received_on__gte=f["received_from"])
    if f.get("received_to"):
        qs = qs.filter(received_on__lte=f["received_to"])
    if f.get("q"):
        q = f["q"].strip()
        match = Q(tracking_number__icontains=q) | Q(applicant_name__icontains=q)
        try:
            match |= Q(tracking_number__in=canonical_tracking_numbers(q))
        except TrackingNumberError:
            pass  # a name or part of a number
        qs = qs.filter(match)
    return qs


#: Outcomes whose reply passes a 保密审查 before it is signed (``rules.procedure``).
SECRECY_OUTCOMES = [o.key for o in OUTCOMES if needs_secrecy_review(o.key)]

#: States in which each role has the next move (the "待我办理" worklist).
ROLE_STATES: dict[str, tuple[str, ...]] = {
    "registrar": (
        State.AWAITING_CONFIRMATION,
        State.RECEIVED,
        State.ACCEPTED,
        State.AWAITING_CORRECTION,
        State.SIGNED,
        State.DELIVERED,
    ),
    "handler": (State.ROUTED, State.IN_PROGRESS, State.CONSULTING, State.AWAITING_FEE),
    "reviewer": (State.REPLY_DRAFTED,),
    "signer": (State.REVIEWED,),
}


def awaiting_q(user) -> Q:
    """Cases waiting for a move by the user (the "待我办理" list): by each of their roles'
    states (unit roles on their own unit's cases, through ``visible``); an extension or an
    Art. 35 delay waiting for them as its approver; for the supervising office, the
    overdue cases it oversees."""
    from gongkai.agencies.permissions import roles_of

    roles = roles_of(user)
    if "agency_admin" in roles or "system_admin" in roles:
        return OPEN_Q
    q = Q(pk__in=[])
    for role in roles:
        if role in ROLE_STATES:
            q |= Q(state__in=ROLE_STATES[role])
    if "confidentiality_reviewer" in roles:
        q |= Q(
            state__in=[State.REPLY_DRAFTED, State.REVIEWED],
            outcome__in=SECRECY_OUTCOMES,
            secrecy_cleared=False,
        )
    if roles & {"signer", "unit_head", "agency_admin"}:
        q |= Q(pk__in=pending_approvals_for(user))
    if "supervisor" in roles:
        q |= OPEN_Q & Q(reply_due__lt=timezone.localdate())
    return q


def pending_approvals_for(user) -> list[int]:
    """Ids of the cases whose pending extension ``user`` is the one to approve (Art. 33)."""
    from gongkai.applications.services import extension_approver_ids

    pending = visible(user, Application, "approve_extension").filter(extension_pending=True)
    return [
        app.pk for app in pending.select_related("agency") if user.pk in extension_approver_ids(app)
    ]


@dataclass(frozen=True)
class SameApplicant:
    """The applicant's other applications received before this one (same person or
    organisation, by identity number or 统一社会信用代码), in the same natural month and
    quarter: what 按件 charging counts (国办函〔2020〕109号)."""

    month: QuerySet
    quarter: QuerySet


def same_applicant_applications(app: Application) -> SameApplicant:
    received = app.received_on or app.submitted_on
    if app.credit_code:
        who = Q(credit_code=app.credit_code)
    elif app.id_number:
        who = Q(id_number=app.id_number, id_type=app.id_type)
    else:
        none = Application.objects.none()
        return SameApplicant(none, none)
    base = (
        Application.objects.filter(who, agency_id=app.agency_id)
        .exclude(pk=app.pk)
        .filter(Q(received_on__lt=received) | Q(received_on=received, pk__lt=app.pk))
        .order_by("received_on", "pk")
    )
    month_start = received.replace(day=1)
    quarter_start = received.replace(month=3 * ((received.month - 1) // 3) + 1, day=1)
    return SameApplicant(
        base.filter(received_on__gte=month_start), base.filter(received_on__gte=quarter_start)
    )


def canonical_tracking_numbers(text: str) -> list[str]:
    """The printed tracking numbers a typed one can mean: the one place that reads what people
    type (``rules.tracking``: ``(2026)8``, ``［2026］第8号``, ``2026-8``, full-width digits) and
    formats it with each agency's pattern (``AgencyApplicationSettings.tracking_number``).

    One number per agency whose prefix (short name, letter code or the pattern's own prefix)
    matches the typed one, or per agency when none is typed. A text already equal to a
    stored number (an imported case numbered in another form) is returned as it is.
    Raises ``rules.tracking.TrackingNumberError`` (a Chinese message naming the wrong part).
    """
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import AgencyApplicationSettings

    typed = (text or "").strip()
    try:
        parsed = parse_tracking_number(typed)
    except TrackingNumberError:
        if typed and Application.objects.filter(tracking_number=typed).exists():
            return [typed]
        raise
    confs = {c.agency_id: c for c in AgencyApplicationSettings.objects.all()}
    numbers = [typed] if typed else []
    for agency in Agency.objects.all():
        conf = confs.get(agency.pk) or AgencyApplicationSettings(agency=agency)
        conf.agency = agency
        try:
            number = conf.tracking_number(parsed.year, parsed.seq)
        except (KeyError, ValueError, IndexError):  # a pattern this reading cannot print
            continue
        try:
            own_prefix = parse_tracking_number(conf.tracking_number(parsed.year, 1)).prefix
        except TrackingNumberError:
            own_prefix = ""
        names = (own_prefix, agency.display_short_name, conf.pattern_values(0, 0)["code"])
        if prefix_matches(parsed.prefix, *names) and number not in numbers:
            numbers.append(number)
    return numbers


def find_for_applicant(tracking_number: str, query_code: str) -> Application | None:
    """The case matching a tracking number (as typed: ``canonical_tracking_numbers``) and its
    query code, or None (constant-ish time)."""
    from gongkai.applications.query_codes import query_code_matches

    try:
        numbers = canonical_tracking_numbers(tracking_number)
    except TrackingNumberError:
        numbers = []
    found = None
    for app in Application.objects.filter(tracking_number__in=numbers).order_by("pk")[:20]:
        if query_code_matches(query_code, app.query_code_hash) and found is None:
            found = app
    if found is None:
        query_code_matches(query_code, "")  # same work when nothing matches
    return found


# --- figures --------------------------------------------------------------------------------

#: Answered on time: answered (a reply date) by its due date (Art. 33, or an Art. 35 delay).
ON_TIME_Q = Q(replied_on__isnull=False, reply_due__isnull=False, replied_on__lte=F("reply_due"))


def monthly_figures(agency_ids: Iterable[int], since: datetime.date) -> dict:
    """Per (year, month) from ``since``: cases received, and cases answered with a due date
    and how many of them on time (``ON_TIME_Q``), for the dashboard's charts."""
    ids = list(agency_ids)
    received: dict[tuple[int, int], int] = {}
    for day in Application.objects.filter(agency_id__in=ids, received_on__gte=since).values_list(
        "received_on", flat=True
    ):
        key = (day.year, day.month)
        received[key] = received.get(key, 0) + 1
    answered: dict[tuple[int, int], list[int]] = {}
    rows = (
        Application.objects.filter(
            agency_id__in=ids, replied_on__gte=since, reply_due__isnull=False
        )
        .annotate(on_time=Case(When(ON_TIME_Q, then=Value(1)), default=Value(0)))
        .values_list("replied_on", "on_time")
    )
    for day, on_time in rows:
        cell = answered.setdefault((day.year, day.month), [0, 0])
        cell[0] += 1
        cell[1] += on_time
    return {"received": received, "answered": answered}


def outcome_mix(agency_ids: Iterable[int], year: int) -> list[tuple[str, int]]:
    """(outcome label, cases) answered in ``year``, most frequent first."""
    labels = dict(Application._meta.get_field("outcome").choices)
    rows = (
        Application.objects.filter(agency_id__in=list(agency_ids), replied_year=year)
        .exclude(outcome="")
        .values("outcome")
        .annotate(n=Count("*"))
        .order_by("-n", "outcome")
    )
    return [(str(labels.get(r["outcome"], r["outcome"])), r["n"]) for r in rows]
