"""One violation, one year (NĐ 48/2023 art. 2 amending NĐ 90/2020; the same reading under NĐ 335/2025), and the
months worked in a period that weigh the year's score when a year is opened with that reading."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rules.common import disciplined_in, violation_year
from evaluation.rules.nd335_2025 import months_worked, year_score
from staff.rules.discipline import Decision, counted_year, decision_years, violations

PARTY_2024 = date(2024, 12, 20)  # the Party's inspection committee decides in December
ADMINISTRATIVE_2025 = date(2025, 2, 10)  # the commune's administrative decision follows in February


def test_a_party_decision_then_an_administrative_one_on_the_same_violation_force_only_the_first_year():
    violation = (PARTY_2024, ADMINISTRATIVE_2025)
    assert violation_year(violation) == 2024
    assert disciplined_in(2024, [violation])
    assert not disciplined_in(2025, [violation])


def test_the_order_the_decisions_are_given_in_does_not_matter():
    assert violation_year((ADMINISTRATIVE_2025, PARTY_2024)) == 2024


def test_two_violations_punished_in_different_years_force_both_years():
    assert disciplined_in(2024, [(PARTY_2024,), (ADMINISTRATIVE_2025,)])
    assert disciplined_in(2025, [(PARTY_2024,), (ADMINISTRATIVE_2025,)])


def test_under_nd335_the_same_reading_applies_to_the_years_from_2026():
    violation = (date(2026, 11, 5), date(2027, 1, 20))
    assert disciplined_in(2026, [violation]) and not disciplined_in(2027, [violation])


def test_no_violation_no_discipline_and_a_violation_needs_a_decision():
    assert not disciplined_in(2025, [])
    with pytest.raises(ValueError):
        violation_year(())


def test_the_file_groups_linked_decisions_into_one_violation_whichever_way_the_links_point():
    decisions = [Decision(1, ADMINISTRATIVE_2025), Decision(2, PARTY_2024, same_violation_as=1),
                 Decision(3, date(2025, 6, 1), same_violation_as=2), Decision(4, date(2025, 3, 1))]
    grouped = violations(decisions)
    assert [[decision.id for decision in violation] for violation in grouped] == [[2, 1, 3], [4]]
    years = decision_years(decisions)
    assert [years[1].counted_year, years[2].counted_year, years[4].counted_year] == [2024, 2024, 2025]
    assert years[2].counts and not years[1].counts and not years[3].counts and years[4].counts


days = st.integers(min_value=0, max_value=6 * 365).map(lambda n: date(2020, 1, 1) + timedelta(days=n))


@st.composite
def files(draw):
    """A person's decisions, each either a violation of its own or linked to an earlier-entered decision."""
    count = draw(st.integers(min_value=0, max_value=8))
    decisions = []
    for index in range(1, count + 1):
        link = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=index - 1))) if index > 1 else None
        decisions.append(Decision(index, draw(days), same_violation_as=link))
    return decisions


@given(files())
def test_no_violation_forces_more_than_one_year_and_each_forces_exactly_one(decisions):
    grouped = violations(decisions)
    assert sorted(d.id for violation in grouped for d in violation) == [d.id for d in decisions]  # each once
    for violation in grouped:
        dates = [decision.effective_on for decision in violation]
        forced = [year for year in range(2019, 2028) if disciplined_in(year, [dates])]
        # Every violation has a decision in a year the rules rate, and forces exactly one year: its first.
        assert forced == [min(dates).year]
        # The file shows the year the evaluation rule forces (staff repeats the reading: they must agree).
        assert counted_year(dates) == violation_year(dates)
    # A year is forced iff a violation's first decision falls in it: later decisions force nothing.
    for year in range(2019, 2028):
        firsts = {min(d.effective_on for d in violation).year for violation in grouped}
        assert disciplined_in(year, [[d.effective_on for d in v] for v in grouped]) == (year in firsts)


# --- months worked in a period: the weights of the year's score ---


def test_a_whole_month_is_one_and_a_whole_quarter_three():
    year = [(date(2026, 1, 1), date(2026, 12, 31))]
    assert months_worked(start=date(2026, 2, 1), end=date(2026, 2, 28), present=year) == Decimal("1.00")
    assert months_worked(start=date(2026, 4, 1), end=date(2026, 6, 30), present=year) == Decimal("3.00")


def test_leave_and_time_outside_the_agency_are_not_worked():
    present = [(date(2026, 1, 16), date(2026, 12, 31))]  # joined the agency on 16/01
    absent = [(date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 3, 10), date(2026, 3, 20))]  # overlapping leave
    quarter = months_worked(start=date(2026, 1, 1), end=date(2026, 3, 31), present=present, absent=absent)
    assert quarter == Decimal("1.52")  # 16/31 of January, all of February, none of March


def test_weighting_by_months_changes_the_year_score():
    periods, months = [Decimal(60), Decimal(90)], [Decimal("0.50"), Decimal("3.00")]
    assert year_score(period_scores=periods) == Decimal("75.00")
    assert year_score(period_scores=periods, months_in_period=months, weighting="months") == Decimal("85.71")


spans = st.tuples(days, st.integers(min_value=0, max_value=400)).map(lambda p: (p[0], p[0] + timedelta(days=p[1])))


@given(st.lists(spans, max_size=3), st.lists(spans, max_size=4), st.integers(min_value=2020, max_value=2025))
def test_the_months_of_the_quarters_add_up_to_those_of_the_months(present, absent, year):
    months = sum(months_worked(start=date(year, m, 1), end=(date(year + m // 12, m % 12 + 1, 1) - timedelta(days=1)),
                               present=present, absent=absent) for m in range(1, 13))
    quarters = sum(months_worked(start=date(year, 3 * q - 2, 1),
                                 end=date(year + (3 * q) // 12, (3 * q) % 12 + 1, 1) - timedelta(days=1),
                                 present=present, absent=absent) for q in range(1, 5))
    assert abs(months - quarters) <= Decimal("0.05")  # each period rounds to 0.01
    assert Decimal(0) <= quarters <= Decimal(12)
