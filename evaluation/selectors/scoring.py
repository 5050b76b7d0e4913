"""Reads of the period-score job: which periods and batches it covers, each person's totals, and the arithmetic the
tracking page explains."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from evaluation.models import EvaluationYear, Period, PeriodScore, QualityReview, WorkItem
from evaluation.rules import nd335_2025

# People per batch: one Celery task each. A batch runs a fixed number of queries, so bigger batches cost less in all;
# smaller ones spread a big agency over more workers.
BATCH_SIZE = 2000
# Staff ids are positive: a batch open at either end is bounded by these.
FIRST_ID, BEYOND_LAST_ID = 0, 2**63 - 1


@dataclass(frozen=True)
class Batch:
    """The people of a period whose staff id is in [staff_from, staff_to); None leaves that end open, so the batches
    of a plan cover every person, even one who gets work after the plan was made."""

    period_id: int
    staff_from: int | None
    staff_to: int | None


def open_periods() -> list[int]:
    """The periods the nightly recomputation covers: open, of an open year, with work in them."""
    return list(Period.objects.filter(is_closed=False, evaluation_year__status=EvaluationYear.Status.OPEN,
                                      work_items__isnull=False).distinct().order_by("pk").values_list("pk", flat=True))


# Every person with work or a score in the period, numbered by staff id: every size-th one starts a batch.
_BOUNDARIES_SQL = f"""
SELECT staff_member_id FROM (
    SELECT staff_member_id, ROW_NUMBER() OVER (ORDER BY staff_member_id) AS n
    FROM (SELECT staff_member_id FROM {WorkItem._meta.db_table} WHERE period_id = %(period)s
          UNION SELECT staff_member_id FROM {PeriodScore._meta.db_table} WHERE period_id = %(period)s) AS people
) AS numbered
WHERE (n - 1) %% %(size)s = 0
ORDER BY staff_member_id
"""  # noqa: S608 (table names only)


def score_batches(*, period_id: int, size: int | None = None) -> list[Batch]:
    """Split a period's people (those with work or with a score) into batches of `size` (BATCH_SIZE) by staff id: one
    query, the first staff id of each batch."""
    with connection.cursor() as cursor:
        cursor.execute(_BOUNDARIES_SQL, {"period": period_id, "size": size or BATCH_SIZE})
        starts = [row[0] for row in cursor.fetchall()]
    if not starts:
        return []
    ends = [*starts[1:], None]
    return [Batch(period_id, start if index else None, end) for index, (start, end) in enumerate(zip(starts, ends,
                                                                                                    strict=True))]


# Per person of the batch: the products, the coefficients assigned and done, and the quality and timeliness points
# after the 25% deductions, exactly as nd335_2025.task_totals sums them. Per product, the reviews give the failures the
# officer caused and whether the latest review passed; a done product nobody has reviewed meets its standard.
_TOTALS_SQL = f"""
SELECT w.staff_member_id, COUNT(*), SUM(w.coefficient),
       SUM(CASE WHEN w.done_on IS NULL THEN 0 ELSE w.coefficient END),
       SUM(CASE WHEN w.done_on IS NULL OR r.last_passed = 0 THEN 0
                WHEN w.coefficient * %(deduction)s * COALESCE(r.failed, 0) >= w.coefficient THEN 0
                ELSE w.coefficient - w.coefficient * %(deduction)s * COALESCE(r.failed, 0) END),
       SUM(CASE WHEN w.done_on IS NULL THEN 0
                WHEN w.coefficient * %(deduction)s * w.delays >= w.coefficient THEN 0
                ELSE w.coefficient - w.coefficient * %(deduction)s * w.delays END)
FROM {WorkItem._meta.db_table} w
LEFT JOIN (
    SELECT work_item_id, SUM(failed) AS failed, MAX(CASE WHEN latest = 1 THEN passed END) AS last_passed
    FROM (SELECT q.work_item_id, CASE WHEN q.passed OR q.objective_cause THEN 0 ELSE 1 END AS failed,
                 CASE WHEN q.passed THEN 1 ELSE 0 END AS passed,
                 ROW_NUMBER() OVER (PARTITION BY q.work_item_id ORDER BY q.reviewed_at DESC, q.id DESC) AS latest
          FROM {QualityReview._meta.db_table} q JOIN {WorkItem._meta.db_table} i ON i.id = q.work_item_id
          WHERE i.period_id = %(period)s AND i.staff_member_id >= %(first)s AND i.staff_member_id < %(beyond)s
         ) AS reviews
    GROUP BY work_item_id
) r ON r.work_item_id = w.id
WHERE w.period_id = %(period)s AND w.staff_member_id >= %(first)s AND w.staff_member_id < %(beyond)s
GROUP BY w.staff_member_id
"""  # noqa: S608 (table names only)

# Coefficients have 2 decimals and a deduction of a quarter adds 2 more: every sum is exact at 4 decimals. SQLite sums
# them as floats; rounding to 4 decimals gives back the exact value (PostgreSQL's are exact already).
_EXACT = Decimal("0.0001")


def _exact(value) -> Decimal:
    return Decimal(value).quantize(_EXACT) if value is not None else Decimal(0)


def task_totals_by_person(*, period_id: int, staff_from: int | None = None,
                          staff_to: int | None = None) -> dict[int, nd335_2025.TaskTotals]:
    """Each person's totals for the period (those with work in the batch), in one query."""
    params = {"period": period_id, "first": FIRST_ID if staff_from is None else staff_from,
              "beyond": BEYOND_LAST_ID if staff_to is None else staff_to, "deduction": nd335_2025.DEDUCTION}
    with connection.cursor() as cursor:
        cursor.execute(_TOTALS_SQL, params)
        return {staff_member_id: nd335_2025.TaskTotals(int(products), _exact(assigned), _exact(done),
                                                       _exact(quality), _exact(timeliness))
                for staff_member_id, products, assigned, done, quality, timeliness in cursor.fetchall()}


def scores_for_update(*, period_id: int, staff_from: int | None = None, staff_to: int | None = None):
    """The batch's stored scores, locked until the transaction ends: a person's recomputation queued meanwhile waits,
    then reads the work as it is after this batch."""
    scores = PeriodScore.objects.filter(period_id=period_id)
    if staff_from is not None:
        scores = scores.filter(staff_member_id__gte=staff_from)
    if staff_to is not None:
        scores = scores.filter(staff_member_id__lt=staff_to)
    return scores.select_for_update().order_by("staff_member_id").values_list(
        "staff_member_id", "quantity_pct", "quality_pct", "timeliness_pct", "task_points", "general_points", "total")


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
