"""Links in e-mails and notices use one configured public base URL (issue 18.5)."""

import re
from pathlib import Path

import pytest
from django.core import checks, mail

from gongkai.ops.links import public_url, public_url_problem

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"


def test_public_url_uses_the_setting(settings, monkeypatch):
    settings.GONGKAI_PUBLIC_URL = "https://gongkai.example.gov.cn"
    assert public_url("/apply/status/") == "https://gongkai.example.gov.cn/apply/status/"
    assert public_url("apply/") == "https://gongkai.example.gov.cn/apply/"
    assert public_url("https://other.example/x") == "https://other.example/x"
    settings.GONGKAI_PUBLIC_URL = "https://example.gov.cn/gongkai"  # under a path prefix
    assert public_url("/apply/") == "https://example.gov.cn/gongkai/apply/"
    settings.GONGKAI_PUBLIC_URL = ""
    monkeypatch.setenv("PORT", "8765")
    assert public_url("/apply/") == "http://127.0.0.1:8765/apply/"


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        ("", False),
        ("https://gongkai.example.gov.cn", False),
        ("http://10.0.0.5:8080", False),
        ("gongkai.example.gov.cn", True),
        ("ftp://gongkai.example.gov.cn", True),
        ("https://gongkai.example.gov.cn/?a=1", True),
    ],
)
def test_public_url_problems(value, bad):
    assert (public_url_problem(value) is not None) is bad


def test_deploy_check_warns_when_unset_with_debug_off(settings):
    from gongkai.ops.checks import public_url_configured, public_url_wellformed

    settings.DEBUG = False
    settings.GONGKAI_PUBLIC_URL = ""
    assert [m.id for m in public_url_configured(None)] == ["gongkai.W003"]
    settings.GONGKAI_PUBLIC_URL = "https://gongkai.example.gov.cn"
    assert public_url_configured(None) == []
    settings.DEBUG = True
    settings.GONGKAI_PUBLIC_URL = ""
    assert public_url_configured(None) == []
    settings.GONGKAI_PUBLIC_URL = "gongkai.example.gov.cn"
    assert [m.id for m in public_url_wellformed(None)] == ["gongkai.W004"]
    registered = checks.registry.registry.get_checks(include_deployment_checks=True)
    assert public_url_configured in registered


@pytest.mark.django_db
def test_notice_email_links_to_the_public_url(settings, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    from gongkai.notifications.services import notify

    settings.GONGKAI_PUBLIC_URL = "https://gongkai.example.gov.cn"
    user = get_user_model().objects.create_user("clerk", email="clerk@example.gov.cn")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[user],
            key="test:link",
            kind="reminder",
            title="到期提醒",
            body="请办理",
            url="/admin/applications/1/",
        )
    sent = [m for m in mail.outbox if m.to == ["clerk@example.gov.cn"]]
    assert sent and "https://gongkai.example.gov.cn/admin/applications/1/" in sent[0].body
    assert "127.0.0.1" not in sent[0].body


def test_no_host_is_hard_coded_in_links():
    """Only the settings, ``ops.links`` and the demo command may name the local address;
    every other link to this site is built by ``public_url``."""
    allowed = {"settings.py", "ops/links.py", "agencies/management/commands/demo.py"}
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel in allowed or "/migrations/" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"127\.0\.0\.1|localhost:\d|WAGTAILADMIN_BASE_URL", text):
            offenders.append(rel)
    assert offenders == []
