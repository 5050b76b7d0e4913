from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.models import EvaluationYear, Period, PeriodScore, WorkItem
from staff import roles
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="monthly", user=hr_officer)


@pytest.fixture
def people(tree, users_by_role):
    return {
        "an": StaffMemberFactory(full_name="Nguyễn Văn An", org_unit=tree["dept_a"],
                                 user=users_by_role[roles.STAFF_MEMBER]),
        "pao": StaffMemberFactory(full_name="Giàng A Páo", org_unit=tree["dept_a2"]),
        "mai": StaffMemberFactory(full_name="Vàng Thị Mai", org_unit=tree["dept_b"]),
    }


def march(year) -> Period:
    return year.periods.get(number=3)


def test_opening_a_year_creates_its_periods_criteria_and_keeps_the_rules_of_the_day(year, settings):
    assert year.regime == "nd335_2025"
    assert [p.start_date for p in year.periods.all()][:2] == [date(2026, 1, 1), date(2026, 2, 1)]
    assert year.periods.count() == 12 and year.periods.last().end_date == date(2026, 12, 31)
    assert sum(c.max_points for c in year.criteria.all()) == 30
    settings.EVALUATION_TASK_FORMULA = "product"
    year.refresh_from_db()
    assert year.rule_settings["task_formula"] == "mean"


def test_a_2025_year_uses_the_old_decree_and_quarters(tree, hr_officer):
    old = services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly", user=hr_officer)
    assert old.regime == "nd90_2020" and old.periods.count() == 4
    assert old.periods.get(number=4).start_date == date(2025, 10, 1)


def test_a_year_cannot_be_opened_twice_or_for_a_department(year, tree, hr_officer):
    with pytest.raises(ValidationError):
        services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="monthly", user=hr_officer)
    with pytest.raises(ValidationError):
        services.evaluation_year_open(agency=tree["dept_a"], year=2027, period_kind="monthly", user=hr_officer)


def test_tracked_work_gives_task_points_with_the_deductions(year, people, department_head):
    period = march(year)
    first = services.work_item_assign(user=department_head, period=period, staff_member=people["an"],
                                      title="Báo cáo tháng", coefficient=Decimal(2), due_date=date(2026, 3, 20))
    services.work_item_assign(user=department_head, period=period, staff_member=people["an"],
                              title="Tờ trình", coefficient=Decimal(2), due_date=date(2026, 3, 25))
    services.work_item_mark_done(item=first, done_on=date(2026, 3, 22))  # late: one delay
    services.quality_review_record(item=first, user=department_head, passed=False, reason="Sai số liệu")
    services.quality_review_record(item=first, user=department_head, passed=True)
    score = services.period_score_recompute(period_id=period.pk, staff_member_id=people["an"].pk)
    assert score.quantity_pct == Decimal("50.00")  # 2 of 4 coefficient points done
    assert score.quality_pct == Decimal("75.00")  # one failed review the officer caused: minus 25%
    assert score.timeliness_pct == Decimal("75.00")  # one delay: minus 25%
    assert score.task_points == Decimal("46.67")  # mean 66.67% × 0.70


def test_a_failure_for_an_objective_reason_costs_nothing(year, people, department_head):
    item = services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"],
                                     title="Hồ sơ", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    services.work_item_mark_done(item=item, done_on=date(2026, 3, 30))
    services.quality_review_record(item=item, user=department_head, passed=False, reason="Mất điện",
                                   objective_cause=True)
    services.quality_review_record(item=item, user=department_head, passed=True)
    score = services.period_score_recompute(period_id=item.period_id, staff_member_id=people["an"].pk)
    assert (score.quality_pct, score.task_points) == (Decimal("100.00"), Decimal("70.00"))


def test_recomputing_twice_keeps_one_row_with_the_same_values(year, people, department_head):
    item = services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"],
                                     title="Hồ sơ", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    first = services.period_score_recompute(period_id=item.period_id, staff_member_id=people["an"].pk)
    second = services.period_score_recompute(period_id=item.period_id, staff_member_id=people["an"].pk)
    assert PeriodScore.objects.count() == 1 and first.task_points == second.task_points


def test_general_points_complete_the_period_score(year, people, department_head):
    item = services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"],
                                     title="Hồ sơ", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    services.work_item_mark_done(item=item, done_on=date(2026, 3, 30))
    score = services.general_points_record(period=march(year), staff_member=people["an"], points=Decimal(27))
    assert score.total == Decimal("97.00")
    with pytest.raises(ValidationError):
        services.general_points_record(period=march(year), staff_member=people["an"], points=Decimal(31))


def test_a_due_date_outside_the_period_is_refused(year, people, department_head):
    with pytest.raises(ValidationError) as error:
        services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"],
                                  title="Hồ sơ", coefficient=Decimal(1), due_date=date(2026, 4, 2))
    assert "due_date" in error.value.message_dict


def test_a_closed_period_cannot_change(year, people, department_head):
    item = services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"],
                                     title="Hồ sơ", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    Period.objects.filter(pk=item.period_id).update(is_closed=True)
    with pytest.raises(ValidationError):
        services.work_item_mark_done(item=item)


PAGES = [
    ("evaluation:year_list", None, {roles.HR_OFFICER, roles.AGENCY_LEADER, roles.DEPARTMENT_HEAD}),
    ("evaluation:year_create", None, {roles.HR_OFFICER}),
    ("evaluation:year_detail", "year", {roles.HR_OFFICER, roles.AGENCY_LEADER, roles.DEPARTMENT_HEAD}),
    ("evaluation:taskgroup_create", "year", {roles.HR_OFFICER}),
    ("evaluation:period_tracking", "period", {roles.HR_OFFICER, roles.AGENCY_LEADER, roles.DEPARTMENT_HEAD}),
    ("evaluation:my_work", None, set(roles.ROLES)),
]


@pytest.mark.parametrize(("name", "target", "allowed"), PAGES, ids=[page[0] for page in PAGES])
def test_each_role_reaches_the_evaluation_pages_it_needs_and_no_other(client, users_by_role, year, people, name,
                                                                    target, allowed):
    pk = {"year": year.pk, "period": march(year).pk}.get(target)
    url = reverse(name, kwargs={"pk": pk}) if pk else reverse(name)
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role in allowed else 403), role


def test_another_agencys_year_is_not_found(client, make_user, tree, year):
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(reverse("evaluation:year_detail", kwargs={"pk": year.pk})).status_code == 404
    assert client.get(reverse("evaluation:period_tracking", kwargs={"pk": march(year).pk})).status_code == 404


def test_a_head_sees_and_assigns_only_their_own_units_people(client, department_head, year, people):
    client.force_login(department_head)
    url = reverse("evaluation:period_tracking", kwargs={"pk": march(year).pk})
    assert [p.full_name for p in client.get(url).context["people"]] == ["Nguyễn Văn An"]
    response = client.post(url, {"staff_member": people["pao"].pk, "title": "Việc", "coefficient": "1",
                                 "due_date": "31/03/2026"})
    assert "staff_member" in response.context["assign_form"].errors
    response = client.post(url, {"staff_member": people["an"].pk, "title": "Báo cáo", "coefficient": "1.5",
                                 "due_date": "31/03/2026"})
    assert response.status_code == 302
    assert WorkItem.objects.get().staff_member == people["an"]


def test_the_person_reports_their_own_work_done_and_no_one_elses(client, users_by_role, year, people,
                                                                 department_head):
    own = services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"],
                                    title="Của tôi", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    other = services.work_item_assign(user=department_head, period=march(year), staff_member=people["pao"],
                                      title="Của người khác", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    assert "Của tôi" in client.get(reverse("evaluation:my_work")).content.decode()
    assert client.post(reverse("evaluation:work_item_done", kwargs={"pk": other.pk})).status_code == 404
    assert client.post(reverse("evaluation:work_item_done", kwargs={"pk": own.pk})).status_code == 302
    assert WorkItem.objects.get(pk=own.pk).done_on is not None


def test_only_heads_review_and_only_in_their_units(client, users_by_role, make_user, tree, year, people,
                                                   department_head):
    item = services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"],
                                     title="Hồ sơ", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    services.work_item_mark_done(item=item, done_on=date(2026, 3, 30))
    url = reverse("evaluation:work_item_review", kwargs={"pk": item.pk})
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    assert client.post(url, {"passed": "1"}).status_code == 403
    client.force_login(make_user(roles.DEPARTMENT_HEAD, [tree["dept_a2"]], username="head_a2"))
    assert client.post(url, {"passed": "1"}).status_code == 404
    client.force_login(department_head)
    assert client.post(url, {"passed": "0", "reason": ""}).status_code == 302
    assert not item.reviews.exists()  # a failure needs its reason
    client.post(url, {"passed": "0", "reason": "Thiếu chữ ký"})
    assert item.reviews.count() == 1


def test_the_tracking_page_runs_a_fixed_number_of_queries(client, department_head, year, people, tree,
                                                         django_assert_max_num_queries):
    for index in range(10):
        member = StaffMemberFactory(org_unit=tree["dept_a"], full_name=f"Người {index}")
        services.work_item_assign(user=department_head, period=march(year), staff_member=member,
                                  title=f"Việc {index}", coefficient=Decimal(1), due_date=date(2026, 3, 31))
    client.force_login(department_head)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("evaluation:period_tracking", kwargs={"pk": march(year).pk})).status_code == 200


def test_an_hr_officer_opens_a_year_through_the_page(client, hr_officer, tree):
    client.force_login(hr_officer)
    response = client.post(reverse("evaluation:year_create"), {"agency": tree["agency_a"].pk, "year": "2026",
                                                               "period_kind": "quarterly"})
    year = EvaluationYear.objects.get()
    assert response.url == reverse("evaluation:year_detail", kwargs={"pk": year.pk})
    response = client.post(reverse("evaluation:year_create"), {"agency": tree["agency_b"].pk, "year": "2026",
                                                               "period_kind": "monthly"})
    assert "agency" in response.context["form"].errors


def test_a_task_group_holds_each_person_once_a_year(client, hr_officer, year, people):
    client.force_login(hr_officer)
    url = reverse("evaluation:taskgroup_create", kwargs={"pk": year.pk})
    assert client.post(url, {"name": "Chuyên viên", "members": [people["an"].pk]}).status_code == 302
    response = client.post(url, {"name": "Lãnh đạo", "members": [people["an"].pk, people["pao"].pk]})
    assert "members" in response.context["form"].errors
    response = client.post(url, {"name": "Ngoài", "members": [people["mai"].pk]})
    assert "members" in response.context["form"].errors


def test_a_whole_period_is_recomputed_in_a_fixed_number_of_queries(year, tree, department_head,
                                                                  django_assert_max_num_queries):
    period = march(year)
    members = [StaffMemberFactory(org_unit=tree["dept_a"], full_name=f"Người {index}") for index in range(12)]
    for member in members:
        for number in range(3):
            item = services.work_item_assign(user=department_head, period=period, staff_member=member,
                                             title=f"Việc {number}", coefficient=Decimal(1),
                                             due_date=date(2026, 3, 10))
            if number:
                services.work_item_mark_done(item=item, done_on=date(2026, 3, 9 + number))
    PeriodScore.objects.all().delete()
    with django_assert_max_num_queries(8):
        assert services.period_scores_recompute(period_id=period.pk) == 12
    with django_assert_max_num_queries(8):
        services.period_scores_recompute(period_id=period.pk)  # again: same rows, updated
    score = PeriodScore.objects.get(staff_member=members[0])
    assert PeriodScore.objects.count() == 12
    assert score.quantity_pct == Decimal("66.67") and score.timeliness_pct == Decimal("87.50")  # one of two late


def test_the_nightly_job_recomputes_open_periods_and_is_on_the_schedule(year, people, department_head):
    from batxat_portal.celery import app
    from evaluation import tasks

    services.work_item_assign(user=department_head, period=march(year), staff_member=people["an"], title="Việc",
                              coefficient=Decimal(1), due_date=date(2026, 3, 31))
    PeriodScore.objects.all().delete()
    assert tasks.open_periods_recompute.delay().get() == 1  # one period queued (run at once in tests)
    assert PeriodScore.objects.count() == 1
    assert app.conf.beat_schedule["nightly-period-scores"]["task"] == "evaluation.tasks.open_periods_recompute"
