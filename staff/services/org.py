"""Writes of the staff app."""

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from batxat_portal import lockout
from staff.models import OrgUnit, User
from staff.roles import ROLES


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Make every role group hold exactly its declared permissions; safe to repeat."""
    counts = {}
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in role.permissions:
            app_label, codename = dotted.split(".", 1)
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts


def _place(unit: OrgUnit) -> None:
    parent_path = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{parent_path}{unit.pk}/"


@transaction.atomic
def orgunit_create(*, successors=(), **fields) -> OrgUnit:
    """Add a unit to the tree."""
    unit = OrgUnit(**fields)
    unit.full_clean(exclude=["path", "search_key"])
    unit.save()
    _place(unit)
    unit.save(update_fields=["path"])
    if successors:
        unit.successors.set(successors)
    return unit


@transaction.atomic
def orgunit_update(*, unit: OrgUnit, successors=None, **fields) -> OrgUnit:
    """Change a unit; moving it to another parent moves its whole subtree."""
    old_path = unit.path
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path", "search_key"])
    _place(unit)
    unit.save()
    if unit.path != old_path:
        OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1))
        )
    if successors is not None:
        unit.successors.set(successors)
    return unit


@transaction.atomic
def user_create(*, username: str, password: str | None, roles=(), org_units=(), **fields) -> User:
    """Create an account with its roles and unit scope."""
    user = User(username=username, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    user.org_units.set(org_units)
    return user


@transaction.atomic
def user_update(*, user: User, roles=None, org_units=None, **fields) -> User:
    """Change an account's details, roles or unit scope."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    if roles is not None:
        user.groups.set(Group.objects.filter(name__in=roles))
    if org_units is not None:
        user.org_units.set(org_units)
    return user


def user_unlock(*, user: User) -> int:
    """Lift a sign-in lockout early; returns how many failure records were cleared."""
    return axes_reset(username=user.username)


def sign_in_lock_lift(*, ip_address: str, username: str = "") -> int:
    """Lift one sign-in lock early: the pair (username, ip_address), or the whole address when username is empty;
    returns how many failure records were cleared."""
    return lockout.lift(ip_address=ip_address, username=username or None)
