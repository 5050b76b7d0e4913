"""Absolute addresses for what leaves the portal (mails, printed cards): PORTAL_BASE_URL in front of a path."""

from django.conf import settings


def portal_url(path: str, request=None) -> str:
    """The portal's public address + `path`; without PORTAL_BASE_URL, the host of `request` (or the bare path)."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    if base or request is None:
        return f"{base}{path}"
    return request.build_absolute_uri(path)
