"""A kepala desa uploads the apparatus list as the spreadsheet they already have; the bot reads
it, or says exactly which line and column to fix, and never shows a NIK in clear."""

from __future__ import annotations

import codecs
import csv
import io
import time
import zipfile
from collections.abc import Sequence
from datetime import date

import openpyxl
import pytest

from bot.domain.apparatus_sheet import (
    EXAMPLE_NIK,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_UNPACKED_BYTES,
    STATUSES,
    ApparatusRow,
    ImportFileError,
    ImportResult,
    parse_upload,
    template_csv,
    template_xlsx,
)

TODAY = date(2026, 3, 1)
HEADER = ("nama", "jabatan", "nik", "status", "kpj", "hp")


def nik(serial: int, day: int = 1, month: int = 1, year: int = 90) -> str:
    """A well-formed NIK from Kec. Sutojayan, Blitar (35.05.12), as in the project's docs."""
    return f"350512{day:02d}{month:02d}{year:02d}{serial:04d}"


def csv_bytes(
    rows: Sequence[Sequence[object]],
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (codecs.BOM_UTF8 if bom else b"") + out.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, content: bytes) -> ImportResult:
    return parse_upload(name, content, TODAY)


def codes(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(e.line, e.field, e.code) for e in result.errors]


def file_error(name: str, content: bytes) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        upload(name, content)
    return caught.value


# --- files as they come from village offices -----------------------------------------------------


def test_excel_indonesian_csv_utf8_bom_semicolons_is_read() -> None:
    # Excel with Indonesian regional settings saves "CSV UTF-8" with a BOM and ";".
    content = csv_bytes(
        [
            ("No", "Nama Lengkap", "Jabatan", "NIK", "Status BPJS TK", "No. KPJ", "No HP/WA"),
            (
                1,
                "Budi Santoso, S.Pd.",
                "Kepala Desa",
                nik(1),
                "aktif",
                "12345678901",
                "0812-3456-7890",
            ),
            (2, "Dewi Lestari", "Sekdes", nik(2, day=45), "nonaktif", "", ""),
            (3, "Sri Wahyuni", "Kaur Keu", nik(3), "belum terdaftar", "", ""),
        ],
        delimiter=";",
        bom=True,
    )
    result = upload("perangkat.csv", content)
    assert result.errors == ()
    assert result.total_lines == 3
    first, second, third = result.rows
    assert first == ApparatusRow(
        line=2,
        name="Budi Santoso, S.Pd.",
        jabatan=first.jabatan,
        nik=nik(1),
        status="aktif",
        kpj="12345678901",
        phone="+6281234567890",
    )
    assert [r.jabatan.code for r in result.rows] == ["kepala_desa", "sekdes", "kaur_keuangan"]
    assert (second.status, second.kpj, second.phone) == ("nonaktif", None, None)
    assert third.status == "belum"


def test_windows_excel_latin1_csv_keeps_accented_names() -> None:
    rows = [
        HEADER,
        ("Siti Aisyah", "Kaur Umum", nik(1, day=41), "aktif", "", ""),
        ("Slamet Rahardjo", "Kasun", nik(2), "belum", "", ""),
        ("José Ramos-Horta", "Kasi Pemerintahan", nik(3), "Tidak Aktif", "", ""),
    ]
    content = csv_bytes(rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # the test file really is not UTF-8
    result = upload("DAFTAR.CSV", content)
    assert result.errors == ()
    assert [r.name for r in result.rows] == ["Siti Aisyah", "Slamet Rahardjo", "José Ramos-Horta"]
    assert [r.status for r in result.rows] == ["aktif", "belum", "nonaktif"]


def test_utf16_tab_separated_export_is_read() -> None:
    text = "nama\tjabatan\tnik\tstatus\r\nJosé\tKadus\t" + nik(1) + "\taktif\r\n"
    result = upload("perangkat.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert [(r.name, r.jabatan.code) for r in result.rows] == [("José", "kadus")]


def test_xlsx_with_nik_as_16_digit_number_is_read_exactly() -> None:
    # Written by software (pandas, openpyxl): an int with all 16 digits, nothing rounded.
    content = xlsx_bytes(
        [HEADER, ("Siti Aisyah", "Sekretaris Desa", int(nik(1)), "aktif", 12345678901, None)]
    )
    result = upload("perangkat.xlsx", content)
    assert result.errors == ()
    assert (result.rows[0].nik, result.rows[0].kpj) == (nik(1), "12345678901")


def test_xlsx_with_nik_as_float_is_rejected_because_digits_were_lost() -> None:
    # How Excel stores a NIK typed into a Number cell: 15 significant digits, E notation.
    content = xlsx_bytes([HEADER, ("Siti Aisyah", "Sekdes", int(nik(1)), "aktif", None, None)])
    content = _rewrite_sheet(content, f"<v>{nik(1)}</v>", "<v>3.5051245019E+15</v>")
    result = upload("perangkat.xlsx", content)
    assert codes(result) == [(2, "nik", "nik_scientific")]
    assert result.errors[0].value_masked == "3505********0000"
    assert result.rows == ()


def _rewrite_sheet(content: bytes, old: str, new: str) -> bytes:
    """The workbook with one text replaced in its first sheet's XML (what Excel would write)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            target.writestr(item, data)
    return out.getvalue()


def test_xlsx_16_digit_number_ending_in_zero_is_treated_as_rounded_by_excel() -> None:
    # Excel keeps 15 significant digits: a typed 3505124501900123 is stored as …120.
    content = xlsx_bytes([HEADER, ("Siti Aisyah", "Sekdes", int(nik(120)), "aktif", None, None)])
    assert codes(upload("perangkat.xlsx", content)) == [(2, "nik", "nik_scientific")]


def test_csv_nik_shown_by_excel_as_scientific_is_rejected() -> None:
    content = csv_bytes([HEADER, ("Siti", "Sekdes", "3.50512E+15", "aktif", "", "")])
    assert codes(upload("p.csv", content)) == [(2, "nik", "nik_scientific")]


def test_xlsx_phone_stored_as_number_lost_its_leading_zero_and_is_still_read() -> None:
    content = xlsx_bytes([HEADER, ("Siti", "Sekdes", nik(1), "aktif", None, 81234567890)])
    assert upload("p.xlsx", content).rows[0].phone == "+6281234567890"


def test_xlsx_title_rows_and_first_sheet_only() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DAFTAR PERANGKAT DESA SUKAMAJU"])
    sheet.append([])
    sheet.append(["NO", "NAMA", "JABATAN", "NIK", "STATUS BPJS", "ALAMAT"])
    sheet.append([1, "Slamet Rahardjo", "Kepala Dusun Krajan", nik(1), "Aktif", "RT 01"])
    other = book.create_sheet("Lain")
    other.append(["nama", "jabatan", "nik", "status"])
    other.append(["Orang Lain", "Kades", nik(2), "aktif"])
    out = io.BytesIO()
    book.save(out)
    result = upload("p.xlsx", out.getvalue())
    assert [(r.line, r.name, r.jabatan.code) for r in result.rows] == [
        (4, "Slamet Rahardjo", "kadus")
    ]


def test_xlsx_renamed_to_csv_is_still_read() -> None:
    content = xlsx_bytes([HEADER, ("Siti", "Sekdes", nik(1), "aktif", None, None)])
    assert len(upload("perangkat.csv", content).rows) == 1


def test_csv_cells_protected_from_excel_are_unwrapped() -> None:
    content = csv_bytes([HEADER, ("Siti", "Sekdes", f'="{nik(1)}"', "aktif", "'12345678901", "")])
    row = upload("p.csv", content).rows[0]
    assert (row.nik, row.kpj) == (nik(1), "12345678901")


# --- header -------------------------------------------------------------------------------------


SITI = {"nama": "Siti", "jabatan": "Sekdes", "nik": nik(1), "status": "aktif"}


@pytest.mark.parametrize(
    ("header", "order"),
    [
        (("NAMA", "JABATAN", "NIK", "STATUS"), "nama jabatan nik status"),
        (
            ("Nama Lengkap", "Jabatan", "No. NIK", "Status BPJS Ketenagakerjaan", "Nomor KPJ"),
            "nama jabatan nik status kpj",
        ),
        (
            ("Nomor Induk Kependudukan", "Nama sesuai KTP", "Posisi", "Kepesertaan", "No HP / WA"),
            "nik nama jabatan status hp",
        ),
        (
            ("NIK (16 digit)", "nama", "jabatan", "status (aktif/nonaktif/belum)", "WhatsApp"),
            "nik nama jabatan status hp",
        ),
        (
            ("No", "  nama ", "Jabatan:", "nik*", "Status BPJS TK", "No Kartu Peserta", "Telp"),
            "no nama jabatan nik status kpj hp",
        ),
    ],
)
def test_header_spellings_and_column_order(header: tuple[str, ...], order: str) -> None:
    row = [SITI.get(column, "") for column in order.split()]
    result = upload("p.csv", csv_bytes([header, row]))
    assert result.errors == ()
    assert (result.rows[0].name, result.rows[0].nik) == ("Siti", nik(1))


def test_missing_columns_are_named() -> None:
    content = csv_bytes([("Nama", "Jabatan", "Alamat"), ("Siti", "Sekdes", "Dusun Krajan")])
    error = file_error("p.csv", content)
    assert error.code == "missing_columns"
    assert error.columns == ("nik", "status")


def test_kpj_and_hp_columns_may_be_left_out() -> None:
    content = csv_bytes([("nama", "jabatan", "nik", "status"), ("Siti", "Sekdes", nik(1), "aktif")])
    row = upload("p.csv", content).rows[0]
    assert (row.kpj, row.phone) == (None, None)


def test_columns_about_something_else_are_not_taken() -> None:
    content = csv_bytes(
        [
            ("Nama Ibu Kandung", "Nama", "Jabatan", "Status Perkawinan", "NIK", "Status"),
            ("Sumiati", "Siti", "Sekdes", "Kawin", nik(1), "aktif"),
        ]
    )
    row = upload("p.csv", content).rows[0]
    assert (row.name, row.status) == ("Siti", "aktif")


def test_marital_status_alone_is_not_the_bpjs_status() -> None:
    content = csv_bytes([("Nama", "Jabatan", "NIK", "Status Perkawinan"), ("Siti", "Sekdes")])
    assert file_error("p.csv", content).columns == ("status",)


# --- whole-file problems ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["perangkat.xls", "perangkat.pdf", "perangkat.txt", "perangkat"])
def test_other_file_types_are_refused(name: str) -> None:
    assert file_error(name, b"nama,jabatan,nik,status\r\n").code == "unsupported_type"


def test_file_over_5_mb_is_too_large() -> None:
    assert file_error("p.csv", b"a" * (MAX_BYTES + 1)).code == "too_large"


def test_more_than_5000_rows_is_too_many_rows() -> None:
    rows = [HEADER, *(("Siti", "Kader", nik(i + 1), "belum", "", "") for i in range(MAX_ROWS + 1))]
    assert file_error("p.csv", csv_bytes(rows)).code == "too_many_rows"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("p.csv", b""),
        ("p.csv", b"   \r\n\r\n"),
        ("p.csv", csv_bytes([HEADER])),
        ("p.csv", csv_bytes([HEADER, ("", "", "")])),
        ("p.xlsx", xlsx_bytes([])),
        ("p.xlsx", xlsx_bytes([HEADER])),
    ],
)
def test_empty_file_or_header_only_is_empty(name: str, content: bytes) -> None:
    assert file_error(name, content).code == "empty"


def test_sheet_running_on_for_too_many_empty_rows_is_too_many_rows() -> None:
    content = b"nama,jabatan,nik,status\r\n" + b",,,\r\n" * MAX_SHEET_ROWS
    content += f"Siti,Sekdes,{nik(1)},aktif\r\n".encode()
    assert file_error("p.csv", content).code == "too_many_rows"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("p.xlsx", b"nama,jabatan,nik,status\r\n"),  # a CSV called .xlsx
        ("p.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),  # old .xls / encrypted
        ("p.csv", b"PK\x03\x04" + b"\x00" * 100),  # a broken zip
        ("p.csv", b"nama\x00jabatan\x00\x00"),  # binary
    ],
)
def test_damaged_files_are_unreadable(name: str, content: bytes) -> None:
    assert file_error(name, content).code == "unreadable"


def test_zip_that_is_not_a_workbook_is_unreadable() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert file_error("p.xlsx", out.getvalue()).code == "unreadable"


# --- row problems -------------------------------------------------------------------------------


def test_every_row_problem_is_reported_with_its_line() -> None:
    rows = [
        HEADER,  # line 1
        ("Siti Aisyah", "Sekdes", nik(1), "aktif", "12345678901", "081234567890"),  # 2: fine
        ("", "Sekdes", nik(2), "aktif", "", ""),  # 3
        ("X" * 101, "Sekdes", nik(3), "aktif", "", ""),  # 4
        ("Budi", "Tukang Kebun", nik(4), "aktif", "", ""),  # 5
        ("Budi", "", nik(5), "aktif", "", ""),  # 6
        ("Budi", "Kadus", nik(6)[:15], "aktif", "", ""),  # 7: 15 digits
        ("Budi", "Kadus", "9905124501900001", "aktif", "", ""),  # 8: province 99
        ("Budi", "Kadus", nik(7, day=32), "aktif", "", ""),  # 9: 32 January
        ("Budi", "Kadus", nik(0), "aktif", "", ""),  # 10: serial 0000
        ("Budi", "Kadus", "3505-12AB-0190", "aktif", "", ""),  # 11
        ("Budi", "Kadus", nik(1), "aktif", "", ""),  # 12: same NIK as line 2
        ("Budi", "Kadus", nik(8), "", "", ""),  # 13
        ("Budi", "Kadus", nik(9), "ya", "", ""),  # 14
        ("Budi", "Kadus", nik(10), "mungkin", "", ""),  # 15
        ("Budi", "Kadus", nik(11), "aktif", "1234", ""),  # 16
        ("Budi", "Kadus", nik(12), "belum", "12345678902", ""),  # 17
        ("Budi", "Kadus", nik(13), "aktif", "12345678901", ""),  # 18: same KPJ as line 2
        ("Budi", "Kadus", nik(14), "aktif", "", "0341-123456"),  # 19: landline
        ("Budi", "Kadus", nik(15), "aktif", "", "0812"),  # 20
        ("123", "Kadus", nik(16), "aktif", "", ""),  # 21
        ("", "", "", "", "", ""),  # 22: empty, skipped
        ("Budi", "Kadus", "", "aktif", "", ""),  # 23
    ]
    result = upload("p.csv", csv_bytes(rows))
    assert codes(result) == [
        (3, "nama", "nama_empty"),
        (4, "nama", "nama_too_long"),
        (5, "jabatan", "jabatan_unknown"),
        (6, "jabatan", "jabatan_empty"),
        (7, "nik", "nik_length"),
        (8, "nik", "nik_province"),
        (9, "nik", "nik_birth_date"),
        (10, "nik", "nik_serial"),
        (11, "nik", "nik_not_digits"),
        (12, "nik", "nik_duplicate_in_file"),
        (13, "status", "status_empty"),
        (14, "status", "status_ambiguous"),
        (15, "status", "status_unknown"),
        (16, "kpj", "kpj_length"),
        (17, "kpj", "kpj_but_belum"),
        (18, "kpj", "kpj_duplicate_in_file"),
        (19, "hp", "hp_not_mobile"),
        (20, "hp", "hp_length"),
        (21, "nama", "nama_invalid"),
        (23, "nik", "nik_empty"),
    ]
    assert [r.line for r in result.rows] == [2]
    assert result.total_lines == 21  # lines 2-23 except the empty line 22


def test_one_row_can_have_several_problems() -> None:
    content = csv_bytes([HEADER, ("", "??", "123", "", "1", "2")])
    assert codes(upload("p.csv", content)) == [
        (2, "nama", "nama_empty"),
        (2, "jabatan", "jabatan_unknown"),
        (2, "nik", "nik_length"),
        (2, "status", "status_empty"),
        (2, "kpj", "kpj_length"),
        (2, "hp", "hp_not_mobile"),
    ]


def test_good_rows_are_listed_but_the_caller_stores_nothing_while_errors_remain() -> None:
    rows = [HEADER, ("Siti", "Sekdes", nik(1), "aktif", "", ""), ("Budi", "?", nik(2), "x", "", "")]
    result = upload("p.csv", csv_bytes(rows))
    assert len(result.rows) == 1 and result.errors  # the preview; storing is all-or-nothing


def test_empty_lines_are_skipped_and_line_numbers_match_the_spreadsheet() -> None:
    # Excel writes an empty row as delimiters only; a text editor leaves a bare line break.
    text = f"nama,jabatan,nik,status\r\n\r\nSiti,Sekdes,{nik(1)},aktif\r\n,,,\r\n \r\nBudi\r\n"
    result = upload("p.csv", text.encode())
    assert [r.line for r in result.rows] == [3]
    assert {e.line for e in result.errors} == {6}
    assert result.total_lines == 2


def test_errors_and_reprs_never_show_a_clear_nik() -> None:
    rows = [
        HEADER,
        ("Siti", "Sekdes", nik(1), "aktif", "12345678901", "081234567890"),
        ("Budi", "Kadus", nik(1), "aktif", "", ""),  # duplicate
        ("Budi", "Kadus", nik(7, day=32), "aktif", "", ""),  # bad date
        (nik(2), "Kadus", nik(3), "aktif", "", ""),  # NIK typed into the name column
        ("Budi", nik(4), nik(5), "aktif", "", ""),  # …and into the jabatan column
    ]
    result = upload("p.csv", csv_bytes(rows))
    shown = repr(result)
    for number in (nik(1), nik(2), nik(4), nik(7, day=32), "12345678901", "81234567890"):
        assert number not in shown
    duplicate = next(e for e in result.errors if e.code == "nik_duplicate_in_file")
    assert duplicate.value_masked == "3505********0001"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("aktif", "aktif"),
        ("AKTIF", "aktif"),
        ("Aktif (lunas s/d Des 2025)", "aktif"),
        ("masih aktif", "aktif"),
        ("nonaktif", "nonaktif"),
        ("Non-Aktif", "nonaktif"),
        ("tidak aktif", "nonaktif"),
        ("Tdk Aktif sejak 2023", "nonaktif"),
        ("menunggak", "nonaktif"),
        ("belum", "belum"),
        ("Belum Terdaftar", "belum"),
        ("blm daftar", "belum"),
        ("tidak", "belum"),
        ("Tidak terdaftar", "belum"),
        ("-", "belum"),
        ("–", "belum"),
    ],
)
def test_status_as_people_write_it(text: str, status: str) -> None:
    assert status in STATUSES
    content = csv_bytes([HEADER, ("Siti", "Sekdes", nik(1), text, "", "")])
    assert upload("p.csv", content).rows[0].status == status


@pytest.mark.parametrize("text", ["ya", "Sudah", "terdaftar", "sudah terdaftar", "ada", "OK"])
def test_bare_yes_is_not_taken_for_aktif(text: str) -> None:
    content = csv_bytes([HEADER, ("Siti", "Sekdes", nik(1), text, "", "")])
    assert codes(upload("p.csv", content)) == [(2, "status", "status_ambiguous")]


# --- templates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "make"), [("t.csv", template_csv), ("t.xlsx", template_xlsx)])
def test_template_reads_back_and_its_example_row_must_be_removed(name: str, make: object) -> None:
    assert callable(make)
    result = upload(name, make())
    assert codes(result) == [(2, "nama", "nama_example")]


def test_template_csv_filled_in_is_accepted() -> None:
    lines = template_csv().decode("utf-8-sig").splitlines()
    assert lines[1].split(";")[2] == EXAMPLE_NIK  # ";" as the /ekspor files
    filled = "\r\n".join([lines[0], lines[1].replace("CONTOH - hapus baris ini", "Siti Aisyah")])
    result = upload("t.csv", filled.encode())
    assert result.errors == ()
    assert result.rows[0].jabatan.code == "sekdes"


def test_template_xlsx_keeps_nik_as_text_and_explains_how() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet, guide = book.worksheets
    assert sheet["C2"].value == EXAMPLE_NIK and sheet["C2"].data_type == "s"
    assert sheet.column_dimensions["C"].number_format == "@"
    assert sheet["C1"].comment is not None
    text = " ".join(str(row[0]) for row in guide.iter_rows(values_only=True) if row[0])
    assert "Teks" in text and "Sekretaris Desa" in text and "Kepala Dusun" in text


# --- size ---------------------------------------------------------------------------------------


def _many_rows(count: int) -> list[tuple[object, ...]]:
    people: list[tuple[object, ...]] = [HEADER]
    for i in range(count):
        number = nik(i % 9999 + 1, day=i % 28 + 1, month=i // 9999 + 1)
        people.append((f"Warga {i}", "Ketua RT", number, "aktif", f"{10_000_000_000 + i}", ""))
    return people


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_5000_rows_parse_in_reasonable_time(kind: str) -> None:
    people = _many_rows(MAX_ROWS)
    content = csv_bytes(people) if kind == "csv" else xlsx_bytes(people)
    upload("warm.csv", csv_bytes(people[:2]))  # NIK region data loads once per process
    started = time.perf_counter()
    result = upload(f"p.{kind}", content)
    elapsed = time.perf_counter() - started
    assert (len(result.rows), result.errors) == (MAX_ROWS, ())
    assert elapsed < 10, f"{kind}: {elapsed:.1f} s"  # ~0.2 s (csv) / ~0.7 s (xlsx) measured


# --- hostile files: limits on what a file unpacks to -------------------------------------------


def xlsx_with_cell(text: str) -> bytes:
    """A real workbook whose first name cell is ``text``, written into the zip directly: a
    62 KB file can hold a 60 MB cell, and openpyxl would read all of it at once."""
    template = xlsx_bytes([HEADER, ("PLACEHOLDER", "Sekdes", nik(1), "aktif", "", "")])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item.filename, data.replace(b"PLACEHOLDER", text.encode()))
    return out.getvalue()


def test_xlsx_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = xlsx_with_cell("A" * (MAX_UNPACKED_BYTES + 1))
    assert len(content) < 100_000  # small on the wire
    opened: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    error = file_error("p.xlsx", content)
    assert (error.code, error.limit) == ("unpacked_too_large", MAX_UNPACKED_BYTES)
    assert opened == []


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_cell_longer_than_the_limit_is_refused_with_its_line(kind: str) -> None:
    long_name = "B" * (MAX_CELL_CHARS + 1)
    content = (
        xlsx_with_cell(long_name)
        if kind == "xlsx"
        else csv_bytes([HEADER, (long_name, "Sekdes", nik(1), "aktif", "", "")])
    )
    error = file_error(f"p.{kind}", content)
    assert (error.code, error.limit, error.line) == ("cell_too_large", MAX_CELL_CHARS, 2)


def test_more_data_rows_than_the_limit_is_too_many_rows() -> None:
    rows = [HEADER, *(("Siti", "Kader", nik(i + 1), "belum", "", "") for i in range(MAX_ROWS + 1))]
    error = file_error("p.xlsx", xlsx_bytes(rows))
    assert (error.code, error.limit) == ("too_many_rows", MAX_ROWS)


def test_a_sheet_formatted_far_below_its_data_stops_at_the_sheet_row_limit() -> None:
    rows = [HEADER, *((None, None, None, "") for _ in range(MAX_SHEET_ROWS + 1))]
    error = file_error("p.xlsx", xlsx_bytes(rows))
    assert (error.code, error.limit) == ("too_many_rows", MAX_SHEET_ROWS)
