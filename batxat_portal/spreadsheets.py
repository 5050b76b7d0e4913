"""Spreadsheet export (.xlsx) and defensive import of user-uploaded workbooks."""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import openpyxl
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TIME_FORMAT = "HH:MM"
MAX_CELL_CHARS = 1000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
UNCOMPRESSED_RATIO = 20

_SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Characters that make Excel/LibreOffice treat typed or CSV-converted text as a formula (OWASP "CSV injection").
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)*")
# Our own export prefixes these with "'"; undoing it keeps export -> edit -> import lossless (e.g. "+84 912 ...").
# "'=" is left as typed because a value starting with "=" is refused on import.
_QUOTED_TRIGGER = re.compile(r"'[+\-@]")
_MARKUP = re.compile(r"<\s*script|<\s*iframe|javascript\s*:|vbscript\s*:|onerror\s*=|<[!/?]?[a-z]", re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
# OLE2 compound documents: legacy .xls files and password-protected (encrypted) .xlsx files.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ASCII_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
_DATE_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class Column:
    """One exported column: its header text and width in Excel character units."""

    header: str
    width: int = 18


Sheet = tuple[str, list[Column], Iterable[Sequence[Any]]]


def workbook_bytes(*, sheets: list[Sheet]) -> bytes:
    """Stream the given sheets into an .xlsx file and return its bytes."""
    if not sheets:
        raise ValueError("workbook_bytes needs at least one sheet")
    # write_only streams rows to a temporary file, so memory stays flat however many rows there are.
    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    used_titles: set[str] = set()
    for title, columns, rows in sheets:
        worksheet = workbook.create_sheet(title=_unique_title(_sheet_title(title), used_titles))
        # Column widths and frozen panes must be set before the first row is written in write_only mode.
        for index, column in enumerate(columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        worksheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(worksheet, value=_export_value(str(column.header)))
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for row in rows:
            worksheet.append([_export_cell(worksheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, sheets: list[Sheet]) -> HttpResponse:
    """Return the workbook as a download named ``filename`` (Vietnamese names survive via RFC 5987)."""
    response = HttpResponse(workbook_bytes(sheets=sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def build_template(*, headers: list[str], example_rows: list[list], sheet_title: str | None = None) -> bytes:
    """Build an import template: bold headers followed by example rows."""
    columns = [Column(header=str(header), width=max(18, len(str(header)) + 4)) for header in headers]
    return workbook_bytes(sheets=[(sheet_title or _("Data"), columns, example_rows)])


def _sheet_title(title: str) -> str:
    """Make a title Excel accepts: no []:*?/\\ characters, no edge apostrophes, at most 31 characters."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub("", str(title)).strip().strip("'").strip()
    return cleaned[:_SHEET_TITLE_MAX].strip() or _("Sheet")


def _unique_title(title: str, used: set[str]) -> str:
    """Excel compares sheet titles case-insensitively and truncation can make two titles collide."""
    candidate, number = title, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = title[: _SHEET_TITLE_MAX - len(suffix)] + suffix
    used.add(candidate.casefold())
    return candidate


def _export_cell(worksheet: Any, value: Any) -> Any:
    """Wrap dates in a cell carrying a dd/mm/yyyy format; everything else is written as a plain value."""
    value = _export_value(value)
    if isinstance(value, datetime):
        number_format_ = DATETIME_FORMAT
    elif isinstance(value, date):
        number_format_ = DATE_FORMAT
    elif isinstance(value, time):
        number_format_ = TIME_FORMAT
    else:
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    cell.number_format = number_format_
    return cell


def _export_value(value: Any) -> Any:
    """Convert a Python value into something openpyxl writes safely."""
    if isinstance(value, datetime | time) and value.tzinfo is not None:
        # Excel has no time zones; show the wall-clock time users see in the portal.
        value = timezone.localtime(value) if isinstance(value, datetime) else value
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, bool | int | date | time):
        return value
    if isinstance(value, Decimal):
        # NaN and infinity would produce a file Excel reports as corrupt.
        return value if value.is_finite() else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(_FORMULA_TRIGGERS) and not _PLAIN_NEGATIVE_NUMBER.fullmatch(text):
        text = "'" + text
    return text


def _content_disposition(filename: str) -> str:
    """Attachment header with an ASCII fallback and the UTF-8 name for browsers that understand RFC 5987."""
    name = re.sub(r"[\x00-\x1f\x7f/\\\"]+", "_", filename).strip() or "export"
    if not name.lower().endswith(".xlsx"):
        name += ".xlsx"
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_FOLD))
    ascii_name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("_") or "export.xlsx"
    encoded = quote(unicodedata.normalize("NFC", name), safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"


# --------------------------------------------------------------------------- import


class SpreadsheetError(Exception):
    """The upload cannot be read at all; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    """A problem with one cell: 1-based Excel row number and the column's header text."""

    row: int
    column: str
    message: str


@dataclass
class ParsedSheet:
    """Header texts, data rows as (Excel row number, header -> value) and the cells that were refused."""

    headers: list[str]
    rows: list[tuple[int, dict[str, object]]]
    errors: list[RowError] = field(default_factory=list)


def read_xlsx(upload: Any, *, max_bytes: int, max_rows: int, required_headers: Sequence[str]) -> ParsedSheet:
    """Read the first sheet of an uploaded .xlsx, refusing anything unsafe or malformed."""
    data = _read_upload(upload, max_bytes=max_bytes)
    _check_archive(data, max_bytes=max_bytes)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises a zoo of types (KeyError, BadZipFile, XML errors, ...)
        raise SpreadsheetError(_("This file is not a valid Excel workbook (.xlsx).")) from exc
    try:
        return _parse_first_sheet(workbook, max_rows=max_rows, required_headers=required_headers)
    except SpreadsheetError:
        raise
    except Exception as exc:  # sheet XML is parsed lazily, so malformed content can surface only here
        raise SpreadsheetError(_("This file is not a valid Excel workbook (.xlsx).")) from exc
    finally:
        workbook.close()


def parse_date(value: object) -> date:
    """Return a date from a date/datetime or a "dd/mm/yyyy", "d/m/yyyy" or "yyyy-mm-dd" string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        parts = None
        if match := _DATE_DMY.fullmatch(text):
            day, month, year = match.groups()
            parts = (year, month, day)
        elif match := _DATE_ISO.fullmatch(text):
            parts = match.groups()
        if parts:
            year, month, day = (int(part) for part in parts)
            try:
                return date(year, month, day)
            except ValueError:
                # 31/02 and the like are written right but are no day at all: say so, not "wrong format".
                raise NoSuchDay(_("There is no day %(day)02d/%(month)02d/%(year)04d in the calendar.")
                                % {"day": day, "month": month, "year": year}) from None
    raise ValueError(_("Enter the date as dd/mm/yyyy."))


class NoSuchDay(ValueError):
    """A date written in the right format that names no day of the calendar (31/02/1990, 15/13/1990)."""


def _read_upload(upload: Any, *, max_bytes: int) -> bytes:
    """Check size and name, then read at most ``max_bytes`` + 1 bytes."""
    size = getattr(upload, "size", None)
    limit = {"limit": filesizeformat(max_bytes)}
    if size is not None and size > max_bytes:
        raise SpreadsheetError(_("This file is too large; the limit is %(limit)s.") % limit)
    if not str(getattr(upload, "name", "") or "").lower().endswith(".xlsx"):
        raise SpreadsheetError(_("Only Excel workbooks (.xlsx) can be imported."))
    upload.seek(0)
    # Read one byte more than allowed so a wrong or missing .size cannot smuggle in a larger file.
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(_("This file is too large; the limit is %(limit)s.") % limit)
    if data.startswith(_OLE_MAGIC):
        raise SpreadsheetError(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook. "
                "Save it as .xlsx without a password and try again."
            )
        )
    if not data.startswith(_ZIP_MAGIC):
        raise SpreadsheetError(_("This file is not a valid Excel workbook (.xlsx)."))
    return data


def _check_archive(data: bytes, *, max_bytes: int) -> None:
    """Refuse zip bombs and macro-enabled workbooks before openpyxl decompresses anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception as exc:  # a hostile central directory can trip more than BadZipFile
        raise SpreadsheetError(_("This file is not a valid Excel workbook (.xlsx).")) from exc
    # The declared sizes are trustworthy: zipfile stops at file_size and fails the CRC check if an entry lies.
    limit = min(UNCOMPRESSED_RATIO * max_bytes, MAX_UNCOMPRESSED_BYTES)
    if sum(entry.file_size for entry in entries) > limit:
        raise SpreadsheetError(_("This file holds too much data once uncompressed; split it into smaller files."))
    if any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries):
        raise SpreadsheetError(_("This file is not a valid Excel workbook (.xlsx)."))


def _parse_first_sheet(workbook: Any, *, max_rows: int, required_headers: Sequence[str]) -> ParsedSheet:
    """Locate the header row, match the required headers and collect the data rows."""
    if not workbook.worksheets:
        raise SpreadsheetError(_("The workbook has no sheets."))
    worksheet = workbook.worksheets[0]
    # The <dimension> element is whatever the sending program wrote, and read-only openpyxl trusts it: an
    # understated one silently drops rows and columns, an overstated one pads rows to 16,384 cells.
    worksheet.reset_dimensions()

    header_row, header_cells = _find_header_row(worksheet)
    columns = _match_headers(header_cells, required_headers)
    width = max(index for index, _name in columns) + 1

    rows: list[tuple[int, dict[str, object]]] = []
    errors: list[RowError] = []
    first = header_row + 1
    for row_number, cells in enumerate(worksheet.iter_rows(min_row=first, max_col=width), start=first):
        if all(_is_blank(getattr(cell, "value", None)) for cell in cells):
            continue
        if len(rows) >= max_rows:
            raise SpreadsheetError(
                _("The file has more than %(limit)s data rows; split it into smaller files.")
                % {"limit": number_format(max_rows, force_grouping=True)}
            )
        values: dict[str, object] = {}
        for index, name in columns:
            cell = cells[index] if index < len(cells) else None
            value, problem = _import_value(cell)
            if problem:
                errors.append(RowError(row=row_number, column=name, message=problem))
            values[name] = value
        rows.append((row_number, values))
    return ParsedSheet(headers=[name for _index, name in columns], rows=rows, errors=errors)


def _find_header_row(worksheet: Any) -> tuple[int, tuple[Any, ...]]:
    """Return the Excel row number and cells of the first non-empty row."""
    for row_number, cells in enumerate(worksheet.iter_rows(), start=1):
        if not all(_is_blank(getattr(cell, "value", None)) for cell in cells):
            return row_number, cells
    raise SpreadsheetError(_("The first sheet is empty."))


def _match_headers(header_cells: tuple[Any, ...], required_headers: Sequence[str]) -> list[tuple[int, str]]:
    """Pair column positions with header names, spelling required ones as the caller does."""
    canonical = {_header_key(str(header)): _clean_header(str(header)) for header in required_headers}
    columns: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, cell in enumerate(header_cells):
        value = getattr(cell, "value", None)
        if _is_blank(value):
            continue
        text = _clean_header(str(value))
        key = _header_key(text)
        if key in seen:
            raise SpreadsheetError(_("The column “%(name)s” appears more than once.") % {"name": text})
        seen.add(key)
        columns.append((index, canonical.get(key, text)))
    missing = [name for key, name in canonical.items() if key not in seen]
    if missing:
        raise SpreadsheetError(_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return columns


def _import_value(cell: Any) -> tuple[object, str | None]:
    """Return the cleaned cell value, or None and the reason it was refused."""
    if cell is None:
        return None, None
    value = cell.value
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.strip().startswith("=")):
        return None, _("Formulas are not allowed; type the value instead.")
    if not isinstance(value, str):
        return value, None
    # NFC because Excel for Mac may store Vietnamese as decomposed characters, which would break lookups.
    text = unicodedata.normalize("NFC", ILLEGAL_CHARACTERS_RE.sub("", value)).strip()
    if _QUOTED_TRIGGER.match(text):
        text = text[1:]
    if not text:
        return None, None
    if len(text) > MAX_CELL_CHARS:
        return None, _("This cell is longer than %(limit)s characters.") % {
            "limit": number_format(MAX_CELL_CHARS, force_grouping=True)
        }
    if _MARKUP.search(text):
        return None, _("Markup and scripts are not allowed in cells.")
    return text, None


def _is_blank(value: object) -> bool:
    """A cell counts as empty when it holds nothing or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_header(text: str) -> str:
    """NFC with single spaces, as displayed back to the user."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _header_key(text: str) -> str:
    """Comparison key: case and surrounding or repeated spaces do not matter."""
    return _clean_header(text).casefold()
