"""A handler previews an answer and sends it for sign-off; the agency's leader reads it as the citizen will and signs
it off; the citizen then reads it. Every page passes axe."""

import pytest

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "Xã đã cử tổ công tác dọn sạt lở trong ngày 29/11."


def test_a_leader_signs_off_the_handler_s_answer(browser, live_server, demo, settings):
    from feedback.models import Feedback
    from feedback.services.public import tracking_code_new
    from feedback.tests.factories import FeedbackFactory
    from staff.models import OrgUnit

    settings.FEEDBACK_ANSWER_SIGN_OFF_UNITS = ["02683-HCC"]
    case = FeedbackFactory(org_unit=OrgUnit.objects.get(code="02683-HCC"), tracking_code=tracking_code_new())

    handler = browser.new_context(base_url=live_server.url, locale="vi-VN")
    desk = handler.new_page()
    sign_in(desk, "tiepnhan")
    desk.goto(f"/phan-anh/xu-ly/{case.pk}/")
    step = desk.locator("details", has=desk.locator("button[name=action][value=answer]"))
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    step.locator("textarea").fill(ANSWER)
    step.locator("button[name=action][value=answer]").click()
    preview = desk.get_by_test_id("answer-preview")
    assert ANSWER in preview.inner_text() and axe_violations(desk) == []
    preview.get_by_role("button", name="Xác nhận và gửi ký duyệt").click()
    desk.get_by_test_id("answer-waiting").wait_for()
    assert axe_violations(desk) == []
    handler.close()
    assert Feedback.objects.get(pk=case.pk).status == Feedback.Status.RECEIVED

    leader = browser.new_context(base_url=live_server.url, locale="vi-VN")
    office = leader.new_page()
    sign_in(office, "lanhdao")
    office.goto("/phan-anh/xu-ly/?sign_off=on")
    office.get_by_role("link", name=case.tracking_code).click()
    assert ANSWER in office.get_by_test_id("answer-waiting").inner_text() and axe_violations(office) == []
    office.get_by_role("button", name="Ký duyệt và công bố").click()
    office.get_by_test_id("answer-waiting").wait_for(state="detached")
    leader.close()
    case.refresh_from_db()
    assert case.status == Feedback.Status.ANSWERED and case.answer == ANSWER
