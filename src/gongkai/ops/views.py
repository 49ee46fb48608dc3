"""Staff-console views of the ops app: two-factor setup and check, background tasks, uploads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.agencies.permissions import can, is_system_admin
from gongkai.ops.models import OutboundMessage, ScheduledJob, Upload, WorkerHeartbeat
from gongkai.ops.schedule import jobs
from gongkai.ops.uploads import attachment_response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/admin/"


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def two_factor_setup(request):
    """Register a TOTP authenticator app (扫码绑定) and confirm it with a first code."""
    user = request.user
    if any(True for _ in devices_for_user(user, confirmed=True)):
        return redirect(f"{_verify_url()}?next={_next_url(request)}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip().replace(" ", "")
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("已启用双因素认证。"))
            return redirect(_next_url(request))
        error = _("验证码不正确，请重新输入身份验证器中显示的6位数字。")
    import base64

    secret = base64.b32encode(device.bin_key).decode("ascii")
    return TemplateResponse(
        request,
        "ops/two_factor_setup.html",
        {
            "header_title": _("启用双因素认证"),
            "page_title": _("启用双因素认证"),
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "error": error,
            "next": _next_url(request),
        },
    )


def _verify_url() -> str:
    from django.urls import reverse

    return reverse("gongkai_ops:two_factor_verify")


def two_factor_verify(request):
    """Ask for the current code of the user's authenticator."""
    user = request.user
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        from django.urls import reverse

        return redirect(f"{reverse('gongkai_ops:two_factor_setup')}?next={_next_url(request)}")
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip().replace(" ", "")
        for device in devices:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                error = _("尝试次数过多，请稍后再试。")
                break
            if token.isdigit() and device.verify_token(token):
                otp_login(request, device)
                return redirect(_next_url(request))
        else:
            error = _("验证码不正确。")
    return TemplateResponse(
        request,
        "ops/two_factor_verify.html",
        {
            "header_title": _("双因素认证"),
            "page_title": _("双因素认证"),
            "error": error,
            "next": _next_url(request),
        },
    )


def task_list(request):
    """System administrators: failed and retrying tasks, messages in doubt, jobs, workers."""
    if not is_system_admin(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "problems")
    results = DBTaskResult.objects.order_by("-enqueued_at")
    if status == "problems":
        results = results.filter(status=TaskResultStatus.FAILED) | results.filter(
            status=TaskResultStatus.READY
        ).exclude(traceback="")
    elif status in TaskResultStatus.values:
        results = results.filter(status=status)
    counts = {s: DBTaskResult.objects.filter(status=s).count() for s in TaskResultStatus.values}
    registered = jobs()
    return TemplateResponse(
        request,
        "ops/task_list.html",
        {
            "header_title": _("后台任务"),
            "page_title": _("后台任务"),
            "results": results[:200],
            "status": status,
            "counts": counts,
            "messages_in_doubt": OutboundMessage.objects.exclude(
                status=OutboundMessage.Status.SENT
            )[:100],
            "scheduled": [(row, registered.get(row.name)) for row in ScheduledJob.objects.all()],
            "workers": WorkerHeartbeat.objects.order_by("-last_seen"),
            "now": timezone.now(),
        },
    )


def upload_download(request, pk):
    """Serve a checked upload as an attachment, to staff allowed to view it (404 otherwise)."""
    upload = get_object_or_404(Upload, pk=pk)
    if not can(request.user, "view", upload):
        raise Http404
    try:
        return attachment_response(upload)
    except FileNotFoundError:
        raise Http404 from None
