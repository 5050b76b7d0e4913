"""Demo data of the staff app: the real Bát Xát structure before and after 1 July 2025.

The 21 old units, their codes and the 8 successor communes come from `staff/data/bat-xat-units.json`
(taken from the package vietnamadminunits). The district's departments follow the national template
(Bát Xát's exact list is unconfirmed); the new communes' departments follow the two-tier model.
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings

from staff import roles, services
from staff.models import OrgUnit, Rank, SalaryStep, User
from staff.reference_data import ranks_ensure

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "bat-xat-units.json"
REFORM_DAY = date(2025, 7, 1)
OLD_LAST_DAY = date(2025, 6, 30)

DISTRICT_DEPARTMENTS = [
    ("VP", "Văn phòng HĐND và UBND huyện"),
    ("NV", "Phòng Nội vụ"),
    ("TCKH", "Phòng Tài chính - Kế hoạch"),
    ("TP", "Phòng Tư pháp"),
    ("KTHT", "Phòng Kinh tế - Hạ tầng"),
    ("NN", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("TNMT", "Phòng Tài nguyên và Môi trường"),
    ("GDDT", "Phòng Giáo dục và Đào tạo"),
    ("YT", "Phòng Y tế"),
    ("VHTT", "Phòng Văn hóa và Thông tin"),
    ("LDTBXH", "Phòng Lao động - Thương binh và Xã hội"),
    ("DT", "Phòng Dân tộc"),
    ("TTr", "Thanh tra huyện"),
]
COMMUNE_DEPARTMENTS = [
    ("VP", "Văn phòng HĐND và UBND"),
    ("KT", "Phòng Kinh tế"),
    ("VHXH", "Phòng Văn hóa - Xã hội"),
    ("HCC", "Trung tâm Phục vụ hành chính công"),
]

# (username, full name, role, codes of the units in scope; "" scope = every unit)
DEMO_ACCOUNTS = [
    ("quantri", "Trần Văn Quân", roles.SYSTEM_ADMIN, []),
    ("tochuc", "Nguyễn Thị Hoa", roles.HR_OFFICER, ["02683"]),
    ("lanhdao", "Hoàng Văn Thắng", roles.AGENCY_LEADER, ["02683"]),
    ("truongphong", "Giàng A Páo", roles.DEPARTMENT_HEAD, ["02683-VHXH"]),
    ("congchuc", "Lý Thị Mẩy", roles.STAFF_MEMBER, ["02683-VHXH"]),
    ("tiepnhan", "Phàn Văn Lở", roles.FEEDBACK_HANDLER, ["02683-HCC"]),
    ("tochuc.yty", "Chảo Thị Dung", roles.HR_OFFICER, ["02701"]),
]


def _unit(*, code, name, kind, level, parent=None, valid_from=None, valid_to=None) -> OrgUnit:
    """Create the unit, or bring an existing one (same code and start date) back to these values."""
    fields = {"name": name, "kind": kind, "level": level, "parent": parent, "valid_from": valid_from,
              "valid_to": valid_to}
    existing = OrgUnit.objects.filter(code=code, valid_from=valid_from).first()
    if existing is None:
        return services.orgunit_create(code=code, **fields)
    if any(getattr(existing, key) != value for key, value in fields.items()):
        return services.orgunit_update(unit=existing, **fields)
    return existing


def _agency_name(unit_name: str) -> str:
    kind, _, rest = unit_name.partition(" ")
    return f"UBND {kind.lower()} {rest}"


def seed_units() -> dict[str, OrgUnit]:
    ranks_ensure(Rank, SalaryStep)
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    district = data["old_district"]
    Kind, Level = OrgUnit.Kind, OrgUnit.Level
    old_province = _unit(code=district["province_code"], name=f"{district['province']} (trước 01/07/2025)",
                         kind=Kind.PROVINCE, level=Level.PROVINCE, valid_to=OLD_LAST_DAY)
    new_province = _unit(code=data["new_communes"][0]["province_code"], name="Tỉnh Lào Cai",
                         kind=Kind.PROVINCE, level=Level.PROVINCE, valid_from=REFORM_DAY)
    old_province.successors.add(new_province)
    ubnd_district = _unit(code=district["code"], name="UBND huyện Bát Xát", kind=Kind.AGENCY,
                          level=Level.DISTRICT, parent=old_province, valid_to=OLD_LAST_DAY)
    for suffix, name in DISTRICT_DEPARTMENTS:
        _unit(code=f"{district['code']}-{suffix}", name=name, kind=Kind.DEPARTMENT, level=Level.DISTRICT,
              parent=ubnd_district, valid_to=OLD_LAST_DAY)
    units = {}
    for commune in data["new_communes"]:
        agency = _unit(code=commune["code"], name=_agency_name(commune["name"]), kind=Kind.AGENCY,
                       level=Level.COMMUNE, parent=new_province, valid_from=REFORM_DAY)
        units[commune["code"]] = agency
        for suffix, name in COMMUNE_DEPARTMENTS:
            units[f"{commune['code']}-{suffix}"] = _unit(
                code=f"{commune['code']}-{suffix}", name=name, kind=Kind.DEPARTMENT, level=Level.COMMUNE,
                parent=agency, valid_from=REFORM_DAY)
    ubnd_district.successors.add(*[units[c["code"]] for c in data["new_communes"]])
    for old in data["old_units"]:
        unit = _unit(code=old["code"], name=_agency_name(old["name"]), kind=Kind.AGENCY, level=Level.COMMUNE,
                     parent=ubnd_district, valid_to=OLD_LAST_DAY)
        unit.successors.add(units[old["successor_code"]])
        units[f"old-{old['code']}"] = unit
    return units


def seed_accounts(units: dict[str, OrgUnit]) -> list[User]:
    accounts = []
    for username, full_name, role, codes in DEMO_ACCOUNTS:
        scope = [units[code] for code in codes]
        if role == roles.HR_OFFICER:
            # HR of a new commune also keeps the files of the commune units it replaced (not the whole district).
            for agency in list(scope):
                scope.extend(agency.predecessors.filter(level=agency.level))
        fields = {"full_name": full_name, "email": f"{username}@batxat.demo", "is_active": True,
                  "is_staff": role == roles.SYSTEM_ADMIN, "is_superuser": role == roles.SYSTEM_ADMIN}
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(username=username, password=settings.DEMO_PASSWORD, roles=[role],
                                        org_units=scope, **fields)
        else:
            user = services.user_update(user=user, roles=[role], org_units=scope, **fields)
        accounts.append(user)
    return accounts


def seed(*, stdout) -> None:
    from staff.demo import people as demo_people

    units = seed_units()
    accounts = seed_accounts(units)
    positions = demo_people.seed_positions(units=units)
    created = demo_people.seed_people(count=150)
    stdout.write(f"staff: {OrgUnit.objects.count()} org units, {len(accounts)} demo accounts "
                 f"(password: {settings.DEMO_PASSWORD}), {len(positions)} job positions, {created} new staff files")


def seed_scale(*, n: int, stdout) -> None:
    """A province-size tree for benchmarks: one commune agency with four departments per 200 staff."""
    units = seed_units()
    province = units["02683"].parent
    communes = max(1, n // 200)
    for index in range(1, communes + 1):
        agency = _unit(code=f"BENCH{index:05d}", name=f"UBND xã Mẫu số {index}", kind=OrgUnit.Kind.AGENCY,
                       level=OrgUnit.Level.COMMUNE, parent=province, valid_from=REFORM_DAY)
        for suffix, name in COMMUNE_DEPARTMENTS:
            _unit(code=f"BENCH{index:05d}-{suffix}", name=name, kind=OrgUnit.Kind.DEPARTMENT,
                  level=OrgUnit.Level.COMMUNE, parent=agency, valid_from=REFORM_DAY)
    from staff.demo import people as demo_people

    created = demo_people.seed_people_scale(count=n)
    stdout.write(f"staff: {communes} generated communes, {OrgUnit.objects.count()} org units in all, "
                 f"{created} generated staff files")
