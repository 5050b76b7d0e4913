"""Reads of the year end: what the rules let a head propose for a person and why, the quota of each task group,
what stands in the way of closing a year, and the rows of the year-end pages."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from batxat_portal.paging import count_free_page
from evaluation.models import Appeal, EvaluationYear, PeriodScore, QuotaException, TaskGroup, YearResult
from evaluation.rules import common, nd90_2020, nd335_2025, quota
from evaluation.selectors import appeals_for, minutes_for, results_for_head
from staff.choices import Status
from staff.models import StaffMember
from staff.selectors import scope_filter

HUNDRED = Decimal(100)


def result_facts(result: YearResult) -> common.PersonYear:
    """The person's year as both regimes' rules read it, from the stored result."""
    return common.PersonYear(months_worked=result.months_worked, maternity_leave=result.maternity_leave,
                             lawful_absence_months=result.absence_months, disciplined=result.disciplined,
                             degraded=result.degraded,
                             # The decree's disqualifier concerns the units a leader manages: ignored for others.
                             leader_managed_unit_corruption=result.is_leader and result.managed_unit_corruption)


def _unit_results(result: YearResult) -> nd90_2020.UnitResults | None:
    """The leader's unit results as the rule reads them (shares, not percentages), or None until all are entered."""
    if None in (result.unit_targets_met_all, result.unit_share_exceeded, result.unit_share_good):
        return None
    return nd90_2020.UnitResults(targets_met_all=result.unit_targets_met_all,
                                 share_exceeded=result.unit_share_exceeded / HUNDRED,
                                 share_units_good_or_better=result.unit_share_good / HUNDRED)


def nd90_outcome(result: YearResult, proposed: common.Level) -> common.Outcome:
    """NĐ 90/2020: the level a proposal gets after the caps and forced levels, leaders also by their unit."""
    facts = result_facts(result)
    if not result.is_leader:
        return nd90_2020.classify(proposed=proposed, year=facts)
    # Thresholds as the year opened with them; years opened before they were settings use the decree's [P] values.
    rules = result.evaluation_year.rule_settings
    return nd90_2020.classify_leader(proposed=proposed, year=facts, unit_results=_unit_results(result),
                                     min_exceeded=Decimal(rules.get("leader_min_exceeded", "0.5")),
                                     min_units_good=Decimal(rules.get("leader_min_units_good", "0.7")))


def result_ceiling(result: YearResult) -> common.Outcome | None:
    """The best level the rules let the head propose for this person, and why; None when nothing decides it yet
    (NĐ 335/2025 before the year has a score, with no disqualifier)."""
    if result.evaluation_year.regime == common.Regime.ND335_2025:
        if result.year_score is not None:
            return nd335_2025.classify(score=result.year_score, year=result_facts(result))
        return nd335_2025.classify_unscored(year=result_facts(result))
    # NĐ 90/2020 rates the head's judgement: its ceiling is what the best proposal would get.
    return nd90_outcome(result, common.Level.HTXSNV)


def proposal_levels(result: YearResult) -> tuple[common.Level, ...]:
    """The levels a head may propose for this person, best first: "not classified" alone, or the four levels down
    from the ceiling."""
    ceiling = result_ceiling(result)
    return common.allowed_levels(ceiling.level if ceiling else None)


def self_levels(result: YearResult) -> tuple[common.Level, ...]:
    """What the person may propose for themselves: "not classified" alone when the rules do not classify the year,
    otherwise any of the four levels (the caps are for the head and the leader to apply)."""
    if common.is_classified(result_facts(result)):
        return common.CLASSIFIED_LEVELS
    return (common.Level.NOT_CLASSIFIED,)


def level_choices(levels) -> list[tuple[str, str]]:
    labels = dict(YearResult.Level.choices)
    return [(level.value, labels[level.value]) for level in levels]


def proposal_rows(*, user, evaluation_year: EvaluationYear) -> list[YearResult]:
    """The head's people with what the rules let them propose (`offered`, as choices) and why (`cap`), before
    they choose (fixed queries)."""
    rows = list(results_for_head(user=user, evaluation_year=evaluation_year))
    for result in rows:
        result.evaluation_year = evaluation_year
        ceiling = result_ceiling(result)
        result.offered = level_choices(common.allowed_levels(ceiling.level if ceiling else None))
        result.cap = ceiling
    return rows


# What a result may still be missing before the leader can decide it, in the order the work is done. Periods, general
# points and the score are NĐ 335/2025's: an NĐ 90/2020 year rates the head's judgement, with no score.
PERIODS_OPEN = "periods_open"  # the year's periods not closed yet (the same for everyone)
GENERAL_POINTS = "general_points"  # periods whose head has not given the person their general-criteria points
SCORE = "score"  # no year score, and nothing in the facts decides the level without one
SELF_REVIEW = "self_review"
HEAD_PROPOSAL = "head_proposal"


@dataclass
class GroupQuota:
    task_group: TaskGroup | None
    results: list
    check: quota.QuotaCheck
    exception: QuotaException | None
    ready: bool  # every result has a head proposal
    not_classified: int = 0  # proposed "not classified": outside the quota count
    mismatched: list = field(default_factory=list)  # proposals the rules no longer allow (the facts changed)


def quota_summary(*, evaluation_year: EvaluationYear) -> list[GroupQuota]:
    """Per task group (people outside any group form one more), the proposals against the 20% quota; people not
    classified stay outside the count."""
    settings = evaluation_year.rule_settings
    results = list(YearResult.objects.filter(evaluation_year=evaluation_year).select_related(
        "staff_member__org_unit", "task_group").order_by("task_group__name", "staff_member__search_key"))
    exceptions = {exception.task_group_id: exception for exception in evaluation_year.quota_exceptions.all()}
    by_group: dict = {}
    for result in results:
        result.evaluation_year = evaluation_year
        by_group.setdefault(result.task_group, []).append(result)
    summary = []
    for group, members in by_group.items():
        proposed = [common.Level(result.head_level) for result in members if result.head_level]
        levels = [level for level in proposed if level is not common.Level.NOT_CLASSIFIED]
        exception = exceptions.get(group.pk if group else None)
        check = quota.check_quota(levels=levels, reading=settings.get("quota_reading", "httnv"),
                                  share=Decimal(settings.get("quota_share", "0.20")),
                                  exception_granted=exception is not None)
        mismatched = [result for result in members
                      if result.head_level and common.Level(result.head_level) not in proposal_levels(result)]
        summary.append(GroupQuota(group, members, check, exception, all(r.head_level for r in members),
                                  not_classified=len(proposed) - len(levels), mismatched=mismatched))
    return summary


@dataclass
class GroupOverview:
    """A task group's line on the results page: its proposals against the quota, counted, not listed."""

    task_group: TaskGroup | None
    size: int
    proposed: int  # people with the head's proposal
    check: quota.QuotaCheck
    exception: QuotaException | None
    not_classified: int
    mismatched: list  # the people whose proposal the rules no longer allow (StaffMember rows)
    # Counted in the same GROUP BY: "approved", "to_publish" (approved, not published), "scored" (with a year score),
    # and the results not approved by what they miss (GENERAL_POINTS, SCORE, SELF_REVIEW, HEAD_PROPOSAL).
    tallies: dict = field(default_factory=dict)

    @property
    def approved(self) -> int:
        return self.tallies.get("approved", 0)

    @property
    def to_publish(self) -> int:
        return self.tallies.get("to_publish", 0)

    @property
    def ready(self) -> bool:
        return self.proposed == self.size

    @property
    def unproposed(self) -> int:
        """People still without the head's proposal."""
        return self.size - self.proposed

    @property
    def all_approved(self) -> bool:
        return self.approved == self.size

    @property
    def approvable(self) -> bool:
        """Something to approve: every person has the head's proposal, one at least is not approved yet, the rules
        still allow each proposal and the set respects the quota (or has an exception)."""
        return self.ready and not self.all_approved and not self.mismatched and self.check.respected


# What the rules read of a result to find its ceiling: all a mismatch check loads.
_CEILING_FIELDS = ("task_group_id", "staff_member_id", "head_level", "months_worked", "maternity_leave",
                   "absence_months", "disciplined", "degraded", "is_leader", "managed_unit_corruption",
                   "unit_targets_met_all", "unit_share_exceeded", "unit_share_good", "year_score")


def quota_overview(*, evaluation_year: EvaluationYear) -> list[GroupOverview]:
    """Per task group, what `quota_summary` says, without loading its people: the levels proposed counted in one
    GROUP BY, the proposals the rules no longer allow found from the few fields the rules read (fixed queries)."""
    settings = evaluation_year.rule_settings
    counts: dict = {}
    tallies: dict = {}
    for group_id, level, number, *tallied in YearResult.objects.filter(evaluation_year=evaluation_year).values_list(
            "task_group_id", "head_level").annotate(number=Count("pk"), **_tallies(evaluation_year)).order_by():
        counts.setdefault(group_id, {})[level] = number
        group_tallies = tallies.setdefault(group_id, dict.fromkeys(_TALLIED, 0))
        for name, value in zip(_tallies(evaluation_year), tallied, strict=True):
            group_tallies[name] += value
    mismatched: dict = {}
    proposals = YearResult.objects.filter(evaluation_year=evaluation_year).exclude(head_level="").only(
        *_CEILING_FIELDS).order_by()
    for result in proposals:
        result.evaluation_year = evaluation_year
        if common.Level(result.head_level) not in proposal_levels(result):
            mismatched.setdefault(result.task_group_id, []).append(result.staff_member_id)
    names = {person.pk: person for person in StaffMember.objects.filter(
        pk__in=[pk for ids in mismatched.values() for pk in ids]).order_by("search_key")} if mismatched else {}
    exceptions = {exception.task_group_id: exception for exception in evaluation_year.quota_exceptions.all()}
    groups = {group.pk: group for group in evaluation_year.task_groups.all()}
    overview = []
    for group_id in sorted(counts, key=lambda pk: (pk is None, groups[pk].name if pk in groups else "")):
        by_level = counts[group_id]
        levels = {common.Level(level): number for level, number in by_level.items()
                  if level and level != common.Level.NOT_CLASSIFIED}
        exception = exceptions.get(group_id)
        check = quota.check_counts(counts=levels, reading=settings.get("quota_reading", "httnv"),
                                   share=Decimal(settings.get("quota_share", "0.20")),
                                   exception_granted=exception is not None)
        overview.append(GroupOverview(
            task_group=groups.get(group_id), size=sum(by_level.values()),
            proposed=sum(number for level, number in by_level.items() if level), check=check, exception=exception,
            not_classified=by_level.get(common.Level.NOT_CLASSIFIED.value, 0),
            mismatched=sorted((names[pk] for pk in mismatched.get(group_id, [])), key=lambda p: p.search_key),
            tallies={**tallies[group_id], HEAD_PROPOSAL: by_level.get("", 0)}))
    return overview


_TALLIED = ("approved", "to_publish", "scored", GENERAL_POINTS, SCORE, SELF_REVIEW)


def _tallies(evaluation_year: EvaluationYear) -> dict:
    """What the overview's GROUP BY counts besides the levels: the approved and unpublished results, the scored ones,
    and the results not approved yet by what they miss (results_missing says the same of each)."""
    open_rows = ~Q(status=YearResult.Status.APPROVED)
    tallies = {"approved": Count("pk", filter=~open_rows),
               "to_publish": Count("pk", filter=~open_rows & Q(published_at__isnull=True)),
               "scored": Count("pk", filter=Q(year_score__isnull=False))}
    if _scored_regime(evaluation_year):
        tallies[GENERAL_POINTS] = Count("pk", filter=open_rows & Q(Exists(_without_general(evaluation_year))))
        tallies[SCORE] = Count("pk", filter=open_rows & _score_missing())
    tallies[SELF_REVIEW] = Count("pk", filter=open_rows & Q(self_assessment=""))
    return tallies




def people_of_year(*, evaluation_year: EvaluationYear) -> QuerySet[StaffMember]:
    """The people a year's results are made for: those of the agency working, or who left during the year."""
    return StaffMember.objects.filter(org_unit__path__startswith=evaluation_year.agency.path).filter(
        Q(status=Status.WORKING) | Q(left_service_on__gte=date(evaluation_year.year, 1, 1)))


def open_periods(*, evaluation_year: EvaluationYear) -> int:
    """How many of the year's periods are not closed (from the year's prefetched periods when it has them)."""
    return sum(1 for period in evaluation_year.periods.all() if not period.is_closed)


def _scored_regime(evaluation_year: EvaluationYear) -> bool:
    return evaluation_year.regime == common.Regime.ND335_2025


def _without_general(evaluation_year: EvaluationYear) -> QuerySet[PeriodScore]:
    """The person's period scores of the year still without the head's general points (correlated on the result)."""
    return PeriodScore.objects.filter(period__evaluation_year=evaluation_year.pk,
                                      staff_member=OuterRef("staff_member_id"), general_points__isnull=True)


def _score_missing() -> Q:
    return Q(year_score__isnull=True, allowed_level="")


def with_missing(results: QuerySet[YearResult], *, evaluation_year: EvaluationYear) -> QuerySet[YearResult]:
    """The results with `periods_without_general` counted in the same SQL statement (a correlated subquery per row of
    the page, never a query per person); `result_missing` reads it."""
    if not _scored_regime(evaluation_year):
        return results.annotate(periods_without_general=Value(0, output_field=IntegerField()))
    counted = _without_general(evaluation_year).order_by().values("staff_member_id").annotate(
        number=Count("pk")).values("number")
    return results.annotate(periods_without_general=Coalesce(Subquery(counted, output_field=IntegerField()), 0))


def result_missing(result: YearResult, *, evaluation_year: EvaluationYear, periods_open: int) -> list[tuple[str, int]]:
    """What this result still needs, as (what, how many): nothing once it is approved. Reads the fields and the
    annotation of `with_missing`, no query."""
    if result.status == YearResult.Status.APPROVED:
        return []
    missing = []
    if _scored_regime(evaluation_year):
        if periods_open:
            missing.append((PERIODS_OPEN, periods_open))
        if result.periods_without_general:
            missing.append((GENERAL_POINTS, result.periods_without_general))
        if result.year_score is None and not result.allowed_level:
            missing.append((SCORE, 1))
    if not result.self_assessment:
        missing.append((SELF_REVIEW, 1))
    if not result.head_level:
        missing.append((HEAD_PROPOSAL, 1))
    return missing


def _mark_missing(results, *, evaluation_year: EvaluationYear) -> None:
    periods_open = open_periods(evaluation_year=evaluation_year)
    for result in results:
        result.evaluation_year = evaluation_year
        result.missing = result_missing(result, evaluation_year=evaluation_year, periods_open=periods_open)


@dataclass
class MissingCounts:
    """The year's results counted by what they still miss (approved ones miss nothing), for HR and the leader."""

    people: int  # who should have a result (people_of_year)
    results: int
    approved: int
    scored: int  # results with a year score
    periods_open: int
    general_points: int  # results with a period still without general points
    score: int
    self_review: int
    head_proposal: int
    outstanding: int  # results not approved yet
    to_publish: int  # approved results not published yet
    scored_regime: bool

    @property
    def without_result(self) -> int:
        return max(self.people - self.results, 0)

    @property
    def outstanding_people(self) -> int:
        """People not finished: results not approved, and people with no result at all."""
        return self.outstanding + self.without_result

    @property
    def complete(self) -> bool:
        """Every person has a result and every result is approved."""
        return not self.without_result and self.results == self.approved


def missing_counts(*, evaluation_year: EvaluationYear, overview: list[GroupOverview] | None = None) -> MissingCounts:
    """How many results miss what, summed from the groups' overview (given, or read), and how many people have no
    result yet (one more query, whatever the size)."""
    overview = quota_overview(evaluation_year=evaluation_year) if overview is None else overview
    total = {name: sum(entry.tallies.get(name, 0) for entry in overview) for name in (*_TALLIED, HEAD_PROPOSAL)}
    results = sum(entry.size for entry in overview)
    scored_regime = _scored_regime(evaluation_year)
    return MissingCounts(people=people_of_year(evaluation_year=evaluation_year).count(), results=results,
                         periods_open=open_periods(evaluation_year=evaluation_year) if scored_regime else 0,
                         outstanding=results - total["approved"], scored_regime=scored_regime, **total)


RESULTS_PER_PAGE = 100


def result_rows(*, evaluation_year: EvaluationYear, page, task_group=None, outside_groups: bool = False):
    """One page of the year's results, people of a group together, for the results page (count-free paging), each
    with what it still misses (`missing`, see result_missing), counted in the page's own query."""
    rows = with_missing(YearResult.objects.filter(evaluation_year=evaluation_year), evaluation_year=evaluation_year)
    rows = rows.select_related("staff_member__org_unit", "task_group").order_by(
        F("task_group__name").asc(nulls_last=True), "staff_member__search_key", "pk")
    if task_group is not None:
        rows = rows.filter(task_group=task_group)
    elif outside_groups:
        rows = rows.filter(task_group__isnull=True)
    pager = count_free_page(rows, page, per_page=RESULTS_PER_PAGE)
    _mark_missing(pager.object_list, evaluation_year=evaluation_year)
    return pager


def deadline_status(*, user, evaluation_year: EvaluationYear, today) -> dict:
    """Who has not finished the year's rating, in the person's units, what each still misses, how many people have
    no result at all, and whether the deadline has passed (fixed queries)."""
    pending = list(scope_filter(with_missing(YearResult.objects.filter(evaluation_year=evaluation_year).exclude(
        status=YearResult.Status.APPROVED), evaluation_year=evaluation_year).select_related(
        "staff_member__org_unit"), user=user, unit_field="staff_member__org_unit").order_by(
        "staff_member__org_unit__path", "staff_member__search_key"))
    _mark_missing(pending, evaluation_year=evaluation_year)
    without_result = scope_filter(people_of_year(evaluation_year=evaluation_year), user=user).exclude(
        Exists(YearResult.objects.filter(evaluation_year=evaluation_year, staff_member=OuterRef("pk")))).count()
    return {"deadline": evaluation_year.deadline, "is_late": today >= evaluation_year.deadline,
            "days_left": (evaluation_year.deadline - today).days, "pending": pending,
            "without_result": without_result, "outstanding": len(pending) + without_result}


def year_close_blockers(*, evaluation_year: EvaluationYear) -> dict:
    """What stands in the way of closing a year: how many results, how many not approved, appeals waiting."""
    counts = YearResult.objects.filter(evaluation_year=evaluation_year).aggregate(
        results=Count("pk"), not_approved=Count("pk", filter=~Q(status=YearResult.Status.APPROVED)))
    counts["pending_appeals"] = Appeal.objects.filter(result__evaluation_year=evaluation_year,
                                                      status=Appeal.Status.PENDING).count()
    return counts


def task_groups_of(*, evaluation_year: EvaluationYear) -> QuerySet[TaskGroup]:
    return evaluation_year.task_groups.all()


def task_group_of(*, evaluation_year: EvaluationYear, pk) -> TaskGroup:
    """One task group of the year; another year's is a 404."""
    return get_object_or_404(evaluation_year.task_groups, pk=pk)


def own_results_to_review(*, user) -> list[YearResult]:
    """The signed-in person's year results, newest first, those still open to a self-review (the result open, the
    year not closed) marked `open_to_review` (one query)."""
    results = list(YearResult.objects.filter(staff_member__user=user).select_related(
        "evaluation_year__agency").order_by("-evaluation_year__year", "pk"))
    for result in results:
        result.open_to_review = (result.status == YearResult.Status.OPEN
                                 and result.evaluation_year.status == EvaluationYear.Status.OPEN)
    return results


def own_result(*, user, pk: int) -> YearResult:
    """The signed-in person's own result; anyone else's is a 404."""
    return get_object_or_404(YearResult.objects.select_related("evaluation_year__agency"), pk=pk,
                             staff_member__user=user)


def minutes_one(*, user, pk: int):
    """One scanned minutes of a unit the person is scoped to; any other is a 404."""
    return get_object_or_404(minutes_for(user=user), pk=pk)


def appeal_to_decide(*, user, pk: int) -> Appeal:
    """An appeal of a person in the user's units; any other is a 404."""
    return get_object_or_404(appeals_for(user=user), pk=pk)


def result_appeals(*, result: YearResult) -> list[Appeal]:
    return list(result.appeals.all())


def paper_period_scores(*, result: YearResult) -> list[PeriodScore]:
    """The period scores an NĐ 335/2025 form lists, in order; none under NĐ 90/2020, which has no score."""
    if result.evaluation_year.regime != common.Regime.ND335_2025:
        return []
    return list(PeriodScore.objects.filter(period__evaluation_year=result.evaluation_year_id,
                                           staff_member=result.staff_member_id)
                .select_related("period__evaluation_year").order_by("period__number"))
