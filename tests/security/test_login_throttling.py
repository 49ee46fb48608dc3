"""django-axes on the staff console login: lock-out after repeated failures."""

import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def _post(client, username, password, ip="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def test_correct_password_logs_in(client, staff):
    response = _post(client, "tjj-registrar", DEMO_PASSWORD)
    assert response.status_code == 302


def test_locked_out_after_repeated_failures(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert _post(client, "tjj-registrar", "wrong").status_code == 200
    locked = _post(client, "tjj-registrar", "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    # Even the right password is refused while locked out ...
    assert _post(client, "tjj-registrar", DEMO_PASSWORD).status_code == 429
    # ... on that address; the same user elsewhere and other users are not locked.
    assert _post(client, "tjj-registrar", DEMO_PASSWORD, ip="198.51.100.9").status_code == 302
    client.logout()
    assert _post(client, "tjj-handler", DEMO_PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _post(client, "tjj-registrar", "wrong")
    _post(client, "tjj-registrar", "wrong")
    assert _post(client, "tjj-registrar", DEMO_PASSWORD).status_code == 302
    client.logout()
    assert _post(client, "tjj-registrar", "wrong").status_code == 200


def test_test_client_login_still_works_with_axes_enabled(client, staff, settings):
    assert settings.AXES_ENABLED is not False
    assert client.login(username="tjj-registrar", password=DEMO_PASSWORD)
    assert not client.login(username="tjj-registrar", password="wrong")


def test_client_ip_behind_a_trusted_proxy(rf, settings):
    from gongkai.ops.security import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    settings.GONGKAI_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.GONGKAI_PROXY_COUNT = 1
    assert client_ip(request) == "5.6.7.8"  # the one nginx saw; 1.2.3.4 is client-supplied
    settings.GONGKAI_PROXY_COUNT = 3
    assert client_ip(request) == "127.0.0.1"  # fewer entries than proxies: not trusted
