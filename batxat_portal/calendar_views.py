"""The holiday calendar, edited by HR and the system administrator: a list per year, add, change, delete.

The calendar is national, not a unit's: the permission alone decides, there are no rows out of someone's scope.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from batxat_portal import calendar_selectors, calendar_services
from batxat_portal.forms import add_service_errors
from batxat_portal.models import CalendarDay
from batxat_portal.widgets import DateInput


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CalendarDay.Kind.choices, widget=forms.RadioSelect,
                             initial=CalendarDay.Kind.HOLIDAY)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200,
                           help_text=gettext_lazy("For example “Tết Nguyên đán (mùng 1)” or “Làm bù cho ngày "
                                                  "02/01”."))


def _list_url(day) -> str:
    return f"{reverse('calendar_list')}?year={day.year}"


class CalendarListView(PermissionRequiredMixin, TemplateView):
    permission_required = "batxat_portal.view_calendarday"
    template_name = "batxat_portal/calendar_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year", today.year))
        except ValueError:
            year = today.year
        if not 1900 <= year <= 2200:
            year = today.year
        days = calendar_selectors.calendar_days_of(year=year)
        return super().get_context_data(year=year, years=calendar_selectors.calendar_years(also={today.year, year}),
                                        days=days,
                                        holidays=sum(day.kind == CalendarDay.Kind.HOLIDAY for day in days),
                                        **kwargs)


class CalendarDayCreateView(PermissionRequiredMixin, FormView):
    """Add a day; CalendarDayUpdateView changes one."""

    permission_required = "batxat_portal.add_calendarday"
    form_class = CalendarDayForm
    template_name = "batxat_portal/calendar_form.html"
    calendar_day = None

    def get_initial(self):
        if self.calendar_day is None:
            return {"kind": CalendarDay.Kind.HOLIDAY}
        return {"day": self.calendar_day.day, "kind": self.calendar_day.kind, "name": self.calendar_day.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(calendar_day=self.calendar_day, **kwargs)

    def form_valid(self, form):
        try:
            saved = calendar_services.calendar_day_save(calendar_day=self.calendar_day, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(day)s.") % {"day": saved})
        return redirect(_list_url(saved.day))


class CalendarDayUpdateView(CalendarDayCreateView):
    permission_required = "batxat_portal.change_calendarday"

    @cached_property
    def calendar_day(self):
        return calendar_selectors.calendar_day_get(pk=self.kwargs["pk"])


class CalendarDayDeleteView(PermissionRequiredMixin, TemplateView):
    permission_required = "batxat_portal.delete_calendarday"
    template_name = "batxat_portal/calendar_confirm_delete.html"

    @cached_property
    def calendar_day(self):
        return calendar_selectors.calendar_day_get(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(calendar_day=self.calendar_day, **kwargs)

    def post(self, request, *args, **kwargs):
        day = self.calendar_day
        calendar_services.calendar_day_delete(calendar_day=day)
        messages.success(request, _("Deleted: %(day)s. Deadlines computed from now on no longer count it.")
                         % {"day": day})
        return redirect(_list_url(day.day))
