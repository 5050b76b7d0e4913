"""A 360-degree review in a browser: the reviewer finds the task on the home page and answers; once closed, the
head reads the group's averages. The pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import sign_in
from staff.models import OrgUnit, User
from staff.tests.factories import StaffMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_peer_answers_from_the_home_page_and_the_head_reads_only_the_groups_averages(page, demo):
    from evaluation import services
    from evaluation.models import QuestionSet, ReviewInvitation

    department = OrgUnit.objects.get(code="02683-VHXH")
    subject = StaffMemberFactory(full_name="Nguyễn Văn Ánh", org_unit=department)
    hr = User.objects.get(username="tochuc")
    services.question_set_defaults_ensure(agency=department.parent)  # the demo's year may have made it already
    question_set = QuestionSet.objects.filter(agency=department.parent, is_active=True).order_by("id").first()
    request = services.review_request_create(subject=subject, question_set=question_set, user=hr,
                                             deadline=timezone.localdate() + timedelta(days=7))
    peers = [User.objects.get(username="congchuc"), UserFactory(), UserFactory()]
    for peer in peers:
        services.review_invitation_add(review_request=request, reviewer=peer, rater_group="peer")
    services.review_request_send(review_request=request)

    sign_in(page, "congchuc")
    page.get_by_role("link", name="Nguyễn Văn Ánh").click()
    page.wait_for_url("**/danh-gia/360/tra-loi/*/")
    assert axe_violations(page) == []
    for fieldset in page.locator("fieldset").all():
        radios = fieldset.locator("input[type=radio][value='4']")
        if radios.count():
            radios.check()
    page.locator("textarea").first.fill("Tận tình với người dân.")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    assert ReviewInvitation.objects.get(request=request, reviewer=peers[0]).has_answered
    page.context.clear_cookies()

    for peer in peers[1:]:
        invitation = ReviewInvitation.objects.get(request=request, reviewer=peer)
        services.review_answer_submit(invitation=invitation, user=peer, comments={}, scores={
            str(question.pk): 2 for question in question_set.questions.filter(kind="scale")})
    services.review_request_close(review_request=request)

    sign_in(page, "truongphong")
    page.goto(f"/danh-gia/360/{request.pk}/ket-qua/")
    report = page.content()
    assert "2,67" in report  # (4 + 2 + 2) / 3 for every question the peers answered
    assert "Tận tình với người dân." in report
    assert peers[0].get_full_name() not in report
    assert axe_violations(page) == []
    page.goto(f"/danh-gia/360/{request.pk}/")
    assert axe_violations(page) == []
