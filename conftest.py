"""Fixtures shared by every app's tests: the role groups, a small org tree and one user per role."""

import pytest
from django.utils import translation

from staff import roles
from staff.tests.factories import OrgUnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Every test starts in the portal's language (Vietnamese), whatever an earlier request activated."""
    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture
def role_groups(db):
    from staff import services

    services.roles_sync()


@pytest.fixture
def tree(db):
    """Province -> two commune agencies (A, B) -> two departments each."""
    province = OrgUnitFactory(name="Tỉnh Lào Cai", kind="province", level="province", parent=None)
    agency_a = OrgUnitFactory(name="UBND xã Bát Xát", parent=province, code="02683")
    agency_b = OrgUnitFactory(name="UBND xã Y Tý", parent=province, code="02701")
    return {
        "province": province,
        "agency_a": agency_a,
        "agency_b": agency_b,
        "dept_a": OrgUnitFactory(name="Phòng Văn hóa - Xã hội", kind="department", parent=agency_a, code="A-VHXH"),
        "dept_a2": OrgUnitFactory(name="Phòng Kinh tế", kind="department", parent=agency_a, code="A-KT"),
        "dept_b": OrgUnitFactory(name="Phòng Kinh tế", kind="department", parent=agency_b, code="B-KT"),
    }


@pytest.fixture
def make_user(role_groups):
    def make(role=None, units=(), **fields):
        return UserFactory(roles=[role] if role else [], org_units=list(units), **fields)

    return make


@pytest.fixture
def system_admin(make_user):
    return make_user(roles.SYSTEM_ADMIN, username="admin1")


@pytest.fixture
def hr_officer(make_user, tree):
    return make_user(roles.HR_OFFICER, [tree["agency_a"]], username="hr_a")


@pytest.fixture
def agency_leader(make_user, tree):
    return make_user(roles.AGENCY_LEADER, [tree["agency_a"]], username="leader_a")


@pytest.fixture
def department_head(make_user, tree):
    return make_user(roles.DEPARTMENT_HEAD, [tree["dept_a"]], username="head_a")


@pytest.fixture
def staff_member(make_user, tree):
    return make_user(roles.STAFF_MEMBER, [tree["dept_a"]], username="member_a")


@pytest.fixture
def feedback_handler(make_user, tree):
    return make_user(roles.FEEDBACK_HANDLER, [tree["agency_a"]], username="handler_a")


@pytest.fixture
def users_by_role(system_admin, hr_officer, agency_leader, department_head, staff_member, feedback_handler):
    return {
        roles.SYSTEM_ADMIN: system_admin,
        roles.HR_OFFICER: hr_officer,
        roles.AGENCY_LEADER: agency_leader,
        roles.DEPARTMENT_HEAD: department_head,
        roles.STAFF_MEMBER: staff_member,
        roles.FEEDBACK_HANDLER: feedback_handler,
    }
