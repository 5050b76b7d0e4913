from hypothesis import given
from hypothesis import strategies as st

from batxat_portal.text import fold


def test_fold_drops_vietnamese_diacritics_and_case():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  UBND   xã  Bát Xát ") == "ubnd xa bat xat"
    assert fold("Giàng A Páo") == "giang a pao"
    assert fold(None) == ""


@given(st.text())
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_a_folded_key_has_no_upper_case_and_no_double_spaces(text):
    key = fold(text)
    assert "  " not in key
    assert key == key.strip()
    assert "đ" not in key
