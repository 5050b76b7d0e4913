from staff.views.org import *  # noqa: F403
from staff.views.people import *  # noqa: F403
