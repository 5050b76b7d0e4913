"""The shared DateInput: a dd/mm/yyyy text box carrying the calendar button's label (static/js/datepicker.js)."""

from datetime import date

from django import forms

from batxat_portal.widgets import DateInput


class _DayForm(forms.Form):
    day = forms.DateField(widget=DateInput())


def test_a_date_field_is_a_dd_mm_yyyy_text_box_with_a_calendar_button_s_label():
    html = str(_DayForm(initial={"day": date(2026, 9, 2)})["day"])
    assert 'type="text"' in html
    assert 'value="02/09/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    assert 'data-date-picker="Chọn trên lịch"' in html


def test_a_typed_dd_mm_yyyy_day_is_read_as_before_and_the_picker_s_iso_day_too():
    for typed in ("02/09/2026", "2/9/2026", "2026-09-02"):
        form = _DayForm({"day": typed})
        assert form.is_valid(), typed
        assert form.cleaned_data["day"] == date(2026, 9, 2)
    assert not _DayForm({"day": "31/02/2026"}).is_valid()
