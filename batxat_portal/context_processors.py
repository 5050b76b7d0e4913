from django.conf import settings
from django.utils.translation import gettext as _

from batxat_portal.navigation import menu_for


def portal(request):
    """Per-page furniture: the person's menu, built from their permissions only."""
    user = getattr(request, "user", None)
    return {
        "menu_items": menu_for(user) if user is not None else [],
        "portal_name": settings.PORTAL_NAME or _("Bát Xát civil servant quality portal"),
    }
