"""Content-Security-Policy for the portal and the staff console; cookie and frame settings."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


def test_portal_gets_the_strict_policy(client):
    response = client.get("/healthz")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_portal_templates_have_no_inline_script():
    """The strict policy would block inline scripts: the portal templates must not have any."""
    import re
    from pathlib import Path

    import gongkai

    root = Path(gongkai.__file__).parent
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        if "/admin" in str(template) or "wagtailadmin" in template.read_text(encoding="utf-8"):
            continue
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(
            r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", text
        ):
            offenders.append(f"{template.relative_to(root)}: {match.group(0)}")
        if re.search(r"\son(click|load|change|submit|input)=", text):
            offenders.append(f"{template.relative_to(root)}: inline event handler")
    assert offenders == []


def test_staff_console_renders_with_its_own_policy(client, django_user_model):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    policy = _directives(login["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    user = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")
    client.force_login(user)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Content-Security-Policy" in dashboard


def test_session_cookie_is_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "json"),
    [
        ("/mzl-tjj/catalogue/?title=%00", False),
        ("/search/?q=%E7%BB%9F%00", False),
        ("/api/catalogue/items?q=%00", True),
    ],
)
def test_nul_characters_are_refused_before_any_view(client, path, json):
    response = client.get(path)
    assert response.status_code == 400
    if json:
        assert response.json() == {"detail": "请求中含有不允许的字符"}
    else:
        assert "请求中含有不允许的字符" in response.content.decode()
