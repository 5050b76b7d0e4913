"""Working-day arithmetic (docs/domain-rules.md): Saturdays, Sundays and public holidays are skipped, make-up
Saturdays count, the day of receipt does not; the holidays come from an editable table."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from batxat_portal import calendar_services
from batxat_portal.calendar_selectors import working_calendar
from batxat_portal.models import CalendarDay
from batxat_portal.workdays import Calendar, add_working_days, working_days_between

PLAIN = Calendar()


def _national() -> Calendar:
    rows = calendar_services.calendar_file_rows()
    return Calendar(holidays=frozenset(r["day"] for r in rows if r["kind"] == "holiday"),
                    workdays=frozenset(r["day"] for r in rows if r["kind"] == "workday"))


NATIONAL = _national()  # the shipped data file: Tết 2026 is 16-20/02, 10/01/2026 is a make-up Saturday


def test_the_day_of_receipt_does_not_count():
    monday = date(2026, 3, 9)
    assert add_working_days(monday, 0) == monday
    assert add_working_days(monday, 1) == date(2026, 3, 10)
    assert working_days_between(monday, monday) == 0


def test_weekends_are_skipped():
    friday, thursday = date(2026, 3, 6), date(2026, 3, 5)
    assert add_working_days(friday, 1) == date(2026, 3, 9)  # Monday
    assert add_working_days(thursday, 2) == date(2026, 3, 9)
    assert add_working_days(friday, 10) == date(2026, 3, 20)  # two whole weeks
    # Received on a Saturday or a Sunday: the first working day is Monday.
    assert add_working_days(date(2026, 3, 7), 1) == add_working_days(date(2026, 3, 8), 1) == date(2026, 3, 9)
    assert working_days_between(friday, date(2026, 3, 9)) == 1
    assert working_days_between(friday, date(2026, 3, 8)) == 0


def test_tet_2026_is_skipped_whole():
    # Received on Thursday 12/02/2026: Friday 13/02 is the first day, then nothing until Monday 23/02 (mùng 6).
    received = date(2026, 2, 12)
    assert add_working_days(received, 1, NATIONAL) == date(2026, 2, 13)
    assert add_working_days(received, 2, NATIONAL) == date(2026, 2, 23)
    assert add_working_days(received, 10, NATIONAL) == date(2026, 3, 5)
    assert add_working_days(received, 10, PLAIN) == date(2026, 2, 26)  # the same count without the table
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 22), NATIONAL) == 0
    assert all(not NATIONAL.is_working_day(date(2026, 2, 14) + timedelta(days=n)) for n in range(9))


def test_a_make_up_saturday_counts_and_its_swapped_friday_does_not():
    # 02/01/2026 (Friday) is off, worked instead on Saturday 10/01/2026.
    assert not NATIONAL.is_working_day(date(2026, 1, 2))
    assert NATIONAL.is_working_day(date(2026, 1, 10))
    assert add_working_days(date(2026, 1, 9), 1, NATIONAL) == date(2026, 1, 10)
    assert add_working_days(date(2026, 1, 9), 2, NATIONAL) == date(2026, 1, 12)
    assert working_days_between(date(2026, 1, 9), date(2026, 1, 12), NATIONAL) == 2
    # A make-up Sunday works as well as a Saturday.
    sunday = Calendar(workdays=frozenset({date(2026, 3, 8)}))
    assert add_working_days(date(2026, 3, 6), 1, sunday) == date(2026, 3, 8)


def test_year_end_runs_into_january():
    # 31/12/2025: 01/01 and 02/01 are off, then a weekend; the fifth working day is Friday 09/01, the sixth the
    # make-up Saturday 10/01.
    new_years_eve = date(2025, 12, 31)
    assert add_working_days(new_years_eve, 1, NATIONAL) == date(2026, 1, 5)
    assert add_working_days(new_years_eve, 5, NATIONAL) == date(2026, 1, 9)
    assert add_working_days(new_years_eve, 6, NATIONAL) == date(2026, 1, 10)
    assert working_days_between(new_years_eve, date(2026, 1, 10), NATIONAL) == 6
    # 31/12/2026 is a Thursday; 01/01/2027 is a Friday off, so the answer waits for Monday 04/01/2027.
    assert add_working_days(date(2026, 12, 31), 1, PLAIN) == date(2027, 1, 1)
    assert add_working_days(date(2026, 12, 31), 1, NATIONAL) == date(2027, 1, 4)


def test_holiday_tables_differ_and_the_answer_follows_the_table():
    received = date(2026, 4, 24)  # Friday before Giỗ Tổ (Sunday 26/04, compensated on Monday 27/04)
    assert add_working_days(received, 1, PLAIN) == date(2026, 4, 27)
    assert add_working_days(received, 1, NATIONAL) == date(2026, 4, 28)
    assert add_working_days(received, 3, NATIONAL) == date(2026, 5, 4)  # 28, 29, then 30/04 and 01/05 are off
    local = Calendar(holidays=frozenset({date(2026, 4, 28)}))  # a table with another day off
    assert add_working_days(received, 1, local) == date(2026, 4, 27)
    assert add_working_days(received, 2, local) == date(2026, 4, 29)


def test_between_is_negative_backwards():
    start, end = date(2026, 2, 12), date(2026, 3, 5)
    assert working_days_between(end, start, NATIONAL) == -working_days_between(start, end, NATIONAL) == -10


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)


def test_the_loader_reads_the_editable_table_in_one_query(db, django_assert_num_queries):
    CalendarDay.objects.create(day=date(2026, 2, 17), name="Tết")
    CalendarDay.objects.create(day=date(2026, 1, 10), kind=CalendarDay.Kind.WORKDAY, name="Làm bù")
    with django_assert_num_queries(1):
        loaded = working_calendar()
    assert loaded == Calendar(holidays=frozenset({date(2026, 2, 17)}), workdays=frozenset({date(2026, 1, 10)}))
    CalendarDay.objects.filter(day=date(2026, 2, 17)).delete()  # an edit shows in the next calendar read
    assert working_calendar().is_working_day(date(2026, 2, 17))


# --- properties, over any table of holidays and make-up weekend days

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
tables = st.builds(
    lambda holidays, workdays: Calendar(holidays=frozenset(d for d in holidays if d.weekday() < 5),
                                        workdays=frozenset(d for d in workdays if d.weekday() >= 5)),
    st.sets(days, max_size=60), st.sets(days, max_size=20))


@given(start=days, n=st.integers(min_value=1, max_value=80), table=tables)
def test_the_result_is_a_working_day_after_the_start(start, n, table):
    due = add_working_days(start, n, table)
    assert due > start
    assert table.is_working_day(due)


@given(start=days, n=st.integers(min_value=0, max_value=80), table=tables)
def test_one_more_day_always_ends_later(start, n, table):
    assert add_working_days(start, n + 1, table) > add_working_days(start, n, table)


@given(start=days, n=st.integers(min_value=0, max_value=80), table=tables)
def test_counting_back_gives_the_same_number(start, n, table):
    assert working_days_between(start, add_working_days(start, n, table), table) == n
