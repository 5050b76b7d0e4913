"""When a citizen's feedback must be answered or forwarded: pure functions of the day it was received.

- Reports, proposals, praise and suggestions are answered within a number of WORKING days set locally per kind
  (docs/domain-rules.md [U]; the setting FEEDBACK_ANSWER_DAYS, 10 by default).
- Feedback outside the agency's competence is forwarded within 5 working days (docs/domain-rules.md [C];
  FEEDBACK_FORWARD_DAYS).
- Complaints (khiếu nại) follow the Law on Complaints 2011, art. 28: 30 days, 45 if the case is complex; in remote
  areas where travel is hard, 45 days, 60 if complex. The law counts days ("ngày"), not working days, so these are
  CALENDAR days, counted from the day after receipt (Civil Code 2015, art. 147); a period whose last day is a day off
  ends on the next working day (art. 148). Bát Xát is a mountainous border area, so the portal applies the remote
  limits unless the setting FEEDBACK_REMOTE_AREA says otherwise. Whether a complaint is complex is a handler's
  call: a new complaint is not.
- A complaint's limit runs from the day it is ACCEPTED for handling (thụ lý), not from the day it arrived. Until it
  is accepted, the deadline that governs it is the one to accept it or refuse it in writing (art. 27: 10 days from
  receipt, calendar days as above; the setting FEEDBACK_COMPLAINT_ACCEPT_DAYS).

Working days skip Saturdays, Sundays and the holidays of the editable table, and the day of receipt does not count
(batxat_portal.workdays). The settings and the calendar are arguments: nothing here reads the database or settings.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from batxat_portal.workdays import Calendar, add_working_days

COMPLAINT = "complaint"  # feedback.models.Kind.COMPLAINT, kept here so the rules import no model
DEFAULT_ANSWER_DAYS = 10
DEFAULT_FORWARD_DAYS = 5
DEFAULT_ACCEPT_DAYS = 10  # Law on Complaints 2011, art. 27: accept, or refuse in writing, within 10 days
# Law on Complaints 2011, art. 28, by (remote area, complex case): calendar days.
COMPLAINT_DAYS = {(False, False): 30, (False, True): 45, (True, False): 45, (True, True): 60}
# No calendar keeps this many days off in a row; a longer run means a broken table, not a long holiday.
_MAX_DAYS_OFF_IN_A_ROW = 60
NO_DAYS_OFF = Calendar()  # Monday to Friday, no holiday: for tests and examples


@dataclass(frozen=True)
class DeadlineSettings:
    """The local choices: working days to answer per kind, working days to forward, remote area or not."""

    answer_days: Mapping[str, int]
    forward_days: int = DEFAULT_FORWARD_DAYS
    remote_area: bool = True
    accept_days: int = DEFAULT_ACCEPT_DAYS


@dataclass(frozen=True)
class Deadlines:
    answer_due_on: date
    forward_due_on: date


def next_working_day(day: date, calendar: Calendar = NO_DAYS_OFF) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    for _ in range(_MAX_DAYS_OFF_IN_A_ROW + 1):
        if calendar.is_working_day(day):
            return day
        day += timedelta(days=1)
    raise ValueError(f"no working day within {_MAX_DAYS_OFF_IN_A_ROW} days of {day}: check the holiday table")


def add_calendar_days(start: date, days: int, calendar: Calendar = NO_DAYS_OFF) -> date:
    """`days` calendar days after `start` (the day of receipt does not count), moved on to a working day."""
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    return next_working_day(start + timedelta(days=days), calendar)


def complaint_days(*, remote_area: bool, is_complex: bool) -> int:
    return COMPLAINT_DAYS[(bool(remote_area), bool(is_complex))]


def answer_working_days(kind: str, answer_days: Mapping[str, int]) -> int:
    days = int(answer_days.get(kind, DEFAULT_ANSWER_DAYS))
    if days < 1:
        raise ValueError(f"the answer deadline of {kind!r} must be at least one working day, got {days}")
    return days


def accept_due_on(received_on: date, *, rules: DeadlineSettings, calendar: Calendar = NO_DAYS_OFF) -> date:
    """The last day to accept a complaint for handling, or refuse it in writing: calendar days from receipt."""
    if rules.accept_days < 1:
        raise ValueError(f"the days to accept a complaint must be at least one, got {rules.accept_days}")
    return add_calendar_days(received_on, rules.accept_days, calendar)


def answer_due_on(received_on: date, kind: str, *, rules: DeadlineSettings, calendar: Calendar = NO_DAYS_OFF,
                  is_complex: bool = False, accepted_on: date | None = None) -> date:
    """The deadline that governs the case now. Every kind but complaints: working days from receipt. A complaint:
    the Law on Complaints' days from its acceptance (`accepted_on`), or, not accepted yet, the last day to accept
    or refuse it (`accept_due_on`)."""
    if kind == COMPLAINT:
        if accepted_on is None:
            return accept_due_on(received_on, rules=rules, calendar=calendar)
        if accepted_on < received_on:
            raise ValueError(f"a complaint cannot be accepted ({accepted_on}) before it arrived ({received_on})")
        return add_calendar_days(accepted_on, complaint_days(remote_area=rules.remote_area, is_complex=is_complex),
                                 calendar)
    return add_working_days(received_on, answer_working_days(kind, rules.answer_days), calendar)


def forward_due_on(received_on: date, *, rules: DeadlineSettings, calendar: Calendar = NO_DAYS_OFF) -> date:
    """The last day to forward feedback outside the agency's competence to the competent authority."""
    return add_working_days(received_on, rules.forward_days, calendar)


def deadlines(received_on: date, kind: str, *, rules: DeadlineSettings, calendar: Calendar = NO_DAYS_OFF,
              is_complex: bool = False, accepted_on: date | None = None) -> Deadlines:
    return Deadlines(
        answer_due_on=answer_due_on(received_on, kind, rules=rules, calendar=calendar, is_complex=is_complex,
                                    accepted_on=accepted_on),
        forward_due_on=forward_due_on(received_on, rules=rules, calendar=calendar))
