"""The period-score job: each person's task results for a period, set-based and in batches several workers can share.

Per batch (a period and a range of staff ids) a fixed number of queries whatever its size: the stored scores are
locked and read, each person's totals are summed in SQL, the rule's arithmetic (nd335_2025.task_result_from_totals)
turns them into points, and only the rows whose values change are written, with their history, by one
INSERT ... ON CONFLICT DO UPDATE and one INSERT ... SELECT per chunk of rows.
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
SELECT id, {", ".join(_COLUMNS)}, %(now)s, NULL, CASE WHEN {{created}} THEN '+' ELSE '~' END, NULL
FROM {_SCORES}
WHERE period_id = %(period)s AND staff_member_id >= %(first)s AND staff_member_id < %(beyond)s AND updated_at = %(now)s
"""  # noqa: S608 (table names only)
_CREATED = {"postgresql": "staff_member_id = ANY(%(created)s)",
            "sqlite": "staff_member_id IN (SELECT value FROM json_each(%(created)s))"}


def _chunk_rows() -> int:
    limit = connection.features.max_query_params
    return min(1000, limit // len(_COLUMNS)) if limit else 1000


def _write(*, period_id: int, rows: list[tuple], created: list[int], first: int, beyond: int) -> None:
    """Upsert the rows that change and copy them to the history, set-based."""
    ops = connection.ops
    now = timezone.now()
    stamp = ops.adapt_datetimefield_value(now)
    size = _chunk_rows()
    placeholder = f"({', '.join(['%s'] * len(_COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            params = []
            for staff_member_id, quantity, quality, timeliness, points, general, total in chunk:
                params += [period_id, staff_member_id, *(ops.adapt_decimalfield_value(value, 5, 2) for value in (
                    quantity, quality, timeliness, points, general, total)), stamp]
            cursor.execute(_UPSERT_SQL.format(rows=", ".join([placeholder] * len(chunk))), params)
        created_ids = created if connection.vendor == "postgresql" else json.dumps(created)
        cursor.execute(_HISTORY_SQL.format(created=_CREATED[connection.vendor]),
                       {"now": stamp, "period": period_id, "first": first, "beyond": beyond, "created": created_ids})


def _batch_recompute(*, period_id: int, staff_from: int | None, staff_to: int | None, also: tuple[int, ...] = ()
                     ) -> int:
    period = Period.objects.select_related("evaluation_year").get(pk=period_id)
    if period.is_closed or period.evaluation_year.status == EvaluationYear.Status.CLOSED:
        return 0  # its scores froze when it closed; a recomputation queued before that changes nothing
    formula = period.evaluation_year.rule_settings.get("task_formula", "mean")
    bounds = {"period_id": period_id, "staff_from": staff_from, "staff_to": staff_to}
    with transaction.atomic():
        stored = {row[0]: row[1:] for row in selectors.scores_for_update(**bounds)}
        totals = selectors.task_totals_by_person(**bounds)
        people = sorted(totals.keys() | stored.keys() | set(also))
        rows, created = [], []
        for staff_member_id in people:
            result = nd335_2025.task_result_from_totals(
                totals=totals.get(staff_member_id, nd335_2025.NO_WORK), formula=formula)
            old = stored.get(staff_member_id)
            general = old[4] if old else None
            total = None if general is None else nd335_2025.period_score(general_points=general,
                                                                          task_points=result.points)
            new = (result.quantity_pct, result.quality_pct, result.timeliness_pct, result.points, general, total)
            if old is None:
                created.append(staff_member_id)
            if new != old:
                rows.append((staff_member_id, *new))
        if rows:
            _write(period_id=period_id, rows=rows, created=created,
                   first=selectors.FIRST_ID if staff_from is None else staff_from,
                   beyond=selectors.BEYOND_LAST_ID if staff_to is None else staff_to)
    return len(people)


def period_scores_recompute(*, period_id: int, staff_from: int | None = None, staff_to: int | None = None) -> int:
    """Recompute the task results of a period's people with work or a score, all of them or one batch (staff ids in
    [staff_from, staff_to)). Safe to repeat: one row per (period, person), general points kept, a row written (with its
    history) only when its values change. Returns how many people were scored."""
    return _batch_recompute(period_id=period_id, staff_from=staff_from, staff_to=staff_to)


def period_score_recompute(*, period_id: int, staff_member_id: int) -> PeriodScore | None:
    """Upsert one person's result for the period (a row even without work, for the head's general points); safe to
    repeat (a closed period's row, if any, is returned as it stands)."""
    _batch_recompute(period_id=period_id, staff_from=staff_member_id, staff_to=staff_member_id + 1,
                     also=(staff_member_id,))
    return PeriodScore.objects.filter(period_id=period_id, staff_member_id=staff_member_id).first()
