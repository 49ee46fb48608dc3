"""SIGKILL of the web server during a burst of 200 concurrent submissions.

gunicorn (2 workers) serves the real app on a file database (SQLite in WAL mode, or a
fresh PostgreSQL database). 200 threads each submit one application through the API
with their own idempotency key. When a part of them has been answered, the whole
server (master and workers) is killed with SIGKILL; requests in flight are cut off.
After a restart:

* every submission that received a tracking number exists, with that number;
* tracking numbers are unique, and each idempotency key made at most one application;
* retrying every submission with its key (what an integration does after a failure)
  gives each its tracking number, the answered ones the same as before, and the
  database then holds exactly 200 applications.
"""

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request

from tests.faults.conftest import (
    REPO,
    base_env,
    free_port,
    kill_group,
    python,
    query,
    wait_http,
)

N = 200
KILL_AFTER = 60  # answered submissions before the kill

SEED = """
from gongkai.agencies import demo
from gongkai.api.services import api_client_create
from gongkai.demo import DemoContext
demo.load(DemoContext(verbosity=0))
print(api_client_create(name="burst", scopes=["applications:submit"], rate_limit=100000).token)
"""


def _body(i: int) -> bytes:
    return json.dumps(
        {
            "agency": "mzl-tjj",
            "idempotency_key": f"burst-{i}",
            "applicant_type": "natural_person",
            "applicant_name": f"申请人{i}",
            "id_type": "resident_id",
            "id_number": "110101199003074514",
            "phone": "13800138000",
            "address": "满洲里市某路1号",
            "info_title": f"第{i}项统计数据",
            "description": "2024年统计数据",
            "provision_form": "electronic",
            "receipt_method": "pickup",
        },
        ensure_ascii=False,
    ).encode()


def _submit(base: str, token: str, i: int) -> str | None:
    request = urllib.request.Request(
        f"{base}/api/applications",
        data=_body(i),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            return json.loads(response.read())["tracking_number"]
    except (urllib.error.URLError, ConnectionError, OSError, ValueError):
        return None


def _start(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gongkai.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--backlog",
            "512",
        ],
        env=env,
        cwd=REPO,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return proc


def test_every_answered_submission_survives_a_sigkill(database, tmp_path):
    env = base_env(database["url"], tmp_path / "var")
    token = python(SEED, env=env).strip().splitlines()[-1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(env, port)

    answered: dict[int, str] = {}
    lock = threading.Lock()
    enough = threading.Event()
    go = threading.Barrier(N)

    def one(i: int) -> None:
        go.wait()
        number = _submit(base, token, i)
        if number is not None:
            with lock:
                answered[i] = number
                if len(answered) >= KILL_AFTER:
                    enough.set()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(N)]
    try:
        for t in threads:
            t.start()
        assert enough.wait(timeout=600), f"only {len(answered)} answered before the kill"
        kill_group(server)
        killed_at = len(answered)
        for t in threads:
            t.join(timeout=200)
        assert killed_at < N, "the burst was over before the kill"
        before_restart = dict(answered)

        server = _start(env, port)
        rows = query(database, "SELECT tracking_number, form_token FROM applications_application")
        numbers = [r[0] for r in rows]
        assert len(numbers) == len(set(numbers)), "a tracking number was given twice"
        tokens = [r[1] for r in rows]
        assert len(tokens) == len(set(tokens)), "an idempotency key made two applications"
        assert len(rows) <= N
        missing = set(before_restart.values()) - set(numbers)
        assert not missing, f"answered but lost after the kill: {sorted(missing)[:5]}"

        # The integration retries everything with the same keys.
        retried = {i: _submit(base, token, i) for i in range(N)}
        assert all(retried.values()), "a retry after restart failed"
        for i, number in before_restart.items():
            assert retried[i] == number, f"submission {i} changed its tracking number"
        rows = query(database, "SELECT tracking_number FROM applications_application")
        assert len(rows) == N and len({r[0] for r in rows}) == N
        print(
            f"\n{database['vendor']}: {len(before_restart)} answered before the SIGKILL "
            f"(kill after {killed_at}), {len(numbers)} stored at restart, {N} after retries"
        )
    finally:
        kill_group(server)
