"""Forms of the handlers' pages: the queue's filters and one small form per step of a case (input shape only)."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from batxat_portal.widgets import DateInput, SearchSelect
from feedback.models import Feedback, Kind
from staff.models import OrgUnit, User

NOTE_MAX = 2000


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Tracking code or words"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Still to handle")), ("all", _("Every status")), *Feedback.Status.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Every kind")), *Kind.choices])
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=OrgUnit.objects.none(),
                                  widget=SearchSelect(search_url=reverse_lazy("feedback:handling_unit_search")))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sign_off = forms.BooleanField(label=_("Answers waiting for sign-off"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.choices = self.fields["unit"].choices


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices,
                             help_text=_("The answer deadline is recomputed for the new kind."))
    is_complex = forms.BooleanField(label=_("A complex complaint (longer legal deadline)"), required=False)


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DateInput(),
                                  help_text=_("The complaint's time limit runs from this day (Law on Complaints)."))
    is_complex = forms.BooleanField(label=_("A complex complaint (longer legal deadline)"), required=False)
    note = forms.CharField(label=_("Note to the citizen (optional)"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))


class OverdueComplaintForm(forms.Form):
    note = forms.CharField(label=_("What the citizen said, and how (kept in the history)"), required=False,
                           max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Such a case counts against the unit's feedback satisfaction (QĐ 766)."))


class SpamForm(forms.Form):
    note = forms.CharField(label=_("Why (kept in the history)"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DuplicateForm(forms.Form):
    original_code = forms.CharField(label=_("Tracking code of the original case"), max_length=24,
                                    help_text=_("This case closes and points to the original; the original's "
                                                "history notes it."))


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(),
                                  widget=SearchSelect(search_url=reverse_lazy("feedback:handling_unit_search")),
                                  help_text=_("Type part of the unit's name."))
    officer = forms.ModelChoiceField(label=_("Officer (optional)"), required=False, queryset=User.objects.none(),
                                     widget=SearchSelect(search_url=reverse_lazy("feedback:handling_officer_search")),
                                     help_text=_("An account that handles feedback of that unit."))
    note = forms.CharField(label=_("Note (kept in the history)"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.choices = self.fields["unit"].choices
        self.fields["officer"].queryset = officers
        self.fields["officer"].widget.choices = self.fields["officer"].choices


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(label=_("Forwarded to"), max_length=300,
                                   help_text=_("The competent authority, e.g. “UBND tỉnh Lào Cai”."))
    note = forms.CharField(label=_("Message to the citizen (optional)"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RequestInfoForm(forms.Form):
    question = forms.CharField(label=_("Question to the citizen"), max_length=NOTE_MAX,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Shown on their tracking page, and mailed if they gave an email."))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Published on the citizen's tracking page, and mailed if they gave an "
                                       "email."))


class ReturnAnswerForm(forms.Form):
    reason = forms.CharField(label=_("What must change (kept in the history, not shown to the citizen)"),
                             max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note to the citizen (optional)"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))
