"""A person signs in as each demo role and sees that role's menu; the pages pass axe-core."""

import pytest
from django.conf import settings

from batxat_portal.tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The pages each demo account's menu must offer, and those it must not.
MENUS = {
    "quantri": ({"staff:orgunit_list", "staff:user_list", "staff:staff_list"}, set()),  # a superuser: everything
    "tochuc": ({"staff:orgunit_list", "staff:staff_list", "staff:correction_list", "staff:rank_list"},
               {"staff:user_list"}),
    "lanhdao": ({"staff:orgunit_list", "staff:staff_list", "staff:statistics"},
                {"staff:user_list", "staff:correction_list"}),
    "truongphong": ({"staff:orgunit_list", "staff:staff_list"}, {"staff:user_list", "staff:position_list"}),
    "congchuc": ({"staff:my_file"}, {"staff:orgunit_list", "staff:user_list", "staff:staff_list"}),
    "tiepnhan": ({"staff:my_file"}, {"staff:orgunit_list", "staff:user_list", "staff:staff_list"}),
}


def sign_in(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def menu_pages(page) -> set[str]:
    links = page.locator("[data-testid=role-menu] a[data-menu]")
    return {links.nth(index).get_attribute("data-menu") for index in range(links.count())}


@pytest.mark.parametrize("username", list(MENUS))
def test_each_demo_role_signs_in_and_sees_its_menu(page, demo, username):
    sign_in(page, username)
    shown, hidden = MENUS[username]
    pages = menu_pages(page)
    assert page.get_by_role("link", name="Trang chủ").is_visible()
    assert shown <= pages, pages
    assert not (hidden & pages), pages
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()


def test_the_public_home_page_passes_axe(page, db):
    page.goto("/")
    assert page.locator("h1").inner_text()
    assert axe_violations(page) == []


def test_the_sign_in_page_passes_axe(page, db):
    page.goto("/dang-nhap/")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/don-vi/", "/tai-khoan/", "/tai-khoan/them/", "/don-vi/them/",
                                  "/tai-khoan-cua-toi/", "/doi-mat-khau/"])
def test_the_pages_of_a_signed_in_person_pass_axe(page, demo, path):
    sign_in(page, "quantri")
    page.goto(path)
    assert axe_violations(page) == []


def test_the_menu_works_on_a_phone(phone_page, demo):
    sign_in(phone_page, "tochuc")
    menu_link = phone_page.locator("[data-menu='staff:orgunit_list']")
    assert not menu_link.is_visible()
    phone_page.get_by_role("button", name="Mở menu").click()
    phone_page.locator("[data-menu-section='organisation']").click()
    menu_link.click()
    phone_page.wait_for_url("**/don-vi/")
    assert phone_page.get_by_role("heading", name="Đơn vị").is_visible()
    assert axe_violations(phone_page) == []


def test_a_unit_is_found_without_diacritics_when_choosing_a_parent(page, demo):
    sign_in(page, "tochuc")
    page.goto("/don-vi/them/")
    page.get_by_label("Đơn vị cấp trên").fill("ubnd xa bat xat")
    page.get_by_label("UBND xã Bát Xát", exact=False).first.check()
    page.locator("#id_name").fill("Phòng Nội vụ")
    page.locator("#id_kind").select_option("department")
    page.locator("#id_level").select_option("commune")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/don-vi/*/")
    assert page.get_by_role("heading", name="Phòng Nội vụ").is_visible()
