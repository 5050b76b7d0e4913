"""A head attaches the scanned minutes of the unit's meeting; the agency's HR and leader read them, nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from batxat_portal.tests import pdfs
from evaluation import services
from evaluation.models import EvaluationYear, MeetingMinutes
from staff import roles

PDF = pdfs.clean()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="quarterly", user=hr_officer)


def attach(client, year, tree, content=PDF, name="bien-ban.pdf"):
    return client.post(reverse("evaluation:head_proposals", kwargs={"pk": year.pk}), {
        "action": "minutes", "org_unit": tree["dept_a"].pk, "reference": "Biên bản số 12 ngày 05/12/2026",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_a_head_attaches_the_minutes_and_the_proposals_cite_them(client, department_head, year, tree,
                                                                  django_assert_max_num_queries):
    client.force_login(department_head)
    assert attach(client, year, tree).status_code == 302
    minutes = MeetingMinutes.objects.get()
    assert (minutes.org_unit, minutes.size) == (tree["dept_a"], len(PDF))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("evaluation:head_proposals", kwargs={"pk": year.pk})).content.decode()
    assert "Biên bản số 12 ngày 05/12/2026" in page
    response = client.get(reverse("evaluation:minutes_file", kwargs={"pk": minutes.pk}))
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content) == PDF


def test_only_a_pdf_within_the_size_limit_is_accepted(client, department_head, year, tree, settings):
    client.force_login(department_head)
    response = attach(client, year, tree, content=b"<html>not a pdf</html>", name="bien-ban.pdf")
    assert response.status_code == 200 and "PDF" in response.content.decode()
    settings.EVALUATION_MINUTES_MAX_BYTES = 10
    assert attach(client, year, tree).status_code == 200
    assert not MeetingMinutes.objects.exists()
    EvaluationYear.objects.filter(pk=year.pk).update(status=EvaluationYear.Status.CLOSED)
    settings.EVALUATION_MINUTES_MAX_BYTES = 10 * 1024 * 1024
    year.refresh_from_db()
    assert attach(client, year, tree).status_code == 200 and not MeetingMinutes.objects.exists()


@pytest.mark.parametrize("label", ["document script", "obfuscated /J#61vaScript", "embedded file", "/Launch"])
def test_minutes_with_a_script_an_embedded_file_or_a_launch_action_are_refused(client, department_head, year, tree,
                                                                                label):
    client.force_login(department_head)
    response = attach(client, year, tree, content=pdfs.HOSTILE[label](), name="bien-ban-12.pdf")
    page = response.content.decode()
    assert response.status_code == 200 and not MeetingMinutes.objects.exists()
    assert "“bien-ban-12.pdf”" in page and "không được chấp nhận" in page
    response = attach(client, year, tree, content=pdfs.clean()[:200], name="hong.pdf")
    assert "“hong.pdf”" in response.content.decode() and not MeetingMinutes.objects.exists()


def test_the_agency_reads_the_minutes_and_no_one_else(client, department_head, hr_officer, agency_leader, year, tree,
                                                      make_user, users_by_role):
    client.force_login(department_head)
    attach(client, year, tree)
    url = reverse("evaluation:minutes_file", kwargs={"pk": MeetingMinutes.objects.get().pk})
    for reader in (hr_officer, agency_leader):
        client.force_login(reader)
        assert client.get(url).status_code == 200
    client.force_login(make_user(roles.DEPARTMENT_HEAD, [tree["dept_a2"]], username="head_a2"))
    assert client.get(url).status_code == 404
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
    client.force_login(users_by_role[roles.STAFF_MEMBER])
    assert client.get(url).status_code == 403
