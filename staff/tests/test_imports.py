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


def _errors(client, url) -> dict:
    found = {}
    for error in client.get(url).context["errors"]:
        found.setdefault((error.row, error.column), []).append(str(error.message))
    return found


def test_one_upload_reports_every_column_of_every_row_at_once(client, hr_officer, tree):
    client.force_login(hr_officer)
    # A wrong gender used to hide the bad e-mail, the 5-digit identity number and the step the scale lacks.
    row = ["Lò Văn Sai", "Không rõ", "15/08/1995", "12345", "Kinh", "", "", "abc", "khong-phai-email",
           "Phòng Văn hóa - Xã hội", "Công chức", "01.003", 40, "01/07/2025", ""]
    url = upload(client, tree["agency_a"], workbook(row, [*ROW[:3], "010195000002", *ROW[4:8], "sai@", *ROW[9:]])).url
    errors = _errors(client, url)
    assert set(errors) == {(2, "Giới tính"), (2, "Số định danh"), (2, "Điện thoại"), (2, "Email"), (2, "Bậc lương"),
                           (3, "Email")}
    assert all(len(messages) == 1 for messages in errors.values())


def test_a_salary_step_the_rank_lacks_and_a_phone_of_letters_are_refused_as_the_form_refuses_them(
        client, hr_officer, tree):
    client.force_login(hr_officer)
    url = upload(client, tree["agency_a"], workbook([*ROW[:7], "abc", *ROW[8:12], 40, *ROW[13:]])).url
    errors = _errors(client, url)
    assert "Thang lương của ngạch này chỉ có bậc 1 đến 9" in errors[(2, "Bậc lương")][0]
    assert (2, "Điện thoại") in errors
    assert client.post(url).url == url and StaffMember.objects.count() == 0


def test_the_file_form_refuses_the_same_step_and_phone(client, hr_officer, tree):
    from staff.tests.factories import rank

    member = StaffMemberFactory(org_unit=tree["dept_a"], rank=rank(), salary_step=2)
    client.force_login(hr_officer)
    data = {"full_name": member.full_name, "gender": "male", "date_of_birth": "20/05/1985", "ethnicity": "01",
            "id_number": member.id_number, "category": "civil_servant", "status": "working",
            "org_unit": member.org_unit_id, "rank": member.rank_id, "salary_step": "40", "phone": "abc"}
    response = client.post(reverse("staff:staff_edit", kwargs={"pk": member.pk}), data)
    assert set(response.context["form"].errors) == {"salary_step", "phone"}
    data.update(salary_step="9", phone="+84 912.345.678")
    assert client.post(reverse("staff:staff_edit", kwargs={"pk": member.pk}), data).status_code == 302


def test_the_templates_example_row_is_skipped_not_imported(client, hr_officer, tree):
    client.force_login(hr_officer)
    url = upload(client, tree["agency_a"], workbook(imports.SAMPLE_ROW, ROW)).url
    page = client.get(url)
    assert [(r.row, r.action) for r in page.context["results"]] == [(2, "sample"), (3, "create")]
    assert "dòng mẫu của biểu mẫu: bỏ qua" in page.content.decode()
    client.post(url)
    assert list(StaffMember.objects.values_list("id_number", flat=True)) == ["010195000001"]


def test_a_date_that_does_not_exist_is_called_so(client, hr_officer, tree):
    client.force_login(hr_officer)
    url = upload(client, tree["agency_a"], workbook([*ROW[:2], "31/02/1990", *ROW[3:]])).url
    assert _errors(client, url)[(2, "Ngày sinh")] == ["Không có ngày 31/02/1990 trong lịch."]


def test_uploading_a_corrected_file_keeps_the_unit_chosen(client, hr_officer, tree):
    client.force_login(hr_officer)
    url = upload(client, tree["agency_a"], workbook([*ROW[:7], "abc", *ROW[8:]])).url
    page = client.get(url).content.decode()
    again = reverse("staff:import") + f"?org_unit={tree['agency_a'].pk}"
    assert f'href="{again}"' in page
    form = client.get(again).context["form"]
    assert str(form["org_unit"].value()) == str(tree["agency_a"].pk)
    assert tree["agency_a"].name in client.get(again).content.decode()
    # A unit outside the person's units is not offered, even through the address.
    assert tree["agency_b"].name not in client.get(
        reverse("staff:import") + f"?org_unit={tree['agency_b'].pk}").content.decode()
