"""Reads of the registers: yearly Art. 20 counts, table-四 case counts and open answer deadlines."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, Q, Sum, Value, When

from gongkai.registers.models import (
    DECISION_ITEMS,
    DOCUMENT_ITEMS,
    Art20Count,
    Art20Item,
    Art20Record,
    ReviewCase,
)

NUMBER_FIELDS = (
    "issued",
    "published",
    "repealed",
    "in_force",
    "published_total",
    "items_last_year",
    "items_change",
    "decisions",
    "projects",
    "amount",
)

#: Table 四 column order: three groups (复议, 直接起诉, 复议后起诉) × (维持, 纠正, 其他, 尚未审结, 总计).
REVIEW_GROUPS = (
    ReviewCase.Kind.RECONSIDERATION,
    ReviewCase.Kind.LITIGATION_DIRECT,
    ReviewCase.Kind.LITIGATION_AFTER,
)
REVIEW_RESULTS = (
    ReviewCase.Result.UPHELD,
    ReviewCase.Result.CORRECTED,
    ReviewCase.Result.OTHER,
    ReviewCase.Result.PENDING,
)


def _zero() -> dict:
    return {f: (Decimal("0") if f == "amount" else 0) for f in NUMBER_FIELDS}


def _overrides(agency_ids: list[int], year: int) -> list[Art20Count]:
    return list(
        Art20Count.objects.filter(agency_id__in=agency_ids, year=year).select_related("agency")
    )


def _record_counts(agency_ids: list[int], year: int, skip: set[tuple[int, str]]) -> dict:
    """Each item's numbers counted from ``Art20Record`` rows (one GROUP BY over items),
    leaving out the (agency, item) pairs in ``skip`` (overridden by hand)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    standing = Q(decided_on__isnull=True, issued_on__isnull=False)  # documents and matters
    qs = Art20Record.objects.filter(agency_id__in=agency_ids)
    for agency_id, item in skip:
        qs = qs.exclude(agency_id=agency_id, kind=item)
    rows = (
        qs.values("kind")
        .annotate(
            n_issued=Count("id", filter=standing & Q(issued_on__range=(start, end))),
            n_repealed=Count("id", filter=standing & Q(repealed_on__range=(start, end))),
            n_in_force=Count(
                "id",
                filter=standing
                & Q(issued_on__lte=end)
                & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end)),
            ),
            n_last_year=Count(
                "id",
                filter=standing
                & Q(issued_on__lt=start)
                & (Q(repealed_on__isnull=True) | Q(repealed_on__gte=start)),
            ),
            n_dated=Count("id", filter=Q(decided_on__range=(start, end))),
            total=Sum("amount", filter=Q(decided_on__range=(start, end))),
        )
        .order_by()
    )
    out: dict[str, dict] = {}
    for row in rows:
        kind = row["kind"]
        entry = _zero()
        if kind in DOCUMENT_ITEMS:
            entry.update(
                issued=row["n_issued"],
                published=row["n_issued"],
                repealed=row["n_repealed"],
                in_force=row["n_in_force"],
                published_total=row["n_in_force"],
            )
        elif kind == Art20Item.PROCUREMENT:
            entry.update(projects=row["n_dated"], amount=row["total"] or Decimal("0"))
        else:
            entry.update(
                items_last_year=row["n_last_year"],
                items_change=row["n_issued"] - row["n_repealed"],
            )
            if kind in DECISION_ITEMS:
                entry["decisions"] = row["n_dated"]
            else:  # 行政事业性收费
                entry["amount"] = row["total"] or Decimal("0")
        out[kind] = entry
    return out


def art20_counts(agency_ids: Iterable[int], year: int) -> dict[str, dict]:
    """Every Art. 20 item's numbers for the year, summed over ``agency_ids`` (two queries).

    Per agency and item: a hand-entered override (``Art20Count``) when there is one for
    the year, else the counts of its ``Art20Record`` rows. Each entry also carries
    ``entered`` (some agency has an override or records for the item) and ``overrides``
    (``[(agency name, reason)]`` of the overrides used), so the report can say which
    figures were entered by hand and the builder can fall back to catalogue-derived
    counts for agencies that keep no register of an item.
    """
    ids = list(agency_ids)
    result = {item.value: {**_zero(), "entered": False, "overrides": []} for item in Art20Item}
    overrides = _overrides(ids, year)
    skip = {(row.agency_id, row.item) for row in overrides}
    for row in overrides:
        entry = result[row.item]
        for f in NUMBER_FIELDS:
            entry[f] += getattr(row, f)
        entry["entered"] = True
        entry["overrides"].append((row.agency.name, row.reason))
    for item, counts in _record_counts(ids, year, skip).items():
        entry = result[item]
        for f in NUMBER_FIELDS:
            entry[f] += counts[f]
        entry["entered"] = True
    for entry in result.values():
        entry["overrides"].sort()
    return result


def review_counts(agency_ids: Iterable[int], year: int) -> list[int]:
    """Table 四's 15 numbers: cases filed in ``year``, results as they stood on 31 December.

    One GROUP BY over (kind, result as of 31 December).
    """
    end = datetime.date(year, 12, 31)
    decided = Q(decided_date__isnull=False, decided_date__lte=end) & ~Q(
        result=ReviewCase.Result.PENDING
    )
    by_key: dict[tuple[str, str], int] = {}
    rows = (
        ReviewCase.objects.filter(agency_id__in=list(agency_ids), filed_date__year=year)
        .annotate(
            result_then=Case(
                When(decided, then=F("result")), default=Value(ReviewCase.Result.PENDING.value)
            )
        )
        .values_list("kind", "result_then")
        .annotate(n=Count("*"))
        .order_by()
    )
    for kind, result, n in rows:
        by_key[(kind, result)] = by_key.get((kind, result), 0) + n
    numbers: list[int] = []
    for kind in REVIEW_GROUPS:
        group = [by_key.get((kind.value, r.value), 0) for r in REVIEW_RESULTS]
        numbers.extend([*group, sum(group)])
    return numbers


def entered_agencies(agency_ids: Iterable[int], year: int, items: Iterable[str]) -> dict[str, set]:
    """For each item, the agencies among ``agency_ids`` that keep it: an override for the
    year or any register record of the item."""
    ids = list(agency_ids)
    out: dict[str, set] = {item: set() for item in items}
    rows = Art20Count.objects.filter(agency_id__in=ids, year=year, item__in=list(out)).values_list(
        "item", "agency_id"
    )
    records = (
        Art20Record.objects.filter(agency_id__in=ids, kind__in=list(out))
        .values_list("kind", "agency_id")
        .distinct()
        .order_by()
    )
    for item, agency_id in [*rows, *records]:
        out[item].add(agency_id)
    return out


@dataclass(frozen=True)
class OpenDeadline:
    """An answer (书面答复 / 答辩状) not yet submitted, with its statutory last day."""

    case: ReviewCase
    #: ``rules.review_deadlines`` rule key: reconsideration, reconsideration_simple, litigation.
    kind: str
    due: datetime.date
    overdue: bool
    article: str


def open_deadlines(day: datetime.date, agency_ids: Iterable[int] | None = None) -> list:
    """The answer deadlines open on ``day``: cases whose copy was received and whose answer
    is not recorded, undecided on ``day``; ordered by due day. ``overdue`` when ``day`` is
    past the last day."""
    from gongkai.workdays import calendar

    cal = calendar()
    qs = (
        ReviewCase.objects.filter(
            copy_received_on__isnull=False, copy_received_on__lte=day, answered_on__isnull=True
        )
        .filter(Q(decided_date__isnull=True) | Q(decided_date__gt=day))
        .select_related("agency")
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    out = []
    for case in qs:
        rule = case.answer_rule()
        due = case.answer_due(cal)
        out.append(
            OpenDeadline(case=case, kind=rule.key, due=due, overdue=day > due, article=rule.article)
        )
    out.sort(key=lambda d: (d.due, d.case.pk))
    return out
