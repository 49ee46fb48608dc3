"""Periodic jobs: parsing, due computation, one enqueue per run across workers."""

import datetime
import zoneinfo

import pytest
from django_tasks_db.models import DBTaskResult

from gongkai.ops import diagnostics, schedule
from gongkai.ops.models import ScheduledJob

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def job(monkeypatch):
    """The test's own periodic job, alone in the registry (the apps' jobs are set aside)."""
    monkeypatch.setattr(schedule, "_jobs", {})
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


@pytest.mark.django_db
def test_a_daily_job_first_seen_after_its_time_runs_at_once(db_tasks, monkeypatch):
    """A worker started at 09:00 still does the 08:30 run of that day, once."""
    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.register("test.daily", "daily 08:30", diagnostics.probe)
    try:
        nine = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
        assert "test.daily" in schedule.enqueue_due(nine)
        assert "test.daily" not in schedule.enqueue_due(nine + datetime.timedelta(hours=1))
        row = ScheduledJob.objects.get(name="test.daily")
        assert row.next_run == datetime.datetime(2026, 3, 3, 8, 30, tzinfo=SHANGHAI)
        seven = datetime.datetime(2026, 3, 4, 7, 0, tzinfo=SHANGHAI)
        ScheduledJob.objects.filter(name="test.daily").delete()
        assert "test.daily" not in schedule.enqueue_due(seven)  # before 08:30: wait for it
    finally:
        schedule.unregister("test.daily")


def test_the_clock_jobs_are_registered():
    """What `gongkai worker` runs by itself (#16): reminders, the clock check, scheduled
    publishing; plus the annual-report reminders."""
    jobs = schedule.jobs()
    assert jobs["applications.deadline_reminders"].daily_at == datetime.time(8, 30)
    assert jobs["applications.recompute_clock"].daily_at == datetime.time(2, 0)
    assert jobs["catalogue.publish_scheduled"].every == datetime.timedelta(minutes=1)
    assert "reports.annual_report_reminders" in jobs
    for job in jobs.values():
        assert job.task is not None  # the dotted path imports
