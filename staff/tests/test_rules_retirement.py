from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from staff.rules.nd135_2020 import (
    GENDER_FEMALE,
    GENDER_MALE,
    retirement_age_label,
    retirement_age_months,
    retirement_date,
)

genders = st.sampled_from([GENDER_MALE, GENDER_FEMALE])
births = st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31))


def _months(years: int, months: int = 0) -> int:
    return years * 12 + months


@pytest.mark.parametrize(
    ("year", "years", "months"),
    [
        (2020, 60, 0),
        (2021, 60, 3),
        (2022, 60, 6),
        (2023, 60, 9),
        (2024, 61, 0),
        (2025, 61, 3),
        (2026, 61, 6),
        (2027, 61, 9),
        (2028, 62, 0),
        (2029, 62, 0),
    ],
)
def test_the_retirement_age_of_men_rises_three_months_a_year_from_2021_to_62_in_2028(year, years, months):
    assert retirement_age_months(gender=GENDER_MALE, year=year) == _months(years, months)
    assert retirement_age_label(gender=GENDER_MALE, year=year) == (years, months)


@pytest.mark.parametrize(
    ("year", "years", "months"),
    [
        (2020, 55, 0),
        (2021, 55, 4),
        (2022, 55, 8),
        (2023, 56, 0),
        (2024, 56, 4),
        (2025, 56, 8),
        (2026, 57, 0),
        (2027, 57, 4),
        (2028, 57, 8),
        (2029, 58, 0),
        (2030, 58, 4),
        (2031, 58, 8),
        (2032, 59, 0),
        (2033, 59, 4),
        (2034, 59, 8),
        (2035, 60, 0),
        (2036, 60, 0),
    ],
)
def test_the_retirement_age_of_women_rises_four_months_a_year_from_2021_to_60_in_2035(year, years, months):
    assert retirement_age_months(gender=GENDER_FEMALE, year=year) == _months(years, months)
    assert retirement_age_label(gender=GENDER_FEMALE, year=year) == (years, months)


def test_before_2021_men_retire_at_60_and_women_at_55():
    assert retirement_age_months(gender=GENDER_MALE, year=1995) == _months(60)
    assert retirement_age_months(gender=GENDER_FEMALE, year=1995) == _months(55)


def test_long_after_the_roadmap_the_ages_stay_at_62_and_60():
    assert retirement_age_label(gender=GENDER_MALE, year=2060) == (62, 0)
    assert retirement_age_label(gender=GENDER_FEMALE, year=2060) == (60, 0)


@pytest.mark.parametrize(
    ("gender", "born", "retires"),
    [
        # The 2021 start: the first birth months to fall under the roadmap.
        (GENDER_MALE, date(1960, 12, 15), date(2020, 12, 31)),
        (GENDER_MALE, date(1961, 1, 1), date(2021, 4, 30)),
        (GENDER_MALE, date(1961, 3, 10), date(2021, 6, 30)),
        (GENDER_MALE, date(1961, 9, 30), date(2021, 12, 31)),
        (GENDER_FEMALE, date(1965, 12, 31), date(2020, 12, 31)),
        (GENDER_FEMALE, date(1966, 1, 1), date(2021, 5, 31)),
        (GENDER_FEMALE, date(1966, 8, 31), date(2021, 12, 31)),
        # A January rise leaves the December-short birth months waiting several more months.
        (GENDER_MALE, date(1961, 10, 1), date(2022, 4, 30)),
        (GENDER_MALE, date(1961, 12, 1), date(2022, 6, 30)),
        (GENDER_MALE, date(1962, 6, 1), date(2022, 12, 31)),
        (GENDER_MALE, date(1962, 7, 1), date(2023, 4, 30)),
        (GENDER_FEMALE, date(1966, 9, 1), date(2022, 5, 31)),
        (GENDER_FEMALE, date(1966, 12, 1), date(2022, 8, 31)),
        # The caps: early 1966 (men) and early 1975 (women) births still meet the last step below the cap.
        (GENDER_MALE, date(1966, 1, 1), date(2027, 10, 31)),
        (GENDER_MALE, date(1966, 3, 31), date(2027, 12, 31)),
        (GENDER_MALE, date(1966, 4, 1), date(2028, 4, 30)),
        (GENDER_MALE, date(1966, 5, 20), date(2028, 5, 31)),
        (GENDER_MALE, date(1970, 12, 31), date(2032, 12, 31)),
        (GENDER_FEMALE, date(1975, 1, 1), date(2034, 9, 30)),
        (GENDER_FEMALE, date(1975, 4, 30), date(2034, 12, 31)),
        (GENDER_FEMALE, date(1975, 5, 1), date(2035, 5, 31)),
        (GENDER_FEMALE, date(1975, 8, 15), date(2035, 8, 31)),
        (GENDER_FEMALE, date(1980, 12, 31), date(2040, 12, 31)),
        # Leap-day births and births on the 31st count by their month only.
        (GENDER_MALE, date(1964, 2, 29), date(2025, 5, 31)),
        (GENDER_FEMALE, date(1968, 2, 29), date(2024, 6, 30)),
        (GENDER_FEMALE, date(1970, 12, 31), date(2028, 8, 31)),
        (GENDER_MALE, date(1963, 1, 31), date(2023, 10, 31)),
    ],
)
def test_the_retirement_date_follows_the_appendix_i_table(gender, born, retires):
    assert retirement_date(date_of_birth=born, gender=gender) == retires


def test_a_man_born_in_march_1961_retires_at_the_end_of_june_2021():
    assert retirement_date(date_of_birth=date(1961, 3, 1), gender=GENDER_MALE) == date(2021, 6, 30)


def test_a_woman_born_in_january_1966_retires_at_the_end_of_may_2021():
    assert retirement_date(date_of_birth=date(1966, 1, 1), gender=GENDER_FEMALE) == date(2021, 5, 31)


def test_an_unknown_gender_is_refused_by_every_function():
    with pytest.raises(ValueError):
        retirement_age_months(gender="other", year=2025)
    with pytest.raises(ValueError):
        retirement_age_label(gender="", year=2025)
    with pytest.raises(ValueError):
        retirement_date(date_of_birth=date(1970, 1, 1), gender="Male")


@given(born=births, gender=genders)
def test_the_retirement_date_is_always_the_last_day_of_its_month(born, gender):
    retires = retirement_date(date_of_birth=born, gender=gender)
    assert (retires + timedelta(days=1)).day == 1


@given(born=births, gender=genders)
def test_nobody_retires_before_the_month_of_their_55th_or_60th_birthday(born, gender):
    retires = retirement_date(date_of_birth=born, gender=gender)
    floor_years = 60 if gender == GENDER_MALE else 55
    assert (retires.year, retires.month) >= (born.year + floor_years, born.month)


@given(born=births, gender=genders)
def test_the_retirement_age_reached_is_exactly_the_first_month_meeting_that_years_requirement(born, gender):
    retires = retirement_date(date_of_birth=born, gender=gender)
    age = (retires.year * 12 + retires.month) - (born.year * 12 + born.month)
    assert age >= retirement_age_months(gender=gender, year=retires.year)
    before_year, before_month = divmod(retires.year * 12 + retires.month - 2, 12)
    assert age - 1 < retirement_age_months(gender=gender, year=before_year)


@given(first=births, second=births, gender=genders)
def test_someone_born_later_never_retires_earlier(first, second, gender):
    earlier, later = sorted([first, second])
    assert retirement_date(date_of_birth=earlier, gender=gender) <= retirement_date(date_of_birth=later, gender=gender)


@given(born=births)
def test_a_woman_never_retires_later_than_a_man_born_the_same_day(born):
    assert retirement_date(date_of_birth=born, gender=GENDER_FEMALE) <= retirement_date(
        date_of_birth=born, gender=GENDER_MALE
    )


@given(born=st.dates(min_value=date(1966, 4, 1), max_value=date(2010, 12, 31)))
def test_men_born_from_april_1966_retire_in_the_month_they_turn_62(born):
    assert retirement_date(date_of_birth=born, gender=GENDER_MALE).replace(day=1) == date(born.year + 62, born.month, 1)


@given(born=st.dates(min_value=date(1975, 5, 1), max_value=date(2010, 12, 31)))
def test_women_born_from_may_1975_retire_in_the_month_they_turn_60(born):
    assert retirement_date(date_of_birth=born, gender=GENDER_FEMALE).replace(day=1) == date(
        born.year + 60, born.month, 1
    )
