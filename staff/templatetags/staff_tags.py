from django import template

from staff.roles import role_label as _role_label
from staff.selectors.discipline import with_violation_years as _with_violation_years

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    return _role_label(group_name)


@register.simple_tag
def with_violation_years(rows):
    """A file's discipline decisions, each with the evaluation year its violation counts in (no query)."""
    return _with_violation_years(rows)
