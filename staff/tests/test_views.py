import pytest
from django.urls import reverse

from staff import roles
from staff.models import OrgUnit, User

ALL = set(roles.ROLES)
UNIT_VIEWERS = {roles.SYSTEM_ADMIN, roles.HR_OFFICER, roles.AGENCY_LEADER, roles.DEPARTMENT_HEAD}
UNIT_EDITORS = {roles.SYSTEM_ADMIN, roles.HR_OFFICER}
ACCOUNT_ADMINS = {roles.SYSTEM_ADMIN}

# (url name, kwargs from the tree, roles that may open it): every other role gets 403.
PAGES = [
    ("home", None, ALL),
    ("staff:account", None, ALL),
    ("password_change", None, ALL),
    ("staff:orgunit_list", None, UNIT_VIEWERS),
    ("staff:orgunit_detail", "dept_a", UNIT_VIEWERS),
    ("staff:orgunit_search", None, UNIT_VIEWERS),
    ("staff:orgunit_create", None, UNIT_EDITORS),
    ("staff:orgunit_edit", "dept_a", UNIT_EDITORS),
    ("staff:user_list", None, ACCOUNT_ADMINS),
    ("staff:user_create", None, ACCOUNT_ADMINS),
    ("staff:user_edit", "user", ACCOUNT_ADMINS),
]


def _url(name, target, tree, users):
    if name == "staff:orgunit_search":
        return reverse(name) + "?q=xa&field=parent"
    if target is None:
        return reverse(name)
    pk = users[roles.STAFF_MEMBER].pk if target == "user" else tree[target].pk
    return reverse(name, kwargs={"pk": pk})


@pytest.mark.parametrize(("name", "target", "allowed"), PAGES, ids=[page[0] for page in PAGES])
def test_each_role_reaches_its_pages_and_is_refused_the_others(client, tree, users_by_role, name, target, allowed):
    url = _url(name, target, tree, users_by_role)
    for role, user in users_by_role.items():
        client.force_login(user)
        expected = 200 if role in allowed else 403
        assert client.get(url).status_code == expected, f"{role} on {url}"


@pytest.mark.parametrize("name", ["staff:orgunit_detail", "staff:orgunit_edit"])
def test_a_unit_outside_the_users_scope_is_not_found(client, tree, hr_officer, name):
    client.force_login(hr_officer)
    assert client.get(reverse(name, kwargs={"pk": tree["dept_a"].pk})).status_code == 200
    assert client.get(reverse(name, kwargs={"pk": tree["dept_b"].pk})).status_code == 404
    assert client.get(reverse(name, kwargs={"pk": tree["province"].pk})).status_code == 404


def test_a_department_head_sees_only_their_department(client, tree, department_head):
    client.force_login(department_head)
    response = client.get(reverse("staff:orgunit_list"))
    assert [u.name for u in response.context["object_list"]] == ["Phòng Văn hóa - Xã hội"]
    assert client.get(reverse("staff:orgunit_detail", kwargs={"pk": tree["agency_a"].pk})).status_code == 404


def test_the_unit_list_search_ignores_diacritics(client, tree, system_admin):
    client.force_login(system_admin)
    response = client.get(reverse("staff:orgunit_list"), {"q": "van hoa"})
    assert [u.name for u in response.context["object_list"]] == ["Phòng Văn hóa - Xã hội"]
    response = client.get(reverse("staff:orgunit_list"), {"q": "khong co"})
    assert "Không có đơn vị nào khớp với bộ lọc này." in response.content.decode()


def test_a_user_without_units_sees_the_empty_state(client, make_user):
    client.force_login(make_user(roles.AGENCY_LEADER, []))
    response = client.get(reverse("staff:orgunit_list"))
    assert "Chưa có đơn vị nào trong phạm vi của bạn." in response.content.decode()


def test_the_unit_list_runs_a_fixed_number_of_queries(client, tree, hr_officer, django_assert_max_num_queries):
    from staff.tests.factories import OrgUnitFactory

    client.force_login(hr_officer)
    for index in range(30):
        OrgUnitFactory(name=f"Phòng {index}", kind="department", parent=tree["agency_a"])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("staff:orgunit_list")).status_code == 200


def test_the_unit_search_returns_matching_units_in_scope_only(client, tree, hr_officer):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:orgunit_search"), {"q": "phong kinh te", "field": "parent"})
    assert [u.pk for u in response.context["results"]] == [tree["dept_a2"].pk]
    assert 'name="parent"' in response.content.decode()


def test_an_hr_officer_adds_a_department_under_their_agency(client, tree, hr_officer):
    client.force_login(hr_officer)
    response = client.post(reverse("staff:orgunit_create"), {
        "name": "Phòng Nội vụ", "kind": "department", "level": "commune", "code": "A-NV",
        "parent": tree["agency_a"].pk, "valid_from": "01/07/2025",
    })
    unit = OrgUnit.objects.get(code="A-NV")
    assert response.status_code == 302
    assert unit.parent == tree["agency_a"] and str(unit.valid_from) == "2025-07-01"


def test_an_hr_officer_cannot_hang_a_unit_under_another_agency(client, tree, hr_officer):
    client.force_login(hr_officer)
    response = client.post(reverse("staff:orgunit_create"), {
        "name": "Phòng lạ", "kind": "department", "level": "commune", "parent": tree["agency_b"].pk,
    })
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not OrgUnit.objects.filter(name="Phòng lạ").exists()


def test_an_hr_officer_must_choose_a_parent(client, tree, hr_officer):
    client.force_login(hr_officer)
    response = client.post(reverse("staff:orgunit_create"), {"name": "UBND mới", "kind": "agency", "level": "commune"})
    assert response.context["form"].errors["parent"] == ["Hãy chọn đơn vị cấp trên của đơn vị này."]


def test_wrong_dates_get_a_vietnamese_message_on_the_field(client, tree, hr_officer):
    client.force_login(hr_officer)
    response = client.post(reverse("staff:orgunit_edit", kwargs={"pk": tree["dept_a"].pk}), {
        "name": "Phòng Văn hóa - Xã hội", "kind": "department", "level": "commune", "parent": tree["agency_a"].pk,
        "valid_from": "01/07/2025", "valid_to": "30/06/2025",
    })
    assert response.context["form"].errors["valid_to"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    response = client.post(reverse("staff:orgunit_edit", kwargs={"pk": tree["dept_a"].pk}), {
        "name": "Phòng Văn hóa - Xã hội", "kind": "department", "level": "commune", "parent": tree["agency_a"].pk,
        "valid_from": "31/02/2025",
    })
    assert response.context["form"].errors["valid_from"] == ["Nhập một ngày hợp lệ."]


def test_editing_a_unit_records_who_changed_it(client, tree, hr_officer):
    client.force_login(hr_officer)
    client.post(reverse("staff:orgunit_edit", kwargs={"pk": tree["dept_a"].pk}), {
        "name": "Phòng Văn hóa và Xã hội", "kind": "department", "level": "commune", "parent": tree["agency_a"].pk,
    })
    latest = OrgUnit.objects.get(pk=tree["dept_a"].pk).history.first()
    assert latest.name == "Phòng Văn hóa và Xã hội"
    assert latest.history_user == hr_officer


def test_the_system_admin_creates_an_account_with_a_role_and_a_unit(client, tree, system_admin):
    client.force_login(system_admin)
    response = client.post(reverse("staff:user_create"), {
        "username": "tochuc2", "full_name": "Sùng Thị Mỷ", "email": "my@example.vn", "is_active": "on",
        "password": "mot-mat-khau-rat-dai", "roles": [roles.HR_OFFICER], "org_units": [tree["agency_b"].pk],
    })
    assert response.status_code == 302
    user = User.objects.get(username="tochuc2")
    assert user.groups.get().name == roles.HR_OFFICER
    assert list(user.org_units.all()) == [tree["agency_b"]]


def test_a_weak_initial_password_is_refused_in_vietnamese(client, tree, system_admin):
    client.force_login(system_admin)
    response = client.post(reverse("staff:user_create"), {
        "username": "yeu", "email": "yeu@example.vn", "password": "12345", "roles": [roles.STAFF_MEMBER],
    })
    assert not User.objects.filter(username="yeu").exists()
    errors = response.context["form"].errors["password"]
    assert any("quá ngắn" in message for message in errors), errors


def test_the_account_list_runs_a_fixed_number_of_queries(client, tree, users_by_role, django_assert_max_num_queries):
    client.force_login(users_by_role[roles.SYSTEM_ADMIN])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:user_list"), {"q": "nguyen"})
    assert response.status_code == 200


def test_only_the_account_admin_lifts_a_lockout(client, tree, users_by_role):
    member = users_by_role[roles.STAFF_MEMBER]
    url = reverse("staff:user_unlock", kwargs={"pk": member.pk})
    client.force_login(users_by_role[roles.HR_OFFICER])
    assert client.post(url).status_code == 403
    client.force_login(users_by_role[roles.SYSTEM_ADMIN])
    assert client.post(url).status_code == 302


WRITES = [
    ("staff:orgunit_create", None, UNIT_EDITORS),
    ("staff:orgunit_edit", "dept_a", UNIT_EDITORS),
    ("staff:user_create", None, ACCOUNT_ADMINS),
    ("staff:user_edit", "user", ACCOUNT_ADMINS),
]


@pytest.mark.parametrize(("name", "target", "allowed"), WRITES, ids=[write[0] for write in WRITES])
def test_a_role_without_the_permission_cannot_write_and_nothing_changes(
        client, tree, users_by_role, name, target, allowed):
    url = _url(name, target, tree, users_by_role)
    data = {"name": "Đổi tên", "kind": "department", "level": "commune", "parent": tree["agency_a"].pk,
            "username": "doiten", "email": "x@example.vn", "roles": [roles.SYSTEM_ADMIN]}
    before = (list(OrgUnit.objects.values_list("name", flat=True)), User.objects.count())
    for role, user in users_by_role.items():
        if role in allowed:
            continue
        client.force_login(user)
        assert client.post(url, data).status_code == 403, role
    assert (list(OrgUnit.objects.values_list("name", flat=True)), User.objects.count()) == before
    assert not users_by_role[roles.STAFF_MEMBER].groups.filter(name=roles.SYSTEM_ADMIN).exists()


def test_an_hr_officer_cannot_edit_another_agencys_unit_by_posting(client, tree, hr_officer):
    client.force_login(hr_officer)
    response = client.post(reverse("staff:orgunit_edit", kwargs={"pk": tree["dept_b"].pk}), {
        "name": "Chiếm", "kind": "department", "level": "commune", "parent": tree["agency_a"].pk})
    assert response.status_code == 404
    assert OrgUnit.objects.get(pk=tree["dept_b"].pk).name == "Phòng Kinh tế"


def test_the_account_search_ignores_diacritics(client, tree, users_by_role):
    client.force_login(users_by_role[roles.SYSTEM_ADMIN])
    User.objects.filter(pk=users_by_role[roles.STAFF_MEMBER].pk).update(full_name="Lý Thị Mẩy")
    users_by_role[roles.STAFF_MEMBER].refresh_from_db()
    users_by_role[roles.STAFF_MEMBER].save()
    response = client.get(reverse("staff:user_list"), {"q": "ly thi may"})
    assert [u.username for u in response.context["object_list"]] == ["member_a"]


def test_the_unit_page_runs_a_fixed_number_of_queries(client, tree, hr_officer, django_assert_max_num_queries):
    from staff.tests.factories import OrgUnitFactory

    for index in range(20):
        OrgUnitFactory(name=f"Tổ {index}", kind="department", parent=tree["agency_a"])
    client.force_login(hr_officer)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("staff:orgunit_detail", kwargs={"pk": tree["agency_a"].pk})).status_code == 200


def test_a_superuser_adds_a_unit_in_the_django_admin_and_its_path_is_set(client, tree, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True, username="root"))
    response = client.post(reverse("admin:staff_orgunit_add"), {
        "name": "Phòng Tư pháp", "kind": "department", "level": "commune", "code": "A-TP",
        "parent": tree["agency_a"].pk, "valid_from": "01/07/2025", "valid_to": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    unit = OrgUnit.objects.get(code="A-TP")
    assert unit.path == f"{tree['agency_a'].path}{unit.pk}/"


def test_the_unit_search_refuses_a_strange_field_name(client, tree, hr_officer):
    client.force_login(hr_officer)
    response = client.get(reverse("staff:orgunit_search"), {"q": "xa", "field": '"><script>'})
    assert response.status_code == 400


def test_a_duplicate_code_on_the_same_start_date_is_refused_on_the_form(client, tree, system_admin):
    client.force_login(system_admin)
    response = client.post(reverse("staff:orgunit_create"), {
        "name": "Trùng mã", "kind": "department", "level": "commune", "code": "A-KT", "parent": tree["agency_a"].pk})
    assert response.context["form"].errors["code"] == ["Đã có đơn vị khác dùng mã này từ cùng ngày."]
    assert not OrgUnit.objects.filter(name="Trùng mã").exists()
