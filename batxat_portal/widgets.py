"""Shared form widgets: dd/mm/yyyy dates, and search-as-you-type choosers (never a <select> holding every unit or
person) with the view helper that answers their searches."""

import re

from django import forms
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from batxat_portal.forms import row_id

SEARCH_RESULT_LIMIT = 20
FIELD_NAME = re.compile(r"[a-z_]{1,50}")


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input: the format every Vietnamese form uses, shown the same in every browser. A button beside
    it (static/js/datepicker.js) opens the browser's own date picker and writes the day chosen as dd/mm/yyyy; typing
    the date works as before."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy",
                                "data-date-picker": _("Choose on a calendar"), **(attrs or {})}, format="%d/%m/%Y")


def search_results(request, find):
    """The htmx answer of a search-as-you-type chooser: `find(term)` gives the matching rows."""
    term = request.GET.get("q", "").strip()[:100]
    field = request.GET.get("field", "")
    if not FIELD_NAME.fullmatch(field):
        return HttpResponseBadRequest()
    results = list(find(term)[: SEARCH_RESULT_LIMIT + 1]) if term else []
    return render(request, "batxat_portal/widgets/_search_results.html", {
        "results": results[:SEARCH_RESULT_LIMIT], "has_more": len(results) > SEARCH_RESULT_LIMIT,
        "field": field, "multiple": request.GET.get("multiple") == "1",
    })


class SearchSelect(forms.Widget):
    """Shows the chosen rows as ticked boxes and a search box whose htmx results add more.

    The results endpoint (`search_url`) renders `batxat_portal/widgets/_search_results.html`
    with inputs named like the field, so a ticked result is submitted with the form.
    """

    template_name = "batxat_portal/widgets/search_select.html"

    def __init__(self, *, search_url: str, multiple: bool = False, attrs=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.multiple = multiple
        self.choices = []

    def format_value(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v.pk if hasattr(v, "pk") else v) for v in values if v not in (None, "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = context["widget"]["value"]
        queryset = getattr(self.choices, "queryset", None)
        values = [value for value in values if row_id(value)]  # an id typed by hand ("?unit=abc") chooses nothing
        selected = list(queryset.filter(pk__in=values)) if values and queryset is not None else []
        context["widget"].update(
            {"selected": selected, "search_url": self.search_url, "multiple": self.multiple}
        )
        return context

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.multiple else name not in data

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_
