from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import EvaluationYear, TaskGroup, WorkItem
from staff.forms import DateInput
from staff.models import OrgUnit, StaffMember


class EvaluationYearForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    period_kind = forms.ChoiceField(label=_("Track work"), choices=EvaluationYear.PeriodKind.choices)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class TaskGroupForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=StaffMember.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = TaskGroup
        fields = ["name", "description"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people


class WorkItemForm(forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = ["staff_member", "title", "coefficient", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = people


class ReviewForm(forms.Form):
    passed = forms.TypedChoiceField(label=_("Result"), coerce=lambda value: value == "1", widget=forms.RadioSelect,
                                    choices=[("1", _("Meets the standard")), ("0", _("Does not meet it"))])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    objective_cause = forms.BooleanField(label=_("Failed for an objective reason, not the officer's"),
                                         required=False)


class GeneralPointsForm(forms.Form):
    staff_member = forms.ModelChoiceField(queryset=StaffMember.objects.none(), widget=forms.HiddenInput)
    points = forms.DecimalField(label=_("General criteria points"), min_value=0, max_value=100, decimal_places=2)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = people
