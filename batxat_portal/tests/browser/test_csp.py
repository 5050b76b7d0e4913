"""The browser enforces the Content-Security-Policy (conftest.no_csp_violation fails any test that breaks it), the
pages that had inline script or style work without it, and a sign-in lock is seen and lifted in the browser."""

import pytest
from django.conf import settings
from django.urls import reverse

from batxat_portal.tests.browser.conftest import CSP_VIOLATIONS, axe_violations, is_csp_message
from batxat_portal.tests.browser.test_feedback_pages import desk  # noqa: F401 (a fixture)
from batxat_portal.tests.browser.test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_or_style_is_refused_and_reported(page, db):
    page.goto("/")
    with page.expect_console_message(lambda message: message.text.startswith("[CSP]")):
        page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.ranInline = true";
            document.head.appendChild(script);
        }""")
    assert page.evaluate("() => window.ranInline") is None  # refused
    with page.expect_console_message(lambda message: is_csp_message(message.text)):
        page.evaluate("""() => document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')""")
    page.wait_for_timeout(500)  # the browser's own report and the page's event both arrive
    found = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()  # expected here: the check after each test must not count them
    assert any("script-src" in text for text in found), found
    assert any("style-src" in text for text in found), found


def test_the_print_button_of_the_cards_works_without_inline_script(page, desk):  # noqa: F811
    link, _survey, _centre = desk
    sign_in(page, "tochuc")
    page.goto(reverse("feedback:ratinglink_card", kwargs={"pk": link.staff_member_id}))
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="In").click()
    assert page.evaluate("() => window.printed") is True
    # The cards' own style sheet is applied: a card is A6 wide (105 mm, about 397 px).
    assert round(page.locator(".print-card").first.bounding_box()["width"]) in range(390, 405)


def test_a_locked_account_is_told_until_when_and_the_administrator_lifts_the_lock(page, demo):
    page.goto("/dang-nhap/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Tên đăng nhập").fill("tochuc")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
    message = page.get_by_test_id("locked-out").inner_text()
    assert "tochuc" in message and " ngày " in message, message
    assert axe_violations(page) == []
    sign_in(page, "quantri")  # another account, from the same address: not locked
    page.goto(reverse("staff:user_list"))
    page.get_by_role("link", name="Khóa đăng nhập").click()
    table = page.get_by_test_id("sign-in-locks")
    assert "tochuc" in table.inner_text()
    assert axe_violations(page) == []
    table.get_by_role("button", name="Mở khóa").click()
    assert page.get_by_text("Không có lần đăng nhập nào đang bị khóa").is_visible()


def test_pages_that_had_inline_styles_and_the_admin_open_without_a_violation(page, desk):  # noqa: F811
    """No violation is reported (conftest.no_csp_violation) and the styles moved to files still apply."""
    link, survey, centre = desk
    sign_in(page, "tochuc")
    page.goto(reverse("feedback:survey_detail", kwargs={"pk": survey.pk}))
    assert round(page.locator(".qr-preview svg").bounding_box()["width"]) == 160  # 10rem
    page.goto(reverse("feedback:survey_card", kwargs={"pk": survey.pk}))
    page.goto(reverse("feedback:ratinglink_cards") + f"?unit={centre.pk}")
    page.goto(reverse("feedback:rate_thanks", kwargs={"code": link.code}))
    assert page.locator(".mw-36rem").evaluate("element => getComputedStyle(element).maxWidth") == "576px"
    page.goto("/khong-co-trang-nay/")
    page.context.clear_cookies()
    sign_in(page, "quantri")
    page.goto(reverse("admin:index"))
    page.goto(reverse("admin:staff_user_changelist"))
    page.get_by_role("link", name="quantri").first.click()
    page.wait_for_load_state()
