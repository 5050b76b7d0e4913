"""The staff bench's pieces that must not rot unseen: the generator's name keys and the pages' floors."""

from io import StringIO

from batxat_portal.bench import measure, run_floor
from staff import demo as staff_demo
from staff.demo.bench import MEASUREMENTS
from staff.models import StaffMember
from staff.models.people import NAME_KEYS, name_search_keys


def test_the_generated_staff_carry_their_name_keys_and_the_floors_run(db):
    staff_demo.seed(stdout=StringIO())  # the demo accounts the pages are measured as
    staff_demo.seed_scale(n=400, stdout=StringIO())
    generated = StaffMember.objects.filter(id_number__startswith="099")
    assert generated.count() == 400
    for member in generated.values("full_name", *NAME_KEYS)[:100]:
        assert {key: member[key] for key in NAME_KEYS} == name_search_keys(member["full_name"])
    for measurement in MEASUREMENTS:
        if measurement.floor is not None:
            assert measurement.floor.statements(), measurement.label
            assert run_floor(measurement.floor) >= 0
            result = measure(measurement, repeat=1)
            assert result.status == 200 and result.floor_ms is not None, measurement.label
