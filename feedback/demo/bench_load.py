"""The load generator `make bench` runs against a real server: `python -m feedback.demo.bench_load < plan.json`.

Standard library only, and no Django: it is the second process on the loopback, a few threads of citizens each
opening a page (GET) or filling its form (a GET for the CSRF token and the captcha's key, then the POST, with a fresh
cookie jar each time, as a new visitor). The server it talks to runs with CAPTCHA_TEST_MODE, so "passed" answers any
captcha. Prints, as JSON, for each scenario: requests, errors, requests per second, median and 95th percentile in ms.

Plan: {"base": "http://127.0.0.1:PORT", "threads": 4, "seconds": 10,
       "scenarios": [{"label": ..., "path": ..., "method": "GET" | "POST", "fields": {...}, "unique": ["text"]}]}
"""

import http.client
import json
import re
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

_ERROR = re.compile(r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>'
                    r'\s*(?:<[^>]+>\s*)*([^<]{1,200})')


class FormParser(HTMLParser):
    """The POST forms of a page with what a browser would send untouched: hidden and text inputs with their values,
    the first option of each radio group and select; unticked boxes and files are left out."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                          "fields": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "radio":
                self._form["fields"].setdefault(name, attrs.get("value", ""))
            elif kind not in ("checkbox", "submit", "button", "file", "image", "reset"):
                self._form["fields"][name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._form["fields"][name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and self._select not in self._form["fields"]:
            self._form["fields"][self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_form(page: str) -> dict:
    """The page's own POST form (the one with the captcha, else the largest), not the language switcher."""
    parser = FormParser()
    parser.feed(page)
    forms = [form for form in parser.forms if form["method"] == "post" and "setlang" not in form["action"]]
    if not forms:
        raise ValueError("no form to post on the page")
    with_captcha = [form for form in forms if "captcha_0" in form["fields"]]
    return (with_captcha or sorted(forms, key=lambda form: len(form["fields"])))[-1]["fields"]


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))]


def request(base: str, method: str, path: str, *, body: str | None = None, cookies: dict | None = None):
    """One request on a new connection: (status, text, elapsed ms, cookies set)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"User-Agent": "batxat-bench-load"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            key, _, value = header.split(";", 1)[0].partition("=")
            set_cookies[key.strip()] = value.strip()
        return response.status, data.decode("utf-8", "replace"), elapsed, set_cookies
    finally:
        connection.close()


def one(base: str, scenario: dict) -> tuple[float, bool, str, str]:
    """(elapsed ms, succeeded, status, a sample of what went wrong)."""
    path = scenario["path"]
    if scenario["method"] == "GET":
        status, page, elapsed, _ = request(base, "GET", path)
        return elapsed, status == 200, str(status), "" if status == 200 else page[:200]
    status, page, _, cookies = request(base, "GET", path)
    if status != 200:
        return 0.0, False, f"GET {status}", page[:200]
    data = {**post_form(page), **scenario.get("fields", {})}
    if "captcha_0" in data:
        data["captcha_1"] = "passed"
    for key in scenario.get("unique", []):
        data[key] = f"{data.get(key, '')} {uuid.uuid4().hex}"
    status, page, elapsed, _ = request(base, "POST", path, body=urlencode(data), cookies=cookies)
    ok = status in (301, 302, 303)
    problem = "" if ok else "; ".join(match.strip() for match in _ERROR.findall(page)[:3]) or page[:200]
    return elapsed, ok, str(status), problem


def run(base: str, scenario: dict, *, threads: int, seconds: float) -> dict:
    one(base, scenario)  # warm the server's caches, as a real server would be
    results, lock = [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            try:
                outcome = one(base, scenario)
            except (OSError, http.client.HTTPException, ValueError) as error:
                outcome = (0.0, False, type(error).__name__, str(error)[:200])
            with lock:
                results.append(outcome)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    timings = sorted(elapsed for elapsed, ok, _status, _problem in results if ok)
    failures = [(status, problem) for _elapsed, ok, status, problem in results if not ok]
    return {"label": scenario["label"], "requests": len(results), "errors": len(failures),
            "rps": len(timings) / wall if wall else 0.0, "median_ms": statistics.median(timings) if timings else 0.0,
            "p95_ms": percentile(timings, 0.95), "statuses": dict(Counter(status for _e, _o, status, _p in results)),
            "first_error": failures[0][1] if failures else ""}


def main() -> None:
    plan = json.load(sys.stdin)
    results = [run(plan["base"], scenario, threads=plan.get("threads", 4), seconds=plan.get("seconds", 10))
               for scenario in plan["scenarios"]]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
