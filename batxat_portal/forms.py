import re

from django.core.exceptions import ValidationError

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
