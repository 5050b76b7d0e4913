"""The printable personal record of a staff file (sơ yếu lý lịch cán bộ, công chức) as an A4 PDF (WeasyPrint).

Like evaluation/paper.py: DejaVu fonts installed on the server, nothing fetched (the photo is embedded as a data:
address, the only kind of address the PDF may read), always in Vietnamese. The form's code and issuing text are
settings (STAFF_PERSONAL_RECORD_FORM_CODE/BASIS).
"""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _


class PaperUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (pango, fonts) are missing on this server."""


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
    try:
        # Imported here so that the portal starts, and every other page works, on a server without pango.
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        raise PaperUnavailable(_("WeasyPrint or its system libraries (pango) are not installed.")) from error
    agency = member.org_unit.parent if member.org_unit.parent_id and member.org_unit.kind != "agency" else None
    with translation.override("vi"):
        html = render_to_string("staff/paper/personal_record.html", {
            "person": member, "agency": agency, "photo": _photo_uri(member), "today": timezone.localdate(),
            "form_code": settings.STAFF_PERSONAL_RECORD_FORM_CODE,
            "form_basis": settings.STAFF_PERSONAL_RECORD_FORM_BASIS})
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
