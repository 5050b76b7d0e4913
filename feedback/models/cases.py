"""A citizen's feedback and its case: what was sent, who handles it, the deadlines, every step taken.

Nothing a citizen sends is lost: the row is written before any job is queued, and the mail that confirms it is
marked sent only once it went out, so a sweep finds what a broker outage missed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from batxat_portal.text import fold


class Kind(models.TextChoices):
    REPORT = "report", _("Report (phản ánh)")
    PROPOSAL = "proposal", _("Proposal (kiến nghị)")
    PRAISE = "praise", _("Praise (khen ngợi)")
    SUGGESTION = "suggestion", _("Suggestion (góp ý)")
    COMPLAINT = "complaint", _("Complaint (khiếu nại)")


class Feedback(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("Being handled")
        WAITING_INFO = "waiting_info", _("Waiting for more information")
        FORWARDED = "forwarded", _("Forwarded to the competent authority")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        SPAM = "spam", _("Spam")
        DUPLICATE = "duplicate", _("Duplicate")

    # Long, random and free of personal data; the only key a citizen holds.
    tracking_code = models.CharField(_("tracking code"), max_length=24, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="feedback",
                                 verbose_name=_("agency or unit concerned"))
    officer = models.ForeignKey("staff.StaffMember", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="feedback", verbose_name=_("officer concerned"))
    procedure_code = models.CharField(_("procedure code"), max_length=50, blank=True)
    dossier_code = models.CharField(_("dossier code"), max_length=50, blank=True, db_index=True)
    text = models.TextField(_("content"), max_length=5000)
    # Personal data (NĐ 13/2023): only the handlers of the case and HR see it; exports leave it out.
    citizen_name = models.CharField(_("name"), max_length=200, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=20, blank=True)
    citizen_email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    within_competence = models.BooleanField(_("within the agency's competence"), default=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    # Working-day deadlines, computed when received (and again if the kind changes) from the holiday table. For a
    # complaint, `due_on` is the deadline that governs it now: to accept it (thụ lý) or refuse it, until it is
    # accepted; then to settle it, counted from the acceptance.
    due_on = models.DateField(_("answer due on"))
    forward_due_on = models.DateField(_("forward by"))
    assigned_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("assigned to unit"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("assigned to"))
    # A complaint accepted for handling (thụ lý): the day and who recorded it. Complaints received before the step
    # existed were accepted on the day received, by nobody recorded (migration 0003).
    accepted_on = models.DateField(_("accepted for handling on"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("accepted by"))
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="duplicates", verbose_name=_("duplicate of"))
    answer = models.TextField(_("answer"), max_length=10000, blank=True)
    # An answer written for a unit whose answers a leader signs off (FEEDBACK_ANSWER_SIGN_OFF_UNITS): kept here, not
    # shown to the citizen, until a head or leader of the unit approves it (then it becomes `answer`) or sends it back.
    draft_answer = models.TextField(_("answer waiting for sign-off"), max_length=10000, blank=True)
    draft_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("answer written by"))
    draft_at = models.DateTimeField(_("answer submitted for sign-off at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The citizen's judgement of the answer (QĐ 766: feedback satisfaction).
    citizen_satisfied = models.BooleanField(_("the citizen is satisfied with the answer"), null=True, blank=True)
    # The citizen complained that the case was overdue (QĐ 766 "bị phản ánh quá hạn"), as a handler recorded it.
    overdue_complained_at = models.DateTimeField(_("the citizen complained it is overdue on"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation mailed at"), null=True, blank=True)
    # Duplicate detection: a hash of the folded text and unit, and of the sender's address (never the address).
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    sender_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The text folded (lower case, no diacritics) for "contains" searches; a trigram index on PostgreSQL.
    search_key = models.TextField(editable=False, default="", blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["org_unit", "status", "due_on"], name="feedback_queue"),
            models.Index(fields=["assigned_unit", "status", "due_on"], name="feedback_assigned_queue"),
            models.Index(fields=["org_unit", "received_at"], name="feedback_unit_month"),
            models.Index(fields=["status", "due_on"], name="feedback_overdue"),
            # The outbox of the confirmation mails: only the rows still to mail, which the sweep reads every minute.
            models.Index(fields=["received_at", "id"], name="feedback_confirmation_due",
                         condition=models.Q(confirmation_sent_at__isnull=True) & ~models.Q(citizen_email="")),
        ]
        permissions = [
            ("handle_feedback", _("Can handle citizen feedback of their units")),
            ("view_feedback_contact", _("Can see the contact details of citizens")),
            ("view_feedback_ratios", _("Can read the feedback and satisfaction ratios")),
        ]

    def __str__(self):
        return self.tracking_code

    def save(self, *args, **kwargs):
        self.search_key = fold(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        if self.duplicate_of_id and self.duplicate_of_id == self.pk:
            raise ValidationError({"duplicate_of": _("A feedback cannot duplicate itself.")})

    @property
    def awaits_acceptance(self) -> bool:
        """A complaint not yet accepted for handling: its `due_on` is the last day to accept or refuse it."""
        return self.kind == Kind.COMPLAINT and self.accepted_on is None


class Attachment(models.Model):
    """An image or PDF sent with a feedback, checked by its content when received."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="feedback/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["feedback", "id"]

    def __str__(self):
        return self.original_name


class FeedbackEvent(models.Model):
    """One step of a case, in order: who did what and why. Public steps show on the citizen's tracking page."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        CLASSIFIED = "classified", _("Classified")
        SPAM = "spam", _("Marked as spam")
        DUPLICATE = "duplicate", _("Marked as a duplicate")
        MERGED = "merged", _("Merged")
        ACCEPTED = "accepted", _("Complaint accepted for handling")
        ASSIGNED = "assigned", _("Assigned")
        FORWARDED = "forwarded", _("Forwarded")
        INFO_REQUESTED = "info_requested", _("More information asked")
        INFO_ADDED = "info_added", _("More information given")
        ANSWERED = "answered", _("Answered")
        ANSWER_SUBMITTED = "answer_submitted", _("Answer submitted for sign-off")
        ANSWER_APPROVED = "answer_approved", _("Answer signed off")
        ANSWER_RETURNED = "answer_returned", _("Answer sent back by the leader")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        ESCALATED = "escalated", _("Escalated to the unit head")
        RATED = "rated", _("Answer judged by the citizen")
        OVERDUE_COMPLAINT = "overdue_complaint", _("The citizen complained that it is overdue")
        NOTE = "note", _("Note")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))  # empty: the citizen or the system
    action = models.CharField(_("step"), max_length=20, choices=Action.choices)
    note = models.TextField(_("note"), max_length=10000, blank=True)
    is_public = models.BooleanField(_("shown to the citizen"), default=False)

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["feedback", "at", "id"]

    def __str__(self):
        return f"{self.feedback_id}: {self.action}"
