"""A worker killed in the middle of the period-score job loses nothing: another worker finishes it, and the rows equal
those of a clean run.

Celery acknowledges a task when it ends (task_acks_late) and each worker holds one message at a time (prefetch 1), so
the batch the killed worker was running stays unacknowledged in Redis and goes back to the queue after the visibility
timeout (CELERY_VISIBILITY_TIMEOUT_SECONDS, 1 s for this test); the batches are idempotent, so running one again, even
one that had committed before the kill, writes nothing new. When only the pool process running a batch dies, the
worker gives the message back at once (task_reject_on_worker_lost).

The kill is placed by a lock, not by luck: once a few batches are done the test holds the scores, so the next batch
waits inside the task, and the worker is killed there (with acknowledgement on receipt the batch would then be lost,
and the first test fails). Each test takes about 5-15 s, most of it starting workers and generating the data; the job's
own work is small (on SQLite a batch of 100 people takes 15-60 ms).

Feedback has no ratios job to treat the same way: the QĐ 766 ratios are counted when their page is read
(feedback/selectors/ratios.py), and feedback/tasks.py holds only mails, the sweep and the escalation.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from random import Random

import pytest
from django.conf import settings
from django.db import connection, transaction

from batxat_portal.celery import app as celery_app
from batxat_portal.tests.services import skip_or_fail
from batxat_portal.tests.test_celery_integration import _database_url
from evaluation import services
from evaluation.models import PeriodScore, WorkItem
from evaluation.selectors import scoring
from staff.models import StaffMember

PEOPLE, PRODUCTS, BATCH = 1200, 12, 100  # 14,400 work products in 12 batches
VISIBILITY_SECONDS = 1
LOCKED_SECONDS = 1.5  # under SQLite's 5 s wait for a lock (then the batch would fail with "database is locked")
TASK = "evaluation.tasks.period_scores_batch_recompute"
History = PeriodScore.history.model


def test_a_task_is_acknowledged_when_it_ends_and_a_worker_holds_one_message_at_a_time():
    conf = celery_app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost and conf.worker_prefetch_multiplier == 1


def _private_broker(url: str) -> str:
    """The Redis database of CELERY_BROKER_URL, or 14 when that is 0 (where a developer's own worker listens); emptied
    first, since the test's worker gives back every message left unacknowledged there for over 1 s."""
    import redis

    base, _, number = url.rpartition("/")
    if not number.isdigit() or base.endswith(":"):
        base, number = url.rstrip("/"), "0"
    private = f"{base}/{number if number != '0' else 14}"
    client = redis.Redis.from_url(private, socket_connect_timeout=2)
    client.ping()
    client.flushdb()
    return private


def _generate(tree, hr_officer) -> list[int]:
    year = services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="monthly", user=hr_officer)
    period = year.periods.get(number=11)
    StaffMember.objects.bulk_create(
        StaffMember(full_name=f"Người thử {n}", gender="male", date_of_birth=date(1985, 5, 20),
                    id_number=f"0990{n:08d}", org_unit=tree["dept_a"]) for n in range(PEOPLE))
    rng = Random(20261208)
    items = [WorkItem(period=period, staff_member_id=person, title=f"Sản phẩm {number}",
                      coefficient=Decimal(rng.choice(["0.5", "1", "1.5", "2", "3.33"])), due_date=period.end_date,
                      assigned_by=hr_officer, done_on=period.end_date if rng.random() < 0.85 else None,
                      delays=rng.choice([0, 0, 0, 1, 2]))
             for person in StaffMember.objects.filter(org_unit=tree["dept_a"]).values_list("pk", flat=True)
             for number in range(PRODUCTS)]
    WorkItem.objects.bulk_create(items, batch_size=2000)
    return [period.pk]


def _rows(period_ids) -> tuple[list, list]:
    scores = sorted(PeriodScore.objects.filter(period_id__in=period_ids).values_list(
        "period_id", "staff_member_id", "quantity_pct", "quality_pct", "timeliness_pct", "task_points",
        "general_points", "total"))
    history = sorted(History.objects.filter(period_id__in=period_ids).values_list(
        "period_id", "staff_member_id", "task_points", "history_type"))
    return scores, history


@contextlib.contextmanager
def _scores_locked():
    """Hold the scores so that a batch started meanwhile waits: on PostgreSQL at its locking read of the scores (inside
    its transaction), on SQLite at its first query (the whole database is locked; it waits up to 5 s)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                cursor.execute("LOCK TABLE evaluation_periodscore IN EXCLUSIVE MODE")  # plain reads still pass
                yield
        else:
            cursor.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                cursor.execute("COMMIT")


def _worker(env: dict, log, name: str, queue: str) -> subprocess.Popen:
    """A worker as production runs it: the prefork pool (one child here), in a process group of its own so that the
    test can kill it whole. (The solo pool would not do: it runs the task inside the read of the message, and kombu
    defers an early acknowledgement until that read ends, so it acknowledges late whatever the setting says.)"""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "batxat_portal", "worker", "--loglevel=INFO", "--pool=prefork",
         "--concurrency=1", "--without-mingle", "--without-gossip", "--without-heartbeat", "-Q", queue,
         "-n", f"{name}@%h"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def _kill(process: subprocess.Popen) -> None:
    """SIGKILL to the worker and its pool's child at once, as when the machine or its container dies."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _kill(process)


@dataclass
class Job:
    """The period-score job queued for a worker, with the rows of its clean run to compare with."""

    broker: str
    client: object  # redis.Redis
    queue: str
    env: dict
    period_ids: list[int]
    batches: list
    clean: tuple

    def worker(self, log, name: str) -> subprocess.Popen:
        return _worker(self.env, log, name, self.queue)

    def done(self, log) -> int:
        return log.read_text().count("succeeded in")

    def taken(self, log) -> int:
        """Batches a worker took off the queue and has not finished."""
        return len(self.batches) - self.client.llen(self.queue) - self.done(log)

    def stop_in_the_middle(self, worker: subprocess.Popen, log, kill) -> int:
        """Once the worker has finished a few batches, lock the scores so the batch it takes next waits
        (_scores_locked), and `kill` there: in the middle of a batch, long after a worker acknowledging on receipt
        would have acknowledged it. Returns how many batches were done before."""
        deadline = time.monotonic() + 60
        while self.done(log) < 3:
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.01)
        with _scores_locked():
            time.sleep(LOCKED_SECONDS)
            done, taken = self.done(log), self.taken(log)
            kill()
        assert 3 <= done < len(self.batches) and taken == 1, f"{done} done, {taken} taken\n{log.read_text()[-2000:]}"
        return done

    def wait_until_finished(self, worker: subprocess.Popen, log) -> None:
        deadline = time.monotonic() + 60
        while self.client.llen(self.queue) or self.client.hlen("unacked"):
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)


@pytest.fixture
def job(tree, hr_officer) -> Job:
    """1,200 generated people's work, its clean run in this process (then removed), and the job queued for a worker."""
    if not settings.INTEGRATION_BROKER_URL.startswith("redis://"):
        skip_or_fail("set CELERY_BROKER_URL=redis://… to run a real worker")
    try:
        broker = _private_broker(settings.INTEGRATION_BROKER_URL)
    except Exception as error:
        skip_or_fail(f"Redis does not answer at {settings.INTEGRATION_BROKER_URL}: {error}")
    import redis

    period_ids = _generate(tree, hr_officer)
    batches = scoring.score_batches(period_ids=period_ids, size=BATCH)
    assert len(batches) == PEOPLE // BATCH
    for batch in batches:
        services.period_scores_batch_recompute(period_ids=batch.period_ids, staff_from=batch.staff_from,
                                               staff_to=batch.staff_to)
    clean = _rows(period_ids)
    assert len(clean[0]) == PEOPLE and len(clean[1]) == PEOPLE
    PeriodScore.objects.filter(period_id__in=period_ids).delete()
    History.objects.filter(period_id__in=period_ids).delete()  # with the deletions just recorded

    queue = f"worker-loss-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "batxat_portal.settings.local", "DATABASE_URL": _database_url(),
           "CELERY_BROKER_URL": broker, "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_SECONDS),
           "DJANGO_DEBUG": "false"}
    with celery_app.connection_for_write(broker) as publisher:
        for batch in batches:  # what the nightly open_periods_recompute queues, one task per batch
            celery_app.send_task(TASK, args=[list(batch.period_ids), batch.staff_from, batch.staff_to], queue=queue,
                                 connection=publisher)
    return Job(broker, redis.Redis.from_url(broker), queue, env, period_ids, batches, clean)


def _held(job: Job) -> list[str]:
    return [json.loads(payload)[0]["headers"]["id"] for payload in job.client.hvals("unacked")]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")  # the tests' settings; send_task sends
def test_a_worker_killed_in_the_middle_of_the_period_score_job_loses_nothing(job, tmp_path):
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = job.worker(first_log, "first")
    second = None
    try:
        done_before = job.stop_in_the_middle(first, first_log, kill=lambda: _kill(first))
        killed_at = time.monotonic()
        log = first_log.read_text()
        assert job.done(first_log) == done_before
        held = _held(job)
        assert len(held) == 1, f"the killed worker held {held} unacknowledged\n{log}"  # acks late, prefetch 1
        assert f"{held[0]}] succeeded" not in log
        assert job.client.llen(job.queue) == len(job.batches) - done_before - 1

        # A second worker, once the held message is older than the visibility timeout, takes it back and the rest.
        time.sleep(max(0.0, killed_at + VISIBILITY_SECONDS + 0.5 - time.monotonic()))
        second = job.worker(second_log, "second")
        job.wait_until_finished(second, second_log)
        log = second_log.read_text()
        assert log.count("succeeded in") == len(job.batches) - done_before, log
        assert f"{held[0]}] succeeded" in log  # the batch the first worker was killed with
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
    assert _rows(job.period_ids) == job.clean


def _pool_child(worker: subprocess.Popen) -> int:
    with open(f"/proc/{worker.pid}/task/{worker.pid}/children") as children:
        (child,) = [int(pid) for pid in children.read().split()]
    return child


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_pool_process_killed_in_the_middle_of_a_batch_gives_it_back_at_once(job, tmp_path):
    """Only the process running the batch dies (the OOM killer's way): the worker sees it lost (WorkerLostError) and,
    with task_reject_on_worker_lost, puts the message back at once instead of recording a failure; its new pool
    process runs it again."""
    log = tmp_path / "worker.log"
    worker = job.worker(log, "worker")
    try:
        child = []
        job.stop_in_the_middle(worker, log, kill=lambda: (child.append(_pool_child(worker)),
                                                          os.kill(child[0], signal.SIGKILL)))
        job.wait_until_finished(worker, log)
    finally:
        _stop(worker)
    text = log.read_text()
    assert "WorkerLostError" in text and "exited with 'signal 9 (SIGKILL)'" in text, text
    assert text.count("succeeded in") == len(job.batches), text
    assert _rows(job.period_ids) == job.clean
