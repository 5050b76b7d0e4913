"""Month arithmetic every app needs, once: standard library only, so `rules/` modules may use it too."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the 29/02 or the 31st falls on the last day of a shorter month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month `months` after (or, negative, before) the month of `day`."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, 1)


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def months_between(start: date, end: date) -> int:
    """How many calendar months the range covers, both ends included: January to March is 3."""
    return (end.year - start.year) * 12 + end.month - start.month + 1
