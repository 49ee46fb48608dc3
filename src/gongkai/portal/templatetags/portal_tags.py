"""Template tags of the portal: ``ymd`` dates, ``{% chart spec %}``, ``{% agency_nav agency %}``.

{% load portal_tags %}
{{ item.publication_date|ymd }}          → 2025-03-01 (local date of a datetime)
{% chart spec %}                          → a figure from gongkai.portal.charts
{% agency_nav agency %}                   → the 专栏 navigation of an agency
"""

import datetime

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.portal import navigation

register = template.Library()


@register.filter
def ymd(value) -> str:
    """A date or datetime as YYYY-MM-DD (datetimes in the local time zone); '' for nothing."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@register.simple_tag(takes_context=True)
def chart(context, spec, show_table=False):
    """Render a chart spec from ``gongkai.portal.charts`` (``show_table=True``: visible table)."""
    if not spec:
        return ""
    return render_to_string(
        spec["template"], {"spec": spec, "show_table": show_table}, request=context.get("request")
    )


@register.inclusion_tag("portal/includes/agency_nav.html", takes_context=True)
def agency_nav(context, agency, current=None):
    """The 专栏 navigation of ``agency`` (an Agency, its slug or its home page).

    Links 指南, 制度, 法定主动公开内容, 目录, 年报 and 依申请公开 to whichever of them exist;
    missing pages are left out. ``current`` (default: the context's ``page``, else the request
    path) marks the entry the reader is on with ``aria-current``.
    """
    request = context.get("request")
    page = current if current is not None else context.get("page")
    current_url = None
    if page is not None and hasattr(page, "get_url"):
        current_url = page.get_url(request)
    elif request is not None:
        current_url = request.path
    home, entries = navigation.agency_entries(agency, request)
    for entry in entries:
        entry["current"] = bool(
            current_url
            and (
                entry["url"] == current_url
                or (entry.get("prefix") and current_url.startswith(entry["url"]))
            )
        )
    return {"home": home, "entries": entries, "request": request}
