"""Speed measurements for `make bench`. Each app lists its own in `<app>/demo/bench.py` as `MEASUREMENTS`.

A page or a job is measured beside its floor: the bare SQL that does the same work (the rows the page shows, the
upsert the job makes). Both run in turns, so the machine's noise falls on both alike, and the bench prints both
medians and their ratio. A measurement marked `every_scale` is also taken on the larger staff databases
(`bench --scales 90000,300000`), so a cost that grows with the data shows as a growing column.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Floor:
    """The bare SQL doing a page's or a job's work: `sql()` gives (sql, params) once the data exists. Every statement
    runs and its rows are fetched; a floor that writes should do so inside a transaction it rolls back itself."""

    sql: Callable[[], list[tuple[str, list]] | tuple[str, list]]
    label: str = "bare SQL"

    def statements(self) -> list[tuple[str, list]]:
        found = self.sql()
        return [found] if isinstance(found, tuple) else list(found)


@dataclass(frozen=True)
class Measurement:
    label: str
    url: str | Callable[[], str]  # a callable when the URL names a row that only exists once seeded
    username: str  # a demo account; the page is measured as that person sees it
    params: dict = field(default_factory=dict)
    floor: Floor | None = None
    every_scale: bool = False  # also measured on the larger staff databases


@dataclass(frozen=True)
class Job:
    """A piece of work timed as a whole (a periodic computation, not a page): `run()` returns how many rows."""

    label: str
    run: Callable[[], int]
    repeat: int = 3
    floor: Floor | None = None
    every_scale: bool = False


@dataclass
class Result:
    label: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    floor_ms: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.floor_ms is None or self.floor_ms <= 0:
            return None
        return self.median_ms / self.floor_ms


def _percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_floor(floor: Floor, statements=None) -> float:
    """Run a floor's statements once, fetching every row, and return the milliseconds it took."""
    statements = statements if statements is not None else floor.statements()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def measure(measurement: Measurement, *, repeat: int) -> Result:
    from staff.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=measurement.username))
    url = measurement.url() if callable(measurement.url) else measurement.url
    client.get(url, measurement.params)  # warm caches, as a real server would be
    statements = measurement.floor.statements() if measurement.floor else None
    if statements is not None:
        run_floor(measurement.floor, statements)
    timings, floors, queries, status = [], [], 0, 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, measurement.params)
            timings.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
        if statements is not None:
            floors.append(run_floor(measurement.floor, statements))
    return Result(measurement.label, statistics.median(timings), _percentile(timings, 0.95), queries, status,
                  statistics.median(floors) if floors else None)


def measure_job(job: Job) -> Result:
    timings, floors, queries, rows = [], [], 0, 0
    for _ in range(job.repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            rows = job.run()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        if job.floor is not None:
            floors.append(run_floor(job.floor))
    return Result(f"{job.label} ({rows} rows)", statistics.median(timings), max(timings), queries, 200,
                  statistics.median(floors) if floors else None)


def format_result(result: Result) -> str:
    floor = f"{result.floor_ms:>10.1f}" if result.floor_ms is not None else f"{'':>10}"
    ratio = f"{result.ratio:>6.1f}×" if result.ratio is not None else f"{'':>7}"
    return (f"{result.label:<58} {result.median_ms:>10.1f} {result.p95_ms:>9.1f} {result.queries:>7} "
            f"{floor} {ratio}")


HEADER = f"{'page or job':<58} {'median ms':>10} {'p95 ms':>9} {'queries':>7} {'floor ms':>10} {'ratio':>7}"
