"""TOTP two-factor authentication: required of system administrators and signers."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_2fa(settings):
    settings.GONGKAI_REQUIRE_2FA = True


def _token(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("username", ["admin", "tjj-signer"])
def test_required_roles_must_set_up_and_verify(client, staff, require_2fa, username, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would delay the right one
    client.force_login(staff[username])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/ops/2fa/setup/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff[username], confirmed=False)
    wrong = client.post("/admin/ops/2fa/setup/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    ok = client.post("/admin/ops/2fa/setup/", {"token": _token(device), "next": "/admin/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    # A new session must enter a code; setting up another device is not offered.
    client.logout()
    client.force_login(staff[username])
    response = client.get("/admin/reports/")
    assert response["Location"].startswith("/admin/ops/2fa/verify/")
    assert client.get("/admin/ops/2fa/setup/")["Location"].startswith("/admin/ops/2fa/verify/")
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # allow the same time step again
    device.refresh_from_db()
    ok = client.post("/admin/ops/2fa/verify/", {"token": _token(device), "next": "/admin/"})
    assert ok.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_django_admin_is_covered_too(client, staff, require_2fa):
    client.force_login(staff["admin"])
    response = client.get("/django-admin/")
    assert response.status_code == 302 and "/admin/ops/2fa/" in response["Location"]


def test_other_staff_are_not_forced(client, staff, require_2fa):
    client.force_login(staff["tjj-registrar"])
    assert client.get("/admin/").status_code == 200


def test_staff_with_a_device_must_use_it(client, staff, require_2fa):
    user = staff["tjj-registrar"]
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    assert client.get("/admin/")["Location"].startswith("/admin/ops/2fa/verify/")


def test_off_in_development(client, staff, settings):
    settings.GONGKAI_REQUIRE_2FA = False
    client.force_login(staff["admin"])
    assert client.get("/admin/").status_code == 200


def test_the_public_site_never_asks(client, staff, require_2fa):
    client.force_login(staff["admin"])
    assert client.get("/healthz").status_code == 200


def test_next_cannot_point_elsewhere(client, staff, require_2fa):
    client.force_login(staff["admin"])
    client.get("/admin/ops/2fa/setup/")
    device = TOTPDevice.objects.get(user=staff["admin"])
    response = client.post(
        "/admin/ops/2fa/setup/", {"token": _token(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"
