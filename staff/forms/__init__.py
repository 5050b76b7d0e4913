from django import forms
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from batxat_portal.forms import NamedEmptyChoices
from batxat_portal.widgets import DateInput, SearchSelect
from staff.choices import (
    ETHNICITIES,
    Category,
    EducationLevel,
    Gender,
    LeadershipTitle,
    QualificationKind,
    Status,
)
from staff.models import (
    Assignment,
    Discipline,
    JobPosition,
    Leave,
    OrgUnit,
    Qualification,
    Rank,
    Reward,
    SalaryRecord,
    SalaryStep,
    StaffMember,
    SupportPolicy,
    User,
)
from staff.roles import ROLES


class OrgUnitForm(NamedEmptyChoices, forms.ModelForm):
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


class SignInLockLiftForm(forms.Form):
    """Which lock to lift: a pair (user name and address), or a whole address when the name is empty."""

    ip_address = forms.GenericIPAddressField(label=_("Address"))
    username = forms.CharField(label=_("User name"), required=False, max_length=255)


# The staff list's search box shows how to search: the start of the words of a name, without accents. The demo's
# HR officer finds people with it (staff/tests/test_demo_people.py).
NAME_SEARCH_EXAMPLE = "nguyen thi"


class StaffFilterForm(forms.Form):
    """The staff list's filters; every field is optional and an unknown value is simply ignored."""

    q = forms.CharField(label=_("Full name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": format_lazy(_("e.g. {example}"),
                                                                                example=NAME_SEARCH_EXAMPLE)}))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  widget=SearchSelect(search_url=reverse_lazy("staff:orgunit_search")))
    position = forms.ModelChoiceField(label=_("Job position"), queryset=JobPosition.objects.none(), required=False,
                                      widget=SearchSelect(search_url=reverse_lazy("staff:position_search")))
    rank = forms.ModelChoiceField(label=_("Rank"), queryset=Rank.objects.all(), required=False, empty_label=_("All"))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *Category.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    education_level = forms.TypedChoiceField(label=_("Education"), required=False, coerce=int, empty_value=None,
                                             choices=[("", _("All")), *EducationLevel.choices])
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False, choices=[("", _("All")), *ETHNICITIES])
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("All")), *Gender.choices])
    age_band = forms.ChoiceField(label=_("Age"), required=False, choices=[
        ("", _("All")), ("under30", _("Under 30")), ("30-39", "30–39"), ("40-49", "40–49"), ("50-54", "50–54"),
        ("55plus", _("55 and over"))])
    leadership_title = forms.ChoiceField(label=_("Leadership title"), required=False,
                                         choices=[("", _("All")), *LeadershipTitle.choices[1:]])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("name", _("Name")), ("-name", _("Name, Z to A")), ("birth", _("Oldest first")),
        ("-birth", _("Youngest first")), ("unit", _("Unit")), ("rank", _("Rank")),
        ("retirement", _("Retirement date"))])

    def __init__(self, *args, units, positions, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units and positions the person sees; chosen by typing, never a list of every row.
        for name, queryset in (("unit", units), ("position", positions)):
            self.fields[name].queryset = queryset
            self.fields[name].widget.choices = self.fields[name].choices


class StaffMemberForm(NamedEmptyChoices, forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "full_name", "gender", "date_of_birth", "ethnicity", "religion", "id_number", "place_of_birth",
            "hometown", "phone", "email", "address", "category", "status", "org_unit", "position",
            "leadership_title", "joined_service_on", "left_service_on", "rank", "salary_step", "step_since",
            "user", "notes",
        ]
        widgets = {
            "date_of_birth": DateInput(), "joined_service_on": DateInput(), "left_service_on": DateInput(),
            "step_since": DateInput(), "notes": forms.Textarea(attrs={"rows": 3}),
            "org_unit": SearchSelect(search_url=reverse_lazy("staff:orgunit_search")),
            "user": SearchSelect(search_url=reverse_lazy("staff:user_search")),
            "position": SearchSelect(search_url=reverse_lazy("staff:position_search")),
        }

    def __init__(self, *args, units_in_scope, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_in_scope
        self.fields["org_unit"].widget.choices = self.fields["org_unit"].choices
        self.fields["position"].queryset = positions
        self.fields["position"].widget.choices = self.fields["position"].choices
        self.fields["user"].queryset = User.objects.filter(is_active=True)
        self.fields["user"].widget.choices = self.fields["user"].choices
        self.fields["rank"].queryset = Rank.objects.filter(is_active=True)

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


RECORD_FIELDS = {
    "qualification": (Qualification, ["kind", "level", "name", "field", "institution", "awarded_on", "certificate_no"]),
    "assignment": (Assignment, ["kind", "org_unit", "position", "title", "start_date", "end_date", "decision_no",
                                "note"]),
    "leave": (Leave, ["kind", "start_date", "end_date", "note"]),
    "reward": (Reward, ["title", "level", "decided_on", "decision_no", "reason"]),
    "discipline": (Discipline, ["form", "effective_on", "decision_no", "issuer", "reason", "same_violation_as"]),
    "salary": (SalaryRecord, ["rank", "salary_step", "start_date", "decision_no", "note"]),
    "support": (SupportPolicy, ["kind", "description", "amount", "start_date", "end_date", "decision_no"]),
}
DATE_FIELDS = {"awarded_on", "start_date", "end_date", "decided_on", "effective_on"}


def record_form_class(kind: str) -> type[forms.ModelForm]:
    """The form for one kind of row of a file (qualification, assignment, …)."""
    model, fields = RECORD_FIELDS[kind]
    # Chosen by the kind of row, not by its fields: a reward has a "level" too, of another sort.
    is_qualification = kind == "qualification"
    widgets = {name: DateInput() for name in fields if name in DATE_FIELDS}
    if "org_unit" in fields:
        widgets["org_unit"] = SearchSelect(search_url=reverse_lazy("staff:orgunit_search"))

    class RecordForm(NamedEmptyChoices, forms.ModelForm):
        class Meta:
            pass

        Meta.model, Meta.fields, Meta.widgets = model, fields, widgets

        def __init__(self, *args, units_in_scope=None, **kwargs):
            super().__init__(*args, **kwargs)
            if "org_unit" in self.fields:
                # A career step may be in a unit that has since been dissolved: every unit is allowed.
                self.fields["org_unit"].queryset = OrgUnit.objects.all()
                self.fields["org_unit"].widget.choices = self.fields["org_unit"].choices
                self.fields["position"].queryset = JobPosition.objects.select_related("org_unit")
            if "same_violation_as" in self.fields:
                # Only another decision of the same person can punish the same violation.
                self.fields["same_violation_as"].queryset = Discipline.objects.filter(
                    staff_member_id=self.instance.staff_member_id).exclude(pk=self.instance.pk)
                self.fields["same_violation_as"].empty_label = _("— none: a violation of its own —")
            if is_qualification:
                # One list grouped by kind; a value says both, e.g. "education:4".
                self.fields["level"] = forms.ChoiceField(
                    label=self.fields["level"].label, required=False, help_text=self.fields["level"].help_text,
                    choices=_qualification_level_choices())
                if self.instance.pk and self.instance.kind in Qualification.LEVEL_CHOICES:
                    self.initial["level"] = f"{self.instance.kind}:{self.instance.level}"

        def clean(self):
            cleaned = super().clean()
            if is_qualification and "level" in cleaned:
                kind, _sep, level = (cleaned.get("level") or "").partition(":")
                if kind and kind != cleaned.get("kind"):
                    self.add_error("level", _("This level belongs to another kind of qualification."))
                elif not kind and cleaned.get("kind") in Qualification.LEVEL_CHOICES:
                    self.add_error("level", _("Choose the level reached."))
                cleaned["level"] = int(level) if level else 0
            return cleaned

    return RecordForm


def _qualification_level_choices():
    return [
        ("", "—"),
        *[
            (QualificationKind(kind).label, [(f"{kind}:{value}", label) for value, label in levels.choices if value])
            for kind, levels in Qualification.LEVEL_CHOICES.items()
        ],
    ]


class PositionForm(NamedEmptyChoices, forms.ModelForm):
    class Meta:
        model = JobPosition
        fields = ["org_unit", "code", "name", "group", "description", "competencies", "approved_headcount",
                  "required_rank", "required_education", "required_fields", "required_political_theory",
                  "required_state_management", "requires_it", "requires_foreign_language",
                  "requires_ethnic_language", "is_active"]
        widgets = {"org_unit": SearchSelect(search_url=reverse_lazy("staff:orgunit_search")),
                   "description": forms.Textarea(attrs={"rows": 3}), "competencies": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units_in_scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_in_scope
        self.fields["org_unit"].widget.choices = self.fields["org_unit"].choices


class CorrectionRequestForm(forms.Form):
    field_name = forms.ChoiceField(label=_("What to correct"),
                                   help_text=_("A detail of your file, or one of its rows (a qualification, a career "
                                               "step, a salary step, a reward, a leave…)."))
    proposed_value = forms.CharField(label=_("Correct value"), max_length=300,
                                     help_text=_("Dates as dd/mm/yyyy. For a row, write what it should say, e.g. "
                                                 "“awarded on 15/06/2012, not 15/06/2010”."))
    reason = forms.CharField(label=_("Reason and evidence"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, correctable, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        details = [(name, field.verbose_name.capitalize()) for name, field in correctable.items()]
        self.fields["field_name"].choices = [(_("Personal details"), details), *rows]


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("A JPEG, PNG or WebP picture, like a 4 × 6 cm ID photo."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))


class CorrectionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                     choices=[("1", _("Approve and correct the file")), ("0", _("Reject"))])
    note = forms.CharField(label=_("Answer to the person"), max_length=500, required=False)


class ForecastForm(forms.Form):
    months = forms.TypedChoiceField(label=_("Within"), coerce=int, initial=12, choices=[
        (3, _("3 months")), (6, _("6 months")), (12, _("12 months")), (24, _("24 months")), (36, _("36 months"))])
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  widget=SearchSelect(search_url=reverse_lazy("staff:orgunit_search")))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.choices = self.fields["unit"].choices


class StatisticsForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=DateInput())
    by = forms.ChoiceField(label=_("One row per"), required=False, choices=[
        ("agency", _("agency (departments added up)")), ("unit", _("department or unit"))])


class ImportForm(forms.Form):
    org_unit = forms.ModelChoiceField(
        label=_("Import into"), queryset=OrgUnit.objects.none(),
        widget=SearchSelect(search_url=reverse_lazy("staff:orgunit_search")),
        help_text=_("The agency or department the people in the file belong to."))
    file = forms.FileField(label=_("Excel file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, units_in_scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_in_scope
        self.fields["org_unit"].widget.choices = self.fields["org_unit"].choices


class RankForm(forms.ModelForm):
    class Meta:
        model = Rank
        fields = ["code", "name", "years_per_step", "sort_order", "is_active"]


SalaryStepFormSet = forms.inlineformset_factory(
    Rank, SalaryStep, fields=["step", "coefficient"], extra=1, can_delete=True, min_num=1, validate_min=True)
