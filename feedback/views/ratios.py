"""The QĐ 766 ratios for heads and HR: per unit and month, and per officer, on screen and in Excel."""

from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from batxat_portal.dates import months_between
from batxat_portal.paging import CountFreePage, count_free_page
from feedback import reports
from feedback.forms import ratios as forms
from feedback.rules import qd766
from feedback.selectors import ratios as selectors


def _filters(request) -> dict:
    """The chosen months and unit; a unit outside the person's scope is a 404, like any row of another unit."""
    today = timezone.localdate()
    form = forms.RatiosFilterForm(request.GET or None, today=today)
    data = {"form": form, "today": today, "start": form.default_start, "end": form.default_end, "unit": None,
            "is_valid": not form.is_bound or form.is_valid()}
    if form.is_bound and data["is_valid"]:
        data.update(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
        unit = form.cleaned_data.get("unit")
        if unit is not None:
            if not selectors.ratio_unit_in_scope(user=request.user, unit=unit):
                raise Http404
            data["unit"] = unit
    return data


def _officer_percent(row: dict) -> dict:
    return {**row, "percent": qd766.as_percent(qd766.officer_satisfaction(ratings=row["ratings"],
                                                                          satisfied=row["satisfied"]))}


def _officer_page(scope: dict, number, *, per_page: int) -> CountFreePage:
    """A page of officers without counting them all first: the count would be a second pass over the ratings."""
    page = count_free_page(lambda offset, limit: selectors.officer_rows(**scope, offset=offset, limit=limit), number,
                           per_page=per_page)
    page.object_list = [_officer_percent(row) for row in page.object_list]
    return page


class RatiosView(PermissionRequiredMixin, TemplateView):
    permission_required = "feedback.view_feedback_ratios"
    template_name = "feedback/ratios.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        filters = _filters(self.request)
        context = super().get_context_data(**filters, overdue_reading=selectors.overdue_reading(), **kwargs)
        if not filters["is_valid"]:
            return context
        scope = {"user": self.request.user, "start": filters["start"], "end": filters["end"],
                 "unit": filters["unit"]}
        rows = selectors.unit_month_rows(today=filters["today"], **scope)
        unit_page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        officer_page = _officer_page(scope, self.request.GET.get("officer_page"), per_page=self.paginate_by)
        context.update(rows=unit_page, totals=selectors.totals(rows), officers=officer_page,
                       months=months_between(filters["start"], filters["end"]))
        return context


@require_GET
@permission_required("feedback.view_feedback_ratios", raise_exception=True)
def ratios_export(request):
    """The same tables as the page, every row, as an Excel file. Only counts: no citizen appears in them."""
    filters = _filters(request)
    if not filters["is_valid"]:
        return redirect(f"{reverse('feedback:ratios')}?{request.GET.urlencode()}")  # the page shows what is wrong
    scope = {"user": request.user, "start": filters["start"], "end": filters["end"], "unit": filters["unit"]}
    rows = selectors.unit_month_rows(today=filters["today"], **scope)
    officers = [_officer_percent(row) for row in selectors.officer_rows(**scope)]
    return reports.ratios_workbook(rows=rows, totals=selectors.totals(rows), officers=officers,
                                         start=filters["start"], end=filters["end"], unit=filters["unit"])
