"""Date fields stay dd/mm/yyyy text boxes (typed as before, shown the same in every browser) with a calendar button
that opens the browser's own picker and writes the day chosen as dd/mm/yyyy (static/js/datepicker.js)."""

import pytest

from batxat_portal.models import CalendarDay
from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_day_chosen_on_the_calendar_is_written_dd_mm_yyyy_and_saved(page, demo):
    sign_in(page, "quantri")
    page.goto("/lich-nghi/them/")
    field = page.locator("#id_day")
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == "dd/mm/yyyy"
    button = page.get_by_role("button", name="Chọn trên lịch")
    button.click()  # opens the browser's picker; the test then chooses a day in it as a person would
    page.locator("[data-date-picker-of=id_day]").fill("2026-09-03")
    assert field.input_value() == "03/09/2026"
    assert axe_violations(page) == []
    page.locator("#id_name").fill("Nghỉ lễ Quốc khánh (ngày thứ hai)")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/lich-nghi/?year=2026")
    assert "03/09/2026" in page.locator("main").inner_text()
    assert CalendarDay.objects.get(name="Nghỉ lễ Quốc khánh (ngày thứ hai)").day.isoformat() == "2026-09-03"


def test_a_typed_day_still_works_and_the_calendar_opens_on_it(page, demo):
    sign_in(page, "quantri")
    page.goto("/lich-nghi/them/")
    field = page.locator("#id_day")
    field.fill("31/12/2026")
    page.get_by_role("button", name="Chọn trên lịch").click()
    assert page.locator("[data-date-picker-of=id_day]").input_value() == "2026-12-31"
    page.keyboard.press("Escape")
    page.locator("#id_name").fill("Ngày cuối năm")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/lich-nghi/?year=2026")
    assert CalendarDay.objects.get(name="Ngày cuối năm").day.isoformat() == "2026-12-31"


def test_an_error_on_a_date_field_is_still_shown_beside_it(page, demo):
    sign_in(page, "quantri")
    page.goto("/lich-nghi/them/")
    page.locator("#id_day").fill("31/02/2026")
    page.locator("#id_name").fill("Sai ngày")
    page.get_by_role("button", name="Lưu").click()
    error = page.locator("#id_day ~ .invalid-feedback")
    assert error.is_visible()
    assert page.get_by_role("button", name="Chọn trên lịch").is_visible()
