"""Who is not classified, and what a head may propose under a ceiling: the same answer in both regimes."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rules import nd90_2020, nd335_2025
from evaluation.rules.common import CLASSIFIED_LEVELS, Level, PersonYear, allowed_levels, is_classified, rank

D = Decimal


def year(worked="12", absent="0", *, maternity=False, disciplined=False, degraded=False):
    return PersonYear(months_worked=D(worked), maternity_leave=maternity, lawful_absence_months=D(absent),
                      disciplined=disciplined, degraded=degraded)


@pytest.mark.parametrize(("worked", "maternity", "classified"), [
    ("5.9", False, False),  # DOMAIN.md: under 6 months worked -> not classified, self-review only
    ("6", False, True),  # "chưa đủ 06 tháng": exactly 6 is enough
    ("2", True, True),  # maternity leave is the exception
    ("0", False, False),
])
def test_under_six_months_worked_is_not_classified_unless_maternity_leave(worked, maternity, classified):
    assert is_classified(year(worked, maternity=maternity)) is classified


def test_a_year_not_classified_allows_only_not_classified():
    assert allowed_levels(Level.NOT_CLASSIFIED) == (Level.NOT_CLASSIFIED,)


@pytest.mark.parametrize(("ceiling", "levels"), [
    (Level.HTNV, (Level.HTNV, Level.KHTNV)),  # 3 to 6 months of lawful absence
    (Level.KHTNV, (Level.KHTNV,)),  # disciplined in the year
    (Level.HTTNV, (Level.HTTNV, Level.HTNV, Level.KHTNV)),  # NĐ 90 leader without the unit's results
    (None, CLASSIFIED_LEVELS),  # NĐ 335 before the score: nothing caps the proposal yet
])
def test_a_ceiling_allows_the_levels_down_from_it(ceiling, levels):
    assert allowed_levels(ceiling) == levels


def test_before_a_score_nd335_decides_only_not_classified_and_disqualifiers():
    assert nd335_2025.classify_unscored(year=year("4")).level is Level.NOT_CLASSIFIED
    assert nd335_2025.classify_unscored(year=year("4", disciplined=True)).level is Level.NOT_CLASSIFIED
    assert nd335_2025.classify_unscored(year=year("12", disciplined=True)).level is Level.KHTNV
    assert nd335_2025.classify_unscored(year=year("4", maternity=True)) is None
    assert nd335_2025.classify_unscored(year=year("4"), apply_attendance_caps=False) is None


months = st.decimals(min_value=0, max_value=12, places=1)
facts = st.builds(lambda worked, absent, maternity, disciplined, degraded: year(
    str(worked), str(min(absent, 12 - worked)), maternity=maternity, disciplined=disciplined, degraded=degraded),
    months, months, st.booleans(), st.booleans(), st.booleans())
levels = st.sampled_from(CLASSIFIED_LEVELS)


@given(facts, levels)
def test_nd90_does_not_classify_exactly_those_the_rule_says(person, proposed):
    outcome = nd90_2020.classify(proposed=proposed, year=person)
    assert (outcome.level is Level.NOT_CLASSIFIED) is (not is_classified(person))


@given(facts, st.decimals(min_value=0, max_value=100, places=2))
def test_nd335_does_not_classify_exactly_those_the_rule_says_and_the_facts_agree_with_any_score(person, score):
    outcome = nd335_2025.classify(score=score, year=person)
    assert (outcome.level is Level.NOT_CLASSIFIED) is (not is_classified(person))
    unscored = nd335_2025.classify_unscored(year=person)
    if unscored is not None:
        assert unscored.level is outcome.level


@given(st.sampled_from([None, *Level]))
def test_not_classified_is_offered_alone_or_never(ceiling):
    offered = allowed_levels(ceiling)
    assert offered
    assert (Level.NOT_CLASSIFIED in offered) is (ceiling is Level.NOT_CLASSIFIED)
    if ceiling not in (None, Level.NOT_CLASSIFIED):
        assert offered[0] is ceiling and all(rank(level) <= rank(ceiling) for level in offered)
