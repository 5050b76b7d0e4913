from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from feedback.models import RatingLink, ServiceRating
from feedback.models import ratings as rating_labels
from feedback.rules import satisfaction
from feedback.selectors import ratings as selectors
from feedback.services import ratings as services
from feedback.tests.helpers import captcha_fields
from staff import roles
from staff.tests.factories import StaffMemberFactory

XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def officer(tree):
    return StaffMemberFactory(full_name="Phàn Thị Dung", org_unit=tree["dept_a"])


@pytest.fixture
def link(officer):
    return services.ratinglink_activate(staff_member=officer)


def rate(link, value=3, **fields):
    return services.rating_submit(staff_member=link.staff_member, value=value, **fields)


# --------------------------------------------------------------------------- rules


def test_the_top_two_levels_are_satisfied_on_either_scale():
    assert [satisfaction.is_satisfied(value, 3) for value in (1, 2, 3)] == [False, True, True]
    assert [satisfaction.is_satisfied(value, 5) for value in (1, 2, 3, 4, 5)] == [False, False, False, True, True]
    with pytest.raises(ValueError):
        satisfaction.is_satisfied(4, 3)
    with pytest.raises(ValueError):
        satisfaction.is_satisfied(1, 4)


def test_each_scale_has_a_label_for_every_level_best_first():
    with translation.override("en"):
        assert [(value, str(label)) for value, label in rating_labels.level_choices(3)] == [
            (3, "Very satisfied"), (2, "Satisfied"), (1, "Not satisfied")]
        assert [value for value, _label in rating_labels.level_choices(5)] == [5, 4, 3, 2, 1]
        assert len({str(label) for _value, label in rating_labels.level_choices(5)}) == 5
    assert [key for key, _label in rating_labels.criteria_choices(["guidance", "attitude"])] == ["guidance", "attitude"]
    with pytest.raises(ValueError):
        rating_labels.criteria_choices(["attitude", "speed"])


@given(scale=st.sampled_from([3, 5]), data=st.data())
def test_the_share_satisfied_counts_the_top_two_levels(scale, data):
    counts = data.draw(st.dictionaries(st.integers(1, scale), st.integers(0, 10_000)))
    share = satisfaction.share_satisfied(counts, scale)
    total = sum(counts.values())
    if total == 0:
        assert share is None
        return
    top = counts.get(scale, 0) + counts.get(scale - 1, 0)
    assert 0 <= share <= 100
    assert abs(float(share) - top * 100 / total) <= 0.05
    assert (share == 100) == (top == total) or total > 1000  # rounding may reach 100.0 only with many ratings
    more = {**counts, scale: counts.get(scale, 0) + 1}
    assert satisfaction.share_satisfied(more, scale) >= share  # one more "very satisfied" never lowers it


@given(part=st.integers(0, 10**6), extra=st.integers(0, 10**6))
def test_a_percent_stays_between_0_and_100(part, extra):
    value = satisfaction.percent(part, part + extra)
    assert value is None if part + extra == 0 else 0 <= value <= 100


# --------------------------------------------------------------------------- what a rating keeps


def test_a_rating_row_holds_nothing_about_who_gave_it(db):
    names = {field.name for field in ServiceRating._meta.get_fields()}
    assert names == {"id", "staff_member", "org_unit", "scale", "value", "is_satisfied", "criteria", "comment",
                     "dossier_code", "channel", "created_at"}
    related = {field.related_model.__name__ for field in ServiceRating._meta.get_fields() if field.is_relation}
    assert related == {"StaffMember", "OrgUnit"}
    assert not any(isinstance(field, models.GenericIPAddressField) for field in ServiceRating._meta.get_fields())
    assert not hasattr(ServiceRating, "history")


@pytest.mark.parametrize(("scale", "value", "satisfied"), [(3, 3, True), (3, 2, True), (3, 1, False),
                                                           (5, 4, True), (5, 3, False), (5, 1, False)])
def test_a_rating_keeps_the_scale_and_the_officers_current_unit(link, settings, tree, scale, value, satisfied):
    settings.FEEDBACK_RATING_SCALE = scale
    rating = rate(link, value=value, criteria={"attitude": scale}, comment="  Nhanh  ", dossier_code="H34-0001")
    assert (rating.scale, rating.value, rating.is_satisfied) == (scale, value, satisfied)
    assert rating.org_unit == tree["dept_a"] and rating.comment == "Nhanh" and rating.criteria == {"attitude": scale}


def test_a_rating_off_the_scale_or_too_long_is_refused(link, settings):
    from django.core.exceptions import ValidationError

    settings.FEEDBACK_RATING_SCALE = 3
    for fields in ({"value": 4}, {"value": 2, "criteria": {"attitude": 5}}, {"value": 2, "criteria": {"x": 1}},
                   {"value": 2, "comment": "a" * 2001}):
        with pytest.raises(ValidationError):
            rate(link, **fields)
    assert not ServiceRating.objects.exists()


# --------------------------------------------------------------------------- the citizen's page


def test_a_citizen_rates_an_officer_through_the_short_link_with_a_captcha(client, link, tree,
                                                                          django_assert_max_num_queries):
    assert client.get(f"/dg/{link.code.lower()}/").url == reverse("feedback:rate", kwargs={"code": link.code})
    url = reverse("feedback:rate", kwargs={"code": link.code})
    with django_assert_max_num_queries(3):  # the link with its officer and unit, the captcha
        page = client.get(url)
    content = page.content.decode()
    assert "Phàn Thị Dung" in content and tree["dept_a"].name in content
    for value in (1, 2, 3):  # words, not only faces or colours
        assert str(rating_labels.level_label(value, 3)) in content
    response = client.post(url, {"value": "2", "criterion_attitude": "3", "comment": "Hướng dẫn tận tình",
                                 "dossier_code": "000.00.16.H34-250101-0001", **captcha_fields(page)})
    assert response.status_code == 302 and response.url == reverse("feedback:rate_thanks", kwargs={"code": link.code})
    rating = ServiceRating.objects.get()
    assert (rating.value, rating.scale, rating.is_satisfied, rating.channel) == (2, 3, True, "link")
    assert rating.criteria == {"attitude": 3} and rating.dossier_code == "000.00.16.H34-250101-0001"
    assert client.get(response.url).status_code == 200

    # The same browser at once again: told it is counted, nothing saved twice.
    again = client.post(url, {"value": "1", **captcha_fields(client.get(url))})
    assert again.status_code == 200 and ServiceRating.objects.count() == 1


def test_a_wrong_captcha_saves_nothing_and_keeps_what_was_typed(client, link):
    url = reverse("feedback:rate", kwargs={"code": link.code})
    fields = captcha_fields(client.get(url))
    response = client.post(url, {"value": "3", "comment": "Rất nhanh chóng", **fields, "captcha_1": "sai"})
    assert response.status_code == 200 and not ServiceRating.objects.exists()
    assert "Rất nhanh chóng" in response.content.decode()
    assert 'value="3" autocomplete="off" checked' in response.content.decode()


def test_posts_over_the_limit_per_address_are_refused(client, link, settings):
    settings.PUBLIC_FORM_RATE = "2/m"
    url = reverse("feedback:rate", kwargs={"code": link.code})
    for _ in range(2):
        client.post(url, {"value": "3"})  # no captcha: refused, but counted
    response = client.post(url, {"value": "3", "comment": "Giữ lại", **captcha_fields(client.get(url))})
    assert response.status_code == 429 and not ServiceRating.objects.exists()
    assert "Giữ lại" in response.content.decode()


def test_the_five_level_scale_shows_five_worded_choices(client, link, settings):
    settings.FEEDBACK_RATING_SCALE = 5
    page = client.get(reverse("feedback:rate", kwargs={"code": link.code}))
    assert page.content.decode().count('name="value"') == 5
    client.post(page.wsgi_request.path, {"value": "4", **captcha_fields(page)})
    assert ServiceRating.objects.get().is_satisfied


def test_an_unknown_or_switched_off_code_is_a_404_in_vietnamese(client, link):
    assert client.get(reverse("feedback:rate", kwargs={"code": "KHONGCO2"})).status_code == 404
    services.ratinglink_deactivate(link=link)
    response = client.get(reverse("feedback:rate", kwargs={"code": link.code}))
    assert response.status_code == 404 and '<html lang="vi">' in response.content.decode()
    assert client.post(reverse("feedback:rate", kwargs={"code": link.code}), {"value": "3"}).status_code == 404


def test_comments_show_as_text_never_as_markup(client, link, hr_officer, tree, django_assert_max_num_queries):
    for payload in XSS:
        rate(link, value=1, comment=payload)
    client.force_login(hr_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("feedback:ratinglink_detail", kwargs={"pk": link.staff_member_id}))
    content = page.content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x" not in content and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in content


# --------------------------------------------------------------------------- the kiosk


def test_a_kiosk_rates_without_captcha_and_returns_to_the_start(client, link, feedback_handler, tree):
    url = reverse("feedback:kiosk", kwargs={"code": link.code})
    assert client.get(url).status_code == 302  # sign-in first
    client.force_login(feedback_handler)
    page = client.get(url, {"quay": tree["dept_a"].pk})
    assert page.status_code == 200 and 'name="captcha_1"' not in page.content.decode()
    response = client.post(f"{url}?quay={tree['dept_a'].pk}", {"value": "3"})
    assert response.status_code == 302
    thanks = client.get(response.url)
    start = reverse("feedback:kiosk_desk", kwargs={"unit": tree["dept_a"].pk})
    assert f'http-equiv="refresh" content="5;url={start}"' in thanks.content.decode()
    assert ServiceRating.objects.get().channel == ServiceRating.Channel.KIOSK
    desk = client.get(start).content.decode()
    assert f"{url}?quay={tree['dept_a'].pk}" in desk and "Phàn Thị Dung" in desk


def test_a_kiosk_needs_the_permission_and_an_officer_of_ones_units(client, link, staff_member, make_user, tree):
    url = reverse("feedback:kiosk", kwargs={"code": link.code})
    client.force_login(staff_member)
    assert client.get(url).status_code == 403
    client.force_login(make_user(roles.FEEDBACK_HANDLER, [tree["agency_b"]], username="handler_b"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"value": "3"}).status_code == 404
    assert client.get(reverse("feedback:kiosk_desk", kwargs={"unit": tree["dept_a"].pk})).status_code == 404
    assert not ServiceRating.objects.exists()


def test_a_kiosk_session_is_rate_limited(client, link, feedback_handler, settings):
    settings.FEEDBACK_KIOSK_RATE = "2/m"
    client.force_login(feedback_handler)
    url = reverse("feedback:kiosk", kwargs={"code": link.code})
    assert [client.post(url, {"value": "3"}).status_code for _ in range(3)] == [302, 302, 429]
    assert ServiceRating.objects.count() == 2


# --------------------------------------------------------------------------- links and cards


def test_hr_makes_switches_off_and_back_on_an_officers_link(client, officer, hr_officer, settings):
    settings.PORTAL_BASE_URL = "https://canbo.batxat.vn/"
    client.force_login(hr_officer)
    url = reverse("feedback:ratinglink_detail", kwargs={"pk": officer.pk})
    client.post(url, {"action": "activate"})
    link = RatingLink.objects.get(staff_member=officer)
    assert len(link.code) == 8 and set(link.code) <= set(services.CODE_ALPHABET) and link.is_active
    page = client.get(url).content.decode()
    assert f"https://canbo.batxat.vn/dg/{link.code}/" in page and "<svg" in page
    client.post(url, {"action": "deactivate"})
    link.refresh_from_db()
    assert not link.is_active
    client.post(url, {"action": "activate"})
    assert RatingLink.objects.get(staff_member=officer).code == link.code  # the printed card works again


def test_link_pages_refuse_without_the_permission_and_outside_ones_units(client, officer, staff_member,
                                                                         department_head, make_user, tree):
    url = reverse("feedback:ratinglink_detail", kwargs={"pk": officer.pk})
    client.force_login(staff_member)
    assert client.get(url).status_code == 403
    assert client.get(reverse("feedback:ratinglink_list")).status_code == 403
    client.force_login(department_head)  # may look, not change
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "activate"}).status_code == 403
    client.force_login(make_user(roles.HR_OFFICER, [tree["agency_b"]], username="hr_b"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "activate"}).status_code == 404
    assert client.get(reverse("feedback:ratinglink_card", kwargs={"pk": officer.pk})).status_code == 404
    assert client.get(reverse("feedback:ratinglink_cards"), {"unit": tree["dept_a"].pk}).status_code == 404
    assert "Phàn Thị Dung" not in client.get(reverse("feedback:ratinglink_list")).content.decode()
    assert not RatingLink.objects.exists()


def test_the_list_and_the_cards_of_a_unit_take_a_fixed_number_of_queries(client, hr_officer, tree,
                                                                         django_assert_max_num_queries):
    people = [StaffMemberFactory(org_unit=tree["dept_a"]) for _ in range(3)]
    assert services.ratinglinks_create_missing(staff_members=selectors.officers_for(
        user=hr_officer, unit=tree["dept_a"])) == 3
    rate(people[0].rating_link, value=3)
    client.force_login(hr_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("feedback:ratinglink_list"), {"unit": tree["dept_a"].pk})
    assert page.status_code == 200 and page.content.decode().count("badge text-bg-success") == 3
    with django_assert_max_num_queries(10):
        cards = client.get(reverse("feedback:ratinglink_cards"), {"unit": tree["dept_a"].pk, "size": "a5"})
    page = cards.content.decode()
    assert page.count('class="print-card a5"') == 3 and "css/feedback-cards.css" in page


# --------------------------------------------------------------------------- figures


def test_figures_per_officer_and_per_unit_month_come_from_aggregates(link, hr_officer, make_user, tree,
                                                                     django_assert_num_queries):
    other = services.ratinglink_activate(staff_member=StaffMemberFactory(org_unit=tree["dept_b"]))
    for value in (3, 2, 1, 1):
        rate(link, value=value)
    rate(other, value=3)
    today = timezone.localdate()
    selectors.units_for(user=hr_officer).exists()  # the person's permissions and units, read once a request
    with django_assert_num_queries(1):
        rows = list(selectors.ratings_by_officer(user=hr_officer, start=today - timedelta(days=30), end=today))
    assert [(row["staff_member_id"], row["total"], row["satisfied"], row["share"]) for row in rows] == [
        (link.staff_member_id, 4, 2, 50.0)]
    with django_assert_num_queries(1):
        months = list(selectors.ratings_by_unit_month(user=hr_officer, start=today, end=today))
    assert [(row["org_unit_id"], row["total"], row["satisfied"]) for row in months] == [(tree["dept_a"].pk, 4, 2)]
    assert list(selectors.ratings_by_officer(user=hr_officer, start=today + timedelta(days=1),
                                             end=today + timedelta(days=2))) == []


def test_an_officer_sees_their_own_rate_and_comments_by_month_only(client, make_user, tree, settings):
    settings.FEEDBACK_RATING_SCALE = 3
    user = make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="dung")
    person = StaffMemberFactory(org_unit=tree["dept_a"], user=user)
    link = services.ratinglink_activate(staff_member=person)
    rate(link, value=3, comment="Tận tình", dossier_code="H34-999")
    rate(link, value=1)
    client.force_login(user)
    content = client.get(reverse("feedback:rating_mine")).content.decode()
    assert "50,0%" in content or "50.0%" in content
    assert "Tận tình" in content and "H34-999" not in content
    today = timezone.localdate()
    assert today.strftime("%m/%Y") in content and today.strftime("%d/%m/%Y") not in content  # the month, no day
    client.force_login(make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="nofile"))
    assert client.get(reverse("feedback:rating_mine")).status_code == 200
