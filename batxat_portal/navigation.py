"""Menu entries, declared by each app in its `menu.py` as `MENU = [MenuItem(...)]`.

The menu a person sees is the entries whose permission they hold: same cost at 100 staff or 100,000
(the permission check reads the person's permissions once per request).
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse


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
    items = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.menu")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.menu":
                raise
            continue
        items.extend(getattr(module, attribute, []))
    return tuple(sorted(items, key=lambda item: item.order))


def menu_for(user) -> list[MenuItem]:
    if not user.is_authenticated:
        return []
    return [item for item in _declared("MENU") if item.permission is None or user.has_perm(item.permission)]


def public_entries() -> list[PublicEntry]:
    return list(_declared("PUBLIC"))
