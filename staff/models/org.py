from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from batxat_portal.text import fold


class OrgUnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Units that existed on `day` (open-ended dates count as always)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


class OrgUnit(models.Model):
    """A node of the organisation tree: province -> agency (UBND) -> department.

    `path` lists the ids from the root ("/3/17/42/"), so "everything under a unit" is one
    indexed prefix query. Services keep it in step with `parent`.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        AGENCY = "agency", _("Agency")
        DEPARTMENT = "department", _("Department")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province level")
        DISTRICT = "district", _("District level")
        COMMUNE = "commune", _("Commune level")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("administrative level"), max_length=20, choices=Level.choices)
    code = models.CharField(
        _("official code"), max_length=20, blank=True,
        help_text=_("GSO code of an administrative unit, or the code the agency uses for a department."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("successor units"), symmetrical=False, blank=True,
        related_name="predecessors",
    )
    search_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    history = HistoricalRecords(excluded_fields=["path", "search_key"])

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], condition=~models.Q(code=""),
                name="orgunit_code_unique_per_start",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_to_after_from",
            ),
        ]
        permissions = [("access_all_units", _("Can see every org unit, whatever the scope"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date cannot be before the start date.")
        if self.kind == self.Kind.DEPARTMENT and self.parent_id is None:
            errors["parent"] = _("A department must belong to an agency.")
        if self.kind == self.Kind.PROVINCE and self.parent_id is not None:
            errors["parent"] = _("A province cannot have a parent unit.")
        if self.parent_id and self.pk and (self.parent_id == self.pk or f"/{self.pk}/" in self.parent.path):
            errors["parent"] = _("A unit cannot be placed under itself or one of its own sub-units.")
        if self.parent_id and self.parent.kind == self.Kind.DEPARTMENT and self.kind != self.Kind.DEPARTMENT:
            errors.setdefault("parent", _("Only a department can be placed under a department."))
        if self.code:
            # The database constraint cannot see two open-ended units (NULL start dates) as a clash.
            same_code = OrgUnit.objects.filter(code=self.code, valid_from=self.valid_from).exclude(pk=self.pk)
            if same_code.exists():
                errors["code"] = _("Another unit already uses this code from the same date.")
        if self.parent_id and self.valid_from and not self.parent.is_valid_on(self.valid_from):
            errors.setdefault("parent", _("The parent unit did not exist on the start date of this unit."))
        if errors:
            raise ValidationError(errors)


# The change reason of the history row that migration 0010 wrote for every account then existing: roles were not
# kept before it, so that row's roles were held when the record began, not granted then.
ACCESS_HISTORY_START = "access-history-start"


class User(AbstractUser):
    """A person who signs in. Roles are groups (staff/roles.py); org units bound what they see."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    org_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("units in scope"), blank=True, related_name="users",
        help_text=_("The person sees the rows of these units and every unit under them."),
    )
    search_key = models.CharField(max_length=300, db_index=True, editable=False, default="")
    # Roles (groups) and unit scopes are kept with each historical row, so granting or removing one is recorded with
    # who did it and when (staff.selectors.accounts.account_access_history reads it back).
    history = HistoricalRecords(excluded_fields=["password", "last_login", "search_key"],
                                m2m_fields=[org_units, "groups"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name()

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.full_name} {self.username} {self.email}")
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username
