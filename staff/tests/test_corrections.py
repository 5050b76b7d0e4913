"""A staff member asks HR to correct any row of their own file; HR of the unit sees which row and settles it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from staff import services
from staff.models import CorrectionRequest, Leave, Qualification, Reward, SalaryRecord
from staff.tests.factories import StaffMemberFactory, rank


@pytest.fixture
def own(tree, staff_member):
    """The staff member's own file, with one row of each kind a person asks about most."""
    member = StaffMemberFactory(full_name="Nguyễn Văn An", org_unit=tree["dept_a"], user=staff_member, rank=rank(),
                                salary_step=2, step_since=date(2024, 3, 1))
    rows = {
        "qualification": Qualification(kind="education", level=4, name="Cử nhân Luật", awarded_on=date(2010, 6, 15)),
        "assignment": None,
        "salary": SalaryRecord(rank=rank(), salary_step=2, start_date=date(2024, 3, 1)),
        "reward": Reward(title="Giấy khen", level="district", decided_on=date(2024, 12, 20)),
        "leave": Leave(kind="sick", start_date=date(2026, 3, 2), end_date=date(2026, 3, 6)),
    }
    from staff.models import Assignment

    rows["assignment"] = Assignment(kind="recruited", org_unit=tree["dept_a"], start_date=date(2015, 9, 1))
    for row in rows.values():
        row.staff_member = member
        services.record_save(record=row)
    return member, rows


@pytest.mark.parametrize("kind", ["qualification", "assignment", "salary", "reward", "leave"])
def test_a_staff_member_asks_to_correct_a_row_and_hr_sees_which_row(client, staff_member, hr_officer, own, kind):
    member, rows = own
    row = rows[kind]
    client.force_login(staff_member)
    my_file = client.get(reverse("staff:my_file")).content.decode()
    link = f'{reverse("staff:correction_create")}?row={kind}:{row.pk}'
    assert f'href="{link}"' in my_file
    form = client.get(link).context["form"]
    assert form["field_name"].value() == f"{kind}:{row.pk}"
    response = client.post(reverse("staff:correction_create"), {
        "field_name": f"{kind}:{row.pk}", "proposed_value": "Ngày 15/06/2012", "reason": "Theo bản gốc."})
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.field_name, request.record_id) == (kind, row.pk)
    assert request.record_label == row.file_label()
    assert request.record_label in client.get(reverse("staff:my_file")).content.decode()

    client.force_login(hr_officer)
    listing = client.get(reverse("staff:correction_list")).content.decode()
    assert request.record_label in listing
    page = client.get(reverse("staff:correction_decide", kwargs={"pk": request.pk}))
    assert page.context["row"] == row
    edit = reverse("staff:record_edit", kwargs={"pk": member.pk, "kind": kind, "record_pk": row.pk})
    assert f'href="{edit}"' in page.content.decode()
    assert client.post(reverse("staff:correction_decide", kwargs={"pk": request.pk}),
                       {"approve": "1", "note": "Đã sửa."}).status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == hr_officer


def test_a_row_of_another_persons_file_cannot_be_asked_about(client, staff_member, own, tree):
    other = StaffMemberFactory(org_unit=tree["dept_a"])
    foreign = services.record_save(record=Reward(staff_member=other), title="Bằng khen", level="province",
                                   decided_on=date(2023, 1, 1))
    client.force_login(staff_member)
    response = client.post(reverse("staff:correction_create"), {
        "field_name": f"reward:{foreign.pk}", "proposed_value": "x", "reason": "y"})
    assert response.status_code == 200 and "field_name" in response.context["form"].errors
    assert not CorrectionRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.correction_submit(member=own[0], user=staff_member, field_name=f"reward:{foreign.pk}",
                                   proposed_value="x", reason="y")
    with pytest.raises(ValidationError):
        services.correction_submit(member=own[0], user=staff_member, field_name="nonsense:1",
                                   proposed_value="x", reason="y")


def test_a_row_request_is_seen_and_settled_only_by_hr_of_the_unit(client, staff_member, make_user, department_head,
                                                                  own, tree):
    from staff import roles

    member, rows = own
    request = services.correction_submit(member=member, user=staff_member, field_name=f"reward:{rows['reward'].pk}",
                                         proposed_value="Cấp huyện", reason="Quyết định số 12.")
    url = reverse("staff:correction_decide", kwargs={"pk": request.pk})
    other_hr = make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b")
    client.force_login(other_hr)
    assert client.get(url).status_code == 404
    assert client.post(url, {"approve": "1"}).status_code == 404
    assert request.record_label not in client.get(reverse("staff:correction_list")).content.decode()
    client.force_login(department_head)
    assert client.get(url).status_code == 403
    client.force_login(staff_member)
    assert client.get(url).status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_row_removed_since_is_said_so(client, staff_member, hr_officer, own):
    member, rows = own
    request = services.correction_submit(member=member, user=staff_member, field_name=f"leave:{rows['leave'].pk}",
                                         proposed_value="Đến 07/03/2026", reason="Giấy ra viện.")
    services.record_delete(record=rows["leave"])
    client.force_login(hr_officer)
    page = client.get(reverse("staff:correction_decide", kwargs={"pk": request.pk}))
    assert page.context["row"] is None and "Nghỉ ốm" in page.content.decode()
