"""The year-end refresh reads each violation once (one violation, one year) and weighs the year's score as the year was
opened to (plain average by default, or by the months worked in each period)."""

from datetime import date
from decimal import Decimal

import pytest

from evaluation import services
from evaluation.models import EvaluationYear, PeriodScore, YearResult
from staff import services as staff_services
from staff.models import Assignment, Discipline, Leave
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def person(tree):
    return StaffMemberFactory(full_name="Lò Văn Tủa", org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1))


def _open(tree, user, year, **kwargs):
    return services.evaluation_year_open(agency=tree["agency_a"], year=year, period_kind="quarterly", user=user,
                                         **kwargs)


def _disciplined(evaluation_year, person) -> bool:
    services.year_results_refresh(evaluation_year=evaluation_year)
    return YearResult.objects.get(evaluation_year=evaluation_year, staff_member=person).disciplined


def _decisions(person, *, linked: bool):
    party = staff_services.record_save(record=Discipline(staff_member=person), form="reprimand",
                                       effective_on=date(2024, 12, 20), decision_no="15-QĐ/UBKTHU",
                                       issuer="Ủy ban Kiểm tra Huyện ủy")
    staff_services.record_save(record=Discipline(staff_member=person), form="reprimand",
                               effective_on=date(2025, 2, 10), decision_no="42/QĐ-UBND", issuer="UBND xã",
                               same_violation_as=party if linked else None)


def test_a_party_decision_and_an_administrative_one_on_one_violation_make_only_the_first_year_not_completed(
        tree, hr_officer, person):
    _decisions(person, linked=True)
    assert _disciplined(_open(tree, hr_officer, 2024), person)
    assert not _disciplined(_open(tree, hr_officer, 2025), person)


def test_two_decisions_not_linked_are_two_violations_and_force_both_years(tree, hr_officer, person):
    _decisions(person, linked=False)
    assert _disciplined(_open(tree, hr_officer, 2024), person)
    assert _disciplined(_open(tree, hr_officer, 2025), person)


def test_under_nd335_a_linked_decision_in_the_next_year_forces_nothing(tree, hr_officer, person):
    first = _open(tree, hr_officer, 2026)
    PeriodScore.objects.create(period=first.periods.first(), staff_member=person, task_points=Decimal(65),
                               general_points=Decimal(28), total=Decimal(93))
    party = staff_services.record_save(record=Discipline(staff_member=person), form="warning",
                                       effective_on=date(2026, 11, 5))
    staff_services.record_save(record=Discipline(staff_member=person), form="reprimand",
                               effective_on=date(2027, 1, 20), same_violation_as=party)
    assert _disciplined(first, person)
    assert YearResult.objects.get(evaluation_year=first, staff_member=person).allowed_level == "khtnv"
    assert not _disciplined(_open(tree, hr_officer, 2027), person)


def _scored_year(tree, user, weighting, person):
    year = _open(tree, user, 2026)
    if weighting is not None:
        year.rule_settings["year_weighting"] = weighting
        EvaluationYear.objects.filter(pk=year.pk).update(rule_settings=year.rule_settings)
    for period, total in zip(year.periods.order_by("number"), (60, 90, 90, 90), strict=True):
        PeriodScore.objects.create(period=period, staff_member=person, task_points=Decimal(60),
                                   general_points=Decimal(total - 60), total=Decimal(total))
    return year


@pytest.mark.parametrize(("weighting", "expected"), [(None, "82.50"), ("plain", "82.50"), ("months", "87.00")])
def test_the_year_weighting_the_year_opened_with_decides_the_stored_year_score(tree, hr_officer, person, weighting,
                                                                              expected):
    # Sick leave from 01/02 to 31/03: the first quarter (60 points) was worked one month only, so it weighs less:
    # (60 × 1 + 90 × 9) / 10 instead of (60 + 90 + 90 + 90) / 4.
    staff_services.record_save(record=Leave(staff_member=person), kind="sick", start_date=date(2026, 2, 1),
                               end_date=date(2026, 3, 31))
    year = _scored_year(tree, hr_officer, weighting, person)
    services.year_results_refresh(evaluation_year=year)
    assert YearResult.objects.get(evaluation_year=year, staff_member=person).year_score == Decimal(expected)


def test_months_worked_follow_the_career_steps_in_the_agency(tree, hr_officer, person):
    # In another agency until 31/01, transferred in on 01/02: the first quarter counts two months.
    staff_services.record_save(record=Assignment(staff_member=person), kind="transferred", org_unit=tree["dept_b"],
                               start_date=date(2020, 1, 1), end_date=date(2026, 1, 31))
    staff_services.record_save(record=Assignment(staff_member=person), kind="transferred", org_unit=tree["dept_a"],
                               start_date=date(2026, 2, 1))
    year = _scored_year(tree, hr_officer, "months", person)
    services.year_results_refresh(evaluation_year=year)
    # (60 × 2 + 90 × 9) / 11
    assert YearResult.objects.get(evaluation_year=year, staff_member=person).year_score == Decimal("84.55")


def test_a_new_year_stores_the_weighting_setting(tree, hr_officer, settings):
    settings.EVALUATION_YEAR_WEIGHTING = "months"
    assert _open(tree, hr_officer, 2026).rule_settings["year_weighting"] == "months"


def test_with_no_month_worked_in_the_scored_periods_the_plain_average_stands(tree, hr_officer, person):
    staff_services.record_save(record=Leave(staff_member=person), kind="maternity", start_date=date(2026, 1, 1),
                               end_date=date(2026, 12, 31))
    year = _scored_year(tree, hr_officer, "months", person)
    services.year_results_refresh(evaluation_year=year)
    assert YearResult.objects.get(evaluation_year=year, staff_member=person).year_score == Decimal("82.50")


def test_a_year_opened_with_an_unknown_weighting_is_refused_not_taken_as_plain(tree, hr_officer, person):
    year = _scored_year(tree, hr_officer, "month", person)
    with pytest.raises(ValueError, match="weighting"):
        services.year_results_refresh(evaluation_year=year)


def test_refreshing_with_violations_and_months_weighting_costs_a_fixed_number_of_queries(
        tree, hr_officer, person, django_assert_max_num_queries):
    year = _scored_year(tree, hr_officer, "months", person)
    for index in range(20):
        other = StaffMemberFactory(org_unit=tree["dept_a2"], joined_service_on=date(2015, 1, 1))
        for period in year.periods.all():
            PeriodScore.objects.create(period=period, staff_member=other, task_points=Decimal(60),
                                       general_points=Decimal(20 + index % 10), total=Decimal(80 + index % 10))
        staff_services.record_save(record=Leave(staff_member=other), kind="sick", start_date=date(2026, 5, 1),
                                   end_date=date(2026, 5, 20))
        staff_services.record_save(record=Assignment(staff_member=other), kind="appointed", org_unit=tree["dept_a2"],
                                   start_date=date(2026, 3, 1))
        first = staff_services.record_save(record=Discipline(staff_member=other), form="reprimand",
                                           effective_on=date(2025, 12, 1))
        staff_services.record_save(record=Discipline(staff_member=other), form="reprimand",
                                   effective_on=date(2026, 1, 5), same_violation_as=first)
    with django_assert_max_num_queries(14):  # 12 measured
        assert services.year_results_refresh(evaluation_year=year) == 21
    results = YearResult.objects.filter(evaluation_year=year).exclude(staff_member=person)
    assert not results.filter(disciplined=True).exists()  # each violation counted in 2025
