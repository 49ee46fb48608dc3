"""Staff console views of annual reports: list, detail with narrative editor and workflow
actions, build, exports, import of published reports, and the supervising office's overview."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import agencies_in_scope, can, rules_for
from gongkai.portal.charts import bar_chart
from gongkai.reports import selectors, services
from gongkai.reports.exports import CONTENT_TYPES, export
from gongkai.reports.forms import (
    BuildForm,
    HeadingWordingForm,
    ImportForm,
    LockForm,
    NarrativeForm,
    ReturnForm,
)
from gongkai.reports.models import AnnualReport
from gongkai.rules.formats import get_format

ACTION_LABELS = {
    "submit": _("提交审核"),
    "approve": _("审定通过"),
    "return": _("退回修改"),
    "file": _("报送主管部门"),
    "publish": _("公开发布"),
}


def _refuse_with_form_errors(request, form, what):
    """Say why a posted form was refused: one message per field error, with its label, so a
    redirect never drops the reason."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            reason = f"{label}：{error}" if label else error
            messages.error(request, _("%(what)s：%(reason)s") % {"what": what, "reason": reason})


def _agencies_for(user, action):
    return agencies_in_scope(user, rules_for(AnnualReport).actions.get(action, ()))


def report_list(request):
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    reports = selectors.reports_visible_to(request.user, year)
    build_agencies = _agencies_for(request.user, "build")
    form = BuildForm(
        agencies=build_agencies,
        initial={"year": timezone.localdate().year - 1},
    )
    return render(
        request,
        "reports/admin/list.html",
        {
            "reports": reports,
            "year": year,
            "form": form if build_agencies.exists() else None,
            "reminders": selectors.reminders_for_user(request.user),
            "can_import": _agencies_for(request.user, "import").exists(),
            "can_supervise": _agencies_for(request.user, "supervise").exists(),
        },
    )


@require_POST
def report_build(request):
    form = BuildForm(request.POST, agencies=_agencies_for(request.user, "build"))
    if not form.is_valid():
        _refuse_with_form_errors(request, form, _("未生成报告"))
        return redirect("reports_admin:list")
    data = form.cleaned_data
    scope = "consolidated" if data["consolidated"] else "agency"
    try:
        report = services.annual_report_build(
            agency=data["agency"],
            year=data["year"],
            report_format=data["report_format"] or None,
            scope=scope,
            actor=request.user,
        )
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports_admin:list")
    if report.changed_after_lock:
        messages.warning(request, _("数据已在锁定后变更：报表保持锁定时的数字，变更已列出"))
    else:
        messages.success(request, _("报告已生成"))
    return redirect("reports_admin:detail", report.pk)


def _get(request, pk, action="view"):
    report = get_object_or_404(AnnualReport.objects.select_related("agency"), pk=pk)
    if not can(request.user, action, report):
        raise PermissionDenied
    return report


def report_detail(request, pk):
    report = _get(request, pk)
    editable = can(request.user, "change", report) and report.state in (
        AnnualReport.State.DRAFT,
        AnnualReport.State.RETURNED,
    )
    if request.method == "POST" and "narrative" in request.POST:
        if not editable:
            raise PermissionDenied
        form = NarrativeForm(request.POST, instance=report)
        if form.is_valid():
            form.save()
            messages.success(request, _("已保存"))
            return redirect("reports_admin:detail", report.pk)
    else:
        form = NarrativeForm(instance=report)
    from django.utils.safestring import mark_safe

    from gongkai.reports.exports.html import render_fragment

    actions = [(a, ACTION_LABELS[a]) for a in services.allowed_actions(report, request.user)]
    return render(
        request,
        "reports/admin/detail.html",
        {
            "report": report,
            "body": mark_safe(render_fragment(report)),
            "form": form if editable else None,
            "actions": actions,
            "return_form": ReturnForm(),
            "lock_form": LockForm(initial={"lock_date": report.lock_date})
            if can(request.user, "lock", report) and report.source == AnnualReport.Source.BUILT
            else None,
            "wording_form": HeadingWordingForm(
                initial={"heading_wording": report.heading_wording},
                report_format=report.report_format,
            )
            if editable and get_format(report.report_format).wording_choices
            else None,
            "can_build": can(request.user, "build", report)
            and report.source == AnnualReport.Source.BUILT,
            "errors": [p for p in report.check_problems if p.get("severity", "error") == "error"],
            "warnings": [p for p in report.check_problems if p.get("severity", "error") != "error"],
            "kinds": ["html", "docx", "pdf", "xlsx", "txt", "json"],
        },
    )


@require_POST
def report_action(request, pk, action):
    report = _get(request, pk)
    reason = request.POST.get("reason", "")
    try:
        services.annual_report_transition(
            report=report, action=action, actor=request.user, reason=reason
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    except ValueError:
        messages.error(request, _("未知操作"))
    else:
        messages.success(
            request, _("操作成功：%(action)s") % {"action": ACTION_LABELS.get(action, action)}
        )
    return redirect("reports_admin:detail", report.pk)


@require_POST
def report_rebuild(request, pk):
    report = _get(request, pk, "build")
    try:
        report = services.annual_report_build(
            agency=report.agency,
            year=report.year,
            report_format=report.report_format,
            scope=report.scope,
            actor=request.user,
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        if report.changed_after_lock:
            messages.warning(request, _("数据已在锁定后变更：报表保持锁定时的数字，变更已列出"))
        else:
            messages.success(request, _("报告已重新生成"))
    return redirect("reports_admin:detail", report.pk)


@require_POST
def report_lock(request, pk):
    report = _get(request, pk, "lock")
    form = LockForm(request.POST)
    if not form.is_valid():
        _refuse_with_form_errors(request, form, _("未设置锁定日期"))
        return redirect("reports_admin:detail", report.pk)
    try:
        services.annual_report_lock(
            report=report, lock_date=form.cleaned_data["lock_date"], actor=request.user
        )
    except services.ReportError as error:
        messages.error(request, _("未设置锁定日期：%(reason)s") % {"reason": error})
    else:
        messages.success(request, _("已设置锁定日期"))
    return redirect("reports_admin:detail", report.pk)


@require_POST
def report_heading_wording(request, pk):
    report = _get(request, pk, "change")
    form = HeadingWordingForm(request.POST, report_format=report.report_format)
    if not form.is_valid():
        _refuse_with_form_errors(request, form, _("未更改标题用语"))
        return redirect("reports_admin:detail", report.pk)
    try:
        services.annual_report_set_heading_wording(
            report=report, wording=form.cleaned_data["heading_wording"], actor=request.user
        )
    except services.ReportError as error:
        messages.error(request, _("未更改标题用语：%(reason)s") % {"reason": error})
    else:
        messages.success(request, _("已更改标题用语"))
    return redirect("reports_admin:detail", report.pk)


def report_export(request, pk, kind):
    report = _get(request, pk)
    if kind not in CONTENT_TYPES:
        raise PermissionDenied
    from gongkai.audit.services import audit_record

    audit_record(
        action="export", verb=f"annual_report.export.{kind}", obj=report, actor=request.user
    )
    from gongkai.ops.downloads import content_download
    from gongkai.reports.views import report_file_name

    return content_download(
        export(report, kind), report_file_name(report, kind), CONTENT_TYPES[kind]
    )


def report_import(request):
    agencies = _agencies_for(request.user, "import")
    if not agencies.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, agencies=agencies)
        if form.is_valid():
            from gongkai.reports.cli.import_ import read_published

            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                data = read_published(upload.name, content)
            except Exception as error:  # noqa: BLE001 - shown to the user
                form.add_error("file", _("无法读取该文件：%(error)s") % {"error": error})
            else:
                try:
                    report = services.annual_report_import(
                        agency=form.cleaned_data["agency"],
                        tables=data,
                        year=form.cleaned_data["year"],
                        file_name=upload.name,
                        content=content,
                        replace=form.cleaned_data["replace"],
                        actor=request.user,
                    )
                except services.ReportError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("已导入：%(report)s") % {"report": report})
                    return redirect("reports_admin:detail", report.pk)
    else:
        form = ImportForm(agencies=agencies)
    return render(request, "reports/admin/import.html", {"form": form})


def supervision(request):
    roots = [
        m.agency
        for m in request.user.memberships.select_related("agency")
        if m.role in (Role.SUPERVISOR,)
    ]
    if not roots and request.user.is_superuser:
        roots = list(Agency.get_root_nodes())
    if not roots:
        raise PermissionDenied
    root_id = request.GET.get("agency")
    root = next((a for a in roots if str(a.id) == root_id), roots[0])
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else timezone.localdate().year - 1
    data = selectors.city_overview(root, year)
    rows = data["rows"]
    names = [r.agency.display_short_name for r in rows]
    charts = [
        bar_chart(
            _("%(year)s年各机关新收政府信息公开申请数量") % {"year": year},
            names,
            [(_("新收申请"), [r.new for r in rows]), (_("办结"), [r.answered for r in rows])],
            unit=_("件"),
            chart_id="chart-applications",
        ),
        bar_chart(
            _("%(year)s年办理结果构成（全市）") % {"year": year},
            [label for label, _n in data["outcome_mix"]],
            [(_("件数"), [n for _label, n in data["outcome_mix"]])],
            unit=_("件"),
            chart_id="chart-outcomes",
        ),
        bar_chart(
            _("%(year)s年各机关按期答复率") % {"year": year},
            names,
            [(_("按期答复率"), [r.on_time_share for r in rows])],
            unit="%",
            max_value=100,
            chart_id="chart-on-time",
        ),
        bar_chart(
            _("近五年新收申请数量（全市）"),
            [f"{y}年" for y, _n in data["years"]],
            [(_("新收申请"), [n for _y, n in data["years"]])],
            unit=_("件"),
            chart_id="chart-years",
        ),
    ]
    return render(
        request,
        "reports/admin/supervision.html",
        {
            **data,
            "roots": roots,
            "charts": charts,
            "years_choice": list(range(timezone.localdate().year, 2018, -1)),
            "deadline": datetime.date(year + 1, 1, 31),
        },
    )
