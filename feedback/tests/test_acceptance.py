"""A complaint counts from its acceptance (thụ lý): the handlers' step, its refusals, who may take it, the dates on
the case page, the queue and the citizen's tracking page, and the migration of the complaints already there; and the
citizen's complaint that a case is overdue (QĐ 766), recorded by a handler."""

import importlib
from datetime import datetime, time, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback, FeedbackEvent, Kind
from feedback.selectors import handling as selectors
from feedback.services import handling as services
from feedback.services import public
from feedback.tests.factories import FeedbackFactory
from staff import roles

Status = Feedback.Status
Action = FeedbackEvent.Action


def today():
    return timezone.localdate()


def received(days_ago: int):
    return timezone.make_aware(datetime.combine(today() - timedelta(days=days_ago), time(9)))


@pytest.fixture
def complaint(tree):
    """A complaint received five days ago, not accepted yet: its deadline is the one to accept it."""
    case = FeedbackFactory(org_unit=tree["dept_a"], kind=Kind.COMPLAINT, tracking_code="ABCD-EFGH-JKMN-PQRS")
    Feedback.objects.filter(pk=case.pk).update(received_at=received(5))
    case.refresh_from_db()
    case.due_on = public.feedback_deadlines(kind=Kind.COMPLAINT, received_on=today() - timedelta(days=5)).answer_due_on
    case.save(update_fields=["due_on"])
    return case


def test_a_citizen_s_complaint_waits_for_acceptance_and_the_mail_says_by_when(tree,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        feedback, _created = public.feedback_submit(kind=Kind.COMPLAINT, org_unit=tree["dept_a"],
                                                    text="Tôi khiếu nại quyết định xử phạt.",
                                                    citizen_email="pao@example.vn")
    assert public.feedback_confirmations_sweep() == 1  # the beat's sweep mails it
    assert feedback.accepted_on is None and feedback.awaits_acceptance
    assert feedback.due_on == public.feedback_deadlines(kind=Kind.COMPLAINT, received_on=today()).answer_due_on
    (message,) = mail.outbox
    assert f"thụ lý, hoặc trả lời không thụ lý kèm lý do, chậm nhất ngày {feedback.due_on:%d/%m/%Y}" in message.body


def test_a_new_complaint_must_be_accepted_within_the_days_to_accept_it(settings, tree):
    settings.FEEDBACK_COMPLAINT_ACCEPT_DAYS = 10
    due = public.feedback_deadlines(kind=Kind.COMPLAINT, received_on=today())
    assert today() + timedelta(days=10) <= due.answer_due_on <= today() + timedelta(days=14)
    settings.FEEDBACK_COMPLAINT_ACCEPT_DAYS = 3
    assert public.feedback_deadlines(kind=Kind.COMPLAINT, received_on=today()).answer_due_on < due.answer_due_on


def test_accepting_a_complaint_counts_its_deadline_from_that_day_and_tells_the_citizen(feedback_handler, complaint):
    accepted_on = today() - timedelta(days=2)
    services.feedback_accept(feedback=complaint, user=feedback_handler, accepted_on=accepted_on, note="Đủ điều kiện.")
    complaint.refresh_from_db()
    assert (complaint.accepted_on, complaint.accepted_by, complaint.status) == (
        accepted_on, feedback_handler, Status.IN_PROGRESS)
    expected = public.feedback_deadlines(kind=Kind.COMPLAINT, received_on=today() - timedelta(days=5),
                                         accepted_on=accepted_on).answer_due_on
    assert complaint.due_on == expected and complaint.due_on >= accepted_on + timedelta(days=45)  # remote area
    event = complaint.events.get()
    assert (event.action, event.actor, event.is_public) == (Action.ACCEPTED, feedback_handler, True)
    assert f"{accepted_on:%d/%m/%Y}" in event.note and "Đủ điều kiện." in event.note


def test_a_complex_complaint_accepted_gets_the_longer_limit(feedback_handler, complaint):
    services.feedback_accept(feedback=complaint, user=feedback_handler, accepted_on=today(), is_complex=True)
    complaint.refresh_from_db()
    assert complaint.due_on >= today() + timedelta(days=60)


def test_acceptance_is_refused_with_the_reason(feedback_handler, complaint, tree):
    with pytest.raises(ValidationError, match="trước ngày tiếp nhận"):
        services.feedback_accept(feedback=complaint, user=feedback_handler, accepted_on=today() - timedelta(days=6))
    with pytest.raises(ValidationError, match="tương lai"):
        services.feedback_accept(feedback=complaint, user=feedback_handler, accepted_on=today() + timedelta(days=1))
    report = FeedbackFactory(org_unit=tree["dept_a"])
    with pytest.raises(ValidationError, match="Chỉ khiếu nại"):
        services.feedback_accept(feedback=report, user=feedback_handler, accepted_on=today())
    services.feedback_accept(feedback=complaint, user=feedback_handler, accepted_on=today())
    with pytest.raises(ValidationError, match="đã được thụ lý"):
        services.feedback_accept(feedback=complaint, user=feedback_handler, accepted_on=today())
    closed = FeedbackFactory(org_unit=tree["dept_a"], kind=Kind.COMPLAINT, status=Status.CLOSED)
    with pytest.raises(ValidationError, match="Đã đóng"):
        services.feedback_accept(feedback=closed, user=feedback_handler, accepted_on=today())
    assert Feedback.objects.get(pk=closed.pk).accepted_on is None
    assert FeedbackEvent.objects.filter(action=Action.ACCEPTED).count() == 1


def test_the_accept_step_is_offered_only_for_a_complaint_not_yet_accepted(tree, complaint):
    assert "accept" in selectors.allowed_actions(complaint, today=today())
    assert "accept" not in selectors.allowed_actions(FeedbackFactory(org_unit=tree["dept_a"]), today=today())
    complaint.accepted_on = today()
    assert "accept" not in selectors.allowed_actions(complaint, today=today())


def test_who_may_not_handle_or_is_outside_the_unit_cannot_accept(client, staff_member, agency_leader, make_user,
                                                                 tree, complaint):
    url = reverse("feedback:case", args=[complaint.pk])
    data = {"action": "accept", "accept-accepted_on": f"{today():%d/%m/%Y}"}
    client.force_login(staff_member)
    assert client.post(url, data).status_code == 403
    client.force_login(agency_leader)
    assert client.post(url, data).status_code == 403
    client.force_login(make_user(roles.FEEDBACK_HANDLER, [tree["agency_b"]], username="handler_b"))
    assert client.post(url, data).status_code == 404
    assert Feedback.objects.get(pk=complaint.pk).accepted_on is None


def test_a_handler_accepts_through_the_case_page_which_shows_both_dates(client, feedback_handler, complaint):
    client.force_login(feedback_handler)
    url = reverse("feedback:case", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert "Chưa thụ lý" in page and "Thụ lý hoặc từ chối trước" in page and 'value="accept"' in page
    response = client.post(url, {"action": "accept", "accept-accepted_on": "31/02/2026"})
    form = next(step["form"] for step in response.context["steps"] if step["key"] == "accept")
    assert response.status_code == 200 and "accepted_on" in form.errors
    response = client.post(url, {"action": "accept", "accept-accepted_on": f"{today():%d/%m/%Y}"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    received_on = f"{today() - timedelta(days=5):%d/%m/%Y}"
    assert received_on in page and f"{today():%d/%m/%Y} · {feedback_handler.get_full_name()}" in page
    assert 'value="accept"' not in page and "Chưa thụ lý" not in page


def test_the_queue_and_the_tracking_page_show_received_and_accepted(client, feedback_handler, complaint, tree,
                                                                    django_assert_max_num_queries):
    accepted = FeedbackFactory(org_unit=tree["dept_a"], kind=Kind.COMPLAINT, accepted_on=today(),
                               tracking_code="ABCD-EFGH-JKMN-PQRT")
    client.force_login(feedback_handler)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("feedback:queue")).content.decode()
    assert "chưa thụ lý" in page and f"thụ lý {today():%d/%m/%Y}" in page
    client.logout()
    track = client.post(reverse("feedback:public_track"), {"code": complaint.tracking_code},
                        follow=True).content.decode()
    assert "Chưa thụ lý" in track and f"{today() - timedelta(days=5):%d/%m/%Y}" in track
    assert "Thụ lý hoặc từ chối trước" in track
    track = client.post(reverse("feedback:public_track"), {"code": accepted.tracking_code},
                        follow=True).content.decode()
    assert f"{today():%d/%m/%Y}" in track and "Chưa thụ lý" not in track and "Hạn trả lời" in track


def test_the_migration_takes_the_complaints_already_there_as_accepted_the_day_received(tree, client,
                                                                                     feedback_handler):
    old = FeedbackFactory(org_unit=tree["dept_a"], kind=Kind.COMPLAINT)
    Feedback.objects.filter(pk=old.pk).update(received_at=received(40))
    report = FeedbackFactory(org_unit=tree["dept_a"])
    due_before = Feedback.objects.get(pk=old.pk).due_on
    migration = importlib.import_module("feedback.migrations.0003_complaint_acceptance")
    migration.accepted_when_received(apps, None)
    migration.accepted_when_received(apps, None)  # safe to repeat
    old.refresh_from_db()
    assert (old.accepted_on, old.accepted_by, old.due_on) == (today() - timedelta(days=40), None, due_before)
    assert Feedback.objects.get(pk=report.pk).accepted_on is None
    client.force_login(feedback_handler)
    page = client.get(reverse("feedback:case", args=[old.pk])).content.decode()
    assert "lấy theo ngày tiếp nhận" in page and 'value="accept"' not in page


# --------------------------------------------------------------------------- the citizen's complaint of lateness


def test_a_handler_records_that_the_citizen_complained_a_late_case_is_overdue_once(client, feedback_handler, tree):
    late = FeedbackFactory(org_unit=tree["dept_a"], due_on=today() - timedelta(days=1))
    on_time = FeedbackFactory(org_unit=tree["dept_a"])
    assert "overdue_complaint" in selectors.allowed_actions(late, today=today())
    with pytest.raises(ValidationError, match="không quá hạn"):
        services.feedback_record_overdue_complaint(feedback=on_time, user=feedback_handler)
    client.force_login(feedback_handler)
    url = reverse("feedback:case", args=[late.pk])
    assert 'value="overdue_complaint"' in client.get(url).content.decode()
    assert client.post(url, {"action": "overdue_complaint", "overdue_complaint-note": "Gọi điện"}).status_code == 302
    late.refresh_from_db()
    assert late.overdue_complained_at is not None
    assert late.events.get().action == Action.OVERDUE_COMPLAINT
    with pytest.raises(ValidationError, match="đã được ghi"):
        services.feedback_record_overdue_complaint(feedback=late, user=feedback_handler)


def test_an_answer_after_the_deadline_is_late_one_before_it_is_not(tree):
    answered_late = FeedbackFactory(org_unit=tree["dept_a"], status=Status.ANSWERED, due_on=today() - timedelta(days=3),
                                    answered_at=timezone.now())
    answered_in_time = FeedbackFactory(org_unit=tree["dept_a"], status=Status.ANSWERED,
                                       due_on=today() - timedelta(days=3), answered_at=received(4))
    assert selectors.is_late(answered_late, today=today())
    assert not selectors.is_late(answered_in_time, today=today())


def test_who_may_not_handle_or_is_outside_the_unit_cannot_record_it(client, staff_member, make_user, tree):
    late = FeedbackFactory(org_unit=tree["dept_a"], due_on=today() - timedelta(days=1))
    url = reverse("feedback:case", args=[late.pk])
    client.force_login(staff_member)
    assert client.post(url, {"action": "overdue_complaint"}).status_code == 403
    client.force_login(make_user(roles.FEEDBACK_HANDLER, [tree["agency_b"]], username="handler_b"))
    assert client.post(url, {"action": "overdue_complaint"}).status_code == 404
    assert Feedback.objects.get(pk=late.pk).overdue_complained_at is None
