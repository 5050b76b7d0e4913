"""Reads of the year, set-up and tracking pages that their views used to query themselves (the older reads of
those pages are in evaluation/selectors/__init__.py)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from evaluation.models import Criterion, EvaluationYear, Period, PeriodScore, TaskGroup, WorkItem
from staff.choices import Status
from staff.models import StaffMember
from staff.selectors import scope_filter


def year_task_groups(*, evaluation_year: EvaluationYear) -> list[TaskGroup]:
    """The year's task groups with their members (two queries)."""
    return list(TaskGroup.objects.filter(evaluation_year=evaluation_year).prefetch_related("members"))


def criteria_total(*, evaluation_year: EvaluationYear):
    """The points of the year's general criteria together (from the criteria year_for prefetched)."""
    return sum(criterion.max_points for criterion in evaluation_year.criteria.all())


def year_criteria(*, evaluation_year: EvaluationYear) -> QuerySet[Criterion]:
    """The year's general criteria, as the criteria form edits them."""
    return evaluation_year.criteria.all()


def task_group_people(*, user, evaluation_year: EvaluationYear) -> QuerySet[StaffMember]:
    """The working people of the year's agency, in the person's units, who can be put in a task group."""
    return scope_filter(
        StaffMember.objects.filter(org_unit__path__startswith=evaluation_year.agency.path, status=Status.WORKING),
        user=user).select_related("org_unit").order_by("org_unit__path", "search_key")


def task_group_for(*, evaluation_year: EvaluationYear, pk: int) -> TaskGroup:
    """A task group of this year (the year already reached through year_for), or a 404."""
    return get_object_or_404(TaskGroup.objects.select_related("evaluation_year"), pk=pk,
                             evaluation_year=evaluation_year)


def task_group_member_ids(*, task_group: TaskGroup) -> list[int]:
    return list(task_group.memberships.values_list("staff_member_id", flat=True))


def period_unscored_count(*, period: Period) -> int:
    """How many of the period's people have no general criteria points yet (said before closing it)."""
    return PeriodScore.objects.filter(period=period, general_points__isnull=True).count()


def own_work_item(*, user, pk: int) -> WorkItem:
    """One of the signed-in person's own work products; anyone else's is a 404."""
    return get_object_or_404(WorkItem, pk=pk, staff_member__user=user)
