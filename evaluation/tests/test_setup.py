"""Set-up and closing of a year: the general criteria, closing periods and closing the year."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from evaluation import services
from evaluation.models import Criterion, EvaluationYear, Period, PeriodScore, YearResult
from staff import roles
from staff.tests.factories import StaffMemberFactory


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="monthly", user=hr_officer)


@pytest.fixture
def person(tree):
    return StaffMemberFactory(full_name="Nguyễn Văn An", org_unit=tree["dept_a"])


def rows(year, *changes):
    """The year's criteria as service rows, with (index, field, value) changes applied."""
    current = [{"id": c.pk, "title": c.title, "max_points": c.max_points, "order": c.order}
               for c in year.criteria.order_by("order")]
    for index, field, value in changes:
        current[index][field] = value
    return current


def march(year) -> Period:
    return year.periods.get(number=3)


def test_nd335_criteria_must_add_up_to_exactly_30(year):
    with pytest.raises(ValidationError, match="exactly 30"):
        services.criteria_save(evaluation_year=year, rows=rows(year, (0, "max_points", Decimal(9))))
    new_rows = rows(year, (0, "title", "Chính trị"), (0, "max_points", Decimal(5)))[:-1]  # the last one deleted
    new_rows.append({"id": None, "title": "Tinh thần phục vụ nhân dân", "max_points": Decimal(10), "order": 9})
    services.criteria_save(evaluation_year=year, rows=new_rows)
    assert [(c.title, c.max_points) for c in year.criteria.all()] == [
        ("Chính trị", 5), ("Đạo đức, lối sống", 8), ("Tác phong, lề lối làm việc", 7),
        ("Tinh thần phục vụ nhân dân", 10)]
    with pytest.raises(ValidationError, match="at least one"):
        services.criteria_save(evaluation_year=year, rows=[])


def test_nd90_criteria_only_guide_the_points_up_to_30_and_not_below_points_given(tree, hr_officer, person):
    old = services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly",
                                        user=hr_officer)
    services.criteria_save(evaluation_year=old, rows=rows(old, (0, "max_points", Decimal(1))))  # 23 in all
    assert sum(c.max_points for c in old.criteria.all()) == 23
    with pytest.raises(ValidationError, match="at most 30"):
        services.criteria_save(evaluation_year=old, rows=rows(old, (0, "max_points", Decimal(10))))
    services.general_points_record(period=old.periods.first(), staff_member=person, points=Decimal(20))
    with pytest.raises(ValidationError, match="already given"):
        services.criteria_save(evaluation_year=old, rows=rows(old, (1, "max_points", Decimal(1))))  # 16 < 20


def test_a_criterion_of_another_year_is_refused(year, tree, hr_officer):
    other = services.evaluation_year_open(agency=tree["agency_b"], year=2026, period_kind="monthly",
                                          user=hr_officer)
    foreign = rows(year)
    foreign[0]["id"] = other.criteria.first().pk
    with pytest.raises(ValidationError):
        services.criteria_save(evaluation_year=year, rows=foreign)


def test_the_criteria_page_saves_a_formset_for_the_agencys_hr_only(client, users_by_role, make_user, tree, year,
                                                                   django_assert_max_num_queries):
    url = reverse("evaluation:criteria_edit", kwargs={"pk": year.pk})
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role == roles.HR_OFFICER else 403), role
    client.force_login(users_by_role[roles.HR_OFFICER])
    with django_assert_max_num_queries(8):
        client.get(url)
    criteria = list(year.criteria.order_by("order"))
    data = {"criteria-TOTAL_FORMS": "5", "criteria-INITIAL_FORMS": "4", "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000"}
    for index, criterion in enumerate(criteria):
        data |= {f"criteria-{index}-id": criterion.pk, f"criteria-{index}-title": criterion.title,
                 f"criteria-{index}-max_points": criterion.max_points, f"criteria-{index}-order": index}
    data |= {"criteria-3-DELETE": "on", "criteria-4-title": "Trách nhiệm", "criteria-4-max_points": "6",
             "criteria-4-order": "4"}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert "đúng bằng 30" in " ".join(response.context["service_errors"])  # 23 + 6 = 29
    data["criteria-4-max_points"] = "7"
    assert client.post(url, data).status_code == 302
    assert [c.title for c in year.criteria.all()][-1] == "Trách nhiệm" and year.criteria.count() == 4
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
    client.force_login(make_user(roles.HR_OFFICER, [tree["dept_a"]], username="hr_dept"))
    assert client.get(url).status_code == 404  # the set-up is the agency's, not a department's


def test_a_period_closes_only_after_it_ends_with_its_scores_recomputed_and_who_did_it_kept(year, person,
                                                                                           department_head,
                                                                                           hr_officer):
    period = march(year)
    services.work_item_assign(user=department_head, period=period, staff_member=person, title="Báo cáo",
                              coefficient=Decimal(1), due_date=date(2026, 3, 31))
    PeriodScore.objects.all().delete()  # as if the queued recomputation never ran
    with pytest.raises(ValidationError, match="01/04/2026"):
        services.period_close(period=period, user=hr_officer, today=date(2026, 3, 31))
    services.period_close(period=period, user=hr_officer, today=date(2026, 4, 1))
    assert Period.objects.get(pk=period.pk).is_closed
    assert PeriodScore.objects.get(period=period, staff_member=person).task_points == 0  # recomputed: not done
    note = year.history.filter(history_change_reason="period_closed:3").get()
    assert note.history_user == hr_officer
    with pytest.raises(ValidationError):
        services.period_close(period=period, user=hr_officer, today=date(2026, 4, 1))


def test_a_closed_period_refuses_new_work_reviews_and_points(year, person, department_head, hr_officer):
    period = march(year)
    item = services.work_item_assign(user=department_head, period=period, staff_member=person, title="Hồ sơ",
                                     coefficient=Decimal(1), due_date=date(2026, 3, 20))
    services.work_item_mark_done(item=item, done_on=date(2026, 3, 19))
    services.period_close(period=period, user=hr_officer, today=date(2026, 4, 2))
    period.refresh_from_db()
    attempts = [
        lambda: services.work_item_assign(user=department_head, period=period, staff_member=person, title="Mới",
                                          coefficient=Decimal(1), due_date=date(2026, 3, 31)),
        lambda: services.work_item_mark_done(item=item),
        lambda: services.quality_review_record(item=item, user=department_head, passed=True),
        lambda: services.general_points_record(period=period, staff_member=person, points=Decimal(25)),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="closed"):
            attempt()
    before = PeriodScore.objects.get(period=period).updated_at
    assert services.period_scores_recompute(period_id=period.pk) == 0  # a late queued task writes nothing
    assert PeriodScore.objects.get(period=period).updated_at == before
    services.period_reopen(period=period, user=hr_officer)
    services.quality_review_record(item=item, user=department_head, passed=True)  # open again
    assert year.history.filter(history_change_reason="period_reopened:3").exists()


def approve_all(year, people, status="approved"):
    for member in people:
        approved = status == "approved"
        YearResult.objects.create(evaluation_year=year, staff_member=member, status=status,
                                  approved_level="httnv" if approved else "",
                                  approved_at=timezone.now() if approved else None)


def test_the_year_closes_only_when_every_result_is_approved_and_then_nothing_changes(year, tree, person,
                                                                                   hr_officer, department_head):
    with pytest.raises(ValidationError, match="no result yet"):
        services.evaluation_year_close(evaluation_year=year, user=hr_officer)
    approve_all(year, [person, StaffMemberFactory(org_unit=tree["dept_a"])])
    approve_all(year, [StaffMemberFactory(org_unit=tree["dept_a"])], status="open")
    with pytest.raises(ValidationError, match="1 of 3 results is not approved"):
        services.evaluation_year_close(evaluation_year=year, user=hr_officer)
    YearResult.objects.filter(status="open").update(status="approved", approved_level="htnv")
    services.evaluation_year_close(evaluation_year=year, user=hr_officer)
    year.refresh_from_db()
    assert year.status == EvaluationYear.Status.CLOSED and not year.periods.filter(is_closed=False).exists()
    assert year.history.filter(history_change_reason="year_closed", history_user=hr_officer).exists()
    result = YearResult.objects.get(staff_member=person)
    refused = [
        lambda: services.period_reopen(period=march(year), user=hr_officer),
        lambda: services.criteria_save(evaluation_year=year, rows=rows(year)),
        lambda: services.year_results_refresh(evaluation_year=year),
        lambda: services.result_inputs_record(result=result, degraded=True),
        lambda: services.group_approve(evaluation_year=year, task_group=None, user=hr_officer),
        lambda: services.appeal_submit(result=result, reason="Lý do"),
        lambda: services.general_points_record(period=march(year), staff_member=person, points=Decimal(20)),
    ]
    for attempt in refused:
        with pytest.raises(ValidationError, match="closed"):
            attempt()
    assert YearResult.objects.get(pk=result.pk).degraded is False and Criterion.objects.filter(
        evaluation_year=year).count() == 4


def test_an_appeal_waiting_keeps_the_year_open(year, person, hr_officer):
    approve_all(year, [person])
    services.appeal_submit(result=YearResult.objects.get(), reason="Chưa thỏa đáng")
    with pytest.raises(ValidationError, match="1 appeal is waiting"):
        services.evaluation_year_close(evaluation_year=year, user=hr_officer)


CLOSING_PAGES = [("evaluation:period_close", "period"), ("evaluation:period_reopen", "period"),
                 ("evaluation:year_close", "year")]


@pytest.mark.parametrize(("name", "target"), CLOSING_PAGES, ids=[page[0] for page in CLOSING_PAGES])
def test_closing_pages_are_for_the_agencys_hr_only(client, users_by_role, make_user, tree, year, name, target):
    url = reverse(name, kwargs={"pk": march(year).pk if target == "period" else year.pk})
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role == roles.HR_OFFICER else 403), role
        if role != roles.HR_OFFICER:
            assert client.post(url).status_code == 403
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_hr_closes_and_reopens_a_period_and_closes_the_year_from_the_pages(client, hr_officer, year, person,
                                                                            django_assert_max_num_queries):
    client.force_login(hr_officer)
    detail = reverse("evaluation:year_detail", kwargs={"pk": year.pk})
    period = march(year)
    with django_assert_max_num_queries(8):
        client.get(reverse("evaluation:period_close", kwargs={"pk": period.pk}))
    assert client.post(reverse("evaluation:period_close", kwargs={"pk": period.pk})).url == detail
    assert Period.objects.get(pk=period.pk).is_closed
    client.post(reverse("evaluation:period_reopen", kwargs={"pk": period.pk}))
    client.post(reverse("evaluation:period_close", kwargs={"pk": period.pk}))
    approve_all(year, [person], status="open")
    response = client.post(reverse("evaluation:year_close", kwargs={"pk": year.pk}), follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "Còn 1 trong số 1 kết quả chưa được phê duyệt" in response.content.decode()
    YearResult.objects.update(status="approved", approved_level="httnv")
    with django_assert_max_num_queries(9):
        assert client.get(reverse("evaluation:year_close", kwargs={"pk": year.pk})).context["not_approved"] == 0
    client.post(reverse("evaluation:year_close", kwargs={"pk": year.pk}))
    with django_assert_max_num_queries(12):
        response = client.get(detail)
    assert [entry["action"] for entry in response.context["closing_log"]] == [
        "year_closed", "period_closed", "period_reopened", "period_closed"]
    assert reverse("evaluation:criteria_edit", kwargs={"pk": year.pk}) not in response.content.decode()
