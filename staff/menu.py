from django.utils.translation import gettext_lazy as _

from batxat_portal.navigation import MenuItem, MenuSection

SECTIONS = [
    MenuSection(key="staff", label=_("Staff"), icon="person-vcard", order=5),
    MenuSection(key="organisation", label=_("Organisation"), icon="diagram-3", order=60),
]

MENU = [
    MenuItem(
        label=_("Staff"), url_name="staff:staff_list", permission="staff.view_staffmember", icon="person-vcard",
        description=_("Every civil servant's file: search, filter, export, edit."), order=5, section="staff",
    ),
    MenuItem(
        label=_("Forecasts"), url_name="staff:forecast", permission="staff.view_staffmember", icon="calendar-event",
        description=_("Who retires and whose salary step is due in the coming months."), order=20,
        section="staff",
    ),
    MenuItem(
        label=_("Statistics"), url_name="staff:statistics", permission="staff.view_staffmember", icon="table",
        description=_("Head counts by rank, education, age, gender, ethnicity and category, on any date."),
        order=22, section="staff",
    ),
    MenuItem(
        label=_("Job positions"), url_name="staff:position_list", permission="staff.view_jobposition",
        icon="briefcase", description=_("Positions, their requirements and approved headcount."), order=25,
        section="organisation",
    ),
    MenuItem(
        label=_("Ranks and salary scales"), url_name="staff:rank_list", permission="staff.view_rank",
        icon="bar-chart-steps", description=_("Civil-service ranks, their codes and salary coefficients."), order=27,
        section="organisation",
    ),
    MenuItem(
        label=_("Correction requests"), url_name="staff:correction_list",
        permission="staff.change_correctionrequest", icon="pencil-square",
        description=_("Staff ask to correct their files; approve or reject."), order=30, section="staff",
    ),
    MenuItem(
        label=_("My file"), url_name="staff:my_file", permission=None, icon="person-badge",
        description=_("Your own file, and requests to correct it."), order=80,
    ),
    MenuItem(
        label=_("Org units"), url_name="staff:orgunit_list", permission="staff.view_orgunit",
        icon="diagram-3", description=_("The organisation tree, with dissolved and merged units."), order=10,
        section="organisation",
    ),
    MenuItem(
        label=_("Accounts and roles"), url_name="staff:user_list", permission="staff.view_user",
        icon="people", description=_("Create accounts, give roles and the units each person sees."), order=90,
        section="organisation",
    ),
]
