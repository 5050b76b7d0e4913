"""Surveys: HR builds, publishes (link and QR code), closes and reads the results; citizens answer without an
account through the public page (captcha, a limit per address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import FormView, ListView, TemplateView

from batxat_portal.forms import add_service_errors
from batxat_portal.public_forms import over_limit
from batxat_portal.spreadsheets import Column, xlsx_response
from batxat_portal.text import fold
from feedback.forms.surveys import PublicAnswerForm, QuestionFormSet, SurveyCreateForm, SurveyForm, question_rows
from feedback.models import Survey
from feedback.selectors import surveys as selectors
from feedback.services import ratings as rating_services
from feedback.services import surveys as services
from feedback.views.ratings import public_url, qr_svg, recent_codes, remember_code

ANSWERED_COOKIE = "feedback_answered"

TEXTS_PER_PAGE = 50


def survey_url(request, survey: Survey) -> str:
    return public_url(request, reverse("feedback:survey_answer", kwargs={"code": survey.code}))


# --------------------------------------------------------------------------- HR


class SurveyListView(PermissionRequiredMixin, ListView):
    permission_required = "feedback.view_survey"
    template_name = "feedback/survey_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.status = self.request.GET.get("status", "")
        if self.status not in Survey.Status.values:
            self.status = ""
        return selectors.surveys_for(user=self.request.user, status=self.status)

    def get_context_data(self, **kwargs):
        return super().get_context_data(status=self.status, statuses=Survey.Status.choices, **kwargs)


class SurveyCreateView(PermissionRequiredMixin, FormView):
    permission_required = "feedback.add_survey"
    template_name = "feedback/survey_form.html"
    form_class = SurveyCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agencies": selectors.survey_agencies_for(user=self.request.user)}

    def form_valid(self, form):
        try:
            survey = services.survey_create(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The survey is saved as a draft: add its questions, then publish it."))
        return redirect("feedback:survey_detail", pk=survey.pk)


class SurveyDetailView(PermissionRequiredMixin, TemplateView):
    """A survey: its details and questions (changed until someone answers), publishing and closing, its link and
    QR code once published."""

    permission_required = "feedback.view_survey"
    template_name = "feedback/survey_detail.html"

    @cached_property
    def survey(self):
        return selectors.survey_for(user=self.request.user, pk=self.kwargs["pk"])

    @cached_property
    def is_locked(self):
        return self.survey.response_count > 0 or self.survey.status == Survey.Status.CLOSED

    def forms(self, data=None):
        questions = selectors.questions_of(self.survey)
        initial = [{"id": question.pk, "order": question.order, "text": question.text, "kind": question.kind,
                    "choices": "\n".join(question.choices), "is_required": question.is_required}
                   for question in questions]
        return (SurveyForm(data, instance=self.survey, prefix="survey"),
                QuestionFormSet(data, initial=initial, prefix="questions"), questions)

    def get_context_data(self, **kwargs):
        survey = self.survey
        can_change = self.request.user.has_perm("feedback.change_survey")
        if "formset" not in kwargs:
            kwargs["survey_form"], kwargs["formset"], kwargs["questions"] = self.forms()
        context = {"survey": survey, "can_change": can_change and survey.status != Survey.Status.CLOSED,
                   "is_locked": self.is_locked, "is_open": services.survey_is_open(survey)}
        if survey.status != Survey.Status.DRAFT:
            url = survey_url(self.request, survey)
            context |= {"url": url, "qr": qr_svg(url, label=_("QR code of the survey %(title)s")
                                                 % {"title": survey.title})}
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("feedback.change_survey"):
            raise PermissionDenied
        action, survey = request.POST.get("action"), self.survey
        if action == "save":
            return self.save()
        try:
            if action == "publish":
                services.survey_publish(survey=survey)
                messages.success(request, _("The survey is published: share its link or print its QR code."))
            elif action == "close":
                services.survey_close(survey=survey)
                messages.success(request, _("The survey is closed: it takes no more answers."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("feedback:survey_detail", pk=survey.pk)

    def save(self):
        survey_form, formset, questions = self.forms(self.request.POST)
        if survey_form.is_valid() and (self.is_locked or formset.is_valid()):
            try:
                services.survey_save(survey=self.survey, **survey_form.cleaned_data,
                                     questions=None if self.is_locked else question_rows(formset))
            except ValidationError as error:
                add_service_errors(survey_form, error)
            else:
                messages.success(self.request, _("The survey is saved."))
                return redirect("feedback:survey_detail", pk=self.survey.pk)
        # Nothing typed is lost: the page comes back with the rows as sent and the reasons.
        return self.render_to_response(self.get_context_data(survey_form=survey_form, formset=formset,
                                                             questions=questions))


class SurveyResultsView(PermissionRequiredMixin, TemplateView):
    permission_required = "feedback.view_survey"
    template_name = "feedback/survey_results.html"

    def get_context_data(self, **kwargs):
        survey = selectors.survey_for(user=self.request.user, pk=self.kwargs["pk"])
        texts = Paginator(selectors.survey_texts(survey=survey), TEXTS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(**selectors.survey_results(survey=survey), texts_page=texts, **kwargs)


@require_GET
@permission_required("feedback.view_survey", raise_exception=True)
def survey_results_export(request, pk):
    """The results as Excel: counts and shares per question, then every free-text answer."""
    survey = selectors.survey_for(user=request.user, pk=pk)
    report = selectors.survey_results(survey=survey)
    columns = [Column(_("No."), 6), Column(_("Question"), 60), Column(_("Kind of answer"), 22),
               Column(_("Answer"), 36), Column(_("Count"), 10), Column(_("Share of answers (percent)"), 14),
               Column(_("Answered"), 10), Column(_("Satisfied (percent)"), 14)]
    rows = []
    for number, result in enumerate(report["results"], start=1):
        question = result.question
        head = [number, question.text, question.get_kind_display()]
        tail = [result.answered, result.share_satisfied]
        if not result.rows:
            rows.append([*head, "", None, None, *tail])
        for row in result.rows:
            rows.append([*head, str(row["label"]), row["count"], row["share"], *tail])
    text_columns = [Column(_("Question"), 50), Column(_("Answer"), 100)]
    texts = selectors.survey_text_rows(survey=survey)
    name = "-".join(fold(survey.title).split())[:60] or "khao-sat"
    return xlsx_response(filename=f"ket-qua-{name}-{timezone.localdate():%Y%m%d}.xlsx",
                         sheets=[(_("Results"), columns, rows), (_("Free-text answers"), text_columns, texts)])


@require_GET
@permission_required("feedback.view_survey", raise_exception=True)
def survey_card(request, pk):
    """The survey's printable card with its QR code."""
    survey = selectors.survey_for(user=request.user, pk=pk)
    cards = []
    if survey.status == Survey.Status.PUBLISHED:
        url = survey_url(request, survey)
        cards = [{"survey": survey, "url": url, "qr": qr_svg(url, label=_("QR code of the survey %(title)s")
                                                                   % {"title": survey.title})}]
    return render(request, "feedback/rating_cards.html", {
        "cards": cards, "size": request.GET.get("size") if request.GET.get("size") in ("a5", "a6") else "a6",
        "survey": survey, "back": reverse("feedback:survey_detail", kwargs={"pk": survey.pk})})


# --------------------------------------------------------------------------- citizens


@login_not_required
@require_GET
def survey_public_list(request):
    return render(request, "feedback/survey_public_list.html", {"surveys": list(selectors.open_surveys()[:50])})


def _public_survey(code):
    return selectors.survey_public(code=rating_services.code_normalise(code))


@login_not_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, code):
    """The citizen's answer page: one question a fieldset, required ones marked, a captcha at the end."""
    survey = _public_survey(code)
    if survey is None:
        return render(request, "feedback/survey_not_found.html", status=404)
    context = {"survey": survey, "is_open": services.survey_is_open(survey)}
    if not context["is_open"]:
        return render(request, "feedback/survey_answer.html", context)
    questions = selectors.questions_of(survey)
    if request.method != "POST":
        return render(request, "feedback/survey_answer.html", {**context, "form": PublicAnswerForm(
            questions=questions)})
    form = PublicAnswerForm(request.POST, questions=questions)
    if over_limit(request, group="survey"):
        return render(request, "feedback/survey_answer.html", {**context, "form": form, "limited": True}, status=429)
    if survey.code in recent_codes(request, ANSWERED_COOKIE):
        return render(request, "feedback/survey_thanks.html", {"survey": survey, "already": True})
    if form.is_valid():
        try:
            services.survey_answer_submit(survey=survey, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = redirect("feedback:survey_thanks", code=survey.code)
            remember_code(response, request, ANSWERED_COOKIE, survey.code)
            return response
    return render(request, "feedback/survey_answer.html", {**context, "form": form})


@login_not_required
@require_GET
def survey_thanks(request, code):
    survey = _public_survey(code)
    if survey is None:
        return render(request, "feedback/survey_not_found.html", status=404)
    return render(request, "feedback/survey_thanks.html", {"survey": survey})

