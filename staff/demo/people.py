"""Demo people of the staff app: job positions and about 150 files in the 8 communes that replaced Bát Xát.

Everything is drawn from `random.Random(seed)` against a fixed reference day, so two runs produce the same
people, and a second run creates nothing (files are keyed by a CCCD number derived from their index).
`seed_people` writes through the services, so history and derived columns are exactly what the portal
would store; `seed_people_scale` bulk-inserts tens of thousands of files for benchmarks.

The names, ethnic mix and career paths are plausible inventions, not real people. The ethnic mix among
civil servants is an assumption (about 82% of Bát Xát's population belong to minorities, docs/domain-rules.md);
Xá Phó are a local group of the Phù Lá and are recorded as Phù Lá.
"""

import bisect
import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from batxat_portal.dates import add_months
from batxat_portal.text import fold
from staff import demo
from staff.choices import (
    AssignmentKind,
    Category,
    DisciplineForm,
    EducationLevel,
    Gender,
    LeadershipTitle,
    LeaveKind,
    PoliticalTheory,
    PositionGroup,
    QualificationKind,
    RewardLevel,
    StateManagement,
    Status,
    SupportKind,
)
from staff.models import (
    Assignment,
    Discipline,
    JobPosition,
    Leave,
    OrgUnit,
    Qualification,
    Rank,
    Reward,
    SalaryStep,
    StaffMember,
    SupportPolicy,
    User,
)
from staff.models.people import name_search_keys
from staff.rules import nd135_2020, salary
from staff.services.people import record_save, staffmember_create

REF_DAY = date(2026, 11, 28)  # "today" of the demo data, so every run draws the same people
REFORM_DAY = demo.REFORM_DAY
OLD_LAST_DAY = demo.OLD_LAST_DAY
COMMUNE_CODES = ("02683", "02686", "02695", "02701", "02707", "02725", "02728", "02746")
DEMO_PREFIX = "010"  # CCCD province code of Lào Cai
SCALE_PREFIX = "099"
BASE_SALARY = Decimal("2340000")  # mức lương cơ sở from 2024-07-01 (NĐ 73/2024)

KINH, TAY, HMONG, DAO, GIAY, HA_NHI, PHU_LA = "01", "02", "08", "09", "25", "35", "40"
ETHNIC_MIX = [(KINH, 40), (HMONG, 18), (DAO, 14), (GIAY, 10), (HA_NHI, 6), (TAY, 6), (PHU_LA, 6)]
ETHNIC_LANGUAGE = {HMONG: "Tiếng Hmông", DAO: "Tiếng Dao", GIAY: "Tiếng Giáy", HA_NHI: "Tiếng Hà Nhì",
                   TAY: "Tiếng Tày", PHU_LA: "Tiếng Phù Lá"}


# --- Job positions --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PositionSpec:
    key: str
    name: str
    group: str
    departments: tuple[str, ...]  # where holders sit ("" = the agency itself)
    title: str  # leadership title of the holder
    headcount: int
    rank: str | None
    education: int
    fields: str
    political: int
    state_management: int
    description: str
    competencies: str
    old_title: str  # what the same work was called in an old commune before 2025-07-01
    district_departments: tuple[str, ...]  # old district departments people came from
    study: tuple[str, ...]  # fields of study holders usually have
    it: bool = False
    ethnic_language: bool = False


_L, _P, _S = PositionGroup.LEADERSHIP, PositionGroup.PROFESSIONAL, PositionGroup.SUPPORT
_BACH, _INTER = EducationLevel.BACHELOR, EducationLevel.INTERMEDIATE
_PT, _SM = PoliticalTheory, StateManagement
_LEAD_COMPETENCIES = ("Năng lực lãnh đạo, quản lý; tổ chức thực hiện chủ trương, chính sách; "
                      "điều hành, phối hợp; giao tiếp với Nhân dân.")
_PRO_COMPETENCIES = ("Nắm vững quy định của lĩnh vực; soạn thảo văn bản; giải quyết thủ tục hành chính trên "
                     "Hệ thống thông tin giải quyết TTHC; sử dụng CNTT; giao tiếp với người dân vùng dân tộc thiểu số.")

POSITIONS = [
    PositionSpec("CT", "Chủ tịch UBND xã", _L, ("",), LeadershipTitle.CHAIR, 1, "01.002", _BACH, "",
                 _PT.INTERMEDIATE, _SM.OFFICER,
                 "Lãnh đạo, điều hành toàn diện hoạt động của UBND xã; chịu trách nhiệm trước HĐND xã và "
                 "Chủ tịch UBND tỉnh.", _LEAD_COMPETENCIES, "Chủ tịch", ("VP", "NV", "TCKH", "NN", "DT"),
                 ("Hành chính học", "Luật", "Kinh tế nông nghiệp", "Quản lý đất đai", "Kế toán")),
    PositionSpec("PCT", "Phó Chủ tịch UBND xã", _L, ("",), LeadershipTitle.VICE_CHAIR, 2, "01.002", _BACH, "",
                 _PT.INTERMEDIATE, _SM.OFFICER,
                 "Giúp Chủ tịch UBND xã phụ trách khối kinh tế hoặc khối văn hóa - xã hội; thay mặt Chủ tịch "
                 "khi được ủy quyền.", _LEAD_COMPETENCIES, "Phó Chủ tịch",
                 ("VP", "NV", "TCKH", "NN", "KTHT", "VHTT", "DT"),
                 ("Hành chính học", "Luật", "Kinh tế nông nghiệp", "Quản lý đất đai", "Sư phạm Ngữ văn")),
    PositionSpec("CVP", "Chánh Văn phòng HĐND và UBND", _L, ("VP",), LeadershipTitle.CHIEF_OF_OFFICE, 1, "01.003",
                 _BACH, "Hành chính học, Luật, Quản lý nhà nước, Quản lý công", _PT.INTERMEDIATE, _SM.OFFICER,
                 "Điều hành Văn phòng; tham mưu tổng hợp, chương trình công tác, tư pháp, văn thư - lưu trữ của "
                 "HĐND và UBND xã.", _LEAD_COMPETENCIES, "Văn phòng - thống kê", ("VP", "NV"),
                 ("Hành chính học", "Luật", "Quản lý nhà nước")),
    PositionSpec("TPKT", "Trưởng phòng Kinh tế", _L, ("KT",), LeadershipTitle.HEAD, 1, "01.003", _BACH,
                 "Kinh tế, Kế toán, Tài chính, Quản lý đất đai, Nông nghiệp, Lâm nghiệp", _PT.INTERMEDIATE,
                 _SM.OFFICER,
                 "Điều hành Phòng Kinh tế: tài chính - ngân sách, nông nghiệp, đất đai, xây dựng, môi trường, "
                 "công thương.", _LEAD_COMPETENCIES, "Tài chính - kế toán", ("TCKH", "NN", "KTHT", "TNMT"),
                 ("Kinh tế nông nghiệp", "Kế toán", "Quản lý đất đai", "Lâm nghiệp")),
    PositionSpec("TPVHXH", "Trưởng phòng Văn hóa - Xã hội", _L, ("VHXH",), LeadershipTitle.HEAD, 1, "01.003", _BACH,
                 "Văn hóa, Sư phạm, Công tác xã hội, Hành chính học, Luật, Quản lý công", _PT.INTERMEDIATE, _SM.OFFICER,
                 "Điều hành Phòng Văn hóa - Xã hội: nội vụ, giáo dục, y tế, văn hóa, lao động, dân tộc, "
                 "tôn giáo.", _LEAD_COMPETENCIES, "Văn hóa - xã hội", ("VHTT", "LDTBXH", "DT", "GDDT", "YT"),
                 ("Sư phạm Ngữ văn", "Quản lý văn hóa", "Công tác xã hội", "Hành chính học")),
    PositionSpec("GDHCC", "Giám đốc Trung tâm Phục vụ hành chính công", _L, ("HCC",), LeadershipTitle.DIRECTOR, 1,
                 "01.003", _BACH, "Hành chính học, Luật, Công nghệ thông tin, Quản lý công", _PT.INTERMEDIATE,
                 _SM.OFFICER,
                 "Điều hành Trung tâm: tiếp nhận, trả kết quả thủ tục hành chính theo cơ chế một cửa, một cửa "
                 "liên thông; giám sát thời hạn giải quyết.", _LEAD_COMPETENCIES, "Tư pháp - hộ tịch",
                 ("VP", "TP"), ("Luật", "Hành chính học", "Công nghệ thông tin")),
    PositionSpec("VPTK", "Văn phòng - thống kê", _P, ("VP",), "", 2, "01.003", _BACH,
                 "Hành chính học, Quản lý nhà nước, Thống kê, Luật", _PT.NONE, _SM.OFFICER,
                 "Tổng hợp, báo cáo, thống kê; chương trình công tác; theo dõi thi đua - khen thưởng.",
                 _PRO_COMPETENCIES, "Văn phòng - thống kê", ("VP",), ("Hành chính học", "Quản lý nhà nước")),
    PositionSpec("TCKT", "Tài chính - kế toán", _P, ("KT",), "", 2, "01.003", _BACH, "Kế toán, Tài chính",
                 _PT.NONE, _SM.OFFICER,
                 "Lập dự toán, quyết toán ngân sách xã; kế toán các khoản thu, chi; quản lý tài sản công.",
                 _PRO_COMPETENCIES, "Tài chính - kế toán", ("TCKH",), ("Kế toán", "Tài chính - Ngân hàng")),
    PositionSpec("TPHT", "Tư pháp - hộ tịch", _P, ("VP", "HCC"), "", 2, "01.003", _BACH, "Luật", _PT.NONE,
                 _SM.OFFICER,
                 "Đăng ký hộ tịch, chứng thực; phổ biến, giáo dục pháp luật; hòa giải ở cơ sở.",
                 _PRO_COMPETENCIES, "Tư pháp - hộ tịch", ("TP",), ("Luật",), ethnic_language=True),
    PositionSpec("DCXD", "Địa chính - xây dựng - nông nghiệp - môi trường", _P, ("KT",), "", 3, "01.003", _BACH,
                 "Quản lý đất đai, Xây dựng, Nông nghiệp, Lâm nghiệp, Môi trường", _PT.NONE, _SM.OFFICER,
                 "Quản lý đất đai, cấp giấy chứng nhận; trật tự xây dựng; nông, lâm nghiệp; bảo vệ môi trường; "
                 "phòng, chống thiên tai.", _PRO_COMPETENCIES, "Địa chính - nông nghiệp - xây dựng và môi trường",
                 ("TNMT", "NN", "KTHT"), ("Quản lý đất đai", "Kinh tế nông nghiệp", "Lâm nghiệp")),
    PositionSpec("VHXH", "Văn hóa - xã hội", _P, ("VHXH",), "", 2, "01.003", _BACH,
                 "Văn hóa, Sư phạm, Công tác xã hội, Du lịch, Thể dục thể thao", _PT.NONE, _SM.OFFICER,
                 "Văn hóa, thông tin, thể thao, du lịch cộng đồng; giáo dục; y tế; công tác dân tộc, tôn giáo.",
                 _PRO_COMPETENCIES, "Văn hóa - xã hội", ("VHTT", "GDDT", "YT", "DT"),
                 ("Quản lý văn hóa", "Sư phạm Ngữ văn", "Công tác xã hội")),
    PositionSpec("LDTBXH", "Lao động - thương binh và xã hội", _P, ("VHXH",), "", 2, "01.003", _BACH,
                 "Công tác xã hội, Luật, Kinh tế", _PT.NONE, _SM.OFFICER,
                 "Lao động, việc làm; người có công; bảo trợ xã hội; giảm nghèo bền vững; trẻ em.",
                 _PRO_COMPETENCIES, "Văn hóa - xã hội", ("LDTBXH",), ("Công tác xã hội", "Luật"),
                 ethnic_language=True),
    PositionSpec("CNTT", "Công nghệ thông tin - chuyển đổi số", _P, ("HCC", "VP"), "", 1, "01.003", _BACH,
                 "Công nghệ thông tin", _PT.NONE, _SM.OFFICER,
                 "Quản trị hạ tầng CNTT, cổng dịch vụ công, chữ ký số; triển khai chuyển đổi số, Đề án 06.",
                 _PRO_COMPETENCIES, "Văn phòng - thống kê", ("VHTT", "VP"), ("Công nghệ thông tin",), it=True),
    PositionSpec("NV", "Nội vụ", _P, ("VHXH",), "", 1, "01.003", _BACH, "Hành chính học, Luật, Quản lý nhân lực",
                 _PT.NONE, _SM.OFFICER,
                 "Tổ chức bộ máy, biên chế, vị trí việc làm; quản lý hồ sơ cán bộ, công chức; thi đua - khen "
                 "thưởng; cải cách hành chính.", _PRO_COMPETENCIES, "Văn phòng - thống kê", ("NV",),
                 ("Hành chính học", "Luật", "Quản lý nhân lực")),
    PositionSpec("VTLT", "Văn thư - lưu trữ", _S, ("VP",), "", 1, "01.004", _INTER, "Văn thư, Lưu trữ", _PT.NONE,
                 _SM.NONE, "Tiếp nhận, đăng ký văn bản đi, đến; quản lý con dấu; lập hồ sơ và lưu trữ.",
                 "Nghiệp vụ văn thư, lưu trữ; sử dụng hệ thống quản lý văn bản điều hành.", "Văn thư - lưu trữ",
                 ("VP",), ("Văn thư - Lưu trữ",)),
    PositionSpec("TQ", "Thủ quỹ", _S, ("KT",), "", 1, "01.005", _INTER, "Kế toán, Tài chính", _PT.NONE, _SM.NONE,
                 "Quản lý quỹ tiền mặt; thu, chi theo chứng từ hợp lệ; mở sổ quỹ.",
                 "Nghiệp vụ thủ quỹ, kế toán cơ bản.", "Thủ quỹ", ("VP", "TCKH"), ("Kế toán",)),
]
SPECS = {spec.key: spec for spec in POSITIONS}
LEADER_KEYS = ("CT", "PCT", "PCT", "CVP", "TPKT", "TPVHXH", "GDHCC")
# Order in which a commune's professional and support positions are filled (then it repeats).
FILL_CYCLE = ("DCXD", "TCKT", "TPHT", "VPTK", "VHXH", "LDTBXH", "CNTT", "NV", "VTLT", "TQ",
              "DCXD", "TPHT", "VHXH", "TCKT", "VPTK", "LDTBXH", "DCXD")
# Bát Xát (5 old units merged into it) gets two turns in each round.
EXTRA_ORDER = ("02683", "02686", "02695", "02701", "02683", "02707", "02725", "02728", "02746")
# username -> (commune, position key, department, ethnicity, gender); names come from demo.DEMO_ACCOUNTS.
ACCOUNT_FILES = {
    "tochuc": ("02683", "NV", "VHXH", KINH, Gender.FEMALE),
    "lanhdao": ("02683", "CT", "", KINH, Gender.MALE),
    "truongphong": ("02683", "TPVHXH", "VHXH", HMONG, Gender.MALE),
    "congchuc": ("02683", "VHXH", "VHXH", DAO, Gender.FEMALE),
    "tiepnhan": ("02683", "TPHT", "HCC", DAO, Gender.MALE),
    "tochuc.yty": ("02701", "NV", "VHXH", DAO, Gender.FEMALE),
}


def _commune_agencies(units: dict | None = None) -> dict[str, OrgUnit]:
    found = {unit.code: unit for unit in OrgUnit.objects.filter(
        kind=OrgUnit.Kind.AGENCY, level=OrgUnit.Level.COMMUNE, valid_from__isnull=False, code__in=COMMUNE_CODES)}
    if units:
        found.update({code: units[code] for code in COMMUNE_CODES if code in units})
    missing = [code for code in COMMUNE_CODES if code not in found]
    if missing:
        raise RuntimeError(f"Seed the org units first (staff.demo.seed_units); missing communes: {missing}")
    return found


def seed_positions(*, units: dict) -> dict[str, JobPosition]:
    """The job positions of each new commune agency, keyed "<commune code>-<position key>"; safe to repeat."""
    ranks = {rank.code: rank for rank in Rank.objects.all()}
    positions = {}
    for code, agency in _commune_agencies(units).items():
        for spec in POSITIONS:
            position, _created = JobPosition.objects.get_or_create(
                org_unit=agency, name=spec.name,
                defaults={
                    "code": f"{code}-{spec.key}", "group": spec.group, "description": spec.description,
                    "competencies": spec.competencies, "approved_headcount": spec.headcount,
                    "required_rank": ranks.get(spec.rank) if spec.rank else None,
                    "required_education": spec.education, "required_fields": spec.fields,
                    "required_political_theory": spec.political, "required_state_management": spec.state_management,
                    "requires_it": spec.it, "requires_ethnic_language": spec.ethnic_language,
                })
            positions[f"{code}-{spec.key}"] = position
    return positions


# --- Names, places, dates -------------------------------------------------------------------------------------

_NAMES = {
    KINH: (("Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"),
           ("Văn", "Văn", "Đức", "Minh", "Quang", "Mạnh", "Xuân", "Tiến"),
           ("Hùng", "Dũng", "Tuấn", "Long", "Thắng", "Hải", "Nam", "Cường", "Hiếu", "Quân", "Sơn", "Tùng", "Trung",
            "Khánh", "Đạt", "Phong"),
           ("Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Thị Thu"),
           ("Hoa", "Lan", "Hương", "Hà", "Thủy", "Trang", "Nga", "Hằng", "Linh", "Phương", "Huyền", "Yến", "Mai",
            "Loan", "Thảo", "Dung")),
    HMONG: (("Giàng", "Giàng", "Sùng", "Vàng", "Vàng", "Thào", "Lý", "Ly", "Hầu", "Má", "Lồ"),
            ("A", "A", "Seo", "Seo"),
            ("Páo", "Dế", "Chứ", "Sử", "Chinh", "Lử", "Sình", "Phừ", "Dìn", "Súng", "Chư", "Pao"),
            ("Thị", "Thị", "Thị", "Seo"),
            ("Mỷ", "Mai", "Dua", "Sua", "Máy", "Chở", "Pà", "Dợ", "Súa", "Say", "Di")),
    DAO: (("Phàn", "Phàn", "Chảo", "Chảo", "Lý", "Tẩn", "Tẩn", "Triệu", "Bàn"),
          ("Văn", "Văn", "Láo", "Láo"),
          ("Lở", "Chòi", "Kiềm", "Sành", "Tả", "Sài", "Phủ", "Quẩy", "Kháy", "Vần", "Lưu"),
          ("Thị",),
          ("Mẩy", "Sói", "Chạn", "Nái", "Dung", "Xuân", "Chỉn", "Mùi", "Nhất", "Kiều")),
    GIAY: (("Vương", "Vương", "Hoàng", "Lù", "Lò", "Sần", "Thèn", "Lương"),
           ("Văn",),
           ("Chỉn", "Sìn", "Chiến", "Thành", "Tiến", "Vượng", "Phúc", "Khiêm", "Cường", "Pín"),
           ("Thị",),
           ("Vần", "Nhung", "Liên", "Nga", "Thiết", "Lụa", "Thơm", "Dịu", "Chiêm")),
    HA_NHI: (("Chu", "Chu", "Ly", "Ly", "Pờ", "Phu", "Sần"),
             ("Xá", "Giờ", "Lỳ", "Mé"),
             ("Chà", "Gió", "Chừ", "Phả", "Lù", "Hừ", "Giàng", "Lìn"),
             ("Thị", "Mỳ", "Thị"),
             ("Gió", "Mé", "Mờ", "Ca", "Hừ", "Sạ", "Chà")),
    TAY: (("Hoàng", "Nông", "Lương", "Ma", "Hà", "Lục", "Hoàng"),
          ("Văn", "Đình", "Văn"),
          ("Hùng", "Thanh", "Nguyên", "Toàn", "Lợi", "Bình", "Thái", "Hưng"),
          ("Thị", "Thị", "Thu"),
          ("Tuyết", "Hạnh", "Xuân", "Thanh", "Duyên", "Hiền", "Luyến")),
    PHU_LA: (("Lò", "Pờ", "Vàng", "Ly", "Lò"),
             ("Văn", "Seo"),
             ("Sơn", "Hùng", "Tiến", "Sình", "Chung", "Phà"),
             ("Thị",),
             ("Mai", "Hoa", "Liên", "Sứ", "Chinh", "Pà")),
}
_KINH_HOMETOWNS = ("xã Hải Phú, huyện Hải Hậu, tỉnh Nam Định", "xã Vũ Lễ, huyện Kiến Xương, tỉnh Thái Bình",
                   "xã Sơn Vi, huyện Lâm Thao, tỉnh Phú Thọ", "xã Liêm Thuận, huyện Thanh Liêm, tỉnh Hà Nam",
                   "xã Quang Hưng, huyện Phù Cừ, tỉnh Hưng Yên", "xã Gia Phú, huyện Bảo Thắng, tỉnh Lào Cai",
                   "phường Cốc Lếu, thành phố Lào Cai, tỉnh Lào Cai", "xã Khánh Yên Hạ, huyện Văn Bàn, tỉnh Lào Cai")
_VILLAGES = ("Sín Chải", "Lao Chải", "Phìn Hồ", "Ngải Thầu", "Choản Thèn", "Nậm Pẻng", "Tả Phìn", "Làng Mới",
             "Bản Trung", "Cốc Phương", "Na Lốc", "Phìn Chải", "Tòng Sành", "Bản Lợt", "Trung Tâm")
_INSTITUTIONS = {
    "Luật": ("Trường Đại học Luật Hà Nội", "Trường Đại học Luật - Đại học Huế"),
    "Hành chính học": ("Học viện Hành chính Quốc gia",),
    "Quản lý nhà nước": ("Học viện Hành chính Quốc gia",),
    "Quản lý nhân lực": ("Trường Đại học Nội vụ Hà Nội",),
    "Kế toán": ("Học viện Tài chính", "Trường Đại học Kinh tế và Quản trị kinh doanh - Đại học Thái Nguyên"),
    "Tài chính - Ngân hàng": ("Học viện Tài chính",),
    "Quản lý đất đai": ("Trường Đại học Nông Lâm - Đại học Thái Nguyên", "Học viện Nông nghiệp Việt Nam"),
    "Kinh tế nông nghiệp": ("Học viện Nông nghiệp Việt Nam", "Trường Đại học Nông Lâm - Đại học Thái Nguyên"),
    "Lâm nghiệp": ("Trường Đại học Lâm nghiệp",),
    "Công nghệ thông tin": ("Trường Đại học Công nghệ thông tin và Truyền thông - Đại học Thái Nguyên",),
    "Sư phạm Ngữ văn": ("Trường Đại học Sư phạm - Đại học Thái Nguyên", "Trường Đại học Tây Bắc"),
    "Quản lý văn hóa": ("Trường Đại học Văn hóa Hà Nội",),
    "Công tác xã hội": ("Trường Đại học Lao động - Xã hội",),
    "Văn thư - Lưu trữ": ("Trường Trung cấp Văn thư Lưu trữ Trung ương", "Trường Đại học Nội vụ Hà Nội"),
}
_ENGINEERING = ("Quản lý đất đai", "Lâm nghiệp", "Công nghệ thông tin")
ALL_FIELDS = tuple(_INSTITUTIONS)
_LOCAL_COLLEGE = "Trường Cao đẳng Lào Cai"
_POLITICAL_SCHOOL = "Trường Chính trị tỉnh Lào Cai"


def _pick_weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _name(rng: random.Random, ethnicity: str, gender: str) -> str:
    surnames, male_middle, male_given, female_middle, female_given = _NAMES[ethnicity]
    if gender == Gender.MALE:
        middle, given = rng.choice(male_middle), rng.choice(male_given)
    else:
        middle, given = rng.choice(female_middle), rng.choice(female_given)
    if given == middle:
        given = rng.choice(male_given if gender == Gender.MALE else female_given)
    return f"{rng.choice(surnames)} {middle} {given}"


def _add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def _between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _clamp(day: date, low: date, high: date) -> date:
    return max(low, min(day, high))


def _retirement(dob: date, gender: str) -> date:
    return nd135_2020.retirement_date(date_of_birth=dob, gender=gender)


def _id_number(prefix: str, index: int) -> str:
    # 7_368_787 is coprime with 10**9, so different indices never share a number.
    return f"{prefix}{(index * 7_368_787) % 10**9:09d}"


def _decision(rng: random.Random) -> str:
    return f"{rng.randint(12, 2980)}/QĐ-UBND"


def _salary(rng, rank: dict, rank_start: date, *, allow_overdue: bool = True) -> tuple[int, date]:
    """Step and date held consistent with regular raises since `rank_start`; a few raises left unprocessed."""
    years, count = rank["years"], rank["count"]
    elapsed = (REF_DAY.year - rank_start.year) * 12 + REF_DAY.month - rank_start.month
    if REF_DAY.day < rank_start.day:
        elapsed -= 1
    raises = max(elapsed, 0) // (12 * years)
    step = min(1 + raises, count)
    since = _add_years(rank_start, (step - 1) * years)
    if allow_overdue and 1 < step < count and (REF_DAY - since).days < 150 and rng.random() < 0.6:
        step, since = step - 1, _add_years(since, -years)  # due a few months ago, not yet decided
    return step, since


def _ranks() -> dict[str, dict]:
    info = {}
    for rank in Rank.objects.all():
        info[rank.code] = {"rank": rank, "years": rank.years_per_step, "coefficients": {}}
    for step in SalaryStep.objects.select_related("rank"):
        if step.rank.code in info:
            info[step.rank.code]["coefficients"][step.step] = step.coefficient
    for data in info.values():
        data["count"] = max(data["coefficients"], default=1)
    return info


# --- The plan of one file -------------------------------------------------------------------------------------

@dataclass
class Plan:
    index: int
    commune: str
    key: str
    department: str
    username: str = ""
    fields: dict = field(default_factory=dict)
    qualifications: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    leaves: list = field(default_factory=list)
    rewards: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    supports: list = field(default_factory=list)

    @property
    def spec(self) -> PositionSpec:
        return SPECS[self.key]


def _slots(count: int, rng: random.Random) -> list[Plan]:
    """Who sits where: the demo accounts, then each commune's leaders, then staff round the communes."""
    slots = []
    for username, (commune, key, department, _eth, _gender) in ACCOUNT_FILES.items():
        slots.append(Plan(index=len(slots) + 1, commune=commune, key=key, department=department, username=username))
    taken = {(plan.commune, plan.key) for plan in slots}
    for commune in COMMUNE_CODES:
        for key in LEADER_KEYS:
            if (commune, key) in taken and key != "PCT":
                continue
            slots.append(Plan(index=len(slots) + 1, commune=commune, key=key, department=SPECS[key].departments[0]))
    queues = {}
    for commune in COMMUNE_CODES:
        queue = list(FILL_CYCLE * 6)
        for plan in slots[:len(ACCOUNT_FILES)]:
            if plan.commune == commune and plan.key in queue:
                queue.remove(plan.key)
        queues[commune] = queue
    for commune in itertools.cycle(EXTRA_ORDER):
        if len(slots) >= count:
            break
        key = queues[commune].pop(0)
        slots.append(Plan(index=len(slots) + 1, commune=commune, key=key,
                          department=rng.choice(SPECS[key].departments)))
    return slots[:count]


@dataclass
class Places:
    agencies: dict  # commune code -> agency
    departments: dict  # "<code>-<suffix>" -> department
    old_communes: dict  # new commune code -> its old commune agencies
    district: OrgUnit | None
    district_departments: dict  # suffix -> department of the old district
    names: dict  # old unit code -> name ("Xã Bản Qua")

    def unit(self, commune: str, department: str) -> OrgUnit:
        return self.departments[f"{commune}-{department}"] if department else self.agencies[commune]


def _places(agencies: dict) -> Places:
    departments = {unit.code: unit for unit in OrgUnit.objects.filter(
        kind=OrgUnit.Kind.DEPARTMENT, valid_from=REFORM_DAY, parent__in=agencies.values())}
    old_communes = {code: list(agency.predecessors.filter(level=OrgUnit.Level.COMMUNE).order_by("code"))
                    for code, agency in agencies.items()}
    district = OrgUnit.objects.filter(code="082", valid_to=OLD_LAST_DAY).first()
    district_departments = {unit.code.split("-", 1)[1]: unit for unit in OrgUnit.objects.filter(
        code__startswith="082-", valid_to=OLD_LAST_DAY)}
    data = json.loads(demo.DATA_FILE.read_text(encoding="utf-8"))
    names = {old["code"]: old["name"] for old in data["old_units"]}
    return Places(agencies, departments, old_communes, district, district_departments, names)


def _birth_date(rng, *, gender: str, low: float, high: float, mode: float) -> date:
    """A birth date whose owner is still working on REF_DAY and has not reached retirement."""
    for _ in range(100):
        age = rng.triangular(low, high, mode)
        dob = REF_DAY - timedelta(days=int(age * 365.25))
        if _retirement(dob, gender) > add_months(REF_DAY, 1):
            return dob
    return REF_DAY - timedelta(days=int(low * 365.25))


def _birth_date_retiring(rng, *, gender: str, start: date, end: date) -> date:
    """A birth date whose retirement date falls within [start, end]."""
    while True:
        dob = _between(rng, _add_years(REF_DAY, -63), _add_years(REF_DAY, -54))
        if start <= _retirement(dob, gender) <= end:
            return dob


def _plan_person(rng: random.Random, plan: Plan, places: Places, ranks: dict, *, accounts: dict) -> None:
    spec = plan.spec
    commune = plan.commune
    agency = places.agencies[commune]
    commune_name = agency.name.removeprefix("UBND ")
    if plan.username:
        _commune, _key, _dept, ethnicity, gender = ACCOUNT_FILES[plan.username]
        full_name = accounts[plan.username]
    else:
        ethnicity = _pick_weighted(rng, ETHNIC_MIX)
        women = {"CT": 0.12, "PCT": 0.3}.get(spec.key, 0.45 if spec.group != _L else 0.35)
        if spec.key in ("VTLT", "TQ", "TCKT", "VHXH"):
            women = 0.6
        gender = Gender.FEMALE if rng.random() < women else Gender.MALE
        full_name = _name(rng, ethnicity, gender)
    status = plan.fields.pop("status", Status.WORKING)
    near = plan.fields.pop("near_retirement", False)
    recruit = plan.fields.pop("new_recruit", False)

    # Age and service.
    low, high, mode = {"CT": (38, 56, 47), "PCT": (33, 56, 44)}.get(
        spec.key, (30, 56, 42) if spec.group == _L else (24, 57, 35))
    if recruit:
        low, high, mode = 24, 32, 26
    if status == Status.RETIRED:
        dob = _birth_date_retiring(rng, gender=gender, start=date(2025, 7, 31), end=date(2026, 10, 31))
    elif near:
        dob = _birth_date_retiring(rng, gender=gender, start=add_months(REF_DAY, 1), end=add_months(REF_DAY, 24))
    else:
        dob = _birth_date(rng, gender=gender, low=low, high=high, mode=mode)
    age = (REF_DAY - dob).days / 365.25
    if recruit:
        joined = _between(rng, date(2025, 8, 1), date(2026, 9, 30))
    else:
        latest = min(age - 0.6, 30 if spec.group == _L else 36)
        joined = dob + timedelta(days=int(rng.uniform(22.2, max(latest, 22.4)) * 365.25))
        joined = _clamp(joined, _add_years(dob, 22) + timedelta(days=1), REF_DAY - timedelta(days=60))
    left = None
    notes = ""
    if status == Status.RETIRED:
        left = _retirement(dob, gender)
        notes = "Nghỉ hưu theo Nghị định 135/2020/NĐ-CP."
    elif status == Status.TRANSFERRED_OUT:
        left = _between(rng, max(date(2025, 10, 1), joined + timedelta(days=30)), date(2026, 10, 31))
        notes = "Chuyển công tác đến " + rng.choice(("Sở Nội vụ tỉnh Lào Cai", "Sở Tài chính tỉnh Lào Cai",
                                                     "UBND phường Lào Cai", "Ban Tổ chức Tỉnh ủy Lào Cai")) + "."

    # Category, rank and salary.
    category = Category.CADRE if spec.key in ("CT", "PCT") else Category.CIVIL_SERVANT
    if plan.fields.pop("non_professional", False):
        category = Category.NON_PROFESSIONAL
    rank_code = spec.rank
    if spec.key in ("CT", "PCT") and rng.random() < 0.2:
        rank_code = "01.003"
    elif spec.group == _L and spec.key not in ("CT", "PCT") and rng.random() < 0.25:
        rank_code = "01.002"
    elif spec.group == _P and rng.random() < 0.08 and not plan.username:
        rank_code = "01.004"
    if category == Category.NON_PROFESSIONAL:
        rank_code = None
    rank = ranks.get(rank_code) if rank_code else None
    step = since = None
    if rank:
        rank_start = joined
        if rank_code == "01.002":
            service_years = (REF_DAY - joined).days // 365
            rank_start = _add_years(joined, max(1, min(service_years - 1, rng.randint(8, 12))))
        step, since = _salary(rng, rank, rank_start)

    hometown = rng.choice(_KINH_HOMETOWNS) if ethnicity == KINH and rng.random() < 0.6 else None
    origin_old = rng.choice(places.old_communes[commune] or [agency])
    origin_name = places.names.get(origin_old.code, commune_name.capitalize())
    local_place = f"{origin_name[0].lower()}{origin_name[1:]}, huyện Bát Xát, tỉnh Lào Cai"
    plan.fields = {
        "full_name": full_name, "gender": gender, "date_of_birth": dob,
        "place_of_birth": hometown if hometown and rng.random() < 0.4 else local_place,
        "hometown": hometown or local_place, "ethnicity": ethnicity,
        "id_number": _id_number(DEMO_PREFIX, plan.index),
        "phone": f"09{rng.randint(10, 99)}{rng.randint(100000, 999999)}",
        "email": f"{fold(full_name).replace(' ', '')}.{plan.index}@batxat.demo" if rng.random() < 0.7 else "",
        "address": f"Thôn {rng.choice(_VILLAGES)}, {commune_name}, tỉnh Lào Cai",
        "category": category, "status": status, "org_unit": places.unit(commune, plan.department),
        "leadership_title": spec.title, "joined_service_on": joined, "left_service_on": left,
        "rank": rank["rank"] if rank else None, "salary_step": step, "step_since": since, "notes": notes,
    }
    _plan_qualifications(rng, plan, ethnicity=ethnicity, dob=dob, joined=joined, age=age,
                         ethnic_needed=spec.ethnic_language)
    _plan_assignments(rng, plan, places, joined=joined, left=left, origin=origin_old)


def _award(rng, low: date, years: tuple[int, int], *, base: date) -> date:
    day = add_months(base, rng.randint(years[0] * 12, years[1] * 12))
    return _clamp(day, low, REF_DAY - timedelta(days=rng.randint(30, 400)))


def _plan_qualifications(rng, plan: Plan, *, ethnicity: str, dob: date, joined: date, age: float,
                         ethnic_needed: bool) -> None:
    spec = plan.spec
    leader = spec.group == _L
    quals = plan.qualifications
    adult = _add_years(dob, 18)

    # Professional education: mostly a bachelor's degree in a field that fits, some off-field or lower.
    study = rng.choice(spec.study)
    if rng.random() < 0.12 and not plan.username:
        study = rng.choice(ALL_FIELDS)
    if spec.group == _S:
        level = _pick_weighted(rng, [(EducationLevel.INTERMEDIATE, 60), (EducationLevel.COLLEGE, 25),
                                     (EducationLevel.BACHELOR, 15)])
    elif leader:
        level = EducationLevel.MASTER if rng.random() < (0.3 if spec.key in ("CT", "PCT") else 0.15) \
            else EducationLevel.BACHELOR
    else:
        level = _pick_weighted(rng, [(EducationLevel.BACHELOR, 84), (EducationLevel.COLLEGE, 8),
                                     (EducationLevel.INTERMEDIATE, 6), (EducationLevel.MASTER, 2)])
    if plan.username:
        level = max(level, EducationLevel.BACHELOR)
    institution = rng.choice(_INSTITUTIONS[study])
    graduated = _clamp(add_months(dob, rng.randint(22 * 12, 23 * 12)), adult, joined)
    in_service = level >= EducationLevel.BACHELOR and age > 38 and rng.random() < 0.25
    if in_service:  # an intermediate diploma first, the degree later while working (hệ vừa làm vừa học)
        quals.append({"kind": QualificationKind.EDUCATION, "level": EducationLevel.INTERMEDIATE,
                      "name": f"Trung cấp {study}", "field": study, "institution": _LOCAL_COLLEGE,
                      "awarded_on": _clamp(add_months(dob, rng.randint(19 * 12, 21 * 12)), adult, joined)})
    degree_level = EducationLevel.BACHELOR if level == EducationLevel.MASTER else level
    if degree_level == EducationLevel.BACHELOR:
        title = "Kỹ sư" if study in _ENGINEERING else "Cử nhân"
        quals.append({"kind": QualificationKind.EDUCATION, "level": EducationLevel.BACHELOR,
                      "name": f"{title} {study}", "field": study, "institution": institution,
                      "awarded_on": _award(rng, adult, (3, 8), base=joined) if in_service else graduated,
                      "certificate_no": f"{rng.randint(100000, 999999)}"})
    else:
        word = "Cao đẳng" if degree_level == EducationLevel.COLLEGE else "Trung cấp"
        quals.append({"kind": QualificationKind.EDUCATION, "level": degree_level, "name": f"{word} {study}",
                      "field": study, "institution": _LOCAL_COLLEGE if study != "Văn thư - Lưu trữ"
                      else _INSTITUTIONS[study][0], "awarded_on": graduated})
    if level == EducationLevel.MASTER:
        master = rng.choice(("Quản lý kinh tế", "Quản lý công", "Luật Kinh tế"))
        quals.append({"kind": QualificationKind.EDUCATION, "level": EducationLevel.MASTER,
                      "name": f"Thạc sĩ {master}", "field": master,
                      "institution": rng.choice(("Học viện Hành chính Quốc gia",
                                                 "Trường Đại học Kinh tế và Quản trị kinh doanh - Đại học Thái Nguyên",
                                                 "Trường Đại học Luật Hà Nội")),
                      "awarded_on": _award(rng, graduated, (5, 12), base=joined)})

    # Political theory and state management: leaders mostly meet the standard, a few do not yet.
    if leader:
        political = _pick_weighted(rng, [(PoliticalTheory.ADVANCED, 15 if spec.key in ("CT", "PCT") else 0),
                                         (PoliticalTheory.INTERMEDIATE, 70), (PoliticalTheory.ELEMENTARY, 15)])
        management = _pick_weighted(rng, [(StateManagement.PRINCIPAL, 15 if spec.key == "CT" else 3),
                                          (StateManagement.OFFICER, 70), (StateManagement.NONE, 15)])
    elif spec.group == _P:
        political = _pick_weighted(rng, [(PoliticalTheory.INTERMEDIATE, 10), (PoliticalTheory.ELEMENTARY, 50),
                                         (PoliticalTheory.NONE, 40)])
        management = _pick_weighted(rng, [(StateManagement.OFFICER, 60), (StateManagement.NONE, 40)])
    else:
        political = PoliticalTheory.ELEMENTARY if rng.random() < 0.3 else PoliticalTheory.NONE
        management = StateManagement.OFFICER if rng.random() < 0.15 else StateManagement.NONE
    if political >= PoliticalTheory.ELEMENTARY:
        quals.append({"kind": QualificationKind.POLITICAL_THEORY, "level": PoliticalTheory.ELEMENTARY,
                      "name": "Sơ cấp lý luận chính trị", "institution": "Trung tâm Chính trị huyện Bát Xát",
                      "awarded_on": _award(rng, joined, (1, 4), base=joined)})
    if political >= PoliticalTheory.INTERMEDIATE:
        quals.append({"kind": QualificationKind.POLITICAL_THEORY, "level": PoliticalTheory.INTERMEDIATE,
                      "name": "Trung cấp lý luận chính trị - hành chính", "institution": _POLITICAL_SCHOOL,
                      "awarded_on": _award(rng, joined, (4, 12), base=joined)})
    if political >= PoliticalTheory.ADVANCED:
        quals.append({"kind": QualificationKind.POLITICAL_THEORY, "level": PoliticalTheory.ADVANCED,
                      "name": "Cao cấp lý luận chính trị", "institution": "Học viện Chính trị khu vực I",
                      "awarded_on": _award(rng, joined, (10, 18), base=joined)})
    if management >= StateManagement.OFFICER:
        quals.append({"kind": QualificationKind.STATE_MANAGEMENT, "level": StateManagement.OFFICER,
                      "name": "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên",
                      "institution": rng.choice((_POLITICAL_SCHOOL, "Học viện Hành chính Quốc gia")),
                      "awarded_on": _award(rng, joined, (1, 6), base=joined),
                      "certificate_no": f"QLNN-{rng.randint(1000, 9999)}"})
    if management >= StateManagement.PRINCIPAL:
        quals.append({"kind": QualificationKind.STATE_MANAGEMENT, "level": StateManagement.PRINCIPAL,
                      "name": "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên chính",
                      "institution": "Học viện Hành chính Quốc gia",
                      "awarded_on": _award(rng, joined, (10, 18), base=joined)})

    # IT, foreign and ethnic languages.
    if spec.it or rng.random() < 0.78:
        advanced = spec.it or rng.random() < 0.15
        quals.append({"kind": QualificationKind.IT,
                      "name": "Ứng dụng CNTT nâng cao" if advanced else "Ứng dụng CNTT cơ bản",
                      "institution": rng.choice(("Trường Đại học Sư phạm - Đại học Thái Nguyên", _LOCAL_COLLEGE)),
                      "awarded_on": _award(rng, adult, (0, 8), base=joined)})
    language = rng.random()
    if language < 0.47:
        name = "Tiếng Anh B1" if language < 0.2 else ("Tiếng Trung Quốc A2" if language < 0.24 else "Tiếng Anh A2")
        quals.append({"kind": QualificationKind.FOREIGN_LANGUAGE, "name": name,
                      "institution": rng.choice(("Trường Đại học Ngoại ngữ - Đại học Thái Nguyên", _LOCAL_COLLEGE)),
                      "awarded_on": _award(rng, adult, (0, 8), base=joined)})
    if ethnicity == KINH:
        if rng.random() < (0.6 if ethnic_needed else 0.3):
            quals.append({"kind": QualificationKind.ETHNIC_LANGUAGE,
                          "name": rng.choice(("Tiếng Hmông", "Tiếng Hmông", "Tiếng Dao")),
                          "institution": _POLITICAL_SCHOOL, "awarded_on": _award(rng, joined, (1, 6), base=joined)})
    elif rng.random() < (0.75 if ethnic_needed else 0.35):
        quals.append({"kind": QualificationKind.ETHNIC_LANGUAGE, "name": f"{ETHNIC_LANGUAGE[ethnicity]} (tiếng mẹ đẻ)"})


def _district_title(unit: OrgUnit, *, leader: bool) -> str:
    name = unit.name
    if name.startswith("Phòng "):
        return ("Phó Trưởng phòng " if leader else "Chuyên viên Phòng ") + name.removeprefix("Phòng ")
    if name.startswith("Văn phòng"):
        return ("Phó Chánh " if leader else "Chuyên viên ") + name
    return ("Phó Chánh " if leader else "Thanh tra viên ") + name


def _plan_assignments(rng, plan: Plan, places: Places, *, joined: date, left: date | None, origin: OrgUnit) -> None:
    spec = plan.spec
    unit = plan.fields["org_unit"]
    current_title = spec.name if spec.group != _P else f"Công chức {spec.name}"
    rows = plan.assignments
    if joined >= REFORM_DAY:
        rows.append({"kind": AssignmentKind.RECRUITED, "org_unit": unit, "start_date": joined, "end_date": left,
                     "title": current_title, "decision_no": _decision(rng),
                     "note": "Tuyển dụng theo Nghị định 170/2025/NĐ-CP."})
        return
    leader = spec.group == _L
    from_district = rng.random() < (0.4 if leader else 0.18) and places.district_departments
    if from_district and spec.key == "CT" and places.district and rng.random() < 0.3:
        last_unit, last_title = places.district, "Phó Chủ tịch UBND huyện Bát Xát"
    elif from_district:
        suffixes = [s for s in spec.district_departments if s in places.district_departments]
        last_unit = places.district_departments[rng.choice(suffixes or list(places.district_departments))]
        last_title = _district_title(last_unit, leader=leader)
    else:
        last_unit = origin
        if spec.key == "CT":
            last_title = f"Chủ tịch {origin.name}"
        elif spec.key == "PCT" or (leader and rng.random() < 0.3):
            last_title = f"Phó Chủ tịch {origin.name}"
        else:
            last_title = f"Công chức {spec.old_title}"
    years_before = (REFORM_DAY - joined).days / 365.25
    if years_before >= 6 and (leader or rng.random() < 0.5):
        first_unit = rng.choice([u for units in places.old_communes.values() for u in units] or [last_unit])
        moved = _clamp(add_months(joined, rng.randint(36, int(years_before * 12) - 12)),
                       joined + timedelta(days=1), OLD_LAST_DAY - timedelta(days=180))
        first_title = f"Công chức {SPECS[rng.choice(('VPTK', 'TCKT', 'TPHT', 'DCXD', 'VHXH'))].old_title}" \
            if leader else f"Công chức {spec.old_title}"
        rows.append({"kind": AssignmentKind.RECRUITED, "org_unit": first_unit, "start_date": joined,
                     "end_date": moved - timedelta(days=1), "title": first_title, "decision_no": _decision(rng)})
        rows.append({"kind": AssignmentKind.APPOINTED if leader else AssignmentKind.TRANSFERRED,
                     "org_unit": last_unit, "start_date": moved, "end_date": OLD_LAST_DAY, "title": last_title,
                     "decision_no": _decision(rng)})
    else:
        if leader and last_unit == origin:  # recruited shortly before the reform: not yet a leader then
            last_title = f"Công chức {spec.old_title}"
        elif leader and last_unit != places.district:
            last_title = _district_title(last_unit, leader=False)
        rows.append({"kind": AssignmentKind.RECRUITED, "org_unit": last_unit, "start_date": joined,
                     "end_date": OLD_LAST_DAY, "title": last_title, "decision_no": _decision(rng)})
    rows.append({"kind": AssignmentKind.REORGANISED, "org_unit": unit, "start_date": REFORM_DAY, "end_date": left,
                 "title": current_title, "decision_no": _decision(rng),
                 "note": "Sắp xếp theo mô hình chính quyền địa phương hai cấp từ 01/07/2025."})


def _plan_events(rng: random.Random, plans: list[Plan], places: Places) -> None:
    """Leave, rewards, disciplines and support, spread over people they fit."""
    working = [p for p in plans if p.fields["status"] == Status.WORKING]
    others = [p for p in working if not p.username]

    def pick(candidates, k):
        return rng.sample(candidates, min(k, len(candidates)))

    young_women = [p for p in others if p.fields["gender"] == Gender.FEMALE
                   and p.fields["date_of_birth"] > _add_years(REF_DAY, -38)]
    for plan in pick(young_women, 3):
        start = _between(rng, date(2025, 8, 1), date(2026, 9, 30))
        plan.leaves.append({"kind": LeaveKind.MATERNITY, "start_date": start,
                            "end_date": add_months(start, 6) - timedelta(days=1), "note": "Nghỉ thai sản 6 tháng."})
    no_intermediate = [p for p in others if not any(
        q["kind"] == QualificationKind.POLITICAL_THEORY and q["level"] >= PoliticalTheory.INTERMEDIATE
        for q in p.qualifications)]
    for plan in pick(no_intermediate, 2):  # the course runs part-time over a year; these are its full-time blocks
        start = _between(rng, date(2025, 9, 1), date(2026, 6, 1))
        plan.leaves.append({"kind": LeaveKind.STUDY, "start_date": start, "end_date": start + timedelta(days=59),
                            "note": "Học tập trung lớp Trung cấp lý luận chính trị - hành chính."})
    for plan in pick(others, 3):
        start = _between(rng, date(2025, 7, 15), date(2026, 11, 1))
        plan.leaves.append({"kind": LeaveKind.SICK, "start_date": start,
                            "end_date": start + timedelta(days=rng.randint(3, 20)),
                            "note": "Nghỉ ốm có giấy của cơ sở y tế."})

    veterans = [p for p in working if p.fields["joined_service_on"] < date(2024, 1, 1)]
    for plan in pick(veterans, 4):
        plan.rewards.append({"title": "Giấy khen của Chủ tịch UBND huyện Bát Xát", "level": RewardLevel.DISTRICT,
                             "decided_on": _between(rng, date(2024, 12, 10), date(2025, 1, 20)),
                             "decision_no": _decision(rng), "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2024."})
    for plan in pick([p for p in veterans if p.spec.group == _L], 3):
        plan.rewards.append({"title": "Bằng khen của Chủ tịch UBND tỉnh Lào Cai", "level": RewardLevel.PROVINCE,
                             "decided_on": _between(rng, date(2025, 8, 15), date(2025, 12, 20)),
                             "decision_no": _decision(rng),
                             "reason": "Có thành tích xuất sắc trong thực hiện sắp xếp đơn vị hành chính, xây dựng "
                                       "mô hình chính quyền địa phương hai cấp."})
    for plan in pick(veterans, 3):
        commune = places.agencies[plan.commune].name.removeprefix("UBND ")
        plan.rewards.append({"title": f"Giấy khen của Chủ tịch UBND {commune}", "level": RewardLevel.COMMUNE,
                             "decided_on": _between(rng, date(2026, 1, 5), date(2026, 1, 31)),
                             "decision_no": _decision(rng), "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2025."})
    for plan in pick(veterans, 1):
        plan.rewards.append({"title": "Chiến sĩ thi đua cơ sở", "level": RewardLevel.COMMUNE,
                             "decided_on": date(2026, 1, 28), "decision_no": _decision(rng),
                             "reason": "Có sáng kiến số hóa hồ sơ hộ tịch."})

    reasons = ("Để quá hạn giải quyết hồ sơ thủ tục hành chính không có lý do chính đáng.",
               "Thiếu trách nhiệm trong quản lý hồ sơ địa chính.",
               "Vi phạm quy chế làm việc của cơ quan.")
    forms = (DisciplineForm.REPRIMAND, DisciplineForm.REPRIMAND, DisciplineForm.WARNING)
    staff = [p for p in others if p.spec.group != _L and p.fields["joined_service_on"] < date(2025, 1, 1)]
    for plan, form, reason in zip(pick(staff, 3), forms, reasons, strict=False):
        commune = places.agencies[plan.commune].name.removeprefix("UBND ")
        plan.disciplines.append({"form": form, "effective_on": _between(rng, date(2025, 9, 1), date(2026, 10, 15)),
                                 "decision_no": _decision(rng), "issuer": f"Chủ tịch UBND {commune}",
                                 "reason": reason})

    remote = [p for p in others if p.commune != "02683"]
    recent = [p for p in remote if p.fields["joined_service_on"] > _add_years(REF_DAY, -5)]
    for plan in pick(recent, 3):
        start = plan.fields["joined_service_on"]
        plan.supports.append({"kind": SupportKind.ALLOWANCE, "start_date": start, "end_date": _add_years(start, 5),
                              "decision_no": _decision(rng), "amount": "attraction",
                              "description": "Phụ cấp thu hút 70% mức lương hiện hưởng, công tác tại xã có điều "
                                             "kiện kinh tế - xã hội đặc biệt khó khăn (NĐ 76/2019/NĐ-CP)."})
    long_serving = [p for p in remote if p.fields["joined_service_on"] < _add_years(REF_DAY, -10)]
    for plan in pick(long_serving, 2):
        plan.supports.append({"kind": SupportKind.ALLOWANCE, "start_date": date(2025, 7, 1), "end_date": None,
                              "decision_no": _decision(rng), "amount": Decimal("1170000"),
                              "description": "Phụ cấp công tác lâu năm ở vùng có điều kiện kinh tế - xã hội đặc "
                                             "biệt khó khăn (NĐ 76/2019/NĐ-CP)."})
    from_afar = [p for p in remote if p.fields["ethnicity"] == KINH and "Lào Cai" not in p.fields["hometown"]]
    for plan in pick(from_afar, 3):
        plan.supports.append({"kind": SupportKind.HOUSING, "start_date": date(2025, 7, 1), "end_date": None,
                              "decision_no": _decision(rng),
                              "description": "Bố trí nhà ở công vụ tại trung tâm xã sau sắp xếp đơn vị hành chính."})


def _plans(count: int, seed: int) -> tuple[list[Plan], Places]:
    rng = random.Random(seed)
    agencies = _commune_agencies()
    places = _places(agencies)
    ranks = _ranks()
    accounts = {username: full_name for username, full_name, _role, _codes in demo.DEMO_ACCOUNTS}
    plans = _slots(count, rng)
    extras = [p for p in plans if not p.username and p.spec.group != _L]
    leaders = [p for p in plans if not p.username and p.spec.group == _L]
    chosen = rng.sample(extras, min(len(extras), 16))
    for plan in chosen[:4]:
        plan.fields["status"] = Status.RETIRED
    for plan in chosen[4:7]:
        plan.fields["status"] = Status.TRANSFERRED_OUT
    for plan in chosen[7:12]:
        plan.fields["new_recruit"] = True
    for plan in chosen[12:16] + rng.sample(leaders, min(len(leaders), 5)):
        plan.fields["near_retirement"] = True
    support = [p for p in extras if p.spec.group == _S and not p.fields]
    for plan in rng.sample(support, min(len(support), 3)):
        plan.fields["non_professional"] = True
    for plan in plans:
        _plan_person(rng, plan, places, ranks, accounts=accounts)
    _plan_events(rng, plans, places)
    return plans, places


def seed_people(*, count: int = 150, seed: int = 2025) -> int:
    """Create about `count` demo files in the 8 communes (and link the demo accounts); safe to repeat."""
    positions = seed_positions(units={})
    plans, _unused = _plans(count, seed)
    existing = set(StaffMember.objects.filter(id_number__in=[p.fields["id_number"] for p in plans])
                   .values_list("id_number", flat=True))
    users = {user.username: user for user in User.objects.filter(username__in=list(ACCOUNT_FILES))}
    linked = set(StaffMember.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    created = 0
    for plan in plans:
        if plan.fields["id_number"] in existing:
            continue
        fields = dict(plan.fields)
        if fields["status"] == Status.WORKING:
            fields["position"] = positions[f"{plan.commune}-{plan.key}"]
        user = users.get(plan.username)
        if user is not None and user.pk not in linked:
            fields["user"] = user
        with transaction.atomic():
            member = staffmember_create(**fields)
            for row in plan.qualifications:
                record_save(record=Qualification(staff_member=member), **row)
            for row in plan.assignments:
                record_save(record=Assignment(staff_member=member), **row)
            for row in plan.leaves:
                record_save(record=Leave(staff_member=member), **row)
            for row in plan.rewards:
                record_save(record=Reward(staff_member=member), **row)
            for row in plan.disciplines:
                record_save(record=Discipline(staff_member=member), **row)
            for row in plan.supports:
                row = dict(row)
                if row.get("amount") == "attraction":
                    coefficient = StaffMember.objects.get(pk=member.pk).salary_coefficient or Decimal("2.34")
                    row["amount"] = (coefficient * BASE_SALARY * Decimal("0.7") / 1000).quantize(Decimal("1")) * 1000
                record_save(record=SupportPolicy(staff_member=member), **row)
        created += 1
    return created


# --- Bench data -----------------------------------------------------------------------------------------------

_SCALE_RANKS = [("01.003", 80), ("01.002", 10), ("01.004", 7), ("01.005", 3)]
_SCALE_EDUCATION = [(EducationLevel.BACHELOR, 78), (EducationLevel.MASTER, 7), (EducationLevel.COLLEGE, 7),
                    (EducationLevel.INTERMEDIATE, 8)]
_POLITICAL_NAMES = {1: "Sơ cấp lý luận chính trị", 2: "Trung cấp lý luận chính trị - hành chính"}


class _Weighted:
    """Fast repeated weighted choice (random.choices recomputes the cumulative weights every call)."""

    def __init__(self, pairs):
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(itertools.accumulate(weight for _value, weight in pairs))

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def seed_people_scale(*, count: int, seed: int = 7) -> int:
    """Bulk-insert `count` files (ids "099…") over every unit created on 2025-07-01, for benchmarks.

    Skips the simple-history rows and the services: the derived columns are filled here directly.
    Safe to repeat: indices up to the highest one already stored are skipped.
    """
    units = list(OrgUnit.objects.filter(valid_from=REFORM_DAY, kind__in=[OrgUnit.Kind.AGENCY,
                                                                        OrgUnit.Kind.DEPARTMENT]).order_by("path"))
    if not units or count < 1:
        return 0
    departments = [unit for unit in units if unit.kind == OrgUnit.Kind.DEPARTMENT] or units
    agencies = [unit for unit in units if unit.kind == OrgUnit.Kind.AGENCY] or units
    highest = StaffMember.objects.filter(id_number__startswith=SCALE_PREFIX).aggregate(top=Max("id_number"))["top"]
    start = int(highest[len(SCALE_PREFIX):]) + 1 if highest else 1
    if start > count:
        return 0
    ranks = _ranks()
    rng = random.Random(seed)
    ethnicity_of, rank_of, education_of = _Weighted(ETHNIC_MIX), _Weighted(_SCALE_RANKS), _Weighted(_SCALE_EDUCATION)
    retirements: dict[tuple[int, int, str], date] = {}
    created = 0
    batch: list[StaffMember] = []
    batch_quals: list[list[Qualification]] = []

    def flush():
        nonlocal created
        if not batch:
            return
        with transaction.atomic():
            StaffMember.objects.bulk_create(batch, batch_size=2000)
            if any(member.pk is None for member in batch):  # a backend that cannot return ids
                ids = dict(StaffMember.objects.filter(id_number__in=[m.id_number for m in batch])
                           .values_list("id_number", "pk"))
                for member in batch:
                    member.pk = ids[member.id_number]
            rows = []
            for member, quals in zip(batch, batch_quals, strict=True):
                for qual in quals:
                    qual.staff_member_id = member.pk
                    rows.append(qual)
            Qualification.objects.bulk_create(rows, batch_size=2000)
        created += len(batch)
        batch.clear()
        batch_quals.clear()

    for index in range(1, count + 1):
        # Draw every index, stored or not, so a person's data never depends on where a previous run stopped.
        gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
        ethnicity = ethnicity_of(rng)
        full_name = _name(rng, ethnicity, gender)
        dob = REF_DAY - timedelta(days=rng.randint(int(24 * 365.25), int((56.5 if gender == Gender.FEMALE
                                                                           else 60.5) * 365.25)))
        joined = _clamp(dob + timedelta(days=rng.randint(int(22.1 * 365.25), int(34 * 365.25))),
                        _add_years(dob, 22) + timedelta(days=1), REF_DAY - timedelta(days=30))
        rank_code = rank_of(rng)
        level = education_of(rng)
        study = rng.choice(ALL_FIELDS)
        political = rng.choice((0, 0, 1, 1, 2))
        management = rng.choice((0, 1, 1))
        has_it = rng.random() < 0.75
        in_agency = rng.random() < 0.12
        unit = rng.choice(agencies if in_agency else departments)
        title_draw = rng.random()
        if in_agency:
            title = LeadershipTitle.VICE_CHAIR if title_draw < 0.25 else LeadershipTitle.NONE
        else:
            title = LeadershipTitle.HEAD if title_draw < 0.06 else LeadershipTitle.NONE
        if index < start:
            continue
        rank = ranks[rank_code]
        step, since = _salary(rng, rank, joined, allow_overdue=False)
        key = (dob.year, dob.month, gender)
        if key not in retirements:
            retirements[key] = _retirement(dob, gender)
        next_due = salary.next_step_due(step=step, step_count=rank["count"], years_per_step=rank["years"],
                                        step_since=since)
        member = StaffMember(
            full_name=full_name, gender=gender, date_of_birth=dob, ethnicity=ethnicity,
            id_number=f"{SCALE_PREFIX}{index:09d}", org_unit=unit,
            category=Category.CADRE if title == LeadershipTitle.VICE_CHAIR else Category.CIVIL_SERVANT,
            status=Status.WORKING, leadership_title=title,
            joined_service_on=joined, rank=rank["rank"], salary_step=step, step_since=since,
            salary_coefficient=rank["coefficients"].get(step), next_step_due=next_due,
            retirement_date=retirements[key], education_level=level, education_field=study,
            political_theory=political, state_management=management, has_it_certificate=has_it,
            **name_search_keys(full_name),
        )
        word = {EducationLevel.MASTER: "Thạc sĩ", EducationLevel.BACHELOR: "Cử nhân",
                EducationLevel.COLLEGE: "Cao đẳng", EducationLevel.INTERMEDIATE: "Trung cấp"}[level]
        quals = [Qualification(kind=QualificationKind.EDUCATION, level=level, name=f"{word} {study}", field=study,
                               awarded_on=min(_add_years(dob, 22), joined))]
        if political:
            quals.append(Qualification(kind=QualificationKind.POLITICAL_THEORY, level=political,
                                       name=_POLITICAL_NAMES[political], institution=_POLITICAL_SCHOOL))
        if management:
            quals.append(Qualification(kind=QualificationKind.STATE_MANAGEMENT, level=management,
                                       name="Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên"))
        if has_it:
            quals.append(Qualification(kind=QualificationKind.IT, name="Ứng dụng CNTT cơ bản"))
        batch.append(member)
        batch_quals.append(quals)
        if len(batch) >= 2000:
            flush()
    flush()
    return created
