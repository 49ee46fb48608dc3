"""``gongkai demo [--no-serve]``: migrate, load the demo data, check, print the logins, serve.

Each step says what it is doing (the first run takes a minute or two), and the deployment
checks run before anything is served: a machine that would make PDFs without their text
stops here with the reason, instead of handing applicants blank letters.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "迁移数据库、载入演示数据、打印演示账号，并在 127.0.0.1:$PORT 提供服务"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--no-worker",
            dest="worker",
            action="store_false",
            help="不启动后台任务进程（到期提醒、定时发布等）",
        )

    def handle(self, *args, no_serve=False, port="8000", worker=True, **options):
        started = time.monotonic()

        def step(text: str) -> None:
            self.stdout.write(f"  [{time.monotonic() - started:5.1f} s] {text}")
            self.stdout.flush()

        step("检查部署配置（字体、设置）……")
        call_command("check", fail_level="ERROR")  # before anything else: fail fast
        step("迁移数据库……")
        call_command("migrate", interactive=False, verbosity=1)  # a line per migration applied
        ctx = load_demo(
            verbosity=0,
            progress=lambda n, total, name: step(f"载入演示数据 {n}/{total}：{name}……"),
        )
        step("完成。")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。工作人员登录（/admin/）："))
        for username, role, where in ctx.logins:
            self.stdout.write(f"  {username:<16} {DEMO_PASSWORD}  {role}  {where}")
        self._authenticators(ctx)
        if no_serve:
            return
        if not port.isdigit():
            self.stderr.write(f"PORT 必须是数字：{port}")
            raise SystemExit(2)
        self.stdout.write(
            f"门户首页：http://127.0.0.1:{port}/   管理后台：http://127.0.0.1:{port}/admin/"
        )
        # Links in the demo's e-mails (``ops.links.public_url``) point at this port, in this
        # process and in the worker, unless GONGKAI_PUBLIC_URL says otherwise.
        os.environ["PORT"] = port
        background = self._start_worker() if worker and self._queued_tasks() else None
        # ``kill``/Ctrl-C of the demo stops the worker too (runserver's own exit on SIGTERM
        # would skip the ``finally`` below and leave the worker running).
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            if background is not None and background.poll() is None:
                background.terminate()
                try:
                    background.wait(10)
                except subprocess.TimeoutExpired:
                    background.kill()

    def _queued_tasks(self) -> bool:
        """Whether tasks wait in the database for a worker (the default). With another
        backend (TASKS_BACKEND, e.g. the immediate one) there is no queue to work off."""
        from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
        from django_tasks_db import DatabaseBackend

        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if isinstance(backend, DatabaseBackend):
            return True
        self.stdout.write(
            f"任务后端为 {type(backend).__name__}，任务即时执行，不启动后台任务进程"
            "（到期提醒和定时发布需数据库任务后端与 gongkai worker）"
        )
        return False

    def _start_worker(self) -> subprocess.Popen:
        """The background worker (``gongkai worker``): deadline reminders, scheduled
        publishing, the calendar's recompute, PDFs and e-mail, next to the web server."""
        from django.conf import settings

        log = Path(settings.VAR_DIR) / "worker.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        self.stdout.write(
            f"启动后台任务进程（gongkai worker：到期提醒、定时发布、邮件），日志：{log}"
        )
        with log.open("ab") as out:
            return subprocess.Popen(
                [sys.executable, "-m", "gongkai.cli", "worker", "--interval", "2"],
                env=os.environ.copy(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def _authenticators(self, ctx):
        """With GONGKAI_REQUIRE_2FA on, the users who need a second factor get an
        authenticator key: add it to an authenticator app (or `oathtool --totp -b KEY`)."""
        from django.conf import settings

        from gongkai.ops.security import enrol_authenticator, two_factor_required

        if not settings.GONGKAI_REQUIRE_2FA:
            return
        self.stdout.write("双因素认证已开启；以下账号登录时需输入身份验证器验证码（密钥）：")
        for username, _role, _where in ctx.logins:
            user = ctx.users[username]
            if two_factor_required(user):
                self.stdout.write(f"  {username:<16} {enrol_authenticator(user)}")
