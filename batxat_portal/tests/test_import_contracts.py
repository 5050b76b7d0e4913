"""The import contracts `make lint` checks (.importlinter) cover every app of the project, including one added later.

import-linter itself runs in `make lint`; these tests make sure a new app cannot slip past the contracts by not
being listed in them (docs/adding-an-app.md, "Import contracts").
"""

import configparser
from pathlib import Path

from django.apps import apps
from django.conf import settings

CONFIG = Path(settings.BASE_DIR) / ".importlinter"
BASE_APPS = {"batxat_portal", "staff"}  # the project with its shared helpers, and the app every other one needs
READS_EVERYTHING = {"quality"}  # reads all domain apps; nobody reads it


def _config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    assert parser.read(CONFIG, encoding="utf-8"), f"{CONFIG} is missing"
    return parser


def _listed(section: str, key: str) -> set[str]:
    return {line.strip() for line in _config()[section][key].splitlines() if line.strip()}


def _project_apps() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    return {config.name for config in apps.get_app_configs()
            if Path(config.path).resolve().is_relative_to(base) and ".venv" not in Path(config.path).parts}


def test_every_app_of_the_project_is_a_root_package_of_the_contracts():
    assert _listed("importlinter", "root_packages") == _project_apps()


def test_every_domain_app_is_independent_of_the_others_and_kept_out_of_staff():
    domain = _project_apps() - BASE_APPS - READS_EVERYTHING
    assert domain <= _listed("importlinter:contract:domain-apps-independent", "modules")
    assert domain <= _listed("importlinter:contract:staff-is-the-base", "forbidden_modules")
    assert domain <= _listed("importlinter:contract:shared-helpers-import-no-app", "forbidden_modules")


def test_every_app_is_forbidden_to_import_quality():
    assert _project_apps() - READS_EVERYTHING <= _listed("importlinter:contract:nobody-imports-quality",
                                                          "source_modules")


def test_every_rules_package_is_held_to_the_pure_contract():
    rules = {f"{name}.rules" for name in _project_apps()
             if (Path(apps.get_app_config(name.rsplit(".", 1)[-1]).path) / "rules").is_dir()}
    assert rules
    assert rules <= _listed("importlinter:contract:rules-are-pure", "source_modules")
    assert "django" in _listed("importlinter:contract:rules-are-pure", "forbidden_modules")
