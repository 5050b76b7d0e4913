from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from batxat_portal.navigation import MenuItem, MenuSection, PublicEntry  # noqa: F401

SECTIONS = [MenuSection(key="feedback", label=_("Citizen feedback"), icon="chat-square-text", order=40,
                        bar_label=pgettext_lazy("menu bar", "Feedback"))]

MENU = [
    MenuItem(
        label=_("Feedback to handle"), url_name="feedback:queue", permission="feedback.view_feedback",
        icon="inbox", description=_("Citizens' feedback in your units: triage, assign, answer on time."),
        order=40, section="feedback",
    ),
    MenuItem(
        label=_("Officers' rating links"), url_name="feedback:ratinglink_list", permission="feedback.view_ratinglink",
        icon="qr-code", description=_("Each officer's short link and QR card for citizens to rate the service."),
        order=44, section="feedback",
    ),
    MenuItem(
        label=_("Surveys"), url_name="feedback:survey_list", permission="feedback.view_survey",
        icon="clipboard-check", description=_("Satisfaction surveys: build, publish by link or QR code, read results."),
        order=45, section="feedback",
    ),
    MenuItem(label=_("My service ratings"), url_name="feedback:rating_mine", icon="star-half", order=46,
             section="feedback"),
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
    PublicEntry(label=_("Surveys"), url_name="feedback:survey_public_list", icon="clipboard-check", order=30,
                description=_("Answer a short satisfaction survey of the People's Committee.")),
]


def todos(user) -> list:
    """For those who handle feedback: one line with the overdue and unassigned cases of their units (one query)."""
    if not user.has_perm("feedback.handle_feedback"):
        return []
    from django.urls import reverse
    from django.utils import timezone

    from batxat_portal.navigation import Todo
    from feedback.selectors import handling

    summary = handling.queue_summary(user=user, today=timezone.localdate())
    if not summary["overdue"] and not summary["unassigned"]:
        return []
    return [Todo(label=_("Citizen feedback: %(overdue)s overdue, %(unassigned)s not yet assigned") % summary,
                 url=reverse("feedback:queue"), due=summary["next_due"])]
