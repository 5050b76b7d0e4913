"""Levels, regimes and facts shared by NĐ 90/2020 (sửa đổi bởi NĐ 48/2023) and NĐ 335/2025."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

# Machine codes of the reasons an Outcome carries; the UI translates them.
WORKED_UNDER_6_MONTHS = "worked_under_6_months"
MATERNITY_EXCEPTION = "maternity_exception"
ABSENCE_3_TO_6_MONTHS = "absence_3_to_6_months"
DISCIPLINED = "disciplined"
DEGRADED = "degraded"
MANAGED_UNIT_CORRUPTION = "managed_unit_corruption"
SCORE_THRESHOLD = "score_threshold"
TWO_CONSECUTIVE_KHTNV = "two_consecutive_khtnv"
LEADER_UNIT_RESULTS_MISSING = "leader_unit_results_missing"  # NĐ 90: a leader's HTXSNV needs the unit's results
LEADER_UNIT_RESULTS_SHORT = "leader_unit_results_short"  # NĐ 90: the unit's results do not permit HTXSNV

MONTHS_IN_YEAR = Decimal(12)
FIRST_ND90_YEAR = 2020  # NĐ 90/2020 took effect on 2020-08-20 and governed the 2020 evaluation
FIRST_ND335_YEAR = 2026  # NĐ 335/2025 is in force from 2026-01-01


class Level(StrEnum):
    """Quality level (mức xếp loại chất lượng), best first; the same four in NĐ 90/2020 and NĐ 335/2025."""

    HTXSNV = "htxsnv"  # Hoàn thành xuất sắc nhiệm vụ
    HTTNV = "httnv"  # Hoàn thành tốt nhiệm vụ
    HTNV = "htnv"  # Hoàn thành nhiệm vụ
    KHTNV = "khtnv"  # Không hoàn thành nhiệm vụ
    NOT_CLASSIFIED = "not_classified"  # worked under 6 months: only a self-review (kiểm điểm)


_RANK = {Level.HTXSNV: 4, Level.HTTNV: 3, Level.HTNV: 2, Level.KHTNV: 1, Level.NOT_CLASSIFIED: 0}

# The four levels a person can actually be given, best first.
CLASSIFIED_LEVELS = (Level.HTXSNV, Level.HTTNV, Level.HTNV, Level.KHTNV)


def rank(level: Level) -> int:
    """Order of a level: HTXSNV 4 down to KHTNV 1, NOT_CLASSIFIED 0."""
    return _RANK[Level(level)]


def worst(a: Level, b: Level) -> Level:
    """The lower of two levels; NOT_CLASSIFIED counts as lowest of all."""
    return Level(a) if rank(a) <= rank(b) else Level(b)


def cap(level: Level, at_most: Level) -> Level:
    """A level limited to at most another one, i.e. the worse of the two (NĐ 90/2020 điều 2)."""
    return worst(level, at_most)


class Regime(StrEnum):
    """Legal regime of an evaluation year."""

    ND90_2020 = "nd90_2020"  # NĐ 90/2020 as amended by NĐ 48/2023, evaluation years 2020-2025
    ND335_2025 = "nd335_2025"  # NĐ 335/2025, evaluation years from 2026


def regime_for_year(year: int) -> Regime:
    """Regime that governs an evaluation year (NĐ 90/2020 from 2020, NĐ 335/2025 from 2026-01-01)."""
    if year < FIRST_ND90_YEAR:
        # Earlier years fell under NĐ 56/2015 (amended by NĐ 88/2017), which these rules do not model: refuse rather
        # than rate an old year under a decree that was not yet in force.
        raise ValueError(f"Evaluation year {year} predates NĐ 90/2020; NĐ 56/2015 is not modelled")
    return Regime.ND90_2020 if year < FIRST_ND335_YEAR else Regime.ND335_2025


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str = ""


@dataclass(frozen=True)
class Outcome:
    """The level the rules allow and every reason that capped or forced it."""

    level: Level
    reasons: tuple[Reason, ...]
    score: Decimal | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


@dataclass(frozen=True)
class PersonYear:
    """Facts about one person's evaluation year that both regimes read."""

    months_worked: Decimal  # months actually worked in the year
    maternity_leave: bool  # the time not worked was maternity leave (nghỉ chế độ thai sản)
    # Lawful absence other than maternity leave (sick leave, study, unpaid leave...). Maternity leave is left out on
    # purpose: the year is then rated on the time actually worked, never capped (NĐ 90/2020 điều 2).
    lawful_absence_months: Decimal
    # A discipline of khiển trách or heavier took effect in the year. One violation counts in one year only, even when
    # the Party and the administrative decisions fall in different years: the caller passes disciplined_in(year, ...).
    disciplined: bool
    degraded: bool = False  # concluded by the competent level to show degradation in politics, ethics or lifestyle
    leader_managed_unit_corruption: bool = False  # leaders: a directly managed unit was dealt with for corruption/waste

    def __post_init__(self) -> None:
        for name in ("months_worked", "lawful_absence_months"):
            value = getattr(self, name)
            if not 0 <= value <= MONTHS_IN_YEAR:
                raise ValueError(f"{name} must lie between 0 and 12, got {value}")
        if self.months_worked + self.lawful_absence_months > MONTHS_IN_YEAR:
            raise ValueError("months_worked + lawful_absence_months cannot exceed the 12 months of a year")


MIN_MONTHS_CLASSIFIED = Decimal(6)  # "chưa đủ 06 tháng": exactly 6 months worked is classified


def is_classified(year: PersonYear) -> bool:
    """Whether the year is classified at all: under 6 months worked gets no level, only a self-review (kiểm điểm),
    unless the time off was maternity leave (NĐ 90/2020 điều 2 [C]; NĐ 335/2025 the same, assumed [P])."""
    return year.months_worked >= MIN_MONTHS_CLASSIFIED or year.maternity_leave


def allowed_levels(ceiling: Level | None) -> tuple[Level, ...]:
    """What a head may propose under a ceiling, best first: NOT_CLASSIFIED alone for a year that is not classified,
    otherwise the four levels down from the ceiling (all four without one), never NOT_CLASSIFIED."""
    if ceiling is None:
        return CLASSIFIED_LEVELS
    if Level(ceiling) is Level.NOT_CLASSIFIED:
        return (Level.NOT_CLASSIFIED,)
    return tuple(level for level in CLASSIFIED_LEVELS if rank(level) <= rank(ceiling))


def violation_year(decision_dates: Iterable[date]) -> int:
    """The one evaluation year a violation forces KHTNV in: the first year in which one of its decisions takes effect
    (NĐ 48/2023 art. 2 amending NĐ 90/2020 [C]; the same reading for NĐ 335/2025's "disciplined in the year"). A Party
    decision of December 2024 and an administrative decision of February 2025 on one violation force 2024 only."""
    dates = list(decision_dates)
    if not dates:
        raise ValueError("A violation has at least one decision")
    return min(dates).year


def disciplined_in(year: int, violations: Iterable[Iterable[date]]) -> bool:
    """Whether discipline forces KHTNV in `year`: one of the person's violations (each given as the effective dates of
    its decisions) forces that year. Later decisions of a violation that already counted force nothing."""
    return any(violation_year(dates) == year for dates in violations)


def two_consecutive_khtnv(levels_by_year: dict[int, Level], year: int) -> bool:
    """Whether `year` and the year before were both KHTNV: an alert for a person to decide, never an action (Luật CBCC
    2008 điều 58 khoản 3 [P])."""
    return levels_by_year.get(year) == Level.KHTNV and levels_by_year.get(year - 1) == Level.KHTNV


def rating_deadline(*, year: int, special_calendar: bool = False) -> date:
    """The first day a year's rating is late: it must be done before 15/12, or before 15/01 of the next year for
    units with a special calendar (NĐ 335/2025 [C]; the same date under NĐ 90/2020)."""
    return date(year + 1, 1, 15) if special_calendar else date(year, 12, 15)


def appeal_open(*, approved_on: date, today: date, days: int) -> bool:
    """Whether a person may still appeal a result approved on `approved_on` (the window in days is a setting [U])."""
    return approved_on <= today <= approved_on + timedelta(days=days)
