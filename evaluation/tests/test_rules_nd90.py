from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rules.common import CLASSIFIED_LEVELS, Level, PersonYear, rank
from evaluation.rules.nd90_2020 import UnitResults, classify, classify_leader, leader_htxsnv_allowed


def year(worked="12", absent="0", *, maternity=False, disciplined=False, degraded=False, corruption=False):
    return PersonYear(months_worked=Decimal(worked), maternity_leave=maternity, lawful_absence_months=Decimal(absent),
                      disciplined=disciplined, degraded=degraded, leader_managed_unit_corruption=corruption)


proposals = st.sampled_from(CLASSIFIED_LEVELS)
months = st.decimals(min_value=0, max_value=12, places=1)


@pytest.mark.parametrize("proposed", CLASSIFIED_LEVELS)
def test_a_full_year_without_incident_keeps_the_proposal(proposed):
    outcome = classify(proposed=proposed, year=year())
    assert outcome.level is proposed
    assert outcome.reasons == ()


def test_someone_who_worked_5_9_months_is_not_classified_and_only_reviews_themselves():
    outcome = classify(proposed=Level.HTXSNV, year=year("5.9"))
    assert outcome.level is Level.NOT_CLASSIFIED
    assert outcome.codes == ("worked_under_6_months",)


def test_someone_who_worked_exactly_6_months_is_classified():
    assert classify(proposed=Level.HTTNV, year=year("6")).level is Level.HTTNV


def test_maternity_leave_is_the_exception_to_the_six_month_rule():
    outcome = classify(proposed=Level.HTXSNV, year=year("4", maternity=True))
    assert outcome.level is Level.HTXSNV
    assert outcome.codes == ("maternity_exception",)


def test_maternity_leave_is_not_mentioned_when_the_person_worked_six_months_anyway():
    assert classify(proposed=Level.HTTNV, year=year("7", maternity=True)).reasons == ()


def test_an_absence_of_exactly_3_months_caps_the_level_at_htnv():
    outcome = classify(proposed=Level.HTXSNV, year=year("9", "3"))
    assert outcome.level is Level.HTNV
    assert outcome.codes == ("absence_3_to_6_months",)


def test_an_absence_just_under_3_months_does_not_cap():
    assert classify(proposed=Level.HTXSNV, year=year("9.1", "2.9")).level is Level.HTXSNV


def test_an_absence_just_under_6_months_is_still_capped():
    assert classify(proposed=Level.HTTNV, year=year("6.1", "5.9")).level is Level.HTNV


def test_an_absence_of_exactly_6_months_with_6_months_worked_escapes_both_rules_as_the_decree_is_worded():
    outcome = classify(proposed=Level.HTXSNV, year=year("6", "6"))
    assert outcome.level is Level.HTXSNV
    assert outcome.reasons == ()


def test_an_absence_of_6_months_with_less_than_6_worked_is_not_classified():
    assert classify(proposed=Level.HTTNV, year=year("5", "6")).level is Level.NOT_CLASSIFIED


def test_the_absence_cap_leaves_a_lower_proposal_alone_but_is_still_reported():
    outcome = classify(proposed=Level.KHTNV, year=year("8", "4"))
    assert outcome.level is Level.KHTNV
    assert outcome.codes == ("absence_3_to_6_months",)


@pytest.mark.parametrize("proposed", CLASSIFIED_LEVELS)
def test_a_discipline_in_the_year_forces_khtnv_whatever_the_proposal(proposed):
    outcome = classify(proposed=proposed, year=year(disciplined=True))
    assert outcome.level is Level.KHTNV
    assert outcome.codes == ("disciplined",)


def test_degradation_and_corruption_in_a_managed_unit_force_khtnv_too():
    assert classify(proposed=Level.HTXSNV, year=year(degraded=True)).level is Level.KHTNV
    assert classify(proposed=Level.HTXSNV, year=year(corruption=True)).codes == ("managed_unit_corruption",)


def test_every_reason_that_applied_is_returned():
    outcome = classify(proposed=Level.HTXSNV, year=year("4", "3.5", maternity=True, disciplined=True))
    assert outcome.level is Level.KHTNV
    assert outcome.codes == ("maternity_exception", "absence_3_to_6_months", "disciplined")


def test_someone_not_classified_gets_no_level_even_when_disciplined():
    outcome = classify(proposed=Level.HTTNV, year=year("3", disciplined=True))
    assert outcome.level is Level.NOT_CLASSIFIED
    assert outcome.codes == ("worked_under_6_months", "disciplined")


def test_not_classified_cannot_be_proposed():
    with pytest.raises(ValueError):
        classify(proposed=Level.NOT_CLASSIFIED, year=year())


@given(proposals, months, st.booleans(), st.booleans())
def test_the_outcome_is_never_better_than_the_proposal(proposed, worked, maternity, disciplined):
    outcome = classify(proposed=proposed, year=year(worked, "0", maternity=maternity, disciplined=disciplined))
    assert rank(outcome.level) <= rank(proposed)


disqualifiers = st.tuples(st.booleans(), st.booleans(), st.booleans()).filter(any)


@given(proposals, st.decimals(min_value=6, max_value=12, places=1), disqualifiers)
def test_a_disqualifier_always_gives_khtnv_to_someone_classified(proposed, worked, flags):
    disciplined, degraded, corruption = flags
    facts = year(worked, "0", disciplined=disciplined, degraded=degraded, corruption=corruption)
    assert classify(proposed=proposed, year=facts).level is Level.KHTNV


def test_a_leader_meeting_every_unit_condition_may_be_htxsnv():
    assert leader_htxsnv_allowed(targets_met_all=True, share_exceeded=Decimal("0.5"),
                                 share_units_good_or_better=Decimal("0.7"))


@pytest.mark.parametrize(
    ("targets", "exceeded", "units", "all_units"),
    [
        (False, "1", "1", True),
        (True, "0.49", "1", True),
        (True, "1", "0.69", True),
        (True, "1", "1", False),
    ],
)
def test_a_leader_missing_any_unit_condition_may_not_be_htxsnv(targets, exceeded, units, all_units):
    assert not leader_htxsnv_allowed(targets_met_all=targets, share_exceeded=Decimal(exceeded),
                                     share_units_good_or_better=Decimal(units), all_units_completed=all_units)


def test_the_leader_thresholds_are_settings():
    assert leader_htxsnv_allowed(targets_met_all=True, share_exceeded=Decimal("0.4"),
                                 share_units_good_or_better=Decimal("0.6"), min_exceeded=Decimal("0.4"),
                                 min_units_good=Decimal("0.6"))


def test_a_share_above_one_is_refused():
    with pytest.raises(ValueError):
        leader_htxsnv_allowed(targets_met_all=True, share_exceeded=Decimal(50), share_units_good_or_better=Decimal(1))


def units(targets=True, exceeded="0.5", good="0.7"):
    return UnitResults(targets_met_all=targets, share_exceeded=Decimal(exceeded),
                       share_units_good_or_better=Decimal(good))


def test_a_leader_whose_unit_qualifies_keeps_htxsnv():
    outcome = classify_leader(proposed=Level.HTXSNV, year=year(), unit_results=units())
    assert outcome.level is Level.HTXSNV and outcome.reasons == ()


@pytest.mark.parametrize(("unit_results", "code"), [
    (None, "leader_unit_results_missing"),
    (units(exceeded="0.49"), "leader_unit_results_short"),
    (units(targets=False, exceeded="1", good="1"), "leader_unit_results_short"),
])
def test_a_leader_without_qualifying_unit_results_is_capped_at_httnv(unit_results, code):
    outcome = classify_leader(proposed=Level.HTXSNV, year=year(), unit_results=unit_results)
    assert outcome.level is Level.HTTNV and outcome.codes == (code,)


def test_a_leader_proposed_below_htxsnv_needs_no_unit_results():
    assert classify_leader(proposed=Level.HTTNV, year=year(), unit_results=None).reasons == ()


unit_results = st.none() | st.builds(UnitResults, st.booleans(), st.decimals(min_value=0, max_value=1, places=2),
                                     st.decimals(min_value=0, max_value=1, places=2))


@given(proposals, months, st.booleans(), disqualifiers | st.just((False, False, False)), unit_results)
def test_a_leader_is_never_rated_above_a_non_leader_with_the_same_facts(proposed, worked, maternity, flags,
                                                                        results):
    disciplined, degraded, corruption = flags
    facts = year(worked, "0", maternity=maternity, disciplined=disciplined, degraded=degraded, corruption=corruption)
    leader = classify_leader(proposed=proposed, year=facts, unit_results=results)
    assert rank(leader.level) <= rank(classify(proposed=proposed, year=facts).level)
    if results is None:
        assert leader.level is not Level.HTXSNV
