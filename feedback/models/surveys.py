"""Satisfaction surveys built by HR, answered anonymously through a link or QR code."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    agency = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="surveys",
                               verbose_name=_("agency"))
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"), max_length=2000, blank=True)
    code = models.CharField(_("code"), max_length=12, unique=True)  # the public link
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SATISFACTION = "satisfaction", _("Satisfaction (on the rating scale)")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices,
                            default=Kind.SATISFACTION)
    choices = models.JSONField(_("choices"), default=list, blank=True)  # for single and multiple
    is_required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "id"]

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    scale = models.PositiveSmallIntegerField(_("scale"))  # the rating scale when answered
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey_id}: {self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)  # satisfaction level, 1 = worst
    is_satisfied = models.BooleanField(null=True, blank=True)  # satisfaction questions: the top two levels
    selected = models.JSONField(default=list, blank=True)  # single and multiple: the chosen options
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [models.Index(fields=["question", "is_satisfied"], name="survey_answer_satisfied")]

    def __str__(self):
        return f"{self.question_id}: {self.value or self.selected or self.text[:20]}"
