"""Officers' exports (/ekspor) and the audit log (/audit): streamed from SQLite to a file.

A national export must not sit in memory, so rows go from a cursor, ``CHUNK`` at a time,
straight into a temporary file: the ``csv`` module, or openpyxl's write-only workbook (which
itself streams the sheet to a temporary file). Writing, NIK decryption and the final XLSX zip
are CPU work, so each chunk is written in a worker thread: other users' replies go on.

Exports stream on one read-only connection of the database's reader pool (``db.read()``,
bot/platform/db/connection.py): SQLite in WAL mode gives it a consistent snapshot beside the
bot's one writer, and a long national export then neither waits behind villagers' queries
nor makes them wait.

Only rows inside the officer's scope are read (the same filters as ``bot.services.statistics``).
Full NIKs are decrypted only for a request with ``full_nik``, which only an admin may make
(checked by the handler, and again here).

Files are made for Indonesian offices opening them in Excel: column headers in Indonesian
words (the same in every language; the apparatus columns are the import template's, so a file
can be imported back), statuses in words, and typed cells. In XLSX: real date cells, Rupiah and
percentage number formats, column widths, a frozen header row with a filter. In CSV: ";"
between fields and "," before decimals, which Excel with Indonesian regional settings reads as
numbers (the import template uses the same ";").
"""

from __future__ import annotations

import asyncio
import csv
import json
import multiprocessing
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.domain import jabatan
from bot.domain.apparatus_sheet import CSV_DELIMITER
from bot.domain.dates import JAKARTA
from bot.domain.pii import mask
from bot.domain.rules import RuleSet, evaluate
from bot.platform.crypto import DecryptionError, PersonalDataCipher
from bot.platform.db.connection import Database
from bot.platform.db.officers import Scope
from bot.services.snapshot import FIGURES, village_snapshot
from bot.services.statistics import people_filter, region_filter

CHUNK = 1000  # rows per fetch from SQLite: bounded memory, few round trips
# Rows per trip to the writer (a thread for CSV, a child process for XLSX): short trips keep
# the event loop's worst delay small (bench/exports.py measures it).
WRITE_ROWS = 250
# The Bot API refuses documents over 50 MB (https://core.telegram.org/bots/api#senddocument).
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
# A cell starting with one of these is a formula to Excel/LibreOffice when a CSV is opened
# (OWASP "CSV injection"); names and questions are typed by anyone.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[object, ...]
NIK_COLUMN = 6  # the "nik" column of an apparatus row
# Progress of a long export: called with the rows written so far, after each chunk.
Progress = Callable[[int], Awaitable[None]]


class Kind(StrEnum):
    """How a column's values are typed in the file."""

    TEXT = "text"
    NUMBER = "number"  # a count
    RUPIAH = "rupiah"  # whole Rupiah
    PERCENT = "percent"  # a share 0..1: 0.425 is shown 42,5%
    DATETIME = "datetime"  # Jakarta time (naive datetime)
    DATE = "date"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int = 14  # characters, for the XLSX column


# Excel number format codes are written in en-US notation; Excel shows them with the reader's
# regional separators (Rp1.250.000, 42,5% on an Indonesian PC).
_XLSX_FORMATS = {
    Kind.NUMBER: "#,##0",
    Kind.RUPIAH: '"Rp"#,##0',
    Kind.PERCENT: "0.0%",
    Kind.DATETIME: "dd/mm/yyyy hh:mm",
    Kind.DATE: "dd/mm/yyyy",
}


class Dataset(StrEnum):
    DESA = "desa"  # villages with their Desa Sadar indication
    PERANGKAT = "perangkat"  # the village apparatus
    SIARAN = "siaran"  # announcements with delivery outcomes
    PERTANYAAN = "pertanyaan"  # villagers' questions
    AUDIT = "audit"  # the audit log (admins)


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class ExportRequest:
    dataset: Dataset
    file_format: FileFormat
    scope: Scope
    full_nik: bool = False


@dataclass(frozen=True)
class Sources:
    """What some datasets need besides the database."""

    rules: RuleSet
    today: date
    cipher: PersonalDataCipher | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    filename: str
    rows: int  # data rows, without the header
    size: int  # bytes


class ExportNotAllowed(PermissionError):
    """A request the scope does not allow (full NIKs or the audit log outside an admin)."""


async def export(
    db: Database,
    request: ExportRequest,
    sources: Sources,
    directory: Path,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the dataset for ``request`` into ``directory``; the caller deletes the file.
    ``progress`` hears the rows written so far after every chunk (the caller throttles)."""
    _check_allowed(request, sources)
    table = _TABLES[request.dataset]
    filename = file_name(request, sources.today)
    path = directory / filename
    writer = _open_writer(request.file_format, path, request.dataset.value, table.columns)
    finish = _nik_revealer(sources.cipher) if request.full_nik else None
    rows = 0
    try:
        async for chunk in table.chunks(db, request, sources):
            rows += len(chunk)
            for start in range(0, len(chunk), WRITE_ROWS):
                part = chunk[start : start + WRITE_ROWS]
                await asyncio.to_thread(writer.write, part, finish)
            if progress is not None:
                await progress(rows)
    finally:
        await asyncio.to_thread(writer.close)
    return ExportResult(path, filename, rows, path.stat().st_size)


def _check_allowed(request: ExportRequest, sources: Sources) -> None:
    admin_only = request.full_nik or request.dataset is Dataset.AUDIT
    if admin_only and not request.scope.everything:
        raise ExportNotAllowed("full NIKs and the audit log are for admins only")
    if request.full_nik and (request.dataset is not Dataset.PERANGKAT or sources.cipher is None):
        raise ExportNotAllowed("full NIKs exist only in the apparatus, with the secret key")


def file_name(request: ExportRequest, today: date) -> str:
    """ "desa-sadar-perangkat-3505-20260301.csv"; admins' files say "nasional"."""
    full = "-nik-lengkap" if request.full_nik else ""
    where = _scope_tag(request.scope)
    return f"desa-sadar-{request.dataset}{full}-{where}-{today:%Y%m%d}.{request.file_format}"


def _scope_tag(scope: Scope) -> str:
    if scope.everything:
        return "nasional"
    codes = [code.replace(".", "") for code in sorted(scope.kab_codes)]
    return "-".join(codes[:3]) + ("-dll" if len(codes) > 3 else "")


async def _stream(reader: Database, sql: str, params: Sequence[object]) -> AsyncIterator[list[Row]]:
    # One pooled reader for the whole stream: every chunk from the same snapshot.
    async with reader.read() as tx:
        async for rows in tx.stream(sql, params, CHUNK):
            yield [tuple(row) for row in rows]


# --- writers -------------------------------------------------------------------------------

Finish = Callable[[Row], Row]


class _Writer(Protocol):
    def write(self, rows: Sequence[Row], finish: Finish | None) -> None: ...

    def close(self) -> None: ...


class _CsvWriter:
    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        # utf-8-sig: with the BOM Excel reads UTF-8 (accents, emoji in questions); without it
        # it guesses the Windows code page.
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, delimiter=CSV_DELIMITER)
        self._kinds = [c.kind for c in columns]
        self._csv.writerow([c.header for c in columns])

    def write(self, rows: Sequence[Row], finish: Finish | None) -> None:
        for row in rows:
            values = finish(row) if finish else row
            self._csv.writerow([_csv_value(v, k) for v, k in zip(values, self._kinds, strict=True)])

    def close(self) -> None:
        self._file.close()


def _csv_value(value: object, kind: Kind) -> object:
    """Text Indonesian Excel reads as the right type: "1250", "42,5", "2026-03-01 14:05"."""
    if value is None:
        return ""
    if kind is Kind.PERCENT and isinstance(value, int | float):
        return _decimal_comma(round(100 * value, 1))
    if isinstance(value, float):
        return _decimal_comma(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return _csv_safe(value)


def _decimal_comma(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


class _XlsxWriter:
    def __init__(self, path: Path, title: str, columns: Sequence[Column]) -> None:
        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title[:31])  # Excel's limit for sheet names
        self._formats = [_XLSX_FORMATS.get(c.kind) for c in columns]
        self._columns = len(columns)
        self._rows = 0
        # Set before the first row: a write-only sheet writes its views and widths first.
        self._sheet.freeze_panes = "A2"
        for number, column in enumerate(columns, start=1):
            self._sheet.column_dimensions[get_column_letter(number)].width = column.width
        self._sheet.append([self._header(c.header) for c in columns])

    def _header(self, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2EFDA")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def write(self, rows: Sequence[Row], finish: Finish | None) -> None:
        for row in rows:
            values = finish(row) if finish else row
            self._sheet.append(
                [self._cell(v, f) for v, f in zip(values, self._formats, strict=True)]
            )
        self._rows += len(rows)

    def _cell(self, value: object, number_format: str | None) -> object:
        if isinstance(value, str):
            return self._text(value)
        if value is None or number_format is None:
            return value
        cell = WriteOnlyCell(self._sheet, value)
        cell.number_format = number_format
        return cell

    def _text(self, value: str) -> object:
        # openpyxl refuses control characters (a pasted question may hold one) and stores a
        # string starting with "=" as a formula; both are text here.
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not text.startswith("="):
            return text
        cell = WriteOnlyCell(self._sheet, text)
        cell.data_type = "s"
        return cell

    def close(self) -> None:
        # The filter covers the header and every row written (known only now).
        last = get_column_letter(self._columns)
        self._sheet.auto_filter.ref = f"A1:{last}{self._rows + 1}"
        self._book.save(self._path)


class _XlsxInChildProcess:
    """An :class:`_XlsxWriter` in a child process of its own. openpyxl's XML serialisation is
    pure Python: in a thread it holds the GIL long enough that, with SQLite, villagers' replies
    waited behind a national export (bench/storage.py part 2: p99 308–420 ms in a thread).
    Rows go down a pipe (the NIKs already revealed here: the key stays in the bot's process);
    the child answers once, at ``close``, with "ok" or the error it met."""

    def __init__(self, path: Path, title: str, columns: Sequence[Column]) -> None:
        # spawn, not fork: the bot's process has threads (aiosqlite's), which fork would copy
        # mid-state.
        context = multiprocessing.get_context("spawn")
        self._pipe, child_end = context.Pipe()
        self._child = context.Process(
            target=_xlsx_child, args=(child_end, path, title, list(columns)), daemon=True
        )
        self._child.start()
        child_end.close()

    def write(self, rows: Sequence[Row], finish: Finish | None) -> None:
        self._pipe.send([finish(row) for row in rows] if finish else list(rows))

    def close(self) -> None:
        try:
            self._pipe.send(None)
            error = self._pipe.recv()
        except (EOFError, OSError) as exc:
            raise RuntimeError("the XLSX writer process ended before the file was written") from exc
        finally:
            self._pipe.close()
            self._child.join(timeout=30)
        if error is not None:
            raise RuntimeError(f"XLSX writer: {error}")


def _xlsx_child(pipe: Connection, path: Path, title: str, columns: list[Column]) -> None:
    """The child's side: write every batch of rows until ``None``, then save and answer. After
    an error it keeps reading (so the bot's ``send`` never blocks on a full pipe) and answers
    with the error at the end."""
    error: str | None = None
    writer: _XlsxWriter | None = None
    try:
        writer = _XlsxWriter(path, title, columns)
    except Exception as exc:  # reported to the bot's process at close
        error = f"{type(exc).__name__}: {exc}"
    while (rows := pipe.recv()) is not None:
        if error is None and writer is not None:
            try:
                writer.write(rows, None)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
    if error is None and writer is not None:
        try:
            writer.close()
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
    pipe.send(error)
    pipe.close()


def _open_writer(
    file_format: FileFormat, path: Path, title: str, columns: Sequence[Column]
) -> _Writer:
    if file_format is FileFormat.XLSX:
        return _XlsxInChildProcess(path, title, columns)
    return _CsvWriter(path, columns)


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _nik_revealer(cipher: PersonalDataCipher | None) -> Finish:
    """Decrypts the NIK column of apparatus rows, in the writer's thread (Fernet is CPU work)."""
    assert cipher is not None

    def reveal(row: Row) -> Row:
        try:
            nik = cipher.decrypt(str(row[NIK_COLUMN]))
        except DecryptionError:  # written under another DESABOT_SECRET_KEY: leave it empty
            nik = ""
        return (*row[:NIK_COLUMN], nik, *row[NIK_COLUMN + 1 :])

    return reveal


# --- values --------------------------------------------------------------------------------


def wib(stamp: object) -> str:
    """A stored UTC timestamp as Jakarta time, "2026-03-01 14:05"; empty when not set."""
    moment = wib_time(stamp)
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def wib_time(stamp: object) -> datetime | None:
    """A stored UTC timestamp as a Jakarta wall-clock time (naive: spreadsheets have no zones)."""
    if not stamp:
        return None
    return datetime.fromisoformat(str(stamp)).astimezone(JAKARTA).replace(tzinfo=None)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _jabatan_label(code: str) -> str:
    position = jabatan.by_code(code)
    return position.label["id"] if position else code


# Stored codes in the words officers read (the files are Indonesian in every language).
BROADCAST_STATUS = {
    "draft": "draf",
    "scheduled": "terjadwal",
    "sending": "sedang dikirim",
    "paused": "dijeda",
    "cancelled": "dibatalkan",
    "done": "selesai",
}
QUESTION_OUTCOME = {
    "confident": "dijawab bot",
    "ambiguous": "diberi pilihan jawaban",
    "not_understood": "tidak dipahami bot",
    "calculator": "hitung iuran",
}
MEMBER_STATUS = {"aktif": "aktif", "nonaktif": "nonaktif", "belum": "belum terdaftar"}
FEEDBACK = {1: "membantu", -1: "tidak membantu"}
LANGUAGES = {"id": "Indonesia", "en": "Inggris", "jv": "Jawa"}
_ROLES = {"kepala_desa": "kepala desa", "operator": "operator desa", "perangkat": "perangkat desa"}


def audience_words(raw: object) -> str:
    """A stored audience ({"kind": "region", "code": "35.05"}) as words."""
    try:
        audience = json.loads(str(raw)) if raw else {}
    except ValueError:
        return str(raw)
    if not isinstance(audience, dict):
        return str(raw)
    kind = audience.get("kind", "all")
    if kind == "region":
        return f"wilayah {audience.get('code', '')}"
    if kind == "role":
        role = str(audience.get("role", ""))
        return f"peran: {_ROLES.get(role, role)}"
    if kind == "indication":
        return (
            "desa dengan indikasi Desa Sadar"
            if audience.get("indicated")
            else ("desa belum berindikasi Desa Sadar")
        )
    return "semua di wilayah"


# --- the datasets --------------------------------------------------------------------------

Chunks = Callable[[Database, ExportRequest, Sources], AsyncIterator[list[Row]]]


@dataclass(frozen=True)
class _Table:
    columns: tuple[Column, ...]
    chunks: Chunks

    @property
    def header(self) -> Row:
        return tuple(c.header for c in self.columns)


# Region names of a village code column, joined from the Kemendagri table (NULL if not loaded).
_REGION_JOINS = (
    " LEFT JOIN regions d ON d.code = {col} LEFT JOIN regions k ON k.code = substr({col}, 1, 8)"
    " LEFT JOIN regions kk ON kk.code = substr({col}, 1, 5)"
)
_REGION_NAMES = "COALESCE(d.name, ''), COALESCE(k.name, ''), COALESCE(kk.name, '')"
_REGION_COLUMNS = (
    Column("Kode desa", width=15),
    Column("Desa", width=20),
    Column("Kecamatan", width=18),
    Column("Kab/Kota", width=20),
)


async def _villages(
    reader: Database, request: ExportRequest, sources: Sources
) -> AsyncIterator[list[Row]]:
    where, params = region_filter(request.scope, "v.code")
    sql = (
        f"SELECT v.code, {_REGION_NAMES}, v.claimed_at, v.verified_at,"
        " (SELECT COUNT(*) FROM members m WHERE m.village_code = v.code),"
        " (SELECT COUNT(*) FROM members m WHERE m.village_code = v.code AND m.status = 'aktif')"
        f" FROM villages v{_REGION_JOINS.format(col='v.code')} WHERE {where} ORDER BY v.code"
    )
    async for rows in _stream(reader, sql, params):
        yield [await _village_row(reader, row, sources) for row in rows]


# The village's latest reported figures (/laporan), in FIGURES order, as export columns.
FIGURE_COLUMNS = {
    "working_residents": Column("Warga bekerja", Kind.NUMBER),
    "registered_bpu": Column("Peserta BPU", Kind.NUMBER),
    "registered_pu": Column("Peserta PU", Kind.NUMBER),
    "budget_allocated": Column("Iuran di APBDes"),
    "budget_amount": Column("Anggaran iuran", Kind.RUPIAH, 16),
    "regulation_number": Column("Nomor Perdes/Perkades", width=24),
    "perisai_agent": Column("Agen Perisai"),
    "sosialisasi_events": Column("Sosialisasi (kali)", Kind.NUMBER),
    "sosialisasi_participants": Column("Peserta sosialisasi", Kind.NUMBER),
    "sosialisasi_last_date": Column("Sosialisasi terakhir", Kind.DATE),
    "mou_signed": Column("MoU kantor cabang"),
    "vulnerable_workers_covered": Column("Pekerja rentan dilindungi", Kind.NUMBER),
}


async def _village_row(reader: Database, row: Row, sources: Sources) -> Row:
    code, desa, kecamatan, kab, claimed, verified, members, aktif = row
    snapshot = await village_snapshot(reader, str(code))
    # THE rules module, as /ceksyarat: the export and the village's self-check always agree.
    report = evaluate(snapshot, sources.rules, sources.today)
    figures = (_figure_cell(getattr(snapshot, f.name)) for f in FIGURES)
    return (
        code, desa, kecamatan, kab, wib_time(claimed), wib_time(verified),
        "ya" if report.indicated else "tidak", round(report.progress, 3), members, aktif,
        *figures, report.rules_version,
    )  # fmt: skip


def _figure_cell(value: object) -> object:
    """Not reported stays empty (unknown, not "no"); yes/no in words; days as date cells."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ya" if value else "belum"
    return value


async def _apparatus(
    reader: Database, request: ExportRequest, sources: Sources
) -> AsyncIterator[list[Row]]:
    where, params = region_filter(request.scope, "m.village_code")
    # The encrypted NIK is only read from the database when it is to be shown.
    nik = "m.nik_encrypted" if request.full_nik else "m.nik_masked"
    sql = (
        f"SELECT m.village_code, {_REGION_NAMES}, m.name, m.jabatan, {nik}, m.status,"
        f" COALESCE(m.kpj, ''), m.updated_at FROM members m"
        f"{_REGION_JOINS.format(col='m.village_code')} WHERE {where}"
        " ORDER BY m.village_code, m.id"
    )
    async for rows in _stream(reader, sql, params):
        yield [
            (*r[:5], _jabatan_label(str(r[5])), r[6], MEMBER_STATUS.get(str(r[7]), r[7]), r[8],
             wib_time(r[9]))
            for r in rows
        ]  # fmt: skip


async def _announcements(
    reader: Database, request: ExportRequest, sources: Sources
) -> AsyncIterator[list[Row]]:
    people, params = people_filter(request.scope, "o.user_id")
    readers, read_params = people_filter(request.scope, "r.user_id")
    # Outcomes of the recipients in scope only; an officer sees an announcement when it
    # reached at least one person of their kab/kota.
    having = "" if request.scope.everything else " HAVING COUNT(o.user_id) > 0"
    sql = (
        "SELECT b.id, b.created_at, b.status, b.audience,"
        " COALESCE(b.text_id, b.text_en, b.text_jv, ''), COUNT(o.user_id),"
        " SUM(CASE WHEN o.state = 'sent' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.state = 'blocked' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.state = 'failed' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.state IN ('queued', 'sending') THEN 1 ELSE 0 END),"
        f" (SELECT COUNT(*) FROM broadcast_reads r WHERE r.broadcast_id = b.id AND {readers})"
        f" FROM broadcasts b LEFT JOIN outbox o ON o.broadcast_id = b.id AND {people}"
        f" GROUP BY b.id{having} ORDER BY b.id"
    )
    async for rows in _stream(reader, sql, (*read_params, *params)):
        yield [_announcement_row(r) for r in rows]


def _announcement_row(row: Row) -> Row:
    id_, created, status, audience, text = row[:5]
    total, sent, blocked, failed, waiting, reads = (_int(v) for v in row[5:])
    return (
        id_, wib_time(created), BROADCAST_STATUS.get(str(status), status), audience_words(audience),
        text, total, sent, blocked, failed, waiting, reads, _share(sent, total),
        _share(reads, sent),
    )  # fmt: skip


async def _questions(
    reader: Database, request: ExportRequest, sources: Sources
) -> AsyncIterator[list[Row]]:
    where, params = people_filter(request.scope, "q.user_id")
    # The asker is never named: only the kab/kota of the village they chose, if any.
    sql = (
        "SELECT q.id, q.asked_at, q.language, q.text, q.outcome, COALESCE(q.entry_id, ''),"
        " q.feedback, q.handed_over_at, q.answered_at, COALESCE(q.answer, ''), q.answer_feedback,"
        " COALESCE((SELECT substr(village_code, 1, 5) FROM subscriptions s"
        " WHERE s.user_id = q.user_id), (SELECT substr(village_code, 1, 5) FROM"
        " village_officials o WHERE o.user_id = q.user_id), '')"
        f" FROM questions q WHERE {where} ORDER BY q.id"
    )
    async for rows in _stream(reader, sql, params):
        yield [_question_row(r) for r in rows]


def _question_row(r: Row) -> Row:
    return (
        r[0], wib_time(r[1]), LANGUAGES.get(str(r[2]), r[2]), mask(str(r[3])),
        QUESTION_OUTCOME.get(str(r[4]), r[4]), r[5], FEEDBACK.get(_int(r[6]), ""),
        wib_time(r[7]), wib_time(r[8]), r[9], FEEDBACK.get(_int(r[10]), ""), r[11],
    )  # fmt: skip


def _int(value: object) -> int:
    """SUM() over no rows is NULL."""
    return int(value) if isinstance(value, int | float) else 0


async def _audit(
    reader: Database, request: ExportRequest, sources: Sources
) -> AsyncIterator[list[Row]]:
    sql = (
        "SELECT id, at, COALESCE(CAST(actor_id AS TEXT), ''), action, target, detail"
        " FROM audit_log ORDER BY id"
    )
    async for rows in _stream(reader, sql, ()):
        yield [(r[0], wib_time(r[1]), *r[2:]) for r in rows]


_WHEN = 17  # "05/12/2026 14:05" and a little air
_TABLES: dict[Dataset, _Table] = {
    Dataset.DESA: _Table(
        (*_REGION_COLUMNS, Column("Diklaim (WIB)", Kind.DATETIME, _WHEN),
         Column("Diverifikasi (WIB)", Kind.DATETIME, _WHEN), Column("Indikasi Desa Sadar"),
         Column("Kemajuan", Kind.PERCENT, 11), Column("Perangkat tercatat", Kind.NUMBER),
         Column("Perangkat aktif", Kind.NUMBER), *(FIGURE_COLUMNS[f.name] for f in FIGURES),
         Column("Versi aturan")),
        _villages,
    ),
    # Nama, Jabatan, NIK, Status BPJS TK, Nomor KPJ: the import template's own headers, so a
    # file can be imported back.
    Dataset.PERANGKAT: _Table(
        (*_REGION_COLUMNS, Column("Nama", width=28), Column("Jabatan", width=22),
         Column("NIK", width=19), Column("Status BPJS TK", width=16),
         Column("Nomor KPJ", width=14), Column("Diperbarui (WIB)", Kind.DATETIME, _WHEN)),
        _apparatus,
    ),
    Dataset.SIARAN: _Table(
        (Column("No.", Kind.NUMBER, 6), Column("Dibuat (WIB)", Kind.DATETIME, _WHEN),
         Column("Status"), Column("Sasaran", width=24), Column("Teks", width=50),
         Column("Penerima", Kind.NUMBER), Column("Terkirim", Kind.NUMBER),
         Column("Memblokir bot", Kind.NUMBER), Column("Gagal", Kind.NUMBER),
         Column("Menunggu", Kind.NUMBER), Column("Dibaca", Kind.NUMBER),
         Column("Terkirim (%)", Kind.PERCENT, 12), Column("Dibaca (%)", Kind.PERCENT, 12)),
        _announcements,
    ),
    Dataset.PERTANYAAN: _Table(
        (Column("No.", Kind.NUMBER, 6), Column("Ditanya (WIB)", Kind.DATETIME, _WHEN),
         Column("Bahasa", width=11), Column("Pertanyaan", width=50), Column("Hasil", width=20),
         Column("Entri FAQ", width=18), Column("Penilaian warga"),
         Column("Diteruskan ke petugas (WIB)", Kind.DATETIME, _WHEN),
         Column("Dijawab petugas (WIB)", Kind.DATETIME, _WHEN),
         Column("Jawaban petugas", width=50), Column("Penilaian jawaban"),
         Column("Kab/Kota (kode)", width=12)),
        _questions,
    ),
    Dataset.AUDIT: _Table(
        (Column("No.", Kind.NUMBER, 8), Column("Waktu (WIB)", Kind.DATETIME, _WHEN),
         Column("Pelaku (ID)", width=14), Column("Aksi", width=22), Column("Sasaran", width=18),
         Column("Rincian", width=50)),
        _audit,
    ),
}  # fmt: skip


# --- the audit log, for /audit -------------------------------------------------------------


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str  # Jakarta time, "2026-03-01 14:05"
    actor_id: int | None
    action: str
    target: str
    detail: str


def _entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        int(row["id"]), wib(row["at"]), row["actor_id"], row["action"], row["target"], row["detail"]
    )


async def audit_page(db: Database, offset: int, limit: int) -> tuple[list[AuditEntry], int]:
    """The newest entries first, one page, and how many there are."""
    rows = await db.fetchall(
        "SELECT id, at, actor_id, action, target, detail FROM audit_log"
        " ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    total = await db.fetchone("SELECT COUNT(*) FROM audit_log")
    return [_entry(r) for r in rows], int(total[0]) if total else 0
