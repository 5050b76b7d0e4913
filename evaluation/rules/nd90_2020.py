"""Classification for evaluation years up to 2025 under NĐ 90/2020/NĐ-CP as amended by NĐ 48/2023/NĐ-CP.

The regime is criteria-based: the manager proposes a level and the competent head decides it, so these rules compute
no score; they only apply the caps and the forced levels the decree sets on top of that judgement.
"""

from dataclasses import dataclass
from decimal import Decimal

from evaluation.rules.common import (
    ABSENCE_3_TO_6_MONTHS,
    CLASSIFIED_LEVELS,
    DEGRADED,
    DISCIPLINED,
    LEADER_UNIT_RESULTS_MISSING,
    LEADER_UNIT_RESULTS_SHORT,
    MANAGED_UNIT_CORRUPTION,
    MATERNITY_EXCEPTION,
    WORKED_UNDER_6_MONTHS,
    Level,
    Outcome,
    PersonYear,
    Reason,
    cap,
)

MIN_MONTHS_WORKED = Decimal(6)  # "chưa đủ 06 tháng": exactly 6 months is enough to be classified
ABSENCE_CAP_FROM = Decimal(3)  # "từ 03 tháng": exactly 3 months is capped
ABSENCE_CAP_UNTIL = Decimal(6)  # "đến dưới 06 tháng": exactly 6 months is not capped by this rule


def classify(*, proposed: Level, year: PersonYear) -> Outcome:
    """Level a proposal may get after the attendance caps and forced KHTNV (NĐ 90/2020 điều 2; NĐ 48/2023)."""
    proposed = Level(proposed)
    if proposed not in CLASSIFIED_LEVELS:
        raise ValueError(f"The proposal must be one of the four levels, got {proposed.value}")
    # Every rule whose condition holds is reported, even one that does not change the level (a cap above the
    # proposal, a discipline in a year that is not classified), so the meeting sees all the facts it rests on.
    reasons: list[Reason] = []
    level = proposed
    not_classified = False

    if year.months_worked < MIN_MONTHS_WORKED:
        if year.maternity_leave:
            # Maternity leave: rated on the time actually worked, however short.
            reasons.append(Reason(MATERNITY_EXCEPTION, f"worked {year.months_worked} months, maternity leave"))
        else:
            not_classified = True
            reasons.append(Reason(WORKED_UNDER_6_MONTHS, f"worked {year.months_worked} < 6 months: self-review only"))

    # Exactly 6 months of absence escapes this cap by the wording "dưới 06 tháng". Such a person has worked at most 6
    # months: exactly 6 worked is classified uncapped (both texts taken literally), anything less is not classified
    # at all by the rule above. The gap is the decree's, not ours; the head can still propose a lower level.
    if ABSENCE_CAP_FROM <= year.lawful_absence_months < ABSENCE_CAP_UNTIL:
        level = cap(level, Level.HTNV)
        reasons.append(Reason(ABSENCE_3_TO_6_MONTHS, f"absent {year.lawful_absence_months} months: at most HTNV"))

    # Discipline is the docs/domain-rules.md rule [C]; degradation and, for leaders, corruption in a managed unit are
    # the decree's KHTNV criteria for cán bộ, công chức and viên chức alike [P]. Both flags default to False.
    disqualifiers = (
        (year.disciplined, DISCIPLINED, "disciplined (khiển trách or heavier) in the year"),
        (year.degraded, DEGRADED, "found degraded in politics, ethics or lifestyle"),
        (year.leader_managed_unit_corruption, MANAGED_UNIT_CORRUPTION, "a managed unit was dealt with for corruption"),
    )
    for applies, code, detail in disqualifiers:
        if applies:
            level = Level.KHTNV
            reasons.append(Reason(code, detail))

    if not_classified:
        # Not being classified comes first: no level, not even KHTNV, is given to someone who is not rated.
        level = Level.NOT_CLASSIFIED
    return Outcome(level=level, reasons=tuple(reasons))


def _share(name: str, value: Decimal) -> None:
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1, got {value}")


def leader_htxsnv_allowed(
    *,
    targets_met_all: bool,
    share_exceeded: Decimal,
    share_units_good_or_better: Decimal,
    min_exceeded: Decimal = Decimal("0.5"),
    min_units_good: Decimal = Decimal("0.7"),
    all_units_completed: bool = True,
) -> bool:
    """Whether a leader's unit results permit HTXSNV: all targets met, ≥50% exceeded, ≥70% of units HTTNV+ (NĐ 90/2020,
    HTXSNV criteria for leaders [P])."""
    for name, value in (
        ("share_exceeded", share_exceeded),
        ("share_units_good_or_better", share_units_good_or_better),
        ("min_exceeded", min_exceeded),
        ("min_units_good", min_units_good),
    ):
        _share(name, value)
    # The decree also wants 100% of the managed units rated HTNV or better; the flag defaults to True so a caller
    # that does not track it keeps the two-share test the portal was specified with.
    return (
        targets_met_all
        and all_units_completed
        and share_exceeded >= min_exceeded
        and share_units_good_or_better >= min_units_good
    )


@dataclass(frozen=True)
class UnitResults:
    """A leader's unit results for the year, as entered from the unit's report (shares between 0 and 1)."""

    targets_met_all: bool
    share_exceeded: Decimal
    share_units_good_or_better: Decimal


def classify_leader(
    *,
    proposed: Level,
    year: PersonYear,
    unit_results: UnitResults | None,
    min_exceeded: Decimal = Decimal("0.5"),
    min_units_good: Decimal = Decimal("0.7"),
) -> Outcome:
    """A leader's level: `classify`, then HTXSNV only when the unit's results permit it, else at most HTTNV; unit
    results not entered yet never permit it (NĐ 90/2020, HTXSNV criteria for leaders [P])."""
    outcome = classify(proposed=proposed, year=year)
    if Level(proposed) is not Level.HTXSNV:
        return outcome  # the unit's results only decide between HTXSNV and HTTNV
    if unit_results is None:
        reason = Reason(LEADER_UNIT_RESULTS_MISSING, "unit results not entered: at most HTTNV")
    elif leader_htxsnv_allowed(targets_met_all=unit_results.targets_met_all,
                               share_exceeded=unit_results.share_exceeded,
                               share_units_good_or_better=unit_results.share_units_good_or_better,
                               min_exceeded=min_exceeded, min_units_good=min_units_good):
        return outcome
    else:
        reason = Reason(LEADER_UNIT_RESULTS_SHORT,
                        f"targets all met: {unit_results.targets_met_all}, exceeded {unit_results.share_exceeded} "
                        f"(min {min_exceeded}), units good or better {unit_results.share_units_good_or_better} "
                        f"(min {min_units_good}): at most HTTNV")
    # Reported even when another rule already put the level lower, like every other cap here.
    return Outcome(level=cap(outcome.level, Level.HTTNV), reasons=(*outcome.reasons, reason))
