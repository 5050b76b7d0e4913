"""Reads of surveys: HR's lists narrowed to their agencies, the public open surveys, and the results as aggregate
queries (a fixed number whatever the number of answers)."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from feedback.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from feedback.models import ratings as rating_labels
from feedback.rules import satisfaction
from staff import selectors as staff_selectors
from staff.models import OrgUnit
from staff.selectors import scope_filter


def _with_response_count(qs: QuerySet[Survey]) -> QuerySet[Survey]:
    counted = (SurveyResponse.objects.filter(survey=OuterRef("pk")).order_by().values("survey")
               .annotate(n=Count("id")).values("n"))
    return qs.annotate(response_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0))


def surveys_for(*, user, status: str = "") -> QuerySet[Survey]:
    qs = scope_filter(Survey.objects.select_related("agency"), user=user, unit_field="agency")
    if status:
        qs = qs.filter(status=status)
    return _with_response_count(qs).order_by("-created_at", "-id")


def survey_for(*, user, pk: int) -> Survey:
    qs = scope_filter(Survey.objects.select_related("agency", "created_by"), user=user, unit_field="agency")
    return get_object_or_404(_with_response_count(qs), pk=pk)


def survey_agencies_for(*, user) -> QuerySet[OrgUnit]:
    """The current agencies of the person's units: where a survey can be made."""
    return staff_selectors.orgunit_list_for(user=user, status="current", on_date=timezone.localdate()).filter(
        kind=OrgUnit.Kind.AGENCY)


def _open(today) -> Q:
    return Q(status=Survey.Status.PUBLISHED) & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))


def open_surveys(*, today=None) -> QuerySet[Survey]:
    """The surveys citizens may answer now, newest first."""
    return Survey.objects.filter(_open(today or timezone.localdate())).select_related("agency").order_by(
        "-created_at", "-id")


def survey_public(*, code: str) -> Survey | None:
    """A published survey by its code (open or past its closing day: the page says which); None otherwise."""
    return Survey.objects.filter(code=code).exclude(status=Survey.Status.DRAFT).select_related("agency").first()


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.order_by("order", "id"))


# --------------------------------------------------------------------------- results


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    rows: list[dict] = field(default_factory=list)  # per level or choice: label, count, share of those answering
    satisfied: int = 0
    share_satisfied: object = None  # Decimal percent, satisfaction questions only


def _choice_counts(survey: Survey) -> dict[tuple[int, str], int]:
    """How often each option was chosen, per question: one grouped query over the JSON lists of options."""
    if connection.vendor == "postgresql":
        elements = "CROSS JOIN LATERAL jsonb_array_elements_text(a.selected) AS e(value)"
    else:  # SQLite, the zero-setup run
        elements = ", json_each(a.selected) AS e"
    answers, questions = SurveyAnswer._meta.db_table, SurveyQuestion._meta.db_table
    sql = (f"SELECT a.question_id, e.value, COUNT(*) FROM {answers} a JOIN {questions} q ON q.id = a.question_id "  # noqa: S608 (table names only)
           f"{elements} WHERE q.survey_id = %s AND q.kind IN (%s, %s) GROUP BY a.question_id, e.value")
    with connection.cursor() as cursor:
        cursor.execute(sql, [survey.pk, SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE])
        return {(question_id, value): count for question_id, value, count in cursor.fetchall()}


def survey_results(*, survey: Survey) -> dict:
    """Per question: how many answered, counts per level or option with shares, and for satisfaction questions
    the share satisfied (the top two levels). Five queries."""
    questions = questions_of(survey)
    answers = SurveyAnswer.objects.filter(question__survey=survey).order_by()
    answered = dict(answers.values("question_id").annotate(n=Count("id")).values_list("question_id", "n"))
    satisfied = dict(answers.filter(is_satisfied=True).values("question_id").annotate(n=Count("id"))
                     .values_list("question_id", "n"))
    levels = {(row["question_id"], row["response__scale"], row["value"]): row["n"] for row in answers.filter(
        value__isnull=False).values("question_id", "response__scale", "value").annotate(n=Count("id"))}
    choices = _choice_counts(survey) if any(q.kind in (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE)
                                            for q in questions) else {}
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered.get(question.pk, 0))
        if question.kind == SurveyQuestion.Kind.SATISFACTION:
            result.satisfied = satisfied.get(question.pk, 0)
            result.share_satisfied = satisfaction.percent(result.satisfied, result.answered)
            scales = sorted({scale for (question_id, scale, _value) in levels if question_id == question.pk}) or [
                None]
            for scale in scales:
                for value, label in rating_labels.level_choices(scale or settings.FEEDBACK_RATING_SCALE):
                    count = levels.get((question.pk, scale, value), 0)
                    result.rows.append({"label": label, "count": count, "scale": scale,
                                        "share": satisfaction.percent(count, result.answered)})
        elif question.kind != SurveyQuestion.Kind.TEXT:
            for choice in question.choices:
                count = choices.get((question.pk, choice), 0)
                result.rows.append({"label": choice, "count": count,
                                    "share": satisfaction.percent(count, result.answered)})
        results.append(result)
    return {"survey": survey, "results": results,
            "has_mixed_scales": len({scale for (_q, scale, _v) in levels}) > 1}


def survey_texts(*, survey: Survey) -> QuerySet[SurveyAnswer]:
    """The free-text answers, by question; paginate them."""
    return (SurveyAnswer.objects.filter(question__survey=survey, question__kind=SurveyQuestion.Kind.TEXT)
            .exclude(text="").select_related("question").order_by("question__order", "question_id", "id"))


def survey_text_rows(*, survey: Survey) -> Iterator[list[str]]:
    """Every free-text answer as (question, answer), streamed from the database for the Excel export."""
    return ([answer.question.text, answer.text] for answer in survey_texts(survey=survey).iterator())
