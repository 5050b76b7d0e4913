"""The minutes of a unit's year-end meeting: the head attaches the scanned PDF the proposals cite."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from batxat_portal import uploads
from evaluation.models import EvaluationYear, MeetingMinutes


def _pdf_bytes(upload) -> bytes:
    if upload.size > settings.EVALUATION_MINUTES_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than %(size)s.")
                               % {"size": filesizeformat(settings.EVALUATION_MINUTES_MAX_BYTES)}})
    content = upload.read()
    # Judged by what the file holds, not by its name.
    if not content.startswith(uploads.PDF_MAGIC):
        raise ValidationError({"file": _("Attach the minutes as a PDF file.")})
    try:  # no scripts, embedded files or automatic actions; readable
        uploads.pdf_check(content, name=uploads.display_name(upload.name, "bien-ban.pdf"))
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    return content



@transaction.atomic
def minutes_attach(*, evaluation_year: EvaluationYear, org_unit, reference: str, upload, user) -> MeetingMinutes:
    """Attach (or replace) a unit's minutes for the year; the old file is removed once the new one is saved."""
    if evaluation_year.status == EvaluationYear.Status.CLOSED:
        raise ValidationError(_("This year is closed; its results no longer change."))
    if not reference.strip():
        raise ValidationError({"reference": _("Give the number and date of the meeting minutes.")})
    content = _pdf_bytes(upload)
    minutes = MeetingMinutes.objects.select_for_update().filter(evaluation_year=evaluation_year,
                                                                org_unit=org_unit).first()
    old_file = minutes.file.name if minutes else None
    minutes = minutes or MeetingMinutes(evaluation_year=evaluation_year, org_unit=org_unit)
    minutes.reference, minutes.uploaded_by = reference.strip(), user
    minutes.original_name, minutes.size = (upload.name or "bien-ban.pdf")[:200], len(content)
    minutes.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
    minutes.full_clean()
    minutes.save()
    if old_file:
        storage = minutes.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return minutes
