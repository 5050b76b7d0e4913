"""Writes of the evaluation app."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from batxat_portal.dates import month_end
from evaluation import tasks
from evaluation.models import (
    Criterion,
    EvaluationYear,
    Period,
    PeriodScore,
    QualityReview,
    TaskGroup,
    TaskGroupMember,
    WorkItem,
)
from evaluation.rules import common, nd335_2025
from evaluation.services.reviews import question_set_defaults_ensure
from evaluation.services.scoring import period_score_recompute, period_scores_recompute


def _rule_settings() -> dict:
    """The unconfirmed readings in force now; a year keeps them for good."""
    return {
        "task_formula": settings.EVALUATION_TASK_FORMULA,
        "quota_reading": settings.EVALUATION_QUOTA_READING,
        "quota_share": str(settings.EVALUATION_QUOTA_SHARE),
        "year_weighting": settings.EVALUATION_YEAR_WEIGHTING,
        "leader_min_exceeded": str(settings.EVALUATION_LEADER_MIN_EXCEEDED),
        "leader_min_units_good": str(settings.EVALUATION_LEADER_MIN_UNITS_GOOD),
    }


def _period_bounds(year: int, kind: str) -> list[tuple[date, date]]:
    if kind == EvaluationYear.PeriodKind.QUARTERLY:
        return [(date(year, 3 * q - 2, 1), month_end(year, 3 * q)) for q in range(1, 5)]
    return [(date(year, m, 1), month_end(year, m)) for m in range(1, 13)]


@transaction.atomic
def evaluation_year_open(*, agency, year: int, period_kind: str, user,
                         special_calendar: bool = False) -> EvaluationYear:
    """Open an agency's year: its periods, the default general criteria, the regime and settings of the day, and
    the default 360-degree question set if the agency has none yet."""
    if agency.kind != agency.Kind.AGENCY:
        raise ValidationError({"agency": _("Evaluation years are opened for an agency, not a department.")})
    if EvaluationYear.objects.filter(agency=agency, year=year).exists():
        raise ValidationError({"year": _("This agency already has an evaluation year %(year)s.") % {"year": year}})
    evaluation_year = EvaluationYear(agency=agency, year=year, period_kind=period_kind, opened_by=user,
                                     special_calendar=special_calendar,
                                     regime=common.regime_for_year(year).value, rule_settings=_rule_settings())
    evaluation_year.full_clean()
    evaluation_year.save()
    Period.objects.bulk_create(
        Period(evaluation_year=evaluation_year, number=number, start_date=start, end_date=end)
        for number, (start, end) in enumerate(_period_bounds(year, period_kind), start=1))
    Criterion.objects.bulk_create(
        Criterion(evaluation_year=evaluation_year, title=title, max_points=Decimal(points), order=index)
        for index, (title, points) in enumerate(settings.EVALUATION_DEFAULT_CRITERIA))
    question_set_defaults_ensure(agency=agency)
    return evaluation_year


@transaction.atomic
def task_group_save(*, group: TaskGroup, members, **fields) -> TaskGroup:
    """Create or change a task group and who is in it; a person is in one group a year."""
    if group.evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is closed; its task groups no longer change."))
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    taken = TaskGroupMember.objects.filter(evaluation_year=group.evaluation_year,
                                           staff_member__in=members).exclude(task_group=group)
    if taken.exists():
        names = ", ".join(str(row.staff_member) for row in taken.select_related("staff_member")[:5])
        raise ValidationError({"members": _("Already in another group this year: %(names)s.") % {"names": names}})
    TaskGroupMember.objects.filter(task_group=group).exclude(staff_member__in=members).delete()
    existing = set(TaskGroupMember.objects.filter(task_group=group).values_list("staff_member_id", flat=True))
    TaskGroupMember.objects.bulk_create(
        TaskGroupMember(task_group=group, evaluation_year=group.evaluation_year, staff_member=member)
        for member in members if member.pk not in existing)
    return group


def _refuse_if_closed(period: Period) -> None:
    """A closed period, or any period of a closed year, keeps its work and scores as they are."""
    if period.is_closed or period.evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This period is closed; its work can no longer change."))


def _recompute_after_commit(item: WorkItem) -> None:
    period_id, member_id = item.period_id, item.staff_member_id
    transaction.on_commit(lambda: tasks.period_score_recompute.delay(period_id, member_id))


@transaction.atomic
def work_item_assign(*, user, **fields) -> WorkItem:
    """A head assigns a work product to a person for a period."""
    item = WorkItem(assigned_by=user, **fields)
    if item.period_id:
        _refuse_if_closed(item.period)
    item.full_clean()
    item.save()
    _recompute_after_commit(item)
    return item


@transaction.atomic
def work_item_mark_done(*, item: WorkItem, done_on: date | None = None) -> WorkItem:
    """The person reports the product done; done after its due date counts one delay."""
    item = WorkItem.objects.select_for_update().select_related("period__evaluation_year").get(pk=item.pk)
    _refuse_if_closed(item.period)
    item.done_on = done_on or timezone.localdate()
    if item.done_on > item.due_date:
        item.delays = max(item.delays, 1)
    item.save()
    _recompute_after_commit(item)
    return item


@transaction.atomic
def quality_review_record(*, item: WorkItem, user, passed: bool, reason: str = "",
                          objective_cause: bool = False) -> QualityReview:
    """The head records a review of a product; failures the officer caused cost quality points."""
    item = WorkItem.objects.select_for_update().select_related("period__evaluation_year").get(pk=item.pk)
    _refuse_if_closed(item.period)
    if item.done_on is None:
        raise ValidationError(_("A product is reviewed once it is reported done."))
    review = QualityReview(work_item=item, passed=passed, reason=reason, objective_cause=objective_cause,
                           reviewed_by=user)
    review.full_clean()
    review.save()
    _recompute_after_commit(item)
    return review


GENERAL_MAX = Decimal(30)  # NĐ 335/2025: the general criteria weigh up to 30 of the 100 points


def _total(score: PeriodScore) -> Decimal | None:
    """The period's score once the head has scored the general criteria."""
    if score.general_points is None:
        return None
    return nd335_2025.period_score(general_points=score.general_points, task_points=score.task_points,
                                   general_max=GENERAL_MAX)


@transaction.atomic
def general_points_record(*, period: Period, staff_member, points: Decimal) -> PeriodScore:
    """The head scores the general criteria of the period (up to the year's criteria total)."""
    _refuse_if_closed(period)
    maximum = min(sum(criterion.max_points for criterion in period.evaluation_year.criteria.all()), GENERAL_MAX)
    if not Decimal(0) <= points <= maximum:
        raise ValidationError({"points": _("Between 0 and %(max)s points.") % {"max": maximum}})
    score = period_score_recompute(period_id=period.pk, staff_member_id=staff_member.pk)
    score.general_points = points
    score.total = _total(score)
    score.save()
    return score


# Notes left in the year's history (history_change_reason); the year detail page translates them.
PERIOD_CLOSED, PERIOD_REOPENED, YEAR_CLOSED = "period_closed", "period_reopened", "year_closed"


def year_history_note(evaluation_year: EvaluationYear, *, user, note: str) -> None:
    """Periods keep no history of their own: who closed or reopened one is kept in the year's history."""
    evaluation_year._change_reason = note
    evaluation_year._history_user = user
    evaluation_year.save()


@transaction.atomic
def period_close(*, period: Period, user, today: date | None = None) -> Period:
    """Close a period once it has ended: its scores are recomputed one last time, then its work and scores freeze."""
    evaluation_year = EvaluationYear.objects.select_for_update().get(pk=period.evaluation_year_id)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is closed; its periods no longer change."))
    if period.is_closed:
        raise ValidationError(_("This period is already closed."))
    if (today or timezone.localdate()) <= period.end_date:
        raise ValidationError(_("A period closes only after it ends: from %(day)s.")
                              % {"day": f"{period.end_date + timedelta(days=1):%d/%m/%Y}"})
    period_scores_recompute(period_id=period.pk)
    period.is_closed = True
    period.save(update_fields=["is_closed"])
    year_history_note(evaluation_year, user=user, note=f"{PERIOD_CLOSED}:{period.number}")
    return period


@transaction.atomic
def period_reopen(*, period: Period, user) -> Period:
    """Reopen a closed period while its year is open, e.g. to correct its work; who did it is kept."""
    evaluation_year = EvaluationYear.objects.select_for_update().get(pk=period.evaluation_year_id)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is closed; its periods never reopen."))
    if not period.is_closed:
        raise ValidationError(_("This period is open."))
    period.is_closed = False
    period.save(update_fields=["is_closed"])
    year_history_note(evaluation_year, user=user, note=f"{PERIOD_REOPENED}:{period.number}")
    return period


@transaction.atomic
def criteria_save(*, evaluation_year: EvaluationYear, rows: list[dict]) -> list[Criterion]:
    """Set the year's general criteria to the rows given ({"id", "title", "max_points", "order"}; id None adds
    one, an existing criterion left out is deleted). NĐ 335/2025: they add up to exactly 30 points; NĐ 90/2020
    gives no points, so there the points are a guide for the head, up to 30 in all."""
    evaluation_year = EvaluationYear.objects.select_for_update().get(pk=evaluation_year.pk)
    if evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is closed; its criteria no longer change."))
    if not rows:
        raise ValidationError(_("Keep at least one criterion."))
    existing = {criterion.pk: criterion for criterion in evaluation_year.criteria.all()}
    criteria = []
    for row in rows:
        if row.get("id") is None:
            criterion = Criterion(evaluation_year=evaluation_year)
        elif row["id"] in existing:
            criterion = existing[row["id"]]
        else:
            raise ValidationError(_("This criterion belongs to another year."))
        criterion.title, criterion.max_points, criterion.order = row["title"].strip(), row["max_points"], row["order"]
        if criterion.max_points is None or criterion.max_points <= 0:
            raise ValidationError({"max_points": _("Each criterion is worth more than 0 points.")})
        criterion.full_clean()
        criteria.append(criterion)
    total = sum(criterion.max_points for criterion in criteria)
    if evaluation_year.regime == common.Regime.ND335_2025 and total != GENERAL_MAX:
        raise ValidationError(_("Under NĐ 335/2025 the general criteria add up to exactly %(max)s points; these add "
                                "up to %(total)s.") % {"max": GENERAL_MAX, "total": number_format(total)})
    if total > GENERAL_MAX:
        raise ValidationError(_("The general criteria add up to at most %(max)s points; these add up to %(total)s.")
                              % {"max": GENERAL_MAX, "total": number_format(total)})
    given = PeriodScore.objects.filter(period__evaluation_year=evaluation_year).aggregate(
        most=Max("general_points"))["most"]
    if given is not None and total < given:
        raise ValidationError(_("General criteria points of up to %(given)s were already given this year; the criteria "
                                "cannot add up to less.") % {"given": number_format(given)})
    kept = {criterion.pk for criterion in criteria if criterion.pk}
    Criterion.objects.filter(evaluation_year=evaluation_year).exclude(pk__in=kept).delete()
    for criterion in criteria:
        criterion.save()
    return criteria
