"""Each app plugs into project-wide features through optional modules: menu.py, demo.py, bench.py."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> Iterator[ModuleType]:
    """`<app>.<module_name>` of every installed app that has one, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        try:
            yield import_module(dotted)
        except ModuleNotFoundError as error:
            if error.name != dotted:
                raise  # the module exists but something it imports is missing
