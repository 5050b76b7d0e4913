"""Import a unit's staff from a spreadsheet: preview every row, then write only when HR confirms.

Rows are matched on the identity number, so importing the same file twice changes nothing.
The column headers are a fixed Vietnamese data format (the downloadable template), not interface text.
"""

import copy
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from batxat_portal.spreadsheets import (
    Column,
    NoSuchDay,
    RowError,
    SpreadsheetError,
    parse_date,
    read_xlsx,
    xlsx_response,
)
from batxat_portal.text import fold
from staff.choices import ETHNICITIES, Category, Gender
from staff.models import ImportBatch, OrgUnit, Rank, StaffMember
from staff.services import people

NAME, GENDER, BIRTH, ID_NUMBER, ETHNICITY = "Họ và tên", "Giới tính", "Ngày sinh", "Số định danh", "Dân tộc"
RELIGION, HOMETOWN, PHONE, EMAIL, UNIT = "Tôn giáo", "Quê quán", "Điện thoại", "Email", "Đơn vị"
CATEGORY, RANK, STEP, STEP_SINCE, RECRUITED = "Loại", "Mã ngạch", "Bậc lương", "Giữ bậc từ ngày", "Ngày tuyển dụng"
REQUIRED = [NAME, GENDER, BIRTH, ID_NUMBER, UNIT]
HEADERS = [NAME, GENDER, BIRTH, ID_NUMBER, ETHNICITY, RELIGION, HOMETOWN, PHONE, EMAIL, UNIT, CATEGORY, RANK,
           STEP, STEP_SINCE, RECRUITED]
# Which model field each column fills, to map a model error back to its column.
FIELD_COLUMNS = {"full_name": NAME, "gender": GENDER, "date_of_birth": BIRTH, "id_number": ID_NUMBER,
                 "ethnicity": ETHNICITY, "religion": RELIGION, "hometown": HOMETOWN, "phone": PHONE, "email": EMAIL,
                 "org_unit": UNIT, "category": CATEGORY, "rank": RANK, "salary_step": STEP,
                 "step_since": STEP_SINCE, "joined_service_on": RECRUITED}

GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE, "male": Gender.MALE, "female": Gender.FEMALE}
CATEGORIES = {"can bo": Category.CADRE, "cong chuc": Category.CIVIL_SERVANT,
              "khong chuyen trach": Category.NON_PROFESSIONAL,
              "nguoi hoat dong khong chuyen trach": Category.NON_PROFESSIONAL}
ETHNICITY_CODES = {fold(name).replace("-", " "): code for code, name in ETHNICITIES} | {
    "mong": "08", "h'mong": "08", "h mong": "08", "khmer": "05", "kho me": "05"}


@dataclass
class RowResult:
    row: int
    action: str  # create, update, unchanged, error
    full_name: str = ""
    id_number: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    member: StaffMember | None = None

    @property
    def changed_columns(self) -> list[str]:
        return [FIELD_COLUMNS.get(name, name) for name in self.changes]


# The template's example row. Left in a filled template, it is skipped (shown as such), never imported.
SAMPLE_ROW = ["Nguyễn Thị Hoa", "Nữ", "15/08/1990", "010190001234", "Kinh", "", "Bát Xát, Lào Cai", "0912345678",
              "hoa@example.vn", "Phòng Văn hóa - Xã hội", "Công chức", "01.003", 3, "01/07/2024", "01/09/2014"]
SAMPLE = dict(zip(HEADERS, SAMPLE_ROW, strict=True))


def template_response():
    """The import template to download: the headers and one example row."""
    return xlsx_response(filename="mau-nhap-can-bo.xlsx",
                         sheets=[("Data", [Column(h) for h in HEADERS], [SAMPLE_ROW])])


def _is_sample(values: dict) -> bool:
    """The example row of the template, recognised by its name and identity number."""
    return (" ".join(str(values.get(NAME) or "").split()) == SAMPLE[NAME]
            and str(values.get(ID_NUMBER) or "").strip() == SAMPLE[ID_NUMBER])


def import_upload(*, upload, org_unit: OrgUnit, user) -> ImportBatch:
    """Check the file can be read at all, then keep it for the preview. Nothing is imported yet."""
    read_xlsx(upload, max_bytes=settings.STAFF_IMPORT_MAX_BYTES, max_rows=settings.STAFF_IMPORT_MAX_ROWS,
              required_headers=REQUIRED)
    upload.seek(0)
    return ImportBatch.objects.create(org_unit=org_unit, uploaded_by=user, file_name=upload.name[:200],
                                      content=upload.read())


def import_preview(*, batch: ImportBatch) -> list[RowResult]:
    """What each row would do, with every error by row and column; writes nothing."""
    upload = SimpleUploadedFile(batch.file_name, bytes(batch.content))
    sheet = read_xlsx(upload, max_bytes=settings.STAFF_IMPORT_MAX_BYTES, max_rows=settings.STAFF_IMPORT_MAX_ROWS,
                      required_headers=REQUIRED)
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(path__startswith=batch.org_unit.path)}
    units_by_key = {}
    for unit in units.values():
        units_by_key.setdefault(fold(unit.name), unit)
        if unit.code:
            units_by_key[fold(unit.code)] = unit
    ranks = {rank.code: rank for rank in Rank.objects.prefetch_related("steps")}
    cell_errors: dict[int, list[RowError]] = {}
    for error in sheet.errors:
        cell_errors.setdefault(error.row, []).append(error)
    numbers = [str(values.get(ID_NUMBER) or "").strip() for _row, values in sheet.rows]
    existing = {member.id_number: member
                for member in StaffMember.objects.select_related("org_unit").filter(id_number__in=numbers)}
    seen: dict[str, int] = {}
    results = []
    for row, values in sheet.rows:
        if _is_sample(values):
            results.append(RowResult(row=row, action="sample", full_name=SAMPLE[NAME], id_number=SAMPLE[ID_NUMBER]))
            continue
        result = _parse_row(row, values, units_by_key, ranks)
        result.errors[:0] = cell_errors.get(row, [])
        if result.id_number in seen:
            result.errors.append(RowError(row, ID_NUMBER, _("The same identity number is already on row %(row)s.")
                                          % {"row": seen[result.id_number]}))
        seen.setdefault(result.id_number, row)
        member = existing.get(result.id_number)
        if member is not None and not member.org_unit.path.startswith(batch.org_unit.path):
            result.errors.append(RowError(row, ID_NUMBER, _(
                "This person's file belongs to another unit (%(unit)s); HR of that unit must transfer them.")
                % {"unit": member.org_unit.name}))
        # Every column of the row is checked at once, also when some are already wrong: HR corrects them in one go.
        _check_row(result, member)
        results.append(result)
    return results


def _parse_row(row: int, values: dict, units_by_key: dict, ranks: dict) -> RowResult:
    result = RowResult(row=row, action="create", full_name=" ".join(str(values.get(NAME) or "").split()),
                       id_number=str(values.get(ID_NUMBER) or "").strip())
    parsed = {"full_name": result.full_name, "id_number": result.id_number}

    def problem(column, message):
        result.errors.append(RowError(row, column, message))

    def text(column):
        return str(values.get(column) or "").strip()

    for column in REQUIRED:
        if values.get(column) in (None, ""):
            problem(column, _("This column must not be empty."))
    if gender := text(GENDER):
        parsed["gender"] = GENDERS.get(fold(gender)) or problem(GENDER, _("Write Nam or Nữ."))
    for column, name in ((BIRTH, "date_of_birth"), (STEP_SINCE, "step_since"), (RECRUITED, "joined_service_on")):
        if values.get(column) not in (None, ""):
            try:
                parsed[name] = parse_date(values[column])
            except NoSuchDay as error:
                problem(column, str(error))
            except ValueError:
                problem(column, _("Write the date as dd/mm/yyyy."))
    if ethnicity := text(ETHNICITY):
        parsed["ethnicity"] = ETHNICITY_CODES.get(fold(ethnicity).replace("-", " ")) or problem(
            ETHNICITY, _("Unknown ethnic group; use a name from the official list of 54."))
    if unit := text(UNIT):
        parsed["org_unit"] = units_by_key.get(fold(unit)) or problem(
            UNIT, _("No unit with this name or code under the unit you import into."))
    if category := text(CATEGORY):
        parsed["category"] = CATEGORIES.get(fold(category)) or problem(
            CATEGORY, _("Write Cán bộ, Công chức or Không chuyên trách."))
    if rank := text(RANK):
        parsed["rank"] = ranks.get(rank) or problem(RANK, _("Unknown rank code."))
    if values.get(STEP) not in (None, ""):
        try:
            parsed["salary_step"] = int(values[STEP])
        except (TypeError, ValueError):
            problem(STEP, _("Write the salary step as a whole number."))
    for column, name in ((RELIGION, "religion"), (HOMETOWN, "hometown"), (PHONE, "phone"), (EMAIL, "email")):
        if column in values:
            parsed[name] = text(column)
    result.values = parsed
    return result


def _check_row(result: RowResult, member: StaffMember | None) -> None:
    """Validate the row as the file it would become, and say what would change.

    The columns already found wrong while reading the row are left out of the model's checks (their value is
    missing, so the model would only repeat the error); every other column is checked as the file form checks it.
    """
    wrong_columns = {error.column for error in result.errors}
    wrong_fields = [name for name, column in FIELD_COLUMNS.items() if column in wrong_columns]
    # A fresh copy, so a failed check leaves the member the preview compares against untouched.
    candidate = StaffMember(category=Category.CIVIL_SERVANT) if member is None else copy.copy(member)
    for name, value in result.values.items():
        if value is not None or name not in wrong_fields:
            setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=wrong_fields, validate_unique=member is None and ID_NUMBER not in wrong_columns)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = FIELD_COLUMNS.get(name, NAME)
            for message in messages:
                if column not in wrong_columns:
                    result.errors.append(RowError(result.row, column, message))
    if result.errors:
        result.action = "error"
        return
    if member is not None:
        result.member = member
        result.changes = [name for name, value in result.values.items() if getattr(member, name) != value]
        result.action = "update" if result.changes else "unchanged"


@transaction.atomic
def import_apply(*, batch: ImportBatch, user) -> ImportBatch:
    """Write the previewed rows, once; refuses while any row has an error."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.applied_at is not None:
        raise ValidationError(_("This file was already imported."))
    results = import_preview(batch=locked)
    if any(result.errors for result in results):
        raise ValidationError(_("Correct the errors in the file and upload it again; nothing was imported."))
    for result in results:  # the template's example row ("sample") is never written
        if result.action == "create":
            people.staffmember_create(**result.values)
            locked.created_count += 1
        elif result.action == "update":
            people.staffmember_update(member=result.member, **{name: result.values[name] for name in result.changes})
            locked.updated_count += 1
    locked.applied_at = timezone.now()
    locked.save()
    return locked


__all__ = ["HEADERS", "SpreadsheetError", "import_apply", "import_preview", "import_upload", "template_response"]
