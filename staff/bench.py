from django.urls import reverse

from batxat_portal.bench import Measurement


def _commune_url() -> str:
    from staff.models import OrgUnit

    unit = OrgUnit.objects.filter(code="02683", valid_from__isnull=False).get()
    return reverse("staff:orgunit_detail", kwargs={"pk": unit.pk})


MEASUREMENTS = [
    Measurement("home page (HR officer)", "/", "tochuc"),
    Measurement("org units, first page (system admin)", "/don-vi/", "quantri"),
    Measurement("org units, search without diacritics", "/don-vi/", "quantri", {"q": "xa mau so 1"}),
    Measurement("org units, search-as-you-type", "/don-vi/tim/", "quantri", {"q": "ubnd xa", "field": "parent"}),
    Measurement("org unit detail (HR officer)", _commune_url, "tochuc"),
]
