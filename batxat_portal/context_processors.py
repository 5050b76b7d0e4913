from django.conf import settings
from django.utils.translation import gettext as _

from batxat_portal.navigation import menu_for, menu_tree


def portal(request):
    """Per-page furniture: the person's menu, built from their permissions only."""
    user = getattr(request, "user", None)
    items = menu_for(user) if user is not None else []
    return {
        "menu_items": items,
        "menu_tree": menu_tree(items),
        "portal_name": settings.PORTAL_NAME or _("Bát Xát civil servant quality portal"),
    }
