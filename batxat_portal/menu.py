from django.utils.translation import gettext_lazy as _

from batxat_portal.navigation import MenuItem

# In the "Organisation" section (staff/menu.py), beside the other set-up pages HR and the administrator keep.
MENU = [
    MenuItem(
        label=_("Holidays and working days"), url_name="calendar_list", permission="batxat_portal.view_calendarday",
        icon="calendar-week", description=_("Public holidays, Tết and make-up working days: what deadlines in "
                                            "working days skip or count."), order=28, section="organisation",
    ),
]
