"""Reads of the 360-degree review pages that their views used to query themselves (the older review reads are in
evaluation/selectors/__init__.py): question sets as the pages list them, the reviewers of a request by group, and
the search-as-you-type answers."""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from batxat_portal.text import fold
from evaluation import selectors
from evaluation.models import QuestionSet, RaterGroup, ReviewInvitation, ReviewRequest
from staff.choices import PositionGroup
from staff.models import OrgUnit, StaffMember
from staff.selectors import org as org_selectors


def is_leader(member: StaffMember) -> bool:
    """Whether the person holds a leadership position, so has people to review them upward."""
    return member.position is not None and member.position.group == PositionGroup.LEADERSHIP


def active_question_sets_for(*, user) -> QuerySet[QuestionSet]:
    """The sets a new request may use: in use, of the person's agencies."""
    return selectors.question_sets_for(user=user).filter(is_active=True)


def question_set_initial_for(*, user) -> QuestionSet | None:
    """The set a new request starts with: the oldest in use (the agency's default one, as a rule)."""
    return active_question_sets_for(user=user).order_by("id").first()


def question_set_rows_for(*, user) -> QuerySet[QuestionSet]:
    """The sets of the list page, with how many questions each has and whether a request uses it."""
    return selectors.question_sets_for(user=user).annotate(
        question_count=Count("questions"),
        is_used=Exists(ReviewRequest.objects.filter(question_set=OuterRef("pk")))).order_by(
        "agency__path", "-is_active", "name", "id")


def question_set_agencies_for(*, user, on_date) -> QuerySet[OrgUnit]:
    """The agencies the person may make question sets for: the current ones of their units."""
    return org_selectors.agencies_for(user=user, on_date=on_date)


def question_set_agency_for(*, user, pk, on_date) -> OrgUnit:
    """One of those agencies, or a 404."""
    return get_object_or_404(question_set_agencies_for(user=user, on_date=on_date), pk=_number(pk))


def agencies_without_question_sets(*, user, on_date) -> list[OrgUnit]:
    """The agencies of the person's units with no question set at all: the pages' empty state (one query)."""
    return list(question_set_agencies_for(user=user, on_date=on_date).exclude(
        Exists(QuestionSet.objects.filter(agency=OuterRef("pk")))))


def question_rows(*, question_set: QuestionSet) -> list[dict]:
    """The set's questions as the edit form starts from them (read from the set's prefetched questions)."""
    return [{"id": question.pk, "text": question.text, "kind": question.kind, "upward_only": question.upward_only,
             "order": question.order} for question in question_set.questions.all()]


def review_subjects_matching(*, user, term: str) -> QuerySet[StaffMember]:
    """The people one may ask reviews about whose name (without diacritics) contains the term."""
    return selectors.review_subject_choices(user=user).filter(search_key__contains=fold(term))


def review_reviewers_matching(*, review_request, term: str) -> QuerySet[StaffMember]:
    """The reviewer candidates of the request whose name (without diacritics) contains the term."""
    return selectors.review_reviewer_candidates(review_request=review_request).filter(
        search_key__contains=fold(term))


def reviewer_groups(*, review_request) -> list[dict]:
    """The request's reviewers by rater group, with how many of each group answered (never who): read from the
    invitations review_request_for prefetched."""
    invitations = list(review_request.invitations.all())
    groups = []
    for key, label in RaterGroup.choices:
        members = [invitation for invitation in invitations if invitation.rater_group == key]
        if members:
            groups.append({"key": key, "label": label, "invitations": members,
                           "answered": sum(invitation.has_answered for invitation in members)})
    return groups


def review_invitation_in(*, review_request, pk) -> ReviewInvitation | None:
    """One reviewer of this request (from its prefetched invitations), or None."""
    number = _number(pk)
    return next((invitation for invitation in review_request.invitations.all() if invitation.pk == number), None)


def _number(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None
