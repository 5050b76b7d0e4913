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


def test_one_import_reports_every_error_at_once_and_the_corrected_upload_keeps_the_unit(page, demo, tmp_path):
    from staff.services import imports
    from staff.tests.test_imports import workbook

    agency = OrgUnit.objects.get(code="02683-VHXH").parent
    bad = ["Lò Văn Sai", "Không rõ", "31/02/1990", "12345", "Kinh", "", "", "abc", "khong-phai-email",
           "Phòng Văn hóa - Xã hội", "Công chức", "01.003", 40, "", ""]
    path = tmp_path / "can-bo.xlsx"
    path.write_bytes(workbook(imports.SAMPLE_ROW, bad).read())
    sign_in(page, "tochuc")
    page.goto(f"/can-bo/nhap-excel/?org_unit={agency.pk}")
    assert axe_violations(page) == []
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_url("**/can-bo/nhap-excel/*/")
    errors = page.get_by_test_id("import-errors").inner_text()
    for column in ("Giới tính", "Ngày sinh", "Số định danh", "Điện thoại", "Email", "Bậc lương"):
        assert column in errors
    assert "Không có ngày 31/02/1990 trong lịch." in errors
    assert "6 lỗi" in page.get_by_test_id("import-summary").inner_text()
    assert "dòng mẫu của biểu mẫu: bỏ qua" in page.get_by_test_id("import-rows").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.wait_for_url(f"**/can-bo/nhap-excel/?org_unit={agency.pk}")
    assert agency.name in page.locator("form[enctype]").inner_text()


def test_an_hr_officer_adds_a_photo_and_prints_the_personal_record(page, member, settings, tmp_path):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    buffer = io.BytesIO()
    Image.new("RGB", (400, 600), (30, 90, 160)).save(buffer, format="PNG")
    path = tmp_path / "anh.png"
    path.write_bytes(buffer.getvalue())
    sign_in(page, "tochuc")
    page.goto(f"/can-bo/{member.pk}/")
    page.get_by_role("link", name="Thêm ảnh").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/anh/sua/")
    assert axe_violations(page) == []
    page.get_by_label("Ảnh").set_input_files(str(path))
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/can-bo/{member.pk}/")
    photo = page.get_by_role("img", name="Ảnh của Lò Thị Khen")
    assert photo.evaluate("image => image.complete && image.naturalWidth > 0")
    assert axe_violations(page) == []
    href = page.get_by_role("link", name="In sơ yếu lý lịch (PDF)").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF-")
