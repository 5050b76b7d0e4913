"""On a phone (375 px): a citizen who cannot read the captcha asks for another picture, which changes, types the new
one and the form is sent; the picture fits the screen and the page passes axe."""

import pytest

from batxat_portal.tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _another_picture(page):
    """Clicks "Another picture" and waits until the picture and the key have changed; returns the new key."""
    image = page.locator("[data-captcha-image]").first
    key = page.locator("input[name=captcha_0]").first.input_value()
    source = image.get_attribute("src")
    button = page.get_by_role("button", name="Đổi ảnh khác").first
    assert button.is_visible()
    button.click()
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old && el.complete && el.naturalWidth > 0",
                           arg=[image.element_handle(), source])
    new_key = page.locator("input[name=captcha_0]").first.input_value()
    assert new_key != key and new_key in image.get_attribute("src")
    assert page.locator("[data-captcha-status]").first.inner_text() == "Đã hiện ảnh mới. Hãy gõ các ký tự trong ảnh."
    page.mouse.move(0, 0)  # no pointer left over the button, and its colours settled, before axe reads them
    page.evaluate("Promise.all(document.getAnimations().map(animation => animation.finished))")
    return new_key


def _fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator("[data-captcha-image]").first.bounding_box()
    assert box["height"] >= 45 and box["x"] + box["width"] <= 375


def test_a_citizen_gets_another_captcha_picture_on_a_phone_and_the_rating_is_sent(phone_page, demo):
    from captcha.models import CaptchaStore

    from feedback.models import ServiceRating
    from feedback.services import ratings
    from staff.models import OrgUnit
    from staff.tests.factories import StaffMemberFactory

    officer = StaffMemberFactory(full_name="Phàn Thị Dung", org_unit=OrgUnit.objects.get(code="02683-HCC"))
    link = ratings.ratinglink_activate(staff_member=officer)
    page = phone_page
    page.goto(f"/phan-anh/danh-gia/{link.code}/")
    _fits_the_screen(page)
    assert axe_violations(page) == []
    key = _another_picture(page)
    assert axe_violations(page) == []
    page.locator("label.rating-choice").first.click()
    page.get_by_label("Nhập các ký tự trong hình").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/danh-gia/{link.code}/cam-on/")
    assert ServiceRating.objects.filter(staff_member=officer).count() == 1


def test_the_feedback_form_s_captcha_changes_on_request_on_a_phone(phone_page, demo):
    page = phone_page
    page.goto("/phan-anh/gui/")
    _fits_the_screen(page)
    first = _another_picture(page)
    assert _another_picture(page) != first
    assert axe_violations(page) == []
