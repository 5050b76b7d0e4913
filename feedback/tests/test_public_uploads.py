"""A citizen's PDF with a script, an embedded file or an automatic action is refused by the public form; a clean one
is kept as it came (the check itself: batxat_portal/tests/test_uploads.py)."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from batxat_portal.tests import pdfs
from feedback.models import Attachment, Feedback, Kind
from feedback.tests.helpers import captcha_fields

SEND = reverse("feedback:public_send")


@pytest.fixture(autouse=True)
def _fresh_limits_and_media(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path
    yield
    cache.clear()


def send(client, unit, content, name="don.pdf"):
    fields = {"kind": Kind.REPORT, "text": "Đường vào thôn Trung Trải bị sạt lở.", "unit": unit.pk,
              **captcha_fields(client.get(SEND)),
              "attachments": [SimpleUploadedFile(name, content, content_type="application/pdf")]}
    return client.post(SEND, fields)


@pytest.mark.parametrize("label", sorted(pdfs.HOSTILE))
def test_a_hostile_pdf_is_refused_with_a_clear_message_and_nothing_is_saved(client, tree, label):
    response = send(client, tree["dept_a"], pdfs.HOSTILE[label](), name="don-khieu-nai.pdf")
    page = response.content.decode()
    assert response.status_code == 200 and not Feedback.objects.exists() and not Attachment.objects.exists()
    assert 'id="id_attachments_errors"' in page and "“don-khieu-nai.pdf”" in page
    assert "không được chấp nhận" in page
    assert "Đường vào thôn Trung Trải bị sạt lở." in page  # what was typed comes back


def test_a_pdf_that_cannot_be_read_is_refused(client, tree):
    response = send(client, tree["dept_a"], b"%PDF-1.7\nnot really", name="hong.pdf")
    assert response.status_code == 200 and not Feedback.objects.exists()
    assert "“hong.pdf”" in response.content.decode()


def test_a_clean_pdf_is_kept_as_it_came(client, tree):
    clean = pdfs.clean()
    assert send(client, tree["dept_a"], clean).status_code == 302
    assert Attachment.objects.get().file.read() == clean
