"""The citizens `make bench` sends to the public pages: `locust -f feedback/demo/locustfile.py <UserClass>`.

No Django here: locust is the second process on the loopback (feedback/demo/bench.py starts it headless, one user
class at a time, against a gunicorn started for the bench). Each virtual user is a stream of new visitors: every
iteration starts with an empty cookie jar and comes from an address of its own, which the load generator presents in
X-Forwarded-For; the bench server believes it because it runs with TRUSTED_PROXY_COUNT=1, as behind the one reverse
proxy of a deployment. So the per-address limits (PUBLIC_FORM_RATE, 10 posts an hour by default) stay as in
production and are never reached by the load: thousands of citizens come from thousands of addresses.

A POST always follows its own GET, which gives the CSRF cookie and token and the captcha's key; the bench server runs
with CAPTCHA_TEST_MODE, where the answer "passed" is accepted.

Run with the project on PYTHONPATH (for feedback.demo.bench_load). Read from the environment:
BENCH_FEEDBACK_PATH, BENCH_FEEDBACK_UNIT (a unit id), BENCH_RATE_PATH, BENCH_MARK (put in what is posted so the
bench deletes it afterwards).
"""

import os
import random
import uuid

from locust import FastHttpUser, constant, task

from feedback.demo.bench_load import citizen_address, form_errors, hidden_fields

FEEDBACK_PATH = os.environ.get("BENCH_FEEDBACK_PATH", "/phan-anh/gui/")
FEEDBACK_UNIT = os.environ.get("BENCH_FEEDBACK_UNIT", "")
RATE_PATH = os.environ.get("BENCH_RATE_PATH", "")
MARK = os.environ.get("BENCH_MARK", "[bench-load]")


class Citizen(FastHttpUser):
    """A new visitor at each iteration: empty cookie jar, an address of its own, and a connection closed after each
    request, as a reverse proxy that opens one per request (nginx's default) hands them to gunicorn."""

    abstract = True
    wait_time = constant(0)  # closed loop: each user sends its next request as soon as the last is answered

    def new_visitor(self) -> dict:
        self.client.cookiejar.clear()
        return {"X-Forwarded-For": citizen_address(), "Accept-Language": "vi", "Connection": "close"}

    def get(self, path: str, name: str, headers: dict) -> str | None:
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"GET {response.status_code}")
                return None
            return response.text

    def post(self, path: str, name: str, headers: dict, page: str, fields: dict) -> None:
        data = {**hidden_fields(page), **fields}
        if "captcha_0" not in data or "csrfmiddlewaretoken" not in data:
            # Counted as a failed POST, so a page that lost its form shows as errors, not as a faster bench.
            self.environment.events.request.fire(request_type="POST", name=name, response_time=0, response_length=0,
                                                 exception=ValueError("no CSRF token or captcha on the page"),
                                                 context={})
            return
        data["captcha_1"] = "passed"
        with self.client.post(path, name=name, data=data, headers={**headers, "Referer": path},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code not in (302, 303):
                response.failure(f"POST {response.status_code}: {form_errors(response.text or '')}")


class FeedbackFormGet(Citizen):
    @task
    def open_form(self):
        self.get(FEEDBACK_PATH, "feedback form GET", self.new_visitor())


class FeedbackFormPost(Citizen):
    @task
    def send(self):
        headers = self.new_visitor()
        page = self.get(FEEDBACK_PATH, "feedback form GET (before its POST)", headers)
        if page is not None:
            self.post(FEEDBACK_PATH, "feedback form POST", headers, page, {
                "kind": "report", "unit": FEEDBACK_UNIT, "unit_text": "", "officer": "", "officer_text": "",
                "procedure_code": "", "dossier_code": "", "citizen_name": "", "citizen_phone": "",
                "citizen_email": "",
                "text": f"{MARK} Đường vào thôn bị sạt lở sau mưa, đề nghị xã sửa chữa. {uuid.uuid4().hex}"})


class RatingPageGet(Citizen):
    @task
    def open_page(self):
        self.get(RATE_PATH, "rating page GET", self.new_visitor())


class RatingPagePost(Citizen):
    @task
    def rate(self):
        headers = self.new_visitor()
        page = self.get(RATE_PATH, "rating page GET (before its POST)", headers)
        if page is not None:
            self.post(RATE_PATH, "rating page POST", headers, page, {
                "value": str(random.randint(1, 3)), "comment": MARK, "dossier_code": ""})
