"""Data the apps share that belongs to none of them: the calendar of public holidays and make-up working days."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day that breaks the Monday-to-Friday week: a public holiday (Tết moves every year, and so do the days off
    given in compensation) or a Saturday or Sunday worked to make up for one. Edited, never derived by rule."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off (public holiday or compensatory day)")
        WORKDAY = "workday", _("Make-up working day")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"
