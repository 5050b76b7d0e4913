"""A handler's answer goes out in two clicks (preview, then confirm), and in the units listed in
FEEDBACK_ANSWER_SIGN_OFF_UNITS only once a head of the unit or a leader of its agency signs it off."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from feedback.models import Feedback, FeedbackEvent
from feedback.selectors import handling as selectors
from feedback.services import handling as services
from feedback.services import public
from feedback.tests.factories import FeedbackFactory
from staff import roles

Status = Feedback.Status
Action = FeedbackEvent.Action
XSS = '<script>alert(1)</script>'
TEXT = f"Xã đã cử tổ công tác dọn sạt lở.\nCảm ơn ông/bà. {XSS}"


@pytest.fixture
def case(tree):
    return FeedbackFactory(org_unit=tree["dept_a"], tracking_code=public.tracking_code_new())


@pytest.fixture
def signed_off(settings, tree):
    """Answers of agency A (and so of its departments) are signed off."""
    settings.FEEDBACK_ANSWER_SIGN_OFF_UNITS = [tree["agency_a"].code]


def _case_url(case):
    return reverse("feedback:case", args=[case.pk])


def _track(client, case):
    """The citizen's tracking page of the case."""
    assert client.post(reverse("feedback:public_track"), {"code": case.tracking_code}).status_code == 302
    return client.get(reverse("feedback:public_track_case")).content.decode()


# --------------------------------------------------------------------------- preview, then confirm


def test_the_answer_is_first_shown_as_the_citizen_will_see_it_and_published_only_on_confirm(
        client, feedback_handler, case, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    client.force_login(feedback_handler)
    with django_assert_max_num_queries(18):
        preview = client.post(_case_url(case), {"action": "answer", "answer-text": TEXT})
    page = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="answer-preview"' in page
    assert "Xã đã cử tổ công tác dọn sạt lở.<br>Cảm ơn ông/bà. &lt;script&gt;" in page  # as the tracking page shows it
    assert XSS not in page and 'name="confirm" value="yes"' in page and "Xác nhận và công bố" in page
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.answer == "" and not case.events.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_case_url(case), {"action": "answer", "answer-text": TEXT, "confirm": "yes"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.answer, case.answered_by) == (Status.ANSWERED, TEXT, feedback_handler)
    assert len(mail.outbox) == 1 and "Cảm ơn ông/bà." in _track(client, case)


def test_an_empty_answer_is_refused_before_any_preview(client, feedback_handler, case):
    client.force_login(feedback_handler)
    response = client.post(_case_url(case), {"action": "answer", "answer-text": "  "})
    assert response.status_code == 200 and 'data-testid="answer-preview"' not in response.content.decode()
    assert Feedback.objects.get(pk=case.pk).status == Status.RECEIVED


# --------------------------------------------------------------------------- leader sign-off


def test_without_the_setting_no_answer_waits(feedback_handler, case):
    assert not selectors.answer_needs_sign_off(case)
    services.feedback_answer(feedback=case, user=feedback_handler, text="Đã xong.")
    assert Feedback.objects.get(pk=case.pk).status == Status.ANSWERED


def test_a_listed_unit_covers_its_departments_and_the_assigned_unit_decides(settings, tree, case):
    settings.FEEDBACK_ANSWER_SIGN_OFF_UNITS = [tree["dept_a"].code]
    assert selectors.answer_needs_sign_off(case)
    assert not selectors.answer_needs_sign_off(FeedbackFactory(org_unit=tree["dept_a2"]))
    assert selectors.answer_needs_sign_off(FeedbackFactory(org_unit=tree["agency_a"], assigned_unit=tree["dept_a"]))
    settings.FEEDBACK_ANSWER_SIGN_OFF_UNITS = [tree["agency_a"].code]
    assert selectors.answer_needs_sign_off(FeedbackFactory(org_unit=tree["dept_a2"]))
    assert not selectors.answer_needs_sign_off(FeedbackFactory(org_unit=tree["dept_b"]))


def test_a_handler_s_answer_waits_for_the_head_who_signs_it_off_and_it_goes_out(
        client, signed_off, feedback_handler, department_head, case, django_capture_on_commit_callbacks):
    client.force_login(feedback_handler)
    preview = client.post(_case_url(case), {"action": "answer", "answer-text": TEXT}).content.decode()
    assert "Xác nhận và gửi ký duyệt" in preview
    response = client.post(_case_url(case), {"action": "answer", "answer-text": TEXT, "confirm": "yes"}, follow=True)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.answer == "" and case.answered_at is None
    assert (case.draft_answer, case.draft_by) == (TEXT, feedback_handler) and not mail.outbox
    assert list(case.events.values_list("action", "is_public")) == [(Action.ANSWER_SUBMITTED, False)]
    page = response.content.decode()
    assert 'data-testid="answer-waiting"' in page and 'value="approve_answer"' not in page  # not theirs to sign
    assert "Cảm ơn ông/bà." not in _track(client, case)  # the citizen sees nothing yet

    client.force_login(department_head)
    page = client.get(_case_url(case)).content.decode()
    assert 'value="approve_answer"' in page and "Cảm ơn ông/bà. &lt;script&gt;" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_case_url(case), {"action": "approve_answer"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.answer, case.answered_by, case.draft_answer) == (
        Status.ANSWERED, TEXT, feedback_handler, "")
    assert list(case.events.values_list("action", "actor", "is_public")) == [
        (Action.ANSWER_SUBMITTED, feedback_handler.pk, False), (Action.ANSWER_APPROVED, department_head.pk, False),
        (Action.ANSWERED, feedback_handler.pk, True)]
    assert len(mail.outbox) == 1 and "Cảm ơn ông/bà." in _track(client, case)


def test_a_leader_of_the_agency_sends_it_back_with_the_reason_and_the_citizen_sees_nothing(
        client, signed_off, feedback_handler, agency_leader, case):
    services.feedback_answer(feedback=case, user=feedback_handler, text=TEXT)
    client.force_login(agency_leader)  # no handling permission: signing off is theirs all the same
    refused = client.post(_case_url(case), {"action": "return_answer", "return_answer-reason": ""})
    assert refused.status_code == 200 and refused.context["return_form"].errors
    response = client.post(_case_url(case), {"action": "return_answer",
                                              "return_answer-reason": "Nêu rõ ngày hoàn thành."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.draft_answer, case.draft_by, case.answer, case.status) == ("", None, "", Status.RECEIVED)
    returned = case.events.get(action=Action.ANSWER_RETURNED)
    assert not returned.is_public and returned.actor == agency_leader
    assert returned.note.startswith("Nêu rõ ngày hoàn thành.") and TEXT in returned.note
    with pytest.raises(ValidationError):
        services.feedback_answer_approve(feedback=case, user=agency_leader)  # nothing waits any more


def test_a_head_s_own_answer_is_published_at_once(signed_off, department_head, case):
    services.feedback_answer(feedback=case, user=department_head, text="Đã xong.")
    case.refresh_from_db()
    assert case.status == Status.ANSWERED and case.draft_answer == ""


def test_only_a_head_or_leader_of_the_case_s_units_signs_off(
        client, signed_off, make_user, tree, feedback_handler, hr_officer, staff_member, system_admin, case):
    services.feedback_answer(feedback=case, user=feedback_handler, text=TEXT)
    head_b = make_user(roles.DEPARTMENT_HEAD, [tree["dept_b"]], username="head_b")
    head_a2 = make_user(roles.DEPARTMENT_HEAD, [tree["dept_a2"]], username="head_a2")
    leader_b = make_user(roles.AGENCY_LEADER, [tree["agency_b"]], username="leader_b")
    expected = {feedback_handler: 403, hr_officer: 403, staff_member: 403, system_admin: 403,
                head_b: 404, head_a2: 404, leader_b: 404}
    for user, status in expected.items():
        client.force_login(user)
        for action in ("approve_answer", "return_answer"):
            response = client.post(_case_url(case), {"action": action, "return_answer-reason": "Sửa lại"})
            assert response.status_code == status, (user.username, action)
        with pytest.raises(PermissionDenied):
            services.feedback_answer_approve(feedback=case, user=user)
    client.logout()
    assert client.post(_case_url(case), {"action": "approve_answer"}).status_code == 302  # to sign in
    case.refresh_from_db()
    assert case.draft_answer == TEXT and case.status == Status.RECEIVED
    assert list(case.events.values_list("action", flat=True)) == [Action.ANSWER_SUBMITTED]


def test_a_new_answer_replaces_the_one_waiting_and_a_closed_case_s_waiting_answer_is_not_signed(
        signed_off, feedback_handler, department_head, case):
    services.feedback_answer(feedback=case, user=feedback_handler, text="Bản đầu")
    services.feedback_answer(feedback=case, user=feedback_handler, text="Bản sửa")
    case.refresh_from_db()
    assert case.draft_answer == "Bản sửa"
    services.feedback_mark_spam(feedback=case, user=feedback_handler)
    with pytest.raises(ValidationError):
        services.feedback_answer_approve(feedback=case, user=department_head)
    assert Feedback.objects.get(pk=case.pk).answer == ""


def test_the_queue_shows_and_filters_the_answers_waiting_for_sign_off(
        client, signed_off, feedback_handler, department_head, case, tree, django_assert_max_num_queries):
    other = FeedbackFactory(org_unit=tree["dept_a"])
    services.feedback_answer(feedback=case, user=feedback_handler, text=TEXT)
    client.force_login(department_head)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("feedback:queue"), {"sign_off": "on"}).content.decode()
    assert case.tracking_code in page and other.tracking_code not in page and "câu trả lời chờ ký duyệt" in page
    assert other.tracking_code in client.get(reverse("feedback:queue")).content.decode()


def test_the_case_page_with_an_answer_waiting_costs_a_fixed_number_of_queries(
        client, signed_off, feedback_handler, department_head, case, django_assert_max_num_queries):
    services.feedback_answer(feedback=case, user=feedback_handler, text=TEXT)
    client.force_login(department_head)
    # the 11 of a case page, and whether the unit signs off, whether this person is a head or leader, of its units
    with django_assert_max_num_queries(14):
        page = client.get(_case_url(case)).content.decode()
    assert 'value="approve_answer"' in page
