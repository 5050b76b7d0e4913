"""Reads of the evaluation app; rows are narrowed to the person's units with staff's scope helper."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from evaluation.models import (
    EvaluationYear,
    MeetingMinutes,
    Period,
    PeriodScore,
    QualityReview,
    WorkItem,
    YearResult,
)
from staff.choices import Status
from staff.models import OrgUnit, StaffMember
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


def minutes_for(*, user, evaluation_year=None) -> QuerySet[MeetingMinutes]:
    """The meeting minutes of the units the person is scoped to (a head: their unit; HR: the agency's units)."""
    rows = MeetingMinutes.objects.select_related("org_unit", "evaluation_year")
    if evaluation_year is not None:
        rows = rows.filter(evaluation_year=evaluation_year)
    return scope_filter(rows, user=user, unit_field="org_unit").order_by("org_unit__path")


def minutes_units_for(*, user, evaluation_year) -> QuerySet[OrgUnit]:
    """The units of the year's agency the head may attach minutes for: their own."""
    return user.org_units.filter(path__startswith=evaluation_year.agency.path).order_by("path")


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


# --------------------------------------------------------------------------- 360-degree reviews

from dataclasses import dataclass, field  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db.models import Count, Exists, OuterRef, Q  # noqa: E402

from evaluation.models import (  # noqa: E402
    Question,
    QuestionSet,
    RaterGroup,
    ReviewAnswer,
    ReviewInvitation,
    ReviewRequest,
)
from staff.models import OrgUnit  # noqa: E402


def question_sets_for(*, user) -> QuerySet:
    """The question sets of the person's agencies (a department head reads those of the agency above)."""
    return scope_filter(QuestionSet.objects.select_related("agency"), user=user, unit_field="agency",
                        include_ancestors=True)


def question_set_for(*, user, pk: int):
    return get_object_or_404(question_sets_for(user=user).prefetch_related("questions").annotate(
        is_used=Exists(ReviewRequest.objects.filter(question_set=OuterRef("pk")))), pk=pk)


def review_subject_choices(*, user) -> QuerySet[StaffMember]:
    """Working people of the person's units who may be reviewed (never the person themselves)."""
    return scope_filter(StaffMember.objects.filter(status=Status.WORKING).select_related("org_unit"), user=user,
                        unit_field="org_unit").exclude(user=user).order_by("search_key", "id")


def review_requests_for(*, user, status: str = "") -> QuerySet:
    """The requests about people of the person's units, with their counts; never one about the person."""
    qs = scope_filter(ReviewRequest.objects.select_related("subject__org_unit", "question_set", "created_by"),
                      user=user, unit_field="subject__org_unit")
    if user.is_authenticated:
        qs = qs.exclude(subject__user=user)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(invited=Count("invitations"),
                       answered=Count("invitations", filter=Q(invitations__has_answered=True))).order_by(
        "-created_at", "-id")


def review_request_for(*, user, pk: int):
    """One request to manage, with its reviewers (names only: never who answered)."""
    return get_object_or_404(review_requests_for(user=user).select_related("subject__position").prefetch_related(
        Prefetch("invitations", queryset=ReviewInvitation.objects.select_related("reviewer").order_by(
            "rater_group", "reviewer__full_name", "pk"))), pk=pk)


def review_report_request_for(*, user, pk: int):
    """A sent request whose results the person may read: in their units with the permission, or about them."""
    base = ReviewRequest.objects.select_related("subject__org_unit", "question_set").exclude(
        status=ReviewRequest.Status.DRAFT)
    allowed = base.filter(subject__user=user)
    if user.has_perm("evaluation.view_reviewrequest"):
        allowed = allowed | scope_filter(base, user=user, unit_field="subject__org_unit")
    return get_object_or_404(allowed, pk=pk)


def review_reviewer_candidates(*, review_request) -> QuerySet[StaffMember]:
    """Working people with an account in the reviewed person's agency, other than the person."""
    unit = review_request.subject.org_unit
    agency = OrgUnit.objects.filter(pk__in=[unit.pk, *unit.ancestor_ids], kind=OrgUnit.Kind.AGENCY).order_by(
        "-path").first() or unit
    return StaffMember.objects.filter(
        status=Status.WORKING, user__isnull=False, user__is_active=True, org_unit__path__startswith=agency.path,
    ).exclude(pk=review_request.subject_id).select_related("user").order_by("search_key", "id")


@dataclass
class ReportGroup:
    key: str
    label: str
    invited: int
    answered: int
    is_shown: bool = False
    rows: list = field(default_factory=list)  # {"question", "mean", "count"} per scale question
    comments: list = field(default_factory=list)  # {"question", "texts"} per free-text question


def review_report(*, review_request, today) -> dict:
    """Per rater group: how many were asked and answered and, only once no answer can come in any more and the
    group has at least the request's minimum of answers, the mean of each question and the comments (sorted,
    so their order says nothing). No total over the groups: it could give away a small group by subtraction."""
    questions = list(review_request.question_set.questions.all())
    invited = {row["rater_group"]: row["n"] for row in review_request.invitations.order_by().values(
        "rater_group").annotate(n=Count("pk"))}
    by_group: dict[str, list] = {}
    for rater_group, scores, comments in ReviewAnswer.objects.filter(request=review_request).order_by(
            "id").values_list("rater_group", "scores", "comments"):
        by_group.setdefault(rater_group, []).append((scores, comments))
    is_closed = review_request.is_closed_on(today)
    groups = []
    for key, label in RaterGroup.choices:
        answers = by_group.get(key, [])
        if key not in invited and not answers:
            continue
        group = ReportGroup(key=key, label=label, invited=invited.get(key, 0), answered=len(answers))
        group.is_shown = is_closed and len(answers) >= review_request.min_answers
        if group.is_shown:
            for question in questions:
                if not question.is_asked_of(key):
                    continue
                name = str(question.pk)
                if question.kind == Question.Kind.SCALE:
                    values = [scores[name] for scores, _ in answers if scores.get(name) is not None]
                    mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01")) if values else None
                    group.rows.append({"question": question, "mean": mean, "count": len(values)})
                else:
                    group.comments.append({"question": question, "texts": sorted(
                        comments[name] for _, comments in answers if comments.get(name))})
        groups.append(group)
    return {"review_request": review_request, "is_closed": is_closed, "groups": groups,
            "min_answers": review_request.min_answers}


def review_questions(*, review_request, rater_group: str) -> list:
    """The questions of the request's set asked of this group (leadership questions only in upward reviews)."""
    return [question for question in review_request.question_set.questions.all() if question.is_asked_of(rater_group)]


def own_review_invitations(*, user, today) -> QuerySet:
    """The reviews asked of the person that still wait for their answer."""
    return ReviewInvitation.objects.filter(
        reviewer=user, has_answered=False, request__status=ReviewRequest.Status.OPEN, request__deadline__gte=today,
    ).select_related("request__subject__org_unit").order_by("request__deadline", "pk")


def own_review_requests(*, user) -> QuerySet:
    """The sent requests about the person: their results open once closed."""
    return ReviewRequest.objects.filter(subject__user=user).exclude(status=ReviewRequest.Status.DRAFT).select_related(
        "question_set").order_by("-deadline", "-pk")


def review_invitation_to_answer(*, user, pk: int):
    """The person's own invitation, whatever its state; anyone else's is a 404."""
    return get_object_or_404(ReviewInvitation.objects.select_related(
        "request__subject__org_unit", "request__question_set"), pk=pk, reviewer=user)


def closed_reviews_by_person(*, staff_member_ids, today) -> dict[int, int]:
    """The latest request whose results can be read, per person: {staff member id: request id}."""
    found = {}
    for subject_id, pk in ReviewRequest.objects.filter(subject_id__in=list(staff_member_ids)).filter(
            Q(status=ReviewRequest.Status.CLOSED) | Q(status=ReviewRequest.Status.OPEN, deadline__lt=today)
    ).order_by("subject_id", "-deadline", "-pk").values_list("subject_id", "pk"):
        found.setdefault(subject_id, pk)
    return found
