"""Security plumbing: client IP, login throttling backend, two-factor enforcement, CSP per area.

- ``client_ip(request)``: the address of the person, honouring ``GONGKAI_PROXY_COUNT``
  trusted reverse proxies (nginx) in front of the app. Use it for per-IP limits.
- ``LoginThrottleBackend``: django-axes' lock-out check for every login made
  through a web request (the Wagtail and Django admin login forms).
- ``TwoFactorMiddleware``: system and agency administrators and everyone who may
  publish or answer in the agency's name (``two_factor_required``) must pass a TOTP
  check (django-otp; a one-time recovery code also does) before the staff console is
  usable when ``GONGKAI_REQUIRE_2FA`` is on. Their first login without an
  authenticator is a grace login: that session works, with a reminder; later ones
  must set one up first. Any staff member who has set up a device must use it too.
- ``RejectNullCharactersMiddleware``: 400 for a NUL character in the path or query string.
- ``CSPMiddleware``: django-csp with the strict policy of the settings for the
  public portal and a relaxed one for the staff console (Wagtail's admin).
"""

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

#: Paths of the staff console (and its session API): the two-factor rules apply there.
ADMIN_PREFIXES = ("/admin/", "/django-admin/", "/api/staff/")


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the one a trusted proxy put in X-Forwarded-For."""
    proxies = int(getattr(settings, "GONGKAI_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    # Each trusted proxy appended the address it saw; the client is the one before them.
    if len(forwarded) >= proxies:
        return forwarded[-proxies] or remote
    return remote


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, applied to logins that come with a web request.

    Only a web request can come from an attacker guessing passwords; logins made
    in-process without a request (``Client.login`` in tests, scripts) are not
    throttled, so they are not refused for lacking one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# --- two-factor authentication ------------------------------------------------------


#: Actions whose effect goes out under the agency's name: publishing (catalogue items,
#: annual reports), signing a reply to an applicant, answering an inquiry. Whoever holds a
#: role allowed one of them must use a second factor.
TWO_FACTOR_ACTIONS = frozenset({"publish", "sign_off", "answer"})
GRACE_SESSION_KEY = "gk_2fa_grace"


def two_factor_required(user) -> bool:
    """Must ``user`` pass a TOTP check before using the staff console?"""
    if not getattr(settings, "GONGKAI_REQUIRE_2FA", True):
        return False
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    from gongkai.agencies.models import Role
    from gongkai.agencies.permissions import is_system_admin, roles_allowed, roles_of

    if is_system_admin(user):
        return True
    roles = roles_of(user)
    if Role.AGENCY_ADMIN in roles or roles & roles_allowed(TWO_FACTOR_ACTIONS):
        return True
    # Publishing pages is a Wagtail permission of the agency groups.
    return policy_registry.get_by_type(Page).user_has_permission(user, "publish")


def has_device(user) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def enrol_authenticator(user) -> str:
    """Give ``user`` a confirmed TOTP device (their existing one if any); returns its key in
    base32, as an authenticator app or ``oathtool --totp -b KEY`` takes it. For the demo
    and the tests; staff enrol themselves by scanning the code on the setup page."""
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return base64.b32encode(device.bin_key).decode("ascii")


def grant_grace_login(sender, request, user, **kwargs):
    """``user_logged_in``: the first login of a user who needs a second factor but has none
    is their grace login (recorded once); the session remembers it."""
    if request is None or not two_factor_required(user) or has_device(user):
        return
    from gongkai.ops.models import TwoFactorGrace

    _grace, created = TwoFactorGrace.objects.get_or_create(user=user)
    if created:
        from gongkai.audit.services import audit_record

        request.session[GRACE_SESSION_KEY] = True
        audit_record(action="login", verb="two_factor.grace_login", obj=user, actor=user)


def _exempt_paths() -> tuple[str, ...]:
    names = [
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_javascript_catalog",
        "gongkai_ops:two_factor_setup",
        "gongkai_ops:two_factor_verify",
    ]
    paths = []
    for name in names:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:
            pass
    paths += ["/admin/password_reset/", "/django-admin/login/", "/django-admin/logout/"]
    return tuple(paths)


class TwoFactorMiddleware:
    """Send staff who need a second factor to set it up or to enter a code (after OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def __call__(self, request):
        response = self._check(request)
        return response if response is not None else self.get_response(request)

    def _check(self, request):
        path = request.path_info
        if not path.startswith(ADMIN_PREFIXES):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(user, "is_verified", lambda: False)():
            return None
        if self._exempt is None:
            self._exempt = _exempt_paths()
        if path.startswith(self._exempt):
            return None
        device = has_device(user)
        if not device and not two_factor_required(user):
            return None
        if not device and request.session.get(GRACE_SESSION_KEY):
            self._remind(request)
            return None
        target = "gongkai_ops:two_factor_verify" if device else "gongkai_ops:two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _remind(request):
        """Once per grace session: say that the next login needs the authenticator."""
        if request.session.get(f"{GRACE_SESSION_KEY}_told") or request.method != "GET":
            return
        from django.contrib import messages

        request.session[f"{GRACE_SESSION_KEY}_told"] = True
        messages.warning(
            request,
            _(
                "您的角色须使用双因素认证。本次登录为宽限登录，请在“账户设置 › 双因素认证”中"
                "绑定手机身份验证器；下次登录起须先完成绑定才能使用后台。"
            ),
        )


# --- Content-Security-Policy ----------------------------------------------------------


class RejectNullCharactersMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL character.

    No page or API takes one, PostgreSQL text cannot store or compare one (a filter would
    end in a server error), and forms already refuse it (Django's
    ProhibitNullCharactersValidator); this covers every view that reads ``request.GET``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("请求中含有不允许的字符")
            if request.path.startswith("/api/"):  # the API answers errors as {"detail": ...}
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class CSPMiddleware(BaseCSPMiddleware):
    """The strict policy everywhere except the staff console, which gets ``GONGKAI_ADMIN_CSP``."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIXES)
        ):
            parts.config = getattr(settings, "GONGKAI_ADMIN_CSP", None)
        return parts
