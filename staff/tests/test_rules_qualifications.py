from hypothesis import given
from hypothesis import strategies as st

from staff.rules.qualifications import Holdings, Requirements, qualification_gaps


def codes(required, held):
    return [gap.code for gap in qualification_gaps(required=required, held=held)]


def test_a_person_who_holds_everything_has_no_gap():
    required = Requirements(education=4, fields=("Luật",), political_theory=2, state_management=1, rank_code="01.003",
                            rank_order=30, it=True, ethnic_language=True)
    held = Holdings(education=5, field="Luật kinh tế", political_theory=3, state_management=1, rank_code="01.002",
                    rank_order=20, it=True, ethnic_language=True)
    assert codes(required, held) == []


def test_a_missing_state_management_certificate_is_a_gap():
    assert codes(Requirements(state_management=1), Holdings()) == ["state_management"]


def test_the_field_of_study_is_compared_without_diacritics_or_case():
    required = Requirements(education=4, fields=("Kế toán", "Tài chính"))
    assert codes(required, Holdings(education=4, field="ke toan doanh nghiep")) == []
    assert codes(required, Holdings(education=4, field="Luật")) == ["field"]


def test_the_field_is_not_judged_when_the_degree_itself_is_missing():
    assert codes(Requirements(education=4, fields=("Luật",)), Holdings(education=2, field="Y")) == ["education"]


def test_a_lower_rank_or_no_rank_is_a_gap_and_a_higher_rank_is_not():
    required = Requirements(rank_code="01.003", rank_order=30)
    assert codes(required, Holdings(rank_code="01.004", rank_order=40)) == ["rank"]
    assert codes(required, Holdings()) == ["rank"]
    assert codes(required, Holdings(rank_code="01.002", rank_order=20)) == []


levels = st.integers(min_value=0, max_value=6)


@given(required=levels, held=levels, more=st.integers(min_value=0, max_value=6))
def test_holding_more_never_adds_a_gap(required, held, more):
    before = codes(Requirements(education=required, political_theory=min(required, 3)),
                   Holdings(education=held, political_theory=min(held, 3)))
    after = codes(Requirements(education=required, political_theory=min(required, 3)),
                  Holdings(education=min(held + more, 6), political_theory=min(held + more, 3)))
    assert set(after) <= set(before)


@given(st.booleans(), st.booleans(), st.booleans())
def test_a_position_that_requires_nothing_finds_no_gap(it, language, ethnic):
    assert codes(Requirements(), Holdings(it=it, foreign_language=language, ethnic_language=ethnic)) == []
