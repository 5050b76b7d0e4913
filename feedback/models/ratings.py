"""Citizens rate the officer who served them, through the officer's short link or QR code, or at a kiosk.

A rating holds no trace of who gave it: no account, no address, no contact.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from feedback.rules import satisfaction

# Labels by scale, from level 1 (worst) to the best level (the scales themselves: feedback/rules/satisfaction.py).
LEVEL_LABELS = {
    3: (_("Not satisfied"), _("Satisfied"), _("Very satisfied")),
    5: (_("Very dissatisfied"), _("Dissatisfied"), _("Neither satisfied nor dissatisfied"), _("Satisfied"),
        _("Very satisfied")),
}

CRITERIA_LABELS = {
    "attitude": _("Attitude and courtesy"),
    "timeliness": _("Timeliness"),
    "guidance": _("Clear guidance"),
}


def level_choices(scale: int) -> list[tuple[int, str]]:
    """(level, label) pairs, the best level first, as a citizen reads them."""
    labels = LEVEL_LABELS[satisfaction.check_scale(scale)]
    return [(level, labels[level - 1]) for level in range(scale, 0, -1)]


def level_label(value: int, scale: int) -> str:
    return LEVEL_LABELS[satisfaction.check_scale(scale)][value - 1]


def criteria_choices(keys) -> list[tuple[str, str]]:
    """(key, label) of the configured criteria, in the configured order; an unknown key is a configuration error."""
    return [(key, CRITERIA_LABELS[key]) for key in satisfaction.check_criteria(keys)]


class RatingLink(models.Model):
    """An officer's short public link (and the QR code printed for the one-stop desk)."""

    staff_member = models.OneToOneField("staff.StaffMember", on_delete=models.CASCADE, related_name="rating_link",
                                        verbose_name=_("officer"))
    code = models.CharField(_("code"), max_length=12, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating link")
        verbose_name_plural = _("rating links")

    def __str__(self):
        return self.code


class ServiceRating(models.Model):
    class Channel(models.TextChoices):
        LINK = "link", _("Link or QR code")
        KIOSK = "kiosk", _("Kiosk at the desk")

    staff_member = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="service_ratings",
                                     verbose_name=_("officer"))
    # The officer's unit when rated, so a later move does not carry old ratings along.
    org_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("unit"))
    scale = models.PositiveSmallIntegerField(_("scale"))  # 3 or 5 levels, as configured when rated
    value = models.PositiveSmallIntegerField(_("rating"))  # 1 = worst
    is_satisfied = models.BooleanField(_("satisfied"))  # the top two levels of the scale
    criteria = models.JSONField(_("ratings per criterion"), default=dict, blank=True)  # {"attitude": 1..scale}
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    dossier_code = models.CharField(_("dossier code"), max_length=50, blank=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.LINK)
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("service rating")
        verbose_name_plural = _("service ratings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["staff_member", "created_at"], name="rating_officer_time"),
            models.Index(fields=["org_unit", "created_at"], name="rating_unit_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(scale__in=[3, 5]), name="rating_scale_3_or_5"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=models.F("scale")),
                                   name="rating_value_on_scale"),
        ]

    def __str__(self):
        return f"{self.staff_member_id}: {self.value}/{self.scale}"

    def clean(self):
        if self.scale and self.value and not 1 <= self.value <= self.scale:
            raise ValidationError({"value": _("Choose a rating on the scale.")})
