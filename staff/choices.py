"""Fixed lists of the staff file. Ordered levels are integers so that "at least" is a comparison."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Category(models.TextChoices):
    CADRE = "cadre", _("Cadre (cán bộ)")
    CIVIL_SERVANT = "civil_servant", _("Civil servant (công chức)")
    NON_PROFESSIONAL = "non_professional", _("Part-time commune worker (không chuyên trách)")


class Status(models.TextChoices):
    WORKING = "working", _("Working")
    RETIRED = "retired", _("Retired")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed")
    DECEASED = "deceased", _("Deceased")


class LeadershipTitle(models.TextChoices):
    NONE = "", _("No leadership title")
    CHAIR = "chair", _("Chair of the People's Committee")
    VICE_CHAIR = "vice_chair", _("Vice-chair of the People's Committee")
    CHIEF_OF_OFFICE = "chief_of_office", _("Chief of office")
    DEPUTY_CHIEF_OF_OFFICE = "deputy_chief_of_office", _("Deputy chief of office")
    HEAD = "head", _("Head of department")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of department")
    DIRECTOR = "director", _("Director of a centre")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director of a centre")


class EducationLevel(models.IntegerChoices):
    NONE = 0, _("No professional training")
    ELEMENTARY = 1, _("Elementary vocational (sơ cấp)")
    INTERMEDIATE = 2, _("Intermediate (trung cấp)")
    COLLEGE = 3, _("College (cao đẳng)")
    BACHELOR = 4, _("University (đại học)")
    MASTER = 5, _("Master (thạc sĩ)")
    DOCTOR = 6, _("Doctor (tiến sĩ)")


class PoliticalTheory(models.IntegerChoices):
    NONE = 0, _("None")
    ELEMENTARY = 1, _("Elementary (sơ cấp)")
    INTERMEDIATE = 2, _("Intermediate (trung cấp)")
    ADVANCED = 3, _("Advanced (cao cấp, cử nhân)")


class StateManagement(models.IntegerChoices):
    NONE = 0, _("None")
    OFFICER = 1, _("Officer programme (chuyên viên)")
    PRINCIPAL = 2, _("Principal officer programme (chuyên viên chính)")
    SENIOR = 3, _("Senior officer programme (chuyên viên cao cấp)")


class PositionGroup(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership and management")
    PROFESSIONAL = "professional", _("Professional")
    SUPPORT = "support", _("Support and service")
    COMMUNE = "commune", _("Commune-level civil servant")


class QualificationKind(models.TextChoices):
    EDUCATION = "education", _("Professional education")
    POLITICAL_THEORY = "political_theory", _("Political theory")
    STATE_MANAGEMENT = "state_management", _("State management")
    IT = "it", _("Information technology")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
    ETHNIC_LANGUAGE = "ethnic_language", _("Ethnic-minority language")
    DEFENCE = "defence", _("Defence and security")
    OTHER = "other", _("Other")


class AssignmentKind(models.TextChoices):
    RECRUITED = "recruited", _("Recruitment")
    APPOINTED = "appointed", _("Appointment")
    TRANSFERRED = "transferred", _("Transfer")
    REASSIGNED = "reassigned", _("Reassignment")
    REORGANISED = "reorganised", _("Moved by reorganisation")
    SECONDED = "seconded", _("Secondment")
    OTHER = "other", _("Other")


class LeaveKind(models.TextChoices):
    SICK = "sick", _("Sick leave")
    MATERNITY = "maternity", _("Maternity leave")
    UNPAID = "unpaid", _("Unpaid leave")
    STUDY = "study", _("Study leave")
    OTHER = "other", _("Other leave")


class RewardLevel(models.TextChoices):
    STATE = "state", _("State")
    GOVERNMENT = "government", _("Government or ministry")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune or agency")


class DisciplineForm(models.TextChoices):
    """Ordered from lightest to heaviest (Luật Cán bộ, công chức, art. 78-79)."""

    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    SALARY_DOWNGRADE = "salary_downgrade", _("Salary step lowered (hạ bậc lương)")
    DEMOTION = "demotion", _("Demotion (giáng chức)")
    REMOVAL = "removal", _("Removal from office (cách chức)")
    DISMISSAL = "dismissal", _("Dismissal (buộc thôi việc)")


class SupportKind(models.TextChoices):
    ALLOWANCE = "allowance", _("Allowance")
    HOUSING = "housing", _("Housing")
    TRAVEL = "travel", _("Travel")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for HR")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# The 54 ethnic groups of Viet Nam with their official codes (Tổng cục Thống kê). Proper names: not translated.
ETHNICITIES = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khơ-me"), ("06", "Mường"),
    ("07", "Nùng"), ("08", "Hmông"), ("09", "Dao"), ("10", "Gia-rai"), ("11", "Ngái"), ("12", "Ê-đê"),
    ("13", "Ba-na"), ("14", "Xơ-đăng"), ("15", "Sán Chay"), ("16", "Cơ-ho"), ("17", "Chăm"), ("18", "Sán Dìu"),
    ("19", "Hrê"), ("20", "Mnông"), ("21", "Ra-glai"), ("22", "Xtiêng"), ("23", "Bru-Vân Kiều"), ("24", "Thổ"),
    ("25", "Giáy"), ("26", "Cơ-tu"), ("27", "Gié-Triêng"), ("28", "Mạ"), ("29", "Khơ-mú"), ("30", "Co"),
    ("31", "Tà-ôi"), ("32", "Chơ-ro"), ("33", "Kháng"), ("34", "Xinh-mun"), ("35", "Hà Nhì"), ("36", "Chu-ru"),
    ("37", "Lào"), ("38", "La Chí"), ("39", "La Ha"), ("40", "Phù Lá"), ("41", "La Hủ"), ("42", "Lự"),
    ("43", "Lô Lô"), ("44", "Chứt"), ("45", "Mảng"), ("46", "Pà Thẻn"), ("47", "Cơ Lao"), ("48", "Cống"),
    ("49", "Bố Y"), ("50", "Si La"), ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ-đu"), ("54", "Rơ-măm"),
]
ETHNICITY_NAMES = dict(ETHNICITIES)
KINH = "01"
