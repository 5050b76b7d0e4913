"""What keeps the citizens' pages fast under load (`make bench`): the empty public forms are rendered once per process,
language and settings (CachedFieldsMixin in batxat_portal/public_forms.py) and nothing a visitor typed is ever kept;
the rating page reads the officer's name and unit, not their file; a rating and the captcha check cost few queries."""

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from batxat_portal.public_forms import FRAGMENT_CACHE
from feedback.models import Kind
from feedback.services import ratings as rating_services
from feedback.tests.helpers import captcha_fields
from staff.tests.factories import StaffMemberFactory

SEND = reverse("feedback:public_send")


@pytest.fixture(autouse=True)
def _fresh_caches():
    cache.clear()
    caches[FRAGMENT_CACHE].clear()
    yield
    cache.clear()
    caches[FRAGMENT_CACHE].clear()


def send(client, **data):
    fields = {"kind": Kind.REPORT, **captcha_fields(client.get(SEND)), **data}
    return client.post(SEND, fields)


@pytest.fixture
def link(tree):
    return rating_services.ratinglink_activate(
        staff_member=StaffMemberFactory(full_name="Phàn Thị Dung", org_unit=tree["dept_a"], id_number="012345678901"))


def test_a_form_shown_again_with_what_was_typed_is_never_kept_for_the_next_visitor(client, tree, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    assert send(client, unit=tree["dept_a"].pk, text="Một").status_code == 302  # the empty form is kept now
    refused = send(client, unit=tree["dept_a"].pk, text="Chỉ của người gửi này")
    assert refused.status_code == 429 and "Chỉ của người gửi này" in refused.content.decode()
    caches[FRAGMENT_CACHE].clear()
    refused = send(client, unit=tree["dept_a"].pk, text="Lần nữa, chỉ của người này")  # rendered before any empty
    assert refused.status_code == 429 and "Lần nữa, chỉ của người này" in refused.content.decode()
    page = Client().get(SEND).content.decode()
    assert "Chỉ của người gửi này" not in page and "Lần nữa" not in page
    assert 'name="text"' in page and 'name="unit_text"' in page


def test_the_kept_form_follows_the_visitor_s_language_and_the_settings(client, db, settings):
    assert "Nội dung phản ánh, kiến nghị" in client.get(SEND).content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.get(SEND).content.decode()
    assert "Your feedback" in page and "Nội dung phản ánh, kiến nghị" not in page
    settings.FEEDBACK_TEXT_MAX_CHARS = 1234
    assert 'maxlength="1234"' in client.get(SEND).content.decode()


def test_each_page_gets_a_captcha_of_its_own_beside_the_kept_fields(client, db):
    keys = {captcha_fields(Client().get(SEND))["captcha_0"] for _ in range(3)}
    assert len(keys) == 3


def test_the_rating_page_keeps_its_buttons_per_scale(client, link, settings):
    url = reverse("feedback:rate", kwargs={"code": link.code})
    for scale in (3, 5, 3):
        settings.FEEDBACK_RATING_SCALE = scale
        assert client.get(url).content.decode().count('name="value"') == scale


def test_the_rating_page_reads_the_officer_s_name_and_unit_not_their_file(client, link, tree):
    url = reverse("feedback:rate", kwargs={"code": link.code})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "Phàn Thị Dung" in page and tree["dept_a"].name in page
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "id_number" not in sql and "date_of_birth" not in sql and "phone" not in sql
    response = client.post(url, {"value": "3", **captcha_fields(client.get(url))})
    assert response.status_code == 302
    assert link.staff_member.service_ratings.get().org_unit == tree["dept_a"]


def test_a_rating_is_saved_in_a_fixed_number_of_queries(client, link, django_assert_max_num_queries):
    url = reverse("feedback:rate", kwargs={"code": link.code})
    fields = {"value": "2", "criterion_attitude": "3", "comment": "Nhanh", **captcha_fields(client.get(url))}
    # the link, the captcha's expired rows, the captcha read and deleted, the rating (with their BEGIN/COMMIT)
    with django_assert_max_num_queries(9):
        response = client.post(url, fields)
    assert response.status_code == 302
    assert link.staff_member.service_ratings.get().criteria == {"attitude": 3}


def test_expired_captchas_are_found_through_an_index(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "captcha_captchastore")
    assert any(found["columns"] == ["expiration"] and found["index"] for found in constraints.values())
