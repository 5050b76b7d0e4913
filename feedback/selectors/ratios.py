"""Reads for the QĐ 766 ratios: the counts behind each ratio per unit and month, and each officer's satisfaction.

Everything is counted by the database in grouped, conditional aggregates (one query for the cases, one for the
ratings, one for the officers' counts); Python only pairs the grouped rows. What is counted: feedback/rules/qd766.py.
"""

from dataclasses import dataclass, fields
from datetime import date, datetime, time

from django.conf import settings
from django.db import connection
from django.db.models import Count, DateField, F, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from feedback.models import Feedback, ServiceRating
from feedback.rules import qd766
from staff.models import OrgUnit
from staff.selectors import orgunit_list_for, scope_filter

NOT_COUNTED = [Feedback.Status.SPAM, Feedback.Status.DUPLICATE]
# The steps that settle a case, in order: the first one that happened is the one judged against the deadline.
WITHIN_COMPETENCE_STEPS = ("answered_at", "closed_at")
OUTSIDE_COMPETENCE_STEPS = ("forwarded_at", "answered_at", "closed_at")


@dataclass
class Counts:
    """The counts behind the three ratios (cases: PAKN of the unit received in the month; see qd766)."""

    cases: int = 0
    within: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    dissatisfied_or_overdue: int = 0
    files: int = 0
    bad_files: int = 0
    ratings: int = 0
    satisfied: int = 0

    def add(self, other: "Counts") -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def on_time_ratio(self):
        return qd766.on_time_ratio(on_time=self.on_time, late=self.late)

    @property
    def feedback_satisfaction(self):
        return qd766.feedback_satisfaction(total=self.cases, dissatisfied_or_overdue=self.dissatisfied_or_overdue)

    @property
    def procedure_satisfaction(self):
        return qd766.procedure_satisfaction(files=self.files, bad_files=self.bad_files)

    @property
    def on_time_percent(self):
        return qd766.as_percent(self.on_time_ratio)

    @property
    def feedback_percent(self):
        return qd766.as_percent(self.feedback_satisfaction)

    @property
    def procedure_percent(self):
        return qd766.as_percent(self.procedure_satisfaction)

    @property
    def settled_within(self) -> int:
        return self.on_time + self.late

    @property
    def cases_ok(self) -> int:
        return self.cases - self.dissatisfied_or_overdue

    @property
    def files_ok(self) -> int:
        return self.files - self.bad_files


COUNT_FIELDS = [f.name for f in fields(Counts)]


@dataclass
class UnitMonth(Counts):
    unit: OrgUnit | None = None
    month: date | None = None


def overdue_reading() -> str:
    """The reading of "overdue" in force for the feedback satisfaction ratio (qd766.OVERDUE_READINGS)."""
    return qd766.check_overdue_reading(settings.FEEDBACK_QD766_OVERDUE_READING)


def ratio_units(*, user) -> QuerySet[OrgUnit]:
    """The units a person may read the ratios of (for the unit filter and its 404)."""
    return orgunit_list_for(user=user)


def ratio_unit_in_scope(*, user, unit: OrgUnit) -> bool:
    """Whether the person may read the ratios of the unit (else the page answers 404)."""
    return ratio_units(user=user).filter(pk=unit.pk).exists()


def month_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From the first moment of `start`'s month to the first moment after `end`'s month, in local time."""
    after = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start.replace(day=1), time.min), zone),
            timezone.make_aware(datetime.combine(after, time.min), zone))


def _timeliness(steps: tuple[str, ...], deadline: str, today: date) -> tuple[Q, Q, Q]:
    """(on time, late, open) as conditions, the same reading as qd766.case_timeliness: the first step taken is
    compared, by its local date, with the deadline; none taken is late once the deadline has passed."""
    on_time, late, none_yet = Q(), Q(), {}
    for step in steps:
        on_time |= Q(**none_yet, **{f"{step}__date__lte": F(deadline)})
        late |= Q(**none_yet, **{f"{step}__date__gt": F(deadline)})
        none_yet[f"{step}__isnull"] = True
    return on_time, late | Q(**none_yet, **{f"{deadline}__lt": today}), Q(**none_yet, **{f"{deadline}__gte": today})


def _month(field: str):
    return TruncMonth(field, output_field=DateField())


def _narrow(queryset: QuerySet, *, user, unit: OrgUnit | None) -> QuerySet:
    queryset = scope_filter(queryset, user=user)
    return queryset.filter(org_unit__path__startswith=unit.path) if unit is not None else queryset


def case_counts(*, user, start: date, end: date, unit: OrgUnit | None, today: date,
                reading: str | None = None) -> QuerySet:
    """One row per unit and month: org_unit_id, month and the case counts of `Counts` (one grouped query); the
    cases taken out of the satisfaction ratio as qd766.counts_against_satisfaction says in `reading` (default: the
    one in force)."""
    reading = qd766.check_overdue_reading(reading or overdue_reading())
    within, outside = Q(within_competence=True), Q(within_competence=False)
    in_time, late, still_open = _timeliness(WITHIN_COMPETENCE_STEPS, "due_on", today)
    _out_in_time, out_late, _out_open = _timeliness(OUTSIDE_COMPETENCE_STEPS, "forward_due_on", today)
    since, until = month_bounds(start, end)
    cases = _narrow(Feedback.objects.filter(kind__in=qd766.PAKN_KINDS, received_at__gte=since,
                                            received_at__lt=until).exclude(status__in=NOT_COUNTED),
                    user=user, unit=unit)
    return (cases.annotate(month=_month("received_at")).values("org_unit_id", "month").annotate(
        cases=Count("received_at"),
        within=Count("received_at", filter=within),
        on_time=Count("received_at", filter=within & in_time),
        late=Count("received_at", filter=within & late),
        open=Count("received_at", filter=within & still_open),
        dissatisfied_or_overdue=Count("received_at", filter=Q(citizen_satisfied=False) | (
            Q(overdue_complained_at__isnull=False) if reading == qd766.OVERDUE_COMPLAINED
            else (within & late) | (outside & out_late))),
    ).order_by())


def rating_counts_sql(*, user, start: date, end: date, unit: OrgUnit | None) -> tuple[str, list]:
    """The SQL of `rating_counts`, in two levels. Inside, the ratings of the units and months (found by the
    covering index rating_unit_time alone on PostgreSQL) are grouped by unit, month and dossier code; outside, each
    group is one file (unless it has no code) and a bad one if a rating of it was dissatisfied or, failing that, a
    PAKN names it: so "is this file named by a PAKN?" is asked once per file, not once per rating. The condition on
    the cases is word for word that of the partial index feedback_named_dossier (migration 0004)."""
    since, until = month_bounds(start, end)
    ratings = _narrow(ServiceRating.objects.filter(created_at__gte=since, created_at__lt=until), user=user,
                      unit=unit)
    # Counting a NOT NULL column of the index (not the id) keeps the scan inside the index.
    groups = (ratings.annotate(month=_month("created_at")).values("org_unit_id", "month", "dossier_code")
              .annotate(n=Count("created_at"), n_satisfied=Count("created_at", filter=Q(is_satisfied=True)),
                        n_dissatisfied=Count("created_at", filter=Q(is_satisfied=False))).order_by())
    inner, params = groups.query.sql_with_params()
    cases = Feedback._meta.db_table
    not_counted = ", ".join(["%s"] * len(NOT_COUNTED))
    has_file = "NOT (g.dossier_code = '')"
    sql = f"""
        SELECT g.org_unit_id, g.month,
               SUM(CASE WHEN {has_file} THEN 1 ELSE 0 END) AS files,
               SUM(CASE WHEN {has_file} AND (g.n_dissatisfied > 0 OR EXISTS (
                       SELECT 1 FROM {cases} f WHERE f.dossier_code = g.dossier_code
                       AND NOT (f.dossier_code = '') AND NOT (f.status IN ({not_counted}))))
                   THEN 1 ELSE 0 END) AS bad_files,
               SUM(g.n) AS ratings, SUM(g.n_satisfied) AS satisfied
        FROM ({inner}) g
        GROUP BY g.org_unit_id, g.month"""  # noqa: S608 (the ORM's own SQL, a table name and placeholders)
    return sql, [*[str(status) for status in NOT_COUNTED], *params]  # in the order of the placeholders


def _as_date(value) -> date:
    """A truncated month as the database gives it in raw SQL: a datetime (PostgreSQL) or its text (SQLite)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def rating_counts(*, user, start: date, end: date, unit: OrgUnit | None) -> list[dict]:
    """One row per unit and month: org_unit_id, month, the files (distinct dossier codes rated), the bad ones
    (rated dissatisfied, or named by a PAKN), the ratings and the satisfied ones (one grouped query)."""
    sql, params = rating_counts_sql(user=user, start=start, end=end, unit=unit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    return [{**dict(zip(names, row, strict=True)), "month": _as_date(row[1]),
             **{name: int(value or 0) for name, value in zip(names[2:], row[2:], strict=True)}} for row in rows]


def unit_month_rows(*, user, start: date, end: date, unit: OrgUnit | None = None,
                    today: date, reading: str | None = None) -> list[UnitMonth]:
    """The counts of each unit and month that has a case or a rating, by unit (tree order) then month: three
    queries whatever the number of rows behind them."""
    rows: dict[tuple[int, date], UnitMonth] = {}
    for source in (case_counts(user=user, start=start, end=end, unit=unit, today=today, reading=reading),
                   rating_counts(user=user, start=start, end=end, unit=unit)):
        for grouped in source:
            row = rows.setdefault((grouped["org_unit_id"], grouped["month"]), UnitMonth(month=grouped["month"]))
            for name in COUNT_FIELDS:
                if name in grouped:
                    setattr(row, name, grouped[name])
    units = OrgUnit.objects.in_bulk({unit_id for unit_id, _month in rows})
    for (unit_id, _month), row in rows.items():
        row.unit = units[unit_id]
    return sorted(rows.values(), key=lambda row: (row.unit.path, row.month))


def totals(rows: list[Counts]) -> Counts:
    """The counts of several rows together (files: as counted in each unit and month)."""
    total = Counts()
    for row in rows:
        total.add(row)
    return total


def officer_counts(*, user, start: date, end: date, unit: OrgUnit | None = None, offset: int = 0,
                   limit: int | None = None) -> QuerySet:
    """The query of `officer_rows`: the ratings counted per officer (inside the covering index on PostgreSQL), and
    only the groups, one per officer, sorted by name and cut to the page."""
    since, until = month_bounds(start, end)
    ratings = _narrow(ServiceRating.objects.filter(created_at__gte=since, created_at__lt=until), user=user,
                      unit=unit)
    rows = (ratings.values(pk=F("staff_member_id"))
            .annotate(full_name=Min("staff_member__full_name"), unit_name=Min("staff_member__org_unit__name"),
                      ratings=Count("created_at"), satisfied=Count("created_at", filter=Q(is_satisfied=True)))
            .order_by("full_name", "pk"))
    return rows[offset:offset + limit] if limit is not None else rows[offset:]


def officer_rows(*, user, start: date, end: date, unit: OrgUnit | None = None, offset: int = 0,
                 limit: int | None = None) -> list[dict]:
    """Officers rated in the units and months, by name: pk, full_name, unit_name (their unit today), ratings and the
    satisfied ones; never who rated. One grouped query (`officer_counts`)."""
    return list(officer_counts(user=user, start=start, end=end, unit=unit, offset=offset, limit=limit))
