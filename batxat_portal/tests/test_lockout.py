"""Sign-in lockouts lock only who typed the wrong passwords: the pair (user name, address), or an address that sprays
passwords across many names; the locked person is told until when, and the system administrator sees and lifts locks.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from batxat_portal import lockout

PASSWORD = "correct-horse-battery"
HOME, STRANGER, OFFICE = "10.1.1.1", "203.0.113.9", "10.2.2.2"


def _login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, address, times):
    return [_login(client, username, "sai-mat-khau", address).status_code for _ in range(times)]


# --------------------------------------------------------------------------- who a lock locks


def test_a_strangers_wrong_passwords_from_another_address_do_not_lock_the_real_user_out(client, system_admin):
    statuses = _fail(client, system_admin.username, STRANGER, settings.AXES_FAILURE_LIMIT + 2)
    assert statuses[-1] == 429  # the stranger is locked out of that account, from their address
    response = _login(client.__class__(), system_admin.username, PASSWORD, HOME)
    assert response.status_code == 302 and response.url == reverse("home")


def test_wrong_passwords_from_one_address_lock_that_pair_only(client, hr_officer, staff_member):
    statuses = _fail(client, hr_officer.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1) and statuses[-1] == 429
    # The pair is locked, even with the right password and from another browser at the same address...
    other_browser = client.__class__(HTTP_USER_AGENT="Other browser")
    assert _login(other_browser, hr_officer.username, PASSWORD, OFFICE).status_code == 429
    # ...but another account signs in from the same address, and the same account from another address.
    assert _login(client.__class__(), staff_member.username, PASSWORD, OFFICE).status_code == 302
    assert _login(client.__class__(), hr_officer.username, PASSWORD, HOME).status_code == 302


def test_a_success_clears_the_pairs_failures_but_not_the_addresss(client, hr_officer, staff_member):
    _fail(client, "khongco1", OFFICE, 3)
    _fail(client, staff_member.username, OFFICE, 2)
    assert _login(client.__class__(), staff_member.username, PASSWORD, OFFICE).status_code == 302
    assert not AccessAttempt.objects.filter(username=staff_member.username).exists()
    assert AccessAttempt.objects.get(username="khongco1").failures_since_start == 3


def test_many_wrong_passwords_from_one_address_across_names_lock_the_address(client, hr_officer, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for index in range(8):  # a few names, each below the pair's limit: a password spray
        status = _login(client, f"nguoi{index % 4}", "sai-mat-khau", STRANGER).status_code
    assert status == 429
    response = _login(client.__class__(), hr_officer.username, PASSWORD, STRANGER)
    assert response.status_code == 429
    page = response.content.decode()
    assert "từ địa chỉ của bạn" in page and 'name="password"' not in page
    assert _login(client.__class__(), hr_officer.username, PASSWORD, HOME).status_code == 302


def test_the_locked_sign_in_page_says_when_the_lock_ends(client, hr_officer, settings):
    settings.AXES_COOLOFF_TIME = 0.25  # 15 minutes
    statuses = _fail(client, hr_officer.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    assert statuses[-1] == 429
    last = AccessAttempt.objects.get(username=hr_officer.username).attempt_time
    end = timezone.localtime(last + timedelta(minutes=15), ZoneInfo("Asia/Ho_Chi_Minh"))
    response = _login(client.__class__(), hr_officer.username, PASSWORD, OFFICE)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Tài khoản bị khóa tạm thời" in page
    assert f"đến {end:%H:%M} ngày {end:%d/%m/%Y}" in page, page
    assert 'name="password"' in page  # the form stays, for the other accounts of the office
    # A refused attempt during the lock does not move its end.
    assert AccessAttempt.objects.get(username=hr_officer.username).attempt_time == last


def test_a_lock_ends_by_itself_after_the_cool_off(client, hr_officer):
    _fail(client, hr_officer.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, hr_officer.username, PASSWORD, OFFICE).status_code == 302


# --------------------------------------------------------------------------- when a lock ends (pure)

T0 = datetime(2026, 12, 8, 8, 0, tzinfo=ZoneInfo("UTC"))
COOL_OFF = timedelta(minutes=15)


def test_lock_end_is_set_by_the_record_that_reaches_the_limit():
    records = [(T0, 3), (T0 + timedelta(minutes=5), 1), (T0 + timedelta(minutes=10), 1)]
    assert lockout.lock_end(records, limit=5, cool_off=COOL_OFF) == T0 + COOL_OFF
    assert lockout.lock_end(records, limit=2, cool_off=COOL_OFF) == T0 + timedelta(minutes=5) + COOL_OFF
    assert lockout.lock_end(records, limit=6, cool_off=COOL_OFF) is None


@given(st.lists(st.tuples(st.integers(0, 120), st.integers(1, 6)), max_size=8), st.integers(1, 12),
       st.integers(0, 150))
def test_lock_end_says_exactly_when_the_records_still_counting_reach_the_limit(records, limit, minute):
    records = [(T0 + timedelta(minutes=at), failures) for at, failures in records]
    now = T0 + timedelta(minutes=minute)
    counting = sum(failures for when, failures in records if when >= now - COOL_OFF and when <= now)
    end = lockout.lock_end([r for r in records if r[0] <= now], limit=limit, cool_off=COOL_OFF)
    assert (counting >= limit) == (end is not None and end >= now)


# --------------------------------------------------------------------------- the administrator's page


def test_the_administrator_lists_the_locks_and_lifts_one(client, system_admin, hr_officer, staff_member,
                                                         django_assert_max_num_queries):
    _fail(client, hr_officer.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    _fail(client, staff_member.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    _fail(client, "khongco", STRANGER, 2)  # not locked: not listed
    admin = client.__class__()
    admin.force_login(system_admin)
    with django_assert_max_num_queries(6):  # session, account, permissions; the locks; the accounts they name
        page = admin.get(reverse("staff:sign_in_locks")).content.decode()
    assert page.count('name="ip_address"') == 2 and "khongco" not in page
    assert hr_officer.username in page and staff_member.username in page and OFFICE in page
    response = admin.post(reverse("staff:sign_in_lock_lift"),
                          {"ip_address": OFFICE, "username": hr_officer.username}, follow=True)
    assert "có thể đăng nhập lại" in response.content.decode()
    # Only that pair is lifted: the other lock stays.
    assert _login(client.__class__(), hr_officer.username, PASSWORD, OFFICE).status_code == 302
    assert _login(client.__class__(), staff_member.username, PASSWORD, OFFICE).status_code == 429
    assert AccessAttempt.objects.filter(username="khongco").exists()


def test_the_administrator_lifts_an_address_lock(client, system_admin, hr_officer, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    for index in range(6):
        _login(client, f"nguoi{index}", "sai-mat-khau", STRANGER)
    admin = client.__class__()
    admin.force_login(system_admin)
    page = admin.get(reverse("staff:sign_in_locks")).content.decode()
    assert "Mọi tài khoản" in page and "Mở khóa địa chỉ" in page
    admin.post(reverse("staff:sign_in_lock_lift"), {"ip_address": STRANGER, "username": ""})
    assert not AccessAttempt.objects.filter(ip_address=STRANGER).exists()
    assert _login(client.__class__(), hr_officer.username, PASSWORD, STRANGER).status_code == 302


def test_the_page_says_when_nothing_is_locked(client, system_admin):
    client.force_login(system_admin)
    assert "Không có lần đăng nhập nào đang bị khóa" in client.get(reverse("staff:sign_in_locks")).content.decode()


def test_a_lift_without_an_address_lifts_nothing(client, system_admin, hr_officer):
    _fail(client, hr_officer.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    admin = client.__class__()
    admin.force_login(system_admin)
    response = admin.post(reverse("staff:sign_in_lock_lift"), {"ip_address": "", "username": hr_officer.username})
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username=hr_officer.username).exists()


@pytest.mark.parametrize("role", ["hr_officer", "agency_leader", "department_head", "staff_member",
                                  "feedback_handler"])
def test_nobody_else_sees_or_lifts_the_locks(client, request, role, make_user):
    locked = make_user(username="bi-khoa")
    _fail(client, locked.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("staff:sign_in_locks")).status_code == 403
    response = client.post(reverse("staff:sign_in_lock_lift"), {"ip_address": OFFICE, "username": locked.username})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username=locked.username).exists()


def test_the_locks_page_is_linked_from_the_accounts_page(client, system_admin):
    client.force_login(system_admin)
    assert reverse("staff:sign_in_locks") in client.get(reverse("staff:user_list")).content.decode()


def test_the_account_page_shows_where_the_account_is_locked_from_and_lifts_it_everywhere(client, system_admin,
                                                                                         hr_officer):
    _fail(client, hr_officer.username, OFFICE, settings.AXES_FAILURE_LIMIT)
    _fail(client, hr_officer.username, STRANGER, settings.AXES_FAILURE_LIMIT)
    _fail(client, "khac", OFFICE, settings.AXES_FAILURE_LIMIT)
    admin = client.__class__()
    admin.force_login(system_admin)
    url = reverse("staff:user_edit", kwargs={"pk": hr_officer.pk})
    page = admin.get(url).content.decode()
    assert f"Bị khóa từ địa chỉ {OFFICE} đến" in page and f"Bị khóa từ địa chỉ {STRANGER} đến" in page
    admin.post(reverse("staff:user_unlock", kwargs={"pk": hr_officer.pk}))
    assert "Hiện không bị khóa." in admin.get(url).content.decode()
    assert AccessAttempt.objects.filter(username="khac").exists()  # another account's lock stays
