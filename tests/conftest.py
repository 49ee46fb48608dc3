"""Shared fixtures. Tests run against the database named by DATABASE_URL (SQLite by default)."""

import os

import pytest

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")


# --- transactional tests leave the database as the migrations left it -------------------
#
# Django's TransactionTestCase empties every table after the test (flush), then re-creates
# only content types and permissions (post_migrate). The rows that data migrations create
# (Wagtail's root page, site and collection, the holiday table seed, ...) are gone, and the
# re-created content types get new ids; a later test that restores a serialized copy then
# collides with them ("UNIQUE constraint failed: django_content_type..."), and ordinary tests
# that run after a transactional one see a database without the migrated rows. Which test
# failed depended on the order.
#
# The rule here instead: between any two tests the database holds exactly what the
# migrations created. Ordinary tests keep it by rolling back. Every transactional test,
# after its flush (without post_migrate), gets the snapshot taken right after migrating
# restored into the empty tables, so nothing can collide and no test relies on the order.
# ``serialized_rollback`` is therefore never needed (and refused, see below).


#: The migrated contents of each test database, by alias (a module-level dict, not an
#: attribute of the connection: Django's connections are per thread and context, and the
#: browser tests' event loop sees other connection objects than the set-up did).
_MIGRATED: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, plus the snapshot of its migrated contents (one per database).

    Content types come first in the snapshot: restoring some rows instantiates models that
    look their content type up (Wagtail's ``Task.__init__``), which would otherwise create
    it with a new id before its own row is restored."""
    import json

    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=False):
            rows = json.loads(connection.creation.serialize_db_to_string())
            rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")  # stable
            _MIGRATED[connection.alias] = json.dumps(rows)


def _flush_and_restore_migrated_state(self):
    """``TransactionTestCase._fixture_teardown``: empty every table (without post_migrate,
    which would re-create content types under new ids), then restore the migrated rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    for alias in self._databases_names(include_mirrors=False):
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=alias,
            reset_sequences=False,
            allow_cascade=self.available_apps is not None,
            inhibit_post_migrate=True,
        )
        connections[alias].creation.deserialize_db_from_string(_MIGRATED[alias])
    ContentType.objects.clear_cache()


def pytest_configure(config):
    from django.test import TransactionTestCase

    TransactionTestCase._fixture_teardown = _flush_and_restore_migrated_state


def pytest_collection_modifyitems(config, items):
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: serialized_rollback is not needed here (every transactional "
                "test leaves the migrated rows in place; see tests/conftest.py)"
            )


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
