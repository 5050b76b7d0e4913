"""Writes to the holiday calendar: loading the national data file and HR's edits, one day at a time.

The table is the truth the deadlines are computed from (calendar_selectors.working_calendar()); the data file only
fills it. Loading never deletes a row and, unless asked, never changes one: what HR corrected stays corrected.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from batxat_portal.models import CalendarDay

DATA_FILE = Path(__file__).resolve().parent / "data" / "calendar_vn.json"


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    kept: int


def _check_day(*, day: date, kind: str) -> None:
    """A day off on a weekend changes nothing, and neither does a make-up working day on a weekday."""
    shown = date_format(day, "SHORT_DATE_FORMAT")
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        raise ValidationError({"kind": _("%(date)s is a weekday, already worked: a make-up working day is a "
                                         "Saturday or a Sunday.") % {"date": shown}})
    if kind == CalendarDay.Kind.HOLIDAY and day.weekday() >= 5:
        raise ValidationError({"day": _("%(date)s is a Saturday or a Sunday, already off: enter the weekday given "
                                        "in compensation instead.") % {"date": shown}})


@transaction.atomic
def calendar_day_save(*, day: date, kind: str, name: str, calendar_day: CalendarDay | None = None) -> CalendarDay:
    """Add a day to the calendar, or change one (`calendar_day`); one row per date."""
    taken = CalendarDay.objects.filter(day=day)
    if calendar_day is not None:
        taken = taken.exclude(pk=calendar_day.pk)
    existing = taken.first()
    if existing is not None:
        raise ValidationError({"day": _("%(date)s is already in the calendar (“%(name)s”): change that day "
                                        "instead.") % {"date": date_format(day, "SHORT_DATE_FORMAT"),
                                                        "name": existing.name}})
    _check_day(day=day, kind=kind)
    calendar_day = calendar_day or CalendarDay()
    calendar_day.day, calendar_day.kind, calendar_day.name = day, kind, name.strip()
    calendar_day.full_clean()
    calendar_day.save()
    return calendar_day


@transaction.atomic
def calendar_day_delete(*, calendar_day: CalendarDay) -> None:
    calendar_day.delete()


def calendar_file_rows(path: Path = DATA_FILE) -> list[dict]:
    """The days of a data file, checked: {"day": date, "kind": ..., "name": ...}; ValueError names a bad entry."""
    rows = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["days"]:
        try:
            day = date.fromisoformat(entry["day"])
            kind, name = entry["kind"], entry["name"].strip()
            if kind not in CalendarDay.Kind.values or not name:
                raise ValueError("kind must be holiday or workday, and the name must not be empty")
            _check_day(day=day, kind=kind)
        except (KeyError, ValueError, ValidationError) as error:
            raise ValueError(f"{path.name}: bad entry {entry!r}: {error}") from error
        rows.append({"day": day, "kind": kind, "name": name})
    days = [row["day"] for row in rows]
    if len(set(days)) != len(days):
        raise ValueError(f"{path.name}: a date is listed twice")
    return rows


@transaction.atomic
def calendar_load(*, path: Path = DATA_FILE, overwrite: bool = False) -> LoadResult:
    """Add the file's days missing from the table; with `overwrite`, also bring the days the file lists back to
    its values. Never deletes: a day HR added stays. Safe to repeat (three queries at most)."""
    rows = calendar_file_rows(path)
    existing = CalendarDay.objects.in_bulk([row["day"] for row in rows], field_name="day")
    new, changed = [], []
    for row in rows:
        current = existing.get(row["day"])
        if current is None:
            new.append(CalendarDay(**row))
        elif overwrite and (current.kind, current.name) != (row["kind"], row["name"]):
            current.kind, current.name = row["kind"], row["name"]
            changed.append(current)
    CalendarDay.objects.bulk_create(new, ignore_conflicts=True)  # a day added meanwhile is kept as it is
    CalendarDay.objects.bulk_update(changed, ["kind", "name"])
    return LoadResult(created=len(new), updated=len(changed), kept=len(rows) - len(new) - len(changed))
