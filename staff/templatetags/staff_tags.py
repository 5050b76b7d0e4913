from django import forms, template
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
    them. The columns are those of the table head in staff/staffmember_list.html. The labels of choices, the date
    format and the link are looked up once, not once a row."""
    from staff.models import StaffMember

    step = gettext("step")
    labels = {name: {value: escape(label) for value, label in StaffMember._meta.get_field(name).flatchoices}
              for name in ("status", "leadership_title")}
    short_date = get_format("SHORT_DATE_FORMAT")
    link = reverse("staff:staff_detail", kwargs={"pk": 987654321}).replace("987654321", "{}")
    rows = []
    for member in members:
        title = (f'<div class="small text-body-secondary">{labels["leadership_title"][member.leadership_title]}'
                 "</div>" if member.leadership_title else "")
        if member.rank_id is None:
            rank = "—"
        else:
            rank = escape(member.rank.name) + (f", {step} {member.salary_step}" if member.salary_step else "")
        rows.append(
            f'<tr><td><a href="{link.format(member.pk)}">{escape(member.full_name)}</a>{title}</td>'
            f"<td>{dateformat.format(member.date_of_birth, short_date)}</td><td>{escape(member.org_unit.name)}</td>"
            f'<td class="d-none d-md-table-cell">{escape(member.position.name) if member.position_id else "—"}</td>'
            f'<td class="d-none d-lg-table-cell">{rank}</td>'
            f'<td class="d-none d-lg-table-cell">{labels["status"].get(member.status, "")}</td></tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above went through escape()
