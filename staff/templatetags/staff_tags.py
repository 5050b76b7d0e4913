from django import template

from staff.roles import role_label as _role_label

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    return _role_label(group_name)
