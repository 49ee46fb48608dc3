"""`gongkai demo` (what `make demo` runs) serves the admin login and a home page on $PORT."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


def _row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _worker_seen(db: Path) -> bool:
    try:
        with sqlite3.connect(db) as conn:
            beats = conn.execute("SELECT COUNT(*) FROM ops_workerheartbeat").fetchone()[0]
            jobs = {r[0] for r in conn.execute("SELECT name FROM ops_scheduledjob")}
    except sqlite3.OperationalError:  # not migrated yet
        return False
    return beats > 0 and "applications.deadline_reminders" in jobs


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the quick start uses SQLite; its PostgreSQL path is covered by the rest of the suite",
)
def test_demo_serves_admin_and_home_and_is_idempotent(tmp_path):
    db = tmp_path / "demo.sqlite3"
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "PORT": str(port),
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("TASKS_BACKEND", None)  # the suite's immediate backend: a new user has none
    server = subprocess.Popen(
        [GONGKAI, "demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/admin/login/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        server.stdout.read() if server.stdout else "no output"
                    ) from None
                time.sleep(1)
        assert status == 200 and 'name="username"' in body
        status, home = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and 'lang="zh-CN"' in home
        # the background worker runs next to the server: it beats and schedules the jobs
        deadline = time.monotonic() + 300  # it first works off the demo's indexing tasks
        while not _worker_seen(db):
            if time.monotonic() > deadline:
                log = tmp_path / "var" / "worker.log"
                raise AssertionError(
                    "no worker started by gongkai demo; worker.log:\n"
                    + (log.read_text("utf-8", "replace")[-3000:] if log.exists() else "(none)")
                )
            time.sleep(1)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "启动后台任务进程" in output
    time.sleep(2)
    with sqlite3.connect(db) as conn:  # the worker stopped with the demo (it says goodbye)
        assert conn.execute("SELECT COUNT(*) FROM ops_workerheartbeat").fetchone()[0] == 0
    assert "tjj-registrar" in output and "Gongkai-demo-2026" in output
    # Every step says what it does before it starts (the first run takes a minute or two).
    steps = [line for line in output.splitlines() if line.lstrip().startswith("[")]
    assert any("迁移数据库" in line for line in steps)
    assert any("检查部署配置" in line for line in steps)
    assert sum("载入演示数据" in line for line in steps) >= 5, steps

    before = _row_counts(db)
    again = subprocess.run(
        [GONGKAI, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    assert _row_counts(db) == before
