import importlib
import io
from datetime import timedelta

import openpyxl
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation import selectors, services
from evaluation.models import Question, QuestionSet, ReviewAnswer, ReviewInvitation, ReviewRequest
from evaluation.services.reviews import DEFAULT_QUESTIONS, DEFAULT_SET_NAME
from staff import roles
from staff.models import JobPosition
from staff.tests.factories import OrgUnitFactory, StaffMemberFactory


def today():
    return timezone.localdate()


@pytest.fixture
def question_set(tree):
    return services.question_set_defaults_ensure(agency=tree["agency_a"])


@pytest.fixture
def subject(tree, users_by_role):
    return StaffMemberFactory(full_name="Người Được Đánh Giá", org_unit=tree["dept_a"])


@pytest.fixture
def reviewers(make_user, tree):
    return [make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username=f"reviewer{index}",
                      full_name=f"Người Chấm {index}") for index in range(5)]


def make_request(*, hr, subject, question_set, invited, deadline_days=7, send=True):
    """`invited`: (user, rater group) pairs."""
    review_request = services.review_request_create(subject=subject, question_set=question_set, user=hr,
                                                    deadline=today() + timedelta(days=deadline_days))
    for user, group in invited:
        services.review_invitation_add(review_request=review_request, reviewer=user, rater_group=group)
    if send:
        services.review_request_send(review_request=review_request)
    return review_request


def answer(invitation, score=4, comment=""):
    questions = selectors.review_questions(review_request=invitation.request, rater_group=invitation.rater_group)
    services.review_answer_submit(
        invitation=invitation, user=invitation.reviewer,
        scores={str(q.pk): score for q in questions if q.kind == Question.Kind.SCALE},
        comments={str(q.pk): comment for q in questions if q.kind == Question.Kind.TEXT and comment})


@pytest.fixture
def open_request(hr_officer, subject, question_set, reviewers):
    groups = ["peer", "peer", "peer", "subordinate", "subordinate"]
    return make_request(hr=hr_officer, subject=subject, question_set=question_set,
                        invited=list(zip(reviewers, groups, strict=True)))


def invitation_of(review_request, user):
    return ReviewInvitation.objects.select_related("request", "reviewer").get(request=review_request, reviewer=user)


# --------------------------------------------------------------------------- anonymity by construction


def test_an_answer_row_holds_nothing_that_leads_to_its_author(db):
    fields = ReviewAnswer._meta.get_fields()
    related = {field.related_model for field in fields if field.is_relation}
    assert related == {ReviewRequest}
    assert not any(isinstance(field, models.DateField | models.DateTimeField | models.TimeField) for field in fields)
    assert isinstance(ReviewAnswer._meta.pk, models.UUIDField)
    assert not hasattr(ReviewAnswer, "history") and not hasattr(ReviewInvitation, "history")
    assert not any(model.__name__ in ("HistoricalReviewAnswer", "HistoricalReviewInvitation")
                   for model in apps.get_models())
    assert ReviewAnswer not in admin.site._registry and ReviewInvitation not in admin.site._registry
    assert not Permission.objects.filter(content_type__model="reviewanswer").exists()  # nobody can be granted it
    invitation_times = [field for field in ReviewInvitation._meta.get_fields()
                        if isinstance(field, models.DateTimeField)]
    assert invitation_times == []  # only `reminded_on`, a date of the reminder, never of the answer


def test_results_stay_hidden_before_closing_and_under_the_threshold(open_request, reviewers):
    for user, score in zip(reviewers[:3], [3, 4, 5], strict=True):
        answer(invitation_of(open_request, user), score=score, comment=f"Ý kiến {score}")
    answer(invitation_of(open_request, reviewers[3]), score=1)

    report = selectors.review_report(review_request=open_request, today=today())
    assert not report["is_closed"] and not any(group.is_shown for group in report["groups"])

    services.review_request_close(review_request=open_request)
    groups = {group.key: group for group in selectors.review_report(review_request=open_request,
                                                                    today=today())["groups"]}
    peers, subordinates = groups["peer"], groups["subordinate"]
    assert peers.is_shown and (peers.invited, peers.answered) == (3, 3)
    assert {str(row["mean"]) for row in peers.rows} == {"4.00"} and {row["count"] for row in peers.rows} == {3}
    assert not any(row["question"].upward_only for row in peers.rows)  # leadership questions go to subordinates
    assert peers.comments[0]["texts"] == ["Ý kiến 3", "Ý kiến 4", "Ý kiến 5"]  # sorted: the order says nothing
    assert not subordinates.is_shown and subordinates.rows == [] and subordinates.answered == 1


def test_the_threshold_is_the_one_in_force_when_the_request_was_made(hr_officer, subject, question_set, reviewers,
                                                                     settings):
    settings.EVALUATION_REVIEW_MIN_ANSWERS = 4
    review_request = make_request(hr=hr_officer, subject=subject, question_set=question_set,
                                  invited=[(user, "peer") for user in reviewers])
    settings.EVALUATION_REVIEW_MIN_ANSWERS = 2
    for user in reviewers[:3]:
        answer(invitation_of(review_request, user))
    services.review_request_close(review_request=review_request)
    report = selectors.review_report(review_request=review_request, today=today())
    assert report["min_answers"] == 4 and not report["groups"][0].is_shown


# --------------------------------------------------------------------------- answering


def test_a_double_submit_stores_one_answer(open_request, reviewers):
    invitation = invitation_of(open_request, reviewers[0])
    answer(invitation)
    with pytest.raises(ValidationError, match="đã trả lời"):
        answer(invitation_of(open_request, reviewers[0]))
    assert ReviewAnswer.objects.count() == 1
    assert invitation_of(open_request, reviewers[0]).has_answered


def test_every_score_is_needed_and_only_the_reviewer_answers(open_request, reviewers):
    invitation = invitation_of(open_request, reviewers[0])
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        services.review_answer_submit(invitation=invitation, user=reviewers[0], scores={}, comments={})
    with pytest.raises(ValidationError, match="không được đề nghị"):
        services.review_answer_submit(invitation=invitation, user=reviewers[1], scores={}, comments={})
    text = next(q for q in open_request.question_set.questions.all() if q.kind == Question.Kind.TEXT)
    with pytest.raises(ValidationError, match="2000 ký tự"):
        services.review_answer_submit(
            invitation=invitation, user=reviewers[0], comments={str(text.pk): "x" * 2001},
            scores={str(q.pk): 3 for q in open_request.question_set.questions.all()})
    assert ReviewAnswer.objects.count() == 0 and not invitation_of(open_request, reviewers[0]).has_answered


def test_no_answer_after_the_deadline_or_the_close(open_request, reviewers):
    invitation = invitation_of(open_request, reviewers[0])
    with pytest.raises(ValidationError):
        services.review_answer_submit(invitation=invitation, user=reviewers[0], scores={}, comments={},
                                      today=open_request.deadline + timedelta(days=1))
    services.review_request_close(review_request=open_request)
    with pytest.raises(ValidationError, match="không còn nhận câu trả lời"):
        answer(invitation)


def test_nobody_reviews_themselves_nor_asks_about_themselves(hr_officer, make_user, tree, question_set):
    someone = StaffMemberFactory(org_unit=tree["dept_a"], user=make_user(username="someone"))
    review_request = services.review_request_create(subject=someone, question_set=question_set, user=hr_officer,
                                                    deadline=today())
    with pytest.raises(ValidationError, match="không thể tự đánh giá"):
        services.review_invitation_add(review_request=review_request, reviewer=someone.user, rater_group="peer")
    hr_file = StaffMemberFactory(org_unit=tree["agency_a"], user=hr_officer)
    with pytest.raises(ValidationError, match="chính mình"):
        services.review_request_create(subject=hr_file, question_set=question_set, user=hr_officer,
                                       deadline=today())


def test_unit_colleagues_become_peers_and_a_leader_s_team_subordinates(hr_officer, make_user, tree, question_set):
    head_post = JobPosition.objects.create(org_unit=tree["dept_a"], name="Trưởng phòng", group="leadership")
    leader = StaffMemberFactory(org_unit=tree["dept_a"], position=head_post, user=make_user(username="leader"))
    colleagues = [StaffMemberFactory(org_unit=tree["dept_a"], user=make_user(username=f"col{index}"))
                  for index in range(3)]
    StaffMemberFactory(org_unit=tree["dept_a"])  # no account: cannot be asked
    review_request = services.review_request_create(subject=leader, question_set=question_set, user=hr_officer,
                                                    deadline=today())
    assert services.review_invitations_add_subordinates(review_request=review_request) == 3
    assert services.review_invitations_add_peers(review_request=review_request) == 0  # already asked
    assert set(review_request.invitations.values_list("reviewer_id", flat=True)) == {c.user_id for c in colleagues}
    plain = services.review_request_create(subject=colleagues[0], question_set=question_set, user=hr_officer,
                                           deadline=today())
    with pytest.raises(ValidationError, match="không giữ chức vụ lãnh đạo"):
        services.review_invitations_add_subordinates(review_request=plain)


# --------------------------------------------------------------------------- mail


def test_sending_mails_each_reviewer_once(hr_officer, subject, question_set, reviewers,
                                          django_capture_on_commit_callbacks):
    review_request = make_request(hr=hr_officer, subject=subject, question_set=question_set,
                                  invited=[(user, "peer") for user in reviewers[:3]], send=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_request_send(review_request=review_request)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in reviewers[:3])
    assert reverse("evaluation:review_answer", kwargs={"pk": invitation_of(review_request, reviewers[0]).pk}) in (
        next(m.body for m in mail.outbox if m.to == [reviewers[0].email]))
    ids = list(review_request.invitations.values_list("pk", flat=True))
    assert services.review_invitations_notify(invitation_ids=ids) == 0
    assert len(mail.outbox) == 3


def test_reminders_go_once_to_whoever_has_not_answered(hr_officer, subject, question_set, reviewers, settings):
    settings.EVALUATION_REVIEW_REMIND_DAYS = 2
    soon = make_request(hr=hr_officer, subject=subject, question_set=question_set, deadline_days=1,
                        invited=[(user, "peer") for user in reviewers[:3]])
    make_request(hr=hr_officer, subject=subject, question_set=question_set, deadline_days=10,
                 invited=[(user, "peer") for user in reviewers[2:]])  # not due yet
    answer(invitation_of(soon, reviewers[0]))
    mail.outbox.clear()
    from evaluation import tasks

    assert tasks.review_reminders_send.delay().get() == 2
    assert tasks.review_reminders_send.delay().get() == 0  # the second run (or a concurrent one) sends nothing
    assert sorted(message.to[0] for message in mail.outbox) == sorted([reviewers[1].email, reviewers[2].email])
    assert invitation_of(soon, reviewers[1]).reminded_on == today()


def test_the_reminder_job_is_on_the_daily_schedule(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "evaluation.tasks.review_reminders_send" in entries


# --------------------------------------------------------------------------- pages


def test_a_staff_member_cannot_list_requests(client, staff_member, open_request):
    client.force_login(staff_member)
    assert client.get(reverse("evaluation:review_list")).status_code == 403
    assert client.post(reverse("evaluation:review_detail", kwargs={"pk": open_request.pk}),
                       {"action": "close"}).status_code == 403


def test_hr_lists_and_manages_requests_in_a_fixed_number_of_queries(client, hr_officer, open_request,
                                                                    django_assert_max_num_queries):
    client.force_login(hr_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("evaluation:review_list"))
    assert list(response.context["object_list"]) == [open_request]
    with django_assert_max_num_queries(8):
        response = client.get(reverse("evaluation:review_detail", kwargs={"pk": open_request.pk}))
    assert response.status_code == 200 and "Đồng nghiệp" in response.content.decode()


def test_hr_asks_for_reviews_through_the_pages(client, hr_officer, subject, reviewers, tree):
    client.force_login(hr_officer)
    assert not client.get(reverse("evaluation:review_create")).context["has_question_sets"]  # the empty state
    client.post(reverse("evaluation:question_set_defaults"), {"agency": tree["agency_a"].pk})
    assert client.get(reverse("evaluation:review_create")).context["has_question_sets"]
    question_set = selectors.question_sets_for(user=hr_officer).get()
    response = client.post(reverse("evaluation:review_create"), {
        "subject": subject.pk, "question_set": question_set.pk,
        "deadline": (today() + timedelta(days=5)).strftime("%d/%m/%Y")})
    review_request = ReviewRequest.objects.get()
    assert response.url == reverse("evaluation:review_detail", kwargs={"pk": review_request.pk})
    found = client.get(reverse("evaluation:review_subject_search"), {"q": "nguoi duoc", "field": "subject"})
    assert "Người Được Đánh Giá" in found.content.decode()
    for user in reviewers[:3]:
        StaffMemberFactory(org_unit=tree["dept_a"], user=user, full_name=user.full_name)
    found = client.get(reverse("evaluation:review_reviewer_search", kwargs={"pk": review_request.pk}),
                       {"q": "Người Chấm", "field": "reviewer"})
    assert found.content.decode().count('name="reviewer"') == 3
    detail = reverse("evaluation:review_detail", kwargs={"pk": review_request.pk})
    client.post(detail, {"action": "peers"})
    client.post(detail, {"action": "send"})
    review_request.refresh_from_db()
    assert review_request.status == "open" and review_request.invitations.count() == 3
    client.post(detail, {"action": "close"})
    review_request.refresh_from_db()
    assert review_request.status == "closed"


def test_a_head_of_another_unit_gets_a_404(client, make_user, tree, open_request):
    other_head = make_user(roles.DEPARTMENT_HEAD, [tree["dept_a2"]], username="head_a2")
    client.force_login(other_head)
    assert client.get(reverse("evaluation:review_detail", kwargs={"pk": open_request.pk})).status_code == 404
    assert client.get(reverse("evaluation:review_report", kwargs={"pk": open_request.pk})).status_code == 404


def test_a_reviewer_sees_only_their_own_reviews_and_no_results(client, open_request, reviewers, subject,
                                                               django_assert_max_num_queries):
    client.force_login(reviewers[0])
    with django_assert_max_num_queries(7):
        response = client.get(reverse("evaluation:review_mine"))
    assert [invitation.reviewer for invitation in response.context["invitations"]] == [reviewers[0]]
    others = invitation_of(open_request, reviewers[1])
    assert client.get(reverse("evaluation:review_answer", kwargs={"pk": others.pk})).status_code == 404
    assert client.post(reverse("evaluation:review_answer", kwargs={"pk": others.pk}), {}).status_code == 404
    services.review_request_close(review_request=open_request)
    assert client.get(reverse("evaluation:review_report", kwargs={"pk": open_request.pk})).status_code == 404
    assert client.get(reverse("evaluation:review_report_export", kwargs={"pk": open_request.pk})).status_code == 404


def test_a_reviewer_answers_through_the_form(client, open_request, reviewers, django_assert_max_num_queries):
    invitation = invitation_of(open_request, reviewers[3])
    url = reverse("evaluation:review_answer", kwargs={"pk": invitation.pk})
    client.force_login(reviewers[3])
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert b"<legend" in response.content and b'type="radio"' in response.content
    questions = selectors.review_questions(review_request=open_request, rater_group="subordinate")
    data = {f"q{q.pk}": "5" if q.kind == "scale" else "Giữ sự tận tâm" for q in questions}
    assert client.post(url, data).status_code == 302
    stored = ReviewAnswer.objects.get()
    assert stored.rater_group == "subordinate" and set(stored.scores.values()) == {5}
    assert client.post(url, data).status_code == 302 and ReviewAnswer.objects.count() == 1


def test_the_subject_reads_their_own_results_but_no_one_else_s(client, make_user, tree, open_request, reviewers,
                                                               subject, hr_officer, question_set,
                                                               django_assert_max_num_queries):
    subject.user = make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="subject")
    subject.save()
    for user in reviewers[:3]:
        answer(invitation_of(open_request, user))
    services.review_request_close(review_request=open_request)
    other = make_request(hr=hr_officer, subject=StaffMemberFactory(org_unit=tree["dept_a"]),
                         question_set=question_set, invited=[(user, "peer") for user in reviewers[:3]])
    client.force_login(subject.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("evaluation:review_report", kwargs={"pk": open_request.pk}))
    assert response.status_code == 200 and response.context["groups"][0].is_shown
    assert client.get(reverse("evaluation:review_report", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("evaluation:review_detail", kwargs={"pk": open_request.pk})).status_code == 403


def test_the_export_holds_only_aggregates(client, hr_officer, open_request, reviewers):
    for index, user in enumerate(reviewers[:3]):
        answer(invitation_of(open_request, user), score=3 + index % 2, comment="Cần chủ động hơn")
    services.review_request_close(review_request=open_request)
    client.force_login(hr_officer)
    response = client.get(reverse("evaluation:review_report_export", kwargs={"pk": open_request.pk}))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
              if cell is not None]
    cells = [str(value) for value in values]
    assert any(value == pytest.approx(3.33) for value in values if isinstance(value, float | int))
    assert "Cần chủ động hơn" in cells
    for user in reviewers:
        assert not any(user.username in cell or user.full_name in cell for cell in cells)


def test_the_home_page_shows_the_task_in_a_fixed_number_of_queries(client, hr_officer, subject, question_set,
                                                                   reviewers, tree):
    reviewer = reviewers[0]
    make_request(hr=hr_officer, subject=subject, question_set=question_set,
                 invited=[(user, "peer") for user in reviewers[:3]])
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("home"))
    assert "Người Được Đánh Giá" in response.content.decode()
    assert reverse("evaluation:review_answer", kwargs={"pk": invitation_of(
        ReviewRequest.objects.get(), reviewer).pk}) in response.content.decode()
    for index in range(3):
        make_request(hr=hr_officer, subject=StaffMemberFactory(org_unit=tree["dept_a"], full_name=f"Khác {index}"),
                     question_set=question_set, invited=[(user, "peer") for user in reviewers[:3]])
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("home"))
    assert len(response.context["todos"]) == 4 and len(four) == len(one)


def test_the_head_proposals_link_the_closed_review(client, department_head, open_request, reviewers, tree):
    from evaluation.models import YearResult

    year = services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="quarterly",
                                         user=department_head)
    YearResult.objects.create(evaluation_year=year, staff_member=open_request.subject)
    services.review_request_close(review_request=open_request)
    client.force_login(department_head)
    response = client.get(reverse("evaluation:head_proposals", kwargs={"pk": year.pk}))
    assert reverse("evaluation:review_report", kwargs={"pk": open_request.pk}) in response.content.decode()


# --------------------------------------------------------------------------- question sets


def test_a_used_question_set_keeps_its_questions(open_request, question_set):
    with pytest.raises(ValidationError, match="đã được dùng"):
        services.question_set_save(question_set=question_set, name="Mới", questions=[{"text": "Câu mới"}])
    copy = services.question_set_copy(question_set=question_set)
    services.question_set_save(question_set=copy, name="Mới", questions=[{"text": "Câu mới", "kind": "scale"}])
    assert list(copy.questions.values_list("text", flat=True)) == ["Câu mới"]


def test_question_set_pages_need_their_permissions(client, hr_officer, department_head, staff_member, make_user,
                                                   tree, question_set, django_assert_max_num_queries):
    client.force_login(staff_member)
    assert client.get(reverse("evaluation:question_set_list")).status_code == 403
    client.force_login(department_head)
    detail = reverse("evaluation:question_set_detail", kwargs={"pk": question_set.pk})
    assert client.get(detail).status_code == 200  # reads the agency's set
    assert client.post(detail, {"action": "deactivate"}).status_code == 403
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(detail).status_code == 404
    client.force_login(hr_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evaluation:question_set_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(detail).status_code == 200
    client.post(detail, {"action": "save", "name": "Bộ rút gọn", "questions-TOTAL_FORMS": "2",
                         "questions-INITIAL_FORMS": "0", "questions-0-text": "Tinh thần phục vụ",
                         "questions-0-kind": "scale", "questions-0-order": "1", "questions-1-text": "",
                         "questions-1-kind": "scale"})
    client.post(detail, {"action": "deactivate"})
    question_set.refresh_from_db()
    assert not question_set.is_active and question_set.name == "Bộ rút gọn"
    assert list(question_set.questions.values_list("text", flat=True)) == ["Tinh thần phục vụ"]


# --------------------------------------------------------------------------- the default question set: never on GET

WRITE_SQL = ("INSERT", "UPDATE", "DELETE")


def _writes(queries) -> list[str]:
    return [query["sql"][:100] for query in queries.captured_queries
            if query["sql"].lstrip().upper().startswith(WRITE_SQL)]


def test_opening_a_year_gives_the_agency_the_default_question_set_once(tree, hr_officer):
    assert not QuestionSet.objects.exists()
    services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="monthly", user=hr_officer)
    question_set = QuestionSet.objects.get()
    assert question_set.agency == tree["agency_a"] and question_set.name == DEFAULT_SET_NAME
    assert [(q.text, q.kind, q.upward_only) for q in question_set.questions.all()] == DEFAULT_QUESTIONS
    services.evaluation_year_open(agency=tree["agency_a"], year=2027, period_kind="monthly", user=hr_officer)
    assert QuestionSet.objects.count() == 1


def test_the_review_pages_write_nothing_on_get_and_show_the_empty_state(client, hr_officer, department_head, tree,
                                                                        django_assert_max_num_queries):
    client.force_login(hr_officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evaluation:review_create"))
    assert response.status_code == 200 and not _writes(queries)
    assert not response.context["has_question_sets"]
    assert 'name="subject"' not in response.content.decode()  # no form that could not be sent
    assert reverse("evaluation:question_set_list") in response.content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evaluation:question_set_list"))
    assert response.status_code == 200 and not _writes(queries)
    assert response.context["agencies_without_sets"] == [tree["agency_a"]]
    assert reverse("evaluation:question_set_defaults") in response.content.decode()
    client.force_login(department_head)  # reads the sets, makes none: no button
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evaluation:review_create"))
    assert response.status_code == 200 and not _writes(queries) and not response.context["has_question_sets"]
    with django_assert_max_num_queries(10):
        response = client.get(reverse("evaluation:question_set_list"))
    assert reverse("evaluation:question_set_defaults") not in response.content.decode()
    assert not QuestionSet.objects.exists()


def test_hr_gives_an_agency_the_default_set_with_one_button(client, hr_officer, department_head, make_user, tree):
    url = reverse("evaluation:question_set_defaults")
    client.force_login(department_head)
    assert client.post(url, {"agency": tree["agency_a"].pk}).status_code == 403
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.post(url, {"agency": tree["agency_a"].pk}).status_code == 404  # another commune
    assert client.post(url, {"agency": tree["dept_b"].pk}).status_code == 404  # a department is not an agency
    assert client.post(url, {"agency": "x"}).status_code == 404
    assert not QuestionSet.objects.exists()
    client.force_login(hr_officer)
    assert client.get(url).status_code == 405
    response = client.post(url, {"agency": tree["agency_a"].pk})
    question_set = QuestionSet.objects.get()
    assert question_set.agency == tree["agency_a"] and question_set.questions.count() == len(DEFAULT_QUESTIONS)
    assert response.url == reverse("evaluation:question_set_detail", kwargs={"pk": question_set.pk})
    assert client.post(url, {"agency": tree["agency_a"].pk}).url == reverse("evaluation:question_set_list")
    assert QuestionSet.objects.count() == 1  # a second click makes no second set
    assert client.get(reverse("evaluation:question_set_list")).context["agencies_without_sets"] == []


def test_the_migration_gives_the_default_set_to_agencies_that_have_a_year_and_no_set(tree, hr_officer):
    migration = importlib.import_module("evaluation.migrations.0011_default_question_sets")
    assert migration.DEFAULT_SET_NAME == DEFAULT_SET_NAME and migration.DEFAULT_QUESTIONS == DEFAULT_QUESTIONS
    for agency in (tree["agency_a"], tree["agency_b"]):
        services.evaluation_year_open(agency=agency, year=2026, period_kind="monthly", user=hr_officer)
    QuestionSet.objects.filter(agency=tree["agency_a"]).delete()  # as a year opened before sets came with it
    QuestionSet.objects.filter(agency=tree["agency_b"]).update(name="Bộ riêng của xã")
    without_year = OrgUnitFactory(name="UBND xã Mới", parent=tree["province"], code="09999")
    for _ in range(2):
        migration.give_default_sets(apps, None)
    question_set = QuestionSet.objects.get(agency=tree["agency_a"])
    assert question_set.name == DEFAULT_SET_NAME
    assert [(q.text, q.kind, q.upward_only) for q in question_set.questions.all()] == DEFAULT_QUESTIONS
    assert list(QuestionSet.objects.filter(agency=tree["agency_b"]).values_list("name", flat=True)) == [
        "Bộ riêng của xã"]
    assert not QuestionSet.objects.filter(agency=without_year).exists()



def test_hr_removes_a_reviewer_of_this_draft_only(client, hr_officer, subject, question_set, reviewers, tree):
    draft = make_request(hr=hr_officer, subject=subject, question_set=question_set, send=False,
                         invited=[(reviewers[0], "peer"), (reviewers[1], "peer")])
    other_subject = StaffMemberFactory(org_unit=tree["dept_a"])
    other = make_request(hr=hr_officer, subject=other_subject, question_set=question_set, send=False,
                         invited=[(reviewers[2], "peer")])
    detail = reverse("evaluation:review_detail", kwargs={"pk": draft.pk})
    client.force_login(hr_officer)
    for bogus in ("", "abc", str(invitation_of(other, reviewers[2]).pk)):  # nothing, garbage, another request's
        assert client.post(detail, {"action": "remove", "invitation": bogus}).status_code == 302
    assert ReviewInvitation.objects.count() == 3
    client.post(detail, {"action": "remove", "invitation": invitation_of(draft, reviewers[0]).pk})
    assert list(draft.invitations.values_list("reviewer", flat=True)) == [reviewers[1].pk]
    assert other.invitations.count() == 1
