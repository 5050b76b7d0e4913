from datetime import date

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from staff import demo, roles, services
from staff.models import JobPosition, OrgUnit, Qualification, StaffMember, User


def _seed():
    """The organisation and the accounts only: the full command (with 150 files) runs once, below."""
    services.roles_sync()
    demo.seed_accounts(demo.seed_units())


def test_seeding_everything_twice_changes_nothing(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (OrgUnit.objects.count(), User.objects.count(), OrgUnit.successors.through.objects.count(),
              StaffMember.objects.count(), JobPosition.objects.count(), Qualification.objects.count())
    assert counts[3] >= 150
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (OrgUnit.objects.count(), User.objects.count(), OrgUnit.successors.through.objects.count(),
            StaffMember.objects.count(), JobPosition.objects.count(), Qualification.objects.count()) == counts
    assert StaffMember.objects.get(user__username="congchuc").full_name == "Lý Thị Mẩy"


def test_the_old_district_and_its_21_units_end_on_30_june_2025(db):
    _seed()
    district = OrgUnit.objects.get(code="082")
    communes = OrgUnit.objects.filter(parent=district, kind="agency")
    assert communes.count() == 21
    assert set(communes.values_list("valid_to", flat=True)) == {date(2025, 6, 30)}
    assert OrgUnit.objects.get(code="02683", valid_to=date(2025, 6, 30)).name == "UBND thị trấn Bát Xát"


def test_the_8_new_communes_succeed_the_old_units(db):
    _seed()
    new = OrgUnit.objects.filter(valid_from=date(2025, 7, 1), kind="agency")
    assert new.count() == 8
    bat_xat = new.get(code="02683")
    assert sorted(bat_xat.predecessors.exclude(code="082").values_list("code", flat=True)) == [
        "02683", "02710", "02716", "02734", "02743"]
    old_nam_chac = OrgUnit.objects.get(code="02689")
    assert [u.name for u in old_nam_chac.successors.all()] == ["UBND xã A Mú Sung"]
    assert OrgUnit.objects.get(code="082").successors.count() == 8


def test_every_demo_account_signs_in_with_the_readme_password_and_has_its_role(db):
    _seed()
    request = RequestFactory().post("/dang-nhap/")
    for username, _name, role, _units in __import__("staff.demo", fromlist=["x"]).DEMO_ACCOUNTS:
        user = authenticate(request, username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert list(user.groups.values_list("name", flat=True)) == [role]
    assert User.objects.get(username="quantri").is_superuser
    assert roles.HR_OFFICER in User.objects.get(username="tochuc").groups.values_list("name", flat=True)


def test_the_readme_shows_the_demo_password(db):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert settings.DEMO_PASSWORD in readme


def test_the_scale_generator_adds_communes_and_staff_in_proportion(db):
    call_command("seed_demo", "--scale", "1000", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OrgUnit.objects.filter(code__startswith="BENCH", kind="agency").count() == 5
    assert StaffMember.objects.filter(id_number__startswith="099").count() == 1000


def test_the_demo_hr_officer_sees_their_commune_and_the_communes_it_replaced_only(db):
    _seed()
    scope = set(User.objects.get(username="tochuc").org_units.values_list("code", flat=True))
    assert scope == {"02683", "02710", "02716", "02734", "02743"}
