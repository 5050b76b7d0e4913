from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback, FeedbackEvent, Kind
from feedback.selectors import handling as selectors
from feedback.services import handling as services
from feedback.tests.factories import AttachmentFactory, FeedbackFactory
from staff import roles
from staff.tests.factories import StaffMemberFactory

Status = Feedback.Status
Action = FeedbackEvent.Action
XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case(tree):
    return FeedbackFactory(org_unit=tree["dept_a"])


@pytest.fixture
def handler_b(make_user, tree):
    return make_user(roles.FEEDBACK_HANDLER, [tree["agency_b"]], username="handler_b")


# --------------------------------------------------------------------------- permissions and scope


def test_a_staff_member_without_feedback_permissions_gets_403_everywhere(client, staff_member, case):
    attachment = AttachmentFactory(feedback=case)
    client.force_login(staff_member)
    for url in [reverse("feedback:queue"), reverse("feedback:case", args=[case.pk]),
                reverse("feedback:case_attachment", args=[case.pk, attachment.pk]),
                reverse("feedback:handling_unit_search") + "?q=a&field=unit",
                reverse("feedback:handling_officer_search") + "?q=a&field=officer"]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("feedback:case", args=[case.pk]), {"action": "spam"}).status_code == 403


def test_a_leader_reads_cases_but_takes_no_step(client, agency_leader, case):
    client.force_login(agency_leader)
    assert client.get(reverse("feedback:case", args=[case.pk])).status_code == 200
    assert client.post(reverse("feedback:case", args=[case.pk]), {"action": "spam"}).status_code == 403
    assert client.get(reverse("feedback:handling_officer_search") + "?q=a&field=officer").status_code == 403
    assert Feedback.objects.get(pk=case.pk).status == Status.RECEIVED


def test_a_handler_of_another_agency_gets_404_by_list_and_by_url(client, handler_b, case):
    attachment = AttachmentFactory(feedback=case)
    own = FeedbackFactory(org_unit=handler_b.org_units.get())
    client.force_login(handler_b)
    page = client.get(reverse("feedback:queue"))
    assert own.tracking_code in page.content.decode() and case.tracking_code not in page.content.decode()
    assert client.get(reverse("feedback:case", args=[case.pk])).status_code == 404
    assert client.get(reverse("feedback:case_attachment", args=[case.pk, attachment.pk])).status_code == 404
    # Their own case's URL with another case's attachment id is a 404 too.
    assert client.get(reverse("feedback:case_attachment", args=[own.pk, attachment.pk])).status_code == 404
    assert client.post(reverse("feedback:case", args=[case.pk]), {"action": "spam"}).status_code == 404


def test_a_department_head_sees_their_unit_s_cases_and_those_assigned_to_it(department_head, feedback_handler, tree):
    about_unit = FeedbackFactory(org_unit=tree["dept_a"])
    to_agency = FeedbackFactory(org_unit=tree["agency_a"])
    assigned = FeedbackFactory(org_unit=tree["agency_a"])
    services.feedback_assign(feedback=assigned, user=feedback_handler, unit=tree["dept_a"])
    seen = set(selectors.case_list_for(user=department_head).values_list("pk", flat=True))
    assert seen == {about_unit.pk, assigned.pk}
    assert to_agency.pk in set(selectors.case_list_for(user=feedback_handler).values_list("pk", flat=True))


def test_the_choosers_offer_only_units_and_handlers_of_one_s_units(client, handler_b, feedback_handler, tree):
    client.force_login(handler_b)
    units = client.get(reverse("feedback:handling_unit_search"), {"q": "phong kinh te", "field": "unit"})
    assert [unit.pk for unit in units.context["results"]] == [tree["dept_b"].pk]
    officers = client.get(reverse("feedback:handling_officer_search"), {"q": "nguyen", "field": "officer"})
    assert [user.pk for user in officers.context["results"]] == [handler_b.pk]


def test_an_attachment_is_served_to_the_case_s_handlers_as_a_download(client, feedback_handler, case):
    attachment = AttachmentFactory(feedback=case)
    client.force_login(feedback_handler)
    response = client.get(reverse("feedback:case_attachment", args=[case.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --------------------------------------------------------------------------- personal data


def test_the_contact_shows_only_to_whom_may_see_it(client, feedback_handler, hr_officer, agency_leader, case):
    for user, shown in [(feedback_handler, True), (hr_officer, True), (agency_leader, False)]:
        client.force_login(user)
        page = client.get(reverse("feedback:case", args=[case.pk])).content.decode()
        assert ("0912345678" in page) is shown and ("mai@example.vn" in page) is shown, user.username
        assert ("Lý Thị Mai" in page) is shown


def test_the_officer_a_case_is_about_never_sees_who_sent_it(client, department_head, tree):
    officer = StaffMemberFactory(full_name="Trưởng Phòng Bị Phản Ánh", org_unit=tree["dept_a"], user=department_head)
    case = FeedbackFactory(org_unit=tree["dept_a"], officer=officer)
    client.force_login(department_head)
    page = client.get(reverse("feedback:case", args=[case.pk])).content.decode()
    assert case.text in page
    assert "0912345678" not in page and "Lý Thị Mai" not in page


# --------------------------------------------------------------------------- the steps


def test_classifying_recomputes_the_deadline_and_is_refused_once_closed(feedback_handler, case):
    services.feedback_classify(feedback=case, user=feedback_handler, kind=Kind.COMPLAINT)
    case.refresh_from_db()
    # A complaint not accepted yet: the 10 days to accept it or refuse it govern.
    assert case.kind == Kind.COMPLAINT and today() + timedelta(days=10) <= case.due_on < today() + timedelta(days=14)
    event = case.events.get()
    assert (event.action, event.actor, event.is_public) == (Action.CLASSIFIED, feedback_handler, True)
    with pytest.raises(ValidationError):
        services.feedback_classify(feedback=case, user=feedback_handler, kind=Kind.COMPLAINT)
    services.feedback_accept(feedback=case, user=feedback_handler, accepted_on=today())
    case.refresh_from_db()
    simple = case.due_on
    assert simple > today() + timedelta(days=30)
    services.feedback_classify(feedback=case, user=feedback_handler, kind=Kind.COMPLAINT, is_complex=True)
    case.refresh_from_db()
    assert case.due_on > simple
    Feedback.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    with pytest.raises(ValidationError, match="mới có thể phân loại"):
        services.feedback_classify(feedback=case, user=feedback_handler, kind=Kind.REPORT)


def test_spam_closes_the_case_and_only_an_open_case_can_be(feedback_handler, case):
    services.feedback_mark_spam(feedback=case, user=feedback_handler, note="quảng cáo")
    case.refresh_from_db()
    assert case.status == Status.SPAM and case.closed_at
    assert case.events.get().action == Action.SPAM and not case.events.get().is_public
    with pytest.raises(ValidationError):
        services.feedback_mark_spam(feedback=case, user=feedback_handler)


def test_a_duplicate_closes_pointing_to_the_original_whose_history_notes_it(feedback_handler, handler_b, case, tree):
    original = FeedbackFactory(org_unit=tree["agency_a"])
    elsewhere = FeedbackFactory(org_unit=tree["agency_b"])
    with pytest.raises(ValidationError) as error:
        services.feedback_mark_duplicate(feedback=case, user=feedback_handler, original_code=elsewhere.tracking_code)
    assert "original_code" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.feedback_mark_duplicate(feedback=case, user=feedback_handler, original_code=case.tracking_code)
    services.feedback_mark_duplicate(feedback=case, user=feedback_handler, original_code=original.tracking_code)
    case.refresh_from_db()
    assert (case.status, case.duplicate_of) == (Status.DUPLICATE, original)
    assert original.events.get().action == Action.MERGED and case.tracking_code in original.events.get().note
    services.feedback_reopen(feedback=case, user=feedback_handler, reason="Không trùng")
    case.refresh_from_db()
    assert (case.status, case.duplicate_of, case.closed_at) == (Status.IN_PROGRESS, None, None)
    assert list(case.events.values_list("action", flat=True)) == [Action.DUPLICATE, Action.REOPENED]


def test_assigning_needs_a_unit_in_scope_and_an_officer_who_handles_it(feedback_handler, make_user, staff_member,
                                                                       case, tree):
    with pytest.raises(ValidationError) as error:
        services.feedback_assign(feedback=case, user=feedback_handler, unit=tree["dept_b"])
    assert "unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.feedback_assign(feedback=case, user=feedback_handler, unit=tree["dept_a"], officer=staff_member)
    assert "officer" in error.value.message_dict
    officer = make_user(roles.FEEDBACK_HANDLER, [tree["dept_a"]], full_name="Cán Bộ Xử Lý")
    services.feedback_assign(feedback=case, user=feedback_handler, unit=tree["dept_a"], officer=officer)
    case.refresh_from_db()
    assert (case.assigned_unit, case.assigned_to, case.status) == (tree["dept_a"], officer, Status.IN_PROGRESS)
    assert "Cán Bộ Xử Lý" in case.events.get(action=Action.ASSIGNED).note


def test_forwarding_is_public_marks_it_outside_competence_and_mails_after_commit(
        feedback_handler, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_forward(feedback=case, user=feedback_handler, forwarded_to="UBND tỉnh Lào Cai")
    case.refresh_from_db()
    assert (case.status, case.within_competence, case.forwarded_to) == (Status.FORWARDED, False, "UBND tỉnh Lào Cai")
    assert case.events.get().is_public and "UBND tỉnh Lào Cai" in case.events.get().note
    assert [message.to for message in mail.outbox] == [["mai@example.vn"]]
    with pytest.raises(ValidationError, match="mới có thể trả lời"):
        services.feedback_answer(feedback=case, user=feedback_handler, text="…")


def test_asking_for_information_waits_for_the_citizen_and_mails_the_question(
        feedback_handler, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_request_info(feedback=case, user=feedback_handler, question="Xin cho biết số nhà?")
    case.refresh_from_db()
    assert case.status == Status.WAITING_INFO
    event = case.events.get()
    assert (event.action, event.is_public, event.note) == (Action.INFO_REQUESTED, True, "Xin cho biết số nhà?")
    assert "Xin cho biết số nhà?" in mail.outbox[0].body
    assert f"{reverse('feedback:public_track')}?code={case.tracking_code}" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.feedback_request_info(feedback=case, user=feedback_handler, question="Lần nữa?")


def test_the_answer_is_published_mailed_and_closing_follows_it(feedback_handler, tree,
                                                               django_capture_on_commit_callbacks):
    anonymous = FeedbackFactory(org_unit=tree["dept_a"], citizen_email="", citizen_name="", citizen_phone="")
    with pytest.raises(ValidationError, match="mới có thể đóng"):
        services.feedback_close(feedback=anonymous, user=feedback_handler)
    with pytest.raises(ValidationError) as error:
        services.feedback_answer(feedback=anonymous, user=feedback_handler, text="  ")
    assert "text" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_answer(feedback=anonymous, user=feedback_handler, text="Đã sửa đường.")
    anonymous.refresh_from_db()
    assert (anonymous.status, anonymous.answer, anonymous.answered_by) == (Status.ANSWERED, "Đã sửa đường.",
                                                                           feedback_handler)
    assert mail.outbox == []  # no address given: nothing to mail
    services.feedback_close(feedback=anonymous, user=feedback_handler)
    anonymous.refresh_from_db()
    assert anonymous.status == Status.CLOSED
    with pytest.raises(ValidationError, match="Hãy mở lại"):
        services.feedback_answer(feedback=anonymous, user=feedback_handler, text="Lại")
    with pytest.raises(ValidationError) as error:
        services.feedback_reopen(feedback=anonymous, user=feedback_handler, reason="")
    assert "reason" in error.value.message_dict
    services.feedback_reopen(feedback=anonymous, user=feedback_handler, reason="Người dân báo chưa sửa")
    assert list(anonymous.events.values_list("action", "is_public")) == [
        (Action.ANSWERED, True), (Action.CLOSED, True), (Action.REOPENED, False)]


def test_a_handler_answers_through_the_page_and_a_refused_step_says_why(client, feedback_handler, case,
                                                                          django_capture_on_commit_callbacks):
    client.force_login(feedback_handler)
    url = reverse("feedback:case", args=[case.pk])
    response = client.post(url, {"action": "answer", "answer-text": ""})
    assert response.status_code == 200 and response.context["steps"][0]["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "answer", "answer-text": "Đã xử lý xong.", "confirm": "yes"})
    assert response.status_code == 302 and Feedback.objects.get(pk=case.pk).status == Status.ANSWERED
    assert len(mail.outbox) == 1
    response = client.post(url, {"action": "request_info", "request_info-question": "?"}, follow=True)
    why = services.REFUSALS["request_info"] % {"status": Status.ANSWERED.label}
    assert [str(message) for message in response.context["messages"]][-1] == why
    assert Feedback.objects.get(pk=case.pk).status == Status.ANSWERED


def test_the_case_page_shows_the_citizen_s_text_as_text(client, feedback_handler, tree,
                                                         django_assert_max_num_queries):
    case = FeedbackFactory(org_unit=tree["dept_a"], text=XSS, citizen_name=XSS)
    AttachmentFactory(feedback=case, original_name=XSS + ".pdf")
    client.force_login(feedback_handler)
    with django_assert_max_num_queries(11):
        page = client.get(reverse("feedback:case", args=[case.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --------------------------------------------------------------------------- queue


def test_the_queue_runs_a_fixed_number_of_queries_and_shows_what_is_late(client, feedback_handler, tree,
                                                                          django_assert_max_num_queries):
    soon = FeedbackFactory(org_unit=tree["dept_a"])
    late = FeedbackFactory(org_unit=tree["dept_a"], due_on=today() - timedelta(days=7))
    client.force_login(feedback_handler)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("feedback:queue")).status_code == 200
    for _ in range(60):
        FeedbackFactory(org_unit=tree["dept_a2"])
    with django_assert_max_num_queries(9):
        filtered = client.get(reverse("feedback:queue"), {"q": "thon", "unit": tree["dept_a2"].pk, "kind": "report"})
    assert len(filtered.context["cases"]) == 50
    with django_assert_max_num_queries(7):
        response = client.get(reverse("feedback:queue"))
    rows = response.content.decode().split("<tbody>")[1]
    assert rows.index(late.tracking_code) < rows.index(soon.tracking_code)
    at = rows.index(late.tracking_code)
    late_row = rows[rows.rindex("<tr>", 0, at):rows.index("</tr>", at)]
    assert "overdue-mark" in late_row and "text-danger-emphasis" in late_row  # and a text, not the colour only:
    assert "bi-exclamation-triangle-fill" in late_row
    assert response.context["cases"][0].overdue_days == 5
    assert len(response.context["cases"]) == 50 and response.context["pager"].has_next
    second = client.get(reverse("feedback:queue"), {"page": 2})
    assert len(second.context["cases"]) == 12 and not second.context["pager"].has_next


def test_the_queue_filters_and_searches_without_diacritics(client, feedback_handler, tree):
    road = FeedbackFactory(org_unit=tree["dept_a"], text="Đường thôn Tả Suối hỏng")
    praise = FeedbackFactory(org_unit=tree["dept_a2"], kind=Kind.PRAISE, text="Cán bộ nhiệt tình")
    late = FeedbackFactory(org_unit=tree["dept_a2"], due_on=today() - timedelta(days=3), text="Chậm trả hồ sơ")
    done = FeedbackFactory(org_unit=tree["dept_a"], status=Status.ANSWERED, text="Đã trả lời")

    def found(**filters):
        return set(selectors.queue_for(user=feedback_handler, filters=filters, today=today()))

    assert found() == {road, praise, late}
    assert found(q="duong thon ta suoi") == {road}
    assert found(q=praise.tracking_code) == {praise}
    assert found(kind=Kind.PRAISE) == {praise}
    assert found(overdue=True) == {late}
    assert found(unit=tree["dept_a"]) == {road}
    assert found(status="all") == {road, praise, late, done}
    client.force_login(feedback_handler)
    response = client.get(reverse("feedback:queue"), {"q": "khong co gi"})
    assert response.context["cases"] == [] and response.context["is_filtered"]


def test_the_queue_of_someone_without_cases_says_so(client, handler_b):
    client.force_login(handler_b)
    response = client.get(reverse("feedback:queue"))
    assert response.status_code == 200 and not response.context["cases"]


def test_the_home_page_to_do_line_counts_in_one_query(feedback_handler, staff_member, tree,
                                                      django_assert_num_queries):
    from feedback import menu

    FeedbackFactory(org_unit=tree["dept_a"], due_on=today() - timedelta(days=2))
    FeedbackFactory(org_unit=tree["dept_a"])
    FeedbackFactory(org_unit=tree["dept_b"], due_on=today() - timedelta(days=2))
    feedback_handler.has_perm("feedback.handle_feedback")  # the permission cache, read once per request anyway
    with django_assert_num_queries(1):
        todos = menu.todos(feedback_handler)
    assert len(todos) == 1 and "1" in todos[0].label and "2" in todos[0].label
    assert menu.todos(staff_member) == []


# --------------------------------------------------------------------------- escalation


def test_escalation_mails_each_unit_head_once_and_falls_back_to_the_agency_leader(
        department_head, agency_leader, make_user, tree, django_capture_on_commit_callbacks):
    late = {"due_on": today() - timedelta(days=1)}
    in_dept = [FeedbackFactory(org_unit=tree["dept_a"], **late) for _ in range(2)]
    assigned = FeedbackFactory(org_unit=tree["agency_a"], assigned_unit=tree["dept_a"], **late)
    to_agency = FeedbackFactory(org_unit=tree["agency_a"], **late)
    answered = FeedbackFactory(org_unit=tree["dept_a"], status=Status.ANSWERED, **late)
    not_yet = FeedbackFactory(org_unit=tree["dept_a"])
    other_head = make_user(roles.DEPARTMENT_HEAD, [tree["dept_a2"]], username="head_a2")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.feedback_escalate_overdue(today=today()) == 4
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {department_head.email, agency_leader.email}
    assert other_head.email not in by_address
    head_mail = by_address[department_head.email].body
    assert all(case.tracking_code in head_mail for case in [*in_dept, assigned])
    assert to_agency.tracking_code not in head_mail
    assert to_agency.tracking_code in by_address[agency_leader.email].body
    assert not Feedback.objects.filter(pk__in=[answered.pk, not_yet.pk], escalated_at__isnull=False).exists()
    assert FeedbackEvent.objects.filter(action=Action.ESCALATED).count() == 4
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.feedback_escalate_overdue(today=today()) == 0
    assert mail.outbox == [] and FeedbackEvent.objects.filter(action=Action.ESCALATED).count() == 4


def test_the_escalation_runs_every_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-feedback-escalation"]
    assert entry["task"] == "feedback.tasks.feedback_escalate_overdue"
    from feedback import tasks

    assert tasks.feedback_escalate_overdue.name == entry["task"]


def test_the_search_key_is_the_folded_text_and_finds_words_without_diacritics(client, feedback_handler, tree):
    case = FeedbackFactory(org_unit=tree["dept_a"], text="Cầu treo Bản Vược   hư hỏng NẶNG")
    assert case.search_key == "cau treo ban vuoc hu hong nang"
    client.force_login(feedback_handler)
    found = client.get(reverse("feedback:queue"), {"q": "Ban Vuoc hu hong"}).context["cases"]
    assert [row.pk for row in found] == [case.pk]


def test_a_tracking_code_read_out_by_the_citizen_finds_the_case(client, feedback_handler, tree):
    case = FeedbackFactory(org_unit=tree["dept_a"], tracking_code="7Q2M-K9XD-4HTR-B1WZ")
    client.force_login(feedback_handler)
    found = client.get(reverse("feedback:queue"), {"q": "7q2m k9xd 4htr b1wz"}).context["cases"]
    assert [row.pk for row in found] == [case.pk]
