from django import forms, template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from staff.roles import role_label as _role_label

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    return _role_label(group_name)


@register.simple_tag
def filter_field(bound_field) -> str:
    """A filter's label and control in Bootstrap's markup. A <select> is written here in one pass: crispy renders
    each <option> through a template of its own, about 105 a request on the staff list."""
    field = bound_field.field
    control_id = bound_field.id_for_label
    errors = format_html_join("", '<div class="invalid-feedback d-block">{}</div>',
                              ((error,) for error in bound_field.errors))
    invalid = " is-invalid" if bound_field.errors else ""
    if isinstance(field.widget, forms.Select) and not field.widget.allow_multiple_selected:
        value = bound_field.value()
        chosen = "" if value is None else str(value)
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (choice, " selected" if str(choice) == chosen else "", label) for choice, label in field.choices))
        control = format_html('<select name="{}" id="{}" class="form-select{}">{}</select>',
                              bound_field.html_name, control_id, invalid, options)
    elif isinstance(field.widget, forms.TextInput):
        control = bound_field.as_widget(attrs={"class": f"form-control{invalid}"})
    else:
        control = bound_field.as_widget()
    return format_html('<div class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
                       control_id, bound_field.label, control, errors)


@register.simple_tag
def staff_rows(members) -> str:
    """The staff list's rows, written in one pass: 50 rows of template tags cost more than the query that reads
    them. The columns are those of the table head in staff/staffmember_list.html."""
    step = gettext("step")
    rows = []
    for member in members:
        title = (format_html('<div class="small text-body-secondary">{}</div>', member.get_leadership_title_display())
                 if member.leadership_title else "")
        if member.rank_id is None:
            rank = "—"
        elif member.salary_step:
            rank = format_html("{}, {} {}", member.rank.name, step, member.salary_step)
        else:
            rank = member.rank.name
        rows.append(format_html(
            '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td>{}</td><td class="d-none d-md-table-cell">{}</td>'
            '<td class="d-none d-lg-table-cell">{}</td><td class="d-none d-lg-table-cell">{}</td></tr>',
            reverse("staff:staff_detail", kwargs={"pk": member.pk}), member.full_name, title,
            date_format(member.date_of_birth, "SHORT_DATE_FORMAT"), member.org_unit.name,
            member.position.name if member.position_id else "—", rank, member.get_status_display()))
    return mark_safe("\n".join(rows))  # noqa: S308 - every part went through format_html
