"""Working-day arithmetic (Monday to Friday, less public holidays, plus make-up working days).

Pure (no Django), so rules/ packages may use it: the functions take the calendar as an argument, and
`batxat_portal.calendar_selectors.working_calendar()` reads it from the editable table (`CalendarDay`). Tết and the
compensatory days move every year, so they are data, never a rule.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date] = field(default_factory=frozenset)  # weekdays off
    workdays: frozenset[date] = field(default_factory=frozenset)  # Saturdays or Sundays worked

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def add_working_days(start: date, days: int, calendar: Calendar = Calendar()) -> date:
    """The day on which `days` working days after `start` have passed; the day of receipt itself does not count
    (docs/domain-rules.md). With days = 0 it is `start` itself."""
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date, calendar: Calendar = Calendar()) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start, calendar)
    return sum(1 for offset in range(1, (end - start).days + 1)
               if calendar.is_working_day(start + timedelta(days=offset)))

