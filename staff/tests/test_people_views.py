from datetime import date
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from staff import roles, services
from staff.models import Assignment, CorrectionRequest, JobPosition, Qualification, StaffMember
from staff.tests.factories import StaffMemberFactory, rank

HR_EDITORS = {roles.HR_OFFICER}
FILE_READERS = {roles.SYSTEM_ADMIN, roles.HR_OFFICER, roles.AGENCY_LEADER, roles.DEPARTMENT_HEAD}


@pytest.fixture
def people(tree, users_by_role):
    """Two people in agency A's department (one linked to the staff member's account), one in agency B."""
    return {
        "an": StaffMemberFactory(full_name="Nguyễn Văn An", org_unit=tree["dept_a"], rank=rank(), salary_step=2,
                                 step_since=date(2024, 3, 1), user=users_by_role[roles.STAFF_MEMBER]),
        "pao": StaffMemberFactory(full_name="Giàng A Páo", org_unit=tree["dept_a"], ethnicity="08",
                                  date_of_birth=date(1965, 9, 10)),
        "mai": StaffMemberFactory(full_name="Vàng Thị Mai", gender="female", org_unit=tree["dept_b"]),
    }


# (url name, which file, roles allowed): every other role gets 403.
PAGES = [
    ("staff:staff_list", None, FILE_READERS),
    ("staff:staff_detail", "an", FILE_READERS),
    ("staff:staff_create", None, HR_EDITORS),
    ("staff:staff_edit", "an", HR_EDITORS),
    ("staff:forecast", None, FILE_READERS),
    ("staff:staff_export", None, {roles.HR_OFFICER, roles.AGENCY_LEADER}),
    ("staff:position_list", None, {roles.SYSTEM_ADMIN, roles.HR_OFFICER, roles.AGENCY_LEADER}),
    ("staff:position_create", None, HR_EDITORS),
    ("staff:correction_list", None, HR_EDITORS),
]


def _url(name, target, people):
    return reverse(name, kwargs={"pk": people[target].pk}) if target else reverse(name)


@pytest.mark.parametrize(("name", "target", "allowed"), PAGES, ids=[page[0] for page in PAGES])
def test_each_role_reaches_the_staff_pages_it_needs_and_no_other(client, users_by_role, people, name, target, allowed):
    url = _url(name, target, people)
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role in allowed else 403), f"{role} on {url}"


@pytest.mark.parametrize("name", ["staff:staff_detail", "staff:staff_edit"])
def test_a_file_in_another_unit_is_not_found(client, hr_officer, people, name):
    client.force_login(hr_officer)
    assert client.get(reverse(name, kwargs={"pk": people["mai"].pk})).status_code == 404


def test_a_department_head_reads_their_department_only_and_cannot_edit(client, department_head, people, tree):
    other = StaffMemberFactory(full_name="Lò Văn Sinh", org_unit=tree["dept_a2"])
    client.force_login(department_head)
    names = [m.full_name for m in client.get(reverse("staff:staff_list")).context["object_list"]]
    assert names == ["Giàng A Páo", "Nguyễn Văn An"]
    assert client.get(reverse("staff:staff_detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("staff:staff_edit", kwargs={"pk": people["an"].pk})).status_code == 403
    record_url = reverse("staff:record_create", kwargs={"pk": people["an"].pk, "kind": "leave"})
    assert client.post(record_url, {"kind": "sick"}).status_code == 403


def test_the_list_search_ignores_diacritics_and_case(client, hr_officer, people):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:staff_list"), {"q": "NGUYEN van an"})
    assert [m.full_name for m in response.context["object_list"]] == ["Nguyễn Văn An"]
    response = client.get(reverse("staff:staff_list"), {"q": "giang a"})
    assert [m.full_name for m in response.context["object_list"]] == ["Giàng A Páo"]


def test_the_list_filters_by_ethnicity_age_and_rank(client, hr_officer, people):
    client.force_login(hr_officer)
    listed = lambda **params: [m.full_name for m in client.get(  # noqa: E731
        reverse("staff:staff_list"), params).context["object_list"]]
    assert listed(ethnicity="08") == ["Giàng A Páo"]
    assert listed(age_band="55plus") == ["Giàng A Páo"]
    assert listed(age_band="40-49") == ["Nguyễn Văn An"]
    assert listed(rank=rank().pk) == ["Nguyễn Văn An"]
    assert listed(q="khong ai") == []


def test_the_export_holds_exactly_the_filtered_rows(client, hr_officer, people):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:staff_export"), {"ethnicity": "08"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert [row[0] for row in rows[1:]] == ["Giàng A Páo"]


def test_the_staff_list_runs_a_fixed_number_of_queries(client, hr_officer, tree, people,
                                                      django_assert_max_num_queries):
    for index in range(30):
        StaffMemberFactory(org_unit=tree["dept_a2"], rank=rank(), salary_step=1, full_name=f"Lê Văn {index}")
    client.force_login(hr_officer)
    # The session, the account, its permissions (2) and units, the page (no count), the ranks of the filter.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("staff:staff_list"), {"sort": "unit"}).status_code == 200


def test_the_file_page_runs_a_fixed_number_of_queries(client, hr_officer, people, tree,
                                                     django_assert_max_num_queries):
    member = people["an"]
    for index in range(5):
        services.record_save(record=Qualification(staff_member=member), kind="it", name=f"CNTT {index}")
        services.record_save(record=Assignment(staff_member=member), kind="appointed", org_unit=tree["dept_a"],
                             start_date=date(2020 + index, 1, 1))
    client.force_login(hr_officer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("staff:staff_detail", kwargs={"pk": member.pk}))
    assert response.status_code == 200


def test_an_hr_officer_opens_a_file_and_sees_its_derived_dates(client, hr_officer, people):
    client.force_login(hr_officer)
    page = client.get(reverse("staff:staff_detail", kwargs={"pk": people["an"].pk})).content.decode()
    assert "31/05/2047" in page  # a man born 20/05/1985 retires at 62, at the end of that month
    assert "01/03/2027" in page  # chuyên viên step 2 since 01/03/2024: next step three years later


def test_adding_a_file_validates_in_vietnamese(client, hr_officer, tree, people):
    client.force_login(hr_officer)
    data = {"full_name": "Lý Văn Tả", "gender": "male", "date_of_birth": "01/01/2999", "ethnicity": "09",
            "id_number": people["an"].id_number, "category": "civil_servant", "status": "working",
            "org_unit": tree["dept_a"].pk}
    response = client.post(reverse("staff:staff_create"), data)
    errors = response.context["form"].errors
    assert errors["date_of_birth"] == ["Ngày sinh không được ở tương lai."]
    assert errors["id_number"] == ["Số định danh này đã có trong hồ sơ của người khác."]
    assert StaffMember.objects.count() == 3


def test_an_hr_officer_adds_a_file_in_their_unit(client, hr_officer, tree):
    client.force_login(hr_officer)
    response = client.post(reverse("staff:staff_create"), {
        "full_name": "  Sùng   Thị Mỷ ", "gender": "female", "date_of_birth": "15/08/1995", "ethnicity": "08",
        "id_number": "010195000123", "category": "civil_servant", "status": "working",
        "org_unit": tree["dept_a"].pk, "rank": rank().pk, "salary_step": "1", "step_since": "01/07/2025"})
    member = StaffMember.objects.get(id_number="010195000123")
    assert response.status_code == 302
    assert member.full_name == "Sùng Thị Mỷ" and member.search_key == "sung thi my"
    assert member.salary_coefficient == rank().steps.get(step=1).coefficient


def test_an_hr_officer_cannot_open_a_file_in_another_agency(client, hr_officer, tree):
    client.force_login(hr_officer)
    response = client.post(reverse("staff:staff_create"), {
        "full_name": "Người Lạ", "gender": "male", "date_of_birth": "01/01/1990", "ethnicity": "01",
        "id_number": "010190000999", "category": "civil_servant", "status": "working",
        "org_unit": tree["dept_b"].pk})
    assert "org_unit" in response.context["form"].errors
    assert not StaffMember.objects.filter(id_number="010190000999").exists()


def test_a_transfer_that_ends_before_it_starts_is_refused(client, hr_officer, people, tree):
    client.force_login(hr_officer)
    url = reverse("staff:record_create", kwargs={"pk": people["an"].pk, "kind": "assignment"})
    response = client.post(url, {"kind": "transferred", "org_unit": tree["dept_a"].pk,
                                 "start_date": "01/09/2025", "end_date": "01/08/2025"})
    assert response.context["form"].errors["end_date"] == ["Ngày kết thúc không được trước ngày bắt đầu."]


def test_a_career_step_in_a_unit_that_no_longer_existed_is_refused(client, hr_officer, people, tree):
    from staff.tests.factories import OrgUnitFactory

    old = OrgUnitFactory(name="UBND xã Cũ", parent=tree["province"], valid_to=date(2025, 6, 30))
    client.force_login(hr_officer)
    url = reverse("staff:record_create", kwargs={"pk": people["an"].pk, "kind": "assignment"})
    response = client.post(url, {"kind": "transferred", "org_unit": old.pk, "start_date": "01/09/2025"})
    assert response.context["form"].errors["org_unit"] == ["Đơn vị này chưa tồn tại hoặc đã giải thể vào ngày bắt đầu."]
    response = client.post(url, {"kind": "recruited", "org_unit": old.pk, "start_date": "01/09/2015",
                                 "end_date": "30/06/2025"})
    assert response.status_code == 302


def test_a_qualification_updates_the_highest_levels_and_the_gaps(client, hr_officer, people, tree):
    position = JobPosition.objects.create(org_unit=tree["agency_a"], name="Văn phòng - thống kê",
                                          group="professional", required_state_management=1, required_education=0)
    services.staffmember_update(member=people["an"], position=position)
    client.force_login(hr_officer)
    detail = reverse("staff:staff_detail", kwargs={"pk": people["an"].pk})
    assert "Thiếu chứng chỉ quản lý nhà nước" in client.get(detail).content.decode()
    url = reverse("staff:record_create", kwargs={"pk": people["an"].pk, "kind": "qualification"})
    response = client.post(url, {"kind": "state_management", "level": "state_management:1",
                                 "name": "Chương trình chuyên viên", "awarded_on": "10/10/2024"})
    assert response.status_code == 302
    people["an"].refresh_from_db()
    assert people["an"].state_management == 1
    assert "Đáp ứng mọi yêu cầu của vị trí" in client.get(detail).content.decode()


def test_a_level_of_another_kind_is_refused(client, hr_officer, people):
    client.force_login(hr_officer)
    url = reverse("staff:record_create", kwargs={"pk": people["an"].pk, "kind": "qualification"})
    response = client.post(url, {"kind": "education", "level": "political_theory:2", "name": "Cử nhân"})
    assert "level" in response.context["form"].errors


def test_editing_a_file_shows_in_its_history_with_who_and_what(client, hr_officer, people):
    client.force_login(hr_officer)
    member = people["an"]
    data = {"full_name": member.full_name, "gender": "male", "date_of_birth": "20/05/1985", "ethnicity": "01",
            "id_number": member.id_number, "category": "civil_servant", "status": "working",
            "org_unit": member.org_unit_id, "phone": "0912345678"}
    assert client.post(reverse("staff:staff_edit", kwargs={"pk": member.pk}), data).status_code == 302
    data["org_unit"] = member.org_unit.parent.children.exclude(pk=member.org_unit_id).get().pk
    assert client.post(reverse("staff:staff_edit", kwargs={"pk": member.pk}), data).status_code == 302
    page = client.get(reverse("staff:staff_detail", kwargs={"pk": member.pk})).content.decode()
    history = page.split('id="history"')[1]
    assert hr_officer.get_full_name() in history
    assert "Số điện thoại</span>: — → 0912345678" in history
    assert "Đơn vị</span>: Phòng Văn hóa - Xã hội → Phòng Kinh tế" in history


def test_removing_a_row_keeps_it_in_the_history(client, hr_officer, people, tree):
    leave = services.record_save(record=__import__("staff.models", fromlist=["Leave"]).Leave(
        staff_member=people["an"]), kind="study", start_date=date(2026, 1, 1), end_date=date(2026, 3, 1))
    client.force_login(hr_officer)
    url = reverse("staff:record_delete", kwargs={"pk": people["an"].pk, "kind": "leave", "record_pk": leave.pk})
    assert client.post(url).status_code == 302
    assert not people["an"].leaves.exists()
    history = client.get(reverse("staff:staff_detail", kwargs={"pk": people["an"].pk})).context["history"]
    assert any(entry["type"] == "-" for entry in history)


def test_a_row_of_another_file_is_not_found_through_this_file(client, hr_officer, people):
    leave = services.record_save(record=__import__("staff.models", fromlist=["Leave"]).Leave(
        staff_member=people["pao"]), kind="sick", start_date=date(2026, 1, 1), end_date=date(2026, 1, 5))
    client.force_login(hr_officer)
    url = reverse("staff:record_edit", kwargs={"pk": people["an"].pk, "kind": "leave", "record_pk": leave.pk})
    assert client.get(url).status_code == 404
    url = reverse("staff:record_edit", kwargs={"pk": people["an"].pk, "kind": "nonsense", "record_pk": leave.pk})
    assert client.get(url).status_code == 404


def test_the_forecast_lists_who_retires_soon(client, hr_officer, people):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:forecast"), {"months": "36"})
    assert [m.full_name for m in response.context["retiring"]] == ["Giàng A Páo"]
    response = client.get(reverse("staff:forecast"), {"months": "3"})
    assert response.context["retiring"] == []


def test_a_staff_member_sees_their_own_file_and_asks_for_a_correction(client, staff_member, people):
    client.force_login(staff_member)
    page = client.get(reverse("staff:my_file")).content.decode()
    assert "Nguyễn Văn An" in page and "Giàng A Páo" not in page
    response = client.post(reverse("staff:correction_create"), {
        "field_name": "date_of_birth", "proposed_value": "21/05/1985", "reason": "Giấy khai sinh ghi ngày 21."})
    assert response.status_code == 302
    people["an"].refresh_from_db()
    assert people["an"].date_of_birth == date(1985, 5, 20)  # unchanged until HR approves
    assert "Đang chờ" in client.get(reverse("staff:my_file")).content.decode()


def test_hr_approves_a_correction_and_the_file_changes_with_history(client, staff_member, hr_officer, people):
    request = services.correction_submit(member=people["an"], user=staff_member, field_name="date_of_birth",
                                         proposed_value="21/05/1985", reason="Khai sinh")
    client.force_login(hr_officer)
    url = reverse("staff:correction_decide", kwargs={"pk": request.pk})
    assert client.post(url, {"approve": "1", "note": "Đã đối chiếu"}).status_code == 302
    people["an"].refresh_from_db()
    assert people["an"].date_of_birth == date(1985, 5, 21)
    assert people["an"].history.first().history_user == hr_officer
    assert client.post(url, {"approve": "0"}).status_code == 200  # decided once only
    client.force_login(staff_member)
    assert "Đã duyệt" in client.get(reverse("staff:my_file")).content.decode()


def test_a_correction_with_an_invalid_value_is_refused_and_nothing_changes(client, staff_member, hr_officer, people):
    request = services.correction_submit(member=people["an"], user=staff_member, field_name="date_of_birth",
                                         proposed_value="ngày 21", reason="Khai sinh")
    client.force_login(hr_officer)
    response = client.post(reverse("staff:correction_decide", kwargs={"pk": request.pk}), {"approve": "1"})
    assert response.status_code == 200 and response.context["form"].errors
    assert CorrectionRequest.objects.get(pk=request.pk).status == "pending"


def test_hr_of_another_agency_cannot_decide_a_request(client, make_user, tree, staff_member, people):
    request = services.correction_submit(member=people["an"], user=staff_member, field_name="phone",
                                         proposed_value="0987654321", reason="Số mới")
    other_hr = make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b")
    client.force_login(other_hr)
    assert client.get(reverse("staff:correction_decide", kwargs={"pk": request.pk})).status_code == 404
    assert client.post(reverse("staff:correction_decide", kwargs={"pk": request.pk}),
                       {"approve": "1"}).status_code == 404


def test_someone_without_a_file_sees_the_empty_state(client, feedback_handler):
    client.force_login(feedback_handler)
    assert "Chưa có hồ sơ nào được gắn" in client.get(reverse("staff:my_file")).content.decode()
    assert client.get(reverse("staff:correction_create")).status_code == 404


def test_positions_show_how_many_hold_them(client, hr_officer, people, tree):
    position = JobPosition.objects.create(org_unit=tree["agency_a"], name="Tư pháp - hộ tịch",
                                          group="professional", approved_headcount=1)
    for member in (people["an"], people["pao"]):
        services.staffmember_update(member=member, position=position)
    client.force_login(hr_officer)
    response = client.get(reverse("staff:position_list"))
    assert [(p.name, p.holder_count) for p in response.context["object_list"]] == [("Tư pháp - hộ tịch", 2)]


def test_the_forecast_narrows_to_one_unit(client, hr_officer, people, tree):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:forecast"), {"months": "36", "unit": tree["dept_a2"].pk})
    assert response.context["retiring"] == []
    response = client.get(reverse("staff:forecast"), {"months": "36", "unit": tree["dept_a"].pk})
    assert [m.full_name for m in response.context["retiring"]] == ["Giàng A Páo"]


MORE_PAGES = [
    ("staff:statistics", {}, FILE_READERS),
    ("staff:import", {}, HR_EDITORS),
    ("staff:import_template", {}, HR_EDITORS),
    ("staff:rank_list", {}, HR_EDITORS),
    ("staff:position_search", {"q": "phong", "field": "position"}, FILE_READERS),
    ("staff:user_search", {"q": "nguyen", "field": "user"}, HR_EDITORS),
]


@pytest.mark.parametrize(("name", "params", "allowed"), MORE_PAGES, ids=[page[0] for page in MORE_PAGES])
def test_each_role_reaches_the_report_and_data_pages_it_needs_and_no_other(client, users_by_role, people, name,
                                                                          params, allowed):
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(reverse(name), params).status_code == (200 if role in allowed else 403), role


@pytest.mark.parametrize("kind", ["qualification", "assignment", "leave", "reward", "discipline", "support"])
def test_only_hr_adds_edits_and_removes_rows_of_a_file_in_their_units(client, users_by_role, people, tree, kind):
    from staff.models import Leave

    leave = services.record_save(record=Leave(staff_member=people["an"]), kind="sick",
                                 start_date=date(2026, 2, 1), end_date=date(2026, 2, 3))
    urls = [reverse("staff:record_create", kwargs={"pk": people["an"].pk, "kind": kind}),
            reverse("staff:record_edit", kwargs={"pk": people["an"].pk, "kind": "leave", "record_pk": leave.pk}),
            reverse("staff:record_delete", kwargs={"pk": people["an"].pk, "kind": "leave", "record_pk": leave.pk})]
    for role, user in users_by_role.items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == (200 if role in HR_EDITORS else 403), (role, url)
        assert client.post(urls[2]).status_code == 403 or role in HR_EDITORS
    other = reverse("staff:record_create", kwargs={"pk": people["mai"].pk, "kind": kind})
    client.force_login(users_by_role[roles.HR_OFFICER])
    assert client.get(other).status_code == 404
    assert client.post(other, {}).status_code == 404


def test_ranks_are_edited_with_their_scale_and_files_follow(client, hr_officer, people):
    client.force_login(hr_officer)
    chuyen_vien = rank()
    steps = list(chuyen_vien.steps.order_by("step"))
    data = {"code": "01.003", "name": "Chuyên viên", "years_per_step": "3", "sort_order": "30", "is_active": "on",
            "steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": str(len(steps)),
            "steps-MIN_NUM_FORMS": "1", "steps-MAX_NUM_FORMS": "1000"}
    for index, step in enumerate(steps):
        data |= {f"steps-{index}-id": step.pk, f"steps-{index}-step": step.step,
                 f"steps-{index}-coefficient": "2.50" if step.step == 2 else str(step.coefficient)}
    response = client.post(reverse("staff:rank_edit", kwargs={"pk": chuyen_vien.pk}), data)
    assert response.status_code == 302
    people["an"].refresh_from_db()
    assert str(people["an"].salary_coefficient) == "2.50"
    data["steps-1-step"] = "5"  # two rows numbered 5: a gap at 2
    response = client.post(reverse("staff:rank_edit", kwargs={"pk": chuyen_vien.pk}), data)
    assert response.status_code == 200


def test_a_department_head_cannot_edit_ranks(client, department_head):
    client.force_login(department_head)
    assert client.get(reverse("staff:rank_edit", kwargs={"pk": rank().pk})).status_code == 403


def test_a_staff_member_cannot_decide_any_request(client, staff_member, people):
    request = services.correction_submit(member=people["an"], user=staff_member, field_name="phone",
                                         proposed_value="0987654321", reason="Số mới")
    client.force_login(staff_member)
    assert client.post(reverse("staff:correction_decide", kwargs={"pk": request.pk}), {"approve": "1"}).status_code \
        == 403
    assert CorrectionRequest.objects.get(pk=request.pk).status == "pending"


def test_the_file_page_costs_the_same_with_a_long_career(client, hr_officer, people, tree,
                                                        django_assert_num_queries):
    member = people["an"]
    client.force_login(hr_officer)
    url = reverse("staff:staff_detail", kwargs={"pk": member.pk})
    services.record_save(record=Assignment(staff_member=member), kind="appointed", org_unit=tree["dept_a"],
                         start_date=date(2019, 1, 1))
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for year in range(2000, 2015):
        services.record_save(record=Assignment(staff_member=member), kind="appointed", org_unit=tree["dept_a"],
                             start_date=date(year, 1, 1), end_date=date(year, 12, 31))
    with CaptureQueriesContext(connection) as long:
        client.get(url)
    assert len(long) == len(short)
