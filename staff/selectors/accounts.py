"""Reads about accounts: the account pages' rows, and when each role (group) and unit scope was granted or removed,
and by whom.

The account's history (django-simple-history, staff.models.org.User.history) keeps a snapshot of both relations
with each row; the changes are the differences between consecutive snapshots.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.shortcuts import get_object_or_404

from batxat_portal import lockout
from staff.models import User
from staff.models.org import ACCESS_HISTORY_START
from staff.roles import role_label

GRANTED, REMOVED, HELD = "granted", "removed", "held"
ROLE, UNIT = "role", "unit"


@dataclass(frozen=True)
class AccessChange:
    when: datetime
    by: str  # the person who made the change, "" when no one was signed in (a command, a migration)
    kind: str  # ROLE or UNIT
    action: str  # GRANTED, REMOVED or HELD (held when the record of roles began: migration 0010)
    name: str  # the role's label, or the unit's name with its parent's


def _unit_name(name: str, parent: str | None) -> str:
    # Two departments of two communes share a name ("Phòng Kinh tế"): the parent tells them apart.
    return f"{name} ({parent})" if parent else name


def account_access_history(*, user: User) -> list[AccessChange]:
    """Every grant and removal of a role or unit scope of `user`, newest first (three queries)."""
    history = User.history.model
    rows = list(history.objects.filter(id=user.pk).order_by("history_date", "history_id").values(
        "history_id", "history_date", "history_change_reason", "history_user__full_name",
        "history_user__username"))
    ids = [row["history_id"] for row in rows]
    groups, units = defaultdict(dict), defaultdict(dict)
    for history_id, group_id, group_name in history.groups.model.objects.filter(history_id__in=ids).values_list(
            "history_id", "group_id", "group__name"):
        groups[history_id][group_id] = role_label(group_name) if group_name else f"#{group_id}"
    for history_id, unit_id, name, parent in history.org_units.model.objects.filter(history_id__in=ids).values_list(
            "history_id", "orgunit_id", "orgunit__name", "orgunit__parent__name"):
        units[history_id][unit_id] = _unit_name(name, parent) if name else f"#{unit_id}"

    # Before migration 0010 only units were kept; roles are known from the marker row it wrote, if there is one.
    roles_known = not any(row["history_change_reason"] == ACCESS_HISTORY_START for row in rows)
    held_roles, held_units = {}, {}
    changes = []
    for row in rows:
        found = [(UNIT, action, name) for action, name in _differences(held_units, units[row["history_id"]])]
        now_roles = groups[row["history_id"]]
        if row["history_change_reason"] == ACCESS_HISTORY_START:
            found += [(ROLE, HELD, name) for name in sorted(now_roles.values())]
            roles_known = True
        elif roles_known:
            found += [(ROLE, action, name) for action, name in _differences(held_roles, now_roles)]
        held_units, held_roles = units[row["history_id"]], now_roles
        by = row["history_user__full_name"] or row["history_user__username"] or ""
        changes += [AccessChange(when=row["history_date"], by=by, kind=kind, action=action, name=name)
                    for kind, action, name in found]
    changes.reverse()
    return changes


def _differences(before: dict, after: dict) -> list[tuple[str, str]]:
    return ([(GRANTED, after[key]) for key in sorted(after.keys() - before.keys())]
            + [(REMOVED, before[key]) for key in sorted(before.keys() - after.keys())])


# --------------------------------------------------------------------------- the account pages


def account_for(*, pk: int) -> User:
    """Any account (the accounts pages are the system administrator's, across units), or a 404."""
    return get_object_or_404(User, pk=pk)


def account_role_labels(*, user) -> list[str]:
    """The person's roles, as the pages name them."""
    return [role_label(name) for name in user.groups.values_list("name", flat=True)]


def account_units(*, user, limit: int | None = None) -> list:
    """The units the person is scoped to, in tree order (the first `limit` of them)."""
    units = user.org_units.order_by("path")
    return list(units[:limit] if limit is not None else units)


@dataclass(frozen=True)
class SignInLock:
    lock: lockout.Lock
    account: User | None  # the account the locked user name belongs to, if there is one


def sign_in_locks() -> list[SignInLock]:
    """The sign-in locks in force, the latest to end first, with the accounts they name (two queries)."""
    locks = lockout.current_locks()
    names = {lock.username for lock in locks if lock.username}
    accounts = {account.username: account
                for account in User.objects.filter(username__in=names).only("pk", "username", "full_name")}
    return [SignInLock(lock=lock, account=accounts.get(lock.username)) for lock in locks]


def account_sign_in_locks(*, user: User) -> list[lockout.Lock]:
    """The locks in force on `user`'s name, one per address it is locked from (one query)."""
    return [lock for lock in lockout.current_locks(username=user.username) if lock.username == user.username]
