"""The year end: facts read from the staff file, the level the rules allow, proposals, the quota and approval."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluation import tasks
from evaluation.models import (
    Appeal,
    EvaluationYear,
    PeriodScore,
    QuotaException,
    TaskGroup,
    TaskGroupMember,
    YearResult,
)
from evaluation.rules import common, nd335_2025
from evaluation.selectors import reviews as review_selectors
from evaluation.selectors import year_end as selectors
from evaluation.services.tracking import YEAR_CLOSED, year_history_note
from staff.choices import LeaveKind
from staff.models import Leave
from staff.selectors import career as career_selectors
from staff.selectors import discipline as discipline_selectors

DAYS_PER_MONTH = Decimal("30.44")


def _months(days: int) -> Decimal:
    return (Decimal(days) / DAYS_PER_MONTH).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _overlap_days(start: date, end: date, year_start: date, year_end: date) -> int:
    first, last = max(start, year_start), min(end, year_end)
    return max((last - first).days + 1, 0)


@transaction.atomic
def year_results_refresh(*, evaluation_year: EvaluationYear) -> int:
    """Create or update every working person's result from the file: months worked, leave, discipline, score.

    Reads the whole agency in a fixed number of queries; proposals and approvals already made are kept.
    """
    if evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is closed; its results no longer change."))
    year = evaluation_year.year
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    people = list(selectors.people_of_year(evaluation_year=evaluation_year).select_related("position"))
    ids = [person.pk for person in people]
    leaves = {}
    for leave in Leave.objects.filter(staff_member_id__in=ids, start_date__lte=year_end, end_date__gte=year_start):
        leaves.setdefault(leave.staff_member_id, []).append(leave)
    # Each violation as the dates of its decisions: it forces KHTNV in one year only (common.disciplined_in).
    violations = discipline_selectors.violations_by_person(staff_ids=ids)
    scores = {}
    for score in PeriodScore.objects.filter(period__evaluation_year=evaluation_year, total__isnull=False):
        scores.setdefault(score.staff_member_id, []).append((score.period_id, score.total))
    # The reading the year opened with (years opened before it was stored take the plain average [C]).
    weighting = evaluation_year.rule_settings.get("year_weighting", "plain")
    by_months = weighting == "months"
    if by_months:
        periods = {period.pk: (period.start_date, period.end_date) for period in evaluation_year.periods.all()}
        in_agency = career_selectors.spans_in_unit(staff_ids=ids, unit_path=evaluation_year.agency.path,
                                                   start=year_start, end=year_end)
    groups = dict(TaskGroupMember.objects.filter(evaluation_year=evaluation_year).values_list(
        "staff_member_id", "task_group_id"))
    existing = {result.staff_member_id: result for result in YearResult.objects.filter(
        evaluation_year=evaluation_year).select_related("evaluation_year")}
    to_create, to_update = [], []
    for person in people:
        start = max(person.joined_service_on or year_start, year_start)
        end = min(person.left_service_on or year_end, year_end)
        in_service_days = _overlap_days(start, end, year_start, year_end)
        maternity_days = sum(_overlap_days(leave.start_date, leave.end_date, start, end)
                             for leave in leaves.get(person.pk, []) if leave.kind == LeaveKind.MATERNITY)
        absence_days = sum(_overlap_days(leave.start_date, leave.end_date, start, end)
                           for leave in leaves.get(person.pk, []) if leave.kind != LeaveKind.MATERNITY)
        result = existing.get(person.pk) or YearResult(evaluation_year=evaluation_year, staff_member=person)
        (to_update if result.pk else to_create).append(result)
        result.months_worked = min(_months(in_service_days - maternity_days - absence_days), Decimal(12))
        result.maternity_leave = maternity_days > 0
        result.absence_months = min(_months(absence_days), Decimal(12) - result.months_worked)
        result.disciplined = common.disciplined_in(year, violations.get(person.pk, ()))
        result.task_group_id = groups.get(person.pk)
        result.is_leader = review_selectors.is_leader(person)
        period_scores = scores.get(person.pk, [])
        months = None
        if by_months and period_scores:
            present = _present(in_agency.get(person.pk), (start, end))
            absent = [(leave.start_date, leave.end_date) for leave in leaves.get(person.pk, [])]
            months = [nd335_2025.months_worked(start=periods[period_id][0], end=periods[period_id][1],
                                               present=present, absent=absent) for period_id, _total in period_scores]
        result.year_score = _year_score([total for _period_id, total in period_scores], weighting, months)
        _allow(result)
    # In batches, with their history rows: a fixed number of queries per batch, never one per person.
    bulk_create_with_history(to_create, YearResult, batch_size=1000)
    bulk_update_with_history(to_update, YearResult, REFRESHED_FIELDS, batch_size=1000)
    return len(people)


def _present(agency_spans, service: tuple[date, date]) -> list[tuple[date, date]]:
    """When the person was in the agency during the year: their career steps in it (within their service), or their
    whole service in the year when the career history records no step in the agency."""
    if not agency_spans:
        return [service] if service[0] <= service[1] else []
    clipped = [(max(first, service[0]), min(last, service[1])) for first, last in agency_spans]
    return [(first, last) for first, last in clipped if first <= last]


def _year_score(totals: list[Decimal], weighting: str, months: list[Decimal] | None) -> Decimal | None:
    """The year's score: the plain average of the period scores [C], or weighted by the months worked in each period
    when the year was opened with that reading [U] (an unknown reading is refused by the rule, never taken as plain).
    With no month worked in any scored period there is nothing to weigh by: the plain average stands (with so little
    worked the year is not classified, maternity leave aside)."""
    if not totals:
        return None
    if weighting == "months" and not sum(months or (), Decimal(0)):
        weighting = "plain"
    return nd335_2025.year_score(period_scores=totals, months_in_period=months, weighting=weighting)


# What the file decides; the inputs entered by hand (degraded, managed unit, unit results) are kept as they are.
REFRESHED_FIELDS = ["task_group", "months_worked", "maternity_leave", "absence_months", "disciplined", "is_leader",
                    "year_score", "allowed_level", "reasons"]


def _allow(result: YearResult) -> None:
    """The level the rules allow and why (NĐ 335: from the score, or the facts before it; NĐ 90: from the head's
    proposal, or the facts for a person not classified)."""
    regime = result.evaluation_year.regime
    outcome = None
    if regime == common.Regime.ND335_2025:
        # From the score; before it, from the facts alone (not classified, disqualified) or nothing yet.
        outcome = selectors.result_ceiling(result)
    elif regime == common.Regime.ND90_2020 and result.head_level:
        if result.head_level == common.Level.NOT_CLASSIFIED:
            outcome = selectors.result_ceiling(result)
        else:
            outcome = selectors.nd90_outcome(result, common.Level(result.head_level))
    if outcome is None:
        result.allowed_level, result.reasons = "", []
    else:
        result.allowed_level = outcome.level.value
        result.reasons = [{"code": reason.code, "detail": reason.detail} for reason in outcome.reasons]


def _refuse_if_closed(evaluation_year: EvaluationYear) -> None:
    if evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is closed; its results no longer change."))


INPUT_FIELDS = ("degraded", "managed_unit_corruption", "unit_targets_met_all", "unit_share_exceeded",
                "unit_share_good", "unit_results_source")


@transaction.atomic
def result_inputs_record(*, result: YearResult, **inputs) -> YearResult:
    """HR enters the disqualifiers found by the competent level and, for leaders, the unit's results; the level the
    rules allow follows. An approved level is never changed here: only the allowed level is."""
    unknown = set(inputs) - set(INPUT_FIELDS)
    if unknown:
        raise TypeError(f"Not an input: {', '.join(sorted(unknown))}")
    result = YearResult.objects.select_for_update().select_related("evaluation_year").get(pk=result.pk)
    _refuse_if_closed(result.evaluation_year)
    for name, value in inputs.items():
        setattr(result, name, value)
    result.unit_results_source = result.unit_results_source.strip()
    unit = (result.unit_targets_met_all, result.unit_share_exceeded, result.unit_share_good)
    if any(value is not None for value in unit) and None in unit:
        raise ValidationError(_("Enter the unit's three results together (all targets met, share exceeded, share "
                                "of units rated good), or none of them."))
    if None not in unit and not result.unit_results_source:
        raise ValidationError({"unit_results_source": _("Say which report or decision the unit results come "
                                                        "from.")})
    result.full_clean()
    _allow(result)
    result.save()
    return result


@transaction.atomic
def self_assess(*, result: YearResult, text: str, level: str) -> YearResult:
    """The person's self-assessment and the level they propose."""
    _refuse_if_closed(result.evaluation_year)
    if result.status != YearResult.Status.OPEN:
        raise ValidationError(_("This result is already approved."))
    if not text.strip():
        raise ValidationError({"text": _("Write your self-assessment.")})
    offered = selectors.self_levels(result)
    if common.Level(level) not in offered:
        if common.Level.NOT_CLASSIFIED in offered:
            raise ValidationError({"level": _("Not classified: you worked under 6 months in the year; write your "
                                              "self-review only.")})
        raise ValidationError({"level": _("Propose one of the four levels.")})
    result.self_assessment, result.self_level = text.strip(), level
    result.save()
    return result


@transaction.atomic
def head_propose(*, result: YearResult, level: str, minutes_reference: str) -> YearResult:
    """The head proposes a level, citing the unit meeting's minutes, or records that the person is not classified,
    citing their self-review; only what the rules allow for this person."""
    _refuse_if_closed(result.evaluation_year)
    if result.status != YearResult.Status.OPEN:
        raise ValidationError(_("This result is already approved."))
    offered = selectors.proposal_levels(result)
    if common.Level(level) not in offered:
        if offered == (common.Level.NOT_CLASSIFIED,):
            message = _("The rules do not classify this person (under 6 months worked in the year, without "
                        "maternity leave): record “Not classified”, citing their self-review.")
        elif level == common.Level.NOT_CLASSIFIED:
            message = _("The rules classify this person: propose one of the levels they allow.")
        else:
            message = _("The rules allow at most “%(level)s” for this person.") % {
                "level": YearResult.Level(offered[0]).label}
        raise ValidationError({"level": message})
    if not minutes_reference.strip():
        if level == common.Level.NOT_CLASSIFIED:
            raise ValidationError({"minutes_reference": _("Cite the person's self-review (its date, or the minutes "
                                                          "of the meeting that heard it).")})
        raise ValidationError({"minutes_reference": _("Give the number and date of the meeting minutes.")})
    result.head_level, result.minutes_reference = level, minutes_reference.strip()
    _allow(result)
    result.save()
    return result


@transaction.atomic
def group_approve(*, evaluation_year: EvaluationYear, task_group: TaskGroup | None, user) -> int:
    """The leader approves a group's proposals, only as a set that respects the quota (or has an exception)."""
    _refuse_if_closed(evaluation_year)
    group_summary = next((entry for entry in selectors.quota_summary(evaluation_year=evaluation_year)
                          if entry.task_group == task_group), None)
    if group_summary is None:
        raise ValidationError(_("Nobody to approve in this group."))
    if not group_summary.ready:
        waiting = sum(1 for result in group_summary.results if not result.head_level)
        raise ValidationError(ngettext(
            "Nothing to approve yet: %(count)s of %(total)s people has no head's proposal; every person needs one "
            "before the group is approved.",
            "Nothing to approve yet: %(count)s of %(total)s people have no head's proposal; every person needs one "
            "before the group is approved.", waiting) % {"count": waiting, "total": len(group_summary.results)})
    to_approve = [result for result in group_summary.results if result.status != YearResult.Status.APPROVED]
    if not to_approve:
        raise ValidationError(_("Every result of this group is already approved."))
    if group_summary.mismatched:
        raise ValidationError(_("The rules no longer allow the proposal for %(names)s: the head proposes again "
                                "before the group is approved.") % {
            "names": ", ".join(result.staff_member.full_name for result in group_summary.mismatched)})
    if not group_summary.check.respected:
        raise ValidationError(_("The proposals exceed the quota: at most %(allowed)s “excellent” here, "
                                "%(proposed)s proposed.") % {"allowed": group_summary.check.allowed,
                                                              "proposed": group_summary.check.proposed_htxsnv})
    now = timezone.now()
    # Results approved before (a person added to the group since) keep their decision, and an appeal's outcome.
    for result in to_approve:
        result.approved_level = common.cap(common.Level(result.head_level),
                                           common.Level(result.allowed_level or result.head_level)).value
        result.status, result.approved_by, result.approved_at = YearResult.Status.APPROVED, user, now
        result.save()
    return len(to_approve)


def quota_exception_record(*, evaluation_year: EvaluationYear, task_group, granted_by: str, decision_no: str,
                           user) -> QuotaException:
    """Record that the competent authority allowed exceeding the quota, and by which decision."""
    if not granted_by.strip() or not decision_no.strip():
        raise ValidationError(_("Say who granted the exception and by which decision."))
    return QuotaException.objects.create(evaluation_year=evaluation_year, task_group=task_group,
                                         granted_by=granted_by.strip(), decision_no=decision_no.strip(),
                                         recorded_by=user)


@transaction.atomic
def appeal_submit(*, result: YearResult, reason: str, today=None) -> Appeal:
    """The person appeals their approved result, within the window after approval; one open appeal at a time."""
    today = today or timezone.localdate()
    _refuse_if_closed(result.evaluation_year)
    if result.status != YearResult.Status.APPROVED or result.approved_at is None:
        raise ValidationError(_("Only an approved result can be appealed."))
    if not common.appeal_open(approved_on=timezone.localdate(result.approved_at), today=today,
                              days=django_settings.EVALUATION_APPEAL_DAYS):
        raise ValidationError(_("The time to appeal this result has passed."))
    if result.appeals.filter(status=Appeal.Status.PENDING).exists():
        raise ValidationError(_("An appeal of this result is already waiting for a decision."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the grounds of your appeal.")})
    return Appeal.objects.create(result=result, reason=reason.strip())


@transaction.atomic
def appeal_decide(*, appeal, user, uphold: bool, decision: str, new_level: str = "") -> Appeal:
    """Decide an appeal once; upholding it changes the approved level (the history keeps the old one)."""
    appeal = Appeal.objects.select_for_update().select_related("result__evaluation_year").get(pk=appeal.pk)
    _refuse_if_closed(appeal.result.evaluation_year)
    if appeal.status != Appeal.Status.PENDING:
        raise ValidationError(_("This appeal was already decided."))
    if not decision.strip():
        raise ValidationError({"decision": _("Write the decision and its grounds.")})
    if uphold:
        if not new_level or new_level == appeal.result.approved_level:
            raise ValidationError({"new_level": _("Choose the new level.")})
        appeal.result.approved_level = new_level
        appeal.result.save()
    appeal.status = Appeal.Status.UPHELD if uphold else Appeal.Status.REJECTED
    appeal.new_level = new_level if uphold else ""
    appeal.decision, appeal.decided_by, appeal.decided_at = decision.strip(), user, timezone.now()
    appeal.save()
    return appeal


@transaction.atomic
def results_publish(*, evaluation_year: EvaluationYear) -> int:
    """Publish the approved results inside the agency; each person then gets a written notice (portal and mail)."""
    now = timezone.now()
    ids = list(YearResult.objects.filter(evaluation_year=evaluation_year, status=YearResult.Status.APPROVED,
                                         published_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("No approved result is waiting to be published."))
    YearResult.objects.filter(pk__in=ids).update(published_at=now)
    transaction.on_commit(lambda: tasks.result_notices_send.delay(ids))
    return len(ids)


def result_notices_send(*, result_ids: list[int]) -> int:
    """Mail each person the notice of their published result; safe to repeat (only published ones are sent)."""
    from django.core.mail import send_mail

    sent = 0
    for result in YearResult.objects.filter(pk__in=result_ids, published_at__isnull=False).select_related(
            "staff_member__user", "evaluation_year__agency"):
        address = result.staff_member.email or (result.staff_member.user.email if result.staff_member.user else "")
        if not address:
            continue  # the notice stays on the person's page
        facts = {"name": result.staff_member.full_name, "year": result.evaluation_year.year,
                 "agency": result.evaluation_year.agency.name, "level": result.get_approved_level_display(),
                 "days": django_settings.EVALUATION_APPEAL_DAYS}
        if result.approved_level == YearResult.Level.NOT_CLASSIFIED:
            text = _("%(name)s: in the %(year)s evaluation of %(agency)s you are not classified, having worked under "
                     "6 months in the year; your self-review is kept on file. You may appeal within %(days)s days on "
                     "the portal.") % facts
        else:
            text = _("%(name)s: in the %(year)s evaluation of %(agency)s you are rated “%(level)s”. You may appeal "
                     "within %(days)s days on the portal.") % facts
        send_mail(_("Result of the %(year)s evaluation") % {"year": result.evaluation_year.year}, text, None,
                  [address])
        sent += 1
    return sent


@transaction.atomic
def evaluation_year_close(*, evaluation_year: EvaluationYear, user) -> EvaluationYear:
    """Close a year once every result is approved and no appeal waits: its periods close with it and neither its
    work nor its results change again (there is no reopening from the portal)."""
    evaluation_year = EvaluationYear.objects.select_for_update().get(pk=evaluation_year.pk)
    if evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is already closed."))
    blockers = selectors.year_close_blockers(evaluation_year=evaluation_year)
    if not blockers["results"]:
        raise ValidationError(_("The year has no result yet: bring the results up to date and approve them first."))
    if blockers["not_approved"]:
        raise ValidationError(ngettext(
            "%(count)s of %(total)s results is not approved yet; every result must be approved before the year "
            "closes.",
            "%(count)s of %(total)s results are not approved yet; every result must be approved before the year "
            "closes.", blockers["not_approved"]) % {"count": blockers["not_approved"], "total": blockers["results"]})
    if blockers["pending_appeals"]:
        raise ValidationError(ngettext(
            "%(count)s appeal is waiting for a decision; decide it before the year closes.",
            "%(count)s appeals are waiting for a decision; decide them before the year closes.",
            blockers["pending_appeals"]) % {"count": blockers["pending_appeals"]})
    evaluation_year.periods.filter(is_closed=False).update(is_closed=True)
    evaluation_year.status = EvaluationYear.Status.CLOSED
    year_history_note(evaluation_year, user=user, note=YEAR_CLOSED)
    return evaluation_year
