"""Two-factor authentication (TOTP, recovery codes), required of administrators and of whoever
may publish or answer in the agency's name, enforced after one grace login.

The test suite runs with ``GONGKAI_REQUIRE_2FA`` off (as development does) and turns it on
here; tests that need a verified user enrol a device with ``enrol_authenticator`` (as
``gongkai demo`` does when the setting is on) and compute its current code.
"""

import base64
import io

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.agencies.demo import STAFF
from gongkai.ops.models import TwoFactorGrace
from gongkai.ops.security import enrol_authenticator, two_factor_required

pytestmark = pytest.mark.django_db

#: Demo users whose roles may publish, sign replies or answer inquiries, or administer.
REQUIRED = [
    "admin",
    "tjj-admin",
    "tjj-signer",
    "spj-supervisor",
    "tjj-registrar",
    "tjj-handler",
    "tjj-office",
    "czj-registrar",
    "czj-handler",
]
NOT_REQUIRED = ["tjj-reviewer", "tjj-secrecy", "tjj-unithead", "tjj-office-head", "czj-unithead"]


@pytest.fixture
def require_2fa(settings):
    settings.GONGKAI_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code below would delay the right one
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _token(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _fresh_step(device):
    """Allow the current time step again (a code is accepted once per step)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return device


def test_who_needs_a_second_factor(staff, require_2fa):
    assert {u for u, *_ in STAFF} == set(REQUIRED) | set(NOT_REQUIRED)
    for username in REQUIRED:
        assert two_factor_required(staff[username]), username
    for username in NOT_REQUIRED:
        assert not two_factor_required(staff[username]), username


def test_off_in_development(client, staff, settings):
    settings.GONGKAI_REQUIRE_2FA = False
    client.force_login(staff["admin"])
    assert client.get("/admin/").status_code == 200
    assert not TwoFactorGrace.objects.exists()


@pytest.mark.parametrize("username", ["admin", "tjj-admin", "tjj-signer", "tjj-registrar"])
def test_grace_login_then_setup_is_enforced(client, staff, require_2fa, username):
    from gongkai.audit.models import AuditEntry

    user = staff[username]
    # 1. The first login is the grace login: the console works, with a reminder.
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "宽限登录" in response.content.decode()
    assert client.get("/admin/account/").status_code == 200
    assert TwoFactorGrace.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(verb="two_factor.grace_login", actor=user).exists()

    # 2. Any later login must set up an authenticator before anything else.
    client.logout()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/ops/2fa/setup/")
    assert client.get("/admin/reports/")["Location"].startswith("/admin/ops/2fa/setup/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/admin/ops/2fa/setup/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    ok = client.post("/admin/ops/2fa/setup/", {"token": _token(device), "next": "/admin/"})
    assert ok.status_code == 200  # the recovery codes, shown once
    codes = ok.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in ok.content.decode() for code in codes)
    assert client.get("/admin/").status_code == 200

    # 3. A new session must enter a code: the authenticator's, or a recovery code once.
    client.logout()
    client.force_login(user)
    assert client.get("/admin/reports/")["Location"].startswith("/admin/ops/2fa/verify/")
    assert client.get("/admin/ops/2fa/setup/")["Location"].startswith("/admin/ops/2fa/verify/")
    used = client.post("/admin/ops/2fa/verify/", {"token": codes[0], "next": "/admin/"})
    assert used.status_code == 302 and used["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(user)
    again = client.post("/admin/ops/2fa/verify/", {"token": codes[0], "next": "/admin/"})
    assert again.status_code == 200 and "不正确" in again.content.decode()
    ok = client.post(
        "/admin/ops/2fa/verify/", {"token": _token(_fresh_step(device)), "next": "/admin/"}
    )
    assert ok.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_can_be_renewed(client, staff, require_2fa):
    user = staff["tjj-admin"]
    TwoFactorGrace.objects.create(user=user)
    key = enrol_authenticator(user)
    device = TOTPDevice.objects.get(user=user)
    assert base64.b32encode(device.bin_key).decode() == key
    client.force_login(user)
    client.post("/admin/ops/2fa/verify/", {"token": _token(device), "next": "/admin/"})
    page = client.get("/admin/ops/2fa/recovery/")
    assert page.status_code == 200 and "0 个未使用的恢复码" in page.content.decode()
    first = client.post("/admin/ops/2fa/recovery/").context["codes"]
    second = client.post("/admin/ops/2fa/recovery/").context["codes"]
    assert set(first).isdisjoint(second)
    client.logout()
    client.force_login(user)
    stale = client.post("/admin/ops/2fa/verify/", {"token": first[0], "next": "/admin/"})
    assert stale.status_code == 200  # the old codes no longer work
    assert client.post("/admin/ops/2fa/verify/", {"token": second[0]}).status_code == 302


@pytest.mark.parametrize("username", NOT_REQUIRED[:2])
def test_other_staff_are_not_forced(client, staff, require_2fa, username):
    client.force_login(staff[username])
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(staff[username])
    assert client.get("/admin/").status_code == 200


def test_staff_with_a_device_must_use_it(client, staff, require_2fa):
    user = staff["tjj-reviewer"]
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    assert client.get("/admin/")["Location"].startswith("/admin/ops/2fa/verify/")


def test_django_admin_is_covered_too(client, staff, require_2fa):
    TwoFactorGrace.objects.create(user=staff["admin"])  # grace already used
    client.force_login(staff["admin"])
    response = client.get("/django-admin/")
    assert response.status_code == 302 and "/admin/ops/2fa/" in response["Location"]


def test_the_public_site_never_asks(client, staff, require_2fa):
    TwoFactorGrace.objects.create(user=staff["admin"])
    client.force_login(staff["admin"])
    assert client.get("/healthz").status_code == 200


def test_next_cannot_point_elsewhere(client, staff, require_2fa):
    TwoFactorGrace.objects.create(user=staff["admin"])
    client.force_login(staff["admin"])
    client.get("/admin/ops/2fa/setup/")
    device = TOTPDevice.objects.get(user=staff["admin"])
    response = client.post(
        "/admin/ops/2fa/setup/", {"token": _token(device), "next": "https://evil.example/"}
    )
    assert response.context["next"] == "/admin/"


def test_the_demo_prints_keys_that_log_in(client, require_2fa):
    """``gongkai demo`` with 2FA on: every user who needs it gets a key, and the key works."""
    from gongkai.agencies import demo as agencies_demo
    from gongkai.agencies.management.commands.demo import Command
    from gongkai.demo import DemoContext

    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    out = io.StringIO()
    command = Command(stdout=out)
    command._authenticators(ctx)
    keys = dict(line.split() for line in out.getvalue().splitlines()[1:])
    assert set(keys) == set(REQUIRED)
    user = ctx.users["tjj-signer"]
    TwoFactorGrace.objects.create(user=user)
    client.force_login(user)
    code = f"{totp(base64.b32decode(keys['tjj-signer'])):06d}"
    assert client.post("/admin/ops/2fa/verify/", {"token": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
