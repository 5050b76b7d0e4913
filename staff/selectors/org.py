"""Reads of the org-unit pages and the agencies other apps offer as a choice; the unit tree's list and search are
`orgunit_list_for` in staff/selectors/__init__.py."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from staff.models import OrgUnit
from staff.selectors import orgunit_ancestors, orgunit_list_for


def orgunit_for(*, user, pk: int) -> OrgUnit:
    """A unit in the person's scope, or a 404."""
    return get_object_or_404(orgunit_list_for(user=user), pk=pk)


def orgunit_relations(*, unit: OrgUnit, user) -> dict:
    """What the unit's page shows around it: the chain above, the units below, the units it came from and became,
    and, for whoever reads accounts, the accounts scoped to it."""
    relations = {
        "ancestors": orgunit_ancestors(unit),
        "children": list(unit.children.order_by("path")),
        "predecessors": list(unit.predecessors.all()),
        "successors": list(unit.successors.all()),
    }
    if user.has_perm("staff.view_user"):
        relations["scoped_users"] = list(unit.users.order_by("username"))
    return relations


def agencies_for(*, user, on_date) -> QuerySet[OrgUnit]:
    """The agencies in the person's scope that exist on the day (for the choices of an agency)."""
    return orgunit_list_for(user=user, status="current", on_date=on_date).filter(kind=OrgUnit.Kind.AGENCY)
