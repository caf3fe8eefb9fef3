"""Exports: CSV and XLSX content, masking, scope filtering, admins-only full NIKs and audit log,
and streaming with bounded memory."""

from __future__ import annotations

import csv
import io
import sys
import tracemalloc
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from bot.domain.nik import mask_nik
from bot.domain.rules import load_rules
from bot.platform.crypto import PersonalDataCipher, generate_secret_key
from bot.platform.db import (
    audit,
    broadcasts,
    members,
    questions,
    reports,
    subscriptions,
    users,
    villages,
)
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.platform.db.officers import EVERYWHERE, Scope
from bot.services import exports
from bot.services.exports import Dataset, ExportNotAllowed, ExportRequest, FileFormat, Sources
from bot.services.snapshot import FIGURES
from tests.backend import database_for
from tests.factories import stand_in_villages

TODAY = date(2026, 3, 4)
BLITAR = Scope(False, frozenset({"35.05"}))
SUKOSEWU, MALANG = "35.05.15.2004", "35.07.01.2001"
NIK_BLITAR, NIK_MALANG = "3505124501900001", "3507010101800002"
CIPHER = PersonalDataCipher(generate_secret_key())
SOURCES = Sources(load_rules(), TODAY, CIPHER)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "x.sqlite3"))
    await database.initialize()
    await stand_in_villages(database, SUKOSEWU, MALANG)
    yield database
    await database.shutdown()


async def _member(db: Database, village: str, name: str, jabatan: str, nik: str) -> None:
    await members.add(
        db,
        members.NewMember(
            village,
            name,
            jabatan,
            CIPHER.encrypt(nik),
            CIPHER.blind_index(nik),
            mask_nik(nik),
            "aktif",
            "12345678901",
            None,
            None,
        ),
    )


async def _seed(db: Database) -> None:
    for official, village in ((1, SUKOSEWU), (2, MALANG)):
        await users.register(db, official, "Kades", "id")
        await villages.seat(db, village, "kepala_desa", official)
    await villages.verify(db, SUKOSEWU, 900)
    await _member(db, SUKOSEWU, "Siti Aminah", "kepala_desa", NIK_BLITAR)
    await _member(db, MALANG, "Budi", "sekdes", NIK_MALANG)


async def _export(
    db: Database, tmp_path: Path, dataset: Dataset, file_format: FileFormat = FileFormat.CSV,
    scope: Scope = BLITAR, *, full_nik: bool = False,
) -> tuple[exports.ExportResult, list[list[str]]]:  # fmt: skip
    request = ExportRequest(dataset, file_format, scope, full_nik=full_nik)
    result = await exports.export(db, request, SOURCES, tmp_path)
    if file_format is FileFormat.CSV:
        text = result.path.read_text(encoding="utf-8-sig")
        return result, list(csv.reader(io.StringIO(text), delimiter=";"))
    sheet = openpyxl.load_workbook(result.path, read_only=True).worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return result, rows


async def test_officer_exports_apparatus_of_their_kab_kota_with_masked_niks(
    db: Database, tmp_path: Path
) -> None:
    await _seed(db)
    result, rows = await _export(db, tmp_path, Dataset.PERANGKAT)
    assert rows[0][:10] == [
        "Kode desa", "Desa", "Kecamatan", "Kab/Kota", "Nama", "Jabatan", "NIK",
        "Status BPJS TK", "Nomor KPJ", "Diperbarui (WIB)",
    ]  # fmt: skip
    assert rows[1][7] == "aktif"
    assert result.rows == 1 and len(rows) == 2
    assert rows[1][0] == SUKOSEWU and rows[1][4] == "Siti Aminah"
    assert rows[1][5] == "Kepala Desa" and rows[1][6] == "3505********0001"
    assert rows[1][8] == "12345678901"  # a KPJ stays text, never 1.23E+10
    assert result.filename == "desa-sadar-perangkat-3505-20260304.csv"
    assert NIK_BLITAR not in result.path.read_text(encoding="utf-8-sig")


async def test_xlsx_holds_the_same_rows_as_text(db: Database, tmp_path: Path) -> None:
    await _seed(db)
    result, rows = await _export(db, tmp_path, Dataset.PERANGKAT, FileFormat.XLSX, EVERYWHERE)
    assert result.filename.endswith("-nasional-20260304.xlsx")
    assert [r[0] for r in rows[1:]] == [SUKOSEWU, MALANG]
    assert [r[6] for r in rows[1:]] == ["3505********0001", "3507********0002"]


async def test_full_niks_only_for_an_admin(db: Database, tmp_path: Path) -> None:
    await _seed(db)
    with pytest.raises(ExportNotAllowed):
        await _export(db, tmp_path, Dataset.PERANGKAT, full_nik=True)  # an officer's scope
    with pytest.raises(ExportNotAllowed):
        await _export(db, tmp_path, Dataset.DESA, scope=EVERYWHERE, full_nik=True)
    result, rows = await _export(db, tmp_path, Dataset.PERANGKAT, scope=EVERYWHERE, full_nik=True)
    assert [r[6] for r in rows[1:]] == [NIK_BLITAR, NIK_MALANG]
    assert "nik-lengkap" in result.filename


async def test_formulas_typed_as_names_stay_text(db: Database, tmp_path: Path) -> None:
    await _seed(db)
    await _member(db, SUKOSEWU, '=HYPERLINK("http://x","klik")', "sekdes", "3505120101800003")
    _, rows = await _export(db, tmp_path, Dataset.PERANGKAT)
    assert rows[2][4] == '\'=HYPERLINK("http://x","klik")'
    result, _ = await _export(db, tmp_path, Dataset.PERANGKAT, FileFormat.XLSX)
    cell = openpyxl.load_workbook(result.path).worksheets[0]["E3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","klik")'


async def test_villages_carry_the_rules_modules_indication(db: Database, tmp_path: Path) -> None:
    await _seed(db)
    _, rows = await _export(db, tmp_path, Dataset.DESA, scope=EVERYWHERE)
    header = rows[0]
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    # Sukosewu: an aktif kades and no perangkat recorded → the perangkat criterion is unknown.
    assert by_code[SUKOSEWU]["Indikasi Desa Sadar"] == "tidak"
    assert by_code[SUKOSEWU]["Diverifikasi (WIB)"] and not by_code[MALANG]["Diverifikasi (WIB)"]
    assert by_code[MALANG]["Perangkat tercatat"] == "1"
    assert by_code[SUKOSEWU]["Versi aturan"] == SOURCES.rules.version
    assert by_code[SUKOSEWU]["Warga bekerja"] == ""  # not reported: empty, never "0" or "no"
    for field, value in (
        ("working_residents", 1250),
        ("mou_signed", False),
        ("sosialisasi_last_date", "2026-10-12"),
        ("regulation_number", "=1+1"),  # a formula typed in /laporan stays text
    ):
        await reports.add(db, SUKOSEWU, field, value, 1)
    _, rows = await _export(db, tmp_path, Dataset.DESA, scope=EVERYWHERE)
    sukosewu = dict(zip(rows[0], rows[1], strict=True))
    assert (sukosewu["Warga bekerja"], sukosewu["MoU kantor cabang"]) == ("1250", "belum")
    assert sukosewu["Sosialisasi terakhir"] == "2026-10-12"
    assert sukosewu["Nomor Perdes/Perkades"] == "'=1+1"
    assert sukosewu["Agen Perisai"] == ""
    assert sukosewu["Kemajuan"] == "31,8"  # a percentage with a decimal comma
    await _member(db, SUKOSEWU, "Sri", "sekdes", "3505120101800003")
    _, rows = await _export(db, tmp_path, Dataset.DESA)
    assert [r[0] for r in rows[1:]] == [SUKOSEWU]
    assert rows[1][6] == "ya"


async def test_announcements_count_only_recipients_in_scope(db: Database, tmp_path: Path) -> None:
    await _seed(db)
    for user_id, village in ((11, SUKOSEWU), (21, MALANG)):
        await users.register(db, user_id, "Warga", "id")
        await subscriptions.subscribe(db, user_id, village)
    broadcast = await broadcasts.create_draft(db, 900, {"id": "=Sosialisasi"})
    await broadcasts.enqueue(db, broadcast, [11, 21])
    for user_id in (11, 21):
        await broadcasts.claim(db, broadcast, user_id)
        await broadcasts.mark_sent(db, broadcast, user_id, 1)
    await broadcasts.record_read(db, broadcast, 11)
    _, rows = await _export(db, tmp_path, Dataset.SIARAN)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Penerima"], row["Terkirim"], row["Dibaca"], row["Dibaca (%)"]) == (
        "1", "1", "1", "100,0",
    )  # fmt: skip
    assert row["Teks"] == "'=Sosialisasi"
    assert (row["Status"], row["Sasaran"]) == ("sedang dikirim", "semua di wilayah")
    _, rows = await _export(db, tmp_path, Dataset.SIARAN, scope=EVERYWHERE)
    assert rows[1][5:7] == ["2", "2"]


async def test_questions_are_exported_without_who_asked(db: Database, tmp_path: Path) -> None:
    await _seed(db)
    await users.register(db, 11, "Siti Rahayu", "id")
    await subscriptions.subscribe(db, 11, SUKOSEWU)
    await users.register(db, 21, "Warga Malang", "id")
    for user_id in (11, 21):
        await questions.record(
            db, user_id=user_id, language="id", text="jkk itu apa", normalized="jkk",
            outcome="confident", entry_id="jkk", score=0.9,
        )  # fmt: skip
    result, rows = await _export(db, tmp_path, Dataset.PERTANYAAN)
    assert len(rows) == 2 and rows[1][3] == "jkk itu apa" and rows[1][-1] == "35.05"
    assert "Siti Rahayu" not in result.path.read_text(encoding="utf-8-sig")
    _, rows = await _export(db, tmp_path, Dataset.PERTANYAAN, scope=EVERYWHERE)
    assert [r[-1] for r in rows[1:]] == ["35.05", ""]


async def test_the_audit_log_is_for_admins_and_pages_newest_first(
    db: Database, tmp_path: Path
) -> None:
    for n in range(25):
        await audit.record(db, 900, "export.desa", "35.05", f"rows={n}")
    with pytest.raises(ExportNotAllowed):
        await _export(db, tmp_path, Dataset.AUDIT)
    result, rows = await _export(db, tmp_path, Dataset.AUDIT, scope=EVERYWHERE)
    assert result.rows == 25 and rows[0] == [
        "No.",
        "Waktu (WIB)",
        "Pelaku (ID)",
        "Aksi",
        "Sasaran",
        "Rincian",
    ]
    page, total = await exports.audit_page(db, 20, 20)
    assert total == 25 and [e.detail for e in page] == [f"rows={n}" for n in range(4, -1, -1)]


async def test_an_empty_scope_gives_a_header_only(db: Database, tmp_path: Path) -> None:
    result, rows = await _export(db, tmp_path, Dataset.DESA)
    assert result.rows == 0 and len(rows) == 1


async def _add_members(db: Database, first: int, count: int) -> None:
    """Apparatus rows in one transaction (fake tokens: masked exports never read them)."""
    rows = [
        (
            SUKOSEWU,
            f"Perangkat Desa Nomor {n:06d}",
            "kadus",
            f"token-{n}" * 4,
            f"index-{n}",
            "3505********0001",
            "aktif",
            f"{10_000_000_000 + n}",
            "2026-03-01T00:00:00+00:00",
            "2026-03-01T00:00:00+00:00",
        )
        for n in range(first, first + count)
    ]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO members(village_code, name, jabatan, nik_encrypted, nik_index,"
            " nik_masked, status, kpj, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )


async def _peak_memory(
    db: Database, tmp_path: Path, file_format: FileFormat
) -> tuple[int, exports.ExportResult]:
    tracemalloc.start()  # traces the writer threads too
    try:
        request = ExportRequest(Dataset.PERANGKAT, file_format, EVERYWHERE)
        result = await exports.export(db, request, SOURCES, tmp_path)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("file_format", list(FileFormat))
async def test_20000_members_export_with_bounded_memory(
    db: Database, tmp_path: Path, file_format: FileFormat
) -> None:
    await users.register(db, 1, "Kades", "id")
    await villages.seat(db, SUKOSEWU, "kepala_desa", 1)
    await _add_members(db, 0, 10)
    await _peak_memory(db, tmp_path, file_format)  # first use: imports and caches
    await _add_members(db, 10, 4_990)
    small, _ = await _peak_memory(db, tmp_path, file_format)
    await _add_members(db, 5_000, 15_000)
    big, result = await _peak_memory(db, tmp_path, file_format)
    assert result.rows == 20_000
    assert big < small * 1.5, (small, big)  # four times the rows, not four times the memory
    # What the rows would take as Python tuples of str, i.e. a non-streaming export.
    _, rows = await _export(db, tmp_path, Dataset.PERANGKAT, scope=EVERYWHERE)
    one_row = sys.getsizeof(tuple(rows[1])) + sum(sys.getsizeof(v) for v in rows[1])
    assert big < result.rows * one_row / 5, (big, result.rows * one_row)


def test_every_reportable_figure_has_an_export_column() -> None:
    assert list(exports.FIGURE_COLUMNS) == [f.name for f in FIGURES]


async def test_xlsx_opens_ready_to_use_in_excel(db: Database, tmp_path: Path) -> None:
    """Indonesian headers, widths, a frozen header with a filter, real dates, Rupiah and
    percentage formats, statuses in words."""
    await _seed(db)
    await reports.add(db, SUKOSEWU, "budget_amount", 45_000_000, 1)
    await reports.add(db, SUKOSEWU, "sosialisasi_last_date", "2026-10-12", 1)
    result, _ = await _export(db, tmp_path, Dataset.DESA, FileFormat.XLSX, EVERYWHERE)
    sheet = openpyxl.load_workbook(result.path).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Kode desa", "Desa", "Kecamatan", "Kab/Kota", "Diklaim (WIB)"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}3"
    assert sheet.column_dimensions["A"].width == 15 and sheet.column_dimensions["E"].width == 17
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["Kode desa"].value == SUKOSEWU
    assert isinstance(row["Diverifikasi (WIB)"].value, datetime)
    assert row["Diverifikasi (WIB)"].number_format == "dd/mm/yyyy hh:mm"
    assert row["Sosialisasi terakhir"].value == datetime(2026, 10, 12)
    assert row["Sosialisasi terakhir"].number_format == "dd/mm/yyyy"
    assert row["Anggaran iuran"].value == 45_000_000
    assert row["Anggaran iuran"].number_format == '"Rp"#,##0'
    assert 0 < row["Kemajuan"].value < 1 and row["Kemajuan"].number_format == "0.0%"
    assert row["Indikasi Desa Sadar"].value == "tidak"


async def test_statuses_and_audiences_are_words_not_codes(db: Database, tmp_path: Path) -> None:
    await _seed(db)
    await users.register(db, 11, "Warga", "id")
    await subscriptions.subscribe(db, 11, SUKOSEWU)
    broadcast = await broadcasts.create_draft(db, 900, {"id": "Sosialisasi"})
    await broadcasts.enqueue(db, broadcast, [11])
    await questions.record(
        db, user_id=11, language="jv", text="jkk iku apa", normalized="jkk",
        outcome="confident", entry_id="jkk", score=0.9,
    )  # fmt: skip
    for dataset in (Dataset.SIARAN, Dataset.PERTANYAAN, Dataset.PERANGKAT):
        _, rows = await _export(db, tmp_path, dataset, FileFormat.XLSX, EVERYWHERE)
        text = " ".join(" ".join(r) for r in rows)
        for code in ("confident", "done", "sending", '"kind"', "not_understood"):
            assert code not in text, (dataset, code)
    _, rows = await _export(db, tmp_path, Dataset.PERTANYAAN, scope=EVERYWHERE)
    question = dict(zip(rows[0], rows[1], strict=True))
    assert (question["Bahasa"], question["Hasil"]) == ("Jawa", "dijawab bot")
    assert exports.audience_words('{"kind": "role", "role": "kepala_desa"}') == "peran: kepala desa"
    assert exports.audience_words('{"kind": "region", "code": "35.05"}') == "wilayah 35.05"


async def test_a_long_export_reports_its_progress_per_chunk(db: Database, tmp_path: Path) -> None:
    await users.register(db, 1, "Kades", "id")
    await villages.seat(db, SUKOSEWU, "kepala_desa", 1)
    await _add_members(db, 0, 2 * exports.CHUNK + 5)
    heard: list[int] = []

    async def progress(rows: int) -> None:
        heard.append(rows)

    request = ExportRequest(Dataset.PERANGKAT, FileFormat.CSV, EVERYWHERE)
    result = await exports.export(db, request, SOURCES, tmp_path, progress)
    assert heard == [exports.CHUNK, 2 * exports.CHUNK, result.rows]


def test_the_xlsx_child_process_reports_its_error_and_the_bot_does_not_hang(
    tmp_path: Path,
) -> None:
    columns = [exports.Column("Nama"), exports.Column("Jumlah", exports.Kind.NUMBER)]
    nowhere = tmp_path / "missing" / "x.xlsx"  # the child cannot save here
    writer = exports._open_writer(FileFormat.XLSX, nowhere, "desa", columns)
    for _ in range(200):  # more than a pipe holds: the child must keep reading after an error
        writer.write([("Siti", 1)] * 250, None)
    with pytest.raises(RuntimeError, match="XLSX writer: FileNotFoundError"):
        writer.close()


def test_the_xlsx_child_process_writes_what_the_bot_sent(tmp_path: Path) -> None:
    columns = [exports.Column("Nama"), exports.Column("Jumlah", exports.Kind.NUMBER)]
    path = tmp_path / "x.xlsx"
    writer = exports._open_writer(FileFormat.XLSX, path, "desa", columns)
    writer.write([("Siti", 1), ("=cmd", 2)], None)
    writer.write([("Budi", 3)], lambda row: (str(row[0]).upper(), row[1]))
    writer.close()
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [
        ["Nama", "Jumlah"], ["Siti", 1], ["=cmd", 2], ["BUDI", 3],
    ]  # fmt: skip
    assert sheet.auto_filter.ref == "A1:B4"
