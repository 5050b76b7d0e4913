"""A person's file: every kind of row and its history on one page, in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff import services
from staff.models import (
    Assignment,
    JobPosition,
    Leave,
    Qualification,
    Reward,
    SalaryRecord,
    SupportPolicy,
)
from staff.tests.factories import StaffMemberFactory, rank

# The session, the account, its permissions (2) and units; the file, its seven kinds of rows and three reads of the
# history (the person's rows, the records' rows in one UNION, the discipline's own). There were 21.
FILE_QUERIES = 16


def _fill(member, tree, *, years):
    """Rows of every kind (discipline aside: its block belongs to its own work), `years` of each, edited once."""
    for year in years:
        services.record_save(record=Qualification(staff_member=member), kind="it", name=f"Tin học {year}")
        services.record_save(record=Assignment(staff_member=member), kind="appointed", org_unit=tree["dept_a"],
                             start_date=date(year, 1, 1), end_date=date(year, 12, 31))
        services.record_save(record=Leave(staff_member=member), kind="study", start_date=date(year, 2, 1),
                             end_date=date(year, 2, 10))
        services.record_save(record=Reward(staff_member=member), title=f"Giấy khen {year}", level="commune",
                             decided_on=date(year, 12, 1))
        services.record_save(record=SalaryRecord(staff_member=member), rank=rank(), salary_step=1,
                             start_date=date(year, 1, 1))
        services.record_save(record=SupportPolicy(staff_member=member), kind="other",
                             description=f"Hỗ trợ {year}", amount=Decimal(1000000), start_date=date(year, 3, 1))


@pytest.fixture
def member(tree):
    return StaffMemberFactory(full_name="Nguyễn Văn An", org_unit=tree["dept_a"])


def test_the_history_names_each_row_and_who_made_it(client, hr_officer, member, tree):
    _fill(member, tree, years=[2020])
    position = JobPosition.objects.create(org_unit=tree["agency_a"], code="VP", name="Chánh Văn phòng")
    services.staffmember_update(member=member, org_unit=tree["dept_a2"], position=position, rank=rank(),
                                salary_step=1, user=hr_officer)
    client.force_login(hr_officer)
    response = client.get(reverse("staff:staff_detail", kwargs={"pk": member.pk}))
    labels = {entry.get("label") for entry in response.context["history"]}
    assert {"Tin học 2020", "Giấy khen 2020", "Hỗ trợ 2020", "Bổ nhiệm: Phòng Văn hóa - Xã hội",
            "01/01/2020: 01.003 / 1"} <= labels
    assert "Nghỉ đi học 01/02/2020–10/02/2020" in labels
    changes = {change[0]: change[1:] for entry in response.context["history"] for change in entry["changes"]}
    assert changes["đơn vị"] == ("Phòng Văn hóa - Xã hội", "Phòng Kinh tế")
    assert changes["vị trí việc làm"] == ("", "Chánh Văn phòng")
    assert changes["ngạch"][1] == f"{rank().name} ({rank().code})"
    assert changes["tài khoản trên cổng"] == ("", hr_officer.get_full_name())


def test_the_file_page_runs_the_same_few_queries_whatever_it_holds(client, hr_officer, member, tree):
    client.force_login(hr_officer)
    url = reverse("staff:staff_detail", kwargs={"pk": member.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(url).status_code == 200
    _fill(member, tree, years=range(2000, 2012))
    with CaptureQueriesContext(connection) as full:
        assert client.get(url).status_code == 200
    assert len(empty) == len(full) == FILE_QUERIES
    # A change of unit, position, rank or account is named: one query more, whatever the number of changes.
    services.staffmember_update(member=member, org_unit=tree["dept_a2"], rank=rank(), salary_step=2)
    services.staffmember_update(member=member, org_unit=tree["dept_a"], user=hr_officer)
    with CaptureQueriesContext(connection) as named:
        assert client.get(url).status_code == 200
    assert len(named) == FILE_QUERIES + 1
