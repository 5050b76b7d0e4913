"""360-degree reviews: question sets, requests and their reviewers, anonymous answers, invitations and reminders.

360 input is evidence for the meeting and the manager, never a legal score: nothing here touches a year result.
"""

from datetime import date, timedelta

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from batxat_portal.links import portal_url
from evaluation import selectors, tasks
from evaluation.models import Question, QuestionSet, RaterGroup, ReviewAnswer, ReviewInvitation, ReviewRequest
from evaluation.models.reviews import MAX_COMMENT_CHARS
from evaluation.selectors import reviews as review_selectors
from staff.choices import Status
from staff.models import OrgUnit, StaffMember

DEFAULT_SET_NAME = "Bộ câu hỏi đánh giá 360 độ"
# (text, kind, asked only in upward reviews). Data, not interface: stored in Vietnamese like the criteria.
DEFAULT_QUESTIONS = [
    ("Năng lực chuyên môn, nghiệp vụ: nắm vững và làm tốt nhiệm vụ được giao", Question.Kind.SCALE, False),
    ("Tinh thần, thái độ làm việc: trách nhiệm, chủ động, đúng hạn", Question.Kind.SCALE, False),
    ("Ý thức tổ chức kỷ luật, chấp hành nội quy, quy chế của cơ quan", Question.Kind.SCALE, False),
    ("Phối hợp, hỗ trợ đồng nghiệp trong công việc", Question.Kind.SCALE, False),
    ("Thái độ phục vụ Nhân dân, tổ chức và doanh nghiệp", Question.Kind.SCALE, False),
    ("Giao tiếp, ứng xử và truyền đạt thông tin", Question.Kind.SCALE, False),
    ("Đạo đức, lối sống, tinh thần đoàn kết", Question.Kind.SCALE, False),
    ("Năng lực lãnh đạo, quản lý: định hướng, phân công và điều hành công việc", Question.Kind.SCALE, True),
    ("Lắng nghe, động viên và tạo điều kiện cho cấp dưới phát triển", Question.Kind.SCALE, True),
    ("Người được đánh giá nên giữ điều gì và cần cải thiện điều gì?", Question.Kind.TEXT, False),
]


# --------------------------------------------------------------------------- question sets


def _create_questions(question_set: QuestionSet, rows) -> None:
    Question.objects.bulk_create([
        Question(question_set=question_set, text=text, kind=kind, upward_only=upward_only, order=index)
        for index, (text, kind, upward_only) in enumerate(rows, start=1)
    ])


@transaction.atomic
def question_set_defaults_ensure(*, agency: OrgUnit) -> QuestionSet | None:
    """Give an agency that has no question set the default one; returns it, or None when the agency has sets.

    Called when a year is opened for the agency, and by HR's button on the question sets page."""
    OrgUnit.objects.select_for_update().filter(pk=agency.pk).first()  # two clicks at once make one set
    if QuestionSet.objects.filter(agency=agency).exists():
        return None
    question_set = QuestionSet.objects.create(agency=agency, name=DEFAULT_SET_NAME)
    _create_questions(question_set, DEFAULT_QUESTIONS)
    return question_set


@transaction.atomic
def question_set_create(*, agency: OrgUnit, name: str) -> QuestionSet:
    """A new set starts with the default questions, to change on its page."""
    question_set = QuestionSet(agency=agency, name=name)
    question_set.full_clean()
    question_set.save()
    _create_questions(question_set, DEFAULT_QUESTIONS)
    return question_set


def _check_unused(question_set: QuestionSet) -> None:
    if question_set.requests.exists():
        raise ValidationError(_("This question set is already used by a review request, so its questions can no "
                                "longer change (the answers refer to them). Make a copy and change the copy."))


@transaction.atomic
def question_set_save(*, question_set: QuestionSet, name: str, questions: list[dict]) -> QuestionSet:
    """Rename a set and replace its questions. `questions`: dicts of text, kind, upward_only, order and, for a kept
    question, its `id`. Refused once a request uses the set."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    _check_unused(question_set)
    rows = [row for row in questions if (row.get("text") or "").strip()]
    if not rows:
        raise ValidationError(_("A question set needs at least one question."))
    question_set.name = name
    question_set.full_clean()
    question_set.save()
    existing = {question.pk: question for question in question_set.questions.all()}
    kept = set()
    for row in rows:
        question = existing.get(row.get("id")) or Question(question_set=question_set)
        question.text = row["text"].strip()
        question.kind = row.get("kind") or Question.Kind.SCALE
        question.upward_only = bool(row.get("upward_only"))
        question.order = row.get("order") or 0
        question.full_clean()
        question.save()
        kept.add(question.pk)
    question_set.questions.exclude(pk__in=kept).delete()
    return question_set


@transaction.atomic
def question_set_copy(*, question_set: QuestionSet) -> QuestionSet:
    copy = QuestionSet.objects.create(agency=question_set.agency,
                                      name=(_("Copy of %(name)s") % {"name": question_set.name})[:200])
    _create_questions(copy, [(question.text, question.kind, question.upward_only)
                             for question in question_set.questions.all()])
    return copy


def question_set_activate(*, question_set: QuestionSet, is_active: bool) -> QuestionSet:
    """An inactive set is no longer offered for new requests; requests that use it keep it."""
    QuestionSet.objects.filter(pk=question_set.pk).update(is_active=is_active)
    question_set.is_active = is_active
    return question_set


# --------------------------------------------------------------------------- requests and reviewers


@transaction.atomic
def review_request_create(*, subject: StaffMember, question_set: QuestionSet, deadline: date, user,
                          note: str = "", today: date | None = None) -> ReviewRequest:
    """A draft request: reviewers are chosen on its page, then it is sent."""
    today = today or timezone.localdate()
    if subject.user_id is not None and subject.user_id == user.pk:
        raise ValidationError(_("You cannot ask for reviews of yourself."))
    if subject.status != Status.WORKING:
        raise ValidationError({"subject": _("Only a working person can be reviewed.")})
    if not question_set.is_active:
        raise ValidationError({"question_set": _("This question set is no longer in use.")})
    if question_set.agency_id not in [subject.org_unit_id, *subject.org_unit.ancestor_ids]:
        raise ValidationError({"question_set": _("Choose a question set of the person's agency.")})
    if deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    review_request = ReviewRequest(subject=subject, question_set=question_set, deadline=deadline, note=note,
                                   created_by=user, min_answers=django_settings.EVALUATION_REVIEW_MIN_ANSWERS)
    review_request.full_clean()
    review_request.save()
    return review_request


def _check_changeable(review_request: ReviewRequest) -> None:
    if review_request.status == ReviewRequest.Status.CLOSED:
        raise ValidationError(_("This request is closed."))


@transaction.atomic
def review_invitation_add(*, review_request: ReviewRequest, reviewer, rater_group: str) -> ReviewInvitation:
    """Ask one more person; once the request is open they are mailed at once."""
    _check_changeable(review_request)
    if ReviewInvitation.objects.filter(request=review_request, reviewer=reviewer).exists():
        raise ValidationError(_("%(name)s is already asked to review.") % {"name": reviewer.get_full_name()})
    invitation = ReviewInvitation(request=review_request, reviewer=reviewer, rater_group=rater_group)
    invitation.full_clean()
    invitation.save()
    if review_request.status == ReviewRequest.Status.OPEN:
        transaction.on_commit(lambda: tasks.review_invitations_notify.delay([invitation.pk]))
    return invitation


def _add_people(review_request: ReviewRequest, people, rater_group: str) -> int:
    """Invite the accounts of these files, leaving out the person reviewed and whoever is already asked."""
    _check_changeable(review_request)
    asked = set(review_request.invitations.values_list("reviewer_id", flat=True))
    user_ids = [user_id for user_id in people.exclude(pk=review_request.subject_id).filter(
        user__isnull=False, user__is_active=True, status=Status.WORKING).values_list("user_id", flat=True)
        if user_id not in asked and user_id != review_request.subject.user_id]
    invitations = ReviewInvitation.objects.bulk_create([
        ReviewInvitation(request=review_request, reviewer_id=user_id, rater_group=rater_group)
        for user_id in user_ids])
    if review_request.status == ReviewRequest.Status.OPEN and invitations:
        ids = [invitation.pk for invitation in invitations]
        transaction.on_commit(lambda: tasks.review_invitations_notify.delay(ids))
    return len(invitations)


@transaction.atomic
def review_invitations_add_peers(*, review_request: ReviewRequest) -> int:
    """The colleagues of the person's own unit, as peers."""
    return _add_people(review_request, StaffMember.objects.filter(org_unit_id=review_request.subject.org_unit_id),
                       RaterGroup.PEER)


@transaction.atomic
def review_invitations_add_subordinates(*, review_request: ReviewRequest) -> int:
    """The people a leader manages (everyone in their unit and the units under it), for an upward review."""
    subject = review_request.subject
    if not review_selectors.is_leader(subject):
        raise ValidationError(_("%(name)s does not hold a leadership position, so has no one to review them "
                                "upward.") % {"name": subject.full_name})
    return _add_people(review_request, StaffMember.objects.filter(org_unit__path__startswith=subject.org_unit.path),
                       RaterGroup.SUBORDINATE)


@transaction.atomic
def review_invitation_remove(*, invitation: ReviewInvitation) -> None:
    if invitation.request.status != ReviewRequest.Status.DRAFT:
        raise ValidationError(_("Reviewers can be removed only before the request is sent."))
    invitation.delete()


@transaction.atomic
def review_request_send(*, review_request: ReviewRequest, today: date | None = None) -> int:
    """Draft to open: every reviewer is mailed once, after commit. Returns how many are asked."""
    today = today or timezone.localdate()
    if review_request.deadline < today:
        raise ValidationError(_("The deadline has passed; a request cannot be sent after it."))
    count = review_request.invitations.count()
    if count < review_request.min_answers:
        raise ValidationError(_("Ask at least %(count)s people: fewer answers are never shown, to keep them "
                                "anonymous.") % {"count": review_request.min_answers})
    locked = ReviewRequest.objects.select_for_update().get(pk=review_request.pk)
    if locked.status != ReviewRequest.Status.DRAFT:
        raise ValidationError(_("This request is already sent."))
    locked.status = review_request.status = ReviewRequest.Status.OPEN
    locked.save(update_fields=["status"])
    ids = list(review_request.invitations.values_list("pk", flat=True))
    transaction.on_commit(lambda: tasks.review_invitations_notify.delay(ids))
    return count


@transaction.atomic
def review_request_close(*, review_request: ReviewRequest) -> ReviewRequest:
    """No more answers; the results of the groups with enough answers can be read."""
    # Locking the row waits for answers being stored, which lock it too.
    locked = ReviewRequest.objects.select_for_update().get(pk=review_request.pk)
    if locked.status != ReviewRequest.Status.OPEN:
        raise ValidationError(_("Only an open request can be closed."))
    locked.status = review_request.status = ReviewRequest.Status.CLOSED
    locked.save(update_fields=["status"])
    return review_request


# --------------------------------------------------------------------------- answers


@transaction.atomic
def review_answer_submit(*, invitation: ReviewInvitation, user, scores: dict, comments: dict,
                         today: date | None = None) -> None:
    """Store one anonymous answer and mark the invitation answered, in one transaction; a second submit fails.

    The answer keeps only the rater group: no person, no time. Returns nothing, so no caller holds the row.
    """
    today = today or timezone.localdate()
    if invitation.reviewer_id != user.pk:
        raise ValidationError(_("This review is not asked of you."))
    # Locks the request row: an answer cannot slip in while the request is being closed.
    review_request = ReviewRequest.objects.select_for_update(no_key=True).select_related("question_set").get(
        pk=invitation.request_id)
    if not review_request.accepts_answers_on(today):
        raise ValidationError(_("This review no longer takes answers."))
    questions = selectors.review_questions(review_request=review_request, rater_group=invitation.rater_group)
    clean_scores, clean_comments, errors = {}, {}, []
    for question in questions:
        key = str(question.pk)
        if question.kind == Question.Kind.SCALE:
            value = scores.get(key, scores.get(question.pk))
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = None
            if value is None or not 1 <= value <= 5:
                errors.append(_("Give “%(question)s” a score from 1 to 5.") % {"question": question.text})
            else:
                clean_scores[key] = value
        else:
            text = (comments.get(key, comments.get(question.pk)) or "").strip()
            if len(text) > MAX_COMMENT_CHARS:
                errors.append(_("Keep the answer to “%(question)s” within %(count)s characters.")
                              % {"question": question.text, "count": MAX_COMMENT_CHARS})
            elif text:
                clean_comments[key] = text
    if errors:
        raise ValidationError(errors)
    if not ReviewInvitation.objects.filter(pk=invitation.pk, reviewer=user, has_answered=False).update(
            has_answered=True):
        raise ValidationError(_("You have already answered this review."))
    answer = ReviewAnswer(request=review_request, rater_group=invitation.rater_group, scores=clean_scores,
                          comments=clean_comments)
    answer.full_clean()
    answer.save(force_insert=True)
    invitation.has_answered = True


# --------------------------------------------------------------------------- mail


def _answer_link(invitation_id: int) -> str:
    return portal_url(reverse("evaluation:review_answer", kwargs={"pk": invitation_id}))


def _mail(invitation: ReviewInvitation, *, reminder: bool) -> bool:
    from django.core.mail import send_mail

    address = invitation.reviewer.email
    if not address:
        return False  # the task still waits on their home page
    values = {"name": invitation.request.subject.full_name,
              "deadline": f"{invitation.request.deadline:%d/%m/%Y}", "link": _answer_link(invitation.pk)}
    if reminder:
        subject = _("Reminder: 360-degree review of %(name)s due on %(deadline)s") % values
        body = _("You have not yet answered the 360-degree review of %(name)s. Answers close on %(deadline)s.\n"
                 "Your answer is anonymous: the person sees only the averages of a group of raters.\n"
                 "Answer here: %(link)s") % values
    else:
        subject = _("You are asked to review %(name)s (360-degree review)") % values
        body = _("You are asked to answer a 360-degree review of %(name)s by %(deadline)s.\n"
                 "Your answer is anonymous: the person sees only the averages of a group of raters.\n"
                 "Answer here: %(link)s") % values
    send_mail(subject, body, None, [address])
    return True


def review_invitations_notify(*, invitation_ids: list[int]) -> int:
    """Mail each reviewer of an open request their invitation, once: a repeated or concurrent run sends nothing."""
    sent = 0
    for invitation in ReviewInvitation.objects.filter(
            pk__in=invitation_ids, is_notified=False, request__status=ReviewRequest.Status.OPEN).select_related(
            "reviewer", "request__subject"):
        # Claimed and mailed in one transaction: a failed mail un-claims it, so the retry sends it.
        with transaction.atomic():
            if ReviewInvitation.objects.filter(pk=invitation.pk, is_notified=False).update(is_notified=True):
                sent += _mail(invitation, reminder=False)
    return sent


def review_reminders_send(*, today: date) -> int:
    """One reminder per unanswered reviewer, when an open request's deadline is near; safe to run again."""
    last_day = today + timedelta(days=django_settings.EVALUATION_REVIEW_REMIND_DAYS)
    sent = 0
    for invitation in ReviewInvitation.objects.filter(
            has_answered=False, reminded_on__isnull=True, request__status=ReviewRequest.Status.OPEN,
            request__deadline__gte=today, request__deadline__lte=last_day).select_related(
            "reviewer", "request__subject").order_by("pk"):
        with transaction.atomic():
            if ReviewInvitation.objects.filter(pk=invitation.pk, has_answered=False, reminded_on__isnull=True).update(
                    reminded_on=today):
                sent += _mail(invitation, reminder=True)
    return sent
