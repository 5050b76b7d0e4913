from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from staff.rules.salary import coefficient_for, next_step_due

CHUYEN_VIEN = tuple(Decimal(c) for c in ("2.34", "2.67", "3.00", "3.33", "3.66", "3.99", "4.32", "4.65", "4.98"))
CAN_SU = tuple(Decimal("1.86") + Decimal("0.20") * n for n in range(12))


def test_a_chuyen_vien_moves_up_a_step_every_three_years():
    due = next_step_due(step=1, step_count=9, years_per_step=3, step_since=date(2021, 7, 1))
    assert due == date(2024, 7, 1)


def test_a_can_su_moves_up_a_step_every_two_years():
    due = next_step_due(step=5, step_count=12, years_per_step=2, step_since=date(2022, 3, 15))
    assert due == date(2024, 3, 15)


def test_the_step_below_the_top_still_has_a_raise_due():
    assert next_step_due(step=8, step_count=9, years_per_step=3, step_since=date(2020, 1, 1)) == date(2023, 1, 1)
    assert next_step_due(step=11, step_count=12, years_per_step=2, step_since=date(2020, 1, 1)) == date(2022, 1, 1)


def test_at_the_top_step_no_regular_raise_is_due():
    assert next_step_due(step=9, step_count=9, years_per_step=3, step_since=date(2020, 1, 1)) is None
    assert next_step_due(step=12, step_count=12, years_per_step=2, step_since=date(2020, 1, 1)) is None


def test_a_step_held_since_a_leap_day_falls_due_on_the_28th_of_february():
    assert next_step_due(step=2, step_count=9, years_per_step=3, step_since=date(2020, 2, 29)) == date(2023, 2, 28)


def test_a_step_held_since_a_leap_day_keeps_the_29th_when_the_due_year_is_a_leap_year_too():
    assert next_step_due(step=2, step_count=12, years_per_step=4, step_since=date(2020, 2, 29)) == date(2024, 2, 29)


def test_a_disciplinary_delay_pushes_the_due_date_back_by_whole_months():
    due = next_step_due(step=3, step_count=9, years_per_step=3, step_since=date(2021, 7, 1), delay_months=6)
    assert due == date(2025, 1, 1)
    due = next_step_due(step=3, step_count=9, years_per_step=3, step_since=date(2021, 7, 1), delay_months=12)
    assert due == date(2025, 7, 1)


def test_a_delay_landing_on_a_shorter_month_falls_due_on_its_last_day():
    due = next_step_due(step=3, step_count=12, years_per_step=2, step_since=date(2021, 8, 31), delay_months=1)
    assert due == date(2023, 9, 30)


@pytest.mark.parametrize(
    "arguments",
    [
        {"step": 0, "step_count": 9, "years_per_step": 3},
        {"step": 1, "step_count": 0, "years_per_step": 3},
        {"step": 1, "step_count": 9, "years_per_step": 0},
        {"step": 1, "step_count": 9, "years_per_step": 3, "delay_months": -1},
    ],
)
def test_impossible_scale_arguments_are_refused(arguments):
    with pytest.raises(ValueError):
        next_step_due(step_since=date(2021, 1, 1), **arguments)


def test_the_chuyen_vien_scale_runs_from_2_34_to_4_98():
    assert coefficient_for(coefficients=CHUYEN_VIEN, step=1) == Decimal("2.34")
    assert coefficient_for(coefficients=CHUYEN_VIEN, step=3) == Decimal("3.00")
    assert coefficient_for(coefficients=CHUYEN_VIEN, step=9) == Decimal("4.98")


def test_the_can_su_scale_runs_from_1_86_to_4_06_in_twelve_steps():
    assert len(CAN_SU) == 12
    assert coefficient_for(coefficients=CAN_SU, step=1) == Decimal("1.86")
    assert coefficient_for(coefficients=CAN_SU, step=2) == Decimal("2.06")
    assert coefficient_for(coefficients=CAN_SU, step=12) == Decimal("4.06")


def test_a_coefficient_is_read_from_a_list_as_well_as_a_tuple():
    assert coefficient_for(coefficients=list(CHUYEN_VIEN), step=2) == Decimal("2.67")


@pytest.mark.parametrize("step", [0, -1, 10])
def test_a_step_outside_the_scale_has_no_coefficient(step):
    with pytest.raises(ValueError):
        coefficient_for(coefficients=CHUYEN_VIEN, step=step)


scales = st.sampled_from([(9, 3), (12, 2)])
since = st.dates(min_value=date(1990, 1, 1), max_value=date(2050, 12, 31))
delays = st.integers(min_value=0, max_value=36)


@given(scale=scales, step_since=since, delay_months=delays, data=st.data())
def test_the_next_step_is_always_due_after_the_current_one_started(scale, step_since, delay_months, data):
    step_count, years_per_step = scale
    step = data.draw(st.integers(min_value=1, max_value=step_count - 1))
    due = next_step_due(
        step=step,
        step_count=step_count,
        years_per_step=years_per_step,
        step_since=step_since,
        delay_months=delay_months,
    )
    assert due is not None
    assert due > step_since


@given(scale=scales, step_since=since, first=delays, second=delays)
def test_more_delay_never_brings_the_raise_forward(scale, step_since, first, second):
    step_count, years_per_step = scale
    shorter, longer = sorted([first, second])
    arguments = {"step": 1, "step_count": step_count, "years_per_step": years_per_step, "step_since": step_since}
    assert next_step_due(**arguments, delay_months=shorter) <= next_step_due(**arguments, delay_months=longer)
