from django.urls import reverse

from batxat_portal.bench import Floor, Job, Measurement

BENCH_AGENCIES = "BENCH"
BENCH_PERIOD = 11


def _bench_periods() -> list[int]:
    from evaluation.models import Period

    return list(Period.objects.filter(evaluation_year__agency__code__startswith=BENCH_AGENCIES,
                                      number=BENCH_PERIOD).order_by("pk").values_list("pk", flat=True))


def _recompute_all() -> int:
    """What the nightly fan-out queues, run one batch after the other: the plan, then each batch."""
    from evaluation import services
    from evaluation.selectors import scoring

    return sum(services.period_scores_batch_recompute(period_ids=batch.period_ids, staff_from=batch.staff_from,
                                                      staff_to=batch.staff_to)
               for batch in scoring.score_batches(period_ids=_bench_periods()))


# The bare SQL of the job: ONE statement that sums every person's products, applies the rule's arithmetic (mean
# formula, quality and timeliness over the products done, as the bench's years are opened) and upserts the scores.
# It leaves out what the job does besides: the batches, the history of the rows written.
FLOOR_SQL = """
INSERT INTO evaluation_periodscore AS s (period_id, staff_member_id, quantity_pct, quality_pct, timeliness_pct,
                                         task_points, general_points, total, updated_at)
SELECT period_id, staff_member_id, quantity, quality, timeliness,
       ROUND(ROUND((quantity + quality + timeliness) / 3.0, 2) * 70 / 100.0, 2), NULL, NULL, %(now)s
FROM (
    SELECT people.period_id, people.staff_member_id,
           CASE WHEN t.assigned > 0 THEN ROUND(t.done * 100.0 / t.assigned, 2) ELSE 0 END AS quantity,
           CASE WHEN t.done > 0 THEN ROUND(t.quality * 100.0 / t.done, 2) ELSE 0 END AS quality,
           CASE WHEN t.done > 0 THEN ROUND(t.timeliness * 100.0 / t.done, 2) ELSE 0 END AS timeliness
    FROM (SELECT period_id, staff_member_id FROM evaluation_workitem WHERE period_id IN %(periods)s
          UNION SELECT period_id, staff_member_id FROM evaluation_periodscore WHERE period_id IN %(periods)s) AS people
    LEFT JOIN (
        SELECT w.period_id, w.staff_member_id, SUM(w.coefficient) AS assigned,
               SUM(CASE WHEN w.done_on IS NULL THEN 0 ELSE w.coefficient END) AS done,
               SUM(CASE WHEN w.done_on IS NULL OR r.last_passed = 0 OR COALESCE(r.failed, 0) >= 4 THEN 0
                        ELSE w.coefficient * (4 - COALESCE(r.failed, 0)) / 4.0 END) AS quality,
               SUM(CASE WHEN w.done_on IS NULL OR w.delays >= 4 THEN 0
                        ELSE w.coefficient * (4 - w.delays) / 4.0 END) AS timeliness
        FROM evaluation_workitem w
        LEFT JOIN (
            SELECT work_item_id, SUM(failed) AS failed, MAX(CASE WHEN latest = 1 THEN passed END) AS last_passed
            FROM (SELECT q.work_item_id, CASE WHEN q.passed OR q.objective_cause THEN 0 ELSE 1 END AS failed,
                         CASE WHEN q.passed THEN 1 ELSE 0 END AS passed,
                         ROW_NUMBER() OVER (PARTITION BY q.work_item_id ORDER BY q.reviewed_at DESC, q.id DESC)
                             AS latest
                  FROM evaluation_qualityreview q JOIN evaluation_workitem i ON i.id = q.work_item_id
                  WHERE i.period_id IN %(periods)s) AS reviews
            GROUP BY work_item_id
        ) r ON r.work_item_id = w.id
        WHERE w.period_id IN %(periods)s
        GROUP BY w.period_id, w.staff_member_id
    ) t ON t.period_id = people.period_id AND t.staff_member_id = people.staff_member_id
) AS percentages
WHERE true
ON CONFLICT (period_id, staff_member_id) DO UPDATE SET
    quantity_pct = excluded.quantity_pct, quality_pct = excluded.quality_pct,
    timeliness_pct = excluded.timeliness_pct, task_points = excluded.task_points,
    total = s.general_points + excluded.task_points, updated_at = excluded.updated_at
WHERE s.quantity_pct <> excluded.quantity_pct OR s.quality_pct <> excluded.quality_pct
    OR s.timeliness_pct <> excluded.timeliness_pct OR s.task_points <> excluded.task_points
    OR COALESCE(s.total, -1) <> COALESCE(s.general_points + excluded.task_points, -1)
"""


def _periods_in(period_ids: list[int]) -> tuple[str, dict]:
    marks = "(" + ", ".join(f"%(p{index})s" for index in range(len(period_ids))) + ")"
    return marks, {f"p{index}": period_id for index, period_id in enumerate(period_ids)}


def floor_statement(period_ids: list[int]) -> tuple[str, dict]:
    """The floor's statement for these periods (the bench's, or a test's)."""
    from django.db import connection
    from django.utils import timezone

    marks, params = _periods_in(period_ids)
    return FLOOR_SQL.replace("%(periods)s", marks), {
        **params, "now": connection.ops.adapt_datetimefield_value(timezone.now())}


# Every stored score made stale (as after a correction of the rules): the job then writes every row and its history.
_STALE_SQL = "UPDATE evaluation_periodscore SET quantity_pct = 0, task_points = 0 WHERE period_id IN %(periods)s"


def _stale_statement() -> tuple[str, dict]:
    marks, params = _periods_in(_bench_periods())
    return _STALE_SQL.replace("%(periods)s", marks), params


def _recompute_all_stale() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(*_stale_statement())
    return _recompute_all()


def _big_agency_results_url() -> str:
    from evaluation import services
    from evaluation.models import EvaluationYear

    year = EvaluationYear.objects.filter(agency__code="BENCH00001", year=2026).get()
    if not year.results.exists():
        services.year_results_refresh(evaluation_year=year)
    return reverse("evaluation:results", kwargs={"pk": year.pk})


def _big_agency_refresh() -> int:
    from evaluation import services
    from evaluation.models import EvaluationYear

    return services.year_results_refresh(evaluation_year=EvaluationYear.objects.get(agency__code="BENCH00001",
                                                                                     year=2026))


MEASUREMENTS = [
    # Nothing changed since the last run: the nightly case. The floor's upsert then writes nothing either.
    Job("period scores, every generated person (20 products each)", _recompute_all, repeat=3,
        floor=Floor(lambda: floor_statement(_bench_periods()), "one INSERT ... SELECT ... ON CONFLICT")),
    # Every row changes and is written (with its history in the job): the same stale-making UPDATE runs before both.
    Job("period scores, every row changed", _recompute_all_stale, repeat=3,
        floor=Floor(lambda: [_stale_statement(), floor_statement(_bench_periods())],
                    "the same UPDATE, then the one INSERT")),
    Job("year results of a 2,000-staff agency", _big_agency_refresh, repeat=2),
    Measurement("quota page, 2,000-staff agency (leader)", _big_agency_results_url, "quantri"),
]
