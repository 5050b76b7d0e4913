from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rules.common import (
    Level,
    Outcome,
    PersonYear,
    Reason,
    Regime,
    cap,
    rank,
    regime_for_year,
    two_consecutive_khtnv,
    worst,
)

levels = st.sampled_from(list(Level))


def test_the_levels_rank_from_htxsnv_down_to_not_classified():
    assert [rank(level) for level in Level] == [4, 3, 2, 1, 0]
    assert [level.value for level in Level] == ["htxsnv", "httnv", "htnv", "khtnv", "not_classified"]


def test_levels_are_plain_strings_for_storage_and_comparison():
    assert Level.HTTNV == "httnv"
    assert Level("khtnv") is Level.KHTNV


def test_worst_picks_the_lower_level():
    assert worst(Level.HTXSNV, Level.HTNV) is Level.HTNV
    assert worst(Level.KHTNV, Level.HTTNV) is Level.KHTNV
    assert worst(Level.KHTNV, Level.NOT_CLASSIFIED) is Level.NOT_CLASSIFIED


def test_a_cap_lowers_a_better_level_and_leaves_a_worse_one_alone():
    assert cap(Level.HTXSNV, Level.HTNV) is Level.HTNV
    assert cap(Level.KHTNV, Level.HTNV) is Level.KHTNV
    assert cap(Level.HTNV, Level.HTNV) is Level.HTNV


@given(levels, levels)
def test_worst_is_symmetric_and_never_better_than_either(a, b):
    assert worst(a, b) is worst(b, a)
    assert rank(worst(a, b)) == min(rank(a), rank(b))


@pytest.mark.parametrize(
    ("year", "regime"),
    [(2020, Regime.ND90_2020), (2023, Regime.ND90_2020), (2025, Regime.ND90_2020), (2026, Regime.ND335_2025),
     (2030, Regime.ND335_2025)],
)
def test_evaluation_years_up_to_2025_fall_under_nd90_and_from_2026_under_nd335(year, regime):
    assert regime_for_year(year) is regime


def test_a_year_before_nd90_took_effect_is_refused_rather_than_rated_under_the_wrong_decree():
    with pytest.raises(ValueError, match="NĐ 56/2015"):
        regime_for_year(2019)


def test_two_consecutive_khtnv_years_raise_the_alert():
    assert two_consecutive_khtnv({2024: Level.KHTNV, 2025: Level.KHTNV}, 2025)


@pytest.mark.parametrize(
    "history",
    [
        {2024: Level.HTNV, 2025: Level.KHTNV},
        {2025: Level.KHTNV},
        {2023: Level.KHTNV, 2024: Level.NOT_CLASSIFIED, 2025: Level.KHTNV},
        {2024: Level.KHTNV, 2025: Level.HTTNV},
    ],
)
def test_khtnv_years_that_are_not_back_to_back_raise_no_alert(history):
    assert not two_consecutive_khtnv(history, 2025)


def test_the_alert_only_looks_back_from_the_year_asked():
    assert not two_consecutive_khtnv({2025: Level.KHTNV, 2026: Level.KHTNV}, 2025)
    assert two_consecutive_khtnv({2025: Level.KHTNV, 2026: Level.KHTNV}, 2026)


def test_an_outcome_lists_its_reason_codes():
    outcome = Outcome(level=Level.HTNV, reasons=(Reason("absence_3_to_6_months", "x"), Reason("disciplined")))
    assert outcome.codes == ("absence_3_to_6_months", "disciplined")
    assert outcome.score is None


def test_a_person_year_defaults_to_no_degradation_and_no_corruption():
    year = PersonYear(months_worked=Decimal(12), maternity_leave=False, lawful_absence_months=Decimal(0),
                      disciplined=False)
    assert not year.degraded
    assert not year.leader_managed_unit_corruption


@pytest.mark.parametrize(
    ("worked", "absent"),
    [(Decimal(-1), Decimal(0)), (Decimal(13), Decimal(0)), (Decimal(6), Decimal(-1)), (Decimal(8), Decimal(5))],
)
def test_a_person_year_refuses_months_outside_the_year(worked, absent):
    with pytest.raises(ValueError):
        PersonYear(months_worked=worked, maternity_leave=False, lawful_absence_months=absent, disciplined=False)


def test_the_rating_is_late_from_15_december_or_15_january_for_special_calendars():
    from datetime import date

    from evaluation.rules.common import rating_deadline

    assert rating_deadline(year=2026) == date(2026, 12, 15)
    assert rating_deadline(year=2026, special_calendar=True) == date(2027, 1, 15)


@given(st.integers(min_value=2020, max_value=2100))
def test_a_special_calendar_never_has_an_earlier_deadline(year):
    from evaluation.rules.common import rating_deadline

    assert rating_deadline(year=year, special_calendar=True) > rating_deadline(year=year)


def test_an_appeal_is_open_from_approval_until_the_last_day_of_the_window():
    from datetime import date

    from evaluation.rules.common import appeal_open

    approved = date(2026, 12, 10)
    assert appeal_open(approved_on=approved, today=date(2026, 12, 10), days=30)
    assert appeal_open(approved_on=approved, today=date(2027, 1, 9), days=30)
    assert not appeal_open(approved_on=approved, today=date(2027, 1, 10), days=30)
    assert not appeal_open(approved_on=approved, today=date(2026, 12, 9), days=30)


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=90))
def test_a_longer_window_never_closes_an_open_appeal(offset, days):
    from datetime import date, timedelta

    from evaluation.rules.common import appeal_open

    approved = date(2026, 12, 10)
    today = approved + timedelta(days=offset)
    if appeal_open(approved_on=approved, today=today, days=days):
        assert appeal_open(approved_on=approved, today=today, days=days + 1)
