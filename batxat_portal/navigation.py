"""Menu entries, declared by each app in its `menu.py` as `MENU = [MenuItem(...)]`.

The menu a person sees is the entries whose permission they hold: same cost at 100 staff or 100,000
(the permission check reads the person's permissions once per request).
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.urls import reverse

from batxat_portal.app_modules import app_modules


@dataclass(frozen=True)
class MenuSection:
    """A dropdown of the main menu; sections keep the bar short as apps add pages."""

    key: str
    label: str
    icon: str = "circle"
    order: int = 100
    bar_label: str = ""  # a shorter name on the bar, which must fit on one line at 1366 px; empty: the label


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str | None = None  # None: every signed-in person
    icon: str = "circle"
    description: str = ""
    order: int = 100
    section: str = ""  # the key of a MenuSection; empty: on the bar itself

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


def menu_tree(items: list[MenuItem]) -> list[dict]:
    """The bar: each section the person has a page in becomes a dropdown; a section of one page stays a link."""
    sections = {section.key: section for section in _declared("SECTIONS")}
    entries, by_section = [], {}
    for item in items:
        if item.section in sections:
            if item.section not in by_section:
                by_section[item.section] = {"section": sections[item.section], "items": [],
                                            "order": sections[item.section].order}
                entries.append(by_section[item.section])
            by_section[item.section]["items"].append(item)
        else:
            entries.append({"section": None, "items": [item], "order": item.order})
    return sorted(entries, key=lambda entry: entry["order"])


def public_entries() -> list[PublicEntry]:
    return list(_declared("PUBLIC"))


@dataclass(frozen=True)
class Todo:
    """A task waiting for the person, shown on their home page; an app lists them in its menu.py as
    `todos(user) -> list[Todo]`, in a fixed number of queries."""

    label: str
    url: str
    due: date | None = None


@cache
def _todo_sources() -> tuple:
    return tuple(module.todos for module in app_modules("menu") if callable(getattr(module, "todos", None)))


def todos_for(user) -> list[Todo]:
    """Every app's tasks for the person, the soonest due first."""
    if not user.is_authenticated:
        return []
    items = [todo for source in _todo_sources() for todo in source(user)]
    return sorted(items, key=lambda todo: (todo.due is None, todo.due or date.max))
