"""The pieces of `make bench`'s load test that need neither Django nor locust (so tests import them as they are):
reading a page's tokens, the citizens' addresses, locust's statistics, and the rate-limit check.

The load itself is feedback/demo/locustfile.py, run headless by feedback/demo/bench.py against a gunicorn started
for the bench.
"""

import csv
import http.client
import random
import re
from urllib.parse import urlencode, urlsplit

_INPUT = re.compile(r"<input\b[^>]*>")
_NAME = re.compile(r'\bname="([^"]*)"')
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_ERROR = re.compile(r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>\s*(?:<[^>]+>\s*)*'
                    r'([^<]{1,200})')
TOKENS = ("csrfmiddlewaretoken", "captcha_0")


def hidden_fields(page: str) -> dict:
    """The CSRF token and the captcha's key of the page's form (the last of each: the language switcher, whose
    token comes first, is a form of its own; any of the page's tokens is valid with its cookie)."""
    found = {}
    for tag in _INPUT.findall(page):
        name = _NAME.search(tag)
        if name and name.group(1) in TOKENS:
            value = _VALUE.search(tag)
            found[name.group(1)] = value.group(1) if value else ""
    return found


def form_errors(page: str) -> str:
    """What a refused form says, shortened, for the bench's report."""
    return "; ".join(match.strip() for match in _ERROR.findall(page)[:3]) or page[:200]


def citizen_address(rng=random) -> str:
    """An address of its own for each visitor, drawn from some 200 million, so that no address comes near the
    per-address limits during a run (the rate-limit check uses one address on purpose)."""
    return f"{rng.randint(11, 99)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def locust_stats(path: str) -> list[dict]:
    """The rows of locust's `<prefix>_stats.csv` (one per request name, no "Aggregated"): requests, failures,
    requests per second, median and 95th percentile in ms."""
    rows = []
    with open(path, newline="") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == "Aggregated":
                continue
            rows.append({"name": row["Name"], "requests": int(row["Request Count"]),
                         "failures": int(row["Failure Count"]), "rps": float(row["Requests/s"]),
                         "median_ms": float(row["Median Response Time"]), "p95_ms": float(row["95%"])})
    return rows


def request(base: str, method: str, path: str, *, headers: dict, body: str | None = None,
            cookies: dict | None = None) -> tuple[int, str, dict]:
    """One request on a new connection: (status, text, cookies set)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"User-Agent": "batxat-bench", **headers}
    if cookies:
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            key, _, value = header.split(";", 1)[0].partition("=")
            set_cookies[key.strip()] = value.strip()
        return response.status, text, set_cookies
    finally:
        connection.close()


def send_once(base: str, path: str, fields: dict, *, address: str) -> int:
    """A new visitor from `address` opens the page and sends its form with the test-mode captcha: the POST's
    status (302 when saved, 429 when over the limit)."""
    headers = {"X-Forwarded-For": address}
    status, page, cookies = request(base, "GET", path, headers=headers)
    if status != 200:
        return status
    data = {**hidden_fields(page), **fields, "captcha_1": "passed"}
    status, _page, _cookies = request(base, "POST", path, headers=headers, body=urlencode(data), cookies=cookies)
    return status


def rate_limit_check(base: str, path: str, fields: dict, *, budget: int, address: str) -> list[int]:
    """The statuses of `budget` + 1 sendings from one address: all saved but the last, refused with 429."""
    return [send_once(base, path, fields, address=address) for _ in range(budget + 1)]
