from django.utils.translation import gettext_lazy as _

from batxat_portal.navigation import MenuItem

MENU = [
    MenuItem(
        label=_("Org units"), url_name="staff:orgunit_list", permission="staff.view_orgunit",
        icon="diagram-3", description=_("The organisation tree, with dissolved and merged units."), order=10,
    ),
    MenuItem(
        label=_("Accounts and roles"), url_name="staff:user_list", permission="staff.view_user",
        icon="people", description=_("Create accounts, give roles and the units each person sees."), order=90,
    ),
]
