"""SIGKILL of ``gongkai worker`` in the middle of a task: the task is retried, the e-mail
goes out exactly once (``ops.outbound.send_once``), counted by a real SMTP server.

The worker is killed while the task lingers either before its e-mail was sent (the retry
sends it) or after (the retry finds it sent and does not send it again). A second worker,
started once the first one's heartbeat is stale, gives the lost task back to the queue
and runs it.
"""

import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.faults.conftest import REPO, base_env, free_port, kill_group, python, query


class Counter:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp():
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, counter
    finally:
        controller.stop()


def _worker(env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai.cli",
            "worker",
            "--heartbeat",
            "1",
            "--lost-after",
            "3",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-scheduler",
            *extra,
        ],
        env=env,
        cwd=REPO,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _task_row(database, task_id: str):
    rows = query(
        database,
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        f"WHERE id = '{task_id}' OR id = '{task_id.replace('-', '')}'",
    )
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("when", ["before", "after"])
def test_killed_worker_task_is_retried_and_mails_once(database, tmp_path, smtp, when):
    port, counter = smtp
    markers = tmp_path / "markers"
    markers.mkdir()
    env = base_env(database["url"], tmp_path / "var", EMAIL_URL=f"smtp://127.0.0.1:{port}")
    task_id = (
        python(
            "from tests.faults.tasks import mail_then_linger\n"
            f"print(mail_then_linger.enqueue('fault-test:{when}', {str(markers)!r}, {when!r}).id)",
            env=env,
        )
        .strip()
        .splitlines()[-1]
    )

    first = _worker(env)
    try:
        deadline = time.monotonic() + 300
        while not (markers / "lingering").exists():
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "the task never started"
            time.sleep(0.2)
        kill_group(first)  # SIGKILL in the middle of the task
    finally:
        if first.poll() is None:
            kill_group(first)
    status, _workers = _task_row(database, task_id)
    assert status == "RUNNING"  # nobody finished it
    assert len(counter.messages) == (1 if when == "after" else 0)

    time.sleep(4)  # the dead worker's heartbeat goes stale (--lost-after 3)
    second = _worker(env, "--batch")
    try:
        second.wait(timeout=300)
    finally:
        if second.poll() is None:
            kill_group(second)
    status, workers = _task_row(database, task_id)
    if isinstance(workers, str):
        import json

        workers = json.loads(workers)
    assert status == "SUCCESSFUL", status
    assert len(workers) == 2  # two attempts: the killed one and the retry
    assert len(counter.messages) == 1  # exactly one e-mail, whatever the moment of the kill
    sent = query(
        database, f"SELECT status FROM ops_outboundmessage WHERE key = 'fault-test:{when}'"
    )
    assert sent == [("sent",)]
