"""Speed measurements for `make bench`. Each app lists its own in `<app>/bench.py` as `MEASUREMENTS`."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Measurement:
    label: str
    url: str | Callable[[], str]  # a callable when the URL names a row that only exists once seeded
    username: str  # a demo account; the page is measured as that person sees it
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """A piece of work timed as a whole (a periodic computation, not a page): `run()` returns how many rows."""

    label: str
    run: Callable[[], int]
    repeat: int = 3


@dataclass
class Result:
    label: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int


def measure(measurement: Measurement, *, repeat: int) -> Result:
    from staff.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=measurement.username))
    url = measurement.url() if callable(measurement.url) else measurement.url
    client.get(url, measurement.params)  # warm caches, as a real server would be
    timings, queries, status = [], 0, 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, measurement.params)
            timings.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Result(measurement.label, statistics.median(timings), p95, queries, status)


def measure_job(job: Job) -> Result:
    timings, queries, rows = [], 0, 0
    for _ in range(job.repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            rows = job.run()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    timings.sort()
    return Result(f"{job.label} ({rows} rows)", statistics.median(timings), timings[-1], queries, 200)
