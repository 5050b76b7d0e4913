"""QĐ 766 ratios: the pure rules, the grouped counts behind them, and the page heads and HR read them on."""

import io
import random
import secrets
from datetime import date, datetime, timedelta
from fractions import Fraction
from unittest import mock

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from feedback.models import Feedback, ServiceRating
from feedback.rules import qd766
from feedback.selectors import ratios as selectors
from staff import roles
from staff.tests.factories import StaffMemberFactory

TODAY = date(2026, 4, 15)
MARCH = date(2026, 3, 1)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of the portal's local day (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def cases(unit, *specs) -> list[Feedback]:
    """Bulk-create cases received on `received` (default 02/03/2026); received_at is set after (auto_now_add)."""
    rows = []
    for spec in specs:
        spec = dict(spec)
        received = spec.pop("received", date(2026, 3, 2))
        spec.setdefault("due_on", received + timedelta(days=14))
        spec.setdefault("forward_due_on", received + timedelta(days=7))
        rows.append((received, Feedback(tracking_code=secrets.token_hex(10), org_unit=unit, text="Nội dung",
                                        content_hash=secrets.token_hex(32), citizen_name="Lý Thị Mai",
                                        citizen_phone="0912345678", **{"kind": "report", **spec})))
    created = Feedback.objects.bulk_create([feedback for _received, feedback in rows])
    for (received, _feedback), feedback in zip(rows, created, strict=True):
        Feedback.objects.filter(pk=feedback.pk).update(received_at=at(received))
    return created


def ratings(officer, *specs) -> None:
    rows = []
    for spec in specs:
        spec = dict(spec)
        rated = spec.pop("rated", date(2026, 3, 5))
        satisfied = spec.pop("satisfied", True)
        rows.append((rated, ServiceRating(staff_member=officer, org_unit=officer.org_unit, scale=3,
                                          value=3 if satisfied else 1, is_satisfied=satisfied, **spec)))
    created = ServiceRating.objects.bulk_create([rating for _rated, rating in rows])
    for (rated, _rating), rating in zip(rows, created, strict=True):
        ServiceRating.objects.filter(pk=rating.pk).update(created_at=at(rated))


@pytest.fixture
def march_cases(tree):
    """docs/domain-rules.md's kinds of case in Phòng Văn hóa - Xã hội in March 2026 (deadline 10/03 unless said)."""
    due = {"due_on": date(2026, 3, 10)}
    return cases(
        tree["dept_a"],
        {**due, "answered_at": at(date(2026, 3, 9)), "citizen_satisfied": True},      # on time
        {**due, "answered_at": at(date(2026, 3, 12))},                                # late
        {"due_on": date(2026, 3, 20),
         "overdue_complained_at": at(date(2026, 3, 25))},                            # overdue, the citizen complained
        {"due_on": date(2026, 4, 20)},                                                # open, not yet due
        {**due, "answered_at": at(date(2026, 3, 5)), "citizen_satisfied": False},     # on time, dissatisfied
        {**due, "closed_at": at(date(2026, 3, 8)), "status": "closed"},               # closed unanswered: on time
        {"within_competence": False, "forward_due_on": date(2026, 3, 9),
         "forwarded_at": at(date(2026, 3, 6)), "status": "forwarded"},               # forwarded in time
        {"within_competence": False, "forward_due_on": date(2026, 3, 9),
         "forwarded_at": at(date(2026, 3, 11)), "status": "forwarded"},              # forwarded late
        {"kind": "praise"},                                                           # not a PAKN
        {"status": "spam", "answered_at": at(date(2026, 3, 30))},                     # not counted
    )


@pytest.fixture
def march_ratings(tree, march_cases):
    officer = StaffMemberFactory(full_name="Phàn Văn Lở", org_unit=tree["dept_a"])
    ratings(officer, {"dossier_code": "HS-1"}, {"dossier_code": "HS-2", "satisfied": False},
            {"dossier_code": "HS-3"}, {"dossier_code": "HS-1"}, {"satisfied": False}, {"dossier_code": "HS-4"})
    cases(tree["dept_b"], {"dossier_code": "HS-3"},                  # a PAKN about HS-3, sent to another unit
          {"dossier_code": "HS-4", "status": "duplicate"})            # a duplicate names HS-4: not counted
    return officer


# --- the rules


def test_case_timeliness_compares_the_first_step_with_the_deadline():
    deadline = date(2026, 3, 10)
    assert qd766.case_timeliness(deadline=deadline, settled_on=deadline, today=TODAY) == qd766.ON_TIME
    assert qd766.case_timeliness(deadline=deadline, settled_on=date(2026, 3, 11), today=TODAY) == qd766.LATE
    assert qd766.case_timeliness(deadline=deadline, settled_on=None, today=deadline) == qd766.OPEN
    assert qd766.case_timeliness(deadline=deadline, settled_on=None, today=date(2026, 3, 11)) == qd766.LATE


def test_ratios_of_the_domain_example():
    assert qd766.on_time_ratio(on_time=3, late=2) == Fraction(3, 5)
    assert qd766.feedback_satisfaction(total=8, dissatisfied_or_overdue=4) == Fraction(1, 2)
    assert qd766.procedure_satisfaction(files=4, bad_files=1) == Fraction(3, 4)
    assert qd766.officer_satisfaction(ratings=3, satisfied=2) == Fraction(2, 3)
    assert str(qd766.as_percent(Fraction(2, 3))) == "66.7" and str(qd766.as_percent(Fraction(1, 8))) == "12.5"


def test_nothing_to_divide_by_gives_none_and_impossible_counts_are_refused():
    assert qd766.on_time_ratio(on_time=0, late=0) is None
    assert qd766.feedback_satisfaction(total=0, dissatisfied_or_overdue=0) is None
    assert qd766.procedure_satisfaction(files=0, bad_files=0) is None
    assert qd766.officer_satisfaction(ratings=0, satisfied=0) is None
    assert qd766.as_percent(None) is None
    for call in (lambda: qd766.on_time_ratio(on_time=-1, late=2),
                 lambda: qd766.feedback_satisfaction(total=2, dissatisfied_or_overdue=3),
                 lambda: qd766.procedure_satisfaction(files=1, bad_files=-1),
                 lambda: qd766.officer_satisfaction(ratings=1, satisfied=2)):
        with pytest.raises(ValueError):
            call()


counts = st.integers(min_value=0, max_value=10_000)


@given(a=counts, b=counts)
def test_every_ratio_lies_between_0_and_1(a, b):
    small, big = sorted((a, b))
    for ratio in (qd766.on_time_ratio(on_time=a, late=b),
                  qd766.feedback_satisfaction(total=big, dissatisfied_or_overdue=small),
                  qd766.procedure_satisfaction(files=big, bad_files=small),
                  qd766.officer_satisfaction(ratings=big, satisfied=small)):
        assert ratio is None or 0 <= ratio <= 1
        assert ratio is None or 0 <= qd766.as_percent(ratio) <= 100


@given(on_time=counts, late=counts)
def test_more_on_time_never_lowers_the_on_time_ratio(on_time, late):
    before = qd766.on_time_ratio(on_time=on_time, late=late) or 0
    assert qd766.on_time_ratio(on_time=on_time + 1, late=late) >= before
    if late:  # a late case answered on time instead
        assert qd766.on_time_ratio(on_time=on_time + 1, late=late - 1) >= before


def test_what_counts_against_satisfaction_in_each_reading():
    case = {"dissatisfied": False, "timeliness": qd766.LATE, "complained_overdue": False}
    assert qd766.counts_against_satisfaction(**case, reading=qd766.OVERDUE_LATE)
    assert not qd766.counts_against_satisfaction(**case, reading=qd766.OVERDUE_COMPLAINED)
    assert qd766.counts_against_satisfaction(**{**case, "complained_overdue": True}, reading=qd766.OVERDUE_COMPLAINED)
    on_time_but_unhappy = {"dissatisfied": True, "timeliness": qd766.ON_TIME, "complained_overdue": False}
    for reading in qd766.OVERDUE_READINGS:
        assert qd766.counts_against_satisfaction(**on_time_but_unhappy, reading=reading)
    with pytest.raises(ValueError):
        qd766.counts_against_satisfaction(**case, reading="overdue")


@given(dissatisfied=st.booleans(), timeliness=st.sampled_from([qd766.ON_TIME, qd766.LATE, qd766.OPEN]),
       complained=st.booleans())
def test_a_case_complained_about_is_late_so_the_decree_s_reading_never_takes_out_more(dissatisfied, timeliness,
                                                                                      complained):
    complained = complained and timeliness == qd766.LATE  # a complaint of lateness is recorded only for a late case
    case = {"dissatisfied": dissatisfied, "timeliness": timeliness, "complained_overdue": complained}
    if qd766.counts_against_satisfaction(**case, reading=qd766.OVERDUE_COMPLAINED):
        assert qd766.counts_against_satisfaction(**case, reading=qd766.OVERDUE_LATE)


@given(total=st.integers(min_value=1, max_value=10_000), bad=counts)
def test_one_more_dissatisfied_case_never_raises_satisfaction(total, bad):
    bad = min(bad, total - 1)
    assert (qd766.feedback_satisfaction(total=total, dissatisfied_or_overdue=bad + 1)
            <= qd766.feedback_satisfaction(total=total, dissatisfied_or_overdue=bad))


# --- the grouped counts


def test_counts_per_unit_and_month_follow_the_rules(tree, hr_officer, march_ratings, django_assert_num_queries):
    cases(tree["dept_a2"], {"received": date(2026, 4, 1), "due_on": date(2026, 4, 14),
                            "answered_at": at(date(2026, 4, 14), 23, 30)})  # 23:30 local on the due day: on time
    with django_assert_num_queries(6):  # permissions (2) and units of the person, cases, ratings, unit names
        rows = selectors.unit_month_rows(user=hr_officer, start=MARCH, end=date(2026, 4, 1), today=TODAY)
    assert [(row.unit.code, row.month) for row in rows] == [("A-VHXH", MARCH), ("A-KT", date(2026, 4, 1))]
    march = rows[0]
    # Out of the satisfaction ratio, as the decree words it (the default): the dissatisfied case and the one the
    # citizen complained about as overdue.
    assert (march.cases, march.within, march.on_time, march.late, march.open, march.dissatisfied_or_overdue) == (
        8, 6, 3, 2, 1, 2)
    assert (march.on_time_percent, march.feedback_percent) == (60, 75)
    assert (march.files, march.bad_files, march.ratings, march.satisfied) == (4, 2, 6, 4)
    assert march.procedure_percent == 50
    assert rows[1].on_time == 1 and rows[1].files == 0 and rows[1].procedure_percent is None
    total = selectors.totals(rows)
    assert (total.cases, total.on_time, total.late) == (9, 4, 2)


def test_overdue_read_as_every_late_case_takes_out_the_late_ones_complained_about_or_not(settings, tree, hr_officer,
                                                                                          march_ratings):
    kwargs = {"user": hr_officer, "start": MARCH, "end": MARCH, "today": TODAY}
    late = selectors.unit_month_rows(**kwargs, reading=qd766.OVERDUE_LATE)[0]
    complained = selectors.unit_month_rows(**kwargs, reading=qd766.OVERDUE_COMPLAINED)[0]
    # Every late case: answered late, unanswered past the deadline, forwarded late; and the dissatisfied one.
    assert (late.dissatisfied_or_overdue, late.feedback_percent) == (4, 50)
    assert (complained.dissatisfied_or_overdue, complained.feedback_percent) == (2, 75)
    settings.FEEDBACK_QD766_OVERDUE_READING = "late"
    assert selectors.unit_month_rows(**kwargs)[0].dissatisfied_or_overdue == 4
    settings.FEEDBACK_QD766_OVERDUE_READING = "complained"
    assert selectors.unit_month_rows(**kwargs)[0].dissatisfied_or_overdue == 2
    with pytest.raises(ValueError):
        selectors.unit_month_rows(**kwargs, reading="sometimes")


@pytest.mark.parametrize(("reading", "said"), [
    ("complained", "the cases the citizen complained about as overdue"),
    ("late", "every late case, whether or not the citizen complained about it")])
def test_the_page_says_which_reading_of_overdue_is_in_force(settings, english, hr_officer, march_ratings,
                                                            on_15_april, reading, said):
    settings.FEEDBACK_QD766_OVERDUE_READING = reading
    english.force_login(hr_officer)
    page = english.get(reverse("feedback:ratios"), {"start": "03/2026", "end": "03/2026"}).content.decode()
    assert said in page and "FEEDBACK_QD766_OVERDUE_READING" in page
    assert ("75.0&nbsp;%" if reading == "complained" else "50.0&nbsp;%") in page


def test_a_minute_past_midnight_local_time_is_the_next_day(tree, hr_officer):
    cases(tree["dept_a"], {"due_on": date(2026, 3, 10), "answered_at": at(date(2026, 3, 11), 0, 30)})
    (row,) = selectors.unit_month_rows(user=hr_officer, start=MARCH, end=MARCH, today=TODAY)
    assert (row.on_time, row.late) == (0, 1)  # 17:30 UTC on 10/03, but 11/03 in Bát Xát


def test_the_database_counts_what_the_rule_says_for_random_cases(tree, hr_officer):
    rng = random.Random(766)
    specs, expected = [], {qd766.ON_TIME: 0, qd766.LATE: 0, qd766.OPEN: 0}
    for _ in range(40):
        due = date(2026, 3, 1) + timedelta(days=rng.randint(0, 60))
        answered = due + timedelta(days=rng.randint(-5, 5)) if rng.random() < 0.6 else None
        spec = {"due_on": due, "answered_at": at(answered, rng.randint(0, 23)) if answered else None}
        specs.append(spec)
        expected[qd766.case_timeliness(deadline=due, settled_on=answered, today=TODAY)] += 1
    cases(tree["dept_a"], *specs)
    (row,) = selectors.unit_month_rows(user=hr_officer, start=MARCH, end=MARCH, today=TODAY)
    assert (row.on_time, row.late, row.open) == (expected["on_time"], expected["late"], expected["open"])


def test_the_database_counts_files_as_the_rule_says_for_random_ratings(tree, hr_officer):
    """The two-level rating count (files grouped first, then asked whether a PAKN names them) against the rule
    counted in Python: a file is a dossier code rated in the unit and month; a bad one was rated dissatisfied there
    that month or is named by any PAKN that is not spam or a duplicate."""
    rng = random.Random(766)
    officer = StaffMemberFactory(org_unit=tree["dept_a"])
    codes = [f"HS-{n}" for n in range(12)] + [""]
    specs = [{"dossier_code": rng.choice(codes), "satisfied": rng.random() < 0.7,
              "rated": date(2026, rng.choice([3, 4]), rng.randint(1, 28))} for _ in range(80)]
    ratings(officer, *specs)
    named = {code: rng.choice(["received", "answered", "spam", "duplicate"]) for code in rng.sample(codes[:-1], 6)}
    cases(tree["dept_b"], *[{"dossier_code": code, "status": status} for code, status in named.items()])
    counted = {code for code, status in named.items() if status not in ("spam", "duplicate")}
    rows = {row.month: row for row in selectors.unit_month_rows(user=hr_officer, start=MARCH,
                                                                end=date(2026, 4, 1), today=TODAY)}
    for month in (MARCH, date(2026, 4, 1)):
        month_specs = [spec for spec in specs if spec["rated"].month == month.month]
        files = {spec["dossier_code"] for spec in month_specs} - {""}
        bad = {code for code in files if code in counted or any(
            spec["dossier_code"] == code and not spec["satisfied"] for spec in month_specs)}
        row = rows[month]
        assert (row.files, row.bad_files, row.ratings, row.satisfied) == (
            len(files), len(bad), len(month_specs), sum(spec["satisfied"] for spec in month_specs))


@pytest.mark.parametrize("reading", qd766.OVERDUE_READINGS)
def test_the_database_takes_out_of_satisfaction_what_the_rule_says_in_each_reading(tree, hr_officer, reading):
    rng = random.Random(f"qd766-{reading}")
    specs, expected = [], 0
    for _ in range(40):
        due = date(2026, 3, 1) + timedelta(days=rng.randint(0, 60))
        answered = due + timedelta(days=rng.randint(-5, 5)) if rng.random() < 0.6 else None
        timeliness = qd766.case_timeliness(deadline=due, settled_on=answered, today=TODAY)
        complained = timeliness == qd766.LATE and rng.random() < 0.5  # recorded only for a late case
        dissatisfied = answered is not None and rng.random() < 0.3
        specs.append({"due_on": due, "answered_at": at(answered) if answered else None,
                      "citizen_satisfied": False if dissatisfied else None,
                      "overdue_complained_at": at(TODAY) if complained else None})
        expected += qd766.counts_against_satisfaction(dissatisfied=dissatisfied, timeliness=timeliness,
                                                      complained_overdue=complained, reading=reading)
    cases(tree["dept_a"], *specs)
    (row,) = selectors.unit_month_rows(user=hr_officer, start=MARCH, end=MARCH, today=TODAY, reading=reading)
    assert row.dissatisfied_or_overdue == expected


def test_officers_get_their_satisfaction_and_nobody_else_s_units(tree, hr_officer, march_ratings):
    other = StaffMemberFactory(full_name="Vàng Thị Dung", org_unit=tree["dept_b"])
    ratings(other, {"satisfied": False})
    rows = list(selectors.officer_rows(user=hr_officer, start=MARCH, end=MARCH))
    assert [(row["full_name"], row["ratings"], row["satisfied"]) for row in rows] == [("Phàn Văn Lở", 6, 4)]


# --- the page


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def on_15_april():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


@pytest.mark.parametrize(("role", "status"), [
    (roles.HR_OFFICER, 200), (roles.AGENCY_LEADER, 200), (roles.DEPARTMENT_HEAD, 200),
    (roles.FEEDBACK_HANDLER, 403), (roles.STAFF_MEMBER, 403), (roles.SYSTEM_ADMIN, 403)])
def test_hr_leaders_and_heads_read_the_ratios(client, users_by_role, role, status):
    client.force_login(users_by_role[role])
    assert client.get(reverse("feedback:ratios")).status_code == status
    assert client.get(reverse("feedback:ratios_export")).status_code == status


def test_the_page_shows_own_units_in_fixed_queries(english, tree, hr_officer, march_ratings, on_15_april,
                                                   django_assert_max_num_queries):
    cases(tree["dept_b"], {"answered_at": at(date(2026, 3, 3))})
    english.force_login(hr_officer)
    params = {"start": "03/2026", "end": "04/2026"}
    with django_assert_max_num_queries(12):
        response = english.get(reverse("feedback:ratios"), params)
    assert [(row.unit.code, row.month) for row in response.context["rows"]] == [("A-VHXH", MARCH)]
    page = response.content.decode()
    assert "60.0&nbsp;%" in page and "3 of 5" in page and "1 still open" in page
    assert "Phàn Văn Lở" in page and "66.7&nbsp;%" in page
    assert "Lý Thị Mai" not in page and "0912345678" not in page


def test_a_unit_outside_the_scope_is_not_found(client, tree, hr_officer, march_ratings):
    client.force_login(hr_officer)
    assert client.get(reverse("feedback:ratios"), {"unit": tree["dept_b"].pk}).status_code == 404
    assert client.get(reverse("feedback:ratios_export"), {"unit": tree["dept_b"].pk}).status_code == 404
    response = client.get(reverse("feedback:ratios"), {"unit": tree["dept_a2"].pk, "start": "03/2026"})
    assert response.status_code == 200 and not response.context["rows"]


def test_months_are_checked_with_clear_messages(english, hr_officer):
    english.force_login(hr_officer)
    response = english.get(reverse("feedback:ratios"), {"start": "13/2026"})
    assert response.context["form"].errors["start"] == ["Enter a month as mm/yyyy, for example 03/2026."]
    response = english.get(reverse("feedback:ratios"), {"start": "01/2024", "end": "03/2026"})
    assert "Choose at most 24 months." in response.content.decode()
    response = english.get(reverse("feedback:ratios"), {"start": "05/2026", "end": "03/2026"})
    assert "must not come after" in response.content.decode()
    assert english.get(reverse("feedback:ratios_export"), {"start": "x"}).status_code == 302


def test_no_data_shows_an_empty_state(english, hr_officer):
    english.force_login(hr_officer)
    response = english.get(reverse("feedback:ratios"), {"start": "01/2026", "end": "02/2026"})
    assert "No feedback and no rating in your units in these months." in response.content.decode()


def test_the_export_holds_the_same_rows_and_no_citizen(client, hr_officer, march_ratings, on_15_april):
    client.force_login(hr_officer)
    response = client.get(reverse("feedback:ratios_export"), {"start": "03/2026", "end": "03/2026"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    units, officers = (list(sheet.iter_rows(min_row=2, values_only=True)) for sheet in workbook.worksheets)
    assert units[0][:7] == ("Phòng Văn hóa - Xã hội", "A-VHXH", "03/2026", 60, 3, 5, 1)
    assert units[0][7:] == (75, 6, 8, 50, 2, 4, 6)
    assert len(units) == 2  # the unit-month, then the total
    assert officers == [("Phàn Văn Lở", "Phòng Văn hóa - Xã hội", 6, 4, pytest.approx(66.7))]
    cells = {str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
             for value in row}
    assert "Lý Thị Mai" not in cells and "0912345678" not in cells


def test_officers_are_paged_without_counting_them_all(tree, hr_officer):
    from feedback.views.ratios import _officer_page

    for n in range(5):
        ratings(StaffMemberFactory(full_name=f"Cán bộ {n}", org_unit=tree["dept_a"]),
                *[{"satisfied": k < n} for k in range(4)])
    scope = {"user": hr_officer, "start": MARCH, "end": MARCH, "unit": None}
    first = _officer_page(scope, None, per_page=2)
    assert [(row["full_name"], row["percent"]) for row in first] == [("Cán bộ 0", 0), ("Cán bộ 1", 25)]
    assert first.has_next and not first.has_previous
    last = _officer_page(scope, "3", per_page=2)
    assert [row["full_name"] for row in last] == ["Cán bộ 4"] and not last.has_next and last.has_previous
    assert _officer_page(scope, "x", per_page=2).number == 1


def test_a_head_reads_only_their_own_units_ratios(client, tree, department_head, march_ratings, on_15_april):
    client.force_login(department_head)
    assert client.get(reverse("feedback:ratios"), {"unit": tree["dept_a2"].pk}).status_code == 404
    response = client.get(reverse("feedback:ratios"), {"start": "03/2026", "end": "04/2026"})
    assert response.status_code == 200
    assert [row.unit.pk for row in response.context["rows"]] == [tree["dept_a"].pk]
