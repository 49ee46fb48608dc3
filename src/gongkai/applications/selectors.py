"""Reads of the applications app: the annual-report counts, worklists, public status.

``report_counts`` is the interface the annual-report builder calls; its
semantics are part of the contract and tested in tests/applications/test_report_counts.py.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Q, QuerySet

from gongkai.agencies.permissions import visible
from gongkai.applications.models import Application, Inquiry, State
from gongkai.rules.outcomes import COLUMNS, RESULT_ROWS_2019, RESULT_ROWS_2021, report_row

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


# --- worklists ----------------------------------------------------------------------


def application_list_visible_to(*, user, filters: dict | None = None) -> QuerySet[Application]:
    """Cases the user may see, filtered (agency, unit, state, channel, applicant_type,
    received_from, received_to, q = tracking number or applicant name)."""
    qs = visible(user, Application).select_related("agency", "unit")
    f = filters or {}
    if f.get("agency"):
        qs = qs.filter(agency_id=f["agency"])
    if f.get("unit"):
        qs = qs.filter(unit_id=f["unit"])
    if f.get("state"):
        if f["state"] == "mine":
            qs = qs.filter(awaiting_q(user))
        elif f["state"] == "open":
            qs = qs.exclude(state__in=[State.CLOSED, State.WITHDRAWN, State.DELIVERED])
        else:
            qs = qs.filter(state=f["state"])
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
        qs = qs.filter(Q(tracking_number__icontains=q) | Q(applicant_name__icontains=q))
    return qs


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
    """Cases waiting for a move by one of the user's roles (signers also: pending extensions)."""
    from gongkai.agencies.permissions import roles_of

    roles = roles_of(user)
    if "agency_admin" in roles or "system_admin" in roles:
        return ~Q(state__in=[State.CLOSED, State.WITHDRAWN])
    q = Q(pk__in=[])
    for role in roles:
        if role in ROLE_STATES:
            q |= Q(state__in=ROLE_STATES[role])
    if "signer" in roles:
        q |= Q(extension_pending=True)
    if "supervisor" in roles:
        q |= Q(clock_state="overdue")
    return q


def risk_of(application: Application, *, today: datetime.date, calendar) -> str:
    """Worklist risk mark: overdue, due3 (≤3 working days), due7 (≤7), unconfirmed, or ''."""
    if application.is_finished:
        return ""
    if application.received_on is None:
        return "unconfirmed"
    due = application.reply_due
    if due is None:
        return ""
    if due < today:
        return "overdue"
    left = calendar.workdays_between(today, due)
    if left <= 3:
        return "due3"
    if left <= 7:
        return "due7"
    return ""


def find_for_applicant(tracking_number: str, query_code: str) -> Application | None:
    """The case matching a tracking number and its query code, or None (constant-ish time)."""
    from gongkai.applications.query_codes import query_code_matches

    app = Application.objects.filter(tracking_number=tracking_number.strip()).first()
    stored = app.query_code_hash if app is not None else ""
    return app if query_code_matches(query_code, stored) and app is not None else None
