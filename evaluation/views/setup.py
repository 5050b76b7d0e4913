"""Set-up and closing of an evaluation year (HR officer): the general criteria, closing periods and the year."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from evaluation import selectors, services
from evaluation.forms import CriterionFormSet
from evaluation.selectors import tracking as tracking_selectors
from evaluation.selectors import year_end as year_end_selectors
from evaluation.services.tracking import GENERAL_MAX

CRITERION_FIELDS = ("title", "max_points", "order")


class CriteriaEditView(PermissionRequiredMixin, TemplateView):
    """The year's general criteria: change, add, delete (NĐ 335/2025: exactly 30 points in all)."""

    permission_required = "evaluation.change_criterion"
    template_name = "evaluation/criteria_form.html"

    @cached_property
    def year(self):
        return selectors.year_to_manage(user=self.request.user, pk=self.kwargs["pk"])

    def formset(self, data=None):
        return CriterionFormSet(data, queryset=tracking_selectors.year_criteria(evaluation_year=self.year),
                                prefix="criteria")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset())
        return super().get_context_data(year=self.year, general_max=GENERAL_MAX, **kwargs)

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        deleted = set(formset.deleted_forms)
        rows = [{"id": form.instance.pk, **{name: form.cleaned_data[name] for name in CRITERION_FIELDS}}
                for form in formset.forms if form not in deleted and form.cleaned_data]
        try:
            criteria = services.criteria_save(evaluation_year=self.year, rows=rows)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(formset=formset, service_errors=error.messages))
        messages.success(request, _("The general criteria are saved: %(count)s criteria, %(total)s points.")
                         % {"count": len(criteria), "total": sum(c.max_points for c in criteria)})
        return redirect("evaluation:year_detail", pk=self.year.pk)


class _ConfirmView(PermissionRequiredMixin, TemplateView):
    """A page that says what an action does and asks to confirm it; the POST runs it.

    Each page defines `run()`, which does the action and returns the message to show, and `year_pk()`, the year
    whose page follows."""

    template_name = "evaluation/close_confirm.html"
    action = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            messages.success(request, self.run())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("evaluation:year_detail", pk=self.year_pk())


class _PeriodConfirmView(_ConfirmView):
    permission_required = "evaluation.change_period"

    @cached_property
    def period(self):
        return selectors.period_to_manage(user=self.request.user, pk=self.kwargs["pk"])

    def year_pk(self):
        return self.period.evaluation_year_id

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, year=self.period.evaluation_year, **kwargs)


class PeriodCloseView(_PeriodConfirmView):
    action = "close_period"

    def get_context_data(self, **kwargs):
        unscored = tracking_selectors.period_unscored_count(period=self.period)
        return super().get_context_data(unscored=unscored, too_early=timezone.localdate() <= self.period.end_date,
                                        **kwargs)

    def run(self):
        services.period_close(period=self.period, user=self.request.user)
        return _("%(period)s is closed: its work and scores no longer change.") % {"period": self.period}


class PeriodReopenView(_PeriodConfirmView):
    action = "reopen_period"

    def run(self):
        services.period_reopen(period=self.period, user=self.request.user)
        return _("%(period)s is open again; close it once it is corrected.") % {"period": self.period}


class YearCloseView(_ConfirmView):
    permission_required = "evaluation.change_evaluationyear"
    action = "close_year"

    @cached_property
    def year(self):
        return selectors.year_to_manage(user=self.request.user, pk=self.kwargs["pk"])

    def year_pk(self):
        return self.year.pk

    def get_context_data(self, **kwargs):
        blockers = year_end_selectors.year_close_blockers(evaluation_year=self.year)
        return super().get_context_data(year=self.year, **blockers, **kwargs)

    def run(self):
        services.evaluation_year_close(evaluation_year=self.year, user=self.request.user)
        return _("The year %(year)s is closed: its results no longer change.") % {"year": self.year.year}
