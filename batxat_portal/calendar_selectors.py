"""Reads of the holiday calendar: the table as the working-day arithmetic needs it, and the pages' rows.

The calendar is national, not a unit's: there is no scope to narrow to. The arithmetic itself is pure and lives in
batxat_portal.workdays; writes are in batxat_portal.calendar_services.
"""

from django.shortcuts import get_object_or_404

from batxat_portal.models import CalendarDay
from batxat_portal.workdays import Calendar


def working_calendar() -> Calendar:
    """The calendar as the table holds it now (one query)."""
    holidays, workdays = set(), set()
    for day, kind in CalendarDay.objects.values_list("day", "kind"):
        (workdays if kind == CalendarDay.Kind.WORKDAY else holidays).add(day)
    return Calendar(holidays=frozenset(holidays), workdays=frozenset(workdays))


def calendar_years(*, also=()) -> list[int]:
    """The years the table holds a day in, with `also` (this year, the year asked), in order."""
    return sorted({day.year for day in CalendarDay.objects.dates("day", "year")} | set(also))


def calendar_days_of(*, year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(day__year=year).order_by("day"))


def calendar_day_get(*, pk: int) -> CalendarDay:
    """The day, or Http404."""
    return get_object_or_404(CalendarDay, pk=pk)
