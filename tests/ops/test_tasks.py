"""Retries with backoff, recovery of tasks of dead workers, the worker loop."""

import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.ops import diagnostics
from gongkai.ops.models import WorkerHeartbeat
from gongkai.ops.tasks import (
    NoRetry,
    RetryPolicy,
    WorkerLost,
    default_policy,
    handle_failure,
    policy_for,
    recover_lost,
)

pytestmark = pytest.mark.django_db


def _make_ready_now():
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_backoff_grows_and_is_capped():
    policy = RetryPolicy(max_attempts=5, backoff=30, factor=4, max_backoff=600)
    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 120, 480, 600]


def test_default_policy_comes_from_settings(settings):
    settings.GONGKAI_TASKS = {"MAX_ATTEMPTS": 7, "BACKOFF_SECONDS": 5}
    assert default_policy().max_attempts == 7
    assert policy_for("no.such.task").backoff == 5


def test_declared_policy_is_found_by_path():
    assert policy_for(diagnostics.probe.module_path).max_attempts == 5


def test_failed_task_is_retried_with_backoff_then_succeeds(run_worker):
    result = diagnostics.probe.enqueue("retry-1", fail_until_attempt=2)
    before = timezone.now()
    run_worker()
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.READY  # waiting for its second attempt
    assert len(row.worker_ids) == 1
    assert row.run_after >= before + datetime.timedelta(seconds=0.5)
    assert "planned failure on attempt 1" in row.traceback  # visible to administrators
    run_worker()  # not due yet: nothing happens
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY
    _make_ready_now()
    run_worker()
    _make_ready_now()
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value["attempt"] == 3
    assert len(row.worker_ids) == 3


def test_task_fails_for_good_after_max_attempts(run_worker):
    result = diagnostics.probe.enqueue("retry-2", fail_until_attempt=99)
    for _ in range(5):
        _make_ready_now()
        run_worker()
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 5
    assert row.exception_class_path == "builtins.RuntimeError"


def test_no_retry_fails_at_once():
    result = diagnostics.probe.using(backend="default")
    row = DBTaskResult.objects.create(
        args_kwargs={"args": ["x"], "kwargs": {}},
        task_path=result.module_path,
        backend_name="default",
        run_after=timezone.now(),
        worker_ids=["w"],
        status=TaskResultStatus.RUNNING,
    )
    assert handle_failure(row, NoRetry("bad input")) is False
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


def _running(worker_id, started):
    return DBTaskResult.objects.create(
        args_kwargs={"args": ["lost"], "kwargs": {}},
        task_path=diagnostics.probe.module_path,
        backend_name="default",
        run_after=started,
        started_at=started,
        worker_ids=[worker_id],
        status=TaskResultStatus.RUNNING,
    )


def test_task_of_a_dead_worker_goes_back_to_the_queue():
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="dead", last_seen=now - datetime.timedelta(minutes=5))
    WorkerHeartbeat.objects.create(worker_id="alive", last_seen=now)
    lost = _running("dead", now - datetime.timedelta(minutes=6))
    busy = _running("alive", now - datetime.timedelta(minutes=6))
    young_orphan = _running("db_worker-without-heartbeat", now - datetime.timedelta(minutes=1))
    assert recover_lost(lost_after=60, orphan_after=3600, now=now) == 1
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY
    assert lost.exception_class_path.endswith(WorkerLost.__qualname__)
    for row in (busy, young_orphan):
        row.refresh_from_db()
        assert row.status == TaskResultStatus.RUNNING
    # an orphan (no heartbeat ever) is recovered after orphan_after
    assert recover_lost(lost_after=60, orphan_after=30, now=now) == 1


def test_worker_command_runs_a_batch(db_tasks, capsys):
    from django.core.management import call_command

    result = diagnostics.probe.enqueue("cmd")
    call_command("worker", "--batch", "--no-startup-delay", "--no-scheduler", verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL
    assert not WorkerHeartbeat.objects.exists()  # a stopped worker removes its heartbeat


def test_worker_command_rejects_bad_options(db_tasks):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("worker", "--batch", "--heartbeat", "10", "--lost-after", "5")
