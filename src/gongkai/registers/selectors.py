"""Reads of the registers: yearly Art. 20 counts and table-四 case counts, summed over agencies."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Case, Count, F, Q, Sum, Value, When

from gongkai.registers.models import Art20Count, Art20Item, ReviewCase

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


def art20_counts(agency_ids: Iterable[int], year: int) -> dict[str, dict]:
    """Every Art. 20 item's numbers for the year, summed over ``agency_ids`` (one query).

    Items with no register row are present with zeros and ``entered`` False, so the
    builder can fall back to catalogue-derived counts for them.
    """
    result = {item.value: {**_zero(), "entered": False} for item in Art20Item}
    rows = (
        Art20Count.objects.filter(agency_id__in=list(agency_ids), year=year)
        .values("item")
        .annotate(**{f: Sum(f) for f in NUMBER_FIELDS})
    )
    for row in rows:
        entry = result[row["item"]]
        for f in NUMBER_FIELDS:
            entry[f] = row[f] if row[f] is not None else entry[f]
        entry["entered"] = True
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
    """For each item, the agencies among ``agency_ids`` that entered a register row for the year."""
    out: dict[str, set] = {item: set() for item in items}
    rows = Art20Count.objects.filter(
        agency_id__in=list(agency_ids), year=year, item__in=list(out)
    ).values_list("item", "agency_id")
    for item, agency_id in rows:
        out[item].add(agency_id)
    return out
