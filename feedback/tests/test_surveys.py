import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from feedback.selectors import surveys as selectors
from feedback.services import surveys as services
from feedback.tests.helpers import captcha_fields
from staff import roles

Kind = SurveyQuestion.Kind
QUESTIONS = [
    {"text": "Bạn hài lòng với thái độ phục vụ?", "kind": Kind.SATISFACTION, "is_required": True},
    {"text": "Bạn đến làm thủ tục gì?", "kind": Kind.SINGLE, "choices": "Hộ tịch\nĐất đai\n\nHộ tịch\n",
     "is_required": True},
    {"text": "Bạn biết dịch vụ qua đâu?", "kind": Kind.MULTIPLE, "choices": "Loa xã\nNgười quen\nMạng xã hội",
     "is_required": False},
    {"text": "Góp ý thêm", "kind": Kind.TEXT, "is_required": False},
]


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(hr_officer, tree):
    survey = services.survey_create(user=hr_officer, agency=tree["agency_a"], title="Khảo sát một cửa 2026",
                                    intro="Xin ý kiến người dân.")
    services.survey_questions_save(survey=survey, questions=QUESTIONS)
    return services.survey_publish(survey=survey)


def questions(survey):
    return list(survey.questions.order_by("order", "id"))


def answer(survey, value=3, single="Hộ tịch", multiple=(), text=""):
    q = questions(survey)
    return services.survey_answer_submit(survey=survey, answers={
        q[0].pk: value, q[1].pk: single, q[2].pk: list(multiple), q[3].pk: text})


# --------------------------------------------------------------------------- building


def test_hr_builds_a_survey_whose_choices_are_cleaned_and_publishes_it(hr_officer, tree):
    draft = services.survey_create(user=hr_officer, agency=tree["agency_a"], title="Khảo sát")
    assert draft.status == Survey.Status.DRAFT and len(draft.code) == 8
    with pytest.raises(ValidationError):
        services.survey_publish(survey=draft)  # no question yet
    with pytest.raises(ValidationError):
        services.survey_questions_save(survey=draft, questions=[{"text": "Chọn", "kind": Kind.SINGLE,
                                                                  "choices": "Chỉ một"}])
    saved = services.survey_questions_save(survey=draft, questions=QUESTIONS)
    assert saved[1].choices == ["Hộ tịch", "Đất đai"] and saved[0].choices == [] and saved[3].is_required is False
    assert services.survey_publish(survey=draft).status == Survey.Status.PUBLISHED


def test_questions_are_locked_once_someone_answered(client, survey, hr_officer):
    answer(survey)
    with pytest.raises(ValidationError, match="Đã có người trả lời"):
        services.survey_questions_save(survey=survey, questions=QUESTIONS[:1])
    client.force_login(hr_officer)
    url = reverse("feedback:survey_detail", kwargs={"pk": survey.pk})
    page = client.get(url).content.decode()
    assert 'data-testid="locked"' in page and 'name="questions-TOTAL_FORMS"' not in page
    # The title may still change; the questions stay as they were.
    client.post(url, {"action": "save", "survey-title": "Khảo sát mới", "survey-intro": "", "survey-closes_on": ""})
    survey.refresh_from_db()
    assert survey.title == "Khảo sát mới" and survey.questions.count() == 4


def test_the_survey_page_saves_questions_and_keeps_rows_on_an_error(client, hr_officer, tree,
                                                                   django_assert_max_num_queries):
    draft = services.survey_create(user=hr_officer, agency=tree["agency_a"], title="Khảo sát")
    client.force_login(hr_officer)
    url = reverse("feedback:survey_detail", kwargs={"pk": draft.pk})
    data = {"action": "save", "survey-title": "Khảo sát", "survey-intro": "", "survey-closes_on": "",
            "questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "0",
            "questions-0-text": "Câu một lựa chọn", "questions-0-kind": "single", "questions-0-choices": "Có",
            "questions-0-is_required": "on", "questions-1-text": "Hài lòng?", "questions-1-kind": "satisfaction"}
    response = client.post(url, data)
    assert response.status_code == 200 and "Câu một lựa chọn" in response.content.decode()
    assert not draft.questions.exists()
    response = client.post(url, {**data, "questions-0-choices": "Có\nKhông"})
    assert response.status_code == 302
    assert [(q.text, q.choices, q.is_required) for q in questions(draft)] == [
        ("Câu một lựa chọn", ["Có", "Không"], True), ("Hài lòng?", [], False)]
    client.post(url, {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == Survey.Status.PUBLISHED
    with django_assert_max_num_queries(12):
        assert "<svg" in client.get(url).content.decode()
    with django_assert_max_num_queries(10):
        assert "Khảo sát" in client.get(reverse("feedback:survey_list")).content.decode()


def test_survey_pages_refuse_without_the_permission_and_outside_ones_agency(client, survey, staff_member,
                                                                            make_user, tree):
    urls = [reverse(name, kwargs={"pk": survey.pk}) for name in (
        "feedback:survey_detail", "feedback:survey_results", "feedback:survey_export", "feedback:survey_card")]
    client.force_login(staff_member)
    assert client.get(reverse("feedback:survey_list")).status_code == 403
    assert [client.get(url).status_code for url in urls] == [403] * 4
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert [client.get(url).status_code for url in urls] == [404] * 4
    assert client.post(urls[0], {"action": "close"}).status_code == 404
    assert "Khảo sát một cửa" not in client.get(reverse("feedback:survey_list")).content.decode()
    assert client.get(reverse("feedback:survey_create")).status_code == 200
    survey.refresh_from_db()
    assert survey.status == Survey.Status.PUBLISHED


# --------------------------------------------------------------------------- answering


def test_a_citizen_answers_with_a_captcha_and_required_questions_are_checked(client, survey):
    q = questions(survey)
    url = reverse("feedback:survey_answer", kwargs={"code": survey.code})
    assert client.get(reverse("feedback:survey_public_list")).content.decode().count(url) == 1
    page = client.get(url)
    content = page.content.decode()
    assert content.count("<fieldset") == 4 and content.count("<legend") == 4
    missing = client.post(url, {f"q{q[3].pk}": "Nên có thêm ghế chờ", f"q{q[2].pk}": ["Loa xã"],
                                **captcha_fields(page)})
    assert missing.status_code == 200 and not SurveyResponse.objects.exists()
    content = missing.content.decode()
    assert "Nên có thêm ghế chờ" in content and 'value="Loa xã" id' in content and " checked" in content
    response = client.post(url, {f"q{q[0].pk}": "3", f"q{q[1].pk}": "Đất đai", f"q{q[2].pk}": ["Loa xã", "Người quen"],
                                 f"q{q[3].pk}": "Nên có thêm ghế chờ", **captcha_fields(missing)})
    assert response.status_code == 302 and response.url == reverse("feedback:survey_thanks",
                                                                   kwargs={"code": survey.code})
    rows = {row.question_id: row for row in SurveyAnswer.objects.all()}
    assert (rows[q[0].pk].value, rows[q[0].pk].is_satisfied) == (3, True)
    assert rows[q[1].pk].selected == ["Đất đai"] and rows[q[2].pk].selected == ["Loa xã", "Người quen"]
    assert rows[q[3].pk].text == "Nên có thêm ghế chờ"
    assert client.get(response.url).status_code == 200
    # Sent again at once from the same browser: told it is counted, not saved twice.
    again = client.post(url, {f"q{q[0].pk}": "1", f"q{q[1].pk}": "Hộ tịch", **captcha_fields(client.get(url))})
    assert again.status_code == 200 and SurveyResponse.objects.count() == 1


def test_the_answer_form_is_rate_limited_and_refuses_unknown_choices(client, survey, settings):
    q = questions(survey)
    with pytest.raises(ValidationError):
        services.survey_answer_submit(survey=survey, answers={q[0].pk: 3, q[1].pk: "Không có"})
    settings.PUBLIC_FORM_RATE = "1/m"
    url = reverse("feedback:survey_answer", kwargs={"code": survey.code})
    client.post(url, {})
    limited = client.post(url, {f"q{q[3].pk}": "Giữ lại", **captcha_fields(client.get(url))})
    assert limited.status_code == 429 and "Giữ lại" in limited.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_closed_or_draft_survey_takes_no_answers(client, survey, hr_officer, tree):
    services.survey_close(survey=survey)
    url = reverse("feedback:survey_answer", kwargs={"code": survey.code})
    assert client.get(url).status_code == 200 and 'name="captcha_1"' not in client.get(url).content.decode()
    with pytest.raises(ValidationError):
        answer(survey)
    draft = services.survey_create(user=hr_officer, agency=tree["agency_a"], title="Nháp")
    assert client.get(reverse("feedback:survey_answer", kwargs={"code": draft.code})).status_code == 404
    assert client.get(reverse("feedback:survey_answer", kwargs={"code": "KHONGCO2"})).status_code == 404
    assert url not in client.get(reverse("feedback:survey_public_list")).content.decode()


def test_a_survey_past_its_closing_day_takes_no_answers(survey):
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    survey.refresh_from_db()
    assert not services.survey_is_open(survey)
    with pytest.raises(ValidationError):
        answer(survey)


# --------------------------------------------------------------------------- results


def test_results_count_levels_choices_and_the_share_satisfied(survey, settings, django_assert_num_queries):
    settings.FEEDBACK_RATING_SCALE = 3
    answer(survey, value=3, multiple=["Loa xã", "Người quen"], text="Tốt")
    answer(survey, value=2, single="Đất đai", multiple=["Loa xã"])
    answer(survey, value=1, single="Đất đai")
    answer(survey, value=1)
    with django_assert_num_queries(5):
        report = selectors.survey_results(survey=survey)
    satisfied, single, multiple, text = report["results"]
    assert (satisfied.answered, satisfied.satisfied, str(satisfied.share_satisfied)) == (4, 2, "50.0")
    assert [row["count"] for row in satisfied.rows] == [1, 1, 2]  # best level first
    assert [(row["label"], row["count"]) for row in single.rows] == [("Hộ tịch", 2), ("Đất đai", 2)]
    assert [(row["label"], row["count"], str(row["share"])) for row in multiple.rows] == [
        ("Loa xã", 2, "100.0"), ("Người quen", 1, "50.0"), ("Mạng xã hội", 0, "0.0")]
    assert (text.answered, text.rows) == (1, [])


def test_the_results_page_and_export_show_answers_as_text(client, survey, hr_officer,
                                                          django_assert_max_num_queries):
    answer(survey, text='<script>alert(1)</script>')
    answer(survey, value=1, text='"><img src=x onerror=alert(1)>')
    client.force_login(hr_officer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("feedback:survey_results", kwargs={"pk": survey.pk}))
    content = page.content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x" not in content and 'data-testid="share-' in content
    export = client.get(reverse("feedback:survey_export", kwargs={"pk": survey.pk}))
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    results, texts = workbook.worksheets
    rows = list(results.iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == QUESTIONS[0]["text"] and rows[0][4] == 1 and rows[0][7] == 50
    assert sorted(row[1] for row in texts.iter_rows(min_row=2, values_only=True)) == sorted(
        ['"><img src=x onerror=alert(1)>', "<script>alert(1)</script>"])
