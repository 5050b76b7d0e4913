"""An HR officer finds a person without typing diacritics, edits the file and sees the change in its history."""

from datetime import date

import pytest

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in
from staff.models import OrgUnit
from staff.tests.factories import StaffMemberFactory, rank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member(demo):
    department = OrgUnit.objects.get(code="02683-VHXH")
    return StaffMemberFactory(full_name="Nguyễn Văn Ánh", org_unit=department, date_of_birth=date(1988, 4, 2),
                              id_number="010188009999", rank=rank(), salary_step=3, step_since=date(2024, 1, 1))


def test_an_hr_officer_searches_opens_edits_and_sees_the_history(page, member):
    sign_in(page, "tochuc")
    page.goto("/can-bo/")
    assert axe_violations(page) == []
    page.get_by_label("Họ và tên").fill("nguyen van anh")
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.get_by_role("link", name="Nguyễn Văn Ánh").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sửa hồ sơ").click()
    page.locator("#id_phone").fill("0987 654 321")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/")
    history = page.locator("#history")
    assert "0987 654 321" in history.inner_text()
    assert "Nguyễn Thị Hoa" in history.inner_text()


@pytest.mark.parametrize("path", [
    "/can-bo/them/", "/can-bo/du-bao/", "/can-bo/thong-ke/", "/can-bo/nhap-excel/", "/vi-tri-viec-lam/",
    "/de-nghi-sua-ho-so/", "/ngach/", "/danh-gia/", "/danh-gia/mo-nam/", "/danh-gia/cong-viec-cua-toi/"])
def test_the_staff_pages_pass_axe(page, member, path):
    sign_in(page, "tochuc")
    page.goto(path)
    assert axe_violations(page) == []


def test_a_staff_member_reads_their_own_file_on_a_phone(phone_page, member):
    from staff.models import User

    member.user = User.objects.get(username="congchuc")
    member.save()
    sign_in(phone_page, "congchuc")
    phone_page.goto("/ho-so-cua-toi/")
    assert phone_page.get_by_role("heading", name="Hồ sơ của tôi").is_visible()
    assert "Nguyễn Văn Ánh" in phone_page.content()
    assert axe_violations(phone_page) == []


def test_a_head_tracks_work_on_a_period_page_that_passes_axe(page, member):
    from datetime import date as day
    from decimal import Decimal

    from evaluation import services as evaluation
    from staff.models import User

    hr = User.objects.get(username="tochuc")
    year = evaluation.evaluation_year_open(agency=member.org_unit.parent, year=2026, period_kind="monthly", user=hr)
    period = year.periods.get(number=11)
    item = evaluation.work_item_assign(user=hr, period=period, staff_member=member, title="Báo cáo tháng 11",
                                       coefficient=Decimal(1), due_date=day(2026, 11, 20))
    evaluation.work_item_mark_done(item=item, done_on=day(2026, 11, 25))
    sign_in(page, "truongphong")
    page.goto(f"/danh-gia/ky/{period.pk}/")
    assert page.get_by_role("heading", name="Nguyễn Văn Ánh").is_visible()
    page.get_by_label("Kết quả").select_option("0")
    page.get_by_label("Lý do").fill("Thiếu số liệu")
    page.get_by_role("button", name="Ghi nhận").click()
    page.wait_for_url(f"**/danh-gia/ky/{period.pk}/")
    assert "không đạt" in page.content()
    assert axe_violations(page) == []


@pytest.mark.parametrize(("username", "page_name"), [
    ("tochuc", "results"), ("tochuc", "deadline"), ("lanhdao", "results"), ("lanhdao", "alerts"),
    ("truongphong", "head_proposals"), ("lanhdao", "appeal_list"), ("tochuc", "published")])
def test_the_year_end_pages_pass_axe(page, member, username, page_name):
    from django.urls import reverse

    from evaluation import services as evaluation
    from staff.models import User

    year = evaluation.evaluation_year_open(agency=member.org_unit.parent, year=2026, period_kind="monthly",
                                           user=User.objects.get(username="tochuc"))
    evaluation.year_results_refresh(evaluation_year=year)
    sign_in(page, username)
    page.goto(reverse(f"evaluation:{page_name}") if page_name in ("alerts", "appeal_list", "published")
              else reverse(f"evaluation:{page_name}", kwargs={"pk": year.pk}))
    assert page.locator("h1").is_visible()
    assert axe_violations(page) == []


def test_the_staff_list_pages_and_searches_by_the_start_of_a_word_and_passes_axe(page, member):
    for index in range(55):
        StaffMemberFactory(full_name=f"Vàng Seo Sử {index:02d}", org_unit=member.org_unit,
                           id_number=f"0101880{index:05d}")
    sign_in(page, "quantri")
    page.goto("/can-bo/")
    page.get_by_role("link", name="Trang sau").click()  # a second page, with nobody counting the first
    page.wait_for_url("**/can-bo/?page=2")
    assert "Dòng 51–56" in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Họ và tên").fill("van anh")
    page.get_by_label("Giới tính").select_option(label="Nam")
    page.get_by_role("button", name="Lọc", exact=True).click()
    assert page.get_by_role("link", name="Nguyễn Văn Ánh").is_visible()
    assert page.get_by_label("Giới tính").input_value() == "male"  # the filters keep what was chosen
    assert axe_violations(page) == []
