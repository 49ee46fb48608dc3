"""Periodic jobs: parsing, due computation, one enqueue per run across workers."""

import datetime
import zoneinfo

import pytest
from django_tasks_db.models import DBTaskResult

from gongkai.ops import diagnostics, schedule
from gongkai.ops.models import ScheduledJob

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def job():
    registered = schedule.register(
        "test.probe", "15m", diagnostics.probe, kwargs={"key": "scheduled"}
    )
    yield registered
    schedule.unregister("test.probe")


@pytest.mark.parametrize(
    ("spec", "every", "daily"),
    [
        ("30s", datetime.timedelta(seconds=30), None),
        ("15m", datetime.timedelta(minutes=15), None),
        ("6h", datetime.timedelta(hours=6), None),
        ("1d", datetime.timedelta(days=1), None),
        ("daily 08:30", None, datetime.time(8, 30)),
        (datetime.timedelta(hours=2), datetime.timedelta(hours=2), None),
    ],
)
def test_interval_specs(spec, every, daily):
    assert schedule.parse_interval(spec) == (every, daily)


@pytest.mark.parametrize("spec", ["", "15", "15x", "daily 25:00", "-1m", 0, None])
def test_bad_interval_specs(spec):
    with pytest.raises(ValueError):
        schedule.parse_interval(spec)


def test_daily_next_run_is_in_local_time():
    job = schedule.Job("d", "x", daily_at=datetime.time(8, 30))
    morning = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=SHANGHAI)
    assert job.next_after(morning) == datetime.datetime(2026, 3, 2, 8, 30, tzinfo=SHANGHAI)
    later = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    assert job.next_after(later) == datetime.datetime(2026, 3, 3, 8, 30, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_due_job_is_enqueued_once(job, db_tasks):
    now = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    assert schedule.enqueue_due(now) == ["test.probe"]
    assert schedule.enqueue_due(now) == []  # same moment, second worker: nothing
    assert schedule.enqueue_due(now + datetime.timedelta(minutes=14)) == []
    assert schedule.enqueue_due(now + datetime.timedelta(minutes=15)) == ["test.probe"]
    assert DBTaskResult.objects.filter(task_path=diagnostics.probe.module_path).count() == 2
    row = ScheduledJob.objects.get(name="test.probe")
    assert row.next_run == now + datetime.timedelta(minutes=30)
    assert row.last_result_id


@pytest.mark.django_db
def test_a_worker_with_a_stale_view_loses_the_race(job, db_tasks):
    now = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    ScheduledJob.objects.create(name="test.probe", next_run=now)
    # Another worker takes the run between our read and our update.
    original = ScheduledJob.objects.get_or_create

    def racing_get_or_create(**kwargs):
        row, created = original(**kwargs)
        ScheduledJob.objects.filter(pk=row.pk).update(next_run=now + datetime.timedelta(minutes=15))
        return row, created

    ScheduledJob.objects.get_or_create = racing_get_or_create
    try:
        assert schedule.enqueue_due(now) == []
    finally:
        del ScheduledJob.objects.get_or_create
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_worker_enqueues_and_runs_due_jobs(job, run_worker):
    run_worker()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
