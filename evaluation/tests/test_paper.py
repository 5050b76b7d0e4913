"""The printed self-assessment and classification form: an A4 PDF in Vietnamese, for its person and their managers.

Each real WeasyPrint render costs time: two tests render; the permission tests use a stand-in renderer.
"""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from batxat_portal.tests.services import weasyprint_ready
from evaluation import paper, services
from evaluation.models import PeriodScore, YearResult
from staff import roles
from staff.tests.factories import StaffMemberFactory, rank

NAME = "Nguyễn Thị Hồng"


@pytest.fixture
def year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="quarterly", user=hr_officer)


@pytest.fixture
def result(year, tree, staff_member):
    """The signed-in staff member's own 2026 result, scored in four quarters, with a self-assessment."""
    person = StaffMemberFactory(full_name=NAME, org_unit=tree["dept_a"], joined_service_on=date(2015, 1, 1),
                                user=staff_member, rank=rank(), salary_step=3)
    for period, total in zip(year.periods.order_by("number"), [95, 93, 91, 95], strict=True):
        PeriodScore.objects.create(period=period, staff_member=person, task_points=Decimal(60),
                                   general_points=Decimal(total - 60), total=Decimal(total))
    services.year_results_refresh(evaluation_year=year)
    return services.self_assess(result=YearResult.objects.get(staff_member=person),
                                text="Hoàn thành tốt nhiệm vụ.\n<script>alert(1)</script>", level="htxsnv")


@pytest.fixture
def renderer():
    weasyprint_ready()


def _pdf(content: bytes):
    from pypdf import PdfReader

    assert content.startswith(b"%PDF")
    return PdfReader(BytesIO(content))


def _embedded_fonts(reader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(font["/BaseFont"]))
    return names


def _text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_owner_prints_an_a4_form_in_vietnamese_whatever_the_ui_language(client, staff_member, result, renderer,
                                                                             django_assert_max_num_queries):
    client.force_login(staff_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_max_num_queries(8):
        response = client.get(reverse("evaluation:result_pdf", kwargs={"pk": result.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="phieu-danh-gia-2026-{result.pk}.pdf"'
    reader = _pdf(response.content)
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1  # A4 in points
    assert any("DejaVu" in name for name in _embedded_fonts(reader))
    text = _text(reader)
    assert NAME in text and "Họ và tên" in text and "Hoàn thành xuất sắc nhiệm vụ" in text  # diacritics kept
    assert "93,50" in text  # the year score, with the Vietnamese decimal comma
    assert "<script>alert(1)</script>" in text  # printed as text: escaped, not run as markup
    assert "None" not in text


def test_an_approved_nd90_year_prints_the_decision_and_its_date(client, hr_officer, agency_leader, tree, result,
                                                                renderer, django_assert_max_num_queries):
    earlier = services.evaluation_year_open(agency=tree["agency_a"], year=2025, period_kind="quarterly",
                                            user=hr_officer)
    approved = YearResult.objects.create(
        evaluation_year=earlier, staff_member=result.staff_member, head_level="httnv", minutes_reference="BB 12/2025",
        approved_level="httnv", status="approved", approved_by=agency_leader,
        approved_at=timezone.make_aware(datetime(2025, 12, 10, 9, 0)))
    client.force_login(hr_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("evaluation:result_pdf", kwargs={"pk": approved.pk}))
    text = _text(_pdf(response.content))
    assert "10/12/2025" in text and "BB 12/2025" in text and "Bát Xát" in text
    assert agency_leader.get_full_name() in text
    assert "None" not in text


@pytest.fixture
def stand_in(monkeypatch):
    """A cheap renderer for the tests about who may print."""
    monkeypatch.setattr(paper, "self_assessment_pdf", lambda *, result: b"%PDF-1.7 stand-in")


def test_who_may_print_a_form(client, users_by_role, make_user, tree, result, stand_in):
    url = reverse("evaluation:result_pdf", kwargs={"pk": result.pk})
    expected = {roles.STAFF_MEMBER: 200, roles.HR_OFFICER: 200, roles.AGENCY_LEADER: 200,
                roles.DEPARTMENT_HEAD: 200,  # the head of the person's own department signs the form
                roles.FEEDBACK_HANDLER: 403,  # no permission and no file of their own
                roles.SYSTEM_ADMIN: 403}
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == expected[role], role
    outsiders = [make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"),
                 make_user(roles.DEPARTMENT_HEAD, [tree["dept_a2"]], username="head_a2")]
    colleague = make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="colleague")
    StaffMemberFactory(org_unit=tree["dept_a"], user=colleague)
    for user in [*outsiders, colleague]:
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username


def test_the_pages_link_to_the_form(client, staff_member, result, stand_in):
    client.force_login(staff_member)
    page = client.get(reverse("evaluation:self_assessment", kwargs={"pk": result.pk})).content.decode()
    assert reverse("evaluation:result_pdf", kwargs={"pk": result.pk}) in page


def test_without_weasyprint_the_person_gets_a_message_not_an_error(client, staff_member, result, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # importing it now fails, as without pango
    with pytest.raises(paper.PaperUnavailable):
        paper.self_assessment_pdf(result=result)
    client.force_login(staff_member)
    response = client.get(reverse("evaluation:result_pdf", kwargs={"pk": result.pk}))
    assert response.status_code == 503
    assert "WeasyPrint" in response.content.decode()


def test_the_place_before_the_date_comes_from_the_agency_name():
    assert paper.place_of("UBND xã Bát Xát") == "Bát Xát"
    assert paper.place_of("Ủy ban nhân dân huyện Bát Xát") == "Bát Xát"
    assert paper.place_of("Sở Nội vụ") == ""
