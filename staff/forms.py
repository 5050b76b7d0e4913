from django import forms
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from batxat_portal.widgets import SearchSelect
from staff.models import OrgUnit, User
from staff.roles import ROLES


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input: the format every Vietnamese form uses."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", **(attrs or {})}, format="%d/%m/%Y")


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "level", "code", "parent", "valid_from", "valid_to", "successors"]
        widgets = {
            "parent": SearchSelect(search_url=reverse_lazy("staff:orgunit_search")),
            "successors": SearchSelect(search_url=reverse_lazy("staff:orgunit_search"), multiple=True),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }

    def __init__(self, *args, units_in_scope, may_add_roots=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_add_roots = may_add_roots
        # A person may only hang units under, and link successors among, the units they see.
        self.fields["parent"].queryset = units_in_scope
        self.fields["successors"].queryset = units_in_scope
        self.fields["parent"].widget.choices = self.fields["parent"].choices
        self.fields["successors"].widget.choices = self.fields["successors"].choices

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is None and not self.may_add_roots:
            raise forms.ValidationError(_("Choose the unit this one belongs to."))
        return parent

    def clean_successors(self):
        successors = self.cleaned_data["successors"]
        if self.instance.pk and any(unit.pk == self.instance.pk for unit in successors):
            raise forms.ValidationError(_("A unit cannot succeed itself."))
        return successors


class OrgUnitFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("All")), ("current", _("In operation today")), ("ended", _("Dissolved or merged"))]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


def _role_choices():
    return [(name, role.label) for name, role in ROLES.items()]


class UserForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=_role_choices, required=False, widget=forms.CheckboxSelectMultiple,
    )
    password = forms.CharField(
        label=_("Initial password"), required=False, strip=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to let the person set one through “Forgot password”."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "is_active", "org_units"]
        widgets = {"org_units": SearchSelect(search_url=reverse_lazy("staff:orgunit_search"), multiple=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_units"].queryset = OrgUnit.objects.all()
        self.fields["org_units"].widget.choices = self.fields["org_units"].choices
        if self.instance.pk:
            self.fields.pop("password")
            self.initial["roles"] = list(self.instance.groups.values_list("name", flat=True))
        self.fields["email"].required = True

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, self.instance)
        return password

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        known = set(Group.objects.filter(name__in=roles).values_list("name", flat=True))
        missing = [role for role in roles if role not in known]
        if missing:
            raise forms.ValidationError(_("Roles are not set up yet; run “manage.py sync_roles”."))
        return roles


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=lambda: [("", _("All roles")), *_role_choices()])
