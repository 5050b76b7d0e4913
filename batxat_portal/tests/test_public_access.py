"""Anonymous visitors reach only the public pages; every other page sends them to sign in."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages a citizen may open without an account. A new public page must be added here on purpose.
PUBLIC = {
    "home", "healthz", "set_language", "login", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete",
    # The self-hosted captcha's picture, sound and refresh, fetched while a citizen fills a public form.
    "captcha-image", "captcha-image-2x", "captcha-audio", "captcha-refresh",
    # Sending feedback and following it with the tracking code, with the unit and officer searches of the form.
    "feedback:public_send", "feedback:public_sent", "feedback:public_unit_search", "feedback:public_officer_search",
    "feedback:public_track", "feedback:public_track_case", "feedback:public_rate", "feedback:public_add_info",
    # Rating an officer (short link and QR code) and answering a survey.
    "rating_short", "feedback:rate", "feedback:rate_thanks",
    "feedback:survey_public_list", "feedback:survey_answer", "feedback:survey_thanks",
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the Django admin has its own sign-in page; tested below
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _example_url(name, pattern):
    kwargs = {key: "1" if converter.__class__.__name__ == "IntConverter" else "x"
              for key, converter in pattern.pattern.converters.items()}
    kwargs.update({key: "x" for key in pattern.pattern.regex.groupindex if key not in kwargs})  # re_path
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "pattern"), list(_named_patterns()), ids=lambda v: v if isinstance(v, str) else "")
def test_anonymous_visitors_are_sent_to_sign_in_from_every_non_public_page(client, db, name, pattern):
    url = _example_url(name, pattern)
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code != 302 or not response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next=")


def test_anonymous_visitors_are_sent_to_sign_in_from_the_django_admin(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url


def test_only_superusers_enter_the_django_admin(client, hr_officer, make_user):
    client.force_login(hr_officer)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(make_user(is_superuser=True, is_staff=True, username="root"))
    assert client.get(reverse("admin:index")).status_code == 200
