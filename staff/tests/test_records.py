"""Every kind of row of a file is added, edited and saved through its own page, with its own form."""

from datetime import date

import pytest
from django.urls import reverse

from staff.forms import RECORD_FIELDS
from staff.tests.factories import StaffMemberFactory, rank

# For each kind: what HR types to add a row, then one field changed and how the saved row shows it.
ROWS = {
    "qualification": ({"kind": "education", "level": "education:4", "name": "Cử nhân Luật",
                       "awarded_on": "15/06/2010"}, "name", "Thạc sĩ Luật"),
    "assignment": ({"kind": "recruited", "org_unit": "UNIT", "start_date": "01/09/2015"}, "title", "Chuyên viên"),
    "leave": ({"kind": "sick", "start_date": "02/03/2026", "end_date": "06/03/2026"}, "note", "Nằm viện"),
    "reward": ({"title": "Giấy khen", "level": "district", "decided_on": "20/12/2024", "decision_no": "12/QĐ"},
               "level", "province"),
    "discipline": ({"form": "reprimand", "effective_on": "01/04/2025", "issuer": "UBND xã"}, "reason",
                   "Chậm báo cáo"),
    "salary": ({"rank": "RANK", "salary_step": "2", "start_date": "01/03/2024"}, "decision_no", "45/QĐ-UBND"),
    "support": ({"kind": "allowance", "description": "Phụ cấp thu hút", "start_date": "01/01/2025"}, "amount",
                "1500000"),
}


def test_every_kind_of_the_file_is_covered():
    assert set(ROWS) == set(RECORD_FIELDS)


@pytest.mark.parametrize("kind", list(ROWS))
def test_hr_adds_and_edits_each_kind_of_row_through_its_page(client, hr_officer, tree, kind):
    member = StaffMemberFactory(full_name="Nguyễn Văn An", org_unit=tree["dept_a"], rank=rank(), salary_step=2,
                                step_since=date(2024, 3, 1))
    data, field, changed = ROWS[kind]
    data = {name: {"UNIT": tree["dept_a"].pk, "RANK": rank().pk}.get(value, value) for name, value in data.items()}
    client.force_login(hr_officer)
    add = reverse("staff:record_create", kwargs={"pk": member.pk, "kind": kind})
    assert client.get(add).status_code == 200
    response = client.post(add, data)
    assert response.status_code == 302, response.context["form"].errors
    model = RECORD_FIELDS[kind][0]
    record = model.objects.get(staff_member=member)

    edit = reverse("staff:record_edit", kwargs={"pk": member.pk, "kind": kind, "record_pk": record.pk})
    page = client.get(edit)
    assert page.status_code == 200
    assert page.context["form"].instance == record
    response = client.post(edit, {**data, field: changed})
    assert response.status_code == 302, response.context["form"].errors
    record.refresh_from_db()
    assert str(getattr(record, field)) == changed
    assert model.objects.filter(staff_member=member).count() == 1


def test_a_reward_offers_reward_levels_not_qualification_levels(client, hr_officer, tree):
    member = StaffMemberFactory(org_unit=tree["dept_a"])
    client.force_login(hr_officer)
    form = client.get(reverse("staff:record_create", kwargs={"pk": member.pk, "kind": "reward"})).context["form"]
    values = [value for value, _label in form.fields["level"].choices]
    assert "district" in values and not any(":" in str(value) for value in values)
