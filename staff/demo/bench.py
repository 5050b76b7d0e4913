from django.urls import reverse

from batxat_portal.bench import Measurement


def _commune_url() -> str:
    from staff.models import OrgUnit

    unit = OrgUnit.objects.filter(code="02683", valid_from__isnull=False).get()
    return reverse("staff:orgunit_detail", kwargs={"pk": unit.pk})


def _a_file_url() -> str:
    """A generated person with a career history, as HR of the whole province sees them."""
    from staff.models import StaffMember

    member = StaffMember.objects.filter(id_number__startswith="099").order_by("id").first() or \
        StaffMember.objects.order_by("id").first()
    return reverse("staff:staff_detail", kwargs={"pk": member.pk})


MEASUREMENTS = [
    Measurement("home page (HR officer)", "/", "tochuc"),
    Measurement("org units, first page (system admin)", "/don-vi/", "quantri"),
    Measurement("org units, search without diacritics", "/don-vi/", "quantri", {"q": "xa mau so 1"}),
    Measurement("org units, search-as-you-type", "/don-vi/tim/", "quantri", {"q": "ubnd xa", "field": "parent"}),
    Measurement("org unit detail (HR officer)", _commune_url, "tochuc"),
    Measurement("staff list, first page (province)", "/can-bo/", "quantri", every_scale=True),
    Measurement("staff list, filtered page", "/can-bo/", "quantri",
                {"ethnicity": "08", "age_band": "30-39", "education_level": "4", "page": "2"}),
    Measurement("staff list, search without diacritics", "/can-bo/", "quantri", {"q": "nguyen van"},
                every_scale=True),
    Measurement("a person's file", _a_file_url, "quantri", every_scale=True),
    Measurement("forecasts, 12 months (province)", "/can-bo/du-bao/", "quantri"),
    Measurement("statistics on a date (province)", "/can-bo/thong-ke/", "quantri", {"as_of": "28/11/2026"}),
]
