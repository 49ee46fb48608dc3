"""Helpers of the fault tests: real processes (gunicorn, gongkai worker) on real databases."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(database_url: str, var_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "GONGKAI_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "GONGKAI_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "tests.faults.fast_settings",
            "PYTHONPATH": os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]),
            "EMAIL_URL": "dummymail://",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "DEBUG": "False",
            "LOG_LEVEL": "ERROR",
        }
    )
    env.update(extra)
    return env


def gongkai(*args, env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def python(code: str, *, env: dict, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL a process started with ``start_new_session`` and everything it forked."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def wait_http(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not come up")
        time.sleep(0.3)


def pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A migrated SQLite file (WAL), copied by each test: migrations run once."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    gongkai("migrate", "--no-input", env=base_env(f"sqlite:///{path}", folder / "var"))
    return path


def _want_pg() -> bool:
    return "postgres" in os.environ.get("DATABASE_URL", "") or bool(
        os.environ.get("GONGKAI_TEST_PG_FAULTS")
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, migrated_sqlite):
    """A fresh migrated database: a SQLite file in WAL mode, or a new PostgreSQL database
    (when DATABASE_URL names PostgreSQL, or GONGKAI_TEST_PG_FAULTS=1)."""
    if request.param == "sqlite":
        path = tmp_path / "gongkai.sqlite3"
        shutil.copy(migrated_sqlite, path)
        yield {"vendor": "sqlite", "url": f"sqlite:///{path}", "path": path}
        return
    if not _want_pg():
        pytest.skip("PostgreSQL run: set DATABASE_URL to PostgreSQL or GONGKAI_TEST_PG_FAULTS=1")
    if not pg_available():
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    name = f"gk_h8_fault_{uuid.uuid4().hex[:8]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    url = f"{PG_SERVER}/{name}"
    try:
        gongkai("migrate", "--no-input", env=base_env(url, tmp_path / "var"))
        yield {"vendor": "postgresql", "url": url, "name": name}
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database: dict, sql: str) -> list[tuple]:
    """Rows of ``sql`` read straight from the database (not through Django)."""
    if database["vendor"] == "sqlite":
        import sqlite3

        with sqlite3.connect(database["path"]) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database["url"]) as conn:
        return conn.execute(sql).fetchall()
