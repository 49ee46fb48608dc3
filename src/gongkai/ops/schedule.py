"""Periodic jobs: apps register them, ``gongkai worker`` enqueues them when due.

    from gongkai.ops import schedule
    schedule.register("applications.deadline_reminders", "daily 08:30", send_deadline_reminders)
    schedule.register("catalogue.publish_scheduled", "1m", publish_scheduled)

Call ``register`` from the app's ``AppConfig.ready()``. Intervals: ``"30s"``,
``"15m"``, ``"6h"``, ``"1d"`` (or a ``timedelta``), or ``"daily HH:MM"`` in the
project time zone. Each job has one ``ScheduledJob`` row; a worker enqueues the
task only if its compare-and-set on ``next_run`` succeeds, so several workers
never enqueue the same run twice. Runs missed while no worker was up are
coalesced into one; a daily job first seen after its time of day runs at once.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from gongkai.ops.models import ScheduledJob

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_DAILY = re.compile(r"^\s*daily\s+([01]?\d|2[0-3]):([0-5]\d)\s*$")


@dataclass(frozen=True)
class Job:
    name: str
    task_path: str
    every: datetime.timedelta | None = None
    daily_at: datetime.time | None = None
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    @property
    def task(self) -> Task:
        return import_string(self.task_path)

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        """The first run strictly after ``moment``."""
        if self.every is not None:
            return moment + self.every
        local = timezone.localtime(moment)
        candidate = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        if candidate <= local:
            candidate = timezone.make_aware(
                datetime.datetime.combine(local.date() + datetime.timedelta(days=1), self.daily_at)
            )
        return candidate

    def first_run(self, moment: datetime.datetime) -> datetime.datetime:
        """When a job seen for the first time (no row yet) runs: at once for an interval
        job; for a daily one, today's time in the project time zone, so a worker started
        after that time still does today's run (the jobs are idempotent per day)."""
        if self.every is not None:
            return moment
        local = timezone.localtime(moment)
        return local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )

    def describe(self) -> str:
        if self.every is not None:
            return f"every {int(self.every.total_seconds())}s"
        return f"daily {self.daily_at:%H:%M}"


_jobs: dict[str, Job] = {}


def parse_interval(spec) -> tuple[datetime.timedelta | None, datetime.time | None]:
    if isinstance(spec, datetime.timedelta):
        if spec.total_seconds() <= 0:
            raise ValueError("interval must be positive")
        return spec, None
    if isinstance(spec, int | float):
        return parse_interval(datetime.timedelta(seconds=spec))
    if isinstance(spec, str):
        if m := _EVERY.match(spec):
            return parse_interval(datetime.timedelta(seconds=int(m[1]) * _UNITS[m[2]]))
        if m := _DAILY.match(spec):
            return None, datetime.time(int(m[1]), int(m[2]))
    raise ValueError(f"bad interval {spec!r}: use '30s', '15m', '6h', '1d' or 'daily HH:MM'")


def register(name: str, interval, task, *, args=(), kwargs=None) -> Job:
    """Register (or replace) the periodic job ``name`` running ``task`` every ``interval``."""
    every, daily_at = parse_interval(interval)
    if isinstance(task, Task):
        task_path = task.module_path
    elif isinstance(task, str):
        task_path = task
    else:
        raise TypeError("task must be a django-tasks Task or its dotted path")
    job = Job(name, task_path, every, daily_at, tuple(args), dict(kwargs or {}))
    _jobs[name] = job
    return job


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def jobs() -> dict[str, Job]:
    return dict(_jobs)


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every registered job that is due; return the names enqueued by this call."""
    now = now or timezone.now()
    enqueued = []
    for job in list(_jobs.values()):
        row, created = ScheduledJob.objects.get_or_create(
            name=job.name,
            defaults={"next_run": job.first_run(now)},
        )
        if row.next_run > now:
            continue
        with transaction.atomic():
            won = ScheduledJob.objects.filter(pk=row.pk, next_run=row.next_run).update(
                next_run=job.next_after(now), last_run=now
            )
            if not won:
                continue  # another worker took this run
            result = job.task.enqueue(*job.args, **job.kwargs)
            ScheduledJob.objects.filter(pk=row.pk).update(last_result_id=str(result.id))
        enqueued.append(job.name)
        logger.info("enqueued periodic job %s (task %s)", job.name, result.id)
    return enqueued
