"""Shared fixtures. Tests run against the database named by DATABASE_URL (SQLite by default)."""

import os

import pytest

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files of a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The full demo data set (agencies, users for every role, records of every app)."""
    from gongkai.demo import load_demo

    return load_demo(verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: pages cached, rate-limit counters and lock-outs
    kept by an earlier test (whose rows were rolled back, and whose ids SQLite reuses) must
    not leak into this one. A new page-cache generation (gongkai.portal.cache) on top. The
    content-type cache too: a transactional test's flush no longer re-runs post_migrate
    (which used to clear it), so ids cached by an earlier test may not exist any more."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    from gongkai.portal.cache import bump

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    bump()
