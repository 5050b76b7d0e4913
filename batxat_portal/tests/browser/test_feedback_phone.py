"""On a phone: a citizen sends feedback with a picture and gets a tracking code, a handler answers, the citizen
reads the answer with the code. Every page passes axe."""

import io

import pytest

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _solve_captcha(page):
    from captcha.models import CaptchaStore

    key = page.locator("input[name=captcha_0]").input_value()
    page.locator("input[name=captcha_1]").fill(CaptchaStore.objects.get(hashkey=key).response)


def test_a_citizen_sends_feedback_and_reads_the_answer_on_a_phone(phone_page, browser, live_server, demo):
    from feedback.models import Feedback

    page = phone_page
    page.goto("/phan-anh/gui/")
    assert axe_violations(page) == []
    page.locator("input[name=kind][value=report]").check()
    page.locator("#id_unit_search").fill("Trung tâm Phục vụ hành chính công")
    option = page.locator("#id_unit_results label", has_text="UBND xã Bát Xát").first
    option.click()
    page.locator("#id_text").fill("Đường vào bản Tả Phìn bị sạt lở, xin cho người dọn. <script>alert(1)</script>")
    page.locator("#id_attachments").set_input_files(
        files=[{"name": "sat-lo.png", "mimeType": "image/png", "buffer": _png()}])
    _solve_captcha(page)
    page.locator("form button[type=submit]").last.click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert len(code) == 19 and axe_violations(page) == []
    case = Feedback.objects.get(tracking_code=code)
    assert case.attachments.count() == 1 and case.org_unit.code == "02683-HCC"

    handler = browser.new_context(base_url=live_server.url, locale="vi-VN")
    desk = handler.new_page()
    sign_in(desk, "tiepnhan")
    desk.goto(f"/phan-anh/xu-ly/{case.pk}/")
    assert "&lt;script&gt;" in desk.content()
    assert axe_violations(desk) == []
    step = desk.locator("details", has=desk.locator("button[name=action][value=answer]"))
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    answer = step.locator("form")
    answer.locator("textarea").fill("Xã đã cử tổ công tác dọn sạt lở trong ngày 29/11.")
    answer.locator("button[name=action][value=answer]").click()  # first the answer as the citizen will see it
    preview = desk.get_by_test_id("answer-preview")
    assert "Xã đã cử tổ công tác dọn sạt lở trong ngày 29/11." in preview.inner_text()
    assert axe_violations(desk) == []
    preview.get_by_role("button", name="Xác nhận và công bố").click()
    preview.wait_for(state="detached")
    assert Feedback.objects.get(pk=case.pk).status == Feedback.Status.ANSWERED
    handler.close()

    page.goto("/phan-anh/tra-cuu/")
    page.locator("input[name=code]").fill(code.lower())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "Xã đã cử tổ công tác dọn sạt lở trong ngày 29/11." in page.content()
    assert axe_violations(page) == []
