import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rules.common import Level
from evaluation.rules.quota import check_quota, htxsnv_quota, max_htxsnv_kept

readings = st.sampled_from(["httnv", "httnv_plus_htxsnv"])
shares = st.decimals(min_value=0, max_value=1, places=2)
level_lists = st.lists(st.sampled_from(list(Level)), max_size=60)


def group(htxsnv=0, httnv=0, htnv=0, khtnv=0):
    return [Level.HTXSNV] * htxsnv + [Level.HTTNV] * httnv + [Level.HTNV] * htnv + [Level.KHTNV] * khtnv


@pytest.mark.parametrize(("httnv", "allowed"), [(10, 2), (4, 0), (5, 1), (9, 1), (14, 2), (15, 3), (0, 0)])
def test_the_quota_is_20_percent_of_the_httnv_count_rounded_down(httnv, allowed):
    assert htxsnv_quota(counts={Level.HTTNV: httnv, Level.HTNV: 7}) == allowed


def test_the_other_reading_counts_htxsnv_and_httnv_together():
    counts = {Level.HTXSNV: 3, Level.HTTNV: 9}
    assert htxsnv_quota(counts=counts) == 1
    assert htxsnv_quota(counts=counts, reading="httnv_plus_htxsnv") == 2


def test_the_share_is_a_setting():
    assert htxsnv_quota(counts={Level.HTTNV: 10}, share=Decimal("0.3")) == 3


def test_an_unknown_reading_is_refused():
    with pytest.raises(ValueError, match="reading"):
        htxsnv_quota(counts={Level.HTTNV: 10}, reading="everyone")


def test_a_share_above_one_is_refused():
    with pytest.raises(ValueError):
        htxsnv_quota(counts={Level.HTTNV: 10}, share=Decimal(20))


def test_two_htxsnv_among_ten_httnv_respect_the_quota():
    check = check_quota(levels=group(htxsnv=2, httnv=10, htnv=3))
    assert (check.allowed, check.proposed_htxsnv, check.respected, check.excess) == (2, 2, True, 0)


def test_one_htxsnv_among_four_httnv_breaks_the_quota():
    check = check_quota(levels=group(htxsnv=1, httnv=4))
    assert (check.allowed, check.respected, check.excess) == (0, False, 1)


def test_two_htxsnv_among_nine_httnv_exceed_it_by_one():
    check = check_quota(levels=group(htxsnv=2, httnv=9))
    assert (check.allowed, check.respected, check.excess) == (1, False, 1)


def test_the_combined_reading_can_accept_what_the_default_reading_refuses():
    assert check_quota(levels=group(htxsnv=2, httnv=9), reading="httnv_plus_htxsnv").respected


def test_an_exception_granted_by_the_competent_authority_lets_the_excess_stand_but_still_reports_it():
    check = check_quota(levels=group(htxsnv=3, httnv=4), exception_granted=True)
    assert check.respected
    assert check.excess == 3


def test_demoting_one_htxsnv_to_httnv_can_raise_the_allowance():
    before = check_quota(levels=group(htxsnv=3, httnv=14))
    after = check_quota(levels=group(htxsnv=2, httnv=15))
    assert (before.allowed, before.respected) == (2, False)
    assert (after.allowed, after.respected) == (3, True)


def test_max_htxsnv_kept_tells_how_many_can_stay_after_demotions():
    assert max_htxsnv_kept(counts={Level.HTXSNV: 3, Level.HTTNV: 14}) == 2
    assert max_htxsnv_kept(counts={Level.HTXSNV: 5, Level.HTTNV: 0}) == 0
    assert max_htxsnv_kept(counts={Level.HTXSNV: 1, Level.HTTNV: 10}) == 1


@given(level_lists, readings, shares)
def test_a_group_the_check_calls_respected_without_an_exception_never_exceeds_the_quota(levels, reading, share):
    check = check_quota(levels=levels, reading=reading, share=share)
    if check.respected:
        httnv = levels.count(Level.HTTNV)
        htxsnv = levels.count(Level.HTXSNV)
        base = httnv + (htxsnv if reading == "httnv_plus_htxsnv" else 0)
        assert htxsnv <= math.floor(share * base)
        assert check.excess == 0
    else:
        assert check.excess == check.proposed_htxsnv - check.allowed > 0


@given(level_lists, readings, shares)
def test_an_exception_always_makes_the_check_respected(levels, reading, share):
    assert check_quota(levels=levels, reading=reading, share=share, exception_granted=True).respected


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=60), readings, shares)
def test_the_number_kept_fits_the_quota_and_one_more_would_not(htxsnv, httnv, reading, share):
    kept = max_htxsnv_kept(counts={Level.HTXSNV: htxsnv, Level.HTTNV: httnv}, reading=reading, share=share)
    assert 0 <= kept <= htxsnv
    assert check_quota(levels=group(htxsnv=kept, httnv=httnv + htxsnv - kept), reading=reading, share=share).respected
    if kept < htxsnv:
        more = group(htxsnv=kept + 1, httnv=httnv + htxsnv - kept - 1)
        assert not check_quota(levels=more, reading=reading, share=share).respected
