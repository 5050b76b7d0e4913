"""The year end of an NĐ 90/2020 year with a person who worked under 6 months, in a browser: the head is offered
only "not classified" for them (the reason beside the name) and records it citing the self-review, the leader
approves the group with them outside the quota, and HR closes the year. Every page passes axe."""

from datetime import date

import pytest

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in
from staff.models import OrgUnit, User
from staff.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year_2025(demo):
    """Five people a full year in one task group, and one who joined on 01/08/2025: under 6 months worked."""
    from evaluation import services
    from evaluation.models import TaskGroup

    department = OrgUnit.objects.get(code="02683-VHXH")
    hr = User.objects.get(username="tochuc")
    year = services.evaluation_year_open(agency=department.parent, year=2025, period_kind="quarterly", user=hr)
    people = [StaffMemberFactory(full_name=name, org_unit=department, joined_service_on=date(2015, 1, 1))
              for name in ("Lò Văn Pao", "Tẩn Thị Mai", "Phàn Văn Sài", "Lý Thị Dung", "Vàng A Chứ")]
    newcomer = StaffMemberFactory(full_name="Sần Thị Hoa", org_unit=department, joined_service_on=date(2025, 8, 1))
    services.task_group_save(group=TaskGroup(evaluation_year=year), members=[*people, newcomer],
                             name="Chuyên viên", description="")
    services.year_results_refresh(evaluation_year=year)
    return year, people, newcomer


def test_the_head_records_not_classified_the_leader_approves_and_the_year_closes(page, year_2025):
    from evaluation import services
    from evaluation.models import YearResult

    year, people, newcomer = year_2025
    assert YearResult.objects.filter(evaluation_year=year).count() == 6
    for person in people:
        services.head_propose(result=YearResult.objects.get(staff_member=person), level="httnv",
                              minutes_reference="BB 12/2025")
    result = YearResult.objects.get(staff_member=newcomer)

    # The head sees, before choosing, that the rules do not classify the newcomer, and records it.
    sign_in(page, "truongphong")
    page.goto(f"/danh-gia/nam/{year.pk}/de-xuat/")
    assert axe_violations(page) == []
    assert "công tác dưới 6 tháng: không xếp loại" in page.get_by_test_id(f"cap-{result.pk}").inner_text()
    level = page.locator(f"#level-{result.pk}")
    assert level.locator("option").all_inner_texts() == ["Không xếp loại"]
    page.locator(f"#minutes-{result.pk}").fill("Bản tự kiểm điểm ngày 01/12/2025")
    level.locator("xpath=..").get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/danh-gia/nam/{year.pk}/de-xuat/")
    assert "Đã lưu đề xuất." in page.content()
    assert axe_violations(page) == []
    result.refresh_from_db()
    assert (result.head_level, result.minutes_reference) == ("not_classified", "Bản tự kiểm điểm ngày 01/12/2025")
    page.context.clear_cookies()

    # The leader sees the newcomer outside the quota and approves the group.
    sign_in(page, "lanhdao")
    page.goto(f"/danh-gia/nam/{year.pk}/ket-qua/")
    group = page.get_by_role("region", name="Chuyên viên")
    assert "1 người không xếp loại, ngoài tỷ lệ" in group.inner_text()
    assert axe_violations(page) == []
    group.get_by_role("button", name="Phê duyệt nhóm này").click()
    page.wait_for_url(f"**/danh-gia/nam/{year.pk}/ket-qua/")
    assert "Đã phê duyệt 6 kết quả." in page.content()
    assert axe_violations(page) == []
    result.refresh_from_db()
    assert (result.status, result.approved_level) == ("approved", "not_classified")
    page.context.clear_cookies()

    # HR closes the year: nothing is left to approve.
    sign_in(page, "tochuc")
    page.goto(f"/danh-gia/nam/{year.pk}/dong/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Đóng hẳn năm đánh giá").click()
    page.wait_for_url(f"**/danh-gia/nam/{year.pk}/")
    assert axe_violations(page) == []
    year.refresh_from_db()
    assert year.status == "closed"
