"""The running year average shows beside the period score, on the unit's tracking page and on the person's page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import PeriodScore
from staff import roles
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def scored(tree, hr_officer, users_by_role):
    year = services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="monthly", user=hr_officer)
    person = StaffMemberFactory(full_name="Hoàng Văn Páo", org_unit=tree["dept_a"],
                                user=users_by_role[roles.STAFF_MEMBER])
    other = StaffMemberFactory(full_name="Sần Thị Mỷ", org_unit=tree["dept_a"])
    for number, total in ((1, 90), (2, 80)):
        PeriodScore.objects.create(period=year.periods.get(number=number), staff_member=person,
                                   task_points=Decimal(total - 25), general_points=Decimal(25), total=Decimal(total))
    PeriodScore.objects.create(period=year.periods.get(number=1), staff_member=other, task_points=Decimal(0),
                               general_points=None, total=None)
    return year, person


def test_the_unit_page_shows_the_average_of_the_periods_scored_so_far(client, department_head, scored,
                                                                     django_assert_max_num_queries):
    year, person = scored
    client.force_login(department_head)
    with django_assert_max_num_queries(15):
        february = client.get(reverse("evaluation:period_tracking", kwargs={"pk": year.periods.get(number=2).pk}))
    assert "<strong>85,00</strong> (2 kỳ)" in february.content.decode()
    january = client.get(reverse("evaluation:period_tracking", kwargs={"pk": year.periods.get(number=1).pk}))
    assert "<strong>90,00</strong> (1 kỳ)" in january.content.decode()
    assert january.content.decode().count("trung bình năm") == 1  # an unscored colleague shows no average


def test_the_person_sees_their_running_year_average(client, users_by_role, scored):
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    page = client.get(reverse("evaluation:my_work")).content.decode()
    assert "<strong>85,00</strong>/100" in page
