"""`make bench` for citizen feedback: the handler queue and the QĐ 766 ratios over the generated million cases and
five million ratings (feedback/demo/scale.py), and the public pages under load from a second process.

The load test (`public_load`, `make bench-load` alone) starts gunicorn with gunicorn.conf.py but 2 workers on a free
loopback port, with CAPTCHA_TEST_MODE, TRUSTED_PROXY_COUNT=1, the Redis cache BENCH_CACHE_URL and persistent
connections for that server only; waits for /healthz; runs locust headless (feedback/demo/locustfile.py), one
scenario after the other for BENCH_LOAD_SECONDS, and prints requests per second, median, 95th percentile and errors
of each, with the CPU a request cost the workers, locust and PostgreSQL; then checks that one address past
PUBLIC_FORM_RATE's budget gets 429 on both forms. What it posted is deleted afterwards.
"""

import os
import runpy
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from batxat_portal.bench import Floor, Job, Measurement
from batxat_portal.dates import month_start
from feedback.demo.bench_load import citizen_address, locust_stats, rate_limit_check, send_once

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
MARK = "[bench-load]"  # what the load test posts carries it, so it can be deleted afterwards


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _months(count: int) -> dict:
    """The `count` months up to this one, as the ratios page's filter takes them."""
    end = timezone.localdate().replace(day=1)
    return {"start": f"{month_start(end, -(count - 1)):%m/%Y}", "end": f"{end:%m/%Y}"}


def _province_ratios() -> int:
    from feedback.selectors import ratios
    from staff.models import User

    months = _months(12)
    start = date(int(months["start"][3:]), int(months["start"][:2]), 1)
    rows = ratios.unit_month_rows(user=User.objects.get(username="quantri"), start=start,
                                  end=timezone.localdate().replace(day=1), today=timezone.localdate())
    return len(rows)


def _commune_ratios_floor() -> list[tuple[str, list]]:
    """The ratios page's work for the HR officer of the commune over 12 months, as bare SQL: the cases and the
    ratings counted per unit and month, and the first page of officers with their counts (sorted by name)."""
    from feedback.selectors import ratios
    from staff.models import User

    months = _months(12)
    scope = {"user": User.objects.get(username="tochuc"),
             "start": date(int(months["start"][3:]), int(months["start"][:2]), 1),
             "end": timezone.localdate().replace(day=1), "unit": None}
    return [ratios.case_counts(today=timezone.localdate(), **scope).query.sql_with_params(),
            ratios.rating_counts_sql(**scope), ratios.officer_counts(**scope, limit=51).query.sql_with_params()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_health(base: str, *, seconds: float = 60) -> str:
    """The server is up once /healthz answers at all (503 only says the broker is away)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310 (our loopback)
                return str(response.status)
        except urllib.error.HTTPError as error:
            return f"{error.code} {error.read()[:100].decode('utf-8', 'replace')}"
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the bench server did not answer /healthz within a minute")


def _cpu_seconds(pid: int, *, children: bool = False) -> float:
    """CPU time (user and system) of a process, or of its children (gunicorn's workers), from /proc; 0 elsewhere."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    pids = [pid]
    if children:
        try:
            pids = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return 0.0
    total = 0
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _database_cpu() -> dict[int, float] | None:
    """CPU time of each PostgreSQL backend serving the bench database, when the server runs on this machine (its
    processes are in /proc); None on SQLite or a remote server."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                       "pg_backend_pid()")
        pids = [row[0] for row in cursor.fetchall()]
    if pids and not Path(f"/proc/{pids[0]}").exists():
        return None
    return {pid: _cpu_seconds(pid) for pid in pids}


@dataclass(frozen=True)
class Scenario:
    label: str
    user_class: str  # in feedback/demo/locustfile.py
    post: bool


SCENARIOS = [
    Scenario("public feedback form, GET", "FeedbackFormGet", post=False),
    Scenario("public feedback form, POST (after its GET)", "FeedbackFormPost", post=True),
    Scenario("rating page, GET", "RatingPageGet", post=False),
    Scenario("rating page, POST (after its GET)", "RatingPagePost", post=True),
]


def _targets() -> dict:
    """What the load test needs from the database: the form's path and a unit, a rating link's path."""
    from feedback.models import RatingLink
    from staff.models import OrgUnit

    send = _url("feedback:public_send")
    unit = OrgUnit.objects.filter(code="02683-HCC", valid_from__isnull=False).first()
    link = RatingLink.objects.filter(is_active=True).order_by("id").first()
    rate = _url("feedback:rate", code=link.code) if link else None
    if send is None or unit is None or rate is None:
        raise RuntimeError("the public pages need the demo data (manage.py seed_demo): unit 02683-HCC and an "
                           "active rating link")
    return {"BENCH_FEEDBACK_PATH": send, "BENCH_FEEDBACK_UNIT": str(unit.pk), "BENCH_RATE_PATH": rate,
            "BENCH_MARK": MARK}


def _feedback_fields(targets: dict) -> dict:
    return {"kind": "report", "unit": targets["BENCH_FEEDBACK_UNIT"],
            "text": f"{MARK} Kiểm tra giới hạn gửi (rate limit) {uuid.uuid4().hex}"}


def _delete_what_was_posted() -> None:
    from feedback.models import Feedback, ServiceRating

    Feedback.objects.filter(text__startswith=MARK).delete()
    ServiceRating.objects.filter(comment=MARK).delete()


def _server_env() -> dict:
    """The bench server's settings, for that server only: the test-mode captcha; the client's address read from
    X-Forwarded-For as behind one reverse proxy; a cache the two workers share (the limits count per address across
    workers, as with Redis in production); persistent database connections."""
    from django.conf import settings

    return {**os.environ, "CAPTCHA_TEST_MODE": "true", "TRUSTED_PROXY_COUNT": "1", "DJANGO_DEBUG": "false",
            "CACHE_URL": settings.BENCH_CACHE_URL,
            "DATABASE_CONN_MAX_AGE": str(settings.BENCH_SERVER_CONN_MAX_AGE),
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "batxat_portal.settings.local")}


def _run_scenario(base: str, scenario: Scenario, targets: dict, *, seconds: float, users: int, out: Path,
                  server_pid: int) -> tuple[list, str]:
    """One locust run; prints the CPU each request cost the server's workers and locust, and the load average (the
    machine's other work takes the same two cores)."""
    from django.conf import settings

    prefix = out / scenario.user_class
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", base,
               "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds:g}s",
               "--stop-timeout", "5", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
               scenario.user_class]
    env = {**os.environ, **targets, "PYTHONPATH": str(settings.BASE_DIR)}
    server_cpu, load = _cpu_seconds(server_pid, children=True), os.getloadavg()[0]
    database_before = _database_cpu()
    database_seen = dict(database_before or {})  # sampled as it runs: a backend may end (CONN_MAX_AGE) meanwhile
    with open(f"{prefix}.log", "w") as log:
        # locust exits 1 when a request failed: the failures are read from its statistics, not its exit code.
        locust = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT)
        locust_cpu = 0.0
        try:
            deadline = time.monotonic() + seconds + 120
            while locust.poll() is None and time.monotonic() < deadline:
                locust_cpu = max(locust_cpu, _cpu_seconds(locust.pid))
                for pid, cpu in (_database_cpu() or {}).items():
                    database_seen[pid] = max(cpu, database_seen.get(pid, 0.0))
                time.sleep(0.5)
        finally:
            if locust.poll() is None:
                locust.kill()
            locust.wait()
    rows = locust_stats(f"{prefix}_stats.csv")
    requests = sum(row["requests"] for row in rows) or 1
    server_ms = (_cpu_seconds(server_pid, children=True) - server_cpu) * 1000 / requests
    locust_ms = locust_cpu * 1000 / requests
    database = ""
    if database_before is not None:
        for pid, cpu in (_database_cpu() or {}).items():
            database_seen[pid] = max(cpu, database_seen.get(pid, 0.0))
        used = sum(cpu - database_before.get(pid, 0.0) for pid, cpu in database_seen.items())
        database = f", PostgreSQL {used * 1000 / requests:.1f} ms"
    note = (f"    CPU a request: gunicorn's workers {server_ms:.1f} ms, locust {locust_ms:.1f} ms{database}; "
            f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    return rows, note


def _print_rows(scenario: Scenario, rows: list[dict]) -> None:
    for row in rows:
        before = "before its POST" in row["name"]
        if scenario.post and before:
            continue  # the GET that fetches the tokens is a scenario of its own
        print(f"  {scenario.label:<43} {row['rps']:>7.1f} req/s  median {row['median_ms']:>5.0f} ms  "
              f"p95 {row['p95_ms']:>5.0f} ms  ({row['requests']} requests, {row['failures']} errors)")


def _rate_limits(base: str, targets: dict) -> list[str]:
    """One address sends each form PUBLIC_FORM_RATE's budget and one more time: the last must get 429."""
    from django.conf import settings

    budget = int(settings.PUBLIC_FORM_RATE.split("/")[0])
    if budget > 200:
        print(f"  rate limits: PUBLIC_FORM_RATE={settings.PUBLIC_FORM_RATE} is too high to check past its budget")
        return [f"PUBLIC_FORM_RATE {settings.PUBLIC_FORM_RATE} not checked"]
    problems = []
    forms = [("public feedback form", targets["BENCH_FEEDBACK_PATH"], _feedback_fields(targets)),
             ("rating page", targets["BENCH_RATE_PATH"], {"value": "3", "comment": MARK})]
    for label, path, fields in forms:
        address = citizen_address()
        statuses = rate_limit_check(base, path, fields, budget=budget, address=address)
        saved, last = statuses[:-1], statuses[-1]
        ok = all(status == 302 for status in saved) and last == 429
        print(f"  rate limit, {label}: {budget} sendings from {address} saved, the next answered {last} "
              f"({'as it should' if ok else 'WRONG: ' + ', '.join(map(str, statuses))})")
        if not ok:
            problems.append(f"{label}: {statuses}")
    return problems


def public_load(*, seconds: float | None = None, users: int | None = None, only: str = "") -> dict:
    """Start the bench server, run each scenario for `seconds` with `users` locust users, then the rate-limit
    check; print and return the figures ({label: rows}, plus "errors")."""
    from django.conf import settings

    seconds = settings.BENCH_LOAD_SECONDS if seconds is None else seconds
    users = settings.BENCH_LOAD_USERS if users is None else users
    threads = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))["threads"]
    targets = _targets()
    if settings.BENCH_CACHE_URL.startswith("redis"):
        import redis

        try:
            redis.Redis.from_url(settings.BENCH_CACHE_URL, socket_connect_timeout=3).ping()
        except redis.RedisError as error:
            raise RuntimeError(f"BENCH_CACHE_URL ({settings.BENCH_CACHE_URL}) does not answer ({error}): the bench "
                               "server counts the rate limits there; start Redis or point it to one") from error
    base = f"http://127.0.0.1:{_free_port()}"
    log = settings.BASE_DIR / "var" / "bench-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    figures, problems = {}, []
    with open(log, "w") as errors, tempfile.TemporaryDirectory(prefix="bench-locust-") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "batxat_portal.wsgi:application", "--config", "gunicorn.conf.py",
             "--workers", "2", "--bind", base.removeprefix("http://"), "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=_server_env(), stdout=subprocess.DEVNULL, stderr=errors)
        try:
            health = _wait_for_health(base)
            print(f"  gunicorn on {base} (gunicorn.conf.py): 2 gthread workers, {threads} threads each; /healthz "
                  f"{health}; locust, {users} "
                  f"users, {seconds:g} s a scenario; each visitor from an address of its own (X-Forwarded-For, "
                  f"TRUSTED_PROXY_COUNT=1); captcha in test mode")
            if connection.vendor == "sqlite":
                print("  (SQLite takes one write at a time: POSTs may wait or fail with 'database is locked'; "
                      "PostgreSQL gives the figures that count)")
            for path, fields in ((targets["BENCH_FEEDBACK_PATH"], _feedback_fields(targets)),
                                 (targets["BENCH_RATE_PATH"], {"value": "3", "comment": MARK})):
                for _ in range(4):  # both workers import and compile what the pages use before the clock runs
                    send_once(base, path, fields, address=citizen_address())
            for scenario in SCENARIOS:
                if only and only not in scenario.label:
                    continue
                rows, note = _run_scenario(base, scenario, targets, seconds=seconds, users=users, out=Path(out),
                                           server_pid=server.pid)
                _print_rows(scenario, rows)
                print(note)
                figures[scenario.label] = rows
                problems += [f"{scenario.label}: {row['failures']} errors" for row in rows if row["failures"]]
                if any(row["failures"] for row in rows):
                    failures = Path(out) / f"{scenario.user_class}_failures.csv"
                    print("    " + failures.read_text()[:600].replace("\n", "\n    "))
            problems += _rate_limits(base, targets)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            _delete_what_was_posted()
    figures["errors"] = problems
    return figures


def _public_load() -> int:
    figures = public_load()
    if figures["errors"] and connection.vendor != "sqlite":  # SQLite's one writer at a time is no finding
        raise RuntimeError("the public pages under load: " + "; ".join(figures["errors"]))
    return sum(row["requests"] for label, rows in figures.items() if label != "errors" for row in rows)


def _measurements() -> list:
    found = []
    queue = _url("feedback:queue")
    if queue:
        found.append(Measurement("feedback queue, one-stop centre (handler)", queue, "tiepnhan"))
    else:
        print("feedback: the handler queue is not built yet")
    ratios = _url("feedback:ratios")
    if ratios:
        found += [
            Measurement("feedback ratios, 12 months, commune (HR)", ratios, "tochuc", _months(12),
                        floor=Floor(_commune_ratios_floor, "the counts and the officers' page in 3 statements")),
            Measurement("feedback ratios, 1 month, province (admin)", ratios, "quantri", _months(1)),
        ]
    found += [
        Job("feedback ratios, province, 12 months (counts)", _province_ratios, repeat=2),
        Job("public pages under load (gunicorn, 2 workers)", _public_load, repeat=1),
    ]
    if _url("feedback:public_send"):
        from feedback.demo.bench_broker import JOBS as broker_jobs

        found += broker_jobs
    return found


MEASUREMENTS = _measurements()
