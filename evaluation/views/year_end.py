"""Year-end pages: self-assessment, proposals, the quota and approval, publication, appeals, alerts."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from batxat_portal.forms import add_service_errors, row_id
from evaluation import reports, selectors, services
from evaluation.forms import (
    AppealDecisionForm,
    AppealForm,
    HeadProposalForm,
    MinutesForm,
    QuotaExceptionForm,
    ResultInputsForm,
    SelfAssessmentForm,
)
from evaluation.selectors import year_end as year_end_selectors


def refreshed_message(*, count: int, counts) -> str:
    """What bringing the results up to date did: how many results, how many of them with a year score."""
    done = ngettext("%(count)s result brought up to date from the staff file.",
                    "%(count)s results brought up to date from the staff file.", count) % {"count": count}
    if not counts.scored_regime:
        return done
    return " ".join([done, ngettext("%(scored)s of them has a year score.", "%(scored)s of them have a year score.",
                                    counts.scored) % {"scored": counts.scored}])


def missing_lines(counts) -> list[str]:
    """What the year's results still miss, one phrase each, for the results page and the refresh message."""
    lines = []
    if counts.without_result:
        lines.append(ngettext("%(count)s person of the agency has no result yet",
                              "%(count)s people of the agency have no result yet", counts.without_result)
                     % {"count": counts.without_result})
    if counts.periods_open:
        lines.append(ngettext("%(count)s period of the year is not closed",
                              "%(count)s periods of the year are not closed", counts.periods_open)
                     % {"count": counts.periods_open})
    if counts.general_points:
        lines.append(ngettext("%(count)s person lacks the head's general points in a period",
                              "%(count)s people lack the head's general points in a period", counts.general_points)
                     % {"count": counts.general_points})
    if counts.score:
        lines.append(ngettext("%(count)s person has no year score", "%(count)s people have no year score",
                              counts.score) % {"count": counts.score})
    if counts.self_review:
        lines.append(ngettext("%(count)s person has not written the self-review",
                              "%(count)s people have not written the self-review", counts.self_review)
                     % {"count": counts.self_review})
    if counts.head_proposal:
        lines.append(ngettext("%(count)s person has no head's proposal", "%(count)s people have no head's proposal",
                              counts.head_proposal) % {"count": counts.head_proposal})
    return lines


class ResultsView(PermissionRequiredMixin, TemplateView):
    """The year end of an agency: per task group, the proposals against the 20% quota; the leader approves."""

    permission_required = "evaluation.view_yearresult"
    template_name = "evaluation/results.html"

    @cached_property
    def year(self):
        return selectors.year_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("exception_form", QuotaExceptionForm(
            groups=year_end_selectors.task_groups_of(evaluation_year=self.year)))
        # The groups are counted, not listed; the people come a page at a time, of one group when one is chosen.
        chosen = self.request.GET.get("group", "")
        group = None if chosen in ("", "0") else self._group(chosen)
        rows = year_end_selectors.result_rows(evaluation_year=self.year, page=self.request.GET.get("page"),
                                              task_group=group, outside_groups=chosen == "0")
        summary = year_end_selectors.quota_overview(evaluation_year=self.year)
        counts = year_end_selectors.missing_counts(evaluation_year=self.year, overview=summary)
        return super().get_context_data(year=self.year, summary=summary, rows=rows, chosen_group=chosen, group=group,
                                        counts=counts,
                                        missing_lines=missing_lines(counts),
                                        minutes=list(selectors.minutes_for(user=self.request.user,
                                                                           evaluation_year=self.year)),
                                        **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        needed = {"refresh": "evaluation.change_yearresult", "approve": "evaluation.approve_yearresult",
                  "exception": "evaluation.approve_yearresult", "publish": "evaluation.approve_yearresult"}.get(action)
        if needed is None:
            return redirect("evaluation:results", pk=self.year.pk)
        if not request.user.has_perm(needed):
            raise PermissionDenied
        try:
            if action == "refresh":
                count = services.year_results_refresh(evaluation_year=self.year)
                counts = year_end_selectors.missing_counts(evaluation_year=self.year)
                lines = missing_lines(counts)
                done = refreshed_message(count=count, counts=counts)
                if lines:
                    messages.warning(request, " ".join([done, _("Still missing:"), "; ".join(lines) + "."]))
                else:
                    messages.success(request, " ".join([done, _("Nothing is missing.")]))
            elif action == "publish":
                count = services.results_publish(evaluation_year=self.year)
                messages.success(request, _("Published %(count)s results; each person gets a written notice.")
                                 % {"count": count})
            elif action == "approve":
                group = self._group(request.POST.get("task_group"))
                count = services.group_approve(evaluation_year=self.year, task_group=group, user=request.user)
                messages.success(request, _("Approved %(count)s results.") % {"count": count})
            else:
                form = QuotaExceptionForm(request.POST,
                                          groups=year_end_selectors.task_groups_of(evaluation_year=self.year))
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(exception_form=form))
                services.quota_exception_record(evaluation_year=self.year, user=request.user, **form.cleaned_data)
                messages.success(request, _("The exception is recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("evaluation:results", pk=self.year.pk)

    def _group(self, value):
        if not value:
            return None
        if row_id(value) is None:
            raise Http404
        return year_end_selectors.task_group_of(evaluation_year=self.year, pk=row_id(value))


class HeadProposalView(PermissionRequiredMixin, TemplateView):
    """A head proposes the level of each person of their unit, citing the meeting's minutes."""

    permission_required = "evaluation.propose_yearresult"
    template_name = "evaluation/head_proposals.html"

    @cached_property
    def year(self):
        return selectors.year_for(user=self.request.user, pk=self.kwargs["pk"])

    def results(self):
        return selectors.results_for_head(user=self.request.user, evaluation_year=self.year)

    def get_context_data(self, **kwargs):
        minutes = list(selectors.minutes_for(user=self.request.user, evaluation_year=self.year))
        units = selectors.minutes_units_for(user=self.request.user, evaluation_year=self.year)
        kwargs.setdefault("minutes_form", MinutesForm(units=units) if units else None)
        rows = year_end_selectors.proposal_rows(user=self.request.user, evaluation_year=self.year)
        return super().get_context_data(year=self.year, results=rows, minutes=minutes,
                                        minutes_reference=minutes[0].reference if len(minutes) == 1 else "",
                                        **kwargs)

    def post(self, request, *args, **kwargs):
        if "file" in request.FILES or request.POST.get("action") == "minutes":
            return self.attach_minutes(request)
        form = HeadProposalForm(request.POST, results=self.results())
        if not form.is_valid():
            messages.error(request, _("Choose a level and give the meeting minutes (or, for a person not "
                                      "classified, their self-review)."))
        else:
            try:
                services.head_propose(**form.cleaned_data)
                messages.success(request, _("Proposal saved."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("evaluation:head_proposals", pk=self.year.pk)


    def attach_minutes(self, request):
        units = selectors.minutes_units_for(user=request.user, evaluation_year=self.year)
        form = MinutesForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            try:
                services.minutes_attach(evaluation_year=self.year, org_unit=form.cleaned_data["org_unit"],
                                        reference=form.cleaned_data["reference"], upload=form.cleaned_data["file"],
                                        user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The minutes are attached."))
                return redirect("evaluation:head_proposals", pk=self.year.pk)
        return self.render_to_response(self.get_context_data(minutes_form=form))


@permission_required("evaluation.view_evaluationyear", raise_exception=True)
def minutes_file(request, pk):
    """The scanned minutes, to people scoped to the unit (its head, the agency's HR and leader)."""
    minutes = year_end_selectors.minutes_one(user=request.user, pk=pk)
    return FileResponse(minutes.file.open("rb"), content_type="application/pdf", as_attachment=False,
                        filename=minutes.original_name)


class SelfAssessmentView(FormView):
    """A person writes their self-assessment for a year and proposes a level."""

    form_class = SelfAssessmentForm
    template_name = "evaluation/self_assessment.html"

    @cached_property
    def result(self):
        return year_end_selectors.own_result(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        levels = year_end_selectors.self_levels(self.result)
        return {**super().get_form_kwargs(), "levels": year_end_selectors.level_choices(levels)}

    def get_initial(self):
        return {"text": self.result.self_assessment, "level": self.result.self_level}

    def get_context_data(self, **kwargs):
        return super().get_context_data(result=self.result, appeal_form=AppealForm(),
                                        appeals=year_end_selectors.result_appeals(result=self.result),
                                        **kwargs)

    def form_valid(self, form):
        try:
            services.self_assess(result=self.result, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your self-assessment is saved."))
        return redirect("evaluation:my_work")


class MySelfReviewView(TemplateView):
    """The menu's way to the self-review: the year open to it, or the person's years (and what to do when none)."""

    template_name = "evaluation/self_review_list.html"

    def get(self, request, *args, **kwargs):
        results = year_end_selectors.own_results_to_review(user=request.user)
        open_ones = [result for result in results if result.open_to_review]
        if len(open_ones) == 1:
            return redirect("evaluation:self_assessment", pk=open_ones[0].pk)
        return self.render_to_response(self.get_context_data(results=results))


class AlertsView(PermissionRequiredMixin, TemplateView):
    permission_required = "evaluation.view_yearresult"
    template_name = "evaluation/alerts.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.alerts_for(user=self.request.user), **kwargs)


@permission_required("evaluation.view_yearresult", raise_exception=True)
def results_export(request, pk):
    """The agency's result list as Excel, with the same rows as the results page."""
    year = selectors.year_for(user=request.user, pk=pk)
    return reports.results_workbook(evaluation_year=year,
                                    summary=year_end_selectors.quota_summary(evaluation_year=year))


class DeadlineView(PermissionRequiredMixin, TemplateView):
    """The rating deadline of a year and who is late."""

    permission_required = "evaluation.view_evaluationyear"
    template_name = "evaluation/deadline.html"

    def get_context_data(self, **kwargs):
        year = selectors.year_for(user=self.request.user, pk=self.kwargs["pk"])
        return super().get_context_data(year=year, **year_end_selectors.deadline_status(
            user=self.request.user, evaluation_year=year, today=timezone.localdate()), **kwargs)


@require_POST
def appeal_create(request, pk):
    """A person appeals their own approved result."""
    result = year_end_selectors.own_result(user=request.user, pk=pk)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the grounds of your appeal."))
    else:
        try:
            services.appeal_submit(result=result, **form.cleaned_data)
            messages.success(request, _("Your appeal is sent. You will see the decision here."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("evaluation:self_assessment", pk=result.pk)


class AppealListView(PermissionRequiredMixin, ListView):
    permission_required = "evaluation.decide_appeal"
    template_name = "evaluation/appeal_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.appeals_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(decision_form=AppealDecisionForm(), **kwargs)


@require_POST
@permission_required("evaluation.decide_appeal", raise_exception=True)
def appeal_decide(request, pk):
    appeal = year_end_selectors.appeal_to_decide(user=request.user, pk=pk)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and write its grounds."))
    else:
        try:
            services.appeal_decide(appeal=appeal, user=request.user, **form.cleaned_data)
            messages.success(request, _("Decision saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("evaluation:appeal_list")


class PublishedResultsView(TemplateView):
    """The published results of the agency the signed-in person works in (publication inside the agency)."""

    template_name = "evaluation/published.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.published_for(user=self.request.user), **kwargs)


class ResultInputsView(PermissionRequiredMixin, FormView):
    """HR enters what the staff file does not hold for one result: the disqualifiers concluded by the competent
    level and, for leaders in NĐ 90/2020 years, the unit's results; the level the rules allow is recomputed."""

    permission_required = "evaluation.change_yearresult"
    form_class = ResultInputsForm
    template_name = "evaluation/result_inputs.html"

    @cached_property
    def result(self):
        return selectors.result_to_manage(user=self.request.user, pk=self.kwargs["pk"])

    def shows_unit_results(self) -> bool:
        return self.result.is_leader and self.result.evaluation_year.regime == "nd90_2020"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.result, "shows_unit_results": self.shows_unit_results()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(result=self.result, year=self.result.evaluation_year,
                                        shows_unit_results=self.shows_unit_results(), **kwargs)

    def form_valid(self, form):
        try:
            result = services.result_inputs_record(result=self.result, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        allowed = result.get_allowed_level_display() or _("not computed yet")
        if result.approved_level:
            messages.warning(self.request, _("Saved. The approved level “%(approved)s” stays as approved; the rules "
                                             "now allow “%(allowed)s”.")
                             % {"approved": result.get_approved_level_display(), "allowed": allowed})
        else:
            messages.success(self.request, _("Saved. The rules now allow “%(allowed)s”.") % {"allowed": allowed})
        return redirect("evaluation:results", pk=result.evaluation_year_id)
