"""The 政府信息公开专栏 navigation of one agency, found by looking its pages up.

Robust to pages that do not exist (yet): the catalogue, reports and applications apps
build their pages independently, so every entry is looked up and simply left out when
its page or URL is missing.
"""

from __future__ import annotations

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# (key, label, catalogue page model name) in the order of the 专栏.
PAGE_SECTIONS = [
    ("guide", "政府信息公开指南", "guidepage"),
    ("policy", "政府信息公开制度", "policypage"),
    ("statutory", "法定主动公开内容", "statutorycontentpage"),
    ("catalogue", "政府信息公开目录", "cataloguepage"),
]


def _agency(agency_or_page):
    """An Agency from an Agency, its slug, its pk or a page that knows its agency."""
    from gongkai.agencies.models import Agency

    if agency_or_page is None or agency_or_page == "":
        return None
    if isinstance(agency_or_page, Agency):
        return agency_or_page
    if isinstance(agency_or_page, (str, int)):
        field = "pk" if isinstance(agency_or_page, int) else "slug"
        return Agency.objects.filter(**{field: agency_or_page}).first()
    return getattr(agency_or_page, "agency", None)


def agency_home(agency):
    """The live AgencyHomePage of ``agency`` or None."""
    try:
        from gongkai.catalogue.models import AgencyHomePage
    except ImportError:  # catalogue pages not built
        return None
    try:
        return AgencyHomePage.objects.live().filter(agency=agency).first()
    except Exception:  # noqa: BLE001 - tables missing before migrations
        return None


def routed(path: str) -> str | None:
    """``path`` when a view other than Wagtail's page serving answers it, else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.func.__module__.startswith("wagtail.") or match.url_name in {"wagtail_serve"}:
        return None
    return path


#: The site-wide services the home page links to, with their routes (left out when missing).
SITE_SERVICES = [
    ("apply", "依申请公开", "/apply/", "向各部门提出政府信息公开申请"),
    ("status", "申请办理查询", "/apply/status/", "凭申请编号和查询码查看办理进度和答复"),
    ("reports", "政府信息公开年报", "/reports/", "各部门政府信息公开工作年度报告"),
]


def site_services() -> list[dict]:
    """The home page's service links (依申请公开, 申请查询, 年度报告) that are routed."""
    return [
        {"key": key, "label": _(label), "url": path, "note": _(note)}
        for key, label, path, note in SITE_SERVICES
        if routed(path)
    ]


def agency_entries(agency_or_page, request=None) -> tuple[object | None, list[dict]]:
    """(home page, [{"key", "label", "url"}]) for an agency's 专栏, skipping what is missing."""
    agency = _agency(agency_or_page)
    if agency is None:
        return None, []
    home = agency_home(agency)
    entries: list[dict] = []
    if home is not None:
        children = {}
        for child in home.get_children().live().order_by("path"):
            children.setdefault(child.content_type.model, child)
        for key, label, model in PAGE_SECTIONS:
            child = children.get(model)
            if child is not None:
                entries.append(
                    {"key": key, "label": _(label), "url": child.get_url(request), "prefix": True}
                )
    report_url = _report_url(agency, home, request)
    if report_url:
        entries.append(
            {"key": "report", "label": _("政府信息公开年报"), "url": report_url, "prefix": True}
        )
    apply_url = routed(f"/apply/{agency.slug}/")
    if apply_url:
        entries.append(
            {"key": "apply", "label": _("依申请公开"), "url": apply_url, "prefix": False}
        )
    return home, entries


def _report_url(agency, home, request) -> str | None:
    """The agency's annual reports: a report page under its home page or a /reports/ view."""
    if home is not None:
        for child in home.get_children().live().order_by("path"):
            if "report" in child.content_type.model:
                return child.get_url(request)
    return routed(f"/reports/{agency.slug}/")
