"""Retirement age under Nghị định 135/2020/NĐ-CP (Bộ luật Lao động 2019, điều 169), in force 2021-01-01."""

import calendar
from datetime import date

GENDER_MALE = "male"
GENDER_FEMALE = "female"

ROADMAP_START_YEAR = 2021

# (age before the roadmap, age in its first year, monthly step per year, cap) in whole months.
_ROADMAP = {
    GENDER_MALE: (60 * 12, 60 * 12 + 3, 3, 62 * 12),
    GENDER_FEMALE: (55 * 12, 55 * 12 + 4, 4, 60 * 12),
}


def _roadmap(gender: str) -> tuple[int, int, int, int]:
    try:
        return _ROADMAP[gender]
    except KeyError:
        raise ValueError(f"Unknown gender: {gender!r}") from None


def retirement_age_months(*, gender: str, year: int) -> int:
    """Required retirement age in whole months for a calendar year (NĐ 135/2020, điều 4; BLLĐ 2019, điều 169)."""
    before, first, step, cap = _roadmap(gender)
    if year < ROADMAP_START_YEAR:
        return before
    return min(first + step * (year - ROADMAP_START_YEAR), cap)


def retirement_age_label(*, gender: str, year: int) -> tuple[int, int]:
    """Required retirement age for a calendar year as (years, months), for display (NĐ 135/2020, điều 4)."""
    return divmod(retirement_age_months(gender=gender, year=year), 12)


def retirement_date(*, date_of_birth: date, gender: str) -> date:
    """Last day of the first month whose age reaches that year's required age (NĐ 135/2020, điều 4, phụ lục I)."""
    before, _, _, cap = _roadmap(gender)
    birth_index = date_of_birth.year * 12 + (date_of_birth.month - 1)
    # Walk month by month: the requirement jumps every January by more than the one month of ageing, so someone
    # just short in December can fall further behind in January and no closed formula covers every birth month.
    # The requirement never exceeds the cap, so the walk ends within cap - before + 1 months.
    for age_months in range(before, cap + 1):
        year, month0 = divmod(birth_index + age_months, 12)
        if age_months >= retirement_age_months(gender=gender, year=year):
            month = month0 + 1
            return date(year, month, calendar.monthrange(year, month)[1])
    raise AssertionError("unreachable: the cap is always met")  # pragma: no cover
