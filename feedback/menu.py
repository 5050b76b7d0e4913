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
    PublicEntry(label=_("Send feedback"), url_name="feedback:public_send", icon="chat-square-text", order=10,
                description=_("Report a problem, make a proposal, praise or complain about a service, without "
                              "an account. You get a tracking code.")),
    PublicEntry(label=_("Follow your feedback"), url_name="feedback:public_track", icon="search", order=11,
                description=_("Type your tracking code to see where your feedback stands and read the answer.")),
]
