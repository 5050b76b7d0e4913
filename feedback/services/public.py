"""Writes of the citizen's side: send feedback, add information when asked, judge the answer; the confirmation mail.

Nothing a citizen sends is lost, and the citizen never waits on the broker: the case, its files and its first step
are written in one transaction, and that is all the request does. The case's row is the outbox of its confirmation
mail (a contact address and no `confirmation_sent_at` yet): `feedback_confirmations_sweep`, which the beat runs every
FEEDBACK_CONFIRMATION_SWEEP_SECONDS, mails what is due, and a broker that is down only delays the mail until it is
back. A conditional update marks each confirmation, so two sweeps at once never mail it twice.
"""

import hashlib
import io
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from batxat_portal import calendar_selectors, uploads, workdays
from batxat_portal.links import portal_url
from batxat_portal.text import fold
from feedback.models import Attachment, Feedback, FeedbackEvent, Kind
from feedback.rules import deadlines as deadline_rules
from feedback.selectors import public as selectors
from staff.choices import Status as StaffStatus
from staff.models import OrgUnit, StaffMember

logger = logging.getLogger(__name__)

Action = FeedbackEvent.Action
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
PDF_TYPE = ("application/pdf", "pdf")
# Larger pictures are refused before they are decoded (a small file can unpack to gigabytes).
MAX_IMAGE_PIXELS = 50_000_000
SWEEP_BATCH = 500


# --------------------------------------------------------------------------- deadlines


def deadline_settings() -> deadline_rules.DeadlineSettings:
    return deadline_rules.DeadlineSettings(answer_days=settings.FEEDBACK_ANSWER_DAYS,
                                           forward_days=settings.FEEDBACK_FORWARD_DAYS,
                                           remote_area=settings.FEEDBACK_REMOTE_AREA,
                                           accept_days=settings.FEEDBACK_COMPLAINT_ACCEPT_DAYS)


def feedback_deadlines(*, kind: str, received_on: date, calendar: workdays.Calendar | None = None,
                       is_complex: bool = False, accepted_on: date | None = None) -> deadline_rules.Deadlines:
    """The answer and forward deadlines under the settings in force and the holiday table (one query unless the
    calendar is given). Handlers call it again when they change a case's kind."""
    if calendar is None:
        calendar = calendar_selectors.working_calendar()
    return deadline_rules.deadlines(received_on, kind, rules=deadline_settings(), calendar=calendar,
                                    is_complex=is_complex, accepted_on=accepted_on)


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class CheckedFile:
    """An attachment whose content was checked (and, for a picture, re-encoded without its metadata)."""

    name: str
    content: bytes
    content_type: str
    extension: str


def _reencoded_image(data: bytes) -> tuple[bytes, str, str] | None:
    """The picture re-encoded in its own format (which drops hidden content and metadata such as the place it was
    taken), or None when the bytes are not a JPEG, PNG or WebP picture."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if kind not in IMAGE_TYPES or image.width * image.height > MAX_IMAGE_PIXELS:
                return None
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if kind == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=kind, **({"quality": 85} if kind in ("JPEG", "WEBP") else {}))
    except Exception:  # Pillow raises many kinds of errors on bad input; any of them means "not a picture"
        return None
    content_type, extension = IMAGE_TYPES[kind]
    return out.getvalue(), content_type, extension


def attachment_check(upload) -> CheckedFile:
    """Accept a JPEG, PNG or WebP picture (opened and re-encoded) or a PDF that holds no script, embedded file or
    automatic action (batxat_portal.uploads), whatever its name says; refuse the rest with a message naming the
    file."""
    name = uploads.display_name(getattr(upload, "name", ""))
    limit = settings.FEEDBACK_MAX_ATTACHMENT_BYTES
    too_big = _("“%(name)s” is larger than %(size)s MB. Send a smaller file or a photo of lower quality.") % {
        "name": name, "size": f"{limit / (1024 * 1024):g}"}
    if (getattr(upload, "size", 0) or 0) > limit:
        raise ValidationError(too_big, code="too_big")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(too_big, code="too_big")
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if data.startswith(uploads.PDF_MAGIC):
        uploads.pdf_check(data, name=name)  # no scripts, embedded files or automatic actions; readable
        return CheckedFile(name=name, content=data, content_type=PDF_TYPE[0], extension=PDF_TYPE[1])
    image = _reencoded_image(data)
    if image is None:
        raise ValidationError(
            _("“%(name)s” is not a picture (JPEG, PNG or WebP) or a PDF document, whatever its name says. "
              "Only these can be sent.") % {"name": name}, code="bad_type")
    content, content_type, extension = image
    return CheckedFile(name=name, content=content, content_type=content_type, extension=extension)


def _attachments_save(feedback: Feedback, files) -> None:
    for checked in files:
        attachment = Attachment(feedback=feedback, original_name=checked.name, content_type=checked.content_type,
                                size=len(checked.content))
        # A random stored name: what the citizen called the file is kept only as text.
        attachment.file.save(f"{secrets.token_hex(16)}.{checked.extension}", ContentFile(checked.content),
                             save=False)
        attachment.save()


def _files_count_check(files) -> list:
    files = list(files)
    if len(files) > settings.FEEDBACK_MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Send at most %(count)s files.") % {
            "count": settings.FEEDBACK_MAX_ATTACHMENTS}})
    return files


# --------------------------------------------------------------------------- sending


def tracking_code_new() -> str:
    """16 random symbols of Crockford's base 32 (80 bits), grouped by four: "7Q2M-K9XD-4HTR-B1WZ"."""
    symbols = "".join(secrets.choice(selectors.TRACKING_ALPHABET) for _ in range(selectors.TRACKING_LENGTH))
    return "-".join(symbols[i:i + selectors.TRACKING_GROUP]
                    for i in range(0, selectors.TRACKING_LENGTH, selectors.TRACKING_GROUP))


def content_hash(*, org_unit_id: int, text: str) -> str:
    return hashlib.sha256(f"{org_unit_id}:{fold(text)}".encode()).hexdigest()


def sender_hash(address: str) -> str:
    """A keyed hash of the sender's address: duplicates are found without keeping the address (a plain hash of an
    IPv4 address could be reversed by trying them all)."""
    if not address:
        return ""
    return salted_hmac("feedback.sender", address, algorithm="sha256").hexdigest()


def _lock(key: str) -> None:
    """Two identical posts at the same moment: the second waits for the first, then finds it (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])


def _unit_check(org_unit: OrgUnit, today: date) -> None:
    if org_unit.kind not in selectors.SELECTABLE_KINDS or not org_unit.is_valid_on(today):
        raise ValidationError({"unit": _("Choose an agency or unit that exists today.")})


def _officer_check(officer: StaffMember | None, org_unit: OrgUnit) -> None:
    if officer is None:
        return
    if officer.status != StaffStatus.WORKING or not officer.org_unit.path.startswith(org_unit.path):
        raise ValidationError({"officer": _("This officer does not work in the chosen unit. Choose again or leave "
                                            "the officer out.")})


@transaction.atomic
def feedback_submit(*, kind: str, org_unit: OrgUnit, text: str, officer: StaffMember | None = None,
                    procedure_code: str = "", dossier_code: str = "", citizen_name: str = "",
                    citizen_phone: str = "", citizen_email: str = "", attachments=(), sender_address: str = "",
                    now: datetime | None = None) -> tuple[Feedback, bool]:
    """Save a citizen's feedback, its files and its first step. Nothing is queued: if an address was given, the sweep
    mails the code (the row is the outbox), so the request never waits on the broker.

    Returns (feedback, created): the same text to the same unit from the same address within
    FEEDBACK_DUPLICATE_WINDOW_MINUTES gives back the earlier case, not a second one.
    """
    now = now or timezone.now()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you want to tell the agency.")})
    _unit_check(org_unit, timezone.localdate(now))
    _officer_check(officer, org_unit)
    files = _files_count_check(attachments)
    digest, sender = content_hash(org_unit_id=org_unit.pk, text=text), sender_hash(sender_address)
    if sender:
        _lock(hashlib.sha256(f"{digest}:{sender}".encode()).hexdigest())
        window = now - timedelta(minutes=settings.FEEDBACK_DUPLICATE_WINDOW_MINUTES)
        earlier = (Feedback.objects.filter(content_hash=digest, sender_hash=sender, received_at__gte=window)
                   .order_by("-received_at", "-id").first())
        if earlier is not None:
            return earlier, False
    received_on = timezone.localdate(now)
    due = feedback_deadlines(kind=kind, received_on=received_on)
    feedback = Feedback(
        tracking_code=tracking_code_new(), kind=kind, org_unit=org_unit, officer=officer,
        procedure_code=procedure_code.strip(), dossier_code=dossier_code.strip(), text=text,
        citizen_name=citizen_name.strip(), citizen_phone=citizen_phone.strip(), citizen_email=citizen_email.strip(),
        due_on=due.answer_due_on, forward_due_on=due.forward_due_on, content_hash=digest, sender_hash=sender)
    feedback.full_clean()
    feedback.save()
    _attachments_save(feedback, files)
    FeedbackEvent.objects.create(feedback=feedback, action=Action.RECEIVED, is_public=True)
    return feedback, True


# --------------------------------------------------------------------------- following a case


@transaction.atomic
def feedback_info_add(*, feedback: Feedback, text: str, attachments=()) -> Feedback:
    """The citizen answers the handlers' question; the case goes back to them."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the information you were asked for.")})
    files = _files_count_check(attachments)
    updated = Feedback.objects.filter(pk=feedback.pk, status=Feedback.Status.WAITING_INFO).update(
        status=Feedback.Status.IN_PROGRESS)
    if not updated:
        raise ValidationError(_("This feedback is not waiting for information any more."))
    feedback.status = Feedback.Status.IN_PROGRESS
    _attachments_save(feedback, files)
    event = FeedbackEvent(feedback=feedback, action=Action.INFO_ADDED, note=text, is_public=True)
    event.full_clean()
    event.save()
    return feedback


@transaction.atomic
def feedback_rate(*, feedback: Feedback, satisfied: bool) -> Feedback:
    """The citizen says, once, whether the answer satisfied them (QĐ 766: feedback satisfaction)."""
    updated = Feedback.objects.filter(
        pk=feedback.pk, citizen_satisfied__isnull=True, answered_at__isnull=False,
        status__in=[Feedback.Status.ANSWERED, Feedback.Status.CLOSED]).exclude(answer="").update(
        citizen_satisfied=satisfied)
    if not updated:
        raise ValidationError(_("This answer has already been judged, or there is no answer to judge yet."))
    feedback.citizen_satisfied = satisfied
    with translation.override(settings.LANGUAGE_CODE):  # the handlers read it in the portal's language
        note = _("Satisfied with the answer.") if satisfied else _("Not satisfied with the answer.")
    FeedbackEvent.objects.create(feedback=feedback, action=Action.RATED, note=note, is_public=True)
    return feedback


# --------------------------------------------------------------------------- confirmation mail


def tracking_link(code: str) -> str:
    from urllib.parse import urlencode

    return portal_url(reverse("feedback:public_track") + "?" + urlencode({"code": code}))


def _confirmation_mail(feedback: Feedback) -> None:
    from django.core.mail import send_mail

    with translation.override(settings.LANGUAGE_CODE):
        values = {"code": feedback.tracking_code, "kind": feedback.get_kind_display(),
                  "unit": selectors.unit_label(feedback.org_unit),
                  "day": f"{timezone.localtime(feedback.received_at):%d/%m/%Y}",
                  "due": f"{feedback.due_on:%d/%m/%Y}", "link": tracking_link(feedback.tracking_code)}
        values["when"] = (_("Your complaint will be accepted for handling, or refused with the reason, by %(due)s; "
                            "the time to settle it runs from its acceptance.") % values
                          if feedback.kind == Kind.COMPLAINT else _("The answer is due by %(due)s.") % values)
        subject = _("Your feedback was received: code %(code)s") % values
        body = _("We received your feedback (%(kind)s) about %(unit)s on %(day)s.\n\n"
                 "Your tracking code: %(code)s\n"
                 "Keep it: it is the only way to follow your feedback. %(when)s\n\n"
                 "Follow your feedback here: %(link)s\n\n"
                 "This mail was sent automatically; please do not reply to it.") % values
    send_mail(subject, body, None, [feedback.citizen_email])


def feedback_confirmation_send(*, feedback_id: int) -> bool:
    """Mail the tracking code once: the row is claimed by a conditional update and the claim is undone if the mail
    fails, so a retry or the sweep sends it; a second run sends nothing."""
    with transaction.atomic():
        claimed = (Feedback.objects.filter(pk=feedback_id, confirmation_sent_at__isnull=True)
                   .exclude(citizen_email="").update(confirmation_sent_at=timezone.now()))
        if not claimed:
            return False
        _confirmation_mail(Feedback.objects.select_related("org_unit__parent").get(pk=feedback_id))
    return True


def feedback_confirmations_sweep(*, now: datetime | None = None, batch_size: int = SWEEP_BATCH) -> int:
    """Mail every confirmation due (the outbox: a contact address, not mailed yet), oldest first, at most
    `batch_size` a run (read through the small partial index `feedback_confirmation_due`). Returns how many were
    mailed."""
    waiting = list(Feedback.objects.filter(confirmation_sent_at__isnull=True, received_at__lte=now or timezone.now())
                   .exclude(citizen_email="").order_by("received_at", "id").values_list("pk", flat=True)[:batch_size])
    sent = 0
    for feedback_id in waiting:
        try:
            sent += feedback_confirmation_send(feedback_id=feedback_id)
        except Exception:  # one bad address or a mail server hiccup must not stop the others
            logger.exception("Could not mail the confirmation of feedback %s; the next sweep tries again",
                             feedback_id)
    return sent
