"""Fixtures of the ops tests: the database task backend instead of the immediate one; a
real SMTP server; the test database as worker subprocesses see it."""

import socket
import sqlite3

import pytest
from django.db import connection


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


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


class Database:
    """The test database as the worker subprocesses see it, with raw reads."""

    def __init__(self, tmp_path):
        if connection.vendor == "sqlite":
            self.path = tmp_path / "worker.sqlite3"
            target = sqlite3.connect(self.path)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.path = None
            self.url = (
                f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            )

    def one(self, sql: str, params=()):
        if self.path is not None:
            db = sqlite3.connect(self.path, timeout=30)
            try:
                return db.execute(sql, params).fetchone()
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchone()

    def run(self, sql: str, params=()) -> None:
        """Execute a statement (committed at once) as another process would."""
        if self.path is not None:
            db = sqlite3.connect(self.path, timeout=30)
            try:
                db.execute(sql, params)
                db.commit()
            finally:
                db.close()
            return
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
