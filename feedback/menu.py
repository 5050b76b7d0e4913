from django.utils.translation import gettext_lazy as _

from batxat_portal.navigation import MenuItem, MenuSection, PublicEntry  # noqa: F401

SECTIONS = [MenuSection(key="feedback", label=_("Citizen feedback"), icon="chat-square-text", order=40)]

MENU = [
    MenuItem(
        label=_("Feedback ratios"), url_name="feedback:ratios", permission="feedback.view_feedback_ratios",
        icon="graph-up", description=_("QĐ 766 ratios per unit and month, and each officer's satisfaction."),
        order=47, section="feedback",
    ),
]

PUBLIC = [
]
