"""Apparatus import benchmark: rows per second for a full-size (5,000-row) CSV and XLSX upload.

    .venv/bin/python bench/apparatus_import.py              # 5,000 rows, best of 5
    .venv/bin/python bench/apparatus_import.py --rows 1000 --repeat 10

Builds the files in memory (valid rows, distinct NIKs and KPJs, a mix of jabatan spellings),
times :func:`bot.domain.apparatus_sheet.parse_upload` on each and prints the best run as rows/s.
The first call pays the NIK region data load once per process; it is timed separately.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from bot.domain.apparatus_sheet import MAX_ROWS, parse_upload  # noqa: E402

TODAY = date(2026, 3, 1)
HEADER = ("No", "Nama Lengkap", "Jabatan", "NIK", "Status BPJS TK", "Nomor KPJ", "No HP")
SPELLINGS = ("Kepala Dusun Krajan", "Kasun II", "Ketua RT 03", "Kaur Keu", "Anggota BPD", "Kader")
STATUS = ("aktif", "Tidak Aktif", "belum terdaftar")


def people(count: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = [HEADER]
    for i in range(count):
        day, month, serial = i % 28 + 1, i // 9999 % 12 + 1, i % 9999 + 1
        status = STATUS[i % 3]
        rows.append(
            (
                i + 1,
                f"Warga Desa {i}",
                SPELLINGS[i % len(SPELLINGS)],
                f"350512{day:02d}{month:02d}90{serial:04d}",
                status,
                "" if status.startswith("belum") else str(10_000_000_000 + i),
                f"0812{i:08d}",
            )
        )
    return rows


def as_csv(rows: list[tuple[object, ...]], delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def as_xlsx(rows: list[tuple[object, ...]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MAX_ROWS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rows = people(args.rows)
    files = {
        "csv utf-8 ','": ("p.csv", as_csv(rows, ",", "utf-8")),
        "csv cp1252 ';'": ("p.csv", as_csv(rows, ";", "cp1252")),
        "xlsx": ("p.xlsx", as_xlsx(rows)),
    }
    started = time.perf_counter()
    parse_upload("warm.csv", as_csv(rows[:2], ",", "utf-8"), TODAY)
    print(f"first call (NIK region data load): {time.perf_counter() - started:.3f} s")
    print(f"{'file':<16} {'size':>9} {'rows':>6} {'seconds':>8} {'rows/s':>9}")
    for label, (name, content) in files.items():
        result = parse_upload(name, content, TODAY)
        assert not result.errors, result.errors[:3]
        seconds = best_of(args.repeat, partial(parse_upload, name, content, TODAY))
        print(
            f"{label:<16} {len(content) / 1024:>7.0f}KB {len(result.rows):>6} "
            f"{seconds:>8.3f} {len(result.rows) / seconds:>9,.0f}"
        )


if __name__ == "__main__":
    main()
