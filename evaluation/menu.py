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
]
