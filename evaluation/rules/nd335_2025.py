"""Scored classification for evaluation years from 2026 under NĐ 335/2025/NĐ-CP (in force 2026-01-01).

100 points: general criteria up to 30, task results up to 70, tracked monthly or quarterly on assigned work products.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from evaluation.rules.common import (
    DEGRADED,
    DISCIPLINED,
    MANAGED_UNIT_CORRUPTION,
    MATERNITY_EXCEPTION,
    SCORE_THRESHOLD,
    WORKED_UNDER_6_MONTHS,
    Level,
    Outcome,
    PersonYear,
    Reason,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
DEDUCTION = Decimal("0.25")  # 25% of the product's points per failed review or per delay [C]
MIN_MONTHS_WORKED = Decimal(6)

FORMULAS = ("mean", "product")  # how quantity, quality and timeliness combine into the task points [U]
BASES = ("done", "assigned")  # what quality and timeliness are a percentage of
WEIGHTINGS = ("plain", "months")  # how period scores average into the year's score
DEFAULT_THRESHOLDS = (Decimal(90), Decimal(70), Decimal(50))  # lowest score of HTXSNV, HTTNV, HTNV [C]


@dataclass(frozen=True)
class WorkProduct:
    """One assigned work product (sản phẩm/công việc) of a month or quarter."""

    coefficient: Decimal  # conversion coefficient (hệ số quy đổi), >= 0
    done: bool
    # Failed quality reviews caused by the officer: the caller leaves out failures for objective reasons confirmed by
    # the competent level, which the decree exempts.
    failed_reviews: int
    delays: int  # times it was late
    quality_ok: bool  # finally met the standard

    def __post_init__(self) -> None:
        if self.coefficient < 0:
            raise ValueError(f"coefficient must be >= 0, got {self.coefficient}")
        if self.failed_reviews < 0 or self.delays < 0:
            raise ValueError("failed_reviews and delays must be >= 0")


@dataclass(frozen=True)
class TaskResult:
    quantity_pct: Decimal
    quality_pct: Decimal
    timeliness_pct: Decimal
    points: Decimal
    steps: tuple[str, ...] = ()  # the arithmetic, one short English line each, for the UI to show


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return _round(ZERO)
    return _round(min(max(part / whole * HUNDRED, ZERO), HUNDRED))


def _fmt(value: Decimal) -> str:
    # "3" rather than "3.000" or "3E+0": coefficients come in whatever precision the caller stored.
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _after_deductions(coefficient: Decimal, count: int) -> Decimal:
    return max(coefficient - coefficient * DEDUCTION * count, ZERO)


def task_result(
    *,
    products: Sequence[WorkProduct],
    max_points: Decimal = Decimal(70),
    formula: str = "mean",
    base: str = "done",
) -> TaskResult:
    """Task points of one period from quantity, quality and timeliness with 25% deductions (NĐ 335/2025 [C]; formula
    [U])."""
    # The numbers come from the per-person totals, as the period-score job computes them in SQL; only the lines
    # that name a product are added here.
    result = task_result_from_totals(totals=task_totals(products), max_points=max_points, formula=formula, base=base)
    if not products:
        return result
    lines: list[str] = []
    for i, p in enumerate(products, start=1):
        if not p.done:
            continue
        if not p.quality_ok:
            lines.append(f"product {i}: quality not met = 0")
        elif p.failed_reviews:
            lines.append(f"product {i}: quality {_fmt(p.coefficient)} - {p.failed_reviews} × 25% × "
                         f"{_fmt(p.coefficient)} = {_fmt(product_quality_points(p))}")
        if p.delays:
            lines.append(f"product {i}: timeliness {_fmt(p.coefficient)} - {p.delays} × 25% × "
                         f"{_fmt(p.coefficient)} = {_fmt(product_timeliness_points(p))}")
    # The quantity line first, then the products, then quality, timeliness and how they combine.
    return replace(result, steps=(result.steps[0], *lines, *result.steps[1:]))


def period_score(
    *,
    general_points: Decimal,
    task_points: Decimal,
    general_max: Decimal = Decimal(30),
    task_max: Decimal = Decimal(70),
) -> Decimal:
    """Score of one month or quarter: general criteria (≤ 30) plus task results (≤ 70) (NĐ 335/2025 [C])."""
    if general_max < 0 or task_max < 0:
        raise ValueError("general_max and task_max must be >= 0")
    if not 0 <= general_points <= general_max:
        raise ValueError(f"general_points must lie between 0 and {general_max}, got {general_points}")
    if not 0 <= task_points <= task_max:
        raise ValueError(f"task_points must lie between 0 and {task_max}, got {task_points}")
    return general_points + task_points


def year_score(
    *,
    period_scores: Sequence[Decimal],
    months_in_period: Sequence[Decimal] | None = None,
    weighting: str = "plain",
    places: int | None = 2,
) -> Decimal:
    """The year's score: the plain average of the period scores [C] or weighted by months worked [U] (NĐ 335/2025)."""
    if weighting not in WEIGHTINGS:
        raise ValueError(f"Unknown weighting {weighting!r}; expected one of {WEIGHTINGS}")
    if not period_scores:
        raise ValueError("No period scores: a year needs at least one rated month or quarter")
    if any(not 0 <= score <= HUNDRED for score in period_scores):
        raise ValueError("Every period score must lie between 0 and 100")
    if weighting == "plain":
        # months_in_period is ignored here so the app can pass it whatever the setting.
        average = sum(period_scores, ZERO) / len(period_scores)
    else:
        if months_in_period is None or len(months_in_period) != len(period_scores):
            raise ValueError("Weighting by months needs one months value per period score")
        if any(months < 0 for months in months_in_period):
            raise ValueError("Months in a period must be >= 0")
        total_months = sum(months_in_period, ZERO)
        if total_months <= 0:
            raise ValueError("Weighting by months needs some months worked")
        average = sum((s * m for s, m in zip(period_scores, months_in_period, strict=True)), ZERO) / total_months
    if places is None:
        return average
    # Rounded like every other score. Mind the boundary: periods of 89.99 and 90.00 average 89.995, which rounds to
    # 90.00 and so to HTXSNV; pass places=None to compare the unrounded average instead.
    return average.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


Span = tuple[date, date]  # first and last day, both included


def _merged(spans: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _days(a: Span, b: Span) -> int:
    return max((min(a[1], b[1]) - max(a[0], b[0])).days + 1, 0)


def months_worked(*, start: date, end: date, present: Sequence[Span], absent: Sequence[Span] = ()) -> Decimal:
    """Months worked between `start` and `end` (a period), the weight of its score when the year's score is weighted
    by months worked [U]: each calendar month adds the share of its days on which the person was present (in the
    agency) and not absent (on leave); a whole month is 1, a quarter 3. Overlapping spans count once."""
    if end < start:
        raise ValueError("A period ends on or after its start")
    present, absent = _merged(present), _merged(absent)
    total = ZERO
    month = date(start.year, start.month, 1)
    while month <= end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        whole = (month, following - timedelta(days=1))
        part = (max(start, whole[0]), min(end, whole[1]))
        here = [(max(p[0], part[0]), min(p[1], part[1])) for p in present if _days(p, part)]
        worked = sum(_days(span, span) for span in here) - sum(_days(span, away) for span in here for away in absent)
        total += Decimal(worked) / Decimal((whole[1] - whole[0]).days + 1)
        month = following
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_thresholds(thresholds: tuple[Decimal, Decimal, Decimal]) -> None:
    excellent, good, done = thresholds
    if not HUNDRED >= excellent > good > done > 0:
        raise ValueError(f"Thresholds must fall strictly within 100 >= HTXSNV > HTTNV > HTNV > 0, got {thresholds}")


def level_for_score(
    *, score: Decimal, thresholds: tuple[Decimal, Decimal, Decimal] = DEFAULT_THRESHOLDS
) -> Level:
    """Level of a score: ≥ 90 HTXSNV, 70 to < 90 HTTNV, 50 to < 70 HTNV, < 50 KHTNV (NĐ 335/2025 [C])."""
    _check_thresholds(thresholds)
    if not 0 <= score <= HUNDRED:
        raise ValueError(f"A score lies between 0 and 100, got {score}")
    for level, lowest in zip((Level.HTXSNV, Level.HTTNV, Level.HTNV), thresholds, strict=True):
        if score >= lowest:
            return level
    return Level.KHTNV


def _threshold_detail(score: Decimal, level: Level, thresholds: tuple[Decimal, Decimal, Decimal]) -> str:
    excellent, good, done = (_fmt(t) for t in thresholds)
    band = {
        Level.HTXSNV: f">= {excellent}",
        Level.HTTNV: f"{good} to under {excellent}",
        Level.HTNV: f"{done} to under {good}",
        Level.KHTNV: f"under {done}",
    }[level]
    return f"score {score} is {band}: {level.value}"


def classify(
    *,
    score: Decimal,
    year: PersonYear,
    thresholds: tuple[Decimal, Decimal, Decimal] = DEFAULT_THRESHOLDS,
    apply_attendance_caps: bool = True,
) -> Outcome:
    """Level of a year's score after the KHTNV disqualifiers (NĐ 335/2025 [C]) and the 6-month rule (assumed [P])."""
    level = level_for_score(score=score, thresholds=thresholds)
    # Every rule whose condition holds is reported, the score band first, even when a later rule overrides it.
    reasons = [Reason(SCORE_THRESHOLD, _threshold_detail(score, level, thresholds))]
    for applies, code, detail in (
        (year.disciplined, DISCIPLINED, "disciplined (khiển trách or heavier) in the year"),
        (year.degraded, DEGRADED, "found degraded in politics, ethics or lifestyle"),
        (year.leader_managed_unit_corruption, MANAGED_UNIT_CORRUPTION, "a managed unit was dealt with for corruption"),
    ):
        if applies:
            level = Level.KHTNV
            reasons.append(Reason(code, detail))

    # Assumption [P]: docs/domain-rules.md states the under-6-months rule only for NĐ 90/2020. We carry it over (a
    # year with under 6 months worked is not classified, maternity leave excepted) because NĐ 335/2025 keeps the annual
    # classification on the time worked; apply_attendance_caps=False turns it off. The 3-to-6-months absence cap
    # is not carried over: the score averages only the periods actually worked and rated.
    if apply_attendance_caps and year.months_worked < MIN_MONTHS_WORKED:
        if year.maternity_leave:
            reasons.append(Reason(MATERNITY_EXCEPTION, f"worked {year.months_worked} months, maternity leave"))
        else:
            level = Level.NOT_CLASSIFIED
            reasons.append(Reason(WORKED_UNDER_6_MONTHS, f"worked {year.months_worked} < 6 months: self-review only"))
    return Outcome(level=level, reasons=tuple(reasons), score=score)


def classify_unscored(*, year: PersonYear, apply_attendance_caps: bool = True) -> Outcome | None:
    """What the facts alone decide before the year has a score: not classified (under 6 months worked, maternity
    leave excepted) or KHTNV (a disqualifier), with the same reasons `classify` gives; None when the level waits for
    the score (NĐ 335/2025 [C]; the 6-month rule assumed [P], as in `classify`)."""
    if apply_attendance_caps and year.months_worked < MIN_MONTHS_WORKED and not year.maternity_leave:
        return Outcome(level=Level.NOT_CLASSIFIED,
                       reasons=(Reason(WORKED_UNDER_6_MONTHS,
                                       f"worked {year.months_worked} < 6 months: self-review only"),))
    reasons = tuple(Reason(code, detail) for applies, code, detail in (
        (year.disciplined, DISCIPLINED, "disciplined (khiển trách or heavier) in the year"),
        (year.degraded, DEGRADED, "found degraded in politics, ethics or lifestyle"),
        (year.leader_managed_unit_corruption, MANAGED_UNIT_CORRUPTION, "a managed unit was dealt with for corruption"),
    ) if applies)
    return Outcome(level=Level.KHTNV, reasons=reasons) if reasons else None


# --- task results from per-person totals ------------------------------------------------------------------------------
# The period-score job sums each person's products in SQL (one GROUP BY per batch) and applies the arithmetic below to
# the sums; task_result over the products goes through the same function, so the two cannot drift apart.


@dataclass(frozen=True)
class TaskTotals:
    """A person's work products of one period, summed: everything the task result depends on."""

    products: int  # how many were assigned
    assigned: Decimal  # sum of the coefficients
    done: Decimal  # sum of the coefficients of the products done
    quality_points: Decimal  # sum of product_quality_points over the products done
    timeliness_points: Decimal  # sum of product_timeliness_points over the products done

    def __add__(self, other: "TaskTotals") -> "TaskTotals":
        return TaskTotals(self.products + other.products, self.assigned + other.assigned, self.done + other.done,
                          self.quality_points + other.quality_points,
                          self.timeliness_points + other.timeliness_points)


NO_WORK = TaskTotals(products=0, assigned=ZERO, done=ZERO, quality_points=ZERO, timeliness_points=ZERO)


def product_quality_points(product: WorkProduct) -> Decimal:
    """A done product's quality points: 0 if it finally fails its standard, else its coefficient less 25% of it per
    failed review the officer caused, never below 0 (NĐ 335/2025 [C])."""
    return _after_deductions(product.coefficient, product.failed_reviews) if product.quality_ok else ZERO


def product_timeliness_points(product: WorkProduct) -> Decimal:
    """A done product's timeliness points: its coefficient less 25% of it per delay, never below 0 (NĐ 335/2025 [C])."""
    return _after_deductions(product.coefficient, product.delays)


def task_totals(products: Sequence[WorkProduct]) -> TaskTotals:
    """The totals of a list of products (what the job's SQL computes per person)."""
    done = [p for p in products if p.done]
    return TaskTotals(
        products=len(products),
        assigned=sum((p.coefficient for p in products), ZERO),
        done=sum((p.coefficient for p in done), ZERO),
        quality_points=sum((product_quality_points(p) for p in done), ZERO),
        timeliness_points=sum((product_timeliness_points(p) for p in done), ZERO),
    )


def task_result_from_totals(
    *,
    totals: TaskTotals,
    max_points: Decimal = Decimal(70),
    formula: str = "mean",
    base: str = "done",
    explain: bool = True,
) -> TaskResult:
    """Task points of one period from a person's totals: quantity, quality and timeliness as percentages, combined by
    the formula (NĐ 335/2025 [C]; formula [U]). explain=False leaves out the steps (the job stores none)."""
    if formula not in FORMULAS:
        raise ValueError(f"Unknown formula {formula!r}; expected one of {FORMULAS}")
    if base not in BASES:
        raise ValueError(f"Unknown base {base!r}; expected one of {BASES}")
    if max_points < 0:
        raise ValueError(f"max_points must be >= 0, got {max_points}")
    if totals.products < 0 or min(totals.assigned, totals.done, totals.quality_points, totals.timeliness_points) < 0:
        raise ValueError(f"Totals cannot be negative, got {totals}")
    zero = _round(ZERO)
    if not totals.products:
        # Nothing assigned means no task results at all, not a perfect score: the head must assign work.
        return TaskResult(zero, zero, zero, zero, ("no work products assigned: no task results",))

    # docs/domain-rules.md measures quality and timeliness over the products done; published summaries of the decree
    # word both against the products assigned, which also charges unfinished work on those two axes. "base" keeps it
    # a setting.
    denominator = totals.done if base == "done" else totals.assigned
    quantity_pct = _pct(totals.done, totals.assigned)
    quality_pct = _pct(totals.quality_points, denominator)
    timeliness_pct = _pct(totals.timeliness_points, denominator)
    # The points are computed from the rounded percentages the steps show, so the arithmetic on screen adds up.
    if formula == "mean":
        combined = _round((quantity_pct + quality_pct + timeliness_pct) / 3)
    else:
        combined = _round(quantity_pct * quality_pct * timeliness_pct / (HUNDRED * HUNDRED))
    points = _round(combined * max_points / HUNDRED)
    if not explain:
        return TaskResult(quantity_pct, quality_pct, timeliness_pct, points)
    steps = [f"quantity = {_fmt(totals.done)} / {_fmt(totals.assigned)} = {quantity_pct}%",
             f"quality = {_fmt(totals.quality_points)} / {_fmt(denominator)} = {quality_pct}%",
             f"timeliness = {_fmt(totals.timeliness_points)} / {_fmt(denominator)} = {timeliness_pct}%"]
    if formula == "mean":
        steps.append(f"combined = ({quantity_pct} + {quality_pct} + {timeliness_pct}) / 3 = {combined}%")
    else:
        steps.append(f"combined = {quantity_pct} × {quality_pct} × {timeliness_pct} / 100² = {combined}%")
    steps.append(f"points = {combined}% × {_fmt(max_points)} = {points}")
    return TaskResult(quantity_pct, quality_pct, timeliness_pct, points, tuple(steps))
