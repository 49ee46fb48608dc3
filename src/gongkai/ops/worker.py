"""The ``gongkai worker`` loop: django-tasks-db's worker plus retries, heartbeats, periodic jobs.

Several workers share the queue through the database: each claims a READY row
with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL (an exclusive
transaction on SQLite, where one worker is enough).
"""

import logging
import os
import random
import socket
import threading
import time

from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from gongkai.ops import schedule
from gongkai.ops.models import WorkerHeartbeat
from gongkai.ops.tasks import handle_failure, recover_lost

logger = logging.getLogger("gongkai.ops.worker")


class GongkaiWorker(Worker):
    def __init__(
        self,
        *,
        heartbeat: float = 10.0,
        lost_after: float = 120.0,
        scheduler: bool = True,
        housekeeping_every: float = 5.0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.heartbeat = heartbeat
        self.lost_after = lost_after
        self.scheduler = scheduler
        self.housekeeping_every = housekeeping_every
        self._last_housekeeping = 0.0
        self._stop_heartbeat = threading.Event()

    # --- heartbeat -----------------------------------------------------------------
    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "last_seen": timezone.now(),
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def _heartbeat_loop(self) -> None:
        try:
            while not self._stop_heartbeat.wait(self.heartbeat):
                try:
                    self.beat()
                except Exception:  # a missed beat is not fatal; the next one may work
                    logger.exception("heartbeat failed")
        finally:
            connection.close()

    # --- periodic housekeeping ------------------------------------------------------
    def housekeeping(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_housekeeping < self.housekeeping_every:
            return
        self._last_housekeeping = now
        try:
            recovered = recover_lost(lost_after=self.lost_after)
            if recovered:
                logger.warning("re-queued %d task(s) of lost workers", recovered)
            if self.scheduler:
                schedule.enqueue_due()
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise

    # --- the loop (django-tasks-db's, with housekeeping and retries) -----------------
    def run(self) -> None:
        logger.info("starting gongkai worker %s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311  (spread workers started together)
        self.beat()
        beat_thread = threading.Thread(target=self._heartbeat_loop, daemon=True)
        beat_thread.start()
        try:
            self._loop()
        finally:
            self._stop_heartbeat.set()
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _loop(self) -> None:
        while self.running:
            close_old_connections()
            self.housekeeping()
            tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
            if not self.process_all_queues:
                tasks = tasks.filter(queue_name__in=self.queue_names)
            if self.excluded_queue_names:
                tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
            retrieved = True
            with exclusive_transaction(tasks.db):
                try:
                    task_result = tasks.get_locked()
                    if task_result is not None:
                        task_result.claim(self.worker_id)
                except OperationalError as error:
                    if not is_locked_database_exception(error):
                        raise
                    task_result, retrieved = None, False
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and retrieved and task_result is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one task; on an exception apply its retry policy instead of failing outright."""
        from django_tasks_db.compat import TaskContext, task_finished, task_started

        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except Exception as error:  # SystemExit/KeyboardInterrupt: see shutdown()
            retried = handle_failure(db_task_result, error)
            if not retried:
                try:
                    task_finished.send(
                        sender=type(db_task_result.task.get_backend()),
                        task_result=db_task_result.task_result,
                    )
                except Exception:
                    logger.exception("task %s failed unexpectedly", db_task_result.id)
        except BaseException as error:
            # Forced shutdown in the middle of a task: give it back for another attempt.
            handle_failure(db_task_result, error)
            raise
        finally:
            self.running_task = False
            self._run_tasks += 1
