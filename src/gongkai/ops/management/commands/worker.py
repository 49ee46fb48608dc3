"""``gongkai worker``: run background tasks and enqueue due periodic jobs."""

import datetime
import os
import socket

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import (
    Command as DbWorkerCommand,
)
from django_tasks_db.management.commands.db_worker import (
    valid_backend_name,
    valid_interval,
    valid_max_tasks,
)

from gongkai.ops.models import WorkerHeartbeat
from gongkai.ops.worker import GongkaiWorker


def _default_worker_id() -> str:
    return f"{socket.gethostname()[:32]}-{os.getpid()}-{get_random_string(6)}"[:64]


class Command(BaseCommand):
    help = (
        "Run a background worker: tasks from the database queue, retries with backoff, "
        "recovery of tasks whose worker died, and the periodic jobs (gongkai.ops.schedule)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="queues, comma separated; * = all")
        parser.add_argument("--exclude-queues", default="", help="with --queue-name=*")
        parser.add_argument("--interval", type=valid_interval, default=1.0, help="idle poll, s")
        parser.add_argument("--batch", action="store_true", help="run what is ready, then exit")
        parser.add_argument("--max-tasks", type=valid_max_tasks, default=None)
        parser.add_argument(
            "--backend", dest="backend_name", type=valid_backend_name, default="default"
        )
        parser.add_argument(
            "--worker-id", default=None, help="unique per worker (default: host-pid-random)"
        )
        parser.add_argument(
            "--no-scheduler",
            dest="scheduler",
            action="store_false",
            help="do not enqueue periodic jobs",
        )
        parser.add_argument(
            "--heartbeat", type=float, default=10.0, help="seconds between heartbeats"
        )
        parser.add_argument(
            "--lost-after",
            type=float,
            default=120.0,
            help="a worker silent this long (s) is dead; its running task is retried",
        )
        parser.add_argument("--no-startup-delay", dest="startup_delay", action="store_false")

    def handle(self, *args, **options):
        DbWorkerCommand(stdout=self.stdout, stderr=self.stderr).configure_logging(
            options["verbosity"]
        )
        if options["heartbeat"] <= 0 or options["lost_after"] <= options["heartbeat"] * 2:
            raise CommandError("--lost-after must be more than twice --heartbeat (both positive)")
        queue_names = options["queue_name"].split(",")
        excluded = [q for q in options["exclude_queues"].split(",") if q]
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        if connection.vendor == "sqlite":
            live = WorkerHeartbeat.objects.filter(
                last_seen__gte=timezone.now() - datetime.timedelta(seconds=options["lost_after"])
            ).count()
            if live:
                self.stderr.write(
                    "warning: another worker is running on this SQLite database; "
                    "one worker is enough on SQLite (use PostgreSQL for several)"
                )
        worker = GongkaiWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or _default_worker_id(),
            excluded_queue_names=excluded,
            heartbeat=options["heartbeat"],
            lost_after=options["lost_after"],
            scheduler=options["scheduler"],
        )
        worker.configure_signals()
        worker.run()
