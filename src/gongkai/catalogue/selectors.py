"""Reads of the catalogue app: catalogue listings, counts for the annual report, queues."""

import datetime
import re
from collections import Counter
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Q
from django.utils import timezone


def _items():
    from gongkai.catalogue.models import DisclosureItemPage

    return DisclosureItemPage.objects.all()


def latest_items(agency_ids=None, limit: int = 10):
    qs = _items().live().filter(disclosure_attribute="proactive")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.select_related("agency").order_by("-publication_date", "-pk")[:limit]


#: The title of an agency's 政府信息公开工作年度报告 as agencies publish it in their catalogue.
ANNUAL_REPORT_TITLE = re.compile(r"(\d{4})年(?:度)?政府信息公开(?:工作)?年(?:度报告|报)")


def annual_report_entries(agency_ids=None) -> list[tuple[int, object]]:
    """``(year, item)`` for every live, public catalogue entry that is an annual report
    (recognised by its title, e.g. ``满洲里市统计局2024年政府信息公开工作年度报告``), newest first;
    consolidated reports (``汇总``) are left out. The reports app opens each of them."""
    qs = (
        _items()
        .live()
        .filter(disclosure_attribute="proactive", title__contains="政府信息公开")
        .exclude(title__contains="汇总")
        .select_related("agency")
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    entries = []
    for item in qs.order_by("-publication_date", "-pk"):
        match = ANNUAL_REPORT_TITLE.search(item.title)
        if match and item.agency_id:
            entries.append((int(match.group(1)), item))
    return entries


def publication_counts(agency_ids, year: int) -> dict:
    """The figures of one year for the annual report (section 二 and the narrative of 一).

    ``by_category``: published items per catalogue category name (items published in ``year``).
    ``by_channel``: publications per channel code (``portal``, ``wechat``, ``weibo``, ``app``,
    ``other``; labels in ``catalogue.models.Channel``): the channels recorded on items plus
    new-media posts that are not catalogue entries.
    ``normative``: Art. 20(一) counts from the document metadata, per type
    (``规章``, ``规范性文件``): (issued in the year, repealed or expired in the year, in force at
    the end of the year).
    """
    from gongkai.catalogue.models import (
        ChannelPost,
        DocumentType,
        ItemChannel,
        Validity,
    )

    agency_ids = list(agency_ids)
    published = (
        _items()
        .live()
        .filter(agency_id__in=agency_ids, publication_date__year=year)
        .order_by()
        .values("category__name")
        .annotate(n=Count("pk"))
    )
    by_category = {row["category__name"] or "未分类": row["n"] for row in published}

    by_channel: Counter = Counter()
    for row in (
        ItemChannel.objects.filter(page__agency_id__in=agency_ids, published_on__year=year)
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"))
    ):
        by_channel[row["channel"]] += row["n"]
    for row in (
        ChannelPost.objects.filter(agency_id__in=agency_ids, published_on__year=year)
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"))
    ):
        by_channel[row["channel"]] += row["n"]

    end = datetime.date(year, 12, 31)
    normative = {}
    for label, kind in (("规章", DocumentType.REGULATION), ("规范性文件", DocumentType.NORMATIVE)):
        docs = list(
            _items()
            .filter(agency_id__in=agency_ids, document_type=kind)
            .values("written_date", "publication_date", "validity", "invalid_date")
        )
        issued = repealed = in_force = 0
        for doc in docs:
            made = doc["written_date"] or doc["publication_date"]
            if made is None:
                continue
            ended = doc["invalid_date"] if doc["validity"] != Validity.VALID else None
            if made.year == year:
                issued += 1
            if ended is not None and ended.year == year:
                repealed += 1
            if made <= end and (ended is None or ended > end):
                in_force += 1
        normative[label] = (issued, repealed, in_force)
    return {"by_category": by_category, "by_channel": dict(by_channel), "normative": normative}


def channel_counts(agency_ids, years) -> dict[int, dict[str, int]]:
    """Per-channel counts for each year (the admin's channel report)."""
    return {year: publication_counts(agency_ids, year)["by_channel"] for year in years}


def late_items(agency_ids=None):
    """Proactive items published (or still unpublished) after their Art. 26 deadline."""
    qs = (
        _items()
        .filter(disclosure_attribute="proactive", formed_or_changed_date__isnull=False)
        .select_related("agency")
        .order_by("-formed_or_changed_date")
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    from gongkai.catalogue.models import CatalogueSettings
    from gongkai.workdays import calendar

    cal = calendar()
    days = dict(CatalogueSettings.objects.values_list("agency_id", "publication_workdays"))
    late = []
    for item in qs:
        # Prime the cached deadline: one settings query for all items, not one per item.
        item.__dict__["publish_due"] = item.publish_due_within(days.get(item.agency_id, 20), cal)
        if item.is_late:
            late.append(item)
    return late


def reassessment_due(agency_ids=None, on: datetime.date | None = None):
    """Items withheld or released on application whose Art. 18 reassessment is due."""
    on = on or timezone.localdate()
    qs = (
        _items()
        .exclude(disclosure_attribute="proactive")
        .filter(Q(next_reassessment__isnull=True) | Q(next_reassessment__lte=on))
        .select_related("agency")
        .order_by("next_reassessment", "pk")
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs


def _int(value, lo: int = -(2**53), hi: int = 2**53):
    """An integer from a query string, or None (also when out of range: the database would
    overflow, and a year past 9998 is no date)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if lo <= number <= hi else None


def catalogue_listing(catalogue_page, params, per_page: int = 20) -> dict:
    """The table of a catalogue page: filters (category, year, 有效性, title), paging."""
    from gongkai.catalogue.models import Validity

    categories = list(catalogue_page.categories.all())
    qs = (
        _items()
        .live()
        .child_of(catalogue_page)
        .filter(disclosure_attribute="proactive")
        .select_related("category")
        .order_by("-publication_date", "-pk")
    )
    category_id = _int(params.get("category"))
    year = _int(params.get("year"), 1, 9998)
    validity = params.get("validity") or ""
    title = (params.get("title") or "").strip()
    if category_id:
        qs = qs.filter(category_id=category_id)
    if year:
        qs = qs.filter(publication_date__year=year)
    if validity in Validity.values:
        qs = qs.filter(validity=validity)
    if title:
        qs = qs.filter(title__contains=title)
    years = sorted(
        {
            d.year
            for d in _items()
            .live()
            .child_of(catalogue_page)
            .exclude(publication_date=None)
            .values_list("publication_date", flat=True)
        },
        reverse=True,
    )
    paginator = Paginator(qs, per_page)
    number = _int(params.get("page")) or 1
    try:
        page_obj = paginator.page(number)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages or 1)
    filters = {
        k: v
        for k, v in {
            "category": category_id or "",
            "year": year or "",
            "validity": validity,
            "title": title,
        }.items()
        if v
    }
    return {
        "categories": categories,
        "years": years,
        "validity_choices": Validity.choices,
        "filters": filters,
        "selected_category": category_id,
        "selected_year": year,
        "selected_validity": validity,
        "title_query": title,
        "page_obj": page_obj,
        "items": page_obj.object_list,
        "filter_query": urlencode(filters),
    }


def document_is_published(document) -> bool:
    """Is ``document`` part of what the portal publishes: attached to, or linked from, a live
    page? A file uploaded for a draft still in review (保密审查 included, Art. 17) is not,
    nor one only a later, unpublished revision of a live page refers to: a page's own row
    holds its published content, and the reference index is built from that row."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    from gongkai.catalogue.models import ItemAttachment

    if ItemAttachment.objects.filter(document=document, page__live=True).exists():
        return True
    page_type = ContentType.objects.get_for_model(Page)
    referring_pages = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    return (
        Page.objects.live()
        .filter(pk__in=[int(pk) for pk in referring_pages.values_list("object_id", flat=True)])
        .exists()
    )
