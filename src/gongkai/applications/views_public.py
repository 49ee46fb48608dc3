"""Public pages: the online application form per agency, the acknowledgement, the status lookup.

An applicant sees only their own case: a case is shown, and its letters and
released files served, only to a browser session that proved the tracking number
and query code. The form works without JavaScript; a one-time form token makes a
double submit create one application. Limits per client address (``ops.ratelimit``)
count accepted applications and wrong lookups, never a form sent back for a typo.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.forms import ApplicationForm, StatusLookupForm
from gongkai.applications.letters import ensure_pdf
from gongkai.applications.models import (
    PUBLIC_EVENT_KINDS,
    Application,
    Channel,
    Letter,
    ReleasedFile,
    State,
)
from gongkai.applications.selectors import find_for_applicant
from gongkai.ops import ratelimit
from gongkai.ops.downloads import file_download

SESSION_CASES = "gk_cases"
SESSION_CODES = "gk_codes"

PUBLIC_STAGE = {
    State.AWAITING_CONFIRMATION: _l("已提交，待工作人员确认收到"),
    State.RECEIVED: _l("已收到，办理中"),
    State.ACCEPTED: _l("已受理，办理中"),
    State.ROUTED: _l("办理中"),
    State.IN_PROGRESS: _l("办理中"),
    State.AWAITING_CORRECTION: _l("待您补正"),
    State.CONSULTING: _l("征求意见中（不计入答复期限）"),
    State.AWAITING_FEE: _l("待缴纳信息处理费"),
    State.REPLY_DRAFTED: _l("办理中"),
    State.REVIEWED: _l("办理中"),
    State.SIGNED: _l("已作出答复，待送达"),
    State.DELIVERED: _l("已答复"),
    State.CLOSED: _l("已答复，已办结"),
    State.WITHDRAWN: _l("已撤回"),
}


def index(request):
    agencies = Agency.objects.order_by("path")
    return render(request, "applications/public/index.html", {"agencies": agencies})


@require_http_methods(["GET", "POST"])
def apply(request, slug: str):
    agency = get_object_or_404(Agency, slug=slug)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        limits = settings.GONGKAI
        if ratelimit.reached(request, "apply", limits["APPLY_RATE_LIMIT"]) or ratelimit.reached(
            request, "apply-refused", limits["APPLY_REFUSED_LIMIT"]
        ):
            messages.error(
                request,
                _("提交过于频繁：同一网络地址每小时最多提交%(n)s件申请，请一小时后再试")
                % {"n": limits["APPLY_RATE_LIMIT"]},
            )
            return render(
                request,
                "applications/public/form.html",
                {"agency": agency, "form": form},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                reg = services.application_register(
                    agency=agency,
                    data=data,
                    channel=Channel.ONLINE,
                    form_token=data["form_token"],
                    attachments=form.attachments(),
                )
            except services.ApplicationError as error:
                form.add_error(None, error.message)
            else:
                if reg.created:
                    ratelimit.record(request, "apply")  # what counts: accepted applications
                app = reg.application
                _remember(request, app, reg.query_code)
                return HttpResponseRedirect(reverse("applications:done", args=[app.pk]))
        ratelimit.record(request, "apply-refused")
        if request.FILES:
            messages.warning(request, _("出于安全原因，已选择的附件需要重新选择"))
        return render(
            request,
            "applications/public/form.html",
            {"agency": agency, "form": form},
            status=400 if form.errors else 200,
        )
    form = ApplicationForm(
        initial={
            "form_token": uuid.uuid4(),
            "applicant_type": "natural_person",
            "id_type": "resident_id",
        }
    )
    return render(request, "applications/public/form.html", {"agency": agency, "form": form})


def _remember(request, app: Application, code: str | None = None) -> None:
    cases = set(request.session.get(SESSION_CASES, []))
    cases.add(app.pk)
    request.session[SESSION_CASES] = sorted(cases)
    if code:
        codes = dict(request.session.get(SESSION_CODES, {}))
        codes[str(app.pk)] = code
        request.session[SESSION_CODES] = codes


def _own_case(request, pk: int) -> Application:
    if pk not in request.session.get(SESSION_CASES, []):
        raise Http404(_("未找到该申请，请先输入申请编号和查询码"))
    return get_object_or_404(Application.objects.select_related("agency"), pk=pk)


def done(request, pk: int):
    app = _own_case(request, pk)
    code = request.session.get(SESSION_CODES, {}).get(str(pk))
    return render(request, "applications/public/done.html", {"app": app, "code": code})


@require_http_methods(["GET", "POST"])
def status_lookup(request):
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.reached(request, "status-failed", settings.GONGKAI["STATUS_FAILURE_LIMIT"]):
            form.add_error(None, _("申请编号或查询码错误次数过多，请一小时后再试"))
        elif form.is_valid():
            app = find_for_applicant(
                form.cleaned_data["tracking_number"], form.cleaned_data["query_code"]
            )
            if app is None:
                ratelimit.record(request, "status-failed")  # only wrong pairs count
                form.add_error(None, _("申请编号或查询码不正确"))
            else:
                _remember(request, app)
                return HttpResponseRedirect(reverse("applications:status_detail", args=[app.pk]))
    return render(
        request,
        "applications/public/status_lookup.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def status_detail(request, pk: int):
    app = _own_case(request, pk)
    events = [e for e in app.events.order_by("at", "id") if e.kind in PUBLIC_EVENT_KINDS]
    letters = app.letters.filter(status=Letter.Status.ISSUED, to_applicant=True)
    released = app.released_files.all() if app.state in (State.DELIVERED, State.CLOSED) else []
    return render(
        request,
        "applications/public/status_detail.html",
        {
            "app": app,
            "stage": PUBLIC_STAGE.get(app.state, ""),
            "events": events,
            "letters": letters,
            "released": released,
        },
    )


def letter_download(request, pk: int, letter_id: int, fmt: str):
    app = _own_case(request, pk)
    letter = get_object_or_404(
        Letter, pk=letter_id, application=app, status=Letter.Status.ISSUED, to_applicant=True
    )
    if fmt == "pdf":
        letter = ensure_pdf(letter)
        field = letter.pdf
    else:
        field = letter.docx
    return file_download(field, letter.title)


def released_download(request, pk: int, file_id: int):
    app = _own_case(request, pk)
    if app.state not in (State.DELIVERED, State.CLOSED):
        raise Http404
    released = get_object_or_404(ReleasedFile, pk=file_id, application=app)
    return file_download(released.file, released.name)
