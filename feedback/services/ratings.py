"""Officers' rating links and the ratings citizens give through them or at a kiosk.

A rating keeps nothing about who gave it: no account, no address, no session, no contact.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from feedback.models import RatingLink, ServiceRating
from feedback.rules import satisfaction
from staff.choices import Status

# Short codes read off a printed card: no 0/O, 1/I/L, so what a citizen types is what was printed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_COMMENT_CHARS = 2000


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(code: str) -> str:
    """What a citizen typed, as stored: upper case, no spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()[:CODE_LENGTH + 4]


def save_with_new_code(row):
    """Save a new row (a rating link, a survey) under a fresh unique code; a clash (1 in 31**8) gets another."""
    for _attempt in range(5):
        row.code = code_new()
        try:
            with transaction.atomic():
                row.save()
            return row
        except IntegrityError:
            if not type(row).objects.filter(code=row.code).exists():
                raise
    raise RuntimeError("could not find a free code")


@transaction.atomic
def ratinglink_activate(*, staff_member) -> RatingLink:
    """Give a working officer a rating link, or put their old one (same code, same printed card) back in use."""
    if staff_member.status != Status.WORKING:
        raise ValidationError(_("Only an officer who is working can be rated."))
    link = RatingLink.objects.select_for_update().filter(staff_member=staff_member).first()
    if link is None:
        return save_with_new_code(RatingLink(staff_member=staff_member))
    if not link.is_active:
        link.is_active = True
        link.save(update_fields=["is_active"])
    return link


@transaction.atomic
def ratinglink_deactivate(*, link: RatingLink) -> RatingLink:
    """The printed card stops working at once; ratings already given stay."""
    if link.is_active:
        link.is_active = False
        link.save(update_fields=["is_active"])
    return link


@transaction.atomic
def ratinglinks_create_missing(*, staff_members) -> int:
    """Links for the working officers among `staff_members` who have none; returns how many were made."""
    missing = list(staff_members.filter(status=Status.WORKING, rating_link__isnull=True).values_list("pk", flat=True))
    for staff_member_id in missing:
        save_with_new_code(RatingLink(staff_member_id=staff_member_id))
    return len(missing)


def _checked_criteria(criteria: dict, scale: int) -> dict:
    allowed = set(satisfaction.check_criteria(settings.FEEDBACK_RATING_CRITERIA))
    checked = {}
    for key, value in (criteria or {}).items():
        if value in (None, ""):
            continue
        if key not in allowed or not isinstance(value, int) or not 1 <= value <= scale:
            raise ValidationError({"criteria": _("Choose each rating on the scale.")})
        checked[key] = value
    return checked


@transaction.atomic
def rating_submit(*, staff_member, value: int, criteria: dict | None = None, comment: str = "",
                  dossier_code: str = "", channel: str = ServiceRating.Channel.LINK) -> ServiceRating:
    """Record one citizen's rating of an officer, under the officer's current unit and the configured scale."""
    scale = satisfaction.check_scale(settings.FEEDBACK_RATING_SCALE)
    if not isinstance(value, int) or not 1 <= value <= scale:
        raise ValidationError({"value": _("Choose a rating on the scale.")})
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValidationError({"comment": _("The comment is too long: at most 2000 characters.")})
    rating = ServiceRating(
        staff_member=staff_member, org_unit_id=staff_member.org_unit_id, scale=scale, value=value,
        is_satisfied=satisfaction.is_satisfied(value, scale), criteria=_checked_criteria(criteria, scale),
        comment=comment, dossier_code=dossier_code.strip(), channel=channel)
    # The officer and their unit were just read, and the scale and the value checked above: the fields are checked
    # here, while the database keeps the foreign keys and both check constraints (four queries fewer a rating).
    rating.full_clean(exclude=["staff_member", "org_unit"], validate_constraints=False)
    rating.save()
    return rating
