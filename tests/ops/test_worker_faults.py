"""A worker killed with SIGKILL in the middle of a task: the task is retried, the e-mail not resent.

Real processes: ``gongkai worker`` subprocesses on the test database (SQLite: a file copy of
it; PostgreSQL: the test database itself) and a real SMTP server (aiosmtpd) counting mail.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from gongkai.ops import diagnostics

from .conftest import Database

pytestmark = pytest.mark.django_db(transaction=True)


def _start_worker(db: Database, smtp, tmp_path, worker_id: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "GONGKAI_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
            "DATABASE_URL": db.url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        }
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai.cli",
            "worker",
            "--worker-id",
            worker_id,
            "--heartbeat",
            "0.5",
            "--lost-after",
            "2",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-scheduler",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_killed_worker_task_is_retried_and_mail_is_not_resent(settings, tmp_path, smtp):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = diagnostics.probe.enqueue("fault-1", to=["applicant@example.com"], sleep_after=60)
    task_id = str(result.id).replace("-", "") if connection.vendor == "sqlite" else str(result.id)
    db = Database(tmp_path)
    status = "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = ?"

    first = _start_worker(db, smtp, tmp_path, "worker-a")
    try:
        _wait_for(lambda: smtp.messages, 120, "the first worker to send the e-mail")
        _wait_for(lambda: db.one(status, (task_id,))[0] == "RUNNING", 30, "task running")
        first.send_signal(signal.SIGKILL)  # in the middle of the task, after the e-mail
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert db.one(status, (task_id,))[0] == "RUNNING"  # nobody finished it
    sent = db.one("SELECT status FROM ops_outboundmessage WHERE key = ?", ("probe:fault-1",))
    assert sent == ("sent",)

    second = _start_worker(db, smtp, tmp_path, "worker-b")
    try:
        _wait_for(
            lambda: db.one(status, (task_id,))[0] == "SUCCESSFUL", 120, "the retry to succeed"
        )
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(30)
        except subprocess.TimeoutExpired:
            second.kill()
    row = db.one(
        "SELECT status, worker_ids, return_value, exception_class_path "
        "FROM django_tasks_database_dbtaskresult WHERE id = ?",
        (task_id,),
    )
    assert row[0] == "SUCCESSFUL"
    import json

    worker_ids = row[1] if isinstance(row[1], list) else json.loads(row[1])
    returned = row[2] if isinstance(row[2], dict) else json.loads(row[2])
    assert worker_ids == ["worker-a", "worker-b"]
    assert returned["attempt"] == 2
    assert returned["mail"] == "already_sent"
    assert len(smtp.messages) == 1  # exactly one e-mail left the system
    assert smtp.messages[0].rcpt_tos == ["applicant@example.com"]
