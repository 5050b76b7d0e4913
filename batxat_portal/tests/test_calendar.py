"""The holiday calendar: the national data file, its loader, and the page HR and the administrator edit it on."""

import json
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from batxat_portal import calendar_services
from batxat_portal.models import CalendarDay
from batxat_portal.navigation import menu_for
from staff import roles


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_data_file_holds_2025_and_2026_with_names_and_sources():
    data = json.loads(calendar_services.DATA_FILE.read_text(encoding="utf-8"))
    assert all(entry["name"] and entry["source"] for entry in data["days"])
    rows = calendar_services.calendar_file_rows()
    years = {row["day"].year for row in rows}
    assert {2025, 2026} <= years
    assert {date(2026, 2, 16), date(2026, 2, 20), date(2026, 1, 2)} <= {r["day"] for r in rows}


def test_loading_twice_adds_nothing_and_keeps_what_hr_changed(db):
    first = calendar_services.calendar_load()
    assert first.created == CalendarDay.objects.count() > 20
    CalendarDay.objects.filter(day=date(2026, 2, 17)).update(name="Mùng 1 Tết (đã sửa)")
    CalendarDay.objects.create(day=date(2026, 11, 24), name="Ngày Văn hóa Việt Nam")  # HR's own day
    CalendarDay.objects.filter(day=date(2025, 1, 1)).delete()
    out = StringIO()
    call_command("calendar_load", stdout=out)
    assert "1 days added, 0 updated" in out.getvalue()
    assert CalendarDay.objects.get(day=date(2026, 2, 17)).name == "Mùng 1 Tết (đã sửa)"
    assert CalendarDay.objects.filter(day=date(2026, 11, 24)).exists()
    again = calendar_services.calendar_load(overwrite=True)
    assert (again.created, again.updated) == (0, 1)
    assert CalendarDay.objects.get(day=date(2026, 2, 17)).name == "Tết Nguyên đán Bính Ngọ (mùng 1)"
    assert CalendarDay.objects.filter(day=date(2026, 11, 24)).exists()  # never deleted


def test_a_bad_data_file_is_refused_naming_the_entry(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"days": [{"day": "2026-02-14", "kind": "holiday", "name": "Thứ Bảy"}]}))
    with pytest.raises(ValueError, match="2026-02-14"):
        calendar_services.calendar_load(path=bad)
    assert not CalendarDay.objects.exists()


def test_the_service_refuses_a_second_row_for_a_date_and_days_that_change_nothing(db):
    CalendarDay.objects.create(day=date(2026, 2, 17), name="Tết")
    with pytest.raises(ValidationError, match="đã có trong lịch"):
        calendar_services.calendar_day_save(day=date(2026, 2, 17), kind="holiday", name="Mùng 1")
    with pytest.raises(ValidationError, match="vốn đã là ngày nghỉ"):
        calendar_services.calendar_day_save(day=date(2026, 2, 14), kind="holiday", name="Thứ Bảy")
    with pytest.raises(ValidationError, match="vốn đã là ngày làm việc"):
        calendar_services.calendar_day_save(day=date(2026, 2, 13), kind="workday", name="Thứ Sáu")


@pytest.mark.parametrize(("role", "status"), [
    (roles.HR_OFFICER, 200), (roles.SYSTEM_ADMIN, 200), (roles.AGENCY_LEADER, 403),
    (roles.DEPARTMENT_HEAD, 403), (roles.STAFF_MEMBER, 403), (roles.FEEDBACK_HANDLER, 403)])
def test_only_hr_and_the_administrator_open_the_calendar(client, users_by_role, role, status):
    day = CalendarDay.objects.create(day=date(2026, 2, 17), name="Tết")
    client.force_login(users_by_role[role])
    for url in (reverse("calendar_list"), reverse("calendar_add"), reverse("calendar_edit", args=[day.pk]),
                reverse("calendar_delete", args=[day.pk])):
        assert client.get(url).status_code == status, url
    assert client.post(reverse("calendar_delete", args=[day.pk])).status_code == (302 if status == 200 else 403)
    has_entry = any(item.url_name == "calendar_list" for item in menu_for(users_by_role[role]))
    assert has_entry == (status == 200)


def test_the_list_shows_one_year_in_a_fixed_number_of_queries(client, hr_officer, django_assert_max_num_queries):
    calendar_services.calendar_load()
    client.force_login(hr_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("calendar_list"), {"year": 2026})
    days = response.context["days"]
    assert {day.day.year for day in days} == {2026} and len(days) == 13
    assert "16/02/2026" in response.content.decode()
    assert {2025, 2026, 2027} <= set(response.context["years"])


def test_an_empty_year_says_every_weekday_counts(english, hr_officer):
    english.force_login(hr_officer)
    response = english.get(reverse("calendar_list"), {"year": 2031})
    assert "every Monday to Friday counts as a working day" in response.content.decode()


def test_hr_adds_changes_and_deletes_a_day(english, hr_officer):
    english.force_login(hr_officer)
    response = english.post(reverse("calendar_add"), {"day": "10/01/2026", "kind": "workday",
                                                      "name": "Làm bù cho ngày 02/01"})
    assert response.status_code == 302 and response.url.endswith("?year=2026")
    day = CalendarDay.objects.get()
    assert (day.day, day.kind) == (date(2026, 1, 10), "workday")
    english.post(reverse("calendar_edit", args=[day.pk]), {"day": "10/01/2026", "kind": "workday",
                                                           "name": "Làm bù Tết Dương lịch"})
    assert CalendarDay.objects.get().name == "Làm bù Tết Dương lịch"
    english.post(reverse("calendar_delete", args=[day.pk]))
    assert not CalendarDay.objects.exists()


def test_a_date_already_there_gets_a_clear_message_and_keeps_the_input(english, hr_officer):
    CalendarDay.objects.create(day=date(2026, 2, 17), name="Tết Nguyên đán")
    english.force_login(hr_officer)
    response = english.post(reverse("calendar_add"), {"day": "17/02/2026", "kind": "holiday", "name": "Mùng 1"})
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == [
        "17/02/2026 is already in the calendar (“Tết Nguyên đán”): change that day instead."]
    assert 'value="Mùng 1"' in response.content.decode()
    response = english.post(reverse("calendar_add"), {"day": "2026-02-18", "kind": "workday", "name": "x"})
    assert "a make-up working day is a Saturday or a Sunday" in response.context["form"].errors["kind"][0]
    assert CalendarDay.objects.count() == 1
