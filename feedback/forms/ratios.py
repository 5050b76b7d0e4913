"""The ratios page's filter: the months (mm/yyyy) and a unit (input shape only; the view answers 404 for a unit
outside the person's units, like any row of another unit)."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from batxat_portal.dates import month_start, months_between
from batxat_portal.widgets import SearchSelect
from staff.models import OrgUnit

MAX_MONTHS = 24
_MONTH = re.compile(r"\s*(?:(\d{1,2})[/-](\d{4})|(\d{4})-(\d{1,2}))\s*")


class MonthField(forms.Field):
    """A month typed as mm/yyyy (or yyyy-mm, as a browser's month input sends it)."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.TextInput(attrs={"placeholder": "mm/yyyy", "maxlength": 10,
                                                       "inputmode": "numeric"}), **kwargs)

    def prepare_value(self, value):
        return f"{value:%m/%Y}" if isinstance(value, date) else value

    def to_python(self, value):
        value = str(value or "").strip()[:20]
        if not value:
            return None
        match = _MONTH.fullmatch(value)
        if match:
            month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
            if 1 <= int(month) <= 12 and 2000 <= int(year) <= 2100:
                return date(int(year), int(month), 1)
        raise ValidationError(_("Enter a month as mm/yyyy, for example 03/2026."), code="invalid")


class RatiosFilterForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.all(), required=False,
                                  help_text=_("Empty: every unit you see. A unit includes the units under it."),
                                  widget=SearchSelect(search_url=reverse_lazy("staff:orgunit_search")))

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_end = today.replace(day=1)
        self.default_start = month_start(self.default_end, -11)
        self.fields["start"].initial, self.fields["end"].initial = self.default_start, self.default_end

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.default_start
        end = data.get("end") or self.default_end
        if "start" in self.errors or "end" in self.errors:
            return data
        if start > end:
            raise ValidationError(_("The first month must not come after the last one."))
        if months_between(start, end) > MAX_MONTHS:
            raise ValidationError(_("Choose at most %(count)s months.") % {"count": MAX_MONTHS})
        data["start"], data["end"] = start, end
        return data
