"""Public pages of published annual reports (the 政府信息公开年报 column of the portal).

Every annual report a reader can find opens at ``/reports/<agency>/<year>/``: the reports
published here (built or imported) and, for a year with no report here, the agency's
report as its catalogue lists it (``catalogue.selectors.annual_report_entries``), to
which the address redirects. The lists show both.
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from gongkai.agencies.models import Agency
from gongkai.ops.downloads import content_download
from gongkai.reports.exports import CONTENT_TYPES, export
from gongkai.reports.models import AnnualReport

PUBLIC_KINDS = ("docx", "pdf", "xlsx", "txt", "json")


def _published():
    return AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).select_related("agency")


def _catalogue_only(agency_ids=None) -> list[dict]:
    """Annual reports the catalogue lists (``catalogue.selectors.annual_report_entries``) for
    which no report is published here (a past report only on the catalogue, never imported):
    listed with the rest, and opened at their /reports/ address by a redirect."""
    try:
        from gongkai.catalogue.selectors import annual_report_entries
    except ImportError:  # catalogue app not installed
        return []
    have = set(
        _published().filter(scope=AnnualReport.Scope.AGENCY).values_list("agency_id", "year")
    )
    out, seen = [], set()
    for year, item in annual_report_entries(agency_ids):
        key = (item.agency_id, year)
        if key in have or key in seen:
            continue
        seen.add(key)
        out.append(
            {
                "title": item.title,
                "year": year,
                "agency": item.agency,
                "url": reverse("reports:detail", args=[item.agency.slug, year]),
                "date": item.publication_date,
            }
        )
    return out


def _entries(reports, agency_ids=None) -> list[dict]:
    """The list rows: the published reports and the catalogue's other annual reports."""
    rows = [
        {
            "title": str(r),
            "year": r.year,
            "agency": r.agency,
            "url": reverse("reports:detail", args=[r.agency.slug, r.year])
            + ("?scope=consolidated" if r.scope == AnnualReport.Scope.CONSOLIDATED else ""),
            "date": r.published_at,
        }
        for r in reports
    ]
    rows += _catalogue_only(agency_ids)
    rows.sort(key=lambda row: -row["year"])  # stable: the reports' own order within a year
    return rows


def report_index(request):
    reports = _published().order_by("-year", "agency__path", "scope")
    return render(request, "reports/index.html", {"reports": _entries(reports)})


def agency_reports(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    reports = _published().filter(agency=agency).order_by("-year", "scope")
    return render(
        request,
        "reports/agency.html",
        {"agency": agency, "reports": _entries(reports, [agency.pk])},
    )


def _report(slug, year, request=None):
    scope = AnnualReport.Scope.AGENCY
    if request is not None and request.GET.get("scope") == "consolidated":
        scope = AnnualReport.Scope.CONSOLIDATED
    report = _published().filter(agency__slug=slug, year=year, scope=scope).first()
    if report is None:
        raise Http404
    return report


def report_detail(request, slug, year):
    try:
        report = _report(slug, year, request)
    except Http404:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None or request.GET.get("scope") == "consolidated":
            raise
        # A report only the catalogue carries opens there (Http404 when there is none).
        return HttpResponseRedirect(_catalogue_url(agency, year, request))
    if report.published_html:
        body = mark_safe(report.published_html)  # rendered by our own template on publication
    else:
        from gongkai.reports.exports.html import render_fragment

        body = mark_safe(render_fragment(report))
    return render(
        request,
        "reports/detail.html",
        {"report": report, "body": body, "kinds": PUBLIC_KINDS},
    )


def _catalogue_url(agency, year, request) -> str:
    try:
        from gongkai.catalogue.selectors import annual_report_entries
    except ImportError:
        raise Http404 from None

    for entry_year, item in annual_report_entries([agency.pk]):
        if entry_year == year:
            return item.get_url(request)
    raise Http404


def report_file_name(report: AnnualReport, kind: str) -> str:
    """The file name a report is downloaded under: its full Chinese title (and the scope)."""
    suffix = "（汇总）" if report.scope == AnnualReport.Scope.CONSOLIDATED else ""
    return f"{report}{suffix}.{kind}"


def report_download(request, slug, year, kind):
    if kind not in PUBLIC_KINDS:
        raise Http404
    report = _report(slug, year, request)
    content = export(report, kind)
    return content_download(content, report_file_name(report, kind), CONTENT_TYPES[kind])
