"""The top menu fits on one line at 1366 px (the common office laptop) for the role with the most entries, and still
opens on a phone."""

import pytest

from batxat_portal.navigation import menu_for, menu_tree
from batxat_portal.tests.browser.test_sign_in import sign_in
from staff.demo import DEMO_ACCOUNTS
from staff.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The bar's top-level entries (the role menu's and the user menu) and the brand.
TOP = "#portal-nav > .navbar-nav > .nav-item, .navbar-brand"


def _busiest_account() -> str:
    """The demo account whose bar holds the most entries (sections and single pages)."""
    users = User.objects.filter(username__in=[account[0] for account in DEMO_ACCOUNTS])
    return max(users, key=lambda user: (len(menu_tree(menu_for(user))), len(menu_for(user)))).username


def test_the_busiest_menu_is_one_line_at_1366_px(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, _busiest_account())
    assert page.locator(".navbar-toggler").is_hidden()  # the full bar, not the phone's button
    tops = {round(box["y"] + box["height"] / 2) for box in
            (item.bounding_box() for item in page.locator(TOP).all()) if box}
    assert len(page.locator(TOP).all()) >= 6
    assert max(tops) - min(tops) <= 4, f"the bar wraps: entries centred at {sorted(tops)} px"
    assert page.locator("nav.portal-navbar").bounding_box()["height"] < 70
    context.close()


def test_the_busiest_menu_opens_on_a_phone(phone_page, demo):
    sign_in(phone_page, _busiest_account())
    phone_page.locator(".navbar-toggler").click()
    phone_page.locator("[data-menu-section=staff]").click()
    phone_page.locator("[data-menu='staff:statistics']").click()
    phone_page.wait_for_url("**/thong-ke/**")
