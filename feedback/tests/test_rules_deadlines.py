from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from batxat_portal.workdays import Calendar
from feedback.rules.deadlines import (
    DeadlineSettings,
    accept_due_on,
    add_calendar_days,
    answer_due_on,
    complaint_days,
    deadlines,
    forward_due_on,
    next_working_day,
)

RULES = DeadlineSettings(answer_days={"report": 10, "proposal": 10, "praise": 10, "suggestion": 10})
# Tết Bính Ngọ 2026 as an example table: Saturday 14/02 to Sunday 22/02, the weekdays in it are days off.
TET_2026 = Calendar(holidays=frozenset(date(2026, 2, 16) + timedelta(days=offset) for offset in range(5)))
NEW_YEAR = Calendar(holidays=frozenset({date(2026, 1, 1), date(2026, 1, 2)}),
                    workdays=frozenset({date(2026, 1, 10)}))  # a Saturday worked to make up for 02/01

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
kinds = st.sampled_from(["report", "proposal", "praise", "suggestion", "complaint"])


@st.composite
def calendars(draw):
    holidays = draw(st.frozensets(st.dates(min_value=date(2019, 12, 1), max_value=date(2036, 6, 30)), max_size=40))
    workdays = draw(st.frozensets(st.dates(min_value=date(2019, 12, 1), max_value=date(2036, 6, 30)), max_size=5))
    return Calendar(holidays=holidays, workdays=workdays)


def test_ten_working_days_from_a_monday_end_on_the_monday_two_weeks_later():
    assert answer_due_on(date(2026, 3, 2), "report", rules=RULES) == date(2026, 3, 16)


def test_the_day_of_receipt_does_not_count_and_a_weekend_receipt_starts_on_monday():
    assert answer_due_on(date(2026, 3, 6), "proposal", rules=RULES) == date(2026, 3, 20)  # Friday
    assert answer_due_on(date(2026, 3, 7), "proposal", rules=RULES) == date(2026, 3, 20)  # Saturday
    assert answer_due_on(date(2026, 3, 8), "proposal", rules=RULES) == date(2026, 3, 20)  # Sunday


def test_tet_days_off_push_the_deadline_by_a_week():
    received = date(2026, 2, 12)  # Thursday before Tết
    assert answer_due_on(received, "report", rules=RULES) == date(2026, 2, 26)
    assert answer_due_on(received, "report", rules=RULES, calendar=TET_2026) == date(2026, 3, 5)


def test_the_year_end_holiday_and_a_make_up_saturday_are_counted_from_the_table():
    received = date(2025, 12, 31)  # Wednesday
    # Off on 01/01 and 02/01, worked on Saturday 10/01: Jan 5-9 (5), Sat 10 (6), Jan 12-15 (10).
    assert answer_due_on(received, "report", rules=RULES, calendar=NEW_YEAR) == date(2026, 1, 15)
    assert answer_due_on(received, "report", rules=RULES) == date(2026, 1, 14)


def test_forwarding_outside_competence_is_due_within_five_working_days():
    assert forward_due_on(date(2026, 3, 5), rules=RULES) == date(2026, 3, 12)
    assert forward_due_on(date(2026, 2, 12), rules=RULES, calendar=TET_2026) == date(2026, 2, 26)


def test_the_answer_days_are_a_setting_per_kind_with_ten_by_default():
    rules = DeadlineSettings(answer_days={"praise": 3})
    assert answer_due_on(date(2026, 3, 2), "praise", rules=rules) == date(2026, 3, 5)
    assert answer_due_on(date(2026, 3, 2), "report", rules=rules) == date(2026, 3, 16)
    with pytest.raises(ValueError):
        answer_due_on(date(2026, 3, 2), "praise", rules=DeadlineSettings(answer_days={"praise": 0}))


def test_complaints_take_the_law_on_complaints_calendar_days_longer_in_remote_areas():
    assert complaint_days(remote_area=False, is_complex=False) == 30
    assert complaint_days(remote_area=False, is_complex=True) == 45
    assert complaint_days(remote_area=True, is_complex=False) == 45
    assert complaint_days(remote_area=True, is_complex=True) == 60
    received = date(2026, 3, 2)  # Monday
    city = DeadlineSettings(answer_days={}, remote_area=False)
    assert answer_due_on(received, "complaint", rules=city, accepted_on=received) == date(2026, 4, 1)  # 30 days
    assert answer_due_on(received, "complaint", rules=RULES, accepted_on=received) == date(2026, 4, 16)  # remote: 45
    # 60 days end on Friday 01/05, a day off: the period ends on the next working day (Civil Code art. 148).
    reunification = Calendar(holidays=frozenset({date(2026, 4, 30), date(2026, 5, 1)}))
    assert answer_due_on(received, "complaint", rules=RULES, is_complex=True, calendar=reunification,
                         accepted_on=received) == date(2026, 5, 4)


def test_a_complaint_counts_from_its_acceptance_and_until_then_from_the_days_to_accept_it():
    received = date(2026, 3, 2)  # Monday
    # Not accepted yet: accept or refuse within 10 days of receipt (Law on Complaints art. 27): Thursday 12/03.
    assert answer_due_on(received, "complaint", rules=RULES) == date(2026, 3, 12)
    assert accept_due_on(received, rules=RULES) == date(2026, 3, 12)
    # Accepted on Tuesday 10/03: 45 days (remote) from then, Friday 24/04; not 45 days from the day it arrived.
    assert answer_due_on(received, "complaint", rules=RULES, accepted_on=date(2026, 3, 10)) == date(2026, 4, 24)
    assert answer_due_on(received, "complaint", rules=RULES, accepted_on=date(2026, 3, 10), is_complex=True,
                         calendar=Calendar(holidays=frozenset({date(2026, 5, 11)}))) == date(2026, 5, 12)
    # The days to accept are a setting; the other kinds ignore an acceptance.
    assert accept_due_on(received, rules=DeadlineSettings(answer_days={}, accept_days=5)) == date(2026, 3, 9)
    assert answer_due_on(received, "report", rules=RULES, accepted_on=date(2026, 3, 10)) == date(2026, 3, 16)
    with pytest.raises(ValueError):
        answer_due_on(received, "complaint", rules=RULES, accepted_on=date(2026, 3, 1))
    with pytest.raises(ValueError):
        accept_due_on(received, rules=DeadlineSettings(answer_days={}, accept_days=0))


@given(received=days, calendar=calendars(), wait=st.integers(min_value=0, max_value=60), remote=st.booleans(),
       is_complex=st.booleans())
def test_a_later_acceptance_never_gives_an_earlier_complaint_deadline(received, calendar, wait, remote, is_complex):
    rules = DeadlineSettings(answer_days={}, remote_area=remote)

    def due(accepted_on):
        return answer_due_on(received, "complaint", rules=rules, calendar=calendar, is_complex=is_complex,
                             accepted_on=accepted_on)

    accepted = received + timedelta(days=wait)
    assert due(accepted) <= due(accepted + timedelta(days=1))
    assert due(accepted) > accepted and calendar.is_working_day(due(accepted))
    assert due(accepted) >= accepted + timedelta(days=complaint_days(remote_area=remote, is_complex=is_complex))


def test_a_complaint_period_ending_on_a_weekend_or_holiday_ends_on_the_next_working_day():
    assert add_calendar_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Saturday -> Monday
    assert add_calendar_days(date(2026, 2, 10), 6, TET_2026) == date(2026, 2, 23)  # Monday 16/02 is Tết
    assert next_working_day(date(2026, 1, 10), NEW_YEAR) == date(2026, 1, 10)  # a make-up Saturday counts


def test_a_broken_table_with_months_of_days_off_is_refused_not_looped_over():
    every_day = Calendar(holidays=frozenset(date(2026, 1, 1) + timedelta(days=n) for n in range(400)))
    with pytest.raises(ValueError):
        next_working_day(date(2026, 1, 1), every_day)


def test_both_deadlines_together():
    both = deadlines(date(2026, 3, 2), "suggestion", rules=RULES)
    assert (both.answer_due_on, both.forward_due_on) == (date(2026, 3, 16), date(2026, 3, 9))


@given(received=days, kind=kinds, calendar=calendars(), n=st.integers(min_value=1, max_value=90),
       remote=st.booleans(), is_complex=st.booleans())
def test_a_due_date_is_a_working_day_strictly_after_receipt(received, kind, calendar, n, remote, is_complex):
    rules = DeadlineSettings(answer_days={kind: n}, forward_days=n, remote_area=remote)
    for due in (answer_due_on(received, kind, rules=rules, calendar=calendar, is_complex=is_complex),
                forward_due_on(received, rules=rules, calendar=calendar)):
        assert calendar.is_working_day(due)
        assert due > received


@given(received=days, kind=kinds, calendar=calendars(), n=st.integers(min_value=1, max_value=60))
def test_more_days_never_give_an_earlier_deadline(received, kind, calendar, n):
    def due(days_allowed):
        rules = DeadlineSettings(answer_days={kind: days_allowed}, forward_days=days_allowed)
        return answer_due_on(received, kind, rules=rules, calendar=calendar), forward_due_on(
            received, rules=rules, calendar=calendar)

    shorter, longer = due(n), due(n + 1)
    assert shorter[1] < longer[1]  # one more working day is always a later day
    if kind != "complaint":
        assert shorter[0] < longer[0]
    assert add_calendar_days(received, n, calendar) <= add_calendar_days(received, n + 1, calendar)


@given(received=days, calendar=calendars(), remote=st.booleans())
def test_a_complex_or_remote_complaint_never_has_less_time(received, calendar, remote):
    def due(**flags):
        rules = DeadlineSettings(answer_days={}, remote_area=flags["remote"])
        return answer_due_on(received, "complaint", rules=rules, calendar=calendar, is_complex=flags["is_complex"],
                             accepted_on=received)

    assert due(remote=remote, is_complex=False) <= due(remote=remote, is_complex=True)
    assert due(remote=False, is_complex=remote) <= due(remote=True, is_complex=remote)
