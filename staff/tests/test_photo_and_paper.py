"""A file's photo (checked, re-encoded, served through a permission check) and its printable personal record."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from staff import roles, services
from staff.models import Reward
from staff.tests.factories import StaffMemberFactory, rank


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def picture(kind="PNG", size=(1200, 1600), exif=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (30, 90, 160))
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Máy ảnh bí mật"  # Make
        extra["exif"] = data.tobytes()
    image.save(buffer, format=kind, **extra)
    return SimpleUploadedFile("anh.png", buffer.getvalue())


@pytest.fixture
def an(tree, staff_member):
    member = StaffMemberFactory(full_name="Nguyễn Văn An", org_unit=tree["dept_a"], user=staff_member, rank=rank(),
                                salary_step=2, step_since=date(2024, 3, 1))
    services.record_save(record=Reward(staff_member=member), title="Giấy khen", level="district",
                         decided_on=date(2024, 12, 20))
    return member


def test_hr_adds_a_photo_which_is_re_encoded_small_and_without_metadata(client, hr_officer, an):
    client.force_login(hr_officer)
    url = reverse("staff:staff_photo_edit", kwargs={"pk": an.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"photo": picture("JPEG", exif=True)}).status_code == 302
    an.refresh_from_db()
    assert an.photo.name.startswith("staff/photos/") and an.photo.name.endswith(".jpg")
    with Image.open(an.photo.open("rb")) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 600
        assert not stored.getexif()
    response = client.get(reverse("staff:staff_photo", kwargs={"pk": an.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    detail = client.get(reverse("staff:staff_detail", kwargs={"pk": an.pk})).content.decode()
    assert reverse("staff:staff_photo", kwargs={"pk": an.pk}) in detail


def test_a_file_that_is_not_a_picture_or_too_large_is_refused(client, hr_officer, an, settings):
    client.force_login(hr_officer)
    url = reverse("staff:staff_photo_edit", kwargs={"pk": an.pk})
    response = client.post(url, {"photo": SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>")})
    assert "photo" in response.context["form"].errors
    settings.STAFF_PHOTO_MAX_BYTES = 1000
    response = client.post(url, {"photo": picture()})
    assert "photo" in response.context["form"].errors
    an.refresh_from_db()
    assert not an.photo


def test_a_new_photo_replaces_the_old_file(client, hr_officer, an):
    client.force_login(hr_officer)
    url = reverse("staff:staff_photo_edit", kwargs={"pk": an.pk})
    client.post(url, {"photo": picture()})
    an.refresh_from_db()
    old, storage = an.photo.name, an.photo.storage
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, {"photo": picture("WEBP")})
    an.refresh_from_db()
    assert an.photo.name != old and not storage.exists(old)


def test_the_photo_is_seen_by_hr_of_the_unit_and_the_person_only(client, make_user, tree, an, department_head,
                                                                  feedback_handler, staff_member):
    services.staffmember_photo_set(member=an, upload=picture())
    url = reverse("staff:staff_photo", kwargs={"pk": an.pk})
    client.force_login(staff_member)
    assert client.get(url).status_code == 200
    client.force_login(department_head)  # reads the files of their department
    assert client.get(url).status_code == 200
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
    client.force_login(feedback_handler)
    assert client.get(url).status_code == 403
    other = make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="member_2")
    client.force_login(other)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code in (302, 403)
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b2"))
    assert client.post(reverse("staff:staff_photo_edit", kwargs={"pk": an.pk}),
                       {"photo": picture()}).status_code == 404
    client.force_login(staff_member)
    assert client.post(reverse("staff:staff_photo_edit", kwargs={"pk": an.pk}),
                       {"photo": picture()}).status_code == 403


def test_the_photo_address_of_a_file_without_photo_shows_the_placeholder(client, hr_officer, an):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:staff_photo", kwargs={"pk": an.pk}))
    assert response.status_code == 302 and response.url.endswith("no-photo.svg")


def test_the_personal_record_is_an_a4_pdf_with_the_file_and_the_photo(client, hr_officer, an):
    services.staffmember_photo_set(member=an, upload=picture())
    client.force_login(hr_officer)
    response = client.get(reverse("staff:staff_paper", kwargs={"pk": an.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-") and b"/Image" in content
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    text = page.extract_text()
    assert "NGUYỄN VĂN AN" in text and "SƠ YẾU LÝ LỊCH" in text and "Mẫu 2C-BNV/2008" in text


def test_without_weasyprint_hr_gets_a_message_and_the_way_back_not_an_error(client, hr_officer, an, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # importing it now fails, as without pango
    client.force_login(hr_officer)
    response = client.get(reverse("staff:staff_paper", kwargs={"pk": an.pk}))
    page = response.content.decode()
    assert response.status_code == 503 and "WeasyPrint" in page
    assert reverse("staff:staff_detail", kwargs={"pk": an.pk}) in page


def test_the_personal_record_is_printed_by_hr_of_the_unit_and_the_person_only(client, make_user, tree, an,
                                                                               staff_member, feedback_handler,
                                                                               cheap_staff_pdf):
    url = reverse("staff:staff_paper", kwargs={"pk": an.pk})
    client.force_login(staff_member)
    assert client.get(url).status_code == 200
    my_file = client.get(reverse("staff:my_file")).content.decode()
    assert f'href="{url}"' in my_file
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
    client.force_login(feedback_handler)
    assert client.get(url).status_code == 403
    client.force_login(make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="member_2"))
    assert client.get(url).status_code == 403


@pytest.fixture
def cheap_staff_pdf(monkeypatch):
    from staff import paper

    monkeypatch.setattr(paper, "personal_record_pdf", lambda *, member: b"%PDF-1.7 stand-in")


def test_the_file_pages_cost_the_same_queries_with_a_photo(client, hr_officer, staff_member, an):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from staff.tests.test_file_page import FILE_QUERIES

    pages = [(hr_officer, reverse("staff:staff_detail", kwargs={"pk": an.pk})),
             (staff_member, reverse("staff:my_file"))]
    counts = []
    for with_photo in (False, True):
        if with_photo:
            services.staffmember_photo_set(member=an, upload=picture())
        for user, url in pages:
            client.force_login(user)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2] == FILE_QUERIES and counts[1] == counts[3]
