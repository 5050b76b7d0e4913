"""Forms of surveys: HR's survey and its questions, and the citizen's answer form (with a captcha)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from batxat_portal.forms import NamedEmptyChoices
from batxat_portal.public_forms import CaptchaMixin
from batxat_portal.widgets import DateInput
from feedback.forms.ratings import scale_options
from feedback.models import Survey, SurveyQuestion
from feedback.models import ratings as rating_labels
from feedback.services.surveys import MAX_QUESTIONS, MAX_TEXT_CHARS
from staff.models import OrgUnit


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "closes_on"]
        widgets = {"closes_on": DateInput(), "intro": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"intro": _("Shown above the questions: who asks, why, and how long it takes."),
                      "closes_on": _("The last day answers are taken (dd/mm/yyyy); empty: until you close it.")}


class SurveyCreateForm(NamedEmptyChoices, SurveyForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=OrgUnit.objects.none())

    class Meta(SurveyForm.Meta):
        fields = ["agency", "title", "intro", "closes_on"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]


class QuestionRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=SurveyQuestion.Kind.choices,
                             initial=SurveyQuestion.Kind.SATISFACTION,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    choices = forms.CharField(label=_("Choices, one per line"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm"}))
    is_required = forms.BooleanField(label=_("Required"), required=False, initial=True,
                                     widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=3, can_delete=True, max_num=MAX_QUESTIONS,
                                        absolute_max=MAX_QUESTIONS)


def question_rows(formset) -> list[dict]:
    """The formset's filled rows as the service takes them (an empty question text drops the row)."""
    return [row for row in formset.cleaned_data if row and not row.get("DELETE") and (row.get("text") or "").strip()]


class AnswerForm(forms.Form):
    """One field per question, named q<id>; required questions are checked here and again by the service."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        levels = rating_labels.level_choices(settings.FEEDBACK_RATING_SCALE)
        Kind = SurveyQuestion.Kind
        for question in questions:
            common = {"label": question.text, "required": question.is_required,
                      "error_messages": {"required": _("This question needs an answer."),
                                         "invalid_choice": _("Choose among the answers offered.")}}
            if question.kind == Kind.SATISFACTION:
                field = forms.TypedChoiceField(choices=levels, coerce=int, empty_value=None,
                                               widget=forms.RadioSelect, **common)
            elif question.kind == Kind.SINGLE:
                field = forms.ChoiceField(choices=[(choice, choice) for choice in question.choices],
                                          widget=forms.RadioSelect, **common)
            elif question.kind == Kind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=[(choice, choice) for choice in question.choices],
                                                  widget=forms.CheckboxSelectMultiple, **common)
            else:
                field = forms.CharField(max_length=MAX_TEXT_CHARS, widget=forms.Textarea(
                    attrs={"rows": 3, "maxlength": MAX_TEXT_CHARS}), **common)
            self.fields[f"q{question.pk}"] = field

    def question_fields(self):
        """(question, bound field, big-button options of a satisfaction question or None)."""
        scale = settings.FEEDBACK_RATING_SCALE
        return [(question, self[f"q{question.pk}"],
                 scale_options(self[f"q{question.pk}"], scale)
                 if question.kind == SurveyQuestion.Kind.SATISFACTION else None)
                for question in self.questions]

    def answers(self) -> dict:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}


class PublicAnswerForm(CaptchaMixin, AnswerForm):
    """The citizen's answer form reached by the survey's link or QR code."""
