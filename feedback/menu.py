from django.utils.translation import gettext_lazy as _

from batxat_portal.navigation import MenuItem, MenuSection, PublicEntry  # noqa: F401

SECTIONS = [MenuSection(key="feedback", label=_("Citizen feedback"), icon="chat-square-text", order=40)]

MENU = [
]

PUBLIC = [
]
