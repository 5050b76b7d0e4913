"""The feedback pages of officers, HR and citizens pass axe (WCAG 2 A/AA), visited in one browser session each."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in
from staff.models import OrgUnit, User
from staff.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(demo):
    """An officer of the one-stop centre with a rating link and a rating, and a published survey."""
    from feedback.services import ratings, surveys

    centre = OrgUnit.objects.get(code="02683-HCC")
    officer = StaffMemberFactory(full_name="Vàng Thị Sính", org_unit=centre)
    link = ratings.ratinglink_activate(staff_member=officer)
    ratings.rating_submit(staff_member=officer, value=3, comment="Tận tình")
    survey = surveys.survey_create(user=User.objects.get(username="tochuc"), agency=centre.parent,
                                   title="Mức độ hài lòng tại bộ phận một cửa",
                                   closes_on=timezone.localdate() + timedelta(days=30))
    surveys.survey_questions_save(survey=survey, questions=[
        {"text": "Thái độ của cán bộ tiếp nhận", "kind": "satisfaction", "choices": [], "is_required": True,
         "order": 1}])
    surveys.survey_publish(survey=survey)
    return link, survey, centre


@pytest.mark.parametrize(("username", "pages"), [
    ("tochuc", ["feedback:ratinglink_list", "feedback:survey_list", "feedback:survey_create", "feedback:ratios",
                "calendar_list", ("feedback:ratinglink_detail", "officer"), ("feedback:survey_results", "survey")]),
    ("tiepnhan", ["feedback:queue", ("feedback:kiosk", "code"), ("feedback:kiosk_desk", "unit")]),
    (None, [("feedback:rate", "code"), "feedback:survey_public_list", ("feedback:survey_answer", "survey_code"),
            "feedback:public_track"]),
])
def test_the_feedback_pages_pass_axe(page, desk, username, pages):
    link, survey, centre = desk
    args = {"officer": {"pk": link.staff_member_id}, "survey": {"pk": survey.pk}, "code": {"code": link.code},
            "unit": {"unit": centre.pk}, "survey_code": {"code": survey.code}}
    if username:
        sign_in(page, username)
    for entry in pages:
        name, kwargs = (entry[0], args[entry[1]]) if isinstance(entry, tuple) else (entry, {})
        page.goto(reverse(name, kwargs=kwargs))
        assert page.locator("h1").first.is_visible(), name
        assert axe_violations(page) == [], name
