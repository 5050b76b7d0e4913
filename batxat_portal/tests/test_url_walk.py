"""Every URL for every role: no page fails with a 500, and none is reached outside its role or its units.

For each URL pattern the path's ids are filled with rows of the user's own commune (A) and of another one (B); each of
the six roles of staff/roles.py (in commune A), a superuser and a user with no role opens it. Where the view declares
a permission, the role must hold it and the row must lie in the user's units (or the user sees every unit) to get a
200 or a 302; anyone else gets a 403 or a 404. Pages about one's own records open only one's own rows. A view that
takes only POST answers a GET with 405 (its refusals are in test_write_permissions.py). Public pages only must not
fail. The Django admin has its own checks (test_public_access.py). No page shows Django's "---------" empty choice.
"""

import pytest
from django.urls import reverse

from batxat_portal.tests import walk

# Pages whose rule is neither a declared permission nor "one's own rows": who may open them, as the view decides.
PRINT_OTHERS = ("evaluation.view_yearresult", "evaluation.propose_yearresult")  # evaluation/views/paper.py


def _reads_review_results(user, side, world):
    # The reviewed person, or whoever reads review requests in the subject's units (selectors.review_report_request_for)
    return user.has_perm("evaluation.view_reviewrequest") and (side == "a" or walk.sees_every_unit(user))


def _reads_the_file_or_owns_it(user, side, world):
    # staff/views/people.py staff_photo and personal_record_pdf (selectors.staff_file_or_own): whoever reads files in
    # the file's unit, or the person whose file it is.
    return ((side == "a" and user == world.users["member"])
            or (user.has_perm("staff.view_staffmember") and (side == "a" or walk.sees_every_unit(user))))


RULES = {
    "staff:staff_photo": _reads_the_file_or_owns_it,
    "staff:staff_paper": _reads_the_file_or_owns_it,
    "evaluation:result_pdf": lambda user, side, world: (
        (side == "a" and user == world.users["member"])
        or (any(user.has_perm(p) for p in PRINT_OTHERS) and (side == "a" or walk.sees_every_unit(user)))),
    "evaluation:review_report": _reads_review_results,
    "evaluation:review_report_export": _reads_review_results,
}

# Not walked here, and why.
SKIPPED = {
    "healthz": "asks the broker, which the tests do not run; batxat_portal/tests/test_healthz.py",
}

REACHED, REFUSED, POST_ONLY = {200, 302}, {403, 404}, {405}
EMPTY_CHOICE = b"---------"  # Django's empty choice: the portal's selects say "Tất cả" or "— chọn —"


def visits(world):
    """(url name, side, url) of every page: "a" and "b" for paths with a row, None for the others."""
    for name, pattern in walk.named_patterns():
        if name in SKIPPED:
            continue
        search = walk.SEARCH if name in walk.SEARCHES else {}
        if name in walk.ROWS:
            for key, side in world.sides.items():
                yield name, pattern, key, reverse(name, kwargs=walk.ROWS[name](side)), search
        elif name in walk.SIDE_QUERIES:
            for key, side in world.sides.items():
                yield name, pattern, key, reverse(name), walk.SIDE_QUERIES[name](side)
        elif name in walk.NATIONAL_ROWS:
            yield name, pattern, None, reverse(name, kwargs=walk.NATIONAL_ROWS[name](world)), search
        else:
            yield name, pattern, None, reverse(name), search


def expected(name, facts, user, side, world) -> set[int] | None:
    """The statuses allowed for this visit; None for public pages (anything but a server error)."""
    if facts.is_public:
        return None
    if facts.only_post:
        return POST_ONLY
    if name in RULES:
        return REACHED if RULES[name](user, side, world) else REFUSED
    if facts.permissions:
        in_scope = side != "b" or walk.sees_every_unit(user)
        return REACHED if user.has_perms(facts.permissions) and in_scope else REFUSED
    if name in walk.OWN_FILE and not hasattr(user, "staff_member"):
        return {404}
    if name in walk.OWN_RECORDS:
        return REACHED if side == "a" and user == world.users["member"] else REFUSED
    return REACHED  # a signed-in person's own pages: account, own file, own work


def test_every_path_with_an_id_says_which_row_fills_it():
    missing = [name for name, pattern in walk.named_patterns()
               if walk.path_arguments(pattern) and name not in walk.ROWS and name not in walk.NATIONAL_ROWS
               and name not in SKIPPED]
    assert not missing, f"add these to batxat_portal/tests/walk.py ROWS: {missing}"


@pytest.mark.parametrize("who", walk.USERS)
def test_each_role_reaches_its_pages_and_no_other_nor_another_unit_s_rows(client, db, world, who, cheap_pdf):
    user = world.users[who]
    client.force_login(user)
    client.raise_request_exception = False
    wrong = []
    for name, pattern, side, url, query in visits(world):
        facts = walk.view_facts(pattern)
        response = client.get(url, query)
        allowed = expected(name, facts, user, side, world)
        status = response.status_code
        if status >= 500 or (allowed is not None and status not in allowed):
            wrong.append(f"{name} [{side or '-'}] {url}: {status}, expected {sorted(allowed or ['< 500'])}")
        elif status == 200 and not response.streaming and EMPTY_CHOICE in response.content:
            wrong.append(f"{name} [{side or '-'}] {url}: a select's empty choice reads '---------'")
    assert not wrong, f"{who}:\n" + "\n".join(wrong)
