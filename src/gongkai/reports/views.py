"""Public pages of published annual reports (the 政府信息公开年报 column of the portal)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from gongkai.agencies.models import Agency
from gongkai.ops.downloads import content_download
from gongkai.reports.exports import CONTENT_TYPES, export
from gongkai.reports.models import AnnualReport

PUBLIC_KINDS = ("docx", "pdf", "xlsx", "txt", "json")


def _published():
    return AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).select_related("agency")


def report_index(request):
    reports = _published().order_by("-year", "agency__path", "scope")
    return render(request, "reports/index.html", {"reports": reports})


def agency_reports(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    reports = _published().filter(agency=agency).order_by("-year", "scope")
    return render(request, "reports/agency.html", {"agency": agency, "reports": reports})


def _report(slug, year, request=None):
    scope = AnnualReport.Scope.AGENCY
    if request is not None and request.GET.get("scope") == "consolidated":
        scope = AnnualReport.Scope.CONSOLIDATED
    report = _published().filter(agency__slug=slug, year=year, scope=scope).first()
    if report is None:
        raise Http404
    return report


def report_detail(request, slug, year):
    report = _report(slug, year, request)
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
