"""The bench's timing of the public POST with the broker up and unreachable must keep working (make bench runs it on
its own data; here on the test tree, with the unit the bench looks for)."""

from datetime import date

from django.core import mail

from feedback.demo import bench_broker
from feedback.models import Feedback
from staff.models import OrgUnit


def test_the_bench_posts_the_public_form_with_the_broker_up_and_unreachable(tree):
    OrgUnit.objects.filter(pk=tree["dept_a"].pk).update(code="02683-HCC", valid_from=date(2025, 7, 1))
    assert bench_broker._broker_up() == 1
    assert bench_broker._broker_unreachable() == 1
    assert Feedback.objects.filter(text__startswith=bench_broker.MARK).count() == 2
    assert mail.outbox == []  # nothing queued by the request
    assert bench_broker._after() == 2 and not Feedback.objects.exists()
