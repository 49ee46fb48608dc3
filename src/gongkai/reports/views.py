"""Public pages of published annual reports (the 政府信息公开年报 column of the portal)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from gongkai.agencies.models import Agency
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


def report_download(request, slug, year, kind):
    if kind not in PUBLIC_KINDS:
        raise Http404
    report = _report(slug, year, request)
    content = export(report, kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    filename = f"{report.agency.slug}-{report.year}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
