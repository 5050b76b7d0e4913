"""HR adds a reward to a file and edits it, through pages that pass axe."""

from datetime import date

import pytest

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in
from staff.models import OrgUnit, Reward
from staff.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member(demo):
    return StaffMemberFactory(full_name="Lò Thị Khen", org_unit=OrgUnit.objects.get(code="02683-VHXH"),
                              date_of_birth=date(1990, 1, 2), id_number="010190008888")


def test_an_hr_officer_adds_a_reward_and_edits_it(page, member):
    sign_in(page, "tochuc")
    page.goto(f"/can-bo/{member.pk}/")
    page.locator("#reward").get_by_role("link", name="Thêm").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/reward/them/")
    assert axe_violations(page) == []
    page.locator("#id_title").fill("Giấy khen")
    page.locator("#id_level").select_option("district")
    page.locator("#id_decided_on").fill("20/12/2024")
    page.locator("#id_decision_no").fill("12/QĐ-UBND")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/#reward")
    assert "Giấy khen" in page.locator("#reward").inner_text()

    reward = Reward.objects.get(staff_member=member)
    page.locator("#reward").get_by_role("link", name="Sửa").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/reward/{reward.pk}/sua/")
    assert page.locator("#id_level").input_value() == "district"
    assert axe_violations(page) == []
    page.locator("#id_title").fill("Bằng khen")
    page.locator("#id_level").select_option("province")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/#reward")
    assert "Bằng khen" in page.locator("#reward").inner_text()
    reward.refresh_from_db()
    assert (reward.title, reward.level) == ("Bằng khen", "province")
    assert axe_violations(page) == []
