"""Every problem the apparatus import or the typed NIK step can report reaches the kepala desa as
its own message, with its real values (the digit count of a short NIK), in every language.

Regression: a 14-digit NIK in a file was reported as "yang diketik 0 angka" because the import
report never passed the count to the message."""

from __future__ import annotations

import codecs
import csv
import html
import io
from datetime import date
from typing import Any

import pytest

from bot.domain.apparatus_sheet import EXAMPLE_NAME, ImportResult, RowError, parse_upload
from bot.domain.nik import check_nik
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.i18n import I18n

TODAY = date(2026, 3, 1)
HEADER = ("nama", "jabatan", "nik", "status", "kpj", "hp")


def nik(serial: int, day: int = 1) -> str:
    return f"350512{day:02d}0190{serial:04d}"


# One row per problem; the expected message is the source msgid and its parameters.
ROWS: list[tuple[tuple[str, ...], str, str, dict[str, Any]]] = [
    (("", "Sekdes", nik(2), "aktif", "", ""), "nama_empty", "Nama kosong.", {}),
    (
        ("X" * 101, "Sekdes", nik(3), "aktif", "", ""),
        "nama_too_long",
        "Nama terlalu panjang (paling banyak 100 huruf).",
        {},
    ),
    (("123", "Kadus", nik(4), "aktif", "", ""), "nama_invalid", "Nama harus berisi huruf.", {}),
    (
        (EXAMPLE_NAME, "Kadus", nik(5), "aktif", "", ""),
        "nama_example",
        "Ini baris contoh dari template; hapus baris ini.",
        {},
    ),
    (("Budi", "", nik(6), "aktif", "", ""), "jabatan_empty", "Jabatan kosong.", {}),
    (
        ("Budi", "Tukang Kebun", nik(7), "aktif", "", ""),
        "jabatan_unknown",
        "Jabatan tidak dikenal. Contoh: Sekretaris Desa, Kaur Keuangan, Kepala Dusun, Ketua RT.",
        {},
    ),
    (("Budi", "Kadus", "", "aktif", "", ""), "nik_empty", "NIK belum diisi.", {}),
    (
        ("Budi", "Kadus", nik(8)[:14], "aktif", "", ""),
        "nik_length",
        "NIK harus 16 angka; yang diketik %(digits)s angka.",
        {"digits": 14},
    ),
    (
        ("Budi", "Kadus", nik(9) + "12", "aktif", "", ""),
        "nik_length",
        "NIK harus 16 angka; yang diketik %(digits)s angka.",
        {"digits": 18},
    ),
    (
        ("Budi", "Kadus", "3505-12AB-0190", "aktif", "", ""),
        "nik_not_digits",
        "NIK hanya berisi angka (16 angka).",
        {},
    ),
    (
        ("Budi", "Kadus", "3.50512E+15", "aktif", "", ""),
        "nik_scientific",
        "NIK rusak karena Excel mengubahnya jadi angka (mis. 3.50512E+15). Ubah format kolom "
        "NIK menjadi Teks, lalu ketik ulang.",
        {},
    ),
    (
        ("Budi", "Kadus", "9905124501900001", "aktif", "", ""),
        "nik_province",
        "Kode wilayah di awal NIK tidak dikenal. Periksa 6 angka pertama.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(10, day=32), "aktif", "", ""),
        "nik_birth_date",
        "Tanggal lahir di dalam NIK (angka ke-7 sampai 12) tidak masuk akal. Periksa lagi.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(0), "aktif", "", ""),
        "nik_serial",
        "4 angka terakhir NIK tidak boleh 0000.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(1), "aktif", "", ""),
        "nik_duplicate_in_file",
        "NIK ini sudah ada di baris sebelumnya.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(11), "", "", ""),
        "status_empty",
        "Status BPJS TK kosong. Isi: aktif, nonaktif, atau belum.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(12), "ya", "", ""),
        "status_ambiguous",
        'Status "ya/sudah" kurang jelas. Isi: aktif, nonaktif, atau belum.',
        {},
    ),
    (
        ("Budi", "Kadus", nik(13), "mungkin", "", ""),
        "status_unknown",
        "Status tidak dikenal. Isi: aktif, nonaktif, atau belum.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(14), "aktif", "1234", ""),
        "kpj_length",
        "Nomor KPJ harus 11 angka.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(15), "belum", "12345678902", ""),
        "kpj_but_belum",
        'Ada nomor KPJ, tetapi statusnya "belum terdaftar". Periksa salah satunya.',
        {},
    ),
    (
        ("Budi", "Kadus", nik(16), "aktif", "12345678903", ""),
        "kpj_duplicate_in_file",
        "Nomor KPJ ini sudah ada di baris sebelumnya.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(17), "aktif", "", "0341-123456"),
        "hp_not_mobile",
        "Nomor HP tidak valid. Contoh: 081234567890.",
        {},
    ),
    (
        ("Budi", "Kadus", nik(18), "aktif", "", "0812"),
        "hp_length",
        "Nomor HP tidak valid. Contoh: 081234567890.",
        {},
    ),
]
# Line 2 holds the NIK and KPJ that later lines repeat; data lines start at 3.
FIRST = ("Siti Aisyah", "Sekdes", nik(1), "aktif", "12345678903", "081234567890")
GENERIC = ("Isi kolom ini tidak valid.", "NIK tidak valid.")


def _upload() -> ImportResult:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([HEADER, FIRST, *(row for row, *_ in ROWS)])
    return parse_upload("perangkat.csv", codecs.BOM_UTF8 + out.getvalue().encode(), TODAY)


def _report_lines(i18n: I18n, lang: str, errors: tuple[RowError, ...]) -> list[str]:
    text = i18n.render("import_rejected", lang, errors=errors, total=len(errors), lines=99)
    return html.unescape(text).splitlines()


def test_the_fixture_rows_raise_exactly_the_problems_named() -> None:
    result = _upload()
    assert [(e.line, e.code) for e in result.errors] == [
        (line, code) for line, (_, code, _, _) in enumerate(ROWS, start=3)
    ]


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_import_problem_is_its_own_message_with_its_values(i18n: I18n, lang: str) -> None:
    errors = _upload().errors
    lines = _report_lines(i18n, lang, errors)
    for error, (_, code, message, params) in zip(errors, ROWS, strict=True):
        line_label = i18n.gettext("Baris %(line)s", lang, line=error.line)
        [shown] = [line for line in lines if line.startswith(f"{line_label} (")]
        expected = i18n.gettext(message, lang, **params)
        assert shown.endswith(expected), (code, shown)
        for generic in GENERIC:
            assert i18n.gettext(generic, lang) not in shown, (code, shown)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_a_14_digit_nik_in_a_file_says_14(i18n: I18n, lang: str) -> None:
    errors = tuple(e for e in _upload().errors if e.code == "nik_length")
    assert [e.digits for e in errors] == [14, 18]
    text = "\n".join(_report_lines(i18n, lang, errors))
    assert " 14 " in text and " 18 " in text and " 0 " not in text


TYPED = [
    ("", "NIK belum diisi.", {}),
    ("3505 1201 9000 01", "NIK harus 16 angka; yang diketik %(digits)s angka.", {"digits": 14}),
    ("3505x2010190001", "NIK hanya berisi angka (16 angka).", {}),
    (
        "3,50512E+15",  # copied from an Indonesian Excel cell
        "NIK rusak karena Excel mengubahnya jadi angka (mis. 3.50512E+15). Ubah format kolom "
        "NIK menjadi Teks, lalu ketik ulang.",
        {},
    ),
    ("9905124501900001", "Kode wilayah di awal NIK tidak dikenal. Periksa 6 angka pertama.", {}),
    (
        nik(1, day=32),
        "Tanggal lahir di dalam NIK (angka ke-7 sampai 12) tidak masuk akal. Periksa lagi.",
        {},
    ),
    (nik(0), "4 angka terakhir NIK tidak boleh 0000.", {}),
]


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize(("typed", "message", "params"), TYPED)
def test_a_typed_nik_problem_names_what_is_wrong(
    i18n: I18n, lang: str, typed: str, message: str, params: dict[str, Any]
) -> None:
    result = check_nik(typed, TODAY)
    assert not result.valid
    text = html.unescape(
        i18n.render("nik_invalid", lang, problem=result.problem, digits=result.digits)
    )
    first_line = text.splitlines()[0]
    assert first_line == i18n.gettext(message, lang, **params)
