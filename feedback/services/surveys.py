"""Satisfaction surveys: HR builds one with its questions, publishes it by link and QR code, closes it; citizens
answer without an account. An answer keeps nothing about who gave it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from feedback.rules import satisfaction
from feedback.services.ratings import save_with_new_code

MAX_QUESTIONS = 40
MAX_CHOICES = 20
MAX_CHOICE_CHARS = 200
MAX_TEXT_CHARS = 2000
CHOICE_KINDS = (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE)


@transaction.atomic
def survey_create(*, user, agency, title: str, intro: str = "", closes_on=None) -> Survey:
    """A draft survey of an agency, with its public code already drawn (the link works once published)."""
    survey = Survey(agency=agency, title=title.strip(), intro=intro.strip(), closes_on=closes_on, created_by=user)
    survey.full_clean(exclude=["code"])
    _check_closes_on(survey)
    return save_with_new_code(survey)


@transaction.atomic
def survey_update(*, survey: Survey, title: str, intro: str = "", closes_on=None) -> Survey:
    """The title, introduction and closing day may change at any time; the questions may not once answered."""
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("This survey is closed."))
    survey.title, survey.intro, survey.closes_on = title.strip(), intro.strip(), closes_on
    survey.full_clean()
    _check_closes_on(survey)
    survey.save(update_fields=["title", "intro", "closes_on"])
    return survey


@transaction.atomic
def survey_save(*, survey: Survey, title: str, intro: str = "", closes_on=None,
                questions: list[dict] | None = None) -> Survey:
    """The survey's details and, unless None, its questions, together or not at all."""
    survey_update(survey=survey, title=title, intro=intro, closes_on=closes_on)
    if questions is not None:
        survey_questions_save(survey=survey, questions=questions)
    return survey


def _check_closes_on(survey: Survey) -> None:
    if survey.closes_on and survey.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing day cannot be in the past.")})


def survey_has_answers(survey: Survey) -> bool:
    return survey.responses.exists()


def _clean_choices(raw) -> list[str]:
    """Choices typed one per line: trimmed, blank lines and repeats dropped."""
    lines = raw.splitlines() if isinstance(raw, str) else list(raw or [])
    return list(dict.fromkeys(line.strip() for line in lines if line and line.strip()))


@transaction.atomic
def survey_questions_save(*, survey: Survey, questions: list[dict]) -> list[SurveyQuestion]:
    """Replace the survey's questions by `questions` (text, kind, choices, is_required, order; `id` keeps a row).

    Refused once anyone has answered: the answers refer to the questions as they were asked."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("This survey is closed: its questions can no longer change."))
    if survey_has_answers(survey):
        raise ValidationError(_("People have already answered this survey, so its questions can no longer change: "
                                "the answers refer to them. Close it and make a new survey instead."))
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(_("A survey has at most %(count)s questions.") % {"count": MAX_QUESTIONS})
    existing = {question.pk: question for question in survey.questions.all()}
    kept, errors = [], []
    for position, data in enumerate(questions, start=1):
        kind = data.get("kind") or SurveyQuestion.Kind.SATISFACTION
        choices = _clean_choices(data.get("choices")) if kind in CHOICE_KINDS else []
        text = (data.get("text") or "").strip()
        if kind in CHOICE_KINDS and len(choices) < 2:
            errors.append(_("Question %(number)s: give at least two choices, one per line.") % {"number": position})
        if len(choices) > MAX_CHOICES or any(len(choice) > MAX_CHOICE_CHARS for choice in choices):
            errors.append(_("Question %(number)s: at most %(count)s choices of %(chars)s characters each.")
                          % {"number": position, "count": MAX_CHOICES, "chars": MAX_CHOICE_CHARS})
        question = existing.pop(data.get("id"), None) or SurveyQuestion(survey=survey)
        question.text, question.kind, question.choices = text, kind, choices
        question.is_required = bool(data.get("is_required"))
        question.order = data.get("order") if data.get("order") is not None else position
        try:
            question.full_clean()
        except ValidationError as error:
            errors.extend(_("Question %(number)s: %(problem)s") % {"number": position, "problem": message}
                          for message in error.messages)
        kept.append(question)
    if errors:
        raise ValidationError(errors)
    SurveyQuestion.objects.filter(pk__in=existing).delete()
    for question in kept:
        question.save()
    return kept


@transaction.atomic
def survey_publish(*, survey: Survey) -> Survey:
    """Open the survey to answers through its link and QR code."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(_("Only a draft survey can be published."))
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before publishing."))
    _check_closes_on(survey)
    survey.status = Survey.Status.PUBLISHED
    survey.save(update_fields=["status"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    """No more answers; the results stay."""
    updated = Survey.objects.filter(pk=survey.pk, status=Survey.Status.PUBLISHED).update(status=Survey.Status.CLOSED)
    if not updated and survey.status != Survey.Status.CLOSED:
        raise ValidationError(_("Only a published survey can be closed."))
    survey.status = Survey.Status.CLOSED
    return survey


def survey_is_open(survey: Survey, *, today=None) -> bool:
    today = today or timezone.localdate()
    return survey.status == Survey.Status.PUBLISHED and (survey.closes_on is None or today <= survey.closes_on)


def _answer(question: SurveyQuestion, value, scale: int) -> SurveyAnswer | None:
    """One answer row, or None when the question was left empty; a ValidationError names the question."""
    answer = SurveyAnswer(question=question)
    Kind = SurveyQuestion.Kind
    if question.kind == Kind.SATISFACTION:
        if value in (None, ""):
            return None
        if not isinstance(value, int) or not 1 <= value <= scale:
            raise ValidationError({f"q{question.pk}": _("Choose an answer on the scale.")})
        answer.value, answer.is_satisfied = value, satisfaction.is_satisfied(value, scale)
    elif question.kind in CHOICE_KINDS:
        chosen = [value] if isinstance(value, str) else list(value or [])
        chosen = [item for item in chosen if item]
        if not chosen:
            return None
        if any(item not in question.choices for item in chosen) or (question.kind == Kind.SINGLE and len(chosen) > 1):
            raise ValidationError({f"q{question.pk}": _("Choose among the answers offered.")})
        answer.selected = [choice for choice in question.choices if choice in chosen]  # in the offered order
    else:
        text = (value or "").strip()
        if not text:
            return None
        if len(text) > MAX_TEXT_CHARS:
            raise ValidationError({f"q{question.pk}": _("At most 2000 characters.")})
        answer.text = text
    return answer


@transaction.atomic
def survey_answer_submit(*, survey: Survey, answers: dict) -> SurveyResponse:
    """Record one person's answers (`answers`: question id -> level, chosen option(s) or text)."""
    if not survey_is_open(survey):
        raise ValidationError(_("This survey no longer takes answers."))
    scale = satisfaction.check_scale(settings.FEEDBACK_RATING_SCALE)
    rows, errors = [], {}
    for question in survey.questions.all():
        try:
            row = _answer(question, answers.get(question.pk), scale)
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        if row is None and question.is_required:
            errors[f"q{question.pk}"] = [_("This question needs an answer.")]
        elif row is not None:
            rows.append(row)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Answer at least one question."))
    response = SurveyResponse.objects.create(survey=survey, scale=scale)
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    return response
