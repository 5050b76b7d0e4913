"""Granting or removing a role or a unit scope is recorded with who and when; the system administrator reads it on the
account page, in Vietnamese, with the units' names."""

from django.urls import reverse
from django.utils import timezone

from staff import roles, services
from staff.models import User
from staff.models.org import ACCESS_HISTORY_START
from staff.selectors import accounts


def _edit(client, account, *, roles_=(), units=()):
    response = client.post(reverse("staff:user_edit", kwargs={"pk": account.pk}), {
        "username": account.username, "full_name": account.full_name, "email": account.email, "is_active": "on",
        "roles": list(roles_), "org_units": [unit.pk for unit in units],
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response


def _changes(account):
    return [(change.kind, change.action, change.name, change.by) for change in
            accounts.account_access_history(user=account)]


def test_granting_and_removing_a_role_and_a_unit_is_recorded_with_who_did_it(client, tree, system_admin, make_user):
    system_admin.full_name = "Trần Văn Quân"
    system_admin.save()
    account = make_user(username="moi", email="moi@example.vn")
    client.force_login(system_admin)
    _edit(client, account, roles_=[roles.HR_OFFICER], units=[tree["agency_a"]])
    _edit(client, account, roles_=[roles.AGENCY_LEADER], units=[tree["dept_b"]])
    assert _changes(account) == [  # newest first
        ("unit", "granted", "Phòng Kinh tế (UBND xã Y Tý)", "Trần Văn Quân"),
        ("unit", "removed", "UBND xã Bát Xát (Tỉnh Lào Cai)", "Trần Văn Quân"),
        ("role", "granted", str(roles.ROLES[roles.AGENCY_LEADER].label), "Trần Văn Quân"),
        ("role", "removed", str(roles.ROLES[roles.HR_OFFICER].label), "Trần Văn Quân"),
        ("unit", "granted", "UBND xã Bát Xát (Tỉnh Lào Cai)", "Trần Văn Quân"),
        ("role", "granted", str(roles.ROLES[roles.HR_OFFICER].label), "Trần Văn Quân"),
    ]
    when = accounts.account_access_history(user=account)[0].when
    assert abs((timezone.now() - when).total_seconds()) < 60


def test_saving_an_account_without_changing_its_roles_records_no_change(client, tree, system_admin, make_user):
    account = make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="giu", email="giu@example.vn")
    before = _changes(account)
    client.force_login(system_admin)
    _edit(client, account, roles_=[roles.STAFF_MEMBER], units=[tree["dept_a"]])
    assert _changes(account) == before


def test_a_change_made_by_a_command_says_no_one_was_signed_in(tree, make_user):
    account = make_user(username="lenh")
    services.user_update(user=account, roles=[roles.STAFF_MEMBER], org_units=[tree["dept_a"]])
    assert {(kind, action, by) for kind, action, _name, by in _changes(account)} == {
        ("role", "granted", ""), ("unit", "granted", "")}


def test_roles_held_before_the_record_began_are_shown_as_held_not_granted(tree, make_user):
    """Migration 0010 writes a marker row for every account: earlier rows kept no roles."""
    account = make_user(roles.HR_OFFICER, [tree["agency_a"]], username="cu")
    User.history.model.groups.model.objects.all().delete()  # as before the migration: no role was kept
    account._change_reason = ACCESS_HISTORY_START
    account.save()  # the marker row, with the roles and units as they stand
    services.user_update(user=User.objects.get(pk=account.pk), roles=[])
    assert [(kind, action) for kind, action, _name, _by in _changes(account)] == [
        ("role", "removed"), ("role", "held"), ("unit", "granted")]


def test_the_system_administrator_reads_the_history_on_the_account_page_in_vietnamese(
        client, tree, system_admin, make_user, django_assert_max_num_queries):
    account = make_user(username="xem", email="xem@example.vn")
    client.force_login(system_admin)
    _edit(client, account, roles_=[roles.DEPARTMENT_HEAD], units=[tree["dept_a"]])
    with django_assert_max_num_queries(20) as few:
        response = client.get(reverse("staff:user_edit", kwargs={"pk": account.pk}))
    queries = len(few)  # counted now: the next request clears the log
    for _ in range(5):
        _edit(client, account, roles_=[roles.HR_OFFICER], units=[tree["dept_a2"]])
        _edit(client, account, roles_=[roles.DEPARTMENT_HEAD], units=[tree["dept_a"]])
    with django_assert_max_num_queries(queries):
        response = client.get(reverse("staff:user_edit", kwargs={"pk": account.pk}))
    content = response.content.decode()
    assert "Lịch sử vai trò và phạm vi đơn vị" in content
    assert "Cấp vai trò “Trưởng phòng, ban”" in content
    assert "Thêm đơn vị “Phòng Văn hóa - Xã hội (UBND xã Bát Xát)” vào phạm vi" in content
    assert "Bỏ đơn vị “Phòng Kinh tế (UBND xã Bát Xát)” khỏi phạm vi" in content
    assert timezone.localtime().strftime("%d/%m/%Y") in content


def test_an_account_with_no_change_says_so(client, system_admin, make_user):
    account = make_user(username="trong", email="trong@example.vn")
    client.force_login(system_admin)
    response = client.get(reverse("staff:user_edit", kwargs={"pk": account.pk}))
    assert "Chưa có vai trò hay đơn vị nào được cấp hoặc thu hồi." in response.content.decode()


def test_only_the_account_administrator_reads_the_history(client, tree, users_by_role, make_user):
    account = make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="rieng")
    url = reverse("staff:user_edit", kwargs={"pk": account.pk})
    for role, user in users_by_role.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role == roles.SYSTEM_ADMIN else 403), role
