from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rules.common import Level, PersonYear, rank
from evaluation.rules.nd335_2025 import (
    WorkProduct,
    classify,
    level_for_score,
    period_score,
    task_result,
    year_score,
)

D = Decimal


def product(coefficient="1", *, done=True, failed=0, delays=0, ok=True):
    return WorkProduct(coefficient=D(coefficient), done=done, failed_reviews=failed, delays=delays, quality_ok=ok)


def year(worked="12", *, maternity=False, disciplined=False, degraded=False, corruption=False):
    return PersonYear(months_worked=D(worked), maternity_leave=maternity, lawful_absence_months=D(0),
                      disciplined=disciplined, degraded=degraded, leader_managed_unit_corruption=corruption)


products = st.builds(
    WorkProduct,
    coefficient=st.decimals(min_value=0, max_value=5, places=2),
    done=st.booleans(),
    failed_reviews=st.integers(min_value=0, max_value=6),
    delays=st.integers(min_value=0, max_value=6),
    quality_ok=st.booleans(),
)
product_lists = st.lists(products, max_size=8)
formulas = st.sampled_from(["mean", "product"])
bases = st.sampled_from(["done", "assigned"])
scores = st.decimals(min_value=0, max_value=100, places=2)


# --- task results ---------------------------------------------------------------------------------------------------

WORKED_EXAMPLE = [
    product("1"),
    product("2", failed=1, delays=1),
    product("1", delays=2),
    product("1", done=False),
]


def test_the_worked_example_gives_its_percentages_points_and_arithmetic():
    result = task_result(products=WORKED_EXAMPLE)
    assert (result.quantity_pct, result.quality_pct, result.timeliness_pct) == (D("80.00"), D("87.50"), D("75.00"))
    assert result.points == D("56.58")
    assert result.steps == (
        "quantity = 4 / 5 = 80.00%",
        "product 2: quality 2 - 1 × 25% × 2 = 1.5",
        "product 2: timeliness 2 - 1 × 25% × 2 = 1.5",
        "product 3: timeliness 1 - 2 × 25% × 1 = 0.5",
        "quality = 3.5 / 4 = 87.50%",
        "timeliness = 3 / 4 = 75.00%",
        "combined = (80.00 + 87.50 + 75.00) / 3 = 80.83%",
        "points = 80.83% × 70 = 56.58",
    )


def test_the_product_formula_multiplies_the_three_percentages():
    result = task_result(products=WORKED_EXAMPLE, formula="product")
    assert result.points == D("36.75")  # 80 × 87.5 × 75 / 100² = 52.50% of 70
    assert result.steps[-2] == "combined = 80.00 × 87.50 × 75.00 / 100² = 52.50%"


def test_quality_and_timeliness_can_be_measured_against_the_assigned_products():
    result = task_result(products=WORKED_EXAMPLE, base="assigned")
    assert (result.quality_pct, result.timeliness_pct) == (D("70.00"), D("60.00"))
    assert result.points == D("49.00")


def test_an_unknown_formula_is_refused():
    with pytest.raises(ValueError, match="formula"):
        task_result(products=WORKED_EXAMPLE, formula="max")


def test_an_unknown_base_is_refused():
    with pytest.raises(ValueError, match="base"):
        task_result(products=WORKED_EXAMPLE, base="half")


def test_everything_done_well_and_on_time_earns_the_full_70_points():
    result = task_result(products=[product("1"), product("0.5")])
    assert result.points == D("70.00")


def test_nothing_assigned_gives_no_task_results_at_all():
    result = task_result(products=[])
    assert (result.quantity_pct, result.quality_pct, result.timeliness_pct, result.points) == (0, 0, 0, 0)
    assert result.steps == ("no work products assigned: no task results",)


def test_nothing_done_gives_zero_on_every_axis():
    result = task_result(products=[product("1", done=False), product("2", done=False)])
    assert result.points == 0


@pytest.mark.parametrize(("failed", "quality"), [(0, "100.00"), (1, "75.00"), (2, "50.00"), (3, "25.00"),
                                                 (4, "0.00"), (5, "0.00")])
def test_each_failed_review_caused_by_the_officer_costs_25_percent_of_the_products_quality_points(failed, quality):
    assert task_result(products=[product("2", failed=failed)]).quality_pct == D(quality)


@pytest.mark.parametrize(("delays", "timeliness"), [(0, "100.00"), (1, "75.00"), (2, "50.00"), (3, "25.00"),
                                                    (4, "0.00"), (7, "0.00")])
def test_each_delay_costs_25_percent_of_the_products_timeliness_points(delays, timeliness):
    assert task_result(products=[product("2", delays=delays)]).timeliness_pct == D(timeliness)


def test_a_deduction_only_touches_its_own_product():
    # Product 1 (coefficient 3) is clean, product 2 (coefficient 1) fails once: 3 + 0.75 of 4.
    assert task_result(products=[product("3"), product("1", failed=1)]).quality_pct == D("93.75")


def test_a_product_that_never_met_the_standard_earns_no_quality_points():
    result = task_result(products=[product("1", ok=False), product("1")])
    assert result.quality_pct == D("50.00")
    assert "product 1: quality not met = 0" in result.steps


def test_the_maximum_task_points_is_a_setting():
    assert task_result(products=[product()], max_points=D(60)).points == D("60.00")


def test_a_negative_coefficient_or_count_is_refused():
    with pytest.raises(ValueError):
        product("-1")
    with pytest.raises(ValueError):
        product(failed=-1)


@given(product_lists, formulas, bases)
def test_task_percentages_stay_within_0_and_100_and_points_within_the_maximum(items, formula, base):
    result = task_result(products=items, formula=formula, base=base)
    for pct in (result.quantity_pct, result.quality_pct, result.timeliness_pct):
        assert 0 <= pct <= 100
    assert 0 <= result.points <= 70


@given(st.lists(products, min_size=1, max_size=8), st.data(), formulas, bases, st.sampled_from(["failed", "delays"]))
def test_one_more_failed_review_or_delay_never_raises_the_points(items, data, formula, base, kind):
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    worse = list(items)
    old = worse[index]
    worse[index] = WorkProduct(coefficient=old.coefficient, done=old.done,
                               failed_reviews=old.failed_reviews + (kind == "failed"),
                               delays=old.delays + (kind == "delays"), quality_ok=old.quality_ok)
    before = task_result(products=items, formula=formula, base=base)
    after = task_result(products=worse, formula=formula, base=base)
    assert after.points <= before.points
    assert after.quality_pct <= before.quality_pct
    assert after.timeliness_pct <= before.timeliness_pct


# --- period and year scores -----------------------------------------------------------------------------------------


def test_a_period_score_adds_general_and_task_points():
    assert period_score(general_points=D("27.5"), task_points=D("56.58")) == D("84.08")


@pytest.mark.parametrize(("general", "task"), [("30.01", "0"), ("-1", "0"), ("0", "70.01"), ("0", "-0.01")])
def test_a_period_score_refuses_points_outside_their_range(general, task):
    with pytest.raises(ValueError):
        period_score(general_points=D(general), task_points=D(task))


def test_the_year_score_is_the_plain_average_of_the_period_scores():
    assert year_score(period_scores=[D(80), D(90), D(85)]) == D("85.00")
    assert year_score(period_scores=[D(80), D(90), D(91)]) == D("87.00")


def test_the_year_score_can_be_weighted_by_months_worked():
    assert year_score(period_scores=[D(60), D(90)], months_in_period=[D(1), D(2)], weighting="months") == D("80.00")


def test_the_rounded_year_score_can_cross_a_boundary_the_unrounded_one_does_not():
    scores = [D("89.99"), D("90.00")]
    assert year_score(period_scores=scores) == D("90.00")
    assert year_score(period_scores=scores, places=None) == D("89.995")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"period_scores": []},
        {"period_scores": [D(80)], "weighting": "median"},
        {"period_scores": [D(80)], "weighting": "months"},
        {"period_scores": [D(80), D(70)], "months_in_period": [D(3)], "weighting": "months"},
        {"period_scores": [D(80)], "months_in_period": [D(0)], "weighting": "months"},
        {"period_scores": [D(101)]},
    ],
)
def test_a_year_score_without_usable_periods_is_refused(kwargs):
    with pytest.raises(ValueError):
        year_score(**kwargs)


@given(st.lists(scores, min_size=1, max_size=12))
def test_the_plain_year_score_lies_between_the_lowest_and_highest_period(period_scores):
    assert min(period_scores) <= year_score(period_scores=period_scores) <= max(period_scores)


@given(st.lists(st.tuples(scores, st.decimals(min_value=0, max_value=3, places=1)), min_size=1, max_size=12)
       .filter(lambda pairs: sum(m for _, m in pairs) > 0))
def test_the_month_weighted_year_score_lies_between_the_lowest_and_highest_period(pairs):
    period_scores = [s for s, _ in pairs]
    result = year_score(period_scores=period_scores, months_in_period=[m for _, m in pairs], weighting="months")
    assert min(period_scores) <= result <= max(period_scores)


# --- levels ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("100", Level.HTXSNV),
        ("90", Level.HTXSNV),
        ("89.99", Level.HTTNV),
        ("70", Level.HTTNV),
        ("69.99", Level.HTNV),
        ("50", Level.HTNV),
        ("49.99", Level.KHTNV),
        ("0", Level.KHTNV),
    ],
)
def test_the_score_thresholds_are_90_70_and_50_inclusive(score, level):
    assert level_for_score(score=D(score)) is level


def test_the_thresholds_are_a_setting():
    assert level_for_score(score=D(85), thresholds=(D(85), D(65), D(45))) is Level.HTXSNV


@pytest.mark.parametrize("thresholds", [(D(70), D(90), D(50)), (D(90), D(70), D(70)), (D(101), D(70), D(50)),
                                        (D(90), D(70), D(0))])
def test_thresholds_out_of_order_are_refused(thresholds):
    with pytest.raises(ValueError):
        level_for_score(score=D(80), thresholds=thresholds)


def test_a_score_outside_0_to_100_is_refused():
    with pytest.raises(ValueError):
        level_for_score(score=D("100.01"))


@given(scores, scores)
def test_a_higher_score_never_gives_a_lower_level(a, b):
    low, high = sorted((a, b))
    assert rank(level_for_score(score=low)) <= rank(level_for_score(score=high))


def test_classify_gives_the_scores_level_and_says_why():
    outcome = classify(score=D("82.5"), year=year())
    assert outcome.level is Level.HTTNV
    assert outcome.score == D("82.5")
    assert outcome.codes == ("score_threshold",)
    assert outcome.reasons[0].detail == "score 82.5 is 70 to under 90: httnv"


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        ({"disciplined": True}, "disciplined"),
        ({"degraded": True}, "degraded"),
        ({"corruption": True}, "managed_unit_corruption"),
    ],
)
def test_each_disqualifier_forces_khtnv_even_with_a_top_score(facts, code):
    outcome = classify(score=D(98), year=year(**facts))
    assert outcome.level is Level.KHTNV
    assert outcome.codes == ("score_threshold", code)


@given(scores, st.tuples(st.booleans(), st.booleans(), st.booleans()).filter(any))
def test_a_disqualifier_always_gives_khtnv(score, flags):
    disciplined, degraded, corruption = flags
    facts = year(disciplined=disciplined, degraded=degraded, corruption=corruption)
    assert classify(score=score, year=facts).level is Level.KHTNV


def test_someone_who_worked_under_6_months_is_not_classified_by_assumption():
    outcome = classify(score=D(95), year=year("5.9"))
    assert outcome.level is Level.NOT_CLASSIFIED
    assert outcome.codes == ("score_threshold", "worked_under_6_months")
    assert classify(score=D(95), year=year("6")).level is Level.HTXSNV


def test_maternity_leave_keeps_a_short_year_classified():
    outcome = classify(score=D(95), year=year("3", maternity=True))
    assert outcome.level is Level.HTXSNV
    assert outcome.codes == ("score_threshold", "maternity_exception")


def test_the_attendance_rule_can_be_switched_off():
    assert classify(score=D(95), year=year("2"), apply_attendance_caps=False).level is Level.HTXSNV
