from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from batxat_portal.text import fold
from staff import demo, selectors
from staff.choices import KINH, AssignmentKind, Category, Status
from staff.demo import people as demo_people
from staff.forms import NAME_SEARCH_EXAMPLE
from staff.models import Assignment, Discipline, JobPosition, Qualification, Reward, StaffMember, User

REF_DAY = date(2026, 11, 28)


@pytest.fixture
def demo_units(db):
    units = demo.seed_units()
    demo.seed_accounts(units)
    return units


def test_positions_are_seeded_once_per_commune(demo_units):
    positions = demo_people.seed_positions(units=demo_units)
    assert len(positions) == 8 * len(demo_people.POSITIONS)
    assert demo_people.seed_positions(units=demo_units) == positions
    assert JobPosition.objects.count() == len(positions)
    chair = positions["02683-CT"]
    assert chair.org_unit == demo_units["02683"]
    assert (chair.required_rank.code, chair.required_political_theory, chair.required_state_management) == (
        "01.002", 2, 1)
    assert positions["02701-TPHT"].requires_ethnic_language
    assert positions["02701-TCKT"].required_fields == "Kế toán, Tài chính"
    for position in positions.values():
        position.full_clean()


def test_demo_people_are_realistic_and_seeded_once(demo_units):
    assert demo_people.seed_people() == 150
    assert demo_people.seed_people() == 0
    members = list(StaffMember.objects.select_related("org_unit", "position__required_rank", "rank", "user"))
    assert len(members) == 150

    for member in members:
        member.full_clean()
    for row in Assignment.objects.select_related("org_unit"):
        row.full_clean()
    for row in Qualification.objects.all():
        row.full_clean()

    ethnicities = Counter(member.ethnicity for member in members)
    minorities = 1 - ethnicities[KINH] / len(members)
    assert 0.5 <= minorities <= 0.75
    assert {"08", "09", "25", "35"} <= set(ethnicities)
    women = sum(member.gender == "female" for member in members) / len(members)
    assert 0.35 <= women <= 0.55
    categories = Counter(member.category for member in members)
    assert 0.1 <= categories[Category.CADRE] / len(members) <= 0.2
    assert categories[Category.NON_PROFESSIONAL] >= 1
    statuses = Counter(member.status for member in members)
    assert statuses[Status.RETIRED] >= 2 and statuses[Status.TRANSFERRED_OUT] >= 2

    # Each commune has a chair and two vice-chairs in its agency.
    for code in demo_people.COMMUNE_CODES:
        titles = Counter(m.leadership_title for m in members if m.status == Status.WORKING
                         and m.org_unit.code.split("-")[0] == code)
        assert titles["chair"] == 1 and titles["vice_chair"] == 2 and titles["head"] == 2

    # Derived columns are filled by the services.
    working = [m for m in members if m.status == Status.WORKING]
    assert all(m.retirement_date and m.education_level for m in working)
    assert all(m.salary_coefficient for m in working if m.rank_id)
    assert all(REF_DAY - m.date_of_birth >= (REF_DAY - date(2002, 11, 28)) for m in members)  # at least 24

    # The forecasts have rows: people retiring within 24 months, steps due within 6.
    retiring = [m for m in working if REF_DAY < m.retirement_date <= date(2028, 11, 28)]
    assert len(retiring) >= 5
    assert sum(1 for m in working if m.next_step_due and m.next_step_due <= date(2027, 5, 28)) >= 10

    # Gaps against the position show, including a missing state-management certificate.
    gaps = [gap.code for m in working for gap in selectors.staff_gaps(member=m)]
    assert "state_management" in gaps
    assert sum(1 for m in working if not selectors.staff_gaps(member=m)) >= 20

    # Careers cross the 2025 reorganisation: an old unit to 2025-06-30, the new one from 2025-07-01.
    moved = Assignment.objects.filter(kind=AssignmentKind.REORGANISED, start_date=demo.REFORM_DAY)
    assert moved.count() >= 100
    before = Assignment.objects.filter(end_date=demo.OLD_LAST_DAY, org_unit__valid_to=demo.OLD_LAST_DAY)
    assert before.filter(org_unit__code__startswith="082-").exists()
    assert before.filter(org_unit__level="commune").count() >= 60

    assert 8 <= Reward.objects.count() <= 14
    assert 2 <= Discipline.objects.count() <= 3

    congchuc = StaffMember.objects.get(user__username="congchuc")
    assert congchuc.full_name == "Lý Thị Mẩy"
    assert congchuc.org_unit == demo_units["02683-VHXH"]
    assert StaffMember.objects.filter(user__username__in=["tochuc", "lanhdao", "truongphong", "tiepnhan",
                                                          "tochuc.yty"]).count() == 5


def test_scale_generator_fills_the_derived_columns_and_is_idempotent(demo_units):
    assert demo_people.seed_people_scale(count=500) == 500
    assert demo_people.seed_people_scale(count=500) == 0
    members = StaffMember.objects.filter(id_number__startswith="099")
    assert members.count() == 500
    assert not members.filter(retirement_date__isnull=True).exists()
    assert not members.filter(salary_coefficient__isnull=True).exists()
    assert not members.filter(search_key="").exists()
    assert members.filter(next_step_due__isnull=False).count() > 400
    assert members.filter(education_level__gte=2).count() == 500
    assert Qualification.objects.filter(kind="education", staff_member__in=members).count() == 500
    member = members.order_by("id_number").first()
    member.full_clean()
    assert demo_people.seed_people_scale(count=520) == 20


def test_the_staff_list_s_search_example_finds_people_in_the_demo(role_groups, demo_units, client):
    """The search box's placeholder is an example the demo's HR officer can type and find people with."""
    assert demo_people.seed_people() == 150
    client.force_login(User.objects.get(username="tochuc"))
    page = client.get(reverse("staff:staff_list")).content.decode()
    assert f'placeholder="ví dụ: {NAME_SEARCH_EXAMPLE}"' in page
    found = client.get(reverse("staff:staff_list"), {"q": NAME_SEARCH_EXAMPLE}).context["object_list"]
    assert len(found) >= 2
    assert all(fold(person.full_name).startswith(NAME_SEARCH_EXAMPLE) or f" {NAME_SEARCH_EXAMPLE}" in
               fold(person.full_name) for person in found)
