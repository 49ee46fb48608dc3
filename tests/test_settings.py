"""Settings under production variables: `check --deploy` is clean, secrets are required."""

import json
import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "GONGKAI_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "GONGKAI_PUBLIC_URL": "https://gongkai.example.gov.cn",
    "DJANGO_SETTINGS_MODULE": "gongkai.settings",
}


def _run(args, env_extra, tmp_path, drop=()):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GONGKAI_", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"))
    }
    env.update(env_extra)
    env["GONGKAI_VAR_DIR"] = str(tmp_path / "var")
    for key in drop:
        env.pop(key, None)
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_passes_with_production_variables(tmp_path):
    result = _run(
        ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_without_a_public_url(tmp_path):
    result = _run(
        ["-m", "django", "check", "--deploy"], PRODUCTION, tmp_path, drop=["GONGKAI_PUBLIC_URL"]
    )
    assert "gongkai.W003" in result.stdout + result.stderr


SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ["
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
    "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'GONGKAI_REQUIRE_2FA', 'X_FRAME_OPTIONS']}))"
)


def test_production_settings_are_secure(tmp_path):
    result = _run(["-c", SHOW], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "GONGKAI_REQUIRE_2FA": True,
        "X_FRAME_OPTIONS": "DENY",
    }


def test_development_defaults_keep_the_demo_usable(tmp_path):
    result = _run(["-c", SHOW], {"DJANGO_SETTINGS_MODULE": "gongkai.settings"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["GONGKAI_REQUIRE_2FA"] is False


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing, tmp_path):
    result = _run(["-c", SHOW], PRODUCTION, tmp_path, drop=[missing])
    assert result.returncode != 0
    assert missing in result.stderr


S3 = {
    "USE_S3": "1",
    "AWS_STORAGE_BUCKET_NAME": "gongkai-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.gov.cn",
    "AWS_ACCESS_KEY_ID": "id",
    "AWS_SECRET_ACCESS_KEY": "secret",
}
SHOW_STORAGE = (  # settings only: the storage package is an optional extra
    "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES['default']))"
)


def test_media_on_s3_when_switched_on(tmp_path):
    result = _run(["-c", SHOW_STORAGE], {**PRODUCTION, **S3}, tmp_path)
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "gongkai-media"
    assert storage["OPTIONS"]["default_acl"] is None


def test_s3_has_no_silent_defaults(tmp_path):
    result = _run(
        ["-c", SHOW_STORAGE], {**PRODUCTION, **S3}, tmp_path, drop=["AWS_S3_ENDPOINT_URL"]
    )
    assert result.returncode != 0
    assert "AWS_S3_ENDPOINT_URL" in result.stderr


def test_local_media_by_default(tmp_path):
    result = _run(["-c", SHOW_STORAGE], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["BACKEND"] == "django.core.files.storage.FileSystemStorage"
