from django.utils.translation import gettext_lazy as _

from batxat_portal.navigation import MenuItem, MenuSection

SECTIONS = [MenuSection(key="evaluation", label=_("Evaluation"), icon="clipboard-check", order=30)]

MENU = [
    MenuItem(
        label=_("Evaluation years"), url_name="evaluation:year_list", permission="evaluation.view_evaluationyear",
        icon="calendar3", description=_("Open a year, its periods and task groups; track work month by month."),
        order=30, section="evaluation",
    ),
    MenuItem(
        label=_("Alerts"), url_name="evaluation:alerts", permission="evaluation.view_yearresult",
        icon="exclamation-triangle", description=_("People rated “not completed”, and two years running."),
        order=32, section="evaluation",
    ),
    MenuItem(
        label=_("Appeals"), url_name="evaluation:appeal_list", permission="evaluation.decide_appeal",
        icon="chat-left-quote", description=_("Appeals against year results, and their decisions."),
        order=33, section="evaluation",
    ),
    MenuItem(
        label=_("Published results"), url_name="evaluation:published", permission=None, icon="megaphone",
        description=_("The year results published inside your agency."), order=34, section="evaluation",
    ),
    MenuItem(
        label=_("My work"), url_name="evaluation:my_work", permission=None, icon="list-check",
        description=_("The work products assigned to you and your results."), order=31, section="evaluation",
    ),
    # After "My work" (same order: the sort keeps the declared order).
    MenuItem(
        label=_("My self-review"), url_name="evaluation:my_self_review", permission=None, icon="person-check",
        description=_("Write your year-end self-review and propose your level."), order=31, section="evaluation",
    ),
    MenuItem(
        label=_("360-degree reviews"), url_name="evaluation:review_list", permission="evaluation.view_reviewrequest",
        icon="people", description=_("Ask peers, subordinates and others to review a person; read the results by "
                                     "group."), order=35, section="evaluation",
    ),
    MenuItem(
        label=_("Reviews asked of me"), url_name="evaluation:review_mine", permission=None, icon="chat-square-text",
        description=_("Answer the 360-degree reviews asked of you, and read the results of yours."), order=36,
        section="evaluation",
    ),
]


def todos(user) -> list:
    """The 360-degree reviews waiting for the person's answer, for the home page (one query)."""
    from django.urls import reverse
    from django.utils import timezone

    from batxat_portal.navigation import Todo
    from evaluation import selectors

    invitations = selectors.own_review_invitations(user=user, today=timezone.localdate())[:20]
    return [Todo(label=_("Answer the 360-degree review of %(name)s") % {"name": invitation.request.subject.full_name},
                 url=reverse("evaluation:review_answer", kwargs={"pk": invitation.pk}),
                 due=invitation.request.deadline) for invitation in invitations]
