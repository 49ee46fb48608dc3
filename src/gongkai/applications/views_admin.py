"""Staff console views (Wagtail admin, /admin/applications/...).

Thin: each view validates a form, calls one service or selector, and renders.
Visibility comes from ``agencies.permissions`` (never a hand-written agency filter);
identity numbers are masked unless the user may ``view_identity`` the case.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency, Role, Unit
from gongkai.agencies.permissions import agencies_in_scope, can, rules_for, visible
from gongkai.applications import actions as case_actions
from gongkai.applications import forms as f
from gongkai.applications import services as sv
from gongkai.applications.clock import evaluate
from gongkai.applications.letters import ensure_pdf, update_draft
from gongkai.applications.models import (
    APPLICANT_TYPE_CHOICES,
    Application,
    Channel,
    Inquiry,
    Letter,
    LetterIsFrozen,
    State,
)
from gongkai.applications.selectors import (
    LIVE_STATES,
    RISK_FILTERS,
    application_list_visible_to,
)
from gongkai.audit.services import audit_record
from gongkai.ops.downloads import (
    content_disposition,
    content_download,
    download_name,
    file_download,
)
from gongkai.widgets import IsoDateInput


class FilterForm(forms.Form):
    q = forms.CharField(label=_("申请编号或申请人"), required=False)
    agency = forms.ModelChoiceField(label=_("机关"), queryset=Agency.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.none(), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("mine", _("待我办理")), ("open", _("未办结")), ("", _("全部"))]
        + list(State.choices),
    )
    risk = forms.ChoiceField(
        label=_("时限"), required=False, choices=[("", _("全部"))] + list(RISK_FILTERS.items())
    )
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[("", _("全部"))] + list(Channel.choices)
    )
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), required=False, choices=[("", _("全部"))] + APPLICANT_TYPE_CHOICES
    )
    received_from = forms.DateField(label=_("收到日期自"), required=False, widget=IsoDateInput)
    received_to = forms.DateField(label=_("至"), required=False, widget=IsoDateInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = agencies_in_scope(user)
        self.fields["agency"].queryset = agencies
        self.fields["unit"].queryset = Unit.objects.filter(agency__in=agencies)


def may_see_identity(user, app: Application) -> bool:
    return can(user, "view_identity", app)


def worklist(request):
    data = request.GET.copy()
    if "state" not in data:
        data["state"] = "mine"
    form = FilterForm(data, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {"state": "mine"}
    filters = {
        k: (v.pk if hasattr(v, "pk") else v) for k, v in filters.items() if v not in (None, "")
    }
    qs = application_list_visible_to(user=request.user, filters=filters).order_by(
        "reply_due", "-created_at"
    )
    page = Paginator(qs, 50).get_page(request.GET.get("p"))
    rows = []
    for app in page:
        full = may_see_identity(request.user, app)
        rows.append(
            {
                "app": app,
                "risk": app.live_clock,
                "risk_label": LIVE_STATES[app.live_clock],
                "actions": case_actions.available(app, request.user),
                "id_number": app.id_number if full else app.masked_id_number,
                "phone": app.phone if full else app.masked_phone,
            }
        )
    return render(
        request,
        "applications/admin/worklist.html",
        {
            "page_title": _("依申请公开工作台"),
            "form": form,
            "rows": rows,
            "page": page,
            "can_register": bool(_register_agencies(request.user)),
            "query": request.GET.urlencode(),
        },
    )


def _register_agencies(user):
    return [a for a in agencies_in_scope(user, [Role.REGISTRAR, Role.AGENCY_ADMIN])]


def register(request):
    agencies = _register_agencies(request.user)
    if not agencies:
        raise PermissionDenied

    class Form(f.StaffRegistrationForm):
        agency = forms.ModelChoiceField(
            label=_("受理机关"), queryset=Agency.objects.filter(pk__in=[a.pk for a in agencies])
        )
        GROUPS = ((_("受理机关"), ("agency",)), *f.StaffRegistrationForm.GROUPS)

    import uuid

    if request.method == "POST":
        form = Form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reg = sv.application_register(
                    agency=data["agency"],
                    data=data,
                    channel=data["channel"],
                    submitted_on=data["submitted_on"],
                    received_on=data.get("received_on"),
                    actor=request.user,
                    form_token=data["form_token"],
                    attachments=form.attachments(),
                )
            except sv.ApplicationError as error:
                form.add_error(None, error.message)
            else:
                if reg.query_code:
                    messages.success(
                        request,
                        _("已登记：申请编号 %(n)s，查询码 %(c)s（请告知申请人）")
                        % {"n": reg.application.tracking_number, "c": reg.query_code},
                    )
                return HttpResponseRedirect(
                    reverse("applications_admin:case", args=[reg.application.pk])
                )
    else:
        form = Form(
            initial={
                "form_token": uuid.uuid4(),
                "submitted_on": timezone.localdate(),
                "applicant_type": "natural_person",
                "id_type": "resident_id",
                "channel": Channel.IN_PERSON,
                "agency": agencies[0].pk if len(agencies) == 1 else None,
            }
        )
    return render(
        request,
        "applications/admin/register.html",
        {"page_title": _("登记申请"), "form": form},
    )


# --- the case page and its actions -------------------------------------------------------
#
# Every action goes through its declaration (``applications.actions``): the buttons shown
# are ``available`` ones, the form is the declared one, and ``act`` executes it.


def _case(request, pk: int) -> Application:
    app = get_object_or_404(
        visible(request.user, Application).select_related("agency", "unit"), pk=pk
    )
    return app


def case(request, pk: int, failed: tuple[str, forms.Form] | None = None, status: int | None = None):
    app = _case(request, pk)
    action_forms = []
    for action in case_actions.available(app, request.user):
        if failed and failed[0] == action.name:
            action_forms.append((action.name, action.label, failed[1]))
        else:
            action_forms.append((action.name, action.label, action.make_form(app)))
    try:
        clock = evaluate(app, explain=True)
        clock_error = ""
    except Exception as error:  # noqa: BLE001  (shown to staff; the case page must still open)
        clock, clock_error = None, str(error)
    full = may_see_identity(request.user, app)
    if full:  # reading unmasked personal data is itself recorded
        audit_record(action="other", verb="application.view", obj=app, actor=request.user)
    return render(
        request,
        "applications/admin/case.html",
        {
            "page_title": f"{app.tracking_number} {app.applicant_name}",
            "app": app,
            "id_number": app.id_number if full else app.masked_id_number,
            "phone": app.phone if full else app.masked_phone,
            "full_identity": full,
            "events": app.events.order_by("at", "id"),
            "secrecy_reviews": _secrecy_reviews(app),
            "clock": clock,
            "clock_error": clock_error,
            "letters": app.letters.all(),
            "released": app.released_files.all(),
            "attachments": app.attachments.all(),
            "action_forms": action_forms,
            "can_release": can(request.user, "release_file", app),
            "release_form": f.ReleaseFileForm(),
            "can_edit_letters": can(request.user, "edit_letter", app),
        },
        status=status or (400 if failed else 200),
    )


def _secrecy_reviews(app: Application) -> list[dict]:
    """The answer's 保密审查 records (Art. 17), with the checklist items in words."""
    from gongkai.applications.models import EventKind
    from gongkai.rules.procedure import SECRECY_CHECKLIST

    labels = dict(SECRECY_CHECKLIST)
    return [
        {
            "event": event,
            "checked": [labels.get(key, key) for key in event.data.get("checked", [])],
            "withheld": event.data.get("withheld", []),
        }
        for event in app.events.filter(kind=EventKind.SECRECY_REVIEWED).order_by("at", "id")
    ]


@require_POST
def act(request, pk: int, action: str):
    app = _case(request, pk)
    try:
        declared = case_actions.get(action)
    except case_actions.UnknownAction:
        raise PermissionDenied from None
    refused = declared.refused(app, request.user)
    if refused:
        raise PermissionDenied(refused)
    form = declared.make_form(app, request.POST)
    if form.is_valid() and "preview" in request.POST and isinstance(form, f.LetterPreviewMixin):
        return _preview_letter(request, app, declared, form)
    if form.is_valid():
        try:
            declared.execute(app, request.user, form)
        except sv.ApplicationError as error:
            form.add_error(None, error.message)
            messages.error(request, error.message)
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": declared.label})
            return HttpResponseRedirect(reverse("applications_admin:case", args=[pk]))
    return case(request, pk, failed=(action, form))


def _preview_letter(request, app: Application, declared, form):
    """Show the draft of the letter the action would issue, editable, with the action's
    fields as typed; nothing is recorded until staff press the action's button."""
    action = declared.name
    try:
        text = sv.letter_preview(declared.execute, app, request.user, form)
    except sv.ApplicationError as error:
        form.add_error(None, error.message)
        return case(request, app.pk, failed=(action, form))
    data = request.POST.copy()
    if text is None:
        messages.info(request, _("此操作不发出文书"))
        for name in form.LETTER_FIELDS:
            data[form.add_prefix(name)] = ""
    else:
        data[form.add_prefix("letter_title")] = text.title
        data[form.add_prefix("letter_recipient")] = text.recipient
        data[form.add_prefix("letter_body")] = text.body
    previewed = declared.make_form(app, data)
    previewed.is_valid()
    return case(request, app.pk, failed=(action, previewed), status=200)


@require_POST
def release_file(request, pk: int):
    app = _case(request, pk)
    form = f.ReleaseFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            sv.application_release_file(
                application=app,
                actor=request.user,
                file=form.cleaned_data["file"],
                name=form.cleaned_data["name"] or form.cleaned_data["file"].name,
            )
            messages.success(request, _("已上传提供的信息"))
        except sv.ApplicationError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("上传失败：%(e)s") % {"e": form.errors.as_text()})
    return HttpResponseRedirect(reverse("applications_admin:case", args=[pk]))


def attachment_download(request, pk: int):
    from gongkai.applications.models import Attachment

    attachment = get_object_or_404(Attachment, pk=pk)
    app = _case(request, attachment.application_id)
    if not may_see_identity(request.user, app):
        raise PermissionDenied
    audit_record(action="other", verb="application.attachment_view", obj=app, actor=request.user)
    return file_download(
        attachment.file, attachment.original_name, content_type=attachment.content_type
    )


def letter_edit(request, pk: int):
    letter = get_object_or_404(Letter.objects.select_related("application"), pk=pk)
    app = _case(request, letter.application_id)
    if not can(request.user, "edit_letter", app):
        raise PermissionDenied
    form = f.LetterEditForm(
        request.POST or None,
        initial={"title": letter.title, "recipient": letter.recipient, "body": letter.body},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_draft(letter, **form.cleaned_data)
        except LetterIsFrozen:
            messages.error(request, _("文书已出具，不能修改"))
        else:
            messages.success(request, _("草稿已保存"))
            return HttpResponseRedirect(reverse("applications_admin:case", args=[app.pk]))
    return render(
        request,
        "applications/admin/letter_edit.html",
        {"page_title": _("编辑文书草稿"), "form": form, "letter": letter, "app": app},
    )


def letter_download(request, pk: int, fmt: str):
    letter = get_object_or_404(Letter, pk=pk)
    _case(request, letter.application_id)
    if not letter.is_issued:
        from gongkai.applications.letters import render as r

        if fmt == "pdf":
            response = HttpResponse(r.render_pdf(letter), content_type="application/pdf")
        else:
            response = HttpResponse(
                r.render_docx(letter),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        response["Content-Disposition"] = content_disposition(
            download_name(f"{letter.title}（草稿）.{fmt}"), as_attachment=False
        )
        return response
    if fmt == "pdf":
        letter = ensure_pdf(letter)
        return file_download(letter.pdf, letter.title)
    return file_download(letter.docx, letter.title)


# --- inquiries (咨询) ---------------------------------------------------------------------


def inquiries(request):
    qs = visible(request.user, Inquiry).select_related("agency", "unit")
    agencies = agencies_in_scope(request.user, [Role.REGISTRAR, Role.AGENCY_ADMIN])

    class Form(f.InquiryForm):
        agency = forms.ModelChoiceField(label=_("机关"), queryset=agencies)

        class Meta(f.InquiryForm.Meta):
            fields = ["agency", *f.InquiryForm.Meta.fields]

    form = Form(request.POST or None, initial={"received_on": timezone.localdate()})
    form.fields["unit"].queryset = Unit.objects.filter(agency__in=agencies)
    if request.method == "POST" and form.is_valid():
        inquiry = form.save(commit=False)
        if not can(request.user, "log", inquiry):
            raise PermissionDenied
        if inquiry.unit_id and inquiry.unit.agency_id != inquiry.agency_id:
            form.add_error("unit", _("承办单位必须是该机关的内设机构"))
        else:
            inquiry.status = Inquiry.Status.ROUTED if inquiry.unit_id else Inquiry.Status.LOGGED
            inquiry.save()
            audit_record(action="workflow", verb="inquiry.log", obj=inquiry, actor=request.user)
            messages.success(request, _("咨询已登记"))
            return HttpResponseRedirect(reverse("applications_admin:inquiries"))
    return render(
        request,
        "applications/admin/inquiries.html",
        {
            "page_title": _("咨询登记"),
            "items": qs[:200],
            "form": form if agencies.exists() else None,
            "answer_form": f.InquiryAnswerForm(),
            "units": Unit.objects.filter(agency__in=agencies_in_scope(request.user)).select_related(
                "agency"
            ),
        },
    )


@require_POST
def inquiry_route(request, pk: int):
    """Route a logged inquiry to a unit of its agency."""
    inquiry = get_object_or_404(visible(request.user, Inquiry), pk=pk)
    if not can(request.user, "route", inquiry):
        raise PermissionDenied
    unit = Unit.objects.filter(pk=request.POST.get("unit"), agency_id=inquiry.agency_id).first()
    if unit is None or inquiry.status == Inquiry.Status.ANSWERED:
        messages.error(request, _("请选择该机关的内设机构；已答复的咨询不能再转办"))
    else:
        inquiry.unit = unit
        inquiry.status = Inquiry.Status.ROUTED
        inquiry.save()
        audit_record(action="workflow", verb="inquiry.route", obj=inquiry, actor=request.user)
        messages.success(request, _("已转办：%(unit)s") % {"unit": unit.name})
    return HttpResponseRedirect(reverse("applications_admin:inquiries"))


@require_POST
def inquiry_answer(request, pk: int):
    inquiry = get_object_or_404(visible(request.user, Inquiry), pk=pk)
    if not can(request.user, "answer", inquiry):
        raise PermissionDenied
    form = f.InquiryAnswerForm(request.POST)
    if form.is_valid():
        inquiry.answer = form.cleaned_data["answer"]
        inquiry.answered_on = timezone.localdate()
        inquiry.answered_by = request.user
        inquiry.status = Inquiry.Status.ANSWERED
        inquiry.save()
        audit_record(action="workflow", verb="inquiry.answer", obj=inquiry, actor=request.user)
        messages.success(request, _("已答复"))
    return HttpResponseRedirect(reverse("applications_admin:inquiries"))


# --- import / export ----------------------------------------------------------------------


def _agencies_for(user, action: str):
    """Agencies where the user may ``action`` cases; refused (403) when there is none."""
    agencies = agencies_in_scope(user, rules_for(Application).actions.get(action, ()))
    if not agencies.exists():
        raise PermissionDenied
    return agencies


def import_view(request):
    from gongkai.applications import xlsx

    agencies = _agencies_for(request.user, "import")
    form = f.ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    errors = []
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        probe = Application(agency=agency)
        if not can(request.user, "import", probe):
            raise PermissionDenied
        result = xlsx.import_file(form.cleaned_data["file"], agency=agency, actor=request.user)
        if result.errors:
            errors = result.errors
            messages.error(request, _("导入失败，未导入任何记录，请修改后重新上传"))
        else:
            messages.success(request, _("已导入 %(n)d 件申请") % {"n": result.created})
            return HttpResponseRedirect(reverse("applications_admin:worklist"))
    return render(
        request,
        "applications/admin/import.html",
        {"page_title": _("导入历史申请"), "form": form, "errors": errors},
    )


def import_template(request):
    from gongkai.applications import xlsx

    _agencies_for(request.user, "import")
    return content_download(
        xlsx.template_bytes(),
        _("依申请公开历史申请导入模板.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export(request):
    from gongkai.applications import xlsx

    _agencies_for(request.user, "export")
    data = request.GET.copy()
    data.setdefault("state", "")
    form = FilterForm(data, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {
        k: (v.pk if hasattr(v, "pk") else v) for k, v in filters.items() if v not in (None, "")
    }
    qs = application_list_visible_to(user=request.user, filters=filters)
    body = xlsx.export_bytes(qs, unmask=lambda app: may_see_identity(request.user, app))
    audit_record(
        action="export",
        verb="application.export",
        actor=request.user,
        changes={"count": qs.count(), "filters": {k: str(v) for k, v in filters.items()}},
    )
    stamp = datetime.date.today().isoformat()
    return content_download(
        body,
        _("依申请公开申请-%(day)s.xlsx") % {"day": stamp},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
