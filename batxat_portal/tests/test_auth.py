import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse

PASSWORD = "correct-horse-battery"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_person_signs_in_and_lands_on_their_home_page(client, hr_officer):
    response = _login(client, hr_officer.username, PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert "Cán bộ tổ chức" in page
    assert reverse("staff:orgunit_list") in page


def test_a_wrong_password_gets_a_vietnamese_message(client, hr_officer):
    response = _login(client, hr_officer.username, "sai-mat-khau")
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_signing_out_needs_a_post_and_ends_the_session(client, hr_officer):
    client.force_login(hr_officer)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("staff:account")).status_code == 302


def test_repeated_wrong_passwords_lock_the_account(client, hr_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, hr_officer.username, "sai-mat-khau").status_code == 200
    response = _login(client, hr_officer.username, "sai-mat-khau")
    assert response.status_code == 429
    assert "Tài khoản bị khóa tạm thời" in response.content.decode()
    # Even the right password is refused while the lock lasts, from another browser too.
    other = client.__class__()
    assert _login(other, hr_officer.username, PASSWORD).status_code == 429


def test_the_lock_is_lifted_by_the_account_admin(client, hr_officer, system_admin):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, hr_officer.username, "sai-mat-khau")
    assert AccessAttempt.objects.filter(username=hr_officer.username).exists()
    admin_client = client.__class__()
    admin_client.force_login(system_admin)
    admin_client.post(reverse("staff:user_unlock", kwargs={"pk": hr_officer.pk}))
    assert _login(client.__class__(), hr_officer.username, PASSWORD).status_code == 302


def test_changing_the_password_checks_the_old_one(client, staff_member):
    client.force_login(staff_member)
    response = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": "mot-mat-khau-moi-dai", "new_password2": "mot-mat-khau-moi-dai"})
    assert "old_password" in response.context["form"].errors
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "mot-mat-khau-moi-dai", "new_password2": "mot-mat-khau-moi-dai"})
    assert response.status_code == 302
    staff_member.refresh_from_db()
    assert staff_member.check_password("mot-mat-khau-moi-dai")


def test_a_forgotten_password_is_reset_through_a_mailed_link(client, staff_member):
    response = client.post(reverse("password_reset"), {"email": staff_member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "mật khẩu" in message.subject
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "mat-khau-vua-dat-lai", "new_password2": "mat-khau-vua-dat-lai"})
    assert response.status_code == 302
    staff_member.refresh_from_db()
    assert staff_member.check_password("mat-khau-vua-dat-lai")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("password_reset"), {"email": "khongai@example.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_public_home_page_speaks_the_chosen_language(client, db, language):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"}, follow=True)
    page = response.content.decode()
    expected = "Dịch vụ cho người dân" if language == "vi" else "Services for citizens"
    assert expected in page
    assert f'<html lang="{language}">' in page


def test_the_home_page_costs_the_same_whatever_the_role(client, users_by_role, django_assert_max_num_queries):
    for user in users_by_role.values():
        client.force_login(user)
        # Session, user, permissions, units, roles, plus one query per app that lists to-dos (360 reviews, cases).
        with django_assert_max_num_queries(9):
            assert client.get(reverse("home")).status_code == 200


def test_the_public_home_page_lists_each_registered_public_service(client, db, monkeypatch):
    from batxat_portal import views
    from batxat_portal.navigation import PublicEntry

    monkeypatch.setattr(views, "public_entries", lambda: [])
    page = client.get(reverse("home")).content.decode()
    assert "sẽ được liệt kê tại đây" in page  # the empty state, when no app offers a public service
    entry = PublicEntry(label="Gửi phản ánh", url_name="login", description="Gửi phản ánh, kiến nghị", icon="chat")
    monkeypatch.setattr(views, "public_entries", lambda: [entry])
    page = client.get(reverse("home")).content.decode()
    assert "Gửi phản ánh, kiến nghị" in page and f'href="{reverse("login")}"' in page
    assert "sẽ được liệt kê tại đây" not in page


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client, db):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_password_reset_requests_are_limited_per_address(client, staff_member, settings):
    settings.PASSWORD_RESET_RATE = "2/h"
    from django.core.cache import cache

    cache.clear()
    for _ in range(2):
        assert client.post(reverse("password_reset"), {"email": staff_member.email}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": staff_member.email})
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_client_address_ignores_forwarded_headers_unless_a_proxy_is_trusted(rf, settings):
    from batxat_portal.clientip import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.5", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.5"
