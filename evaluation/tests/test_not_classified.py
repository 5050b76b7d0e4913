"""People the rules do not classify (under 6 months worked, maternity leave excepted) and the caps shown before the
head chooses: the head records "not classified" citing the self-review, the leader approves the group with them
outside the quota, the pages, the form, the export and the notice show it, and the year closes."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.models import PeriodScore, YearResult
from evaluation.selectors import year_end as year_end_selectors
from staff import roles
from staff import services as staff_services
from staff.models import Discipline, Leave
from staff.tests.factories import StaffMemberFactory

NC = "not_classified"


@pytest.fixture
def old_year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly", user=hr_officer)


@pytest.fixture
def new_year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="quarterly", user=hr_officer)


@pytest.fixture
def people(tree, users_by_role):
    """Six people a full year in service, and one who joined in August: under 6 months worked."""
    full = [StaffMemberFactory(full_name=f"Người {index}", org_unit=tree["dept_a"], email=f"n{index}@example.vn",
                               joined_service_on=date(2015, 1, 1)) for index in range(6)]
    late = StaffMemberFactory(full_name="Người Mới", org_unit=tree["dept_a"], email="moi@example.vn",
                              joined_service_on=date(2025, 8, 1), user=users_by_role[roles.STAFF_MEMBER])
    return full, late


def result_of(person):
    return YearResult.objects.select_related("evaluation_year").get(staff_member=person)


def test_the_head_records_not_classified_for_who_the_rules_do_not_classify_and_the_year_closes(
        old_year, people, agency_leader, hr_officer, django_capture_on_commit_callbacks):
    from django.core import mail

    full, late = people
    services.year_results_refresh(evaluation_year=old_year)
    assert year_end_selectors.proposal_levels(result_of(late)) == (NC,)
    with pytest.raises(ValidationError):  # a level for someone the rules do not classify
        services.head_propose(result=result_of(late), level="htnv", minutes_reference="BB 12/2025")
    with pytest.raises(ValidationError):  # the self-review must be cited
        services.head_propose(result=result_of(late), level=NC, minutes_reference=" ")
    services.head_propose(result=result_of(late), level=NC, minutes_reference="Bản kiểm điểm ngày 01/12/2025")
    with pytest.raises(ValidationError):  # "not classified" for someone the rules classify
        services.head_propose(result=result_of(full[0]), level=NC, minutes_reference="BB 12/2025")
    for person, level in zip(full, ["htxsnv", "httnv", "httnv", "httnv", "httnv", "httnv"], strict=True):
        services.head_propose(result=result_of(person), level=level, minutes_reference="BB 12/2025")
    (group,) = year_end_selectors.quota_summary(evaluation_year=old_year)
    assert (group.not_classified, group.check.allowed, group.check.respected) == (1, 1, True)
    assert services.group_approve(evaluation_year=old_year, task_group=None, user=agency_leader) == 7
    assert (result_of(late).approved_level, result_of(late).allowed_level) == (NC, NC)
    with django_capture_on_commit_callbacks(execute=True):
        services.results_publish(evaluation_year=old_year)
    notice = next(message for message in mail.outbox if message.to == ["moi@example.vn"])
    assert "không được xếp loại" in notice.body and "“" not in notice.body
    services.evaluation_year_close(evaluation_year=old_year, user=hr_officer)
    old_year.refresh_from_db()
    assert old_year.status == "closed"


def test_an_nd335_year_gives_not_classified_even_before_a_score(new_year, tree):
    late = StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2026, 9, 1))
    scored = StaffMemberFactory(org_unit=tree["dept_a"], joined_service_on=date(2026, 8, 1))
    PeriodScore.objects.create(period=new_year.periods.get(number=4), staff_member=scored, task_points=Decimal(65),
                               general_points=Decimal(28), total=Decimal(93))
    services.year_results_refresh(evaluation_year=new_year)
    for person in (late, scored):
        result = result_of(person)
        assert result.allowed_level == NC and result.reasons[-1]["code"] == "worked_under_6_months"
        with pytest.raises(ValidationError):
            services.head_propose(result=result, level="httnv", minutes_reference="BB 1")
        assert services.head_propose(result=result, level=NC, minutes_reference="Bản kiểm điểm").head_level == NC


def test_the_caps_come_before_the_choice(old_year, people, tree):
    full, late = people
    staff_services.record_save(record=Discipline(staff_member=full[1]), form="reprimand", effective_on=date(2025, 5, 1))
    staff_services.record_save(record=Leave(staff_member=full[2]), kind="sick", start_date=date(2025, 3, 1),
                               end_date=date(2025, 6, 30))  # 4 months of lawful absence
    services.year_results_refresh(evaluation_year=old_year)
    assert year_end_selectors.proposal_levels(result_of(full[0])) == ("htxsnv", "httnv", "htnv", "khtnv")
    assert year_end_selectors.proposal_levels(result_of(full[1])) == ("khtnv",)
    assert year_end_selectors.proposal_levels(result_of(full[2])) == ("htnv", "khtnv")


def test_an_nd90_leader_is_offered_excellent_only_once_the_units_results_permit_it(old_year, tree):
    from staff.models import JobPosition

    position = JobPosition.objects.create(org_unit=tree["dept_a"], name="Trưởng phòng", group="leadership")
    boss = StaffMemberFactory(org_unit=tree["dept_a"], position=position, joined_service_on=date(2015, 1, 1))
    services.year_results_refresh(evaluation_year=old_year)
    ceiling = year_end_selectors.result_ceiling(result_of(boss))
    assert ceiling.level == "httnv" and ceiling.codes == ("leader_unit_results_missing",)
    assert year_end_selectors.proposal_levels(result_of(boss)) == ("httnv", "htnv", "khtnv")
    services.result_inputs_record(result=result_of(boss), unit_targets_met_all=True, unit_share_exceeded=Decimal(60),
                                  unit_share_good=Decimal(80), unit_results_source="Báo cáo 15/BC-UBND")
    assert year_end_selectors.proposal_levels(result_of(boss))[0] == "htxsnv"


def test_a_proposal_the_facts_no_longer_allow_stops_the_groups_approval(old_year, people, agency_leader):
    full, late = people
    services.year_results_refresh(evaluation_year=old_year)
    services.head_propose(result=result_of(late), level=NC, minutes_reference="Bản kiểm điểm")
    for person in full:
        services.head_propose(result=result_of(person), level="httnv", minutes_reference="BB 12/2025")
    late.joined_service_on = date(2025, 1, 1)  # corrected in the file: a full year
    late.save()
    services.year_results_refresh(evaluation_year=old_year)
    (group,) = year_end_selectors.quota_summary(evaluation_year=old_year)
    assert [result.staff_member for result in group.mismatched] == [late]
    with pytest.raises(ValidationError):
        services.group_approve(evaluation_year=old_year, task_group=None, user=agency_leader)
    assert not YearResult.objects.filter(status="approved").exists()


def test_a_person_not_classified_writes_a_self_review_only(client, staff_member, old_year, people):
    full, late = people
    services.year_results_refresh(evaluation_year=old_year)
    url = reverse("evaluation:self_assessment", kwargs={"pk": result_of(late).pk})
    client.force_login(staff_member)
    assert [value for value, _ in client.get(url).context["form"].fields["level"].choices] == [NC]
    client.post(url, {"text": "Kiểm điểm 5 tháng công tác.", "level": "htxsnv"})
    assert result_of(late).self_level == ""
    client.post(url, {"text": "Kiểm điểm 5 tháng công tác.", "level": NC})
    assert result_of(late).self_level == NC
    with pytest.raises(ValidationError):
        services.self_assess(result=result_of(full[0]), text="Tốt", level=NC)


def _select(html: str, pk: int) -> str:
    return re.search(rf'<select name="level" id="level-{pk}".*?</select>', html, re.S).group(0)


def test_the_head_page_offers_only_the_allowed_levels_with_the_reason(client, department_head, old_year, people,
                                                                      django_assert_max_num_queries):
    full, late = people
    staff_services.record_save(record=Discipline(staff_member=full[1]), form="reprimand", effective_on=date(2025, 5, 1))
    for _ in range(10):
        StaffMemberFactory(org_unit=full[0].org_unit, joined_service_on=date(2015, 1, 1))
    services.year_results_refresh(evaluation_year=old_year)
    client.force_login(department_head)
    url = reverse("evaluation:head_proposals", kwargs={"pk": old_year.pk})
    with django_assert_max_num_queries(14):
        html = client.get(url).content.decode()
    late_select, disciplined_select = _select(html, result_of(late).pk), _select(html, result_of(full[1]).pk)
    assert re.findall(r'value="(\w+)"', late_select) == [NC]
    assert re.findall(r'value="(\w+)"', disciplined_select) == ["khtnv"]
    assert re.findall(r'value="(\w+)"', _select(html, result_of(full[0]).pk)) == ["htxsnv", "httnv", "htnv", "khtnv"]
    assert "công tác dưới 6 tháng: không xếp loại" in html and "bị kỷ luật trong năm" in html
    # The page records it; a level for the same person is refused with the reason, nothing saved.
    response = client.post(url, {"result": result_of(late).pk, "level": "htnv", "minutes_reference": "BB 1"},
                           follow=True)
    assert "không xếp loại" in response.content.decode().lower() and result_of(late).head_level == ""
    client.post(url, {"result": result_of(late).pk, "level": NC, "minutes_reference": "Bản kiểm điểm 01/12/2025"})
    assert result_of(late).head_level == NC


def test_the_results_page_and_the_export_show_not_classified(client, agency_leader, old_year, people):
    from io import BytesIO

    import openpyxl

    full, late = people
    services.year_results_refresh(evaluation_year=old_year)
    services.head_propose(result=result_of(late), level=NC, minutes_reference="Bản kiểm điểm")
    for person in full:
        services.head_propose(result=result_of(person), level="httnv", minutes_reference="BB 12/2025")
    client.force_login(agency_leader)
    url = reverse("evaluation:results", kwargs={"pk": old_year.pk})
    assert "1 người không xếp loại, ngoài tỷ lệ" in client.get(url).content.decode()
    assert client.post(url, {"action": "approve", "task_group": ""}).status_code == 302
    assert result_of(late).approved_level == NC
    response = client.get(reverse("evaluation:results_export", kwargs={"pk": old_year.pk}))
    rows = list(openpyxl.load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    row = next(row for row in rows if row[0] == "Người Mới")
    assert row[-1] == "Không xếp loại" and row[6] == "Không xếp loại"


def test_the_printed_form_ticks_not_classified(client, staff_member, old_year, people, agency_leader):
    from batxat_portal.tests.services import weasyprint_ready
    from evaluation.tests.test_paper import _pdf, _text

    weasyprint_ready()
    full, late = people
    services.year_results_refresh(evaluation_year=old_year)
    services.head_propose(result=result_of(late), level=NC, minutes_reference="Bản kiểm điểm 01/12/2025")
    client.force_login(staff_member)
    text = _text(_pdf(client.get(reverse("evaluation:result_pdf", kwargs={"pk": result_of(late).pk})).content))
    assert "☒ Không xếp loại" in text and "Bản kiểm điểm 01/12/2025" in text
