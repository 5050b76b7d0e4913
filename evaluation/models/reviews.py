"""360-degree reviews: who is asked about whom, and the answers, which never point back to who gave them.

Anonymity is kept by the shape of the data, not by the pages alone: an answer row has no link to a person,
no date or time, a random primary key (so ids do not tell the order answers came in) and no history; an
invitation only says whether it was answered, never when. 360 input is evidence for the meeting and the
manager, never a legal score (docs/domain-rules.md): nothing here feeds a year result.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RaterGroup(models.TextChoices):
    PEER = "peer", _("Peers")
    SUBORDINATE = "subordinate", _("Subordinates (upward review)")
    MANAGER = "manager", _("Managers")
    OTHER = "other", _("Others")


MAX_COMMENT_CHARS = 2000
SCALE_CHOICES = [
    (1, _("1 – Poor")),
    (2, _("2 – Below expectations")),
    (3, _("3 – Meets expectations")),
    (4, _("4 – Good")),
    (5, _("5 – Excellent")),
]


class QuestionSet(models.Model):
    """The questions of a review, per agency. Once a request uses a set, its questions no longer change."""

    agency = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="review_question_sets",
                               verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("in use for new requests"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")
        ordering = ["agency__path", "-is_active", "name", "id"]

    def __str__(self):
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Free text")

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="questions",
                                     verbose_name=_("question set"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    upward_only = models.BooleanField(_("only in upward reviews"), default=False,
                                      help_text=_("Asked only of the people the person manages."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["question_set", "order", "id"]

    def __str__(self):
        return self.text

    def is_asked_of(self, rater_group: str) -> bool:
        return not self.upward_only or rater_group == RaterGroup.SUBORDINATE


class ReviewRequest(models.Model):
    """HR or a head asks for reviews of one person, with a question set and a deadline."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: choosing reviewers")
        OPEN = "open", _("Open: waiting for answers")
        CLOSED = "closed", _("Closed")

    subject = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="review_requests",
                                verbose_name=_("person reviewed"))
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="requests",
                                     verbose_name=_("question set"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Copied from settings.EVALUATION_REVIEW_MIN_ANSWERS when created: a later change of the setting does not
    # open the results of an earlier request.
    min_answers = models.PositiveSmallIntegerField(_("fewest answers shown"), editable=False)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("asked by"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(min_answers__gte=1),
                                              name="review_min_answers_positive")]

    def __str__(self):
        return _("360-degree review of %(name)s") % {"name": self.subject.full_name}

    def is_closed_on(self, today) -> bool:
        """Results may be read once no answer can come in any more: closed, or open past its deadline."""
        return self.status == self.Status.CLOSED or (self.status == self.Status.OPEN and self.deadline < today)

    def accepts_answers_on(self, today) -> bool:
        return self.status == self.Status.OPEN and today <= self.deadline


class ReviewInvitation(models.Model):
    """One person asked to review; it says whether they answered, never when (no timestamp, no history)."""

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="invitations",
                                verbose_name=_("review request"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_invitations",
                                 verbose_name=_("reviewer"))
    rater_group = models.CharField(_("rater group"), max_length=20, choices=RaterGroup.choices)
    has_answered = models.BooleanField(_("answered"), default=False)
    is_notified = models.BooleanField(_("invitation mailed"), default=False)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("review invitation")
        verbose_name_plural = _("review invitations")
        ordering = ["request", "rater_group", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "reviewer"], name="one_invitation_per_reviewer")]

    def __str__(self):
        return f"{self.request_id}: {self.reviewer_id} ({self.rater_group})"

    def clean(self):
        if self.request_id and self.reviewer_id and self.request.subject.user_id == self.reviewer_id:
            raise ValidationError({"reviewer": _("A person cannot review themselves.")})


class ReviewAnswer(models.Model):
    """One anonymous answer: the group of the rater and the scores, nothing that leads back to them.

    No relation to a user or a staff file, no date or time, no history, no admin, no permissions to grant;
    read it ordered by its random id, never in the order rows were written.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(ReviewRequest, on_delete=models.PROTECT, related_name="answers",
                                verbose_name=_("review request"))
    rater_group = models.CharField(_("rater group"), max_length=20, choices=RaterGroup.choices)
    scores = models.JSONField(_("scores"), default=dict, blank=True)  # {question id: 1..5}
    comments = models.JSONField(_("comments"), default=dict, blank=True)  # {question id: text}

    class Meta:
        verbose_name = _("review answer")
        verbose_name_plural = _("review answers")
        ordering = ["id"]
        default_permissions = ()  # nobody may be granted raw answers

    def __str__(self):
        return str(self.id)
