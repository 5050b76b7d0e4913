"""Menu entries, declared by each app in its `menu.py` as `MENU = [MenuItem(...)]`.

The menu a person sees is the entries whose permission they hold: same cost at 100 staff or 100,000
(the permission check reads the person's permissions once per request).
"""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from batxat_portal.app_modules import app_modules


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str | None = None  # None: every signed-in person
    icon: str = "circle"
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class PublicEntry:
    """A service a citizen can use without an account, shown on the public home page."""

    label: str
    url_name: str
    description: str
    icon: str = "circle"
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@cache
def _declared(attribute: str) -> tuple:
    items = [item for module in app_modules("menu") for item in getattr(module, attribute, [])]
    return tuple(sorted(items, key=lambda item: item.order))


def menu_for(user) -> list[MenuItem]:
    if not user.is_authenticated:
        return []
    return [item for item in _declared("MENU") if item.permission is None or user.has_perm(item.permission)]


def public_entries() -> list[PublicEntry]:
    return list(_declared("PUBLIC"))
