"""Each app plugs into project-wide features through optional modules: menu.py, demo/ (demo data and generators)
and demo/bench.py (speed measurements)."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> Iterator[ModuleType]:
    """`<app>.<module_name>` of every installed app that has one, in INSTALLED_APPS order (`module_name` may be
    dotted: "demo.bench")."""
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        try:
            yield import_module(dotted)
        except ModuleNotFoundError as error:
            # Missing: the module or one of the packages on its way. Anything else missing is a real error.
            if error.name is None or not (dotted == error.name or dotted.startswith(f"{error.name}.")):
                raise
            if not error.name.startswith(f"{config.name}."):
                raise
