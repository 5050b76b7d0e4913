"""The printable personal record of a staff file (sơ yếu lý lịch cán bộ, công chức) as an A4 PDF (WeasyPrint).

Made by batxat_portal.paper like every form: nothing fetched (the photo is embedded as a data:
address, the only kind of address the PDF may read), always in Vietnamese. The form's code and issuing text are
settings (STAFF_PERSONAL_RECORD_FORM_CODE/BASIS).
"""

import base64

from django.conf import settings
from django.utils import timezone

from batxat_portal.paper import PaperUnavailable, pdf_from_template

__all__ = ["PaperUnavailable", "personal_record_pdf"]


def _photo_uri(member) -> str:
    if not member.photo:
        return ""
    try:
        with member.photo.open("rb") as file:
            return "data:image/jpeg;base64," + base64.b64encode(file.read()).decode()
    except OSError:
        return ""  # the stored file is gone: the form shows the empty photo box


def personal_record_pdf(*, member) -> bytes:
    """The personal record of `member`, read with every row of the file (selectors.staff_file_or_own)."""
    agency = member.org_unit.parent if member.org_unit.parent_id and member.org_unit.kind != "agency" else None
    return pdf_from_template("staff/paper/personal_record.html", {
        "person": member, "agency": agency, "photo": _photo_uri(member), "today": timezone.localdate(),
        "form_code": settings.STAFF_PERSONAL_RECORD_FORM_CODE,
        "form_basis": settings.STAFF_PERSONAL_RECORD_FORM_BASIS}, embeds_data=True)
