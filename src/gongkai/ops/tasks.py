"""Retries with backoff for background tasks, and recovery of tasks whose worker died.

django-tasks-db runs a task once: an exception marks it FAILED. ``gongkai worker``
(``gongkai.ops.worker``) instead consults the task's ``RetryPolicy``: while
attempts remain, the same result row goes back to READY with ``run_after`` =
now + backoff, keeping the last error for the administrators; after the last
attempt it is FAILED. Attempts are counted by the row's ``worker_ids`` (one
entry per claim), so a task whose worker was killed also uses up an attempt.

Declare a policy where the task is defined::

    from gongkai.ops.tasks import task

    @task(max_attempts=5, backoff=60)
    def send_deadline_reminders(): ...

or for an existing task ``retry_policy(existing_task, max_attempts=...)``. Tasks
without a policy get ``settings.GONGKAI_TASKS`` defaults. Raise ``NoRetry`` for
errors that another attempt cannot fix.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task as django_task
from django_tasks.base import Task, TaskResultStatus

logger = logging.getLogger(__name__)


class NoRetry(Exception):
    """Raise (or raise from) this in a task to fail at once, without further attempts."""


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped sending heartbeats while running it."""


def _defaults() -> dict:
    return {
        "MAX_ATTEMPTS": 3,
        "BACKOFF_SECONDS": 30,
        "BACKOFF_FACTOR": 4,
        "BACKOFF_MAX_SECONDS": 6 * 3600,
        **getattr(settings, "GONGKAI_TASKS", {}),
    }


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    backoff: float  # seconds before the second attempt
    factor: float = 4.0
    max_backoff: float = 6 * 3600

    def delay(self, attempt: int) -> datetime.timedelta:
        """The wait after failed attempt number ``attempt`` (1-based)."""
        seconds = self.backoff * self.factor ** max(attempt - 1, 0)
        return datetime.timedelta(seconds=min(seconds, self.max_backoff))


_policies: dict[str, RetryPolicy] = {}


def default_policy() -> RetryPolicy:
    d = _defaults()
    return RetryPolicy(
        max_attempts=int(d["MAX_ATTEMPTS"]),
        backoff=float(d["BACKOFF_SECONDS"]),
        factor=float(d["BACKOFF_FACTOR"]),
        max_backoff=float(d["BACKOFF_MAX_SECONDS"]),
    )


def retry_policy(
    task_obj: Task,
    *,
    max_attempts: int | None = None,
    backoff: float | None = None,
    factor: float | None = None,
    max_backoff: float | None = None,
) -> Task:
    """Attach a retry policy to ``task_obj`` (returned unchanged, so usable as a decorator)."""
    base = default_policy()
    if max_attempts is not None and max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    _policies[task_obj.module_path] = RetryPolicy(
        max_attempts=base.max_attempts if max_attempts is None else max_attempts,
        backoff=base.backoff if backoff is None else backoff,
        factor=base.factor if factor is None else factor,
        max_backoff=base.max_backoff if max_backoff is None else max_backoff,
    )
    return task_obj


def task(
    function=None,
    *,
    max_attempts: int | None = None,
    backoff: float | None = None,
    factor: float | None = None,
    max_backoff: float | None = None,
    **task_options,
):
    """``django_tasks.task`` plus a retry policy (see the module text)."""

    def wrap(f):
        return retry_policy(
            django_task(**task_options)(f),
            max_attempts=max_attempts,
            backoff=backoff,
            factor=factor,
            max_backoff=max_backoff,
        )

    return wrap(function) if function is not None else wrap


def policy_for(task_path: str) -> RetryPolicy:
    if task_path not in _policies:
        # Importing the task module attaches its policy (workers import lazily).
        try:
            from django.utils.module_loading import import_string

            import_string(task_path)
        except ImportError:
            pass
    return _policies.get(task_path) or default_policy()


def _exception_fields(error: BaseException) -> tuple[str, str]:
    from traceback import format_exception

    return (
        f"{type(error).__module__}.{type(error).__qualname__}",
        "".join(format_exception(error)),
    )


def handle_failure(db_result, error: BaseException, *, now=None) -> bool:
    """Record a failed attempt of ``db_result``; re-queue it if its policy allows.

    Returns True when the task will be tried again.
    """
    now = now or timezone.now()
    policy = policy_for(db_result.task_path)
    attempt = max(len(db_result.worker_ids), 1)
    retry = attempt < policy.max_attempts and not isinstance(error, NoRetry)
    class_path, trace = _exception_fields(error)
    db_result.exception_class_path = class_path
    db_result.traceback = trace
    db_result.return_value = None
    db_result.finished_at = now
    fields = ["status", "exception_class_path", "traceback", "return_value", "finished_at"]
    if retry:
        db_result.status = TaskResultStatus.READY
        db_result.run_after = now + policy.delay(attempt)
        fields.append("run_after")
        logger.warning(
            "task %s (%s) failed on attempt %d of %d; retrying after %s",
            db_result.id,
            db_result.task_path,
            attempt,
            policy.max_attempts,
            db_result.run_after,
        )
    else:
        db_result.status = TaskResultStatus.FAILED
        logger.error(
            "task %s (%s) failed on attempt %d of %d; giving up",
            db_result.id,
            db_result.task_path,
            attempt,
            policy.max_attempts,
        )
    db_result.save(update_fields=fields)
    return retry


def recover_lost(*, lost_after: float, orphan_after: float = 6 * 3600, now=None) -> int:
    """Give RUNNING tasks of dead workers back to the queue (or fail them); return how many.

    A worker is dead when its heartbeat is older than ``lost_after`` seconds. A task
    claimed by a worker that never sent heartbeats (plain ``db_worker``) is treated
    as lost after ``orphan_after`` seconds of running.
    """
    from django_tasks_db.models import DBTaskResult

    from gongkai.ops.models import WorkerHeartbeat

    now = now or timezone.now()
    heartbeats = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen"))
    recovered = 0
    candidates = DBTaskResult.objects.running().values_list("id", flat=True)
    for result_id in list(candidates):
        with transaction.atomic():
            db_result = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(id=result_id, status=TaskResultStatus.RUNNING)
                .first()
            )
            if db_result is None:
                continue
            worker_id = db_result.worker_ids[-1] if db_result.worker_ids else None
            seen = heartbeats.get(worker_id)
            if seen is not None:
                lost = (now - seen).total_seconds() > lost_after
            else:
                started = db_result.started_at or db_result.enqueued_at
                lost = (now - started).total_seconds() > orphan_after
            if not lost:
                continue
            handle_failure(
                db_result,
                WorkerLost(f"worker {worker_id} stopped while running this task"),
                now=now,
            )
            recovered += 1
    return recovered
