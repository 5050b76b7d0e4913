"""Every write endpoint declares its permission on the view, and refuses whoever lacks it without saving anything.

A view that accepts POST declares PermissionRequiredMixin.permission_required or @permission_required, or is listed
in EXEMPT with the reason (public citizen forms, one's own records, signing in). Then every such view is POSTed as
each user of the walk's world who lacks the permission (403 or 404), by those who hold it on a row of another
commune (403 or 404 unless they see every unit), and the own-record pages by anyone but the owner (404): in each
case no INSERT, UPDATE or DELETE reaches the database. Last, the whole walk of test_url_walk.py is POSTed: wherever
a role's GET is refused (403 or 404), whatever the view declares, its POST is refused too and writes nothing.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from batxat_portal.tests import walk
from batxat_portal.tests.test_url_walk import visits
from evaluation.models import PeriodScore, QuestionSet
from staff import roles
from staff.models import JobPosition
from staff.tests.factories import StaffMemberFactory

# POST without a declared permission, on purpose.
EXEMPT = {
    # Public: citizens, and anyone signing in or choosing a language.
    "home": "the public home page; writes nothing",
    "set_language": "Django's language switch",
    "login": "signing in",
    "password_reset": "asking for a reset link (rate-limited)",
    "password_reset_confirm": "setting a new password with the mailed token",
    "captcha-image": "the self-hosted captcha's picture", "captcha-image-2x": "the captcha's picture",
    "captcha-audio": "the captcha's sound", "captcha-refresh": "a new captcha",
    "feedback:public_send": "a citizen sends feedback",
    "feedback:public_track": "a citizen looks a case up by its tracking code (rate-limited)",
    "feedback:public_rate": "a citizen rates the answer, with the tracking code",
    "feedback:public_add_info": "a citizen adds information, with the tracking code",
    "feedback:rate": "a citizen rates an officer through the officer's link",
    "feedback:survey_answer": "a citizen answers a published survey",
    # Signed in, about oneself: whose record it is decides, not a permission.
    "logout": "signing out",
    "password_change": "one's own password",
    "staff:correction_create": "asking HR to correct one's own file",
    "evaluation:work_item_done": "reporting one's own work product done",
    "evaluation:self_assessment": "one's own self-assessment",
    "evaluation:appeal_create": "appealing one's own result",
    "evaluation:review_answer": "answering a review one was asked for",
}
OWN_RECORD_WRITES = walk.OWN_RECORDS | {"staff:correction_create"}

WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _post_views():
    return [(name, pattern, walk.view_facts(pattern)) for name, pattern in walk.named_patterns()
            if walk.view_facts(pattern).accepts_post]


def _url(name, side, world):
    if name in walk.ROWS:
        return reverse(name, kwargs=walk.ROWS[name](side))
    if name in walk.NATIONAL_ROWS:
        return reverse(name, kwargs=walk.NATIONAL_ROWS[name](world))
    return reverse(name)


def _post_writing_nothing(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data or {})
    writes = [query["sql"][:120] for query in queries.captured_queries if WRITE_SQL.match(query["sql"])]
    return response.status_code, writes


def test_every_view_that_accepts_post_declares_its_permission_or_is_exempt_on_purpose():
    undeclared = [name for name, _pattern, facts in _post_views() if not facts.permissions and name not in EXEMPT]
    assert not undeclared, f"declare permission_required on these views, or list them in EXEMPT: {undeclared}"


def test_the_exemptions_are_still_needed():
    facts = {name: walk.view_facts(pattern) for name, pattern in walk.named_patterns()}
    stale = [name for name in EXEMPT if name not in facts or not facts[name].accepts_post or facts[name].permissions]
    assert not stale, f"remove these from EXEMPT: {stale}"


def test_the_declarations_are_read_from_classes_and_decorators():
    """The reader must see both forms, or the test above could pass on views it cannot read."""
    facts = {name: walk.view_facts(pattern) for name, pattern in walk.named_patterns()}
    assert facts["staff:position_edit"].permissions == ("staff.change_jobposition",)  # a class
    assert facts["evaluation:general_points"].permissions == ("evaluation.change_periodscore",)  # a decorator
    assert facts["evaluation:general_points"].only_post
    assert facts["staff:staff_export"].permissions == ("staff.view_staffmember", "staff.export_staffmember")
    assert not facts["staff:staff_export"].accepts_post  # @require_GET


def test_whoever_lacks_a_write_permission_is_refused_and_nothing_is_saved(client, db, world, cheap_pdf):
    wrong = []
    for name, _pattern, facts in _post_views():
        if not facts.permissions or facts.is_public:
            continue
        for who, user in world.users.items():
            if user.has_perms(facts.permissions):
                continue
            client.force_login(user)
            status, writes = _post_writing_nothing(client, _url(name, world.sides["a"], world))
            if status not in (403, 404) or writes:
                wrong.append(f"{name} as {who}: {status}, writes {writes}")
    assert not wrong, "\n".join(wrong)


def test_a_write_permission_does_not_reach_another_commune_s_rows(client, db, world, cheap_pdf):
    wrong = []
    for name, _pattern, facts in _post_views():
        if not facts.permissions or name not in walk.ROWS:
            continue
        for who, user in world.users.items():
            if not user.has_perms(facts.permissions) or walk.sees_every_unit(user):
                continue
            client.force_login(user)
            status, writes = _post_writing_nothing(client, _url(name, world.sides["b"], world))
            if status not in (403, 404) or writes:
                wrong.append(f"{name} as {who}: {status}, writes {writes}")
    assert not wrong, "\n".join(wrong)


def test_one_s_own_records_are_written_by_their_owner_only(client, db, world):
    wrong = []
    for name in sorted(OWN_RECORD_WRITES):
        for who, user in world.users.items():
            sides = ("a", "b") if name in walk.ROWS else ("a",)  # without a row in the path: one's own file
            if who == "member":  # the member owns commune A's rows and has a file
                sides = ("b",) if name in walk.ROWS else ()
            for key in sides:
                client.force_login(user)
                status, writes = _post_writing_nothing(client, _url(name, world.sides[key], world))
                if status not in (403, 404) or writes:
                    wrong.append(f"{name} [{key}] as {who}: {status}, writes {writes}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("who", walk.USERS)
def test_where_a_role_s_get_is_refused_its_post_is_refused_too_and_saves_nothing(client, db, world, who, cheap_pdf):
    """The walk of test_url_walk.py again, by POST: every URL (with each commune's row) whose GET this user is refused
    (403 or 404) refuses a POST as well (403, 404, or 405 for a page that takes no POST) and writes nothing."""
    client.force_login(world.users[who])
    client.raise_request_exception = False
    wrong, refused = [], 0
    for name, _pattern, side, url, query in visits(world):
        if client.get(url, query).status_code not in (403, 404):
            continue
        refused += 1
        status, writes = _post_writing_nothing(client, url, query)
        if status not in (403, 404, 405) or writes:
            wrong.append(f"{name} [{side or '-'}] {url}: {status}, writes {writes}")
    assert refused or who == "superuser", f"{who} is refused nothing: the walk no longer reaches its pages"
    assert not wrong, f"{who}:\n" + "\n".join(wrong)


# --- the three writes that had no refusal test: refused with data that the right person saves


def test_general_points_are_scored_by_the_head_only(client, db, world):
    period, person = world.sides["a"].rows["period"], world.sides["a"].rows["staffmember"]
    url = reverse("evaluation:general_points", kwargs={"pk": period.pk})
    data = {"staff_member": person.pk, "points": "25"}
    for who in ("hr", "leader", "member", "handler", "nobody", "system_admin"):
        client.force_login(world.users[who])
        assert _post_writing_nothing(client, url, data) == (403, []), who
    assert PeriodScore.objects.get(period=period, staff_member=person).general_points == Decimal(30)
    client.force_login(world.users["head"])
    assert client.post(url, data).status_code == 302
    assert PeriodScore.objects.get(period=period, staff_member=person).general_points == Decimal(25)


def test_a_question_set_is_created_by_hr_only(client, db, world):
    agency = world.sides["a"].agency
    data = {"agency": agency.pk, "name": "Bộ câu hỏi cho lãnh đạo"}
    url = reverse("evaluation:question_set_create")
    for who in ("head", "leader", "member", "handler", "nobody", "system_admin"):
        client.force_login(world.users[who])
        assert _post_writing_nothing(client, url, data) == (403, []), who
    assert not QuestionSet.objects.filter(name=data["name"]).exists()
    client.force_login(world.users["hr"])
    assert client.post(url, data).status_code == 302
    assert QuestionSet.objects.get(name=data["name"]).agency == agency


def _form_data(form) -> dict:
    """What the form would send back unchanged."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def test_a_job_position_is_changed_by_hr_only(client, db, world):
    position = world.sides["a"].rows["position"]
    url = reverse("staff:position_edit", kwargs={"pk": position.pk})
    client.force_login(world.users["hr"])
    data = {**_form_data(client.get(url).context["form"]), "name": "Chuyên viên văn hóa - thông tin"}
    for who in ("head", "leader", "member", "handler", "nobody"):
        client.force_login(world.users[who])
        assert _post_writing_nothing(client, url, data) == (403, []), who
    assert JobPosition.objects.get(pk=position.pk).name == position.name
    client.force_login(world.users["hr"])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert JobPosition.objects.get(pk=position.pk).name == "Chuyên viên văn hóa - thông tin"


def test_hr_of_another_commune_cannot_change_this_commune_s_position(client, db, world, make_user):
    position = world.sides["a"].rows["position"]
    other_hr = make_user(roles.HR_OFFICER, [world.sides["b"].agency], username="hr_khac")
    StaffMemberFactory(org_unit=world.sides["b"].dept, user=other_hr)
    client.force_login(other_hr)
    url = reverse("staff:position_edit", kwargs={"pk": position.pk})
    assert _post_writing_nothing(client, url, {"name": "Đổi tên"}) == (404, [])
