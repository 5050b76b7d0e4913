import io
import re
import time as clock
import unicodedata
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy

from batxat_portal.spreadsheets import (
    XLSX_CONTENT_TYPE,
    Column,
    NoSuchDay,
    ParsedSheet,
    RowError,
    SpreadsheetError,
    build_template,
    parse_date,
    read_xlsx,
    workbook_bytes,
    xlsx_response,
)

HEADERS = ["Họ và tên", "Ngày sinh", "Chức vụ"]
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their English source form, whatever the Vietnamese catalogue says later.
    with translation.override("en"):
        yield


def _xlsx(rows, *, name="nhan_su.xlsx"):
    """An upload built with plain openpyxl, the way a user's Excel file would look."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _read(upload, *, max_bytes=MB, max_rows=100, required_headers=HEADERS) -> ParsedSheet:
    return read_xlsx(upload, max_bytes=max_bytes, max_rows=max_rows, required_headers=required_headers)


def _refusal(upload, **kwargs) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        _read(upload, **kwargs)
    return caught.value.message


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


# --------------------------------------------------------------------------- export


def test_an_export_reads_back_with_vietnamese_text_dates_and_numbers_intact():
    content = workbook_bytes(
        sheets=[
            (
                "Cán bộ",
                [Column(header=h) for h in [*HEADERS, "Hệ số lương"]],
                [
                    ["Nguyễn Thị Hằng", date(1985, 3, 7), "Trưởng phòng Nội vụ", Decimal("4.65")],
                    ["Đặng Văn Đức", date(1990, 12, 31), None, 3],
                ],
            )
        ]
    )
    parsed = _read(SimpleUploadedFile("xuat.xlsx", content))

    assert parsed.errors == []
    assert parsed.headers == [*HEADERS, "Hệ số lương"]
    (first_number, first), (second_number, second) = parsed.rows
    assert (first_number, second_number) == (2, 3)
    assert first["Họ và tên"] == "Nguyễn Thị Hằng"
    assert parse_date(first["Ngày sinh"]) == date(1985, 3, 7)
    assert first["Hệ số lương"] == pytest.approx(4.65)
    assert second == {
        "Họ và tên": "Đặng Văn Đức",
        "Ngày sinh": datetime(1990, 12, 31),
        "Chức vụ": None,
        "Hệ số lương": 3,
    }


def test_an_export_has_a_bold_frozen_header_column_widths_and_dd_mm_yyyy_dates():
    columns = [Column(header="Họ và tên", width=30), Column(header="Ngày sinh")]
    content = workbook_bytes(sheets=[("Cán bộ", columns, [["A", date(2000, 1, 2)]])])
    sheet = _sheet(content)

    assert sheet.title == "Cán bộ"
    assert sheet["A1"].font.b is True
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["B"].width == 18
    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["B2"].is_date


def test_lazy_headers_and_aware_datetimes_are_exported_as_text_and_local_wall_clock_time():
    moment = datetime(2024, 5, 1, 1, 30, tzinfo=ZoneInfo("UTC"))
    sheet = _sheet(workbook_bytes(sheets=[("S", [Column(header=gettext_lazy("Name"))], [[moment]])]))

    assert sheet["A1"].value == "Name"
    assert sheet["A2"].value == datetime(2024, 5, 1, 8, 30)  # Asia/Ho_Chi_Minh is UTC+7
    assert sheet["A2"].number_format == "DD/MM/YYYY HH:MM"


def test_text_that_excel_would_run_as_a_formula_is_prefixed_with_a_quote():
    values = ['=HYPERLINK("http://x")', "+84 912 345 678", "@SUM(A1)", "\tcmd", "-cmd|' /C calc'!A0", "\rcmd"]
    row = [*values, "-12.5", -7, "a=b"]
    sheet = _sheet(workbook_bytes(sheets=[("S", [Column(header=f"C{i}") for i in range(len(row))], [row])]))
    written = [cell.value for cell in sheet[2]]

    assert written[:5] == ["'" + value for value in values[:5]]
    assert written[5] == "'\ncmd"  # XML parsers turn a bare CR into LF; the quote is what matters
    assert all(cell.data_type == "s" for cell in sheet[2][:6])
    assert written[6:] == ["-12.5", -7, "a=b"]


def test_sheet_titles_lose_forbidden_characters_and_are_cut_to_31_characters():
    long_title = "Danh sách [cán bộ]: công chức / viên chức xã Bát Xát?"
    content = workbook_bytes(sheets=[(long_title, [], []), (long_title, [], []), ("***", [], [])])
    titles = openpyxl.load_workbook(io.BytesIO(content)).sheetnames

    assert titles[0] == "Danh sách cán bộ công chức  viê"
    assert len(titles[1]) <= 31 and titles[1].endswith("(2)")
    assert titles[2] == "Sheet"


def test_a_download_response_names_a_vietnamese_file_with_an_ascii_fallback():
    response = xlsx_response(filename="Danh sách cán bộ Đợt 1", sheets=[("S", [Column(header="A")], [[1]])])

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="Danh_sach_can_bo_Dot_1.xlsx"; '
        "filename*=UTF-8''Danh%20s%C3%A1ch%20c%C3%A1n%20b%E1%BB%99%20%C4%90%E1%BB%A3t%201.xlsx"
    )
    assert _sheet(response.content)["A2"].value == 1


def test_a_download_filename_cannot_inject_header_lines_or_paths():
    response = xlsx_response(filename='../bao "cao"\r\nX-Evil: 1.xlsx', sheets=[("S", [], [])])

    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition.split("filename*")[0]
    assert disposition.endswith(".xlsx")


def test_an_import_template_has_bold_headers_and_example_rows_that_import_cleanly():
    content = build_template(headers=HEADERS, example_rows=[["Lò Văn Sính", date(1992, 6, 15), "Chuyên viên"]])
    sheet = _sheet(content)

    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    parsed = _read(SimpleUploadedFile("mau.xlsx", content))
    expected = {"Họ và tên": "Lò Văn Sính", "Ngày sinh": datetime(1992, 6, 15), "Chức vụ": "Chuyên viên"}
    assert parsed.rows == [(2, expected)]


# --------------------------------------------------------------------------- refusing files


class _UnreadableUpload:
    """A file-like object that fails the test if anything reads it."""

    name = "lon.xlsx"
    size = 10 * MB

    def seek(self, offset):
        pytest.fail("the size must be checked before the file is touched")

    read = seek


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    assert _refusal(_UnreadableUpload(), max_bytes=MB) == "This file is too large; the limit is 1.0\xa0MB."


def test_a_file_that_lies_about_its_size_is_still_refused():
    upload = _xlsx([HEADERS, *[["x" * 50, "1/1/2000", str(i)] for i in range(200)]])
    upload.size = 10

    assert "too large" in _refusal(upload, max_bytes=2000)


def test_a_file_without_the_xlsx_extension_is_refused():
    assert _refusal(_xlsx([HEADERS], name="nhan_su.csv")) == "Only Excel workbooks (.xlsx) can be imported."


def test_a_text_file_renamed_to_xlsx_is_refused():
    upload = SimpleUploadedFile("nhan_su.xlsx", "Họ và tên,Ngày sinh\n".encode())

    assert _refusal(upload) == "This file is not a valid Excel workbook (.xlsx)."


def test_a_corrupt_zip_with_a_valid_header_is_refused():
    upload = SimpleUploadedFile("nhan_su.xlsx", b"PK\x03\x04" + b"\x00garbage" * 100)

    assert _refusal(upload) == "This file is not a valid Excel workbook (.xlsx)."


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")

    assert _refusal(SimpleUploadedFile("nhan_su.xlsx", buffer.getvalue())) == (
        "This file is not a valid Excel workbook (.xlsx)."
    )


def test_a_workbook_with_broken_sheet_xml_is_refused():
    upload = _rewrite_sheet_xml(_xlsx([HEADERS, ["A", "1/1/2000", "B"]]), lambda xml: xml[: len(xml) // 2])

    assert _refusal(upload) == "This file is not a valid Excel workbook (.xlsx)."


def test_a_zip_bomb_is_refused_before_it_is_decompressed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (5 * MB))
    content = buffer.getvalue()
    assert len(content) < 100_000

    assert "too much data once uncompressed" in _refusal(SimpleUploadedFile("bom.xlsx", content), max_bytes=100_000)


def test_a_macro_enabled_workbook_is_refused():
    upload = _xlsx([HEADERS])
    buffer = io.BytesIO(upload.read())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"Attribute VB_Name")

    assert _refusal(SimpleUploadedFile("macro.xlsx", buffer.getvalue())) == (
        "This file is not a valid Excel workbook (.xlsx)."
    )


def test_an_old_xls_or_password_protected_file_gets_its_own_explanation():
    upload = SimpleUploadedFile("cu.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)

    assert "password" in _refusal(upload)


def test_missing_required_headers_are_listed():
    message = _refusal(_xlsx([["Họ và tên", "Ghi chú"], ["A", "B"]]))

    assert message == "These columns are missing: Ngày sinh, Chức vụ."


def test_a_column_that_appears_twice_is_refused():
    assert "appears more than once" in _refusal(_xlsx([[*HEADERS, " họ VÀ tên "]]))


def test_an_empty_first_sheet_is_refused():
    assert _refusal(_xlsx([])) == "The first sheet is empty."


def test_more_data_rows_than_allowed_are_refused():
    upload = _xlsx([HEADERS, *[[f"Người {i}", "1/1/2000", "Chuyên viên"] for i in range(6)]])

    assert _read(upload, max_rows=6).rows[-1][0] == 7
    assert "more than 5 data rows" in _refusal(upload, max_rows=5)


# --------------------------------------------------------------------------- reading cells


def test_formula_cells_are_reported_with_their_row_and_column_and_emptied():
    rows = [HEADERS, ["Giàng A Pháo", "1/1/2000", "Chuyên viên"], ["=1+2", "1/1/2000", '=HYPERLINK("x")']]
    parsed = _read(_xlsx(rows))

    assert parsed.errors == [
        RowError(row=3, column="Họ và tên", message="Formulas are not allowed; type the value instead."),
        RowError(row=3, column="Chức vụ", message="Formulas are not allowed; type the value instead."),
    ]
    assert parsed.rows[1] == (3, {"Họ và tên": None, "Ngày sinh": "1/1/2000", "Chức vụ": None})


def test_script_and_markup_in_cells_are_reported_and_emptied():
    rows = [
        HEADERS,
        ["<script>alert(1)</script>", "1/1/2000", "a < 5 và b > 3"],
        ["Tẩn Thị Mẩy", "1/1/2000", '<img src=x onerror="x()">'],
        ["JavaScript:alert(1)", "1/1/2000", "Cán bộ <b>giỏi</b>"],
    ]
    parsed = _read(_xlsx(rows))

    assert [(error.row, error.column) for error in parsed.errors] == [
        (2, "Họ và tên"),
        (3, "Chức vụ"),
        (4, "Họ và tên"),
        (4, "Chức vụ"),
    ]
    assert {error.message for error in parsed.errors} == {"Markup and scripts are not allowed in cells."}
    assert parsed.rows[0][1]["Chức vụ"] == "a < 5 và b > 3"
    assert parsed.rows[1][1]["Chức vụ"] is None


def test_text_longer_than_1000_characters_is_reported():
    parsed = _read(_xlsx([HEADERS, ["Ma Seo Chử", "1/1/2000", "x" * 1001], ["Ma Seo Chử", "1/1/2000", "x" * 1000]]))

    assert parsed.errors == [RowError(row=2, column="Chức vụ", message="This cell is longer than 1,000 characters.")]
    assert parsed.rows[1][1]["Chức vụ"] == "x" * 1000


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers():
    rows = [
        [],
        [None, "  "],
        HEADERS,
        ["Vàng Thị Dua", "1/1/2000", "Kế toán"],
        [None, "   ", None],
        [],
        ["  Hoàng Văn Lả  ", "2/2/2000", None],
    ]
    parsed = _read(_xlsx(rows))

    assert [number for number, _values in parsed.rows] == [4, 7]
    assert parsed.rows[1][1]["Họ và tên"] == "Hoàng Văn Lả"


def test_headers_match_regardless_of_case_spacing_and_unicode_form():
    # Excel for Mac can store Vietnamese decomposed (NFD); it must still match the composed spelling.
    headers = ["  HỌ VÀ  TÊN ", unicodedata.normalize("NFD", "Ngày sinh"), "chức vụ", "Ghi chú "]

    parsed = _read(_xlsx([headers, ["A", "B", "C", "D"]]))

    assert parsed.headers == [*HEADERS, "Ghi chú"]
    assert parsed.rows == [(2, {"Họ và tên": "A", "Ngày sinh": "B", "Chức vụ": "C", "Ghi chú": "D"})]


def test_values_quoted_by_our_own_export_come_back_without_the_quote():
    content = workbook_bytes(sheets=[("S", [Column(header=h) for h in HEADERS], [["+84 912 345 678", "@ban", "=1+1"]])])

    parsed = _read(SimpleUploadedFile("x.xlsx", content))

    assert parsed.rows == [(2, {"Họ và tên": "+84 912 345 678", "Ngày sinh": "@ban", "Chức vụ": "'=1+1"})]
    assert parsed.errors == []


@pytest.mark.parametrize("dimension", [b"A1:A1", b"A1:XFD1048576"])
def test_a_wrong_sheet_dimension_neither_hides_rows_nor_invents_them(dimension):
    # The <dimension> element is whatever the sending program wrote; openpyxl trusts it in read-only mode.
    upload = _rewrite_sheet_xml(
        _xlsx([HEADERS, ["Sùng A Vàng", "1/1/2000", "Văn thư"], ["Lù Thị Sai", "2/2/2000", "Thủ quỹ"]]),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + dimension + b'"', xml),
    )
    started = clock.monotonic()

    parsed = _read(upload)

    assert clock.monotonic() - started < 5
    assert [values["Họ và tên"] for _number, values in parsed.rows] == ["Sùng A Vàng", "Lù Thị Sai"]


def _rewrite_sheet_xml(upload, change):
    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            target.writestr(entry, change(data) if entry.filename == "xl/worksheets/sheet1.xml" else data)
    return SimpleUploadedFile(upload.name, buffer.getvalue())


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("07/03/1985", date(1985, 3, 7)),
        ("7/3/1985", date(1985, 3, 7)),
        (" 29/02/2024 ", date(2024, 2, 29)),
        ("1985-03-07", date(1985, 3, 7)),
        (date(1985, 3, 7), date(1985, 3, 7)),
        (datetime(1985, 3, 7, 0, 0), date(1985, 3, 7)),
    ],
)
def test_parse_date_accepts_vietnamese_and_iso_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/1990", "29/02/2023", "15/13/1990", "1990-02-31"])
def test_parse_date_says_a_well_written_date_names_no_day(value):
    with pytest.raises(NoSuchDay, match="There is no day"):
        parse_date(value)


@pytest.mark.parametrize("value", ["7/3/85", "1985/03/07", "03-07-1985", "", "hôm nay", None, 31107])
def test_parse_date_refuses_anything_else_with_a_value_error(value):
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_date(value)
