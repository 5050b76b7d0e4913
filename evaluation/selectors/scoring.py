"""Reads of the period-score job: which periods and batches it covers, each person's totals, and the arithmetic the
tracking page explains."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from evaluation.models import EvaluationYear, Period, PeriodScore, QualityReview, WorkItem
from evaluation.rules import nd335_2025

# People per batch: one Celery task each. A batch runs a fixed number of queries, so bigger batches cost less in all;
# smaller ones spread the night over more workers.
BATCH_SIZE = 2000
# Staff ids are positive: a batch open at either end is bounded by these.
FIRST_ID, BEYOND_LAST_ID = 0, 2**63 - 1

_WORK, _SCORES, _REVIEWS = WorkItem._meta.db_table, PeriodScore._meta.db_table, QualityReview._meta.db_table


@dataclass(frozen=True)
class Batch:
    """The people of some periods whose staff id is in [staff_from, staff_to); None leaves that end open, so the
    batches of a plan cover every person, even one who gets work after the plan was made. A batch spans periods (a
    person is in one agency, so in one period of a month): its cost follows the people, not the number of agencies."""

    period_ids: tuple[int, ...]
    staff_from: int | None
    staff_to: int | None


def open_periods() -> list[int]:
    """The periods the nightly recomputation covers: open, of an open year, with work in them."""
    return list(Period.objects.filter(is_closed=False, evaluation_year__status=EvaluationYear.Status.OPEN,
                                      work_items__isnull=False).distinct().order_by("pk").values_list("pk", flat=True))


def periods_in(period_ids) -> tuple[str, dict]:
    """`(%(p0)s, %(p1)s, ...)` and its parameters: the periods of a batch, for the raw queries below."""
    marks = ", ".join(f"%(p{index})s" for index in range(len(period_ids)))
    return f"({marks})", {f"p{index}": period_id for index, period_id in enumerate(period_ids)}


# Every person with work or a score in the periods, numbered by staff id: every size-th one starts a batch.
_BOUNDARIES_SQL = f"""
SELECT staff_member_id FROM (
    SELECT staff_member_id, ROW_NUMBER() OVER (ORDER BY staff_member_id) AS n
    FROM (SELECT staff_member_id FROM {_WORK} WHERE period_id IN {{periods}}
          UNION SELECT staff_member_id FROM {_SCORES} WHERE period_id IN {{periods}}) AS people
) AS numbered
WHERE (n - 1) %% %(size)s = 0
ORDER BY staff_member_id
"""  # noqa: S608 (table names only)


def score_batches(*, period_ids, size: int | None = None) -> list[Batch]:
    """Split the people of these periods (those with work or a score) into batches of `size` (BATCH_SIZE) people by
    staff id: one query, which gives the first staff id of each batch."""
    period_ids = tuple(sorted(period_ids))
    if not period_ids:
        return []
    periods, params = periods_in(period_ids)
    with connection.cursor() as cursor:
        cursor.execute(_BOUNDARIES_SQL.format(periods=periods), {**params, "size": size or BATCH_SIZE})
        starts = [row[0] for row in cursor.fetchall()]
    if not starts:
        return []
    ends = [*starts[1:], None]
    return [Batch(period_ids, start if index else None, end)
            for index, (start, end) in enumerate(zip(starts, ends, strict=True))]


# Per person and period of the batch: the products, the coefficients assigned and done, and the quality and timeliness
# points after the 25% deductions, as nd335_2025.task_totals sums them. Per product, its reviews give the failures the
# officer caused and whether the latest one passed; a done product nobody has reviewed meets its standard.
_TOTALS_SQL = f"""
SELECT w.period_id, w.staff_member_id, COUNT(*), SUM(w.coefficient),
       SUM(CASE WHEN w.done_on IS NULL THEN 0 ELSE w.coefficient END),
       SUM(CASE WHEN w.done_on IS NULL OR r.last_passed = 0 THEN 0
                WHEN w.coefficient * %(deduction)s * COALESCE(r.failed, 0) >= w.coefficient THEN 0
                ELSE w.coefficient - w.coefficient * %(deduction)s * COALESCE(r.failed, 0) END),
       SUM(CASE WHEN w.done_on IS NULL THEN 0
                WHEN w.coefficient * %(deduction)s * w.delays >= w.coefficient THEN 0
                ELSE w.coefficient - w.coefficient * %(deduction)s * w.delays END)
FROM {_WORK} w
LEFT JOIN (
    SELECT work_item_id, SUM(failed) AS failed, MAX(CASE WHEN latest = 1 THEN passed END) AS last_passed
    FROM (SELECT q.work_item_id, CASE WHEN q.passed OR q.objective_cause THEN 0 ELSE 1 END AS failed,
                 CASE WHEN q.passed THEN 1 ELSE 0 END AS passed,
                 ROW_NUMBER() OVER (PARTITION BY q.work_item_id ORDER BY q.reviewed_at DESC, q.id DESC) AS latest
          FROM {_REVIEWS} q JOIN {_WORK} i ON i.id = q.work_item_id
          WHERE i.period_id IN {{periods}} AND i.staff_member_id >= %(first)s AND i.staff_member_id < %(beyond)s
         ) AS reviews
    GROUP BY work_item_id
) r ON r.work_item_id = w.id
WHERE w.period_id IN {{periods}} AND w.staff_member_id >= %(first)s AND w.staff_member_id < %(beyond)s
GROUP BY w.period_id, w.staff_member_id
"""  # noqa: S608 (table names only)

# Coefficients have 2 decimals and a deduction of a quarter adds 2 more: every sum is exact at 4 decimals. SQLite sums
# them as floats; rounding to 4 decimals gives back the exact value (PostgreSQL's are exact already).
_EXACT = Decimal("0.0001")


def _exact(value) -> Decimal:
    return Decimal(value).quantize(_EXACT) if value is not None else Decimal(0)


def bounds(*, staff_from: int | None, staff_to: int | None) -> dict:
    """A batch's staff ids as the raw queries take them: [first, beyond)."""
    return {"first": FIRST_ID if staff_from is None else staff_from,
            "beyond": BEYOND_LAST_ID if staff_to is None else staff_to}


def task_totals_by_person(*, period_ids, staff_from: int | None = None,
                          staff_to: int | None = None) -> dict[tuple[int, int], nd335_2025.TaskTotals]:
    """The totals of each (period, person) with work in the batch, in one query."""
    periods, params = periods_in(period_ids)
    params.update(bounds(staff_from=staff_from, staff_to=staff_to), deduction=nd335_2025.DEDUCTION)
    with connection.cursor() as cursor:
        cursor.execute(_TOTALS_SQL.format(periods=periods), params)
        return {(period_id, staff_member_id): nd335_2025.TaskTotals(int(products), _exact(assigned), _exact(done),
                                                                    _exact(quality), _exact(timeliness))
                for period_id, staff_member_id, products, assigned, done, quality, timeliness in cursor.fetchall()}


def scores_for_update(*, period_ids, staff_from: int | None = None, staff_to: int | None = None):
    """The batch's stored scores, locked until the transaction ends: a person's recomputation queued meanwhile waits,
    then reads the work as it is after this batch."""
    scores = PeriodScore.objects.filter(period_id__in=period_ids)
    if staff_from is not None:
        scores = scores.filter(staff_member_id__gte=staff_from)
    if staff_to is not None:
        scores = scores.filter(staff_member_id__lt=staff_to)
    return scores.select_for_update().order_by("period_id", "staff_member_id").values_list(
        "period_id", "staff_member_id", "quantity_pct", "quality_pct", "timeliness_pct", "task_points",
        "general_points", "total", "pk")


def work_product(item: WorkItem) -> nd335_2025.WorkProduct:
    """A tracked work item as the rules see it (its reviews prefetched)."""
    reviews = sorted(item.reviews.all(), key=lambda review: (review.reviewed_at, review.pk))
    failed_by_officer = sum(1 for review in reviews if not review.passed and not review.objective_cause)
    # A done product nobody has reviewed yet counts as meeting its standard; the last review decides otherwise.
    quality_ok = reviews[-1].passed if reviews else item.done_on is not None
    return nd335_2025.WorkProduct(
        coefficient=item.coefficient, done=item.done_on is not None, failed_reviews=failed_by_officer,
        delays=item.delays, quality_ok=quality_ok)


def task_results_explained(*, period: Period, people) -> None:
    """Give each person shown (`period_items` with their reviews prefetched) the arithmetic of their task results,
    computed from the work on the page: no query."""
    formula = period.evaluation_year.rule_settings.get("task_formula", "mean")
    for person in people:
        products = [work_product(item) for item in person.period_items]
        person.arithmetic = nd335_2025.task_result(products=products, formula=formula).steps
