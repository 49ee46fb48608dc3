"""Fixtures of the ops tests: the database task backend instead of the immediate one."""

import pytest


@pytest.fixture
def db_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Inside a test's transaction, the worker's connection recycling would close the
    # test's own connection on PostgreSQL (autocommit differs); a real worker needs it.
    monkeypatch.setattr("gongkai.ops.worker.close_old_connections", lambda: None)
    yield


@pytest.fixture
def run_worker(db_tasks):
    """Run a gongkai worker in this process until the queue has nothing ready."""
    from gongkai.ops.worker import GongkaiWorker

    def run(**options):
        worker = GongkaiWorker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=options.pop("max_tasks", None),
            worker_id=options.pop("worker_id", "test-worker"),
            excluded_queue_names=[],
            **options,
        )
        worker.run()
        return worker

    return run


@pytest.fixture
def staff(db):
    """Agencies and staff of the demo (the agencies app's part only), by username."""
    from gongkai.agencies import demo as agencies_demo
    from gongkai.demo import DemoContext

    ctx = DemoContext(verbosity=0)
    agencies_demo.load(ctx)
    return ctx.users
