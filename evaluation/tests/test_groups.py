"""HR renames a task group and changes who is in it; never in a closed year, another agency or another year."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import EvaluationYear, TaskGroup, TaskGroupMember
from staff import roles
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def group(tree, hr_officer):
    year = services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="quarterly", user=hr_officer)
    people = [StaffMemberFactory(full_name=name, org_unit=tree["dept_a"]) for name in ("Lù Văn Sử", "Giàng Thị Dợ")]
    return services.task_group_save(group=TaskGroup(evaluation_year=year), members=people[:1], name="Chuyên viên",
                                    description=""), people


def test_hr_changes_the_name_and_the_members_of_a_group(client, hr_officer, group, django_assert_max_num_queries):
    group, people = group
    url = reverse("evaluation:taskgroup_update", kwargs={"pk": group.evaluation_year_id, "group": group.pk})
    client.force_login(hr_officer)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and 'value="Chuyên viên"' in page.content.decode()
    response = client.post(url, {"name": "Chuyên viên văn hóa", "members": [people[1].pk]})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Chuyên viên văn hóa"
    assert list(TaskGroupMember.objects.filter(task_group=group).values_list("staff_member", flat=True)) == [
        people[1].pk]


def test_others_cannot_edit_a_group(client, users_by_role, make_user, tree, group, hr_officer):
    group, _people = group
    url = reverse("evaluation:taskgroup_update", kwargs={"pk": group.evaluation_year_id, "group": group.pk})
    client.force_login(users_by_role[roles.DEPARTMENT_HEAD])
    assert client.get(url).status_code == 403
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
    other_year = services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly",
                                               user=hr_officer)
    client.force_login(hr_officer)
    assert client.get(reverse("evaluation:taskgroup_update",
                              kwargs={"pk": other_year.pk, "group": group.pk})).status_code == 404


def test_a_closed_year_keeps_its_groups(client, hr_officer, group):
    group, people = group
    EvaluationYear.objects.filter(pk=group.evaluation_year_id).update(status=EvaluationYear.Status.CLOSED)
    client.force_login(hr_officer)
    url = reverse("evaluation:taskgroup_update", kwargs={"pk": group.evaluation_year_id, "group": group.pk})
    response = client.post(url, {"name": "Khác", "members": [people[1].pk]})
    assert response.status_code == 200
    group.refresh_from_db()
    assert group.name == "Chuyên viên"
