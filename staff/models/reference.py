"""Reference data HR keeps as editable rows: civil-service ranks with their salary scales, job positions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from batxat_portal.text import fold
from staff.choices import EducationLevel, PoliticalTheory, PositionGroup, StateManagement


class Rank(models.Model):
    """A civil-service rank (ngạch) and how often its salary steps rise."""

    code = models.CharField(_("rank code"), max_length=20, unique=True)
    name = models.CharField(_("rank name"), max_length=100)
    years_per_step = models.PositiveSmallIntegerField(_("years per salary step"), default=3)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(years_per_step__gte=1), name="rank_step_years_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class SalaryStep(models.Model):
    rank = models.ForeignKey(Rank, on_delete=models.CASCADE, related_name="steps", verbose_name=_("rank"))
    step = models.PositiveSmallIntegerField(_("step"))
    coefficient = models.DecimalField(_("salary coefficient"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("salary step")
        verbose_name_plural = _("salary steps")
        ordering = ["rank", "step"]
        constraints = [
            models.UniqueConstraint(fields=["rank", "step"], name="one_coefficient_per_rank_step"),
            models.CheckConstraint(condition=models.Q(step__gte=1), name="salary_step_from_one"),
        ]

    def __str__(self):
        return f"{self.rank.code} / {self.step}: {self.coefficient}"


class JobPosition(models.Model):
    """A job position (vị trí việc làm) of a unit, with what the person holding it must have."""

    org_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="positions",
                                 verbose_name=_("unit"))
    code = models.CharField(_("position code"), max_length=30, blank=True)
    name = models.CharField(_("position name"), max_length=200)
    group = models.CharField(_("position group"), max_length=20, choices=PositionGroup.choices)
    description = models.TextField(_("tasks and description"), blank=True)
    competencies = models.TextField(_("competency framework"), blank=True)
    approved_headcount = models.PositiveSmallIntegerField(_("approved headcount"), default=1)
    required_rank = models.ForeignKey(Rank, on_delete=models.PROTECT, null=True, blank=True,
                                      verbose_name=_("required rank"), related_name="+")
    required_education = models.PositiveSmallIntegerField(
        _("required education"), choices=EducationLevel.choices, default=EducationLevel.BACHELOR)
    required_fields = models.CharField(_("fields of study that fit"), max_length=300, blank=True,
                                       help_text=_("Separate fields with commas, e.g. Luật, Hành chính học."))
    required_political_theory = models.PositiveSmallIntegerField(
        _("required political theory"), choices=PoliticalTheory.choices, default=PoliticalTheory.NONE)
    required_state_management = models.PositiveSmallIntegerField(
        _("required state management"), choices=StateManagement.choices, default=StateManagement.NONE)
    requires_it = models.BooleanField(_("needs an IT certificate"), default=False)
    requires_foreign_language = models.BooleanField(_("needs a foreign language"), default=False)
    requires_ethnic_language = models.BooleanField(_("needs an ethnic-minority language"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    search_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_key"])

    class Meta:
        verbose_name = _("job position")
        verbose_name_plural = _("job positions")
        ordering = ["org_unit__path", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    def clean(self):
        if self.org_unit_id and self.pk is None and not self.org_unit.is_valid_on(timezone.localdate()):
            raise ValidationError({"org_unit": _("This unit no longer exists; choose a current one.")})
