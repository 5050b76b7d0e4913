"""The period-score job: each person's task results for a period, set-based and in batches several workers can share.

Per batch (some periods and a range of staff ids) a fixed number of queries whatever its size: the stored scores are
locked and read, each person's totals are summed in SQL (one GROUP BY), the rule's arithmetic
(nd335_2025.task_result_from_totals) turns them into points, and only the rows whose values change are written: one
INSERT ... ON CONFLICT DO UPDATE per thousand rows, then one INSERT ... SELECT for their history.
"""

import json

from django.db import connection, transaction
from django.utils import timezone

from evaluation.models import EvaluationYear, Period, PeriodScore
from evaluation.rules import nd335_2025
from evaluation.selectors import scoring as selectors

_SCORES = PeriodScore._meta.db_table
_HISTORY = PeriodScore.history.model._meta.db_table
_COLUMNS = ("period_id", "staff_member_id", "quantity_pct", "quality_pct", "timeliness_pct", "task_points",
            "general_points", "total", "updated_at")

# The general points are the head's: never written here. The total follows them as they are in the row when it is
# written (NULL + points is NULL: no total before the head scores), so a head saving points meanwhile is never undone.
# The WHERE keeps a row that would not change from being written at all.
_UPSERT_SQL = f"""
INSERT INTO {_SCORES} AS s ({", ".join(_COLUMNS)}) VALUES {{rows}}
ON CONFLICT (period_id, staff_member_id) DO UPDATE SET
    quantity_pct = excluded.quantity_pct, quality_pct = excluded.quality_pct,
    timeliness_pct = excluded.timeliness_pct, task_points = excluded.task_points,
    total = s.general_points + excluded.task_points, updated_at = excluded.updated_at
WHERE s.quantity_pct <> excluded.quantity_pct OR s.quality_pct <> excluded.quality_pct
    OR s.timeliness_pct <> excluded.timeliness_pct OR s.task_points <> excluded.task_points
    OR COALESCE(s.total, -1) <> COALESCE(s.general_points + excluded.task_points, -1)
"""  # noqa: S608 (table names only)

# The rows just written carry this run's time in updated_at: their history rows are copied from them as they now stand.
_HISTORY_SQL = f"""
INSERT INTO {_HISTORY} (id, {", ".join(_COLUMNS)}, history_date, history_change_reason, history_type, history_user_id)
SELECT id, {", ".join(_COLUMNS)}, %(now)s, NULL, CASE WHEN id IN ({{kept}}) THEN '~' ELSE '+' END, NULL
FROM {_SCORES}
WHERE period_id IN {{periods}} AND staff_member_id >= %(first)s AND staff_member_id < %(beyond)s
    AND updated_at = %(now)s
"""  # noqa: S608 (table names only)
# The ids of the rows that were there before, as one parameter: a history row of any other is a creation.
_KEPT = {"postgresql": "SELECT unnest(%(kept)s::bigint[])", "sqlite": "SELECT value FROM json_each(%(kept)s)"}


def _chunk_rows() -> int:
    limit = connection.features.max_query_params
    return min(1000, limit // len(_COLUMNS)) if limit else 1000


def _write(*, rows: list[tuple], kept: list[int], period_ids, staff_from, staff_to) -> None:
    """Upsert the rows that change and copy them to the history, set-based."""
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(timezone.now())
    size = _chunk_rows()
    placeholder = f"({', '.join(['%s'] * len(_COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            params = []
            for period_id, staff_member_id, *values in chunk:
                params += [period_id, staff_member_id, *(ops.adapt_decimalfield_value(value, 5, 2)
                                                         for value in values), stamp]
            cursor.execute(_UPSERT_SQL.format(rows=", ".join([placeholder] * len(chunk))), params)
        periods, params = selectors.periods_in(period_ids)
        params.update(selectors.bounds(staff_from=staff_from, staff_to=staff_to), now=stamp,
                      kept=kept if connection.vendor == "postgresql" else json.dumps(kept))
        cursor.execute(_HISTORY_SQL.format(periods=periods, kept=_KEPT[connection.vendor]), params)


def period_scores_batch_recompute(*, period_ids, staff_from: int | None = None, staff_to: int | None = None,
                                  also: tuple[tuple[int, int], ...] = ()) -> int:
    """Recompute the task results of one batch: the people of these periods with work or a score whose staff id is in
    [staff_from, staff_to) (`also`: (period, person) pairs to score even without either). Safe to repeat: one row per
    (period, person), the head's general points kept, a row written (with its history) only when its values change.
    Closed periods are left as they froze. Returns how many (period, person) were scored."""
    periods = [period for period in Period.objects.filter(pk__in=period_ids).select_related("evaluation_year")
               if not period.is_closed and period.evaluation_year.status == EvaluationYear.Status.OPEN]
    if not periods:
        return 0  # their scores froze when they closed; a recomputation queued before that changes nothing
    formulas = {period.pk: period.evaluation_year.rule_settings.get("task_formula", "mean") for period in periods}
    batch = {"period_ids": sorted(formulas), "staff_from": staff_from, "staff_to": staff_to}
    with transaction.atomic():
        stored = {(row[0], row[1]): (tuple(row[2:]), pk) for *row, pk in selectors.scores_for_update(**batch)}
        totals = selectors.task_totals_by_person(**batch)
        people = sorted(totals.keys() | stored.keys() | {pair for pair in also if pair[0] in formulas})
        rows = []
        for key in people:
            result = nd335_2025.task_result_from_totals(totals=totals.get(key, nd335_2025.NO_WORK),
                                                        formula=formulas[key[0]], explain=False)
            old = stored[key][0] if key in stored else None
            general = old[4] if old else None
            total = None if general is None else nd335_2025.period_score(general_points=general,
                                                                          task_points=result.points)
            new = (result.quantity_pct, result.quality_pct, result.timeliness_pct, result.points, general, total)
            if new != old:
                rows.append((*key, *new))
        if rows:
            _write(rows=rows, kept=[pk for _, pk in stored.values()], **batch)
    return len(people)


def period_scores_recompute(*, period_id: int, staff_from: int | None = None, staff_to: int | None = None) -> int:
    """Recompute a period's task results, all of its people or those in [staff_from, staff_to) (see
    period_scores_batch_recompute). Returns how many people were scored."""
    return period_scores_batch_recompute(period_ids=[period_id], staff_from=staff_from, staff_to=staff_to)


def period_score_recompute(*, period_id: int, staff_member_id: int) -> PeriodScore | None:
    """Upsert one person's result for the period (a row even without work, for the head's general points); safe to
    repeat (a closed period's row, if any, is returned as it stands)."""
    period_scores_batch_recompute(period_ids=[period_id], staff_from=staff_member_id, staff_to=staff_member_id + 1,
                                  also=((period_id, staff_member_id),))
    return PeriodScore.objects.filter(period_id=period_id, staff_member_id=staff_member_id).first()
