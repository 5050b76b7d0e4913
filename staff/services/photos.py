"""A staff file's photo: checked by its content (not its name), re-encoded as a small JPEG without metadata."""

import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from staff.models import StaffMember

PICTURE_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # larger pictures are refused before decoding (a "decompression bomb")


def _reencoded(data: bytes) -> bytes | None:
    """The picture as a JPEG scaled to STAFF_PHOTO_MAX_SIDE, or None when the bytes are not a JPEG, PNG or WebP.

    Re-encoding drops anything hidden in the file and its metadata (where and when it was taken), as feedback does
    with the citizens' pictures.
    """
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PICTURE_FORMATS or image.width * image.height > MAX_PIXELS:
                return None
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
            side = settings.STAFF_PHOTO_MAX_SIDE
            picture.thumbnail((side, side))
            out = io.BytesIO()
            picture.save(out, format="JPEG", quality=85)
    except Exception:  # Pillow raises many kinds of errors on bad input; any of them means "not a picture"
        return None
    return out.getvalue()


@transaction.atomic
def staffmember_photo_set(*, member: StaffMember, upload) -> StaffMember:
    """Put a new photo on the file (the old one's file is removed once the change is saved)."""
    limit = settings.STAFF_PHOTO_MAX_BYTES
    too_big = _("The photo is larger than %(size)s MB; send a smaller one.") % {"size": f"{limit / 1024 / 1024:g}"}
    if (getattr(upload, "size", 0) or 0) > limit:
        raise ValidationError({"photo": too_big})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"photo": too_big})
    content = _reencoded(data) if data else None
    if content is None:
        raise ValidationError({"photo": _("This file is not a picture (JPEG, PNG or WebP), whatever its name says.")})
    old = member.photo.name
    # A random stored name: nothing in it says whose photo it is.
    member.photo.save(f"{secrets.token_hex(16)}.jpg", ContentFile(content), save=False)
    member.save(update_fields=["photo"])
    if old:
        storage = member.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return member
