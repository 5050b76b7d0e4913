"""`make bench`: the citizen's POST of the public feedback form with the broker up and with it unreachable.

A citizen's request must not wait on the broker: both figures should be alike. Each run answers the captcha from its
store (no CAPTCHA_TEST_MODE needed in-process), gives a contact address (so a confirmation mail is due) and a text of
its own (so it is not taken for a duplicate); the rate limit is lifted for the run and what it posted is deleted.
"""

import contextlib
import itertools
import time

from django.test import Client, override_settings
from django.urls import reverse

from batxat_portal.bench import Job

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused
MARK = "[bench-broker]"
_serial = itertools.count()


@contextlib.contextmanager
def broker_at(url: str | None):
    """Celery publishes to `url` (None: the configured broker) for the block, with no connection kept from before."""
    from batxat_portal.celery import app

    conf = app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_write_url", "task_always_eager")}
    pools = (app._pool, app.amqp._producer_pool)
    app._pool, app.amqp._producer_pool = None, None
    conf.update(task_always_eager=False, **({"broker_url": url, "broker_write_url": None} if url else {}))
    try:
        yield
    finally:
        conf.update(saved)
        app._pool, app.amqp._producer_pool = pools


def _unit_id() -> int | None:
    from staff.models import OrgUnit

    unit = OrgUnit.objects.filter(code="02683-HCC", valid_from__isnull=False).first()
    return unit.pk if unit else None


def _post_once(url: str | None) -> int:
    from captcha.models import CaptchaStore

    unit = _unit_id()
    if unit is None:
        return 0
    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    fields = {"kind": "report", "unit": str(unit), "citizen_email": "bench@example.vn",
              "text": f"{MARK} {next(_serial)} {time.time_ns()} Đường vào thôn bị sạt lở, đề nghị xã sửa chữa.",
              "captcha_0": key, "captcha_1": answer}
    with override_settings(PUBLIC_FORM_RATE="1000000/h"), broker_at(url):
        response = Client(SERVER_NAME="localhost", REMOTE_ADDR="10.9.8.7").post(reverse("feedback:public_send"),
                                                                               fields)
    if response.status_code != 302:
        raise RuntimeError(f"the public form answered {response.status_code}")
    return 1


def _cleanup() -> int:
    from feedback.models import Feedback

    _total, deleted = Feedback.objects.filter(text__startswith=MARK).delete()
    return deleted.get(Feedback._meta.label, 0)


def _broker_up() -> int:
    return _post_once(None)


def _broker_unreachable() -> int:
    return _post_once(UNREACHABLE)


def _after() -> int:
    return _cleanup()


JOBS = [
    Job("public feedback POST, broker up", _broker_up, repeat=15),
    Job("public feedback POST, broker unreachable", _broker_unreachable, repeat=15),
    Job("public feedback POSTs deleted", _after, repeat=1),
]
