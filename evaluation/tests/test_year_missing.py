"""An empty year's results do not look finished: each person's missing steps are said (results page, deadlines page,
"Update results"), approval and publication are offered, and allowed, only when there is something to approve."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from batxat_portal.navigation import menu_for
from evaluation import services
from evaluation.models import PeriodScore, TaskGroup, YearResult
from evaluation.selectors import year_end as year_end_selectors
from staff import roles
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def year(tree, hr_officer):
    """An NĐ 335/2025 year (2026): four quarters, none closed."""
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="quarterly", user=hr_officer)


@pytest.fixture
def people(tree):
    return [StaffMemberFactory(full_name=f"Người {index}", org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1))
            for index in range(4)]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_empty_year_is_not_finished_on_the_deadline_page(client, agency_leader, year, people):
    """Before any result exists the page used to say "Nothing pending": the people without a result are outstanding."""
    client.force_login(agency_leader)
    url = reverse("evaluation:deadline", kwargs={"pk": year.pk})
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 20)):
        response = client.get(url)
    assert response.context["without_result"] == 4 and response.context["outstanding"] == 4
    page = response.content.decode()
    assert "Không có việc tồn đọng" not in page and "Nothing pending" not in page
    assert 'data-testid="without-result"' in page


def test_update_results_says_how_many_are_scored_and_what_is_missing(client, hr_officer, year, people):
    client.force_login(hr_officer)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    response = client.post(url, {"action": "refresh"}, follow=True)
    [message] = messages_of(response)
    assert "4 kết quả" in message and "0 kết quả có điểm năm" in message
    assert "4 kỳ của năm chưa đóng" in message
    assert "4 người chưa có điểm năm" in message
    assert "4 người chưa viết bản tự kiểm điểm" in message
    assert "4 người chưa có đề xuất của người đứng đầu đơn vị" in message


def test_the_results_page_says_per_person_what_is_missing(client, agency_leader, year, people):
    PeriodScore.objects.create(period=year.periods.get(number=1), staff_member=people[0], task_points=Decimal(60))
    PeriodScore.objects.create(period=year.periods.get(number=2), staff_member=people[0], task_points=Decimal(60))
    PeriodScore.objects.create(period=year.periods.get(number=3), staff_member=people[0], task_points=Decimal(60),
                               general_points=Decimal(25), total=Decimal(85))
    services.year_results_refresh(evaluation_year=year)
    services.self_assess(result=YearResult.objects.get(staff_member=people[1]), text="Tốt", level="httnv")
    client.force_login(agency_leader)
    response = client.get(reverse("evaluation:results", kwargs={"pk": year.pk}))
    missing = {row.staff_member: dict(row.missing) for row in response.context["rows"]}
    assert missing[people[0]] == {"periods_open": 4, "general_points": 2, "self_review": 1, "head_proposal": 1}
    assert missing[people[1]] == {"periods_open": 4, "score": 1, "head_proposal": 1}
    assert missing[people[2]] == {"periods_open": 4, "score": 1, "self_review": 1, "head_proposal": 1}
    counts = response.context["counts"]
    assert (counts.results, counts.scored, counts.score, counts.general_points, counts.self_review,
            counts.head_proposal, counts.outstanding_people) == (4, 1, 3, 1, 3, 4, 4)
    page = response.content.decode()
    assert "không có điểm chung ở 2 kỳ" in page and "chưa có bản tự kiểm điểm" in page
    assert "Chưa xong: 4 người còn tồn đọng" in page


def test_the_counts_of_the_overview_say_what_the_rows_say(year, people, tree):
    """The page counts in one GROUP BY what each row says of itself: both read the same definitions."""
    group = services.task_group_save(group=TaskGroup(evaluation_year=year), name="Chuyên viên", members=people[:2])
    PeriodScore.objects.create(period=year.periods.get(number=1), staff_member=people[3], task_points=Decimal(60))
    for period in year.periods.all():
        PeriodScore.objects.create(period=period, staff_member=people[0], task_points=Decimal(60),
                                   general_points=Decimal(20), total=Decimal(80))
    services.year_results_refresh(evaluation_year=year)
    services.self_assess(result=YearResult.objects.get(staff_member=people[2]), text="Tốt", level="htnv")
    services.head_propose(result=YearResult.objects.get(staff_member=people[0]), level="httnv",
                          minutes_reference="BB 1")
    rows = list(year_end_selectors.result_rows(evaluation_year=year, page=1))
    counts = year_end_selectors.missing_counts(evaluation_year=year)
    for code in ("general_points", "score", "self_review", "head_proposal"):
        assert getattr(counts, code) == sum(1 for row in rows if code in dict(row.missing)), code
    by_group = {entry.task_group: entry for entry in year_end_selectors.quota_overview(evaluation_year=year)}
    assert by_group[group].tallies["head_proposal"] == 1 and by_group[None].tallies["head_proposal"] == 2


def test_an_nd90_year_asks_no_score_nor_periods(tree, hr_officer, people, client, agency_leader):
    year = services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly", user=hr_officer)
    services.year_results_refresh(evaluation_year=year)
    client.force_login(agency_leader)
    rows = client.get(reverse("evaluation:results", kwargs={"pk": year.pk})).context["rows"]
    assert {tuple(dict(row.missing)) for row in rows} == {("self_review", "head_proposal")}


def test_approve_and_publish_are_not_offered_without_proposals(client, agency_leader, year, people):
    services.year_results_refresh(evaluation_year=year)
    client.force_login(agency_leader)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    page = client.get(url).content.decode()
    assert 'value="approve"' not in page and 'value="publish"' not in page
    assert "Chưa có gì để phê duyệt: 4/4 người chưa có đề xuất của người đứng đầu đơn vị." in page
    assert 'data-testid="publish-why"' in page
    # The view refuses it too, and says why.
    response = client.post(url, {"action": "approve", "task_group": ""}, follow=True)
    assert "4/4 người chưa có đề xuất của người đứng đầu đơn vị" in " ".join(messages_of(response))
    response = client.post(url, {"action": "publish"}, follow=True)
    assert messages_of(response) == ["Không có kết quả đã phê duyệt nào chờ công khai."]
    assert not YearResult.objects.filter(evaluation_year=year).exclude(status="open").exists()


def test_the_service_refuses_a_group_with_a_person_unproposed(year, people, agency_leader):
    services.year_results_refresh(evaluation_year=year)
    for person in people[:3]:
        services.head_propose(result=YearResult.objects.get(staff_member=person), level="httnv",
                              minutes_reference="BB 1")
    with pytest.raises(ValidationError, match="1/4"):
        services.group_approve(evaluation_year=year, task_group=None, user=agency_leader)
    assert not YearResult.objects.filter(status="approved").exists()


def test_a_group_all_approved_is_not_approved_again_and_an_appeal_outcome_stays(client, year, people, agency_leader):
    services.year_results_refresh(evaluation_year=year)
    for person in people:
        services.head_propose(result=YearResult.objects.get(staff_member=person), level="htnv",
                              minutes_reference="BB 1")
    client.force_login(agency_leader)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    assert 'value="approve"' in client.get(url).content.decode()
    assert services.group_approve(evaluation_year=year, task_group=None, user=agency_leader) == 4
    YearResult.objects.filter(staff_member=people[0]).update(approved_level="httnv")  # an upheld appeal
    with pytest.raises(ValidationError):
        services.group_approve(evaluation_year=year, task_group=None, user=agency_leader)
    page = client.get(url).content.decode()
    assert 'value="approve"' not in page and 'value="publish"' in page
    newcomer = StaffMemberFactory(org_unit=people[0].org_unit, joined_service_on=date(2015, 1, 1))
    services.year_results_refresh(evaluation_year=year)
    services.head_propose(result=YearResult.objects.get(staff_member=newcomer), level="htnv",
                          minutes_reference="BB 2")
    assert services.group_approve(evaluation_year=year, task_group=None, user=agency_leader) == 1
    assert YearResult.objects.get(staff_member=people[0]).approved_level == "httnv"


def test_the_results_page_counts_missing_steps_in_fixed_queries(client, agency_leader, year, people, tree,
                                                                django_assert_max_num_queries):
    for person in people:
        PeriodScore.objects.create(period=year.periods.get(number=1), staff_member=person, task_points=Decimal(60))
    services.year_results_refresh(evaluation_year=year)
    client.force_login(agency_leader)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    for _ in range(30):
        person = StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1))
        PeriodScore.objects.create(period=year.periods.get(number=1), staff_member=person, task_points=Decimal(60))
    services.year_results_refresh(evaluation_year=year)
    with django_assert_max_num_queries(16):
        rows = client.get(url).context["rows"]
    assert len(rows) == 34 and all(dict(row.missing)["general_points"] == 1 for row in rows)


def test_the_self_review_is_in_the_menu_and_leads_to_the_open_year(client, users_by_role, year, tree):
    member_user = users_by_role[roles.STAFF_MEMBER]
    assert "evaluation:my_self_review" in [item.url_name for item in menu_for(member_user)]
    client.force_login(member_user)
    url = reverse("evaluation:my_self_review")
    page = client.get(url)
    assert page.status_code == 200 and "Chưa có kỳ đánh giá cuối năm nào" in page.content.decode()
    StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1), user=member_user)
    services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member__user=member_user)
    assert client.get(url).url == reverse("evaluation:self_assessment", kwargs={"pk": result.pk})
    assert reverse("evaluation:my_self_review") in client.get(reverse("evaluation:my_work")).content.decode()


def test_the_deadline_page_says_what_is_missing_in_fixed_queries(client, agency_leader, year, people, tree,
                                                                 django_assert_max_num_queries):
    services.year_results_refresh(evaluation_year=year)
    client.force_login(agency_leader)
    url = reverse("evaluation:deadline", kwargs={"pk": year.pk})
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for _ in range(20):
        person = StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1))
        PeriodScore.objects.create(period=year.periods.get(number=1), staff_member=person, task_points=Decimal(60))
    services.year_results_refresh(evaluation_year=year)
    StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1))  # no result yet
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert len(response.context["pending"]) == 24 and response.context["without_result"] == 1
    assert response.context["outstanding"] == 25
