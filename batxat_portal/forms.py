import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DJANGO_EMPTY_CHOICE = "---------"

ROW_ID = re.compile(r"[0-9]{1,18}")


def row_id(value) -> int | None:
    """A row's id typed in an address or a form: a whole number of ASCII digits that a database id can hold; anything
    else (letters, signs, superscript digits, a number no column holds) is None and finds nothing."""
    return int(value) if isinstance(value, str | int) and ROW_ID.fullmatch(str(value)) else None


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class NamedEmptyChoices:
    """A form mixin (first among the bases): the empty choice of its drop-down lists says `empty_choice` ("— chọn
    —") instead of Django's "---------"; a filter form says "Tất cả" (All) by giving its fields their own."""

    empty_choice = _("— choose —")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_EMPTY_CHOICE:
                    field.empty_label = self.empty_choice
            elif isinstance(field, forms.ChoiceField):
                choices = list(field.choices)
                if choices and choices[0] == ("", DJANGO_EMPTY_CHOICE):
                    field.choices = [("", self.empty_choice), *choices[1:]]
