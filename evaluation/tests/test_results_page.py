"""The results page of a big agency: the groups counted (not listed) against the quota, the people a page at a time."""

from datetime import date

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import TaskGroup, YearResult
from evaluation.selectors import year_end as year_end_selectors
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly", user=hr_officer)


@pytest.fixture
def people(tree):
    full = [StaffMemberFactory(full_name=f"Người {index:02d}", org_unit=tree["dept_a"],
                               joined_service_on=date(2015, 1, 1)) for index in range(9)]
    late = StaffMemberFactory(full_name="Người Mới", org_unit=tree["dept_a"], joined_service_on=date(2025, 9, 1))
    return full, late


def propose(person, level, reference="BB 12/2025"):
    services.head_propose(result=YearResult.objects.select_related("evaluation_year").get(staff_member=person),
                          level=level, minutes_reference=reference)


def test_the_counted_overview_says_what_the_full_summary_says(year, people, agency_leader):
    full, late = people
    group = services.task_group_save(group=TaskGroup(evaluation_year=year), name="Lãnh đạo", members=full[:3])
    services.year_results_refresh(evaluation_year=year)
    for person, level in zip(full, ["htxsnv", "htxsnv", "httnv", "htxsnv", "httnv", "httnv", "httnv", "httnv"],
                             strict=False):
        propose(person, level)
    propose(late, "not_classified", "Bản kiểm điểm")
    services.quota_exception_record(evaluation_year=year, task_group=group, granted_by="Chủ tịch UBND tỉnh",
                                    decision_no="QĐ 1", user=agency_leader)
    late.joined_service_on = date(2015, 1, 1)  # the file corrected after the proposal: it no longer fits
    late.save()
    services.year_results_refresh(evaluation_year=year)
    summary = year_end_selectors.quota_summary(evaluation_year=year)
    overview = year_end_selectors.quota_overview(evaluation_year=year)
    assert [entry.task_group for entry in overview] == [group, None]
    by_group = {entry.task_group: entry for entry in summary}
    for entry in overview:
        full_entry = by_group[entry.task_group]
        assert entry.check == full_entry.check
        assert (entry.size, entry.ready, entry.not_classified, entry.exception) == (
            len(full_entry.results), full_entry.ready, full_entry.not_classified, full_entry.exception)
        assert entry.mismatched == [result.staff_member for result in full_entry.mismatched]
    assert overview[1].mismatched == [late] and not overview[1].ready  # full[8] has no proposal yet
    assert overview[0].check.respected and overview[0].exception is not None


def test_the_page_lists_the_people_a_page_at_a_time_and_one_group_on_request(client, agency_leader, year, people,
                                                                              monkeypatch, tree, hr_officer):
    full, late = people
    group = services.task_group_save(group=TaskGroup(evaluation_year=year), name="Lãnh đạo", members=full[:2])
    services.year_results_refresh(evaluation_year=year)
    monkeypatch.setattr(year_end_selectors, "RESULTS_PER_PAGE", 4)
    client.force_login(agency_leader)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    first = client.get(url).context["rows"]
    assert [row.staff_member for row in first] == [*full[:2], full[2], full[3]] and first.has_next
    last = client.get(url, {"page": 3}).context["rows"]
    assert [row.staff_member.full_name for row in last] == ["Người 08", "Người Mới"] and not last.has_next
    assert [row.staff_member for row in client.get(url, {"group": group.pk}).context["rows"]] == full[:2]
    assert len(client.get(url, {"group": "0"}).context["rows"]) == 4
    other = services.evaluation_year_open(agency=tree["agency_a"], year=2024, period_kind="quarterly",
                                          user=hr_officer)
    elsewhere = services.task_group_save(group=TaskGroup(evaluation_year=other), name="Khác", members=[])
    assert client.get(url, {"group": elsewhere.pk}).status_code == 404
    assert client.get(url, {"group": "abc"}).status_code == 404


def test_the_page_costs_the_same_queries_for_ten_people_or_fifty(client, agency_leader, year, people, tree,
                                                                django_assert_max_num_queries):
    full, late = people
    services.year_results_refresh(evaluation_year=year)
    for person in full:
        propose(person, "httnv")
    client.force_login(agency_leader)
    url = reverse("evaluation:results", kwargs={"pk": year.pk})
    # 16: the people who should have a result are counted once, for "N people have no result yet".
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    for _ in range(40):
        StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1))
    services.year_results_refresh(evaluation_year=year)
    with django_assert_max_num_queries(16):
        assert len(client.get(url).context["rows"]) == 50
