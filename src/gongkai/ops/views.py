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
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
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


RECOVERY_CODES = 10


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes by ``RECOVERY_CODES`` new ones (each works once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    from gongkai.audit.services import audit_record

    audit_record(action="update", verb="two_factor.recovery_codes", obj=user, actor=user)
    return codes


def _show_recovery_codes(request, codes):
    return TemplateResponse(
        request,
        "ops/two_factor_recovery_codes.html",
        {
            "header_title": _("恢复码"),
            "page_title": _("恢复码"),
            "codes": codes,
            "next": _next_url(request),
        },
    )


def _has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_setup(request):
    """Register a TOTP authenticator app (扫码绑定) and confirm it with a first code; then
    show the recovery codes once."""
    user = request.user
    if _has_authenticator(user):
        if user.is_verified():
            return redirect("gongkai_ops:two_factor_recovery")
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
            from gongkai.audit.services import audit_record

            audit_record(action="update", verb="two_factor.enable", obj=user, actor=user)
            messages.success(request, _("已启用双因素认证。请保存下面的恢复码。"))
            return _show_recovery_codes(request, _new_recovery_codes(user))
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
    """Ask for the current code of the user's authenticator, or one of their recovery codes."""
    user = request.user
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        from django.urls import reverse

        return redirect(f"{reverse('gongkai_ops:two_factor_setup')}?next={_next_url(request)}")
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip().replace(" ", "").replace("-", "").lower()
        # Six digits: the authenticator; anything else: a recovery code (used up on use).
        kind = TOTPDevice if token.isdigit() else StaticDevice
        for device in (d for d in devices if isinstance(d, kind)):
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                error = _("尝试次数过多，请稍后再试。")
                break
            if token and device.verify_token(token):
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        _("已使用一个恢复码，还剩 %(n)s 个。") % {"n": left},
                    )
                return redirect(_next_url(request))
        else:
            error = _("验证码或恢复码不正确。")
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


def two_factor_recovery(request):
    """A verified user's recovery codes: how many are left; new ones replace them all."""
    user = request.user
    if not _has_authenticator(user):
        return redirect("gongkai_ops:two_factor_setup")
    if not user.is_verified():
        return redirect(f"{_verify_url()}?next={request.path}")
    if request.method == "POST":
        messages.success(request, _("已生成新的恢复码，原有恢复码作废。"))
        return _show_recovery_codes(request, _new_recovery_codes(user))
    left = StaticToken.objects.filter(device__user=user, device__name="recovery").count()
    return TemplateResponse(
        request,
        "ops/two_factor_recovery.html",
        {"header_title": _("双因素认证"), "page_title": _("双因素认证"), "left": left},
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
