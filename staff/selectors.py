"""Reads of the staff app, and the one scope helper every app uses to narrow rows to a user's units."""

from django.db.models import Q, QuerySet

from batxat_portal.text import fold
from staff.models import OrgUnit, User

ALL_UNITS = None


def unit_paths_for(user) -> list[str] | None:
    """Tree paths of the units the user is scoped to; None means every unit. Cached on the user."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser or user.has_perm("staff.access_all_units"):
        return ALL_UNITS
    if not hasattr(user, "_unit_paths_cache"):
        user._unit_paths_cache = list(user.org_units.values_list("path", flat=True))
    return user._unit_paths_cache


def scope_filter(queryset: QuerySet, *, user, unit_field: str | None = "org_unit") -> QuerySet:
    """Keep the rows whose org unit lies under one of the user's units.

    `unit_field` names the row's foreign key to OrgUnit (None when the rows are OrgUnits).
    Every app calls this in its selectors, so editing a URL to another unit's row gives a 404.
    """
    paths = unit_paths_for(user)
    if paths is ALL_UNITS:
        return queryset
    if not paths:
        return queryset.none()
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    condition = Q()
    for path in paths:
        condition |= Q(**{lookup: path})
    return queryset.filter(condition)


def orgunit_list_for(*, user, search: str = "", status: str = "", on_date=None) -> QuerySet[OrgUnit]:
    qs = scope_filter(OrgUnit.objects.select_related("parent"), user=user, unit_field=None)
    if search:
        folded = fold(search)
        qs = qs.filter(Q(search_key__contains=folded) | Q(code__startswith=search.strip()))
    if status == "current" and on_date:
        qs = qs.valid_on(on_date)
    elif status == "ended" and on_date:
        qs = qs.filter(valid_to__lt=on_date)
    return qs.order_by("path")


def orgunit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The chain from the root down to the unit's parent, in one query."""
    ids = unit.ancestor_ids
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def user_list(*, search: str = "", role: str = "") -> QuerySet[User]:
    qs = User.objects.prefetch_related("groups", "org_units").order_by("username")
    if search:
        qs = qs.filter(search_key__contains=fold(search))
    if role:
        qs = qs.filter(groups__name=role)
    return qs
