"""The task result from per-person totals (what the period-score job sums in SQL) is the task result of the products."""

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rules.nd335_2025 import (
    NO_WORK,
    TaskTotals,
    WorkProduct,
    task_result,
    task_result_from_totals,
    task_totals,
)

D = Decimal

products = st.builds(
    WorkProduct,
    coefficient=st.decimals(min_value=D("0.01"), max_value=100, places=2),
    done=st.booleans(),
    failed_reviews=st.integers(min_value=0, max_value=6),
    delays=st.integers(min_value=0, max_value=6),
    quality_ok=st.booleans(),
)
product_lists = st.lists(products, max_size=12)
formulas = st.sampled_from(["mean", "product"])
bases = st.sampled_from(["done", "assigned"])
maxima = st.sampled_from([D(70), D(60), D("69.5")])


def numbers(result):
    return result.quantity_pct, result.quality_pct, result.timeliness_pct, result.points


@given(product_lists, formulas, bases, maxima)
def test_the_task_result_of_products_is_the_task_result_of_their_totals(items, formula, base, max_points):
    from_products = task_result(products=items, formula=formula, base=base, max_points=max_points)
    from_totals = task_result_from_totals(totals=task_totals(items), formula=formula, base=base,
                                          max_points=max_points)
    assert numbers(from_products) == numbers(from_totals)
    assert numbers(from_totals) == numbers(task_result_from_totals(
        totals=task_totals(items), formula=formula, base=base, max_points=max_points, explain=False))
    # The products' explanation is the totals' one with a line per product that lost points.
    assert [step for step in from_products.steps if not step.startswith("product ")] == list(from_totals.steps)


@given(product_lists, product_lists, st.randoms(use_true_random=False))
def test_totals_add_up_in_any_order_as_a_group_by_sums_them(first, second, rng):
    shuffled = first + second
    rng.shuffle(shuffled)
    assert task_totals(first) + task_totals(second) == task_totals(shuffled)
    assert task_totals([]) == NO_WORK


@given(product_lists, formulas)
def test_the_task_points_do_not_depend_on_the_order_of_the_products(items, formula):
    shuffled = list(items)
    random.Random(len(items)).shuffle(shuffled)
    assert numbers(task_result(products=items, formula=formula)) == numbers(task_result(products=shuffled,
                                                                                         formula=formula))


def test_four_failures_or_four_delays_leave_no_points_on_that_axis_and_never_fewer():
    totals = task_totals([WorkProduct(coefficient=D(2), done=True, failed_reviews=5, delays=4, quality_ok=True)])
    assert (totals.quality_points, totals.timeliness_points) == (0, 0)
    assert task_result_from_totals(totals=totals).points == D("23.33")  # quantity 100%, the rest 0: a third of 70


def test_no_work_gives_no_task_results():
    result = task_result_from_totals(totals=NO_WORK)
    assert numbers(result) == (D("0.00"),) * 4
    assert result.steps == ("no work products assigned: no task results",)


def test_impossible_totals_and_unknown_readings_are_refused():
    with pytest.raises(ValueError, match="negative"):
        task_result_from_totals(totals=TaskTotals(1, D(1), D(-1), D(0), D(0)))
    with pytest.raises(ValueError, match="formula"):
        task_result_from_totals(totals=NO_WORK, formula="median")
    with pytest.raises(ValueError, match="base"):
        task_result(products=[], base="planned")
