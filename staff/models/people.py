"""The civil servant's file (sơ yếu lý lịch) and everything recorded in it."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from batxat_portal.text import fold
from staff.choices import (
    ETHNICITIES,
    KINH,
    AssignmentKind,
    Category,
    DisciplineForm,
    EducationLevel,
    Gender,
    LeadershipTitle,
    LeaveKind,
    PoliticalTheory,
    QualificationKind,
    RequestStatus,
    RewardLevel,
    StateManagement,
    Status,
    SupportKind,
)

ID_NUMBER = re.compile(r"\d{9}|\d{12}")  # old 9-digit CMND or 12-digit CCCD
# A Vietnamese phone number as people write it: 0912 345 678, 0912.345.678, +84 912 345 678, (0214) 3880 123.
PHONE = re.compile(r"\+?[\d .()-]+")
PHONE_DIGITS = range(9, 13)

# The name search matches what is typed against the start of a word of the folded name. Each of these keys holds
# the name from one word on, so every kind of match is a range of one index, read in order (docs/architecture.md).
NAME_KEYS = ("search_key", "search_key_2", "search_key_3", "search_key_4", "search_key_last")


def name_search_keys(full_name: str | None) -> dict[str, str]:
    """The folded name from its 1st, 2nd, 3rd and 4th word, and its last word when it has five or more words.

    "Nguyễn Văn An" -> search_key "nguyen van an", search_key_2 "van an", search_key_3 "an", the others empty.
    A name of six words or more is found from its first four words and its last one, not from the words between.
    """
    words = fold(full_name).split()
    keys = {"search_key": " ".join(words)}
    for number in (2, 3, 4):
        keys[f"search_key_{number}"] = " ".join(words[number - 1:])
    keys["search_key_last"] = words[-1] if len(words) >= 5 else ""
    return keys


def _check_period(instance, start_field: str, end_field: str) -> None:
    start, end = getattr(instance, start_field), getattr(instance, end_field)
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


class StaffMember(models.Model):
    """One cán bộ, công chức: identity, where they work, rank and salary, and their highest qualifications.

    The qualification levels, next salary step and retirement date are copies kept by the services,
    so that lists filter and forecast in plain indexed SQL.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    hometown = models.CharField(_("home town"), max_length=200, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITIES, default=KINH)
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    id_number = models.CharField(_("identity card number"), max_length=12, unique=True,
                                 help_text=_("12 digits (CCCD) or 9 digits (old CMND)."),
                                 error_messages={"unique": _("Another person's file already has this number.")})
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="staff_member", verbose_name=_("portal account"))

    category = models.CharField(_("category"), max_length=20, choices=Category.choices,
                                default=Category.CIVIL_SERVANT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WORKING)
    org_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="staff_members",
                                 verbose_name=_("unit"))
    position = models.ForeignKey("staff.JobPosition", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="holders", verbose_name=_("job position"))
    leadership_title = models.CharField(_("leadership title"), max_length=30, choices=LeadershipTitle.choices,
                                        blank=True, default=LeadershipTitle.NONE)
    joined_service_on = models.DateField(_("recruited on"), null=True, blank=True)
    left_service_on = models.DateField(_("left the service on"), null=True, blank=True)

    rank = models.ForeignKey("staff.Rank", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="holders", verbose_name=_("rank"))
    salary_step = models.PositiveSmallIntegerField(_("salary step"), null=True, blank=True)
    salary_coefficient = models.DecimalField(_("salary coefficient"), max_digits=4, decimal_places=2,
                                             null=True, blank=True, editable=False)
    step_since = models.DateField(_("on this step since"), null=True, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True, editable=False, db_index=True)
    retirement_date = models.DateField(_("retirement date"), null=True, blank=True, editable=False, db_index=True)

    education_level = models.PositiveSmallIntegerField(_("education level"), choices=EducationLevel.choices,
                                                       default=EducationLevel.NONE, editable=False)
    education_field = models.CharField(_("field of study"), max_length=200, blank=True, editable=False)
    political_theory = models.PositiveSmallIntegerField(_("political theory"), choices=PoliticalTheory.choices,
                                                        default=PoliticalTheory.NONE, editable=False)
    state_management = models.PositiveSmallIntegerField(_("state management"), choices=StateManagement.choices,
                                                        default=StateManagement.NONE, editable=False)
    has_it_certificate = models.BooleanField(_("IT certificate"), default=False, editable=False)
    has_foreign_language = models.BooleanField(_("foreign language"), default=False, editable=False)
    has_ethnic_language = models.BooleanField(_("ethnic-minority language"), default=False, editable=False)

    notes = models.TextField(_("notes"), blank=True)
    # A passport-style picture, re-encoded as JPEG by services.photos and served only through a checked view.
    photo = models.FileField(_("photo"), upload_to="staff/photos/", blank=True, editable=False)
    search_key = models.CharField(max_length=150, db_index=True, editable=False, default="")
    # The folded name from its 2nd, 3rd, 4th and last word (name_search_keys); indexed on PostgreSQL by 0011.
    search_key_2 = models.CharField(max_length=150, editable=False, default="")
    search_key_3 = models.CharField(max_length=150, editable=False, default="")
    search_key_4 = models.CharField(max_length=150, editable=False, default="")
    search_key_last = models.CharField(max_length=150, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=[*NAME_KEYS, "updated_at", "photo"])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["search_key", "id"]
        indexes = [models.Index(fields=["org_unit", "status"], name="staff_unit_status_idx"),
                   models.Index(fields=["date_of_birth"], name="staff_birth_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_service_on__isnull=True) | models.Q(joined_service_on__isnull=True)
                | models.Q(left_service_on__gte=models.F("joined_service_on")),
                name="staff_leaves_after_joining",
            ),
            models.CheckConstraint(condition=models.Q(salary_step__isnull=True) | models.Q(salary_step__gte=1),
                                   name="staff_salary_step_from_one"),
        ]
        permissions = [
            ("export_staffmember", _("Can export staff lists and reports")),
            ("import_staffmember", _("Can import staff from a spreadsheet")),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        for name, value in name_search_keys(self.full_name).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)

    def age_on(self, day) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif self.date_of_birth and self.age_on(today) < 15:
            errors["date_of_birth"] = _("A civil servant must be at least 15 years old.")
        if self.id_number and not ID_NUMBER.fullmatch(self.id_number):
            errors["id_number"] = _("An identity number has 12 digits (CCCD) or 9 digits (old CMND).")
        if self.joined_service_on and self.left_service_on and self.left_service_on < self.joined_service_on:
            errors["left_service_on"] = _("The date of leaving cannot be before the date of recruitment.")
        if self.joined_service_on and self.date_of_birth and self.joined_service_on <= self.date_of_birth:
            errors["joined_service_on"] = _("The recruitment date must be after the date of birth.")
        if self.phone and not (PHONE.fullmatch(self.phone)
                               and len(re.sub(r"\D", "", self.phone)) in PHONE_DIGITS):
            errors["phone"] = _("Write a phone number in digits, e.g. 0912 345 678 or 0214 3880 123 (spaces, dots and "
                                "a leading +84 are allowed).")
        if self.salary_step and not self.rank_id:
            errors["rank"] = _("Choose the rank the salary step belongs to.")
        elif self.salary_step and self.rank_id:
            # Read through rank.steps.all(), so an import that prefetched the scales asks nothing more per row.
            steps = sorted(step.step for step in self.rank.steps.all())
            if steps and self.salary_step not in steps:
                errors["salary_step"] = _("The salary scale of this rank has steps %(first)s to %(last)s only.") % {
                    "first": steps[0], "last": steps[-1]}
        # A position is defined in the person's unit or in the agency above it.
        if self.position_id and self.org_unit_id and not self.org_unit.path.startswith(self.position.org_unit.path):
            errors["position"] = _("This job position belongs to another unit.")
        if errors:
            raise ValidationError(errors)


class StaffRecord(models.Model):
    """Base of the rows of a file: each belongs to one staff member and keeps its history."""

    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, verbose_name=_("staff member"))

    class Meta:
        abstract = True

    # The date that tells this row from the others of its kind, when __str__ does not say it already.
    LABEL_DATES = ("awarded_on", "decided_on", "effective_on", "start_date")

    def file_label(self) -> str:
        """One line saying which row of the file this is, as its owner and HR recognise it."""
        text = self.label_text()
        day = next((getattr(self, name) for name in self.LABEL_DATES if getattr(self, name, None)), None)
        if day and f"{day:%d/%m/%Y}" not in text:
            text = f"{text} ({day:%d/%m/%Y})"
        return f"{str(self._meta.verbose_name).capitalize()}: {text}"

    def label_text(self) -> str:
        return str(self)


class Qualification(StaffRecord):
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), default=0,
        help_text=_("For education, political theory and state management: the level reached."))
    name = models.CharField(_("qualification"), max_length=200,
                            help_text=_("e.g. Cử nhân Luật, Tiếng Anh B1, Tiếng Hmông, Ứng dụng CNTT cơ bản."))
    field = models.CharField(_("field of study"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["kind", "-level", "-awarded_on"]
        default_related_name = "qualifications"

    def __str__(self):
        return self.name

    LEVEL_CHOICES = {
        QualificationKind.EDUCATION: EducationLevel,
        QualificationKind.POLITICAL_THEORY: PoliticalTheory,
        QualificationKind.STATE_MANAGEMENT: StateManagement,
    }

    def get_level_display(self) -> str:
        choices = self.LEVEL_CHOICES.get(self.kind)
        return str(choices(self.level).label) if choices and self.level in choices.values else ""

    def clean(self):
        choices = self.LEVEL_CHOICES.get(self.kind)
        if choices and self.level not in choices.values:
            raise ValidationError({"level": _("Choose a level that exists for this kind of qualification.")})
        if self.awarded_on and self.awarded_on > timezone.localdate():
            raise ValidationError({"awarded_on": _("The award date cannot be in the future.")})


class Assignment(StaffRecord):
    """A step of the person's career: recruitment, appointment, transfer, a move in a reorganisation."""

    kind = models.CharField(_("kind"), max_length=20, choices=AssignmentKind.choices)
    org_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="assignments",
                                 verbose_name=_("unit"))
    position = models.ForeignKey("staff.JobPosition", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="assignments", verbose_name=_("job position"))
    title = models.CharField(_("title held"), max_length=200, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date", "-id"]
        default_related_name = "assignments"
        constraints = [models.CheckConstraint(
            condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
            name="assignment_ends_after_start")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.org_unit}"

    def clean(self):
        _check_period(self, "start_date", "end_date")
        if self.org_unit_id and self.start_date and not self.org_unit.is_valid_on(self.start_date):
            raise ValidationError({"org_unit": _("This unit did not exist on the start date.")})


class Leave(StaffRecord):
    kind = models.CharField(_("kind"), max_length=20, choices=LeaveKind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leave periods")
        ordering = ["-start_date"]
        default_related_name = "leaves"
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                              name="leave_ends_after_start")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y}"

    def clean(self):
        _check_period(self, "start_date", "end_date")


class Reward(StaffRecord):
    title = models.CharField(_("form of reward"), max_length=200,
                             help_text=_("e.g. Bằng khen, Giấy khen, Chiến sĩ thi đua cơ sở."))
    level = models.CharField(_("level"), max_length=20, choices=RewardLevel.choices)
    decided_on = models.DateField(_("decided on"))
    decision_no = models.CharField(_("decision number"), max_length=50, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["-decided_on"]
        default_related_name = "rewards"

    def __str__(self):
        return self.title


class Discipline(StaffRecord):
    form = models.CharField(_("form of discipline"), max_length=20, choices=DisciplineForm.choices)
    effective_on = models.DateField(_("effective on"))
    decision_no = models.CharField(_("decision number"), max_length=50, blank=True)
    issuer = models.CharField(_("decided by"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # One violation can bring several decisions (a Party one and an administrative one, often in different years); it
    # counts in one evaluation year only (NĐ 48/2023). A decision without this link is a violation of its own.
    same_violation_as = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="same_violation",
        verbose_name=_("same violation as"),
        help_text=_("When this decision punishes a violation another decision of this person already punishes (e.g. "
                    "a Party decision and an administrative one), choose that decision: the violation counts in one "
                    "evaluation year only."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["-effective_on"]
        default_related_name = "disciplines"

    def __str__(self):
        if self.effective_on is None:
            return str(self.get_form_display())
        if self.decision_no:
            return _("%(form)s, decision %(number)s of %(day)s") % {
                "form": self.get_form_display(), "number": self.decision_no, "day": f"{self.effective_on:%d/%m/%Y}"}
        return _("%(form)s of %(day)s") % {"form": self.get_form_display(), "day": f"{self.effective_on:%d/%m/%Y}"}

    def clean(self):
        other = self.same_violation_as
        if other is None:
            return
        if other.staff_member_id != self.staff_member_id:
            raise ValidationError({"same_violation_as": _("Choose a decision of the same person.")})
        seen = set()
        while other is not None and other.pk not in seen:
            if self.pk is not None and other.pk == self.pk:
                raise ValidationError({"same_violation_as": _(
                    "That decision is already linked to this one, directly or through another decision.")})
            seen.add(other.pk)
            other = other.same_violation_as


class SalaryRecord(StaffRecord):
    """A step of the salary history (quá trình lương): from this date the person held this rank and step."""

    rank = models.ForeignKey("staff.Rank", on_delete=models.PROTECT, related_name="+", verbose_name=_("rank"))
    salary_step = models.PositiveSmallIntegerField(_("salary step"))
    start_date = models.DateField(_("from"))
    decision_no = models.CharField(_("decision number"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("salary record")
        verbose_name_plural = _("salary history")
        ordering = ["-start_date"]
        default_related_name = "salary_records"
        constraints = [models.CheckConstraint(condition=models.Q(salary_step__gte=1), name="salary_record_step")]

    def __str__(self):
        return f"{self.start_date:%d/%m/%Y}: {self.salary_step}"

    def label_text(self) -> str:
        return _("%(rank)s, step %(step)s") % {"rank": self.rank.name, "step": self.salary_step}

    def clean(self):
        if self.rank_id and self.salary_step and not self.rank.steps.filter(step=self.salary_step).exists():
            raise ValidationError({"salary_step": _("This rank has no such salary step.")})


class SupportPolicy(StaffRecord):
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0, null=True, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support policy")
        verbose_name_plural = _("support policies")
        ordering = ["-start_date"]
        default_related_name = "support_policies"

    def __str__(self):
        return self.description

    def clean(self):
        _check_period(self, "start_date", "end_date")


class CorrectionRequest(models.Model):
    """A staff member asks HR to correct their own file; the file changes only when HR approves."""

    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="correction_requests",
                                     verbose_name=_("staff member"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    # A detail of the file (a StaffMember field: "phone", "date_of_birth"…) or, with record_id, a kind of row of the
    # file ("qualification", "salary"…): then record_id is that row and record_label what it said when asked.
    field_name = models.CharField(_("what to correct"), max_length=40)
    record_id = models.PositiveIntegerField(_("row of the file"), null=True, blank=True)
    record_label = models.CharField(_("the row when asked"), max_length=300, blank=True)
    proposed_value = models.CharField(_("correct value"), max_length=300)
    reason = models.TextField(_("reason and evidence"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("answer"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.staff_member}: {self.record_label or self.field_name}"

    @property
    def is_row(self) -> bool:
        """Whether the request is about a row of the file (a qualification, a reward…) rather than a detail."""
        return self.record_id is not None
