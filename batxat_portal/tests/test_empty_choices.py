"""No drop-down list says Django's "---------": a filter's empty choice reads "Tất cả", a form's "— chọn —".

test_url_walk.py reads every page of the walk for it; this test reads every form class of the apps, so that a form the
walk renders only after a failed POST (or one added later) is caught too.
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

from django import forms
from django.conf import settings

from batxat_portal.forms import DJANGO_EMPTY_CHOICE, NamedEmptyChoices
from batxat_portal.widgets import SearchSelect
from staff.forms import OrgUnitForm, StaffFilterForm
from staff.models import OrgUnit

APPS = ("batxat_portal", "staff", "evaluation", "feedback")


def _form_classes():
    for app in APPS:
        names = [f"{app}.forms"] + [f"{app}.forms.{module.name}"
                                    for module in pkgutil.iter_modules([str(Path(settings.BASE_DIR) / app / "forms")])]
        for name in names:
            module = importlib.import_module(name)
            for _name, form_class in inspect.getmembers(module, inspect.isclass):
                if issubclass(form_class, forms.BaseForm) and form_class.__module__.startswith(app):
                    yield form_class


def _shows_django_s_empty_choice(field) -> bool:
    if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.HiddenInput | SearchSelect):
        return False
    if isinstance(field, forms.ModelChoiceField):
        return field.empty_label == DJANGO_EMPTY_CHOICE
    if isinstance(field, forms.ChoiceField):
        return any(str(label) == DJANGO_EMPTY_CHOICE for _value, label in field.choices)
    return False


def test_every_form_with_a_drop_down_list_names_its_empty_choice():
    forms_found = list(_form_classes())
    assert len(forms_found) > 20, "the forms are no longer found"
    dashed = sorted(form_class.__qualname__ for form_class in forms_found
                    if not issubclass(form_class, NamedEmptyChoices)
                    and any(_shows_django_s_empty_choice(field) for field in form_class.base_fields.values()))
    assert not dashed, f"make these NamedEmptyChoices forms, or name their empty choices: {dashed}"


def test_a_form_s_empty_choice_says_choose_and_a_filter_s_says_all(db):
    html = str(OrgUnitForm(units_in_scope=OrgUnit.objects.none()))
    assert DJANGO_EMPTY_CHOICE not in html
    assert "— chọn —" in html
    filters = str(StaffFilterForm(units=OrgUnit.objects.none(), positions=OrgUnit.objects.none()))
    assert DJANGO_EMPTY_CHOICE not in filters
    assert '<option value="" selected>Tất cả</option>' in filters
