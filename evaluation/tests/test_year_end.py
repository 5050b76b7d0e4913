from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.models import PeriodScore, TaskGroup, YearResult
from evaluation.selectors import year_end as year_end_selectors
from staff import roles
from staff import services as staff_services
from staff.models import Discipline, Leave
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="quarterly", user=hr_officer)


def scored(year, member, totals):
    for period, total in zip(year.periods.order_by("number"), totals, strict=False):
        PeriodScore.objects.create(period=period, staff_member=member, task_points=Decimal(60),
                                   general_points=Decimal(total) - 60, total=Decimal(total))
    return member


@pytest.fixture
def team(tree, year, users_by_role):
    people = [scored(year, StaffMemberFactory(full_name=f"Người {index}", org_unit=tree["dept_a"],
                                               email=f"nguoi{index}@example.vn",
                                               joined_service_on=date(2015, 1, 1)), [95, 93, 91, 95])
              for index in range(6)]
    people[0].user = users_by_role[roles.STAFF_MEMBER]
    people[0].save()
    return people


def test_the_rules_allow_a_level_from_the_year_score_and_say_why(year, team):
    services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member=team[0])
    assert result.year_score == Decimal("93.50") and result.allowed_level == "htxsnv"
    assert result.months_worked == Decimal("12.0")


def test_discipline_in_the_year_forces_not_completed(year, team):
    staff_services.record_save(record=Discipline(staff_member=team[1]), form="reprimand",
                               effective_on=date(2026, 5, 1))
    services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member=team[1])
    assert result.disciplined and result.allowed_level == "khtnv"
    assert "disciplined" in [reason["code"] for reason in result.reasons]


def test_under_six_months_worked_is_not_classified_but_maternity_is(year, team, tree):
    late = scored(year, StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2026, 8, 1)), [90])
    mother = team[2]
    staff_services.record_save(record=Leave(staff_member=mother), kind="maternity", start_date=date(2026, 1, 1),
                               end_date=date(2026, 7, 31))
    services.year_results_refresh(evaluation_year=year)
    assert YearResult.objects.get(staff_member=late).allowed_level == "not_classified"
    assert YearResult.objects.get(staff_member=mother).allowed_level == "htxsnv"


def test_refreshing_twice_keeps_one_result_and_the_proposals(year, team):
    services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member=team[0])
    services.head_propose(result=result, level="httnv", minutes_reference="BB 12/2026")
    services.year_results_refresh(evaluation_year=year)
    assert YearResult.objects.filter(staff_member=team[0]).count() == 1
    assert YearResult.objects.get(staff_member=team[0]).head_level == "httnv"


def test_a_head_cannot_propose_better_than_the_rules_allow_nor_without_minutes(year, team):
    staff_services.record_save(record=Discipline(staff_member=team[1]), form="warning", effective_on=date(2026, 2, 1))
    services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member=team[1])
    with pytest.raises(ValidationError):
        services.head_propose(result=result, level="htnv", minutes_reference="BB 1")
    with pytest.raises(ValidationError):
        services.head_propose(result=result, level="khtnv", minutes_reference=" ")


def propose_all(year, levels):
    for result, level in zip(YearResult.objects.filter(evaluation_year=year).order_by("staff_member__search_key"),
                             levels, strict=True):
        services.head_propose(result=result, level=level, minutes_reference="BB 20/2026")


def test_the_leader_approves_only_a_set_within_the_quota(year, team, agency_leader):
    services.year_results_refresh(evaluation_year=year)
    propose_all(year, ["htxsnv", "htxsnv", "httnv", "httnv", "httnv", "httnv"])  # 4 HTTNV: 0 allowed
    with pytest.raises(ValidationError):
        services.group_approve(evaluation_year=year, task_group=None, user=agency_leader)
    assert not YearResult.objects.filter(status="approved").exists()
    propose_all(year, ["htxsnv", "httnv", "httnv", "httnv", "httnv", "httnv"])  # 5 HTTNV: 1 allowed
    assert services.group_approve(evaluation_year=year, task_group=None, user=agency_leader) == 6
    assert YearResult.objects.filter(approved_level="htxsnv").count() == 1


def test_an_exception_recorded_with_who_granted_it_lets_the_set_through(year, team, agency_leader):
    services.year_results_refresh(evaluation_year=year)
    propose_all(year, ["htxsnv", "htxsnv", "htxsnv", "httnv", "httnv", "httnv"])
    services.quota_exception_record(evaluation_year=year, task_group=None, granted_by="Chủ tịch UBND tỉnh",
                                    decision_no="QĐ 15/QĐ-UBND", user=agency_leader)
    assert services.group_approve(evaluation_year=year, task_group=None, user=agency_leader) == 6


def test_the_quota_is_counted_per_task_group(year, team, agency_leader, hr_officer):
    leaders = services.task_group_save(group=TaskGroup(evaluation_year=year), name="Lãnh đạo", members=team[:1])
    services.year_results_refresh(evaluation_year=year)
    propose_all(year, ["htxsnv", "httnv", "httnv", "httnv", "httnv", "httnv"])
    summary = {entry.task_group: entry.check for entry in year_end_selectors.quota_summary(evaluation_year=year)}
    assert summary[leaders].respected is False  # 1 HTXSNV, 0 HTTNV in that group
    assert summary[None].allowed == 1


def test_the_results_page_shows_the_quota_and_roles_are_kept_apart(client, users_by_role, year, team):
    services.year_results_refresh(evaluation_year=year)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    allowed = {roles.HR_OFFICER, roles.AGENCY_LEADER}
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role in allowed else 403), role
    client.force_login(users_by_role[roles.HR_OFFICER])
    assert client.post(url, {"action": "approve", "task_group": ""}).status_code == 403
    client.force_login(users_by_role[roles.AGENCY_LEADER])
    assert client.post(url, {"action": "refresh"}).status_code == 403


def test_the_head_proposes_through_the_page_for_their_own_people_only(client, department_head, year, team, tree):
    other = scored(year, StaffMemberFactory(org_unit=tree["dept_a2"], joined_service_on=date(2015, 1, 1)), [80])
    services.year_results_refresh(evaluation_year=year)
    client.force_login(department_head)
    url = reverse("evaluation:head_proposals", kwargs={"pk": year.pk})
    assert len(client.get(url).context["results"]) == 6
    mine = YearResult.objects.get(staff_member=team[3])
    client.post(url, {"result": mine.pk, "level": "httnv", "minutes_reference": "BB 3"})
    assert YearResult.objects.get(pk=mine.pk).head_level == "httnv"
    theirs = YearResult.objects.get(staff_member=other)
    client.post(url, {"result": theirs.pk, "level": "httnv", "minutes_reference": "BB 3"})
    assert YearResult.objects.get(pk=theirs.pk).head_level == ""


def test_a_person_writes_their_own_self_assessment_only(client, users_by_role, year, team):
    services.year_results_refresh(evaluation_year=year)
    own = YearResult.objects.get(staff_member=team[0])
    someone = YearResult.objects.get(staff_member=team[1])
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    assert client.get(reverse("evaluation:self_assessment", kwargs={"pk": someone.pk})).status_code == 404
    response = client.post(reverse("evaluation:self_assessment", kwargs={"pk": own.pk}),
                           {"text": "Hoàn thành đầy đủ nhiệm vụ được giao.", "level": "htxsnv"})
    assert response.status_code == 302
    assert YearResult.objects.get(pk=own.pk).self_level == "htxsnv"


def test_the_results_export_has_one_row_a_person(client, agency_leader, year, team):
    from io import BytesIO

    import openpyxl

    services.year_results_refresh(evaluation_year=year)
    client.force_login(agency_leader)
    response = client.get(reverse("evaluation:results_export", kwargs={"pk": year.pk}))
    rows = list(openpyxl.load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên" and len(rows) == 7


def test_alerts_list_not_completed_and_two_years_running(client, agency_leader, hr_officer, tree, team, year):
    from evaluation.models import EvaluationYear

    previous = services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly",
                                             user=hr_officer)
    for evaluation_year in (previous, year):
        YearResult.objects.create(evaluation_year=evaluation_year, staff_member=team[4], approved_level="khtnv",
                                  status="approved")
    YearResult.objects.create(evaluation_year=year, staff_member=team[5], approved_level="khtnv", status="approved")
    client.force_login(agency_leader)
    context = client.get(reverse("evaluation:alerts")).context
    assert [row.staff_member for row in context["repeated"]] == [team[4]]
    assert len(context["rows"]) == 3
    assert EvaluationYear.objects.count() == 2


def test_alerts_stay_inside_the_persons_units(client, make_user, tree, team, year):
    YearResult.objects.create(evaluation_year=year, staff_member=team[4], approved_level="khtnv", status="approved")
    client.force_login(make_user(roles.AGENCY_LEADER, [tree["agency_b"]], username="leader_b"))
    assert client.get(reverse("evaluation:alerts")).context["rows"] == []


def test_refreshing_a_big_agency_costs_a_fixed_number_of_queries(year, team, tree, django_assert_max_num_queries):
    for _ in range(25):
        scored(year, StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1)), [80, 85])
    with django_assert_max_num_queries(14):
        assert services.year_results_refresh(evaluation_year=year) == 31
    with django_assert_max_num_queries(14):
        services.year_results_refresh(evaluation_year=year)
    assert YearResult.objects.count() == 31
    assert YearResult.history.count() == 62  # each row's history kept, batch or not


def test_the_deadline_page_says_who_is_late_and_why(client, agency_leader, year, team, settings):
    from datetime import date as day
    from unittest import mock

    services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member=team[0])
    services.self_assess(result=result, text="Tốt", level="httnv")
    client.force_login(agency_leader)
    url = reverse("evaluation:deadline", kwargs={"pk": year.pk})
    with mock.patch("django.utils.timezone.localdate", return_value=day(2026, 12, 1)):
        context = client.get(url).context
    assert context["deadline"] == day(2026, 12, 15) and not context["is_late"] and context["days_left"] == 14
    missing = {r.staff_member: dict(r.missing) for r in context["pending"]}
    assert missing[team[0]] == {"periods_open": 4, "head_proposal": 1}  # scored in every period, self-review done
    assert missing[team[1]] == {"periods_open": 4, "self_review": 1, "head_proposal": 1}
    with mock.patch("django.utils.timezone.localdate", return_value=day(2026, 12, 15)):
        assert client.get(url).context["is_late"]


def approved(year, team, leader):
    services.year_results_refresh(evaluation_year=year)
    propose_all(year, ["httnv"] * 6)
    services.group_approve(evaluation_year=year, task_group=None, user=leader)
    return YearResult.objects.get(staff_member=team[0])


def test_a_person_appeals_in_time_and_the_leader_upholds_it(client, users_by_role, year, team, agency_leader):
    result = approved(year, team, agency_leader)
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    url = reverse("evaluation:appeal_create", kwargs={"pk": result.pk})
    assert client.post(url, {"reason": "Tôi đã hoàn thành vượt mức các chỉ tiêu."}).status_code == 302
    client.post(url, {"reason": "Lần hai"})
    assert result.appeals.count() == 1  # one open appeal at a time
    appeal = result.appeals.get()
    client.force_login(agency_leader)
    decide = reverse("evaluation:appeal_decide", kwargs={"pk": appeal.pk})
    client.post(decide, {"uphold": "1", "new_level": "", "decision": "Xem xét lại"})
    assert YearResult.objects.get(pk=result.pk).approved_level == "httnv"  # no new level chosen: nothing changes
    client.post(decide, {"uphold": "1", "new_level": "htxsnv", "decision": "Đủ căn cứ"})
    assert YearResult.objects.get(pk=result.pk).approved_level == "htxsnv"
    assert result.history.filter(approved_level="httnv").exists()
    client.post(decide, {"uphold": "0", "decision": "Lần nữa"})
    assert result.appeals.get().status == "upheld"


def test_an_appeal_after_the_window_is_refused(year, team, agency_leader, settings):
    from datetime import timedelta

    from django.utils import timezone

    result = approved(year, team, agency_leader)
    with pytest.raises(ValidationError):
        services.appeal_submit(result=result, reason="Muộn",
                               today=timezone.localdate() + timedelta(days=settings.EVALUATION_APPEAL_DAYS + 1))
    unapproved = YearResult.objects.get(staff_member=team[1])
    unapproved.status = "open"
    unapproved.save()
    with pytest.raises(ValidationError):
        services.appeal_submit(result=unapproved, reason="Chưa duyệt")


def test_appeals_are_decided_by_leaders_of_the_unit_only(client, users_by_role, make_user, tree, year, team,
                                                          agency_leader):
    result = approved(year, team, agency_leader)
    appeal = services.appeal_submit(result=result, reason="Lý do")
    decide = reverse("evaluation:appeal_decide", kwargs={"pk": appeal.pk})
    for role, user in users_by_role.items():
        client.force_login(user)
        expected = 200 if role == roles.AGENCY_LEADER else 403
        assert client.get(reverse("evaluation:appeal_list")).status_code == expected, role
        if role != roles.AGENCY_LEADER:
            assert client.post(decide, {"uphold": "0", "decision": "x"}).status_code == 403
    client.force_login(make_user(roles.AGENCY_LEADER, [tree["agency_b"]], username="leader_b"))
    assert client.post(decide, {"uphold": "0", "decision": "x"}).status_code == 404
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    other = YearResult.objects.get(staff_member=team[1])
    assert client.post(reverse("evaluation:appeal_create", kwargs={"pk": other.pk}),
                       {"reason": "x"}).status_code == 404


def test_publishing_shows_results_inside_the_agency_and_mails_each_person(client, users_by_role, year, team,
                                                                        agency_leader, make_user, tree,
                                                                        django_capture_on_commit_callbacks):
    from django.core import mail

    approved(year, team, agency_leader)
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    assert client.get(reverse("evaluation:published")).context["results"] == []
    assert "thông báo" not in client.get(reverse("evaluation:my_work")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.results_publish(evaluation_year=year)
    assert count == 6
    assert len(mail.outbox) == 6 and "2026" in mail.outbox[0].subject
    assert len(client.get(reverse("evaluation:published")).context["results"]) == 6
    with pytest.raises(ValidationError):
        services.results_publish(evaluation_year=year)  # nothing left to publish: no second notice
    outsider = make_user(roles.STAFF_MEMBER, [tree["dept_b"]], username="member_b")
    StaffMemberFactory(org_unit=tree["dept_b"], user=outsider)
    client.force_login(outsider)
    assert client.get(reverse("evaluation:published")).context["results"] == []


def test_only_the_leader_publishes(client, users_by_role, year, team, agency_leader):
    approved(year, team, agency_leader)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    client.force_login(users_by_role[roles.HR_OFFICER])
    assert client.post(url, {"action": "publish"}).status_code == 403
    client.force_login(agency_leader)
    assert client.post(url, {"action": "publish"}).status_code == 302
    assert YearResult.objects.filter(published_at__isnull=False).count() == 6


@pytest.fixture
def old_year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly", user=hr_officer)


def a_leader(tree):
    from staff.models import JobPosition

    position = JobPosition.objects.create(org_unit=tree["dept_a"], name="Trưởng phòng", group="leadership")
    return StaffMemberFactory(full_name="Lãnh Đạo", org_unit=tree["dept_a"], position=position,
                              joined_service_on=date(2015, 1, 1))


UNIT_RESULTS = {"unit_targets_met_all": True, "unit_share_exceeded": Decimal(40), "unit_share_good": Decimal(90),
                "unit_results_source": "Báo cáo 15/BC-UBND"}


def test_refresh_marks_leaders_from_their_position_and_keeps_what_was_entered(old_year, tree):
    boss, clerk = a_leader(tree), StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1))
    services.year_results_refresh(evaluation_year=old_year)
    result = YearResult.objects.get(staff_member=boss)
    assert result.is_leader and not YearResult.objects.get(staff_member=clerk).is_leader
    services.result_inputs_record(result=result, **UNIT_RESULTS)
    services.year_results_refresh(evaluation_year=old_year)
    assert YearResult.objects.get(pk=result.pk).unit_share_exceeded == 40


def test_an_nd90_leader_is_excellent_only_when_the_units_results_permit_it(old_year, tree, settings):
    settings.EVALUATION_LEADER_MIN_EXCEEDED = "0.3"  # after the year opened: the year keeps 0.5
    boss = a_leader(tree)
    services.year_results_refresh(evaluation_year=old_year)
    result = YearResult.objects.get(staff_member=boss)
    with pytest.raises(ValidationError):
        services.head_propose(result=result, level="htxsnv", minutes_reference="BB 1")  # unit results missing
    YearResult.objects.filter(pk=result.pk).update(head_level="htxsnv")
    result = services.result_inputs_record(result=result, degraded=False)
    assert result.allowed_level == "httnv"
    assert [reason["code"] for reason in result.reasons] == ["leader_unit_results_missing"]
    with pytest.raises(ValidationError):
        services.result_inputs_record(result=result, unit_share_exceeded=Decimal(60))  # all three or none
    result = services.result_inputs_record(result=result, **UNIT_RESULTS)  # 40% exceeded < 50%
    assert result.allowed_level == "httnv" and result.reasons[0]["code"] == "leader_unit_results_short"
    result = services.result_inputs_record(result=result, unit_share_exceeded=Decimal(50))
    assert result.allowed_level == "htxsnv" and result.reasons == []
    assert old_year.rule_settings["leader_min_exceeded"] == "0.5"


def test_degradation_and_a_managed_units_corruption_force_not_completed(year, team, tree):
    boss = scored(year, a_leader(tree), [95, 95])
    services.year_results_refresh(evaluation_year=year)
    clerk = services.result_inputs_record(result=YearResult.objects.get(staff_member=team[0]),
                                          managed_unit_corruption=True)
    assert clerk.allowed_level == "htxsnv"  # not a leader: the managed-unit rule does not apply
    leader = services.result_inputs_record(result=YearResult.objects.get(staff_member=boss),
                                           managed_unit_corruption=True)
    assert leader.allowed_level == "khtnv" and "managed_unit_corruption" in [r["code"] for r in leader.reasons]
    degraded = services.result_inputs_record(result=YearResult.objects.get(staff_member=team[1]), degraded=True)
    assert degraded.allowed_level == "khtnv" and degraded.history.count() == 2


def test_inputs_of_an_approved_result_change_only_the_level_the_rules_allow(year, team, agency_leader):
    result = approved(year, team, agency_leader)
    result = services.result_inputs_record(result=result, degraded=True)
    assert (result.allowed_level, result.approved_level) == ("khtnv", "httnv")


def test_the_inputs_page_is_for_the_agencys_hr_and_checks_percentages(client, users_by_role, make_user, tree,
                                                                      old_year, django_assert_max_num_queries):
    boss = a_leader(tree)
    services.year_results_refresh(evaluation_year=old_year)
    url = reverse("evaluation:result_inputs", kwargs={"pk": YearResult.objects.get(staff_member=boss).pk})
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role == roles.HR_OFFICER else 403), role
    client.force_login(users_by_role[roles.HR_OFFICER])
    with django_assert_max_num_queries(8):
        assert "unit_share_good" in client.get(url).context["form"].fields
    response = client.post(url, {**UNIT_RESULTS, "unit_targets_met_all": "True", "unit_share_good": "150"})
    assert "unit_share_good" in response.context["form"].errors
    response = client.post(url, {**UNIT_RESULTS, "unit_targets_met_all": "True", "unit_results_source": ""})
    assert "unit_results_source" in response.context["form"].errors
    assert client.post(url, {**UNIT_RESULTS, "unit_targets_met_all": "True"}).status_code == 302
    assert YearResult.objects.get(staff_member=boss).unit_targets_met_all is True
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
