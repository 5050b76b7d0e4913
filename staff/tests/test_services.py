from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from staff import roles, selectors, services
from staff.models import OrgUnit, User
from staff.tests.factories import OrgUnitFactory, UserFactory


def test_a_new_unit_gets_the_path_of_its_parent(tree):
    assert tree["dept_a"].path == f"{tree['agency_a'].path}{tree['dept_a'].pk}/"
    assert tree["dept_a"].depth == 2
    assert tree["province"].depth == 0


def test_moving_a_unit_moves_its_whole_subtree(tree):
    services.orgunit_update(unit=tree["agency_a"], parent=tree["agency_b"])
    dept = OrgUnit.objects.get(pk=tree["dept_a"].pk)
    assert dept.path.startswith(OrgUnit.objects.get(pk=tree["agency_b"].pk).path)
    assert dept.depth == 3


def test_a_unit_cannot_move_under_its_own_sub_unit(tree):
    with pytest.raises(ValidationError) as error:
        services.orgunit_update(unit=tree["agency_a"], parent=tree["dept_a"])
    assert "parent" in error.value.message_dict


def test_a_unit_cannot_end_before_it_starts(db):
    with pytest.raises(ValidationError) as error:
        services.orgunit_create(name="X", kind="agency", level="commune", valid_from=date(2025, 7, 1),
                                valid_to=date(2025, 6, 30))
    assert "valid_to" in error.value.message_dict


def test_a_department_needs_a_parent(db):
    with pytest.raises(ValidationError) as error:
        services.orgunit_create(name="Phòng X", kind="department", level="commune")
    assert "parent" in error.value.message_dict


def test_a_unit_cannot_start_under_a_parent_that_no_longer_existed(db):
    old = OrgUnitFactory(valid_to=date(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.orgunit_create(name="Mới", kind="department", level="commune", parent=old,
                                valid_from=date(2025, 7, 1))
    assert "parent" in error.value.message_dict


def test_two_units_may_share_a_code_when_they_start_on_different_days(db):
    OrgUnitFactory(code="02683", valid_to=date(2025, 6, 30))
    OrgUnitFactory(code="02683", valid_from=date(2025, 7, 1))
    with pytest.raises(ValidationError):
        OrgUnitFactory(code="02683", valid_from=date(2025, 7, 1))


def test_valid_on_keeps_units_that_existed_that_day(db):
    old = OrgUnitFactory(valid_to=date(2025, 6, 30))
    new = OrgUnitFactory(valid_from=date(2025, 7, 1))
    assert list(OrgUnit.objects.valid_on(date(2025, 6, 30))) == [old]
    assert list(OrgUnit.objects.valid_on(date(2025, 7, 1))) == [new]


def test_syncing_roles_twice_keeps_one_group_per_role_with_its_permissions(db):
    services.roles_sync()
    services.roles_sync()
    assert Group.objects.count() == len(roles.ROLES)
    hr = Group.objects.get(name=roles.HR_OFFICER)
    declared = {dotted.split(".")[1] for dotted in roles.ROLES[roles.HR_OFFICER].permissions}
    assert {p.codename for p in hr.permissions.all()} == declared
    assert {"view_orgunit", "change_staffmember", "change_correctionrequest"} <= declared


def test_syncing_roles_removes_a_permission_no_longer_declared(db):
    services.roles_sync()
    group = Group.objects.get(name=roles.STAFF_MEMBER)
    group.permissions.add(Group.objects.get(name=roles.HR_OFFICER).permissions.first())
    services.roles_sync()
    assert group.permissions.count() == 0


def test_scope_keeps_rows_under_the_users_units_only(tree, make_user):
    user = make_user(roles.HR_OFFICER, [tree["agency_a"]])
    visible = set(selectors.scope_filter(OrgUnit.objects.all(), user=user, unit_field=None))
    assert visible == {tree["agency_a"], tree["dept_a"], tree["dept_a2"]}


def test_scope_of_a_user_without_units_is_empty(tree, make_user):
    user = make_user(roles.HR_OFFICER, [])
    assert not selectors.scope_filter(OrgUnit.objects.all(), user=user, unit_field=None).exists()


def test_system_admins_see_every_unit(tree, system_admin):
    assert selectors.scope_filter(OrgUnit.objects.all(), user=system_admin, unit_field=None).count() == 6


def test_scope_follows_a_foreign_key_to_the_unit(tree, make_user):
    user = make_user(roles.HR_OFFICER, [tree["agency_b"]])
    other = UserFactory(org_units=[tree["dept_b"]])
    UserFactory(org_units=[tree["dept_a"]])
    others = User.objects.exclude(pk=user.pk)
    scoped = selectors.scope_filter(others, user=user, unit_field="org_units")
    assert list(scoped) == [other]


def test_unit_search_ignores_diacritics_and_case(tree, system_admin):
    names = [u.name for u in selectors.orgunit_list_for(user=system_admin, search="BAT XAT")]
    assert names == ["UBND xã Bát Xát"]


def test_creating_an_account_sets_roles_and_scope(tree, role_groups):
    user = services.user_create(username="moi", password="mot-mat-khau-dai", roles=[roles.HR_OFFICER],
                                org_units=[tree["agency_b"]], full_name="Vàng Thị Mai", email="mai@example.vn")
    assert user.check_password("mot-mat-khau-dai")
    assert list(user.groups.values_list("name", flat=True)) == [roles.HR_OFFICER]
    assert list(user.org_units.all()) == [tree["agency_b"]]
    assert user.search_key == "vang thi mai moi mai@example.vn"


def test_scope_with_ancestors_also_keeps_the_units_above(tree, make_user):
    user = make_user(roles.DEPARTMENT_HEAD, [tree["dept_a"]])
    visible = set(selectors.scope_filter(OrgUnit.objects.all(), user=user, unit_field=None, include_ancestors=True))
    assert visible == {tree["province"], tree["agency_a"], tree["dept_a"]}
