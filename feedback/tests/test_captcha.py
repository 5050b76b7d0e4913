"""The captcha of the public forms: a bigger picture, another one on request, and its sound when flite is installed."""

import io
import json
import os
import re
import shutil

import pytest
from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from feedback.forms.public import FeedbackSendForm, InfoForm, RateForm
from feedback.forms.ratings import PublicRatingForm
from feedback.forms.surveys import PublicAnswerForm
from feedback.services import ratings as rating_services
from staff.tests.factories import StaffMemberFactory

REFRESH = reverse("captcha-refresh")
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _captcha_html(form) -> str:
    return str(form["captcha"])


def _public_forms():
    return [FeedbackSendForm(), RateForm(), InfoForm(), PublicRatingForm(), PublicAnswerForm(questions=[])]


def test_every_public_form_offers_another_picture_a_sharper_one_and_no_inline_script(db):
    for form in _public_forms():
        html = _captcha_html(form)
        key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
        assert f'src="{reverse("captcha-image", kwargs={"key": key})}"' in html, type(form)
        assert f'srcset="{reverse("captcha-image-2x", kwargs={"key": key})} 2x"' in html
        assert f'data-refresh-url="{REFRESH}"' in html and "data-captcha-refresh" in html
        assert re.search(r'<script src="[^"]*js/captcha\.js" defer></script>', html)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html
        assert 'for="id_captcha_1"' not in html  # the page's label, not the widget's, names the text box
        assert re.search(r'<input type="text" name="captcha_1" class="form-control[^"]*"[^>]*id="id_captcha_1"', html)
        assert 'alt="Ảnh các ký tự cần gõ' in html  # Vietnamese first


def test_the_pages_with_a_captcha_load_the_script(client, tree):
    link = rating_services.ratinglink_activate(staff_member=StaffMemberFactory(org_unit=tree["dept_a"]))
    for url in (reverse("feedback:public_send"), reverse("feedback:rate", kwargs={"code": link.code})):
        page = client.get(url).content.decode()
        assert "js/captcha.js" in page and "data-captcha-refresh" in page and 'for="id_captcha_1"' in page, url


def test_the_audio_link_is_offered_only_when_flite_is_there(db, monkeypatch):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", None)
    assert "data-captcha-audio" not in _captcha_html(RateForm())
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", "/usr/bin/flite")
    html = _captcha_html(RateForm())
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    assert f'href="{reverse("captcha-audio", kwargs={"key": key})}"' in html and "Nghe các ký tự" in html


@pytest.mark.skipif("CAPTCHA_FLITE_PATH" in os.environ, reason="the environment names flite's path itself")
def test_the_setting_finds_flite_on_the_path():
    from django.conf import settings

    assert (shutil.which("flite") or None) == settings.CAPTCHA_FLITE_PATH


@pytest.mark.skipif(not shutil.which("flite"), reason="the flite speech synthesiser is not installed (apt: flite)")
def test_with_flite_the_characters_are_heard(client, db, monkeypatch):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", shutil.which("flite"))
    key = CaptchaStore.generate_key()
    response = client.get(reverse("captcha-audio", kwargs={"key": key}))
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_another_picture_is_a_new_challenge_and_the_old_one_still_expires(client, db):
    first = CaptchaStore.generate_key()
    response = client.get(REFRESH, **XHR)
    data = json.loads(response.content)
    assert response.status_code == 200 and data["key"] != first
    assert data["image_url"] == reverse("captcha-image", kwargs={"key": data["key"]})
    assert CaptchaStore.objects.filter(hashkey=data["key"]).exists()


def test_the_picture_is_big_enough_to_read_on_a_phone(client, db):
    key = CaptchaStore.generate_key()
    picture = Image.open(io.BytesIO(client.get(reverse("captcha-image", kwargs={"key": key})).content))
    sharp = Image.open(io.BytesIO(client.get(reverse("captcha-image-2x", kwargs={"key": key})).content))
    assert picture.height >= 48  # django-simple-captcha's default 22 px characters make a picture 29 to 35 px high
    assert sharp.height >= 1.5 * picture.height  # drawn at twice the size for high-density screens
