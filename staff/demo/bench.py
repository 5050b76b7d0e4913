from django.urls import reverse

from batxat_portal.bench import Floor, Measurement

PER_PAGE = 50
SEARCH = "nguyen van"
# The columns a row of the staff list shows, with the unit, position and rank they name.
_LIST_ROWS = (
    "SELECT s.id, s.full_name, s.leadership_title, s.date_of_birth, u.name, p.name, r.name, s.salary_step, s.status "
    "FROM staff_staffmember s JOIN staff_orgunit u ON u.id = s.org_unit_id "
    "LEFT JOIN staff_jobposition p ON p.id = s.position_id LEFT JOIN staff_rank r ON r.id = s.rank_id ")


def _commune_url() -> str:
    from staff.models import OrgUnit

    unit = OrgUnit.objects.filter(code="02683", valid_from__isnull=False).get()
    return reverse("staff:orgunit_detail", kwargs={"pk": unit.pk})


def _a_file():
    """A generated person with a career history, as HR of the whole province sees them."""
    from staff.models import StaffMember

    return StaffMember.objects.filter(id_number__startswith="099").order_by("id").first() or \
        StaffMember.objects.order_by("id").first()


def _a_file_url() -> str:
    return reverse("staff:staff_detail", kwargs={"pk": _a_file().pk})


def _list_floor():
    """The first page's rows in name order, and one more to know whether a next page follows."""
    return _LIST_ROWS + f"ORDER BY s.search_key, s.id LIMIT {PER_PAGE + 1}", []


def _search_floor():
    """What the search must read: each name key's first rows from where the typed text begins (one UNION where the
    database allows, as the page does), then the page's rows."""
    from django.db import connection

    from staff.models import StaffMember
    from staff.selectors import name_search_reads

    reads = name_search_reads(StaffMember.objects.all(), SEARCH, wanted=PER_PAGE + 1)
    ids = sorted({row[-1] for read in reads for row in read})[: PER_PAGE + 1] or [0]
    if connection.features.supports_slicing_ordering_in_compound:
        statements = [reads[0].union(*reads[1:], all=True).query.sql_with_params()]
    else:
        statements = [read.query.sql_with_params() for read in reads]
    return [*statements, (_LIST_ROWS + f"WHERE s.id IN ({', '.join(str(pk) for pk in ids)})", [])]


def _file_floor():
    """The page's own statements, bare: the file, its seven kinds of rows and its history (the session and the
    account's reads left out)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from staff.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="quantri"))
    url = _a_file_url()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    framework = ("django_session", "FROM \"staff_user\" WHERE", "auth_permission", "staff_user_org_units")
    return [(query["sql"], None) for query in captured.captured_queries
            if not any(part in query["sql"] for part in framework)]


MEASUREMENTS = [
    Measurement("home page (HR officer)", "/", "tochuc"),
    Measurement("org units, first page (system admin)", "/don-vi/", "quantri"),
    Measurement("org units, search without diacritics", "/don-vi/", "quantri", {"q": "xa mau so 1"}),
    Measurement("org units, search-as-you-type", "/don-vi/tim/", "quantri", {"q": "ubnd xa", "field": "parent"}),
    Measurement("org unit detail (HR officer)", _commune_url, "tochuc"),
    # The session, the account and the layout: what every page below costs before its own work.
    Measurement("a signed-in page with nothing to show", "/ho-so-cua-toi/", "quantri", every_scale=True),
    Measurement("staff list, first page (province)", "/can-bo/", "quantri", floor=Floor(_list_floor, "page rows"),
                every_scale=True),
    Measurement("staff list, filtered page", "/can-bo/", "quantri",
                {"ethnicity": "08", "age_band": "30-39", "education_level": "4", "page": "2"}),
    Measurement("staff list, search without diacritics", "/can-bo/", "quantri", {"q": SEARCH},
                floor=Floor(_search_floor, "key ranges + rows"), every_scale=True),
    Measurement("a person's file", _a_file_url, "quantri", floor=Floor(_file_floor, "its own SQL"),
                every_scale=True),
    Measurement("forecasts, 12 months (province)", "/can-bo/du-bao/", "quantri"),
    Measurement("statistics on a date (province)", "/can-bo/thong-ke/", "quantri", {"as_of": "28/11/2026"}),
]
