from datetime import date
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staff.models import ImportBatch, StaffMember
from staff.services import imports
from staff.tests.factories import StaffMemberFactory

ROW = ["Sùng Thị Mỷ", "Nữ", "15/08/1995", "010195000001", "Hmông", "", "Bát Xát", "0912000001", "",
       "Phòng Văn hóa - Xã hội", "Công chức", "01.003", 1, "01/07/2025", "01/09/2020"]


def workbook(*rows, headers=imports.HEADERS) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("can-bo.xlsx", buffer.getvalue())


def upload(client, unit, file):
    return client.post(reverse("staff:import"), {"org_unit": unit.pk, "file": file})


def test_the_preview_lists_what_each_row_would_do_and_writes_nothing(client, hr_officer, tree):
    existing = StaffMemberFactory(full_name="Lò Văn Sinh", org_unit=tree["dept_a"], id_number="010180000002")
    client.force_login(hr_officer)
    same = ["Lò Văn Sinh", "Nam", "20/05/1985", "010180000002", "Kinh", "", "", "", "", "Phòng Văn hóa - Xã hội",
            "Công chức", "", "", "", ""]
    response = upload(client, tree["agency_a"], workbook(ROW, same))
    batch = ImportBatch.objects.get()
    assert response.url == reverse("staff:import_preview", kwargs={"pk": batch.pk})
    page = client.get(response.url)
    assert [(r.row, r.action) for r in page.context["results"]] == [(2, "create"), (3, "unchanged")]
    assert StaffMember.objects.count() == 1
    assert existing.full_name == "Lò Văn Sinh"


def test_confirming_imports_the_rows_and_a_second_import_changes_nothing(client, hr_officer, tree):
    client.force_login(hr_officer)
    for expected_created in (1, 0):
        batch_url = upload(client, tree["agency_a"], workbook(ROW)).url
        response = client.post(batch_url)
        assert response.status_code == 302
        assert ImportBatch.objects.latest("pk").created_count == expected_created
    member = StaffMember.objects.get(id_number="010195000001")
    assert (member.ethnicity, member.org_unit, member.date_of_birth) == ("08", tree["dept_a"], date(1995, 8, 15))
    assert member.salary_coefficient is not None and member.retirement_date is not None
    assert StaffMember.objects.count() == 1


def test_a_changed_row_updates_only_what_changed(client, hr_officer, tree):
    StaffMemberFactory(full_name="Sùng Thị Mỷ", gender="female", org_unit=tree["dept_a"], id_number="010195000001",
                       date_of_birth=date(1995, 8, 15))
    client.force_login(hr_officer)
    url = upload(client, tree["agency_a"], workbook(ROW)).url
    result = client.get(url).context["results"][0]
    assert result.action == "update" and "phone" in result.changes and "full_name" not in result.changes
    client.post(url)
    assert StaffMember.objects.get(id_number="010195000001").phone == "0912000001"


def test_every_error_is_listed_with_its_row_and_column_and_confirming_is_refused(client, hr_officer, tree):
    client.force_login(hr_officer)
    bad = ["", "Không rõ", "31/02/1990", "123", "Sao Hỏa", "", "", "", "", "Phòng Không Có", "Công chức",
           "99.999", "hai", "", ""]
    future = [*ROW[:2], "01/01/2999", "010195000009", *ROW[4:]]
    url = upload(client, tree["agency_a"], workbook(bad, future, ["=1+1", *ROW[1:3], "010195000010", *ROW[4:]])).url
    errors = {(e.row, e.column) for e in client.get(url).context["errors"]}
    assert {(2, "Họ và tên"), (2, "Giới tính"), (2, "Ngày sinh"), (2, "Dân tộc"), (2, "Đơn vị"), (2, "Mã ngạch"),
            (2, "Bậc lương"), (3, "Ngày sinh"), (4, "Họ và tên")} <= errors
    response = client.post(url)
    assert response.status_code == 302 and response.url == url
    assert StaffMember.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused_and_nothing_kept(client, hr_officer, tree):
    client.force_login(hr_officer)
    response = upload(client, tree["agency_a"], SimpleUploadedFile("can-bo.xlsx", b"not a workbook"))
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert ImportBatch.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client, hr_officer, tree, settings):
    settings.STAFF_IMPORT_MAX_BYTES = 1000
    client.force_login(hr_officer)
    response = upload(client, tree["agency_a"], workbook(ROW))
    assert response.context["form"].errors["file"]


def test_a_person_whose_file_is_in_another_agency_is_not_taken_over(client, hr_officer, tree):
    StaffMemberFactory(org_unit=tree["dept_b"], id_number="010195000001")
    client.force_login(hr_officer)
    url = upload(client, tree["agency_a"], workbook(ROW)).url
    assert [e.column for e in client.get(url).context["errors"]] == ["Số định danh"]


def test_importing_into_or_previewing_another_agency_is_refused(client, hr_officer, make_user, tree):
    from staff import roles

    client.force_login(hr_officer)
    response = upload(client, tree["agency_b"], workbook(ROW))
    assert "org_unit" in response.context["form"].errors
    other = make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b")
    url = upload(client, tree["agency_a"], workbook(ROW)).url
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", ["staff:import", "staff:import_template"])
def test_only_hr_may_import(client, department_head, name):
    client.force_login(department_head)
    assert client.get(reverse(name)).status_code == 403


def test_the_template_has_every_column(client, hr_officer):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:import_template"))
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == imports.HEADERS


def test_cells_with_script_are_refused_with_their_row_and_column(client, hr_officer, tree):
    client.force_login(hr_officer)
    row = [*ROW[:6], "<script>alert(1)</script>", *ROW[7:]]
    url = upload(client, tree["agency_a"], workbook(row)).url
    assert [(e.row, e.column) for e in client.get(url).context["errors"]] == [(2, "Quê quán")]
    assert client.post(url).url == url
    assert StaffMember.objects.count() == 0
