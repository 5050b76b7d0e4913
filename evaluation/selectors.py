"""Reads of the evaluation app; rows are narrowed to the person's units with staff's scope helper."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from evaluation.models import EvaluationYear, Period, PeriodScore, QualityReview, WorkItem, YearResult
from staff.choices import Status
from staff.models import StaffMember
from staff.selectors import scope_filter


def year_list_for(*, user) -> QuerySet[EvaluationYear]:
    # A year belongs to an agency; people scoped to one of its departments see it too.
    return scope_filter(EvaluationYear.objects.select_related("agency"), user=user, unit_field="agency",
                        include_ancestors=True)


def year_for(*, user, pk: int) -> EvaluationYear:
    return get_object_or_404(year_list_for(user=user).prefetch_related("periods", "criteria", "task_groups"), pk=pk)


def period_for(*, user, pk: int) -> Period:
    return get_object_or_404(Period.objects.select_related("evaluation_year__agency").filter(
        evaluation_year__in=year_list_for(user=user)), pk=pk)


def trackable_people(*, user, period: Period) -> QuerySet[StaffMember]:
    """The working people of the period's agency the person may assign work to and score."""
    return scope_filter(StaffMember.objects.filter(
        org_unit__path__startswith=period.evaluation_year.agency.path, status=Status.WORKING
    ), user=user, unit_field="org_unit")


def tracked_people(*, user, period: Period) -> list[StaffMember]:
    """The trackable people with their work and result for the page (fixed queries)."""
    people = trackable_people(user=user, period=period).select_related("org_unit").order_by(
        "org_unit__path", "search_key")
    items = WorkItem.objects.filter(period=period).prefetch_related(
        Prefetch("reviews", queryset=QualityReview.objects.order_by("reviewed_at")))
    scores = PeriodScore.objects.filter(period=period)
    people = list(people.prefetch_related(Prefetch("work_items", queryset=items, to_attr="period_items"),
                                          Prefetch("period_scores", queryset=scores, to_attr="period_score_list")))
    so_far = _totals_by_person(PeriodScore.objects.filter(
        period__evaluation_year_id=period.evaluation_year_id, period__number__lte=period.number,
        staff_member__in=[person.pk for person in people]))
    for person in people:
        person.period_score = person.period_score_list[0] if person.period_score_list else None
        person.year_average = _average(so_far.get(person.pk))
        person.scored_periods = len(so_far.get(person.pk, []))
    return people


def _totals_by_person(scores) -> dict[int, list]:
    totals: dict[int, list] = {}
    for staff_member_id, total in scores.filter(total__isnull=False).values_list("staff_member_id", "total"):
        totals.setdefault(staff_member_id, []).append(total)
    return totals


def _average(totals):
    """The running year average: the rule's plain average of the periods scored so far, or None."""
    from evaluation.rules import nd335_2025

    return nd335_2025.year_score(period_scores=totals) if totals else None


def own_year_averages(*, user) -> list[dict]:
    """For each year the person was tracked in, the running average of their period scores (one query)."""
    years: dict[int, dict] = {}
    rows = PeriodScore.objects.filter(staff_member__user=user, total__isnull=False).values_list(
        "period__evaluation_year_id", "period__evaluation_year__year", "period__evaluation_year__agency__name",
        "total").order_by("-period__evaluation_year__year", "period__number")
    for year_id, year, agency, total in rows:
        years.setdefault(year_id, {"year": year, "agency": agency, "totals": []})["totals"].append(total)
    return [{**entry, "average": _average(entry["totals"]), "periods": len(entry["totals"])}
            for entry in years.values()]


def own_work(*, user) -> QuerySet[WorkItem]:
    """The signed-in person's work products in open periods, newest period first."""
    return WorkItem.objects.filter(staff_member__user=user, period__is_closed=False).select_related(
        "period__evaluation_year").prefetch_related("reviews").order_by("-period__start_date", "due_date")


def own_scores(*, user) -> QuerySet[PeriodScore]:
    return PeriodScore.objects.filter(staff_member__user=user).select_related("period__evaluation_year").order_by(
        "-period__start_date")


def work_item_for_head(*, user, pk: int) -> WorkItem:
    return get_object_or_404(scope_filter(WorkItem.objects.select_related("period__evaluation_year", "staff_member"),
                                          user=user, unit_field="staff_member__org_unit"), pk=pk)


def own_results(*, user) -> QuerySet[YearResult]:
    return YearResult.objects.filter(staff_member__user=user).select_related("evaluation_year__agency").order_by(
        "-evaluation_year__year")


def published_for(*, user) -> dict:
    """The published results of the agencies above the person's own file: what is published inside the agency."""
    from staff.selectors import staff_own_file

    member = staff_own_file(user=user)
    if member is None:
        return {"member": None, "results": []}
    agency_ids = [member.org_unit_id, *member.org_unit.ancestor_ids]
    results = YearResult.objects.filter(evaluation_year__agency_id__in=agency_ids, published_at__isnull=False)
    return {"member": member, "results": list(results.select_related(
        "staff_member__org_unit", "evaluation_year").order_by("-evaluation_year__year", "staff_member__search_key"))}


def results_for_head(*, user, evaluation_year) -> QuerySet[YearResult]:
    """The results of the people in the head's own units."""
    return scope_filter(YearResult.objects.filter(evaluation_year=evaluation_year).select_related(
        "staff_member__org_unit"), user=user, unit_field="staff_member__org_unit").order_by(
        "staff_member__org_unit__path", "staff_member__search_key")


def alerts_for(*, user) -> dict:
    """Approved "not completed" results in the person's units, and who had it two years running (for a person
    to decide on: never an automatic action)."""
    from evaluation.rules import common

    rows = list(scope_filter(YearResult.objects.filter(approved_level="khtnv").select_related(
        "staff_member__org_unit", "evaluation_year"), user=user, unit_field="staff_member__org_unit").order_by(
        "-evaluation_year__year", "staff_member__search_key")[:500])
    years_by_person: dict[int, dict[int, common.Level]] = {}
    for row in rows:
        years_by_person.setdefault(row.staff_member_id, {})[row.evaluation_year.year] = common.Level.KHTNV
    for row in rows:
        row.two_in_a_row = common.two_consecutive_khtnv(years_by_person[row.staff_member_id],
                                                        row.evaluation_year.year)
    return {"rows": rows, "repeated": [row for row in rows if row.two_in_a_row]}


def deadline_status(*, user, evaluation_year, today) -> dict:
    """Who has not finished the year's rating, in the person's units, and whether the deadline has passed."""
    pending = list(scope_filter(YearResult.objects.filter(evaluation_year=evaluation_year).exclude(
        status=YearResult.Status.APPROVED).select_related("staff_member__org_unit"), user=user,
        unit_field="staff_member__org_unit").order_by("staff_member__org_unit__path", "staff_member__search_key"))
    for result in pending:
        result.missing = ("self" if not result.self_assessment else "head" if not result.head_level
                          else "approval")
    return {"deadline": evaluation_year.deadline, "is_late": today >= evaluation_year.deadline,
            "days_left": (evaluation_year.deadline - today).days, "pending": pending}


def appeals_for(*, user) -> QuerySet:
    from evaluation.models import Appeal

    return scope_filter(Appeal.objects.select_related("result__staff_member__org_unit", "result__evaluation_year",
                                                      "decided_by"),
                        user=user, unit_field="result__staff_member__org_unit")



def result_for_paper(*, user, pk: int, others: bool) -> YearResult:
    """A year result with everything its printed form shows: the person's own, or with `others` (the caller checked
    the permission) also a result of a person in the user's units; anything else is a 404."""
    results = YearResult.objects.select_related(
        "evaluation_year__agency", "staff_member__org_unit", "staff_member__position", "staff_member__rank",
        "approved_by")
    reachable = results.filter(staff_member__user=user)
    if others:
        reachable = reachable | scope_filter(results, user=user, unit_field="staff_member__org_unit")
    return get_object_or_404(reachable, pk=pk)


def year_to_manage(*, user, pk: int) -> EvaluationYear:
    """A year whose set-up the person may change: they are scoped to its agency itself (or above), not only to one
    of its departments."""
    return get_object_or_404(scope_filter(EvaluationYear.objects.select_related("agency"), user=user,
                                          unit_field="agency"), pk=pk)


def period_to_manage(*, user, pk: int) -> Period:
    years = scope_filter(EvaluationYear.objects.all(), user=user, unit_field="agency")
    return get_object_or_404(Period.objects.select_related("evaluation_year__agency").filter(
        evaluation_year__in=years), pk=pk)


def result_to_manage(*, user, pk: int) -> YearResult:
    """A result of a year the person manages (HR of the agency), for the inputs entered by hand."""
    years = scope_filter(EvaluationYear.objects.all(), user=user, unit_field="agency")
    return get_object_or_404(YearResult.objects.select_related(
        "evaluation_year__agency", "staff_member__org_unit", "staff_member__position").filter(
        evaluation_year__in=years), pk=pk)


def year_closing_log(*, evaluation_year) -> list[dict]:
    """Who closed or reopened the year's periods, and closed the year, newest first (notes in the year's history)."""
    rows = evaluation_year.history.filter(history_change_reason__isnull=False).select_related(
        "history_user").order_by("-history_date")[:50]
    log = []
    for row in rows:
        action, _, number = row.history_change_reason.partition(":")
        log.append({"action": action, "number": number, "user": row.history_user, "at": row.history_date})
    return log
