from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """An uploaded staff spreadsheet, kept until HR confirms it: the preview and the import read the same bytes."""

    org_unit = models.ForeignKey("staff.OrgUnit", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("unit"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name
