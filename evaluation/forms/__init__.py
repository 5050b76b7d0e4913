from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from batxat_portal.forms import NamedEmptyChoices
from batxat_portal.widgets import DateInput
from evaluation.models import Criterion, EvaluationYear, TaskGroup, WorkItem, YearResult
from staff.models import OrgUnit, StaffMember


class EvaluationYearForm(NamedEmptyChoices, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    period_kind = forms.ChoiceField(label=_("Track work"), choices=EvaluationYear.PeriodKind.choices)
    special_calendar = forms.BooleanField(
        label=_("Special calendar: rate before 15 January of the next year"), required=False)

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


class WorkItemForm(NamedEmptyChoices, forms.ModelForm):
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


LEVEL_CHOICES = [(value, label) for value, label in YearResult.Level.choices if value != "not_classified"]


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(label=_("Self-assessment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Politics and ethics, working style, discipline, and the results of your "
                                       "tasks this year."))
    level = forms.ChoiceField(label=_("The level I propose"), choices=LEVEL_CHOICES)

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        if levels is not None:  # "not classified" alone for a year the rules do not classify
            self.fields["level"].choices = levels


class HeadProposalForm(forms.Form):
    result = forms.ModelChoiceField(queryset=YearResult.objects.none(), widget=forms.HiddenInput)
    # Every choice, "not classified" too: the service checks it against what the rules allow for the person.
    level = forms.ChoiceField(label=_("Proposed level"), choices=YearResult.Level.choices)
    minutes_reference = forms.CharField(label=_("Meeting minutes"), max_length=200)

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].queryset = results


class QuotaExceptionForm(forms.Form):
    task_group = forms.ModelChoiceField(label=_("Task group"), queryset=TaskGroup.objects.none(), required=False,
                                        empty_label=_("People outside any group"))
    granted_by = forms.CharField(label=_("Granted by"), max_length=200)
    decision_no = forms.CharField(label=_("Decision number"), max_length=100)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task_group"].queryset = groups


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("Grounds of the appeal"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 5}))


class AppealDecisionForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda value: value == "1", widget=forms.RadioSelect,
        choices=[("0", _("Reject: the level stands")), ("1", _("Uphold: change the level"))])
    new_level = forms.ChoiceField(label=_("New level"), choices=[("", "—"), *LEVEL_CHOICES], required=False)
    decision = forms.CharField(label=_("Decision and grounds"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}))


class CriterionForm(forms.ModelForm):
    max_points = forms.DecimalField(label=_("Maximum points"), min_value=Decimal("0.01"), max_value=30, max_digits=5,
                                    decimal_places=2)

    class Meta:
        model = Criterion
        fields = ["title", "max_points", "order"]


CriterionFormSet = forms.modelformset_factory(Criterion, form=CriterionForm, extra=2, can_delete=True)


class ResultInputsForm(forms.ModelForm):
    """The inputs of a year result entered by hand; the unit's results only for leaders in NĐ 90/2020 years."""

    unit_targets_met_all = forms.NullBooleanField(
        label=_("The unit met all its targets"), required=False,
        widget=forms.Select(choices=[("", _("Not entered")), ("True", _("Yes")), ("False", _("No"))]))
    unit_share_exceeded = forms.DecimalField(
        label=_("Share of targets exceeded (percent)"), required=False, min_value=0, max_value=100, max_digits=5,
        decimal_places=2, help_text=_("From 0 to 100."))
    unit_share_good = forms.DecimalField(
        label=_("Share of managed units rated good or better (percent)"), required=False, min_value=0,
        max_value=100, max_digits=5, decimal_places=2, help_text=_("From 0 to 100."))

    class Meta:
        model = YearResult
        fields = ["degraded", "managed_unit_corruption", "unit_targets_met_all", "unit_share_exceeded",
                  "unit_share_good", "unit_results_source"]

    def __init__(self, *args, shows_unit_results: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_leader:
            del self.fields["managed_unit_corruption"]
        if not shows_unit_results:
            for name in ("unit_targets_met_all", "unit_share_exceeded", "unit_share_good", "unit_results_source"):
                del self.fields[name]


# --------------------------------------------------------------------------- 360-degree reviews

from django.urls import reverse_lazy  # noqa: E402

from batxat_portal.widgets import SearchSelect  # noqa: E402
from evaluation.models.reviews import (  # noqa: E402
    MAX_COMMENT_CHARS,
    SCALE_CHOICES,
    Question,
    QuestionSet,
    RaterGroup,
    ReviewRequest,
)


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Every status")), *ReviewRequest.Status.choices])


class ReviewRequestForm(NamedEmptyChoices, forms.Form):
    subject = forms.ModelChoiceField(
        label=_("Person to review"), queryset=StaffMember.objects.none(),
        widget=SearchSelect(search_url=reverse_lazy("evaluation:review_subject_search")),
        help_text=_("Type part of the name."))
    question_set = forms.ModelChoiceField(label=_("Question set"), queryset=QuestionSet.objects.none())
    deadline = forms.DateField(label=_("Answers due by"), widget=DateInput())
    note = forms.CharField(label=_("Note to the reviewers"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people, question_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = people
        self.fields["question_set"].queryset = question_sets


class ReviewerAddForm(NamedEmptyChoices, forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=StaffMember.objects.none())
    rater_group = forms.ChoiceField(label=_("Reviews as"), choices=RaterGroup.choices)

    def __init__(self, *args, candidates, search_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = candidates
        self.fields["reviewer"].widget = SearchSelect(search_url=search_url)
        self.fields["reviewer"].widget.choices = self.fields["reviewer"].choices


class QuestionSetCreateForm(NamedEmptyChoices, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class QuestionSetNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class QuestionRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices, initial=Question.Kind.SCALE,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    upward_only = forms.BooleanField(label=_("Only in upward reviews"), required=False,
                                     widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)


QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=3, can_delete=True, max_num=60, absolute_max=60)


class ReviewAnswerForm(forms.Form):
    """One field per question asked of the rater's group: a score from 1 to 5, or free text."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.kind == Question.Kind.SCALE:
                self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                    label=question.text, choices=SCALE_CHOICES, coerce=int, widget=forms.RadioSelect,
                    error_messages={"required": _("Choose a score from 1 to 5.")})
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text, required=False, max_length=MAX_COMMENT_CHARS,
                    widget=forms.Textarea(attrs={"rows": 4}))

    def question_fields(self):
        return [(question, self[f"q{question.pk}"]) for question in self.questions]

    def answers(self) -> dict:
        """The cleaned answers as the service takes them: scores and comments by question id."""
        scores, comments = {}, {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == Question.Kind.SCALE:
                scores[str(question.pk)] = value
            elif value:
                comments[str(question.pk)] = value
        return {"scores": scores, "comments": comments}


class MinutesForm(NamedEmptyChoices, forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    reference = forms.CharField(label=_("Number and date of the minutes"), max_length=200)
    file = forms.FileField(label=_("Scanned minutes (PDF)"),
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        if len(units) == 1:  # evaluates the units once; the choices reuse the result
            self.fields["org_unit"].initial = units[0]
