"""Evaluation years, their periods and task groups, and the monthly or quarterly tracking of work."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EvaluationYear(models.Model):
    """One agency's evaluation year. The rule regime and the rule settings in force when it opened are
    stored with it, so its results are never recomputed under later rules."""

    class PeriodKind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    agency = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="evaluation_years",
                               verbose_name=_("agency"))
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(_("periods"), max_length=10, choices=PeriodKind.choices,
                                   default=PeriodKind.MONTHLY)
    regime = models.CharField(_("rules"), max_length=20, editable=False)
    rule_settings = models.JSONField(_("rule settings"), default=dict, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    special_calendar = models.BooleanField(
        _("special calendar"), default=False,
        help_text=_("Units whose work follows a special calendar rate before 15 January of the next year."))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation year")
        verbose_name_plural = _("evaluation years")
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_evaluation_year_per_agency"),
            models.CheckConstraint(condition=models.Q(year__gte=2020, year__lte=2100), name="evaluation_year_range"),
        ]

    def __str__(self):
        return f"{self.agency} – {self.year}"

    @property
    def org_unit(self):
        return self.agency

    @property
    def deadline(self):
        from evaluation.rules.common import rating_deadline

        return rating_deadline(year=self.year, special_calendar=self.special_calendar)


class Period(models.Model):
    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="periods",
                                        verbose_name=_("evaluation year"))
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["evaluation_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation_year", "number"], name="one_period_number_per_year"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="period_ends_after_start"),
        ]

    def __str__(self):
        if self.evaluation_year.period_kind == EvaluationYear.PeriodKind.QUARTERLY:
            return _("Quarter %(number)s/%(year)s") % {"number": self.number, "year": self.start_date.year}
        return _("Month %(number)s/%(year)s") % {"number": self.number, "year": self.start_date.year}


class TaskGroup(models.Model):
    """A group of staff with similar tasks (nhóm có nhiệm vụ tương đồng): the quota is counted per group."""

    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="task_groups",
                                        verbose_name=_("evaluation year"))
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    members = models.ManyToManyField("staff.StaffMember", through="TaskGroupMember", related_name="+",
                                     verbose_name=_("members"))

    class Meta:
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")
        ordering = ["evaluation_year", "name"]
        constraints = [models.UniqueConstraint(fields=["evaluation_year", "name"], name="task_group_name_unique")]

    def __str__(self):
        return self.name


class TaskGroupMember(models.Model):
    task_group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, related_name="memberships")
    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="+")
    staff_member = models.ForeignKey("staff.StaffMember", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation_year", "staff_member"],
                                               name="one_task_group_per_person_per_year")]

    def __str__(self):
        return f"{self.task_group_id}: {self.staff_member_id}"

    def clean(self):
        if self.task_group_id and self.evaluation_year_id != self.task_group.evaluation_year_id:
            raise ValidationError(_("The group belongs to another evaluation year."))


class Criterion(models.Model):
    """One of the general criteria (up to 30 points under NĐ 335/2025), editable per year."""

    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="criteria",
                                        verbose_name=_("evaluation year"))
    title = models.CharField(_("criterion"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("general criterion")
        verbose_name_plural = _("general criteria")
        ordering = ["evaluation_year", "order", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(max_points__gt=0), name="criterion_points_positive")]

    def __str__(self):
        return self.title


class WorkItem(models.Model):
    """A work product assigned to a person for a period, with its conversion coefficient and due date."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("period"))
    staff_member = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="work_items",
                                     verbose_name=_("assigned to"))
    title = models.CharField(_("work product"), max_length=300)
    coefficient = models.DecimalField(_("conversion coefficient"), max_digits=5, decimal_places=2, default=1)
    due_date = models.DateField(_("due date"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    delays = models.PositiveSmallIntegerField(_("delays"), default=0,
                                              help_text=_("How many times it was late (each costs a quarter of its "
                                                          "timeliness points)."))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work product")
        verbose_name_plural = _("work products")
        ordering = ["period", "due_date", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(coefficient__gt=0, coefficient__lte=100),
                                              name="work_item_coefficient_range")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.period_id and self.due_date and not self.period.start_date <= self.due_date <= self.period.end_date:
            raise ValidationError({"due_date": _("The due date must fall within the period (%(start)s – %(end)s).")
                                   % {"start": f"{self.period.start_date:%d/%m/%Y}",
                                      "end": f"{self.period.end_date:%d/%m/%Y}"}})
        if self.period_id and self.period.is_closed:
            raise ValidationError(_("This period is closed; its work can no longer change."))


class QualityReview(models.Model):
    """A check of a work product against its standard; a failure the officer caused costs 25% of its quality."""

    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="reviews",
                                  verbose_name=_("work product"))
    passed = models.BooleanField(_("met the standard"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    objective_cause = models.BooleanField(
        _("failed for an objective reason"), default=False,
        help_text=_("A failure not caused by the officer costs no points."))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")
        ordering = ["work_item", "reviewed_at"]

    def __str__(self):
        return f"{self.work_item_id}: {'+' if self.passed else '-'}"

    def clean(self):
        if not self.passed and not self.reason.strip():
            raise ValidationError({"reason": _("Say why it did not meet the standard.")})


class PeriodScore(models.Model):
    """A person's result for a period: task results from the tracked work, general criteria from the head."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="scores", verbose_name=_("period"))
    staff_member = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="period_scores",
                                     verbose_name=_("staff member"))
    quantity_pct = models.DecimalField(_("quantity %"), max_digits=5, decimal_places=2, default=0)
    quality_pct = models.DecimalField(_("quality %"), max_digits=5, decimal_places=2, default=0)
    timeliness_pct = models.DecimalField(_("timeliness %"), max_digits=5, decimal_places=2, default=0)
    task_points = models.DecimalField(_("task result points"), max_digits=5, decimal_places=2, default=0)
    general_points = models.DecimalField(_("general criteria points"), max_digits=5, decimal_places=2, null=True,
                                         blank=True)
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    # The arithmetic behind the task points is not stored: the tracking page works it out from the work it shows.
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period score")
        verbose_name_plural = _("period scores")
        ordering = ["period", "staff_member"]
        constraints = [
            models.UniqueConstraint(fields=["period", "staff_member"], name="one_score_per_person_per_period"),
            models.CheckConstraint(condition=models.Q(total__isnull=True) | models.Q(total__gte=0, total__lte=100),
                                   name="period_score_in_range"),
        ]

    def __str__(self):
        return f"{self.period_id}: {self.staff_member_id} = {self.total}"


class Level(models.TextChoices):
    HTXSNV = "htxsnv", _("Excellent (hoàn thành xuất sắc nhiệm vụ)")
    HTTNV = "httnv", _("Good (hoàn thành tốt nhiệm vụ)")
    HTNV = "htnv", _("Completed (hoàn thành nhiệm vụ)")
    KHTNV = "khtnv", _("Not completed (không hoàn thành nhiệm vụ)")
    NOT_CLASSIFIED = "not_classified", _("Not classified")


class YearResult(models.Model):
    """A person's year: the facts the rules read, the level they allow and why, the proposals and the decision."""

    Level = Level  # reachable from a result in templates and forms

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for proposals")
        APPROVED = "approved", _("Approved")

    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="results",
                                        verbose_name=_("evaluation year"))
    staff_member = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="year_results",
                                     verbose_name=_("staff member"))
    task_group = models.ForeignKey(TaskGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("task group"))
    months_worked = models.DecimalField(_("months worked"), max_digits=4, decimal_places=1, default=0)
    maternity_leave = models.BooleanField(_("maternity leave"), default=False)
    absence_months = models.DecimalField(_("months of lawful absence"), max_digits=4, decimal_places=1, default=0)
    disciplined = models.BooleanField(_("disciplined in the year"), default=False)
    # Leaders (position in the leadership group, refreshed from the file) are also rated by their unit's results.
    is_leader = models.BooleanField(_("leader or manager"), default=False)
    degraded = models.BooleanField(
        _("found degraded in politics, ethics or lifestyle"), default=False,
        help_text=_("Only on the conclusion of the competent level."))
    managed_unit_corruption = models.BooleanField(
        _("a directly managed unit was dealt with for corruption or waste"), default=False)
    unit_targets_met_all = models.BooleanField(_("the unit met all its targets"), null=True, blank=True)
    unit_share_exceeded = models.DecimalField(
        _("share of targets exceeded, percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    unit_share_good = models.DecimalField(
        _("share of managed units rated good or better, percent"), max_digits=5, decimal_places=2, null=True,
        blank=True)
    unit_results_source = models.CharField(
        _("source of the unit results"), max_length=200, blank=True,
        help_text=_("The report or decision the unit results come from."))
    year_score = models.DecimalField(_("year score"), max_digits=5, decimal_places=2, null=True, blank=True)
    allowed_level = models.CharField(_("level the rules allow"), max_length=20, choices=Level.choices, blank=True)
    reasons = models.JSONField(default=list, editable=False)
    self_assessment = models.TextField(_("self-assessment"), blank=True, max_length=5000)
    self_level = models.CharField(_("level proposed by the person"), max_length=20, choices=Level.choices,
                                  blank=True)
    head_level = models.CharField(_("level proposed by the head"), max_length=20, choices=Level.choices, blank=True)
    minutes_reference = models.CharField(_("meeting minutes"), max_length=200, blank=True,
                                         help_text=_("Number and date of the unit meeting's minutes."))
    approved_level = models.CharField(_("approved level"), max_length=20, choices=Level.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year result")
        verbose_name_plural = _("year results")
        ordering = ["evaluation_year", "staff_member__search_key"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation_year", "staff_member"], name="one_result_per_person_per_year"),
            models.CheckConstraint(
                condition=(models.Q(unit_share_exceeded__isnull=True)
                           | models.Q(unit_share_exceeded__gte=0, unit_share_exceeded__lte=100))
                & (models.Q(unit_share_good__isnull=True) | models.Q(unit_share_good__gte=0, unit_share_good__lte=100)),
                name="unit_shares_are_percentages"),
        ]
        permissions = [
            ("propose_yearresult", _("Can propose the level of the staff of their unit")),
            ("approve_yearresult", _("Can approve an agency's year results")),
        ]

    def __str__(self):
        return f"{self.staff_member_id} {self.evaluation_year_id}: {self.approved_level or self.allowed_level}"


class QuotaException(models.Model):
    """The competent authority allowed an agency (or one task group) to exceed the 20% quota: who, by what decision."""

    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="quota_exceptions",
                                        verbose_name=_("evaluation year"))
    task_group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                   verbose_name=_("task group"))
    granted_by = models.CharField(_("granted by"), max_length=200)
    decision_no = models.CharField(_("decision number"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota exception")
        verbose_name_plural = _("quota exceptions")

    def __str__(self):
        return f"{self.granted_by} {self.decision_no}"


class MeetingMinutes(models.Model):
    """The minutes of a unit's year-end meeting (biên bản họp), scanned and attached by the head before proposing."""

    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="minutes",
                                        verbose_name=_("evaluation year"))
    org_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("unit"))
    reference = models.CharField(_("number and date"), max_length=200)
    file = models.FileField(_("file"), upload_to="evaluation/minutes/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")
        ordering = ["evaluation_year", "org_unit__path"]
        constraints = [models.UniqueConstraint(fields=["evaluation_year", "org_unit"],
                                               name="one_minutes_per_unit_per_year")]

    def __str__(self):
        return self.reference


class Appeal(models.Model):
    """A person contests their approved result; the appeal and its decision are kept."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        UPHELD = "upheld", _("Upheld: the level is changed")
        REJECTED = "rejected", _("Rejected: the level stands")

    result = models.ForeignKey(YearResult, on_delete=models.PROTECT, related_name="appeals",
                               verbose_name=_("year result"))
    reason = models.TextField(_("grounds of the appeal"), max_length=5000)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    new_level = models.CharField(_("new level"), max_length=20, choices=Level.choices, blank=True)
    decision = models.TextField(_("decision"), max_length=5000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-submitted_at"]
        permissions = [("decide_appeal", _("Can decide appeals against year results"))]

    def __str__(self):
        return f"{self.result_id}: {self.status}"


# 360-degree reviews live in their own module; importing them here registers them with the app.
from evaluation.models.reviews import (  # noqa: E402
    Question,  # noqa: F401
    QuestionSet,  # noqa: F401
    RaterGroup,  # noqa: F401
    ReviewAnswer,  # noqa: F401
    ReviewInvitation,  # noqa: F401
    ReviewRequest,  # noqa: F401
)
