"""`make bench` for citizen feedback: the handler queue and the QĐ 766 ratios over the generated million cases and
five million ratings (feedback/demo/scale.py), and the public pages under load from a second process.

The load test starts gunicorn (2 workers, the bench run's settings, a free port on the loopback) with
CAPTCHA_TEST_MODE on and a high PUBLIC_FORM_RATE for that server only, waits for /healthz, runs
`python -m feedback.demo.bench_load` (a few threads of citizens) and prints requests per second and the 95th percentile
of each page; what it posted is deleted afterwards. A page whose URL is not built yet is skipped with a note.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date

from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from batxat_portal.bench import Floor, Job, Measurement
from batxat_portal.dates import month_start

LOAD_THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "4"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "10"))
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


def _scenarios() -> list[dict]:
    from feedback.models import RatingLink
    from staff.models import OrgUnit

    scenarios = []
    send = _url("feedback:public_send")
    unit = OrgUnit.objects.filter(code="02683-HCC", valid_from__isnull=False).first()
    if send is None or unit is None:
        print("  public feedback form: not built yet" if send is None else "  public feedback form: no unit 02683-HCC")
    else:
        scenarios += [
            {"label": "public feedback form, GET", "path": send, "method": "GET"},
            {"label": "public feedback form, POST (after its GET)", "path": send, "method": "POST", "unique": ["text"],
             "fields": {"kind": "report", "unit": str(unit.pk),
                        "text": f"{MARK} Đường vào thôn bị sạt lở sau mưa, đề nghị xã sửa chữa."}},
        ]
    link = RatingLink.objects.filter(is_active=True).order_by("id").first()
    rate = _url("feedback:rate", code=link.code) if link else None
    if rate is None:
        print("  rating page: not built yet" if link is None or _url("feedback:rate", code="x") is None
              else "  rating page: no active rating link")
    else:
        scenarios += [
            {"label": "rating page, GET", "path": rate, "method": "GET"},
            {"label": "rating page, POST (after its GET)", "path": rate, "method": "POST",
             "fields": {"comment": MARK}},
        ]
    return scenarios


def _delete_what_was_posted() -> None:
    from feedback.models import Feedback, ServiceRating

    Feedback.objects.filter(text__startswith=MARK).delete()
    ServiceRating.objects.filter(comment=MARK).delete()


def _public_load() -> int:
    from django.conf import settings

    scenarios = _scenarios()
    if not scenarios:
        return 0
    base = f"http://127.0.0.1:{_free_port()}"
    env = {**os.environ, "CAPTCHA_TEST_MODE": "true", "PUBLIC_FORM_RATE": "1000000/h", "DJANGO_DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "batxat_portal.settings.local")}
    log = settings.BASE_DIR / "var" / "bench-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    with open(log, "w") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "batxat_portal.wsgi:application", "--workers", "2",
             "--bind", base.removeprefix("http://"), "--log-level", "warning", "--timeout", "120"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            health = _wait_for_health(base)
            print(f"  gunicorn, 2 workers on {base}, /healthz {health}; {LOAD_THREADS} client threads, "
                  f"{LOAD_SECONDS:g} s a page")
            if connection.vendor == "sqlite":
                print("  (SQLite takes one write at a time: some POSTs may fail with 'database is locked'; "
                      "PostgreSQL gives the figures that count)")
            plan = {"base": base, "threads": LOAD_THREADS, "seconds": LOAD_SECONDS, "scenarios": scenarios}
            load = subprocess.run([sys.executable, "-m", "feedback.demo.bench_load"], input=json.dumps(plan),
                                  capture_output=True, text=True, cwd=settings.BASE_DIR,
                                  timeout=len(scenarios) * (LOAD_SECONDS + 120), check=True)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            _delete_what_was_posted()
    results = json.loads(load.stdout)
    for result in results:
        line = (f"  {result['label']:<43} {result['rps']:>7.1f} req/s  median {result['median_ms']:>6.1f} ms  "
                f"p95 {result['p95_ms']:>6.1f} ms  ({result['requests']} requests, {result['errors']} failed)")
        print(line)
        if result["errors"]:
            print(f"    statuses {result['statuses']}; first failure: {result['first_error'][:200]}")
    return sum(result["requests"] for result in results)


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
