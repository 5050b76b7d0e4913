"""Discipline decisions that punish the same violation: HR links them in the file and sees the one evaluation year the
violation counts in (NĐ 48/2023: one violation counts in one year only)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from staff import services
from staff.models import Discipline
from staff.tests.factories import StaffMemberFactory


@pytest.fixture
def person(tree):
    return StaffMemberFactory(full_name="Lò Văn Tủa", org_unit=tree["dept_a"])


def _decision(person, day, **fields):
    return services.record_save(record=Discipline(staff_member=person), form="reprimand", effective_on=day, **fields)


def test_hr_links_an_administrative_decision_to_the_party_decision_on_the_same_violation(client, hr_officer,
                                                                                         person, tree):
    party = _decision(person, date(2024, 12, 20), decision_no="15-QĐ/UBKTHU")
    elsewhere = _decision(StaffMemberFactory(org_unit=tree["dept_a"]), date(2024, 5, 1))
    client.force_login(hr_officer)
    url = reverse("staff:record_create", kwargs={"pk": person.pk, "kind": "discipline"})
    form = client.get(url).context["form"]
    assert list(form.fields["same_violation_as"].queryset) == [party]  # only this person's decisions
    response = client.post(url, {"form": "reprimand", "effective_on": "10/02/2025", "decision_no": "42/QĐ-UBND",
                                 "same_violation_as": party.pk})
    assert response.status_code == 302
    assert Discipline.objects.get(decision_no="42/QĐ-UBND").same_violation_as == party
    refused = client.post(url, {"form": "reprimand", "effective_on": "10/02/2025", "same_violation_as": elsewhere.pk})
    assert refused.status_code == 200 and "same_violation_as" in refused.context["form"].errors


def test_the_file_shows_the_one_year_each_violation_counts_in(client, hr_officer, person):
    party = _decision(person, date(2024, 12, 20), decision_no="15-QĐ/UBKTHU")
    _decision(person, date(2025, 2, 10), decision_no="42/QĐ-UBND", same_violation_as=party)
    _decision(person, date(2025, 9, 1), decision_no="77/QĐ-UBND")
    client.force_login(hr_officer)
    page = client.get(reverse("staff:staff_detail", kwargs={"pk": person.pk})).content.decode()
    assert page.count('data-testid="violation-year"') == 3
    assert "Vi phạm được tính vào năm đánh giá 2024" in page
    assert "Cùng vi phạm với quyết định ngày 20/12/2024: chỉ tính vào năm đánh giá 2024" in page
    assert "Vi phạm được tính vào năm đánh giá 2025" in page  # the other violation, of its own


def test_two_decisions_cannot_point_at_each_other(person):
    first = _decision(person, date(2024, 12, 20))
    second = _decision(person, date(2025, 2, 10), same_violation_as=first)
    third = _decision(person, date(2025, 3, 1), same_violation_as=second)
    with pytest.raises(ValidationError) as error:
        services.record_save(record=first, same_violation_as=third)
    assert "same_violation_as" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.record_save(record=first, same_violation_as=first)


@pytest.mark.parametrize("removed", ["first", "middle"])
def test_removing_a_decision_keeps_the_others_of_its_violation_together(person, removed):
    first = _decision(person, date(2024, 12, 20))
    middle = _decision(person, date(2025, 2, 10), same_violation_as=first)
    last = _decision(person, date(2025, 3, 1), same_violation_as=first)
    other = _decision(person, date(2025, 4, 1), same_violation_as=middle)
    services.record_delete(record={"first": first, "middle": middle}[removed])
    remaining = {row.pk: row.same_violation_as_id for row in Discipline.objects.filter(staff_member=person)}
    if removed == "first":
        assert remaining == {middle.pk: None, last.pk: middle.pk, other.pk: middle.pk}
    else:
        assert remaining == {first.pk: None, last.pk: first.pk, other.pk: first.pk}


def test_the_file_page_reads_the_violations_without_a_query_per_decision(client, hr_officer, person,
                                                                          django_assert_max_num_queries):
    previous = None
    for index in range(8):
        previous = _decision(person, date(2020 + index, 6, 1), same_violation_as=previous if index % 2 else None)
    client.force_login(hr_officer)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("staff:staff_detail", kwargs={"pk": person.pk})).status_code == 200
