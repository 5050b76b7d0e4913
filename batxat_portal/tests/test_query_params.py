"""A hand-edited address never fails with a 500: every query parameter of every page, given any text, as every role.

For each user of the walk's world (batxat_portal/tests/walk.py) every page that answers its GET with a 200 is opened
again with its query parameters set by hand: the fields of its GET forms (read from the page itself, the choosers'
hidden field names included), what its view's module reads from request.GET itself, its page number. First every
parameter at once holds each FIXED value, then Hypothesis puts random text in a random few of them (EXAMPLES times,
derandomized so that a run repeats the last one). A bad value shows the form's error or is ignored; it never reaches
the database as a broken query. DIRECT lists every parameter the views read themselves, kept complete by a test that
reads their source: a new one is seen, and its reading reviewed, before it ships.
"""

import inspect
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from batxat_portal.forms import row_id
from batxat_portal.paging import LAST_PAGE, page_number
from batxat_portal.tests import walk
from batxat_portal.tests.test_url_walk import SKIPPED, visits

# Query parameters views read from request.GET themselves, not through a form of the page.
DIRECT = {"page", "officer_page", "status", "group", "year", "size", "quay", "unit", "unit_text", "parent", "q",
          "field", "multiple", "format", "code", "next", "org_unit", "row"}

# Text a person might type into an address: digits, letters (Vietnamese too), signs, spaces, now and then a control
# character; short, as a hand edit is.
VALUES = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789-/.,", min_size=1, max_size=12),
    st.sampled_from(["abc", "-1", "1.5", "2026-13-45", "31/02/2026", " ", "Nguyễn", "%", "[]", "1,2", "None"]),
)
# Every parameter of a page at once with each of these, then EXAMPLES random mixes of some of them.
FIXED = ("abc", "99999999999999999999", "\x00", "-1")
EXAMPLES = 3

class _GetFormFields(HTMLParser):
    """The names of the fields of a page's GET forms (a form without a method is a GET form)."""

    def __init__(self):
        super().__init__()
        self.names, self._in_get_form = set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in ("input", "select", "textarea") and attrs.get("name"):
            self.names.add(attrs["name"])
        if self._in_get_form and attrs.get("hx-vals"):  # a search-as-you-type chooser names the field it fills
            self.names.add(json.loads(attrs["hx-vals"]).get("field", "csrfmiddlewaretoken"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _get_form_fields(html: str) -> set[str]:
    parser = _GetFormFields()
    parser.feed(html)
    return parser.names - {"csrfmiddlewaretoken"}


def test_direct_lists_every_parameter_a_view_reads_itself():
    found = set()
    for app in ("batxat_portal", "staff", "evaluation", "feedback"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "tests" not in path.parts:
                found |= _reads(path)
    assert found, "the pattern no longer reads the views"
    assert found <= DIRECT, f"add to DIRECT: {sorted(found - DIRECT)}"


_READ = re.compile(r"""GET(?:\.get|\.getlist)?[(\[]\s*f?["']([a-z_{}]+)["']""")


def _reads(path: Path) -> set[str]:
    return {name for name in _READ.findall(path.read_text(encoding="utf-8")) if "{" not in name}


def _parameters(name, pattern, html) -> set[str]:
    """What a page takes in its query string: its GET forms' fields, what its view's module reads itself, the page
    number of a paged list, and the search terms of a search-as-you-type answer."""
    callback = pattern.callback
    view = getattr(callback, "view_class", None) or callback
    names = _get_form_fields(html) | _reads(Path(inspect.getsourcefile(view)))
    if getattr(view, "paginate_by", None) or 'page=' in html:
        names.add("page")
    if name in walk.SEARCHES:
        names |= {"q", "field", "multiple"}
    return names


def _try(client, url, query, parameters, wrong, *, label):
    """Open the page with every parameter set to each FIXED value, then with random text in some of them."""

    def opens(values):
        status = client.get(url, {**query, **values}).status_code
        if status >= 500:
            wrong.append(f"{label} {url} {values!r}: {status}")

    for value in FIXED:
        opens(dict.fromkeys(parameters, value))

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))
    @given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(parameters, VALUES)))
    def random_values(values):
        opens(values)

    random_values()


@pytest.mark.parametrize("who", walk.USERS)
def test_no_query_parameter_of_any_page_fails_with_a_server_error(client, db, world, who, cheap_pdf):
    client.force_login(world.users[who])
    client.raise_request_exception = False
    wrong = []
    for name, pattern, side, url, query in visits(world):
        if name in SKIPPED or walk.view_facts(pattern).only_post:
            continue
        response = client.get(url, query)
        if response.status_code != 200:
            continue
        html = response.content.decode("utf-8", "replace") if "html" in response.get("Content-Type", "") else ""
        parameters = sorted(_parameters(name, pattern, html))
        if parameters:
            _try(client, url, query, parameters, wrong, label=f"{name} [{side or '-'}]")
    assert not wrong, f"{who}:\n" + "\n".join(sorted(set(wrong)))


def test_a_unit_typed_by_hand_in_the_staff_list_s_address_is_ignored(client, db, world):
    client.force_login(world.users["hr"])
    for value in ("abc", "1.5", "²", "99999999999999999999"):
        response = client.get(reverse("staff:staff_list"), {"unit": value})
        assert response.status_code == 200, value
        assert world.sides["a"].rows["staffmember"].full_name in response.content.decode(), value


@pytest.mark.parametrize(("typed", "found"), [
    ("12", 12), (12, 12), ("abc", None), ("", None), (None, None), ("-1", None), ("1.5", None), ("²", None),
    ("٣", None), ("9" * 19, None), (" 12", None)])
def test_a_row_id_typed_by_hand_is_a_whole_number_a_database_id_holds(typed, found):
    assert row_id(typed) == found


@pytest.mark.parametrize(("typed", "number"), [
    ("3", 3), ("0", 1), ("-2", 1), ("abc", 1), (None, 1), (str(LAST_PAGE), LAST_PAGE), (str(LAST_PAGE + 1), 1),
    ("9" * 20, 1)])
def test_a_page_number_typed_by_hand_is_page_1_unless_a_page_can_hold_it(typed, number):
    assert page_number(typed) == number
