"""Evaluation pages: years and their set-up (HR), work tracking and review (heads), one's own work (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from batxat_portal.forms import add_service_errors
from evaluation import selectors, services
from evaluation.forms import (
    EvaluationYearForm,
    GeneralPointsForm,
    ReviewForm,
    TaskGroupForm,
    WorkItemForm,
)
from evaluation.models import TaskGroup
from evaluation.selectors import scoring
from evaluation.selectors import tracking as tracking_selectors
from staff.selectors import org as org_selectors


class YearListView(PermissionRequiredMixin, ListView):
    permission_required = "evaluation.view_evaluationyear"
    template_name = "evaluation/year_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.year_list_for(user=self.request.user)


class YearCreateView(PermissionRequiredMixin, FormView):
    permission_required = "evaluation.add_evaluationyear"
    form_class = EvaluationYearForm
    template_name = "evaluation/year_form.html"

    def get_initial(self):
        return {"year": timezone.localdate().year, "period_kind": "monthly"}

    def get_form_kwargs(self):
        agencies = org_selectors.agencies_for(user=self.request.user, on_date=timezone.localdate())
        return {**super().get_form_kwargs(), "agencies": agencies}

    def form_valid(self, form):
        try:
            year = services.evaluation_year_open(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Opened the evaluation year %(year)s.") % {"year": year.year})
        return redirect("evaluation:year_detail", pk=year.pk)


class YearDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "evaluation.view_evaluationyear"
    template_name = "evaluation/year_detail.html"

    def get_context_data(self, **kwargs):
        year = selectors.year_for(user=self.request.user, pk=self.kwargs["pk"])
        return super().get_context_data(year=year, groups=tracking_selectors.year_task_groups(evaluation_year=year),
                                        criteria_total=tracking_selectors.criteria_total(evaluation_year=year),
                                        today=timezone.localdate(),
                                        closing_log=selectors.year_closing_log(evaluation_year=year), **kwargs)


class TaskGroupCreateView(PermissionRequiredMixin, FormView):
    permission_required = "evaluation.add_taskgroup"
    form_class = TaskGroupForm
    template_name = "evaluation/taskgroup_form.html"

    @cached_property
    def year(self):
        return selectors.year_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        people = tracking_selectors.task_group_people(user=self.request.user, evaluation_year=self.year)
        return {**super().get_form_kwargs(), "people": people}

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, **kwargs)

    def group(self):
        return TaskGroup(evaluation_year=self.year)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        members = data.pop("members")
        try:
            services.task_group_save(group=self.group(), members=members, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved the task group."))
        return redirect("evaluation:year_detail", pk=self.year.pk)


class TaskGroupUpdateView(TaskGroupCreateView):
    """Rename a task group or change who is in it (a person is in one group a year)."""

    permission_required = "evaluation.change_taskgroup"

    @cached_property
    def existing(self):
        return tracking_selectors.task_group_for(evaluation_year=self.year, pk=self.kwargs["group"])

    def group(self):
        return self.existing

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.existing,
                "initial": {"members": tracking_selectors.task_group_member_ids(task_group=self.existing)}}

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.existing, **kwargs)


class PeriodTrackingView(PermissionRequiredMixin, TemplateView):
    """A period of one agency: each person's work, its reviews and the points that follow, arithmetic shown."""

    permission_required = "evaluation.view_workitem"
    template_name = "evaluation/period_tracking.html"

    @cached_property
    def period(self):
        return selectors.period_for(user=self.request.user, pk=self.kwargs["pk"])

    def people(self):
        people = selectors.tracked_people(user=self.request.user, period=self.period)
        scoring.task_results_explained(period=self.period, people=people)
        return people

    def get_context_data(self, **kwargs):
        people = self.people()
        kwargs.setdefault("assign_form", WorkItemForm(
            people=selectors.trackable_people(user=self.request.user, period=self.period),
            initial={"period": self.period, "due_date": self.period.end_date, "coefficient": 1}))
        return super().get_context_data(period=self.period, people=people, review_form=ReviewForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        """Assign a work product (heads only)."""
        if not request.user.has_perm("evaluation.add_workitem"):
            raise PermissionDenied
        form = WorkItemForm(request.POST, people=selectors.trackable_people(user=request.user, period=self.period))
        if form.is_valid():
            try:
                services.work_item_assign(user=request.user, period=self.period, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Assigned."))
                return redirect("evaluation:period_tracking", pk=self.period.pk)
        return self.render_to_response(self.get_context_data(assign_form=form))


@require_POST
@permission_required("evaluation.add_qualityreview", raise_exception=True)
def work_item_review(request, pk):
    item = selectors.work_item_for_head(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the product meets the standard."))
    else:
        try:
            services.quality_review_record(item=item, user=request.user, **form.cleaned_data)
            messages.success(request, _("Review recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("evaluation:period_tracking", pk=item.period_id)


@require_POST
@permission_required("evaluation.change_periodscore", raise_exception=True)
def general_points(request, pk):
    period = selectors.period_for(user=request.user, pk=pk)
    form = GeneralPointsForm(request.POST, people=selectors.trackable_people(user=request.user, period=period))
    if not form.is_valid():
        messages.error(request, _("Enter the general criteria points as a number."))
    else:
        try:
            services.general_points_record(period=period, **form.cleaned_data)
            messages.success(request, _("Score saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("evaluation:period_tracking", pk=period.pk)


class MyWorkView(TemplateView):
    """The signed-in person's work products and results."""

    template_name = "evaluation/my_work.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(items=list(selectors.own_work(user=self.request.user)),
                                        scores=list(selectors.own_scores(user=self.request.user)[:24]),
                                        results=list(selectors.own_results(user=self.request.user)),
                                        averages=selectors.own_year_averages(user=self.request.user), **kwargs)


@require_POST
def work_item_done(request, pk):
    """The person reports one of their own products done."""
    item = tracking_selectors.own_work_item(user=request.user, pk=pk)
    try:
        services.work_item_mark_done(item=item)
        messages.success(request, _("Reported done."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation:my_work")
