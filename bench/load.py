"""Load benchmark: a mixed workload against gunicorn + PostgreSQL for a bounded time.

    python bench/load.py [--seconds 60] [--users 50] [--workers 3]
                         [--database-url postgres://postgres@127.0.0.1:5432/NAME] [--keep]

Without ``--database-url`` a fresh PostgreSQL database ``gk_load_<random>`` is created,
migrated and loaded with the demo data (``gongkai demo --no-serve``), and dropped at the
end (unless ``--keep``). gunicorn then serves the app on 127.0.0.1 and ``--users``
threads, each a simulated person with its own connection and cookies, run for
``--seconds``:

* anonymous readers (60 %): portal home, agency home, catalogue listing (with filters and
  pages), disclosure item pages, published annual reports, the API catalogue;
* searchers (20 %): /search/ with common terms, newest first and by relevance;
* applicants (10 %): submit an application through the API (token, own idempotency
  key), then look up its status;
* staff (10 %): a registrar logged into the staff console opening the worklist and cases.

A user pauses ``--think`` seconds between visits (default 1-3 s, uniform: a person reading;
``--think 0,0.05`` turns the run into a closed-loop stress test). Before the measured window
every public page and search of the mix is rendered once into the shared page cache (the
web processes share a file cache, as the documented multi-process deployment shares one)
and every user logs in (a login costs a deliberate PBKDF2 hash; its latency is printed on
its own line and in the JSON as ``login_p50_ms``).

It prints throughput, latency percentiles (p50/p95/p99) and errors per kind and overall,
and ends with one JSON line::

    {"bench":"load","users":50,"rps":...,"p50_ms":...,"p99_ms":...,"errors":...}

An error is a transport failure or a status >= 500, or a status other than expected.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's calendar (used by http.cookiejar).
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict

REPO = Path(__file__).resolve().parents[1]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SEARCH_TERMS = ["统计", "公报", "居民", "人口普查", "国民经济", "价格", "2020", "年度报告", "财政"]
MIX = [("read", 60), ("search", 20), ("apply", 10), ("staff", 10)]
DEMO_PASSWORD = "Gongkai-demo-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(database_url: str, var_dir: Path, settings_module: str = "gongkai.settings") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "GONGKAI_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "GONGKAI_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": settings_module,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
            "DEBUG": "False",
            "LOG_LEVEL": "ERROR",
            "EMAIL_URL": "dummymail://",
            "CONN_MAX_AGE": "600",
            # Several web processes share one cache, as in the documented multi-process
            # deployment (one file cache on one machine; Redis or Memcached across machines).
            "CACHE_URL": f"filecache://{var_dir / 'cache'}",
        }
    )
    return env


def run(args: list[str], env: dict, timeout: float = 3600) -> str:
    result = subprocess.run(
        args, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


# --- the simulated people ---------------------------------------------------------------


class Person:
    def __init__(self, base: str, ctx: dict, stats, rnd: random.Random):
        self.base = base
        self.ctx = ctx
        self.stats = stats
        self.rnd = rnd
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.logged_in = False

    def request(self, kind, path, *, data=None, headers=None, expect=(200,), method=None):
        url = self.base + path
        body = None
        headers = dict(headers or {})
        if isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif isinstance(data, bytes):
            body = data
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        start = time.perf_counter()
        status, content = 0, b""
        try:
            with self.opener.open(request, timeout=30) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        except (OSError, http.client.HTTPException) as error:
            status, content = -1, str(error).encode()
        elapsed = (time.perf_counter() - start) * 1000
        ok = status in expect
        self.stats.record(kind, elapsed, ok, status, path)
        return status, content

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    # --- the four kinds of visit ---

    def read(self):
        choice = self.rnd.random()
        if choice < 0.15:
            self.request("read", "/")
        elif choice < 0.3:
            self.request("read", f"/{self.rnd.choice(self.ctx['agencies'])}/")
        elif choice < 0.5:
            page = self.rnd.randint(1, 3)
            self.request("read", f"/mzl-tjj/catalogue/?page={page}")
        elif choice < 0.8 and self.ctx["items"]:
            self.request("read", self.rnd.choice(self.ctx["items"]))
        elif choice < 0.9:
            self.request("read", "/reports/")
        else:
            page = self.rnd.randint(1, 3)
            self.request("read", f"/api/catalogue/items?page={page}")

    def search(self):
        q = urllib.parse.quote(self.rnd.choice(SEARCH_TERMS))
        order = "&order=newest" if self.rnd.random() < 0.3 else ""
        self.request("search", f"/search/?q={q}{order}")

    def apply(self):
        key = uuid.uuid4().hex
        body = {
            "agency": "mzl-tjj",
            "idempotency_key": key,
            "applicant_type": "natural_person",
            "applicant_name": "压力测试",
            "id_type": "resident_id",
            "id_number": "110101199003074514",
            "phone": "13800138000",
            "address": "满洲里市某路1号",
            "info_title": "2024年统计数据",
            "description": "负载测试提交的申请",
            "provision_form": "electronic",
            "receipt_method": "pickup",
        }
        headers = {
            "Authorization": f"Bearer {self.ctx['token']}",
            "Content-Type": "application/json",
        }
        status, content = self.request(
            "apply",
            "/api/applications",
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers=headers,
            expect=(201,),
            method="POST",
        )
        if status == 201:
            out = json.loads(content)
            look = {"tracking_number": out["tracking_number"], "query_code": out["query_code"]}
            self.request(
                "status",
                "/api/applications/status",
                data=json.dumps(look).encode(),
                headers=headers,
                method="POST",
            )

    def staff(self):
        if not self.logged_in:
            self.request("staff_login", "/admin/login/")
            status, _c = self.request(
                "staff_login",
                "/admin/login/",
                data={
                    "username": "tjj-registrar",
                    "password": DEMO_PASSWORD,
                    "csrfmiddlewaretoken": self.csrf(),
                    "next": "/admin/",
                },
                headers={"Referer": self.base + "/admin/login/"},
                expect=(302,),
            )
            self.logged_in = status == 302
            return
        status, content = self.request("staff", "/admin/applications/")
        cases = re.findall(rb"/admin/applications/(\d+)/", content)
        if cases:
            pk = self.rnd.choice(cases).decode()
            self.request("staff", f"/admin/applications/{pk}/")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.samples = defaultdict(list)

    def record(self, kind, ms, ok, status, path):
        with self.lock:
            self.latencies[kind].append(ms)
            if not ok:
                self.errors[kind] += 1
                if len(self.samples[kind]) < 5:
                    self.samples[kind].append((status, path))


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


# --- setup and run ----------------------------------------------------------------------


def discover(base: str) -> dict:
    """Item page URLs and agency slugs of the demo site, through the API."""
    with urllib.request.urlopen(f"{base}/api/catalogue/items?page_size=100", timeout=60) as r:
        items = [i["url"] for i in json.loads(r.read())["items"] if i["url"]]
    with urllib.request.urlopen(f"{base}/api/agencies", timeout=60) as r:
        agencies = [a["slug"] for a in json.loads(r.read()) if a["parent"]]
    return {"items": items, "agencies": agencies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--database-url", default="", help="use this database (demo loaded)")
    parser.add_argument("--keep", action="store_true", help="keep the created database")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--think",
        default="1,3",
        help="seconds a user pauses between visits, MIN,MAX (uniform); 0,0.05 = stress",
    )
    parser.add_argument(
        "--settings",
        default="gongkai.settings",
        help="settings module of the server (tests.faults.fast_settings: MD5 password hasher)",
    )
    parser.add_argument(
        "--mix",
        default="read=60,search=20,apply=10,staff=10",
        help="weights of the kinds of visit, e.g. read=75,search=25",
    )
    args = parser.parse_args()

    var_dir = Path(os.environ.get("GONGKAI_BENCH_VAR", f"/tmp/gk_load_{os.getpid()}"))
    created = None
    url = args.database_url
    if not url:
        created = f"gk_load_{uuid.uuid4().hex[:8]}"
        pg_admin(f'CREATE DATABASE "{created}"')
        url = f"{PG_SERVER}/{created}"
        print(f"loading the demo into {created} ...", file=sys.stderr)
        env = env_for(url, var_dir)
        run([sys.executable, "-m", "gongkai.cli", "demo", "--no-serve"], env)
    env = env_for(url, var_dir, args.settings)
    token = json.loads(
        run(
            [
                sys.executable,
                "-m",
                "gongkai.cli",
                "api",
                "create-client",
                f"load-{uuid.uuid4().hex[:6]}",
                "--scopes",
                "applications:submit",
                "applications:status",
                "catalogue:read",
                "--rate",
                "1000000",
                "--json",
            ],
            env,
        )
        .strip()
        .splitlines()[-1]
    )["token"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gongkai.wsgi:application",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--backlog",
            "1024",
        ],
        env=env,
        cwd=REPO,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stats = Stats()
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("gunicorn did not start:\n" + (server.stderr.read() or ""))
                time.sleep(0.3)
        ctx = {"token": token, **discover(base)}
        # Warm up (not measured): every worker imports its code, and every public page and
        # search of the mix is rendered once into the shared page cache.
        warm = Person(base, ctx, Stats(), random.Random(0))
        warm_paths = ["/", "/reports/", *(f"/{slug}/" for slug in ctx["agencies"])]
        warm_paths += [f"/mzl-tjj/catalogue/?page={n}" for n in (1, 2, 3)] + ctx["items"]
        warm_paths += [f"/search/?q={urllib.parse.quote(t)}" for t in SEARCH_TERMS]
        warm_paths += [f"/search/?q={urllib.parse.quote(t)}&order=newest" for t in SEARCH_TERMS]
        for _i in range(args.workers):
            for path in warm_paths:
                warm.request("warm", path)
        # Staff start the measured window logged in, as on a working day (a login costs
        # a deliberate PBKDF2 hash; it is measured here and reported on its own line).
        logins = Stats()
        people = [
            Person(base, ctx, stats, random.Random(args.seed * 1000 + n)) for n in range(args.users)
        ]
        for person in people:
            person.stats = logins
            person.staff()
            person.stats = stats
        think_min, think_max = (float(x) for x in args.think.split(","))

        mix = dict(part.split("=") for part in args.mix.split(","))
        kinds = [k for k, w in mix.items() if k in dict(MIX) for _i in range(int(w))]
        stop = time.monotonic() + args.seconds

        def user(n: int) -> None:
            person = people[n]
            rnd = person.rnd
            time.sleep(rnd.uniform(0, think_max))  # users arrive spread out, not in step
            while time.monotonic() < stop:
                getattr(person, rnd.choice(kinds))()
                time.sleep(rnd.uniform(think_min, think_max))

        started = time.monotonic()
        threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
        if created and not args.keep:
            pg_admin(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')

    all_ms = [ms for values in stats.latencies.values() for ms in values]
    total = len(all_ms)
    errors = sum(stats.errors.values())
    print(
        f"think {args.think} s, "
        f"{args.users} users, {args.seconds:.0f} s, gunicorn {args.workers} workers x "
        f"{args.threads} threads, PostgreSQL, {os.cpu_count()} CPUs, mix {args.mix}, {args.settings}"
    )
    print(
        f"{'kind':<12}{'requests':>9}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    )
    for kind in sorted(stats.latencies):
        values = stats.latencies[kind]
        print(
            f"{kind:<12}{len(values):>9}{len(values) / elapsed:>8.1f}{pct(values, 50):>9.0f}"
            f"{pct(values, 95):>9.0f}{pct(values, 99):>9.0f}{stats.errors[kind]:>8}"
        )
        for status, path in stats.samples[kind]:
            print(f"    error sample: {status} {path}")
    login_ms = logins.latencies.get("staff_login", [])
    print(
        f"{'(login)':<12}{len(login_ms):>9}{'':>8}{pct(login_ms, 50):>9.0f}"
        f"{pct(login_ms, 95):>9.0f}{pct(login_ms, 99):>9.0f}{sum(logins.errors.values()):>8}"
        "   before the window"
    )
    print(
        f"{'all':<12}{total:>9}{total / elapsed:>8.1f}{pct(all_ms, 50):>9.0f}"
        f"{pct(all_ms, 95):>9.0f}{pct(all_ms, 99):>9.0f}{errors:>8}"
    )
    print(
        json.dumps(
            {
                "bench": "load",
                "users": args.users,
                "mix": args.mix,
                "seconds": round(elapsed, 1),
                "requests": total,
                "rps": round(total / elapsed, 1),
                "p50_ms": round(pct(all_ms, 50), 1),
                "p95_ms": round(pct(all_ms, 95), 1),
                "p99_ms": round(pct(all_ms, 99), 1),
                "errors": errors,
                "think_s": args.think,
                "login_p50_ms": round(pct(login_ms, 50), 1),
                "login_errors": sum(logins.errors.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
