"""Writes of the staff app: `services.<entity>_<action>(...)`."""

from staff.services.org import (
    orgunit_create,
    orgunit_update,
    roles_sync,
    sign_in_lock_lift,
    user_create,
    user_unlock,
    user_update,
)
from staff.services.people import (
    correction_decide,
    correction_submit,
    rank_save,
    record_delete,
    record_save,
    staffmember_create,
    staffmember_refresh,
    staffmember_update,
)
from staff.services.photos import staffmember_photo_set

__all__ = [
    "correction_decide", "correction_submit", "orgunit_create", "orgunit_update", "rank_save", "record_delete",
    "record_save",
    "roles_sync", "sign_in_lock_lift",
    "staffmember_create", "staffmember_photo_set", "staffmember_refresh", "staffmember_update", "user_create",
    "user_unlock",
    "user_update",
]
