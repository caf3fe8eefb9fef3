"""Reading a village's apparatus list from an uploaded spreadsheet (.csv or .xlsx).

PURE: bytes in, data out; no database, no Telegram, no clock (``today`` is passed in).

CONTRACT: :func:`parse_upload` only reports. It returns every row it could read and every
problem it found, each with its spreadsheet line (1-based, as Excel numbers rows; the header is
line 1 when it is the first row). The caller stores ``result.rows`` only when ``result.errors``
is empty, so a file is never half-imported: the user fixes the listed lines and uploads again.
Whole-file problems raise :class:`ImportFileError` instead.

Columns (header row; order free; case, spaces and punctuation ignored; synonyms accepted, such
as "Nama Lengkap", "No. HP/WA", "Nomor KPJ", "Status BPJS TK"): ``nama``, ``jabatan``, ``nik``,
``status`` are required; ``kpj`` and ``hp`` may be left out. The header is looked for in the
first rows, so a title line above it ("DAFTAR PERANGKAT DESA …") does no harm; empty lines are
skipped but keep their line numbers. Columns the bot does not know ("No", "Alamat") are ignored.

Per row (error codes are ``<column>_<problem>``; ``RowError.value_masked`` never holds a clear
NIK, KPJ or phone number):

- ``nama``: required, at most :data:`MAX_NAME_LENGTH` characters, must contain a letter
  (``nama_empty``, ``nama_too_long``, ``nama_invalid``); the template's example row is
  ``nama_example``.
- ``jabatan``: :func:`bot.domain.jabatan.parse_jabatan` (``jabatan_empty``, ``jabatan_unknown``).
- ``nik``: :func:`bot.domain.nik.check_nik`, code ``nik_`` + its problem; a NIK seen on an earlier
  line is ``nik_duplicate_in_file`` on the later one.
- ``status``: see :data:`STATUSES` and ``_STATUS_WORDS`` (``status_empty``, ``status_unknown``,
  ``status_ambiguous``).
- ``kpj``: optional, checked with :func:`bot.domain.nik.check_kpj` when present; a KPJ with status
  "belum" (never registered) contradicts itself: ``kpj_but_belum``; ``kpj_duplicate_in_file``.
- ``hp``: optional, checked with :func:`bot.domain.nik.check_phone` when present, stored as +62….

Status words. "aktif", "nonaktif" and "belum" (not registered) and their usual spellings
("tidak aktif", "non-aktif", "belum terdaftar", "tidak", "-") are read. A bare yes ("ya",
"sudah", "terdaftar", "ada") is rejected as ``status_ambiguous``: a registration can have lapsed,
and a lapsed membership is exactly the gap the Desa Sadar self-check must show, so the bot does
not guess "aktif". An empty status cell is ``status_empty``, not "belum": unknown is not "no".

Numbers Excel has mangled. A 16-digit NIK typed into a Number cell keeps only 15 significant
digits: Excel shows 3.50512E+15 and stores 3505124501900000. So in an .xlsx, a NIK that is a
float, or a 16-digit integer ending in 0, is ``nik_scientific`` (digits may be lost; format the
column as Text and type it again). A 16-digit integer ending in another digit cannot have been
rounded (software such as pandas wrote it) and is taken exactly. A CSV holds text only;
"3.50512E+15" there is caught by check_nik. A phone number stored as a number lost its leading
0 ("81234567890"); check_phone reads that form. Cells written ``="3505…"`` (the CSV trick to
keep Excel from converting) or ``'3505…`` are unwrapped.

Files: CSV in UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), otherwise
cp1252 (Excel's "CSV" on Windows) or Latin-1; delimiter "," ";" or tab, chosen as the one that
makes the header readable. XLSX: the first worksheet, read streaming (openpyxl read_only);
formulas give their cached values. A file that is a zip whatever its name is read as XLSX.

Limits (a file is the user's, possibly hostile): MAX_BYTES on the wire, MAX_UNPACKED_BYTES for
what an .xlsx unpacks to (checked before openpyxl opens it), MAX_ROWS data rows, MAX_SHEET_ROWS
sheet rows, MAX_CELL_CHARS per cell; each raises ImportFileError with the limit hit. Parsing
is CPU-bound: callers on an event loop run it in a worker thread.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from pathlib import PurePath
from types import MappingProxyType
from typing import Literal

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.jabatan import JABATAN, Jabatan, parse_jabatan
from bot.domain.nik import check_kpj, check_nik, check_phone, mask_nik, mask_phone

Status = Literal["aktif", "nonaktif", "belum"]
STATUSES: tuple[Status, ...] = ("aktif", "nonaktif", "belum")

Column = Literal["nama", "jabatan", "nik", "status", "kpj", "hp"]
COLUMNS: tuple[Column, ...] = ("nama", "jabatan", "nik", "status", "kpj", "hp")
REQUIRED_COLUMNS: tuple[Column, ...] = ("nama", "jabatan", "nik", "status")

FileProblem = Literal[
    "unsupported_type",
    "too_large",
    "unpacked_too_large",
    "too_many_rows",
    "cell_too_large",
    "empty",
    "missing_columns",
    "unreadable",
]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_NAME_LENGTH = 100
# Sheet rows (CSV records) read at most, empty ones included: a sheet formatted down to row
# 1,048,576 would otherwise be walked to the end (~1 s per 100,000 rows). Twice a full list of
# MAX_ROWS people; a file beyond it is "too_many_rows" even if most of its rows are empty.
MAX_SHEET_ROWS = 2 * MAX_ROWS
# What an .xlsx may unpack to, all zip members together, checked from the zip directory before
# openpyxl opens it (it reads shared strings whole: a 62 KB file held a 60 MB cell and took
# 871 MB). A full list of MAX_ROWS people unpacks to ~2 MB. Python's zipfile never inflates a
# member past its declared size, so the directory's sizes bound what is read.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 500  # a workbook has a few dozen parts
# Characters in one cell: a name is at most MAX_NAME_LENGTH, an address or a note a few hundred.
MAX_CELL_CHARS = 2_000
# Columns read per row; a header further right than this is not looked for.
MAX_COLUMNS = 64
# The header may sit under a title: it is looked for in this many non-empty rows.
HEADER_SEARCH_ROWS = 10
# Shown masked or cut in errors: enough to find the cell, short enough for a chat message.
_SHOWN_TEXT = 30

EXAMPLE_NIK = "3505124501900001"  # from the project's docs: valid format, used only as example
EXAMPLE_NAME = "CONTOH - hapus baris ini"

_XLSX_MAGIC = b"PK\x03\x04"
_CSV_DELIMITERS = (",", ";", "\t")
# What the bot writes (the import template, /ekspor): Excel with Indonesian regional settings
# uses ";" between fields because "," is its decimal mark.
CSV_DELIMITER = ";"


class ImportFileError(ValueError):
    """The whole file cannot be read. ``code`` is a :data:`FileProblem`; for
    "missing_columns", ``columns`` names the required columns not found, in COLUMNS order.
    For a limit ("too_large", "unpacked_too_large", "too_many_rows", "cell_too_large"),
    ``limit`` is the limit that was hit (bytes, rows or characters) and ``line`` the
    spreadsheet line of the cell that was too long."""

    def __init__(
        self,
        code: FileProblem,
        columns: tuple[Column, ...] = (),
        *,
        limit: int = 0,
        line: int = 0,
    ) -> None:
        super().__init__(f"{code}: {', '.join(columns)}" if columns else code)
        self.code: FileProblem = code
        self.columns: tuple[Column, ...] = columns
        self.limit = limit
        self.line = line


@dataclass(frozen=True, repr=False)
class ApparatusRow:
    line: int
    name: str
    jabatan: Jabatan
    nik: str  # 16 digits
    status: Status
    kpj: str | None  # 11 digits
    phone: str | None  # E.164, "+6281234567890"

    def __repr__(self) -> str:
        # Rows end up in test failures and log lines: identifiers masked, like bot.domain.nik's
        # results.
        kpj = None if self.kpj is None else mask_nik(self.kpj)
        phone = None if self.phone is None else mask_phone(self.phone)
        return (
            f"ApparatusRow(line={self.line}, name={self.name!r}, jabatan={self.jabatan.code!r}, "
            f"nik={mask_nik(self.nik)!r}, status={self.status!r}, kpj={kpj!r}, phone={phone!r})"
        )


@dataclass(frozen=True)
class RowError:
    line: int
    field: Column
    code: str
    # What the cell held, for the user to find it: NIK/KPJ/phone masked, other text cut short.
    value_masked: str
    # Digits the cell held, for "a NIK has 16 digits; this one has 14" (0 where not counted).
    digits: int = 0


@dataclass(frozen=True)
class ImportResult:
    rows: tuple[ApparatusRow, ...]
    errors: tuple[RowError, ...]
    # Non-empty data lines read (header, title and empty lines not counted).
    total_lines: int


def parse_upload(filename: str, content: bytes, today: date) -> ImportResult:
    """Read an uploaded apparatus list. See the module docstring for the contract: the caller
    stores ``rows`` only when ``errors`` is empty; whole-file problems raise ImportFileError."""
    suffix = PurePath(filename.strip().lower()).suffix
    if suffix not in (".csv", ".xlsx"):
        raise ImportFileError("unsupported_type")
    if len(content) > MAX_BYTES:
        raise ImportFileError("too_large", limit=MAX_BYTES)
    if not content.strip():
        raise ImportFileError("empty")
    if content.startswith(_XLSX_MAGIC):
        return _parse_sheet(_xlsx_lines, content, today)
    if suffix == ".xlsx":
        raise ImportFileError("unreadable")
    return _parse_sheet(_csv_lines, content, today)


# --- reading the file into numbered lines --------------------------------------------------------

Line = tuple[int, Sequence[object]]


def _parse_sheet(
    reader: Callable[[bytes], Iterator[Line]], content: bytes, today: date
) -> ImportResult:
    lines = reader(content)
    columns = _find_header(lines)
    return _Rows(columns, today).read(lines)


def _csv_lines(content: bytes) -> Iterator[Line]:
    text = _decode(content)
    if "\x00" in text:
        raise ImportFileError("unreadable")  # a binary file called .csv
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A record is a spreadsheet row even when a quoted cell spans several text lines.
        yield from enumerate(reader, start=1)
    except csv.Error as exc:  # e.g. an unclosed quote swallowing the file past the field limit
        raise ImportFileError("unreadable") from exc


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError("unreadable") from exc
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:  # five byte values cp1252 leaves undefined; Latin-1 maps all
        return content.decode("latin-1")


def _sniff_delimiter(text: str) -> str:
    """The delimiter that makes a header of the first rows, else the one that splits most."""
    head = "".join(islice(io.StringIO(text, newline=""), HEADER_SEARCH_ROWS * 2))

    def score(delimiter: str) -> tuple[int, int]:
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            return (-1, 0)
        found = max((len(_header_columns(row)) for row in rows), default=0)
        return (found, max((len(row) for row in rows), default=0))

    return max(_CSV_DELIMITERS, key=score)


def _check_unpacked_size(content: bytes) -> None:
    """Refuse a zip whose members together unpack beyond MAX_UNPACKED_BYTES (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError("unreadable") from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportFileError("unreadable")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise ImportFileError("unpacked_too_large", limit=MAX_UNPACKED_BYTES)


def _xlsx_lines(content: bytes) -> Iterator[Line]:
    _check_unpacked_size(content)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # see below: a damaged file fails in many ways, all "unreadable"
        raise ImportFileError("unreadable") from exc
    try:
        if not book.worksheets:
            raise ImportFileError("empty")
        sheet = book.worksheets[0]
        # The stored dimension can be wrong (some writers never update it) and read_only mode
        # would stop at it; forget it and read what is there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        yield from enumerate(rows, start=1)
    except ImportFileError:
        raise
    except Exception as exc:
        # openpyxl parses the sheet lazily and a damaged file can fail in it with anything from
        # KeyError to an XML parse error; the file is the user's, so all of it means unreadable.
        raise ImportFileError("unreadable") from exc
    finally:
        book.close()


# --- the header ---------------------------------------------------------------------------------

_HEADER_NAMES: Mapping[Column, tuple[str, ...]] = MappingProxyType(
    {
        "nama": (
            "nama",
            "name",
            "full name",
            "nama lengkap",
            "nama perangkat",
            "nama aparat",
            "nama aparatur",
            "nama pegawai",
            "nama anggota",
            "nama peserta",
            "nama sesuai ktp",
            "nama lengkap sesuai ktp",
        ),
        "jabatan": ("jabatan", "posisi", "position", "role", "jabatan perangkat", "jabatan desa"),
        "nik": ("nik", "ktp", "nik ktp", "e ktp", "nik e ktp", "induk kependudukan"),
        "status": (
            "status",
            "status bpjs",
            "status bpjs tk",
            "status bpjs ketenagakerjaan",
            "status bpjamsostek",
            "status jamsostek",
            "status kepesertaan",
            "status peserta",
            "kepesertaan",
            "kepesertaan bpjs",
            "bpjs",
            "bpjs tk",
            "bpjs ketenagakerjaan",
            "terdaftar bpjs",
        ),
        "kpj": (
            "kpj",
            "kpj bpjs",
            "no bpjs",
            "no bpjs tk",
            "no bpjs ketenagakerjaan",
            "peserta",
            "peserta bpjs",
            "kartu",
            "kartu peserta",
            "kartu bpjs",
        ),
        "hp": (
            "hp",
            "hp wa",
            "wa",
            "whatsapp",
            "telp",
            "telp hp",
            "telepon",
            "telpon",
            "handphone",
            "ponsel",
            "phone",
            "mobile",
        ),
    }
)
# "No.", "Nomor", "Nomer" in front of a name mean the same column ("No. HP", "Nomor KPJ"); a bare
# "No" is the row-number column and matches nothing.
_NUMBER_WORDS = ("no", "nomor", "nomer", "nmr")
# A header that starts like one of ours but is about someone or something else: "Nama Ibu
# Kandung", "Nama Dusun", "Status Perkawinan", "Status Kepegawaian" are common in these lists.
_OTHER_SUBJECT = frozenset(
    {"desa", "dusun", "ibu", "ayah", "kandung", "suami", "istri", "ahli", "waris", "bank", "kk"}
    | {"kawin", "perkawinan", "pernikahan", "pegawai", "kepegawaian", "keluarga", "hubungan"}
)


def _fold(value: object) -> str:
    """Lowercase ASCII words and digits, one space apart: "No. HP / WA" → "no hp wa"."""
    decomposed = unicodedata.normalize("NFKD", str(value).casefold())
    kept = (
        c if c.isascii() and c.isalnum() else " "
        for c in decomposed
        if not unicodedata.combining(c)
    )
    return " ".join("".join(kept).split())


def _build_header_names() -> tuple[dict[str, Column], int]:
    names: dict[str, Column] = {}
    for column, forms in _HEADER_NAMES.items():
        for form in forms:
            names[form] = column
            for number in _NUMBER_WORDS:
                names.setdefault(f"{number} {form}", column)
    return names, max(name.count(" ") + 1 for name in names)


_HEADER_LOOKUP, _HEADER_LONGEST = _build_header_names()


def _header_column(cell: object) -> tuple[Column, bool] | None:
    """The column a header cell names and whether exactly (else by its leading words)."""
    if cell is None:
        return None
    words = _fold(cell).split()
    exact = _HEADER_LOOKUP.get(" ".join(words))
    if exact:
        return exact, True
    for n in range(min(len(words) - 1, _HEADER_LONGEST), 0, -1):
        column = _HEADER_LOOKUP.get(" ".join(words[:n]))
        if column and not _OTHER_SUBJECT.intersection(words[n:]):
            return column, False
    return None


def _header_columns(row: Sequence[object]) -> dict[Column, int]:
    """Column → index; an exact header beats one matched by its leading words, then first wins."""
    found: dict[Column, tuple[int, bool]] = {}
    for index, cell in enumerate(row):
        match = _header_column(cell)
        if match is None:
            continue
        column, exact = match
        if column not in found or (exact and not found[column][1]):
            found[column] = (index, exact)
    return {column: index for column, (index, _) in found.items()}


def _find_header(lines: Iterator[Line]) -> dict[Column, int]:
    """Consume lines up to and including the header; raise when there is none."""
    best: dict[Column, int] = {}
    for _, row in islice(_non_empty(lines), HEADER_SEARCH_ROWS):
        columns = _header_columns(row)
        if all(column in columns for column in REQUIRED_COLUMNS):
            return columns
        if len(columns) > len(best):
            best = columns
    if not best and _is_exhausted(lines):
        raise ImportFileError("empty")
    missing = tuple(column for column in REQUIRED_COLUMNS if column not in best)
    raise ImportFileError("missing_columns", missing)


def _is_exhausted(lines: Iterator[Line]) -> bool:
    return next(_non_empty(lines), None) is None


def _non_empty(lines: Iterable[Line]) -> Iterator[Line]:
    for number, row in lines:
        if number > MAX_SHEET_ROWS:
            raise ImportFileError("too_many_rows", limit=MAX_SHEET_ROWS)
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in row):
            raise ImportFileError("cell_too_large", limit=MAX_CELL_CHARS, line=number)
        if any(cell is not None and str(cell).strip() for cell in row):
            yield number, row


# --- the rows -----------------------------------------------------------------------------------

# Folded status text → status, or None for a bare yes that does not say whether it is active.
# Longer phrases are tried first, as leading words: "tidak aktif sejak 2023" is nonaktif.
_STATUS_WORDS: Mapping[str, Status | None] = MappingProxyType(
    {
        **dict.fromkeys(
            ("aktif", "aktip", "active", "masih aktif", "sudah aktif", "terdaftar aktif"),
            "aktif",
        ),
        **dict.fromkeys(
            ("peserta aktif", "sudah terdaftar aktif", "ya aktif", "aktif terdaftar"), "aktif"
        ),
        **dict.fromkeys(
            ("nonaktif", "non aktif", "tidak aktif", "tdk aktif", "tak aktif", "gak aktif"),
            "nonaktif",
        ),
        **dict.fromkeys(
            ("nggak aktif", "ga aktif", "inaktif", "inactive", "not active", "nonactive"),
            "nonaktif",
        ),
        **dict.fromkeys(
            ("non active", "mati", "menunggak", "nunggak", "sudah tidak aktif"), "nonaktif"
        ),
        **dict.fromkeys(("terdaftar tidak aktif", "terdaftar nonaktif"), "nonaktif"),
        **dict.fromkeys(
            ("belum", "blm", "belum terdaftar", "blm terdaftar", "belum daftar", "blm daftar"),
            "belum",
        ),
        **dict.fromkeys(
            ("tidak terdaftar", "tdk terdaftar", "tidak", "tdk", "no", "none", "belum ada"),
            "belum",
        ),
        **dict.fromkeys(
            ("tidak ada", "tdk ada", "bukan peserta", "not registered", "unregistered"), "belum"
        ),
        **dict.fromkeys(("ya", "y", "yes", "iya", "sudah", "sdh", "udah", "ada", "ok"), None),
        **dict.fromkeys(("terdaftar", "sudah terdaftar", "sdh terdaftar", "registered"), None),
    }
)
_STATUS_LONGEST = max(phrase.count(" ") + 1 for phrase in _STATUS_WORDS)
# A lone dash (of any kind) is how Indonesian forms say "none".
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


class _Rows:
    """One pass over the data lines; remembers NIKs and KPJs seen for the duplicate checks."""

    def __init__(self, columns: Mapping[Column, int], today: date) -> None:
        self._columns = columns
        self._today = today
        self._niks: set[str] = set()
        self._kpjs: set[str] = set()
        self._rows: list[ApparatusRow] = []
        self._errors: list[RowError] = []

    def read(self, lines: Iterator[Line]) -> ImportResult:
        total = 0
        for number, row in _non_empty(lines):
            total += 1
            if total > MAX_ROWS:
                raise ImportFileError("too_many_rows", limit=MAX_ROWS)
            self._read_row(number, row)
        if total == 0:
            raise ImportFileError("empty")
        return ImportResult(tuple(self._rows), tuple(self._errors), total)

    def _cell(self, row: Sequence[object], column: Column) -> object:
        index = self._columns.get(column)
        return row[index] if index is not None and index < len(row) else None

    def _read_row(self, line: int, row: Sequence[object]) -> None:
        errors = len(self._errors)
        name = self._name(line, self._cell(row, "nama"))
        jabatan = self._jabatan(line, self._cell(row, "jabatan"))
        nik = self._nik(line, self._cell(row, "nik"))
        status = self._status(line, self._cell(row, "status"))
        kpj = self._kpj(line, self._cell(row, "kpj"), status)
        phone = self._phone(line, self._cell(row, "hp"))
        if len(self._errors) > errors:
            return
        assert name and jabatan and nik and status  # no error recorded means all were read
        self._rows.append(ApparatusRow(line, name, jabatan, nik, status, kpj, phone))

    def _error(self, line: int, column: Column, problem: str, shown: str, digits: int = 0) -> None:
        self._errors.append(RowError(line, column, f"{column}_{problem}", shown, digits))

    def _name(self, line: int, cell: object) -> str | None:
        name = " ".join(unicodedata.normalize("NFC", _text(cell)).split())
        problem = None
        if not name:
            problem = "empty"
        elif len(name) > MAX_NAME_LENGTH:
            problem = "too_long"
        elif not any(c.isalpha() for c in name):
            problem = "invalid"  # "123", "-", or a NIK pasted into the wrong column
        elif _fold(name) == _fold(EXAMPLE_NAME):
            problem = "example"
        if problem:
            self._error(line, "nama", problem, _shown(name))
            return None
        return name

    def _jabatan(self, line: int, cell: object) -> Jabatan | None:
        text = _text(cell)
        jabatan = parse_jabatan(text) if text else None
        if jabatan is None:
            self._error(line, "jabatan", "unknown" if text else "empty", _shown(text))
        return jabatan

    def _nik(self, line: int, cell: object) -> str | None:
        text, mangled = _number_text(cell)
        if mangled:
            self._error(line, "nik", "scientific", mask_nik(text))
            return None
        result = check_nik(text, self._today)
        if not result.valid or result.nik is None:
            problem = result.problem or "invalid"
            self._error(line, "nik", problem, mask_nik(text), result.digits)
            return None
        if result.nik in self._niks:
            self._error(line, "nik", "duplicate_in_file", mask_nik(result.nik))
            return None
        self._niks.add(result.nik)
        return result.nik

    def _status(self, line: int, cell: object) -> Status | None:
        text = _text(cell)
        if not text:
            self._error(line, "status", "empty", "")
            return None
        if text in _DASHES:
            return "belum"
        words = _fold(text).split()
        for n in range(min(len(words), _STATUS_LONGEST), 0, -1):
            phrase = " ".join(words[:n])
            if phrase in _STATUS_WORDS:
                status = _STATUS_WORDS[phrase]
                if status is None:
                    self._error(line, "status", "ambiguous", _shown(text))
                return status
        self._error(line, "status", "unknown", _shown(text))
        return None

    def _kpj(self, line: int, cell: object, status: Status | None) -> str | None:
        text, _ = _number_text(cell)
        if not text or text in _DASHES:
            return None
        result = check_kpj(text)
        if not result.valid or result.kpj is None:
            self._error(line, "kpj", result.problem or "invalid", mask_nik(text))
        elif status == "belum":
            self._error(line, "kpj", "but_belum", mask_nik(result.kpj))
        elif result.kpj in self._kpjs:
            self._error(line, "kpj", "duplicate_in_file", mask_nik(result.kpj))
        else:
            self._kpjs.add(result.kpj)
            return result.kpj
        return None

    def _phone(self, line: int, cell: object) -> str | None:
        text, _ = _number_text(cell)
        if not text or text in _DASHES:
            return None
        result = check_phone(text)
        if not result.valid:
            self._error(line, "hp", result.problem or "invalid", mask_phone(text))
        return result.phone


def _text(cell: object) -> str:
    """A cell as text. Numbers that are whole print without ".0"; dates as ISO dates."""
    if cell is None or isinstance(cell, bool):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == time():
        return cell.date().isoformat()
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell).strip()


def _number_text(cell: object) -> tuple[str, bool]:
    """An identifier cell as text, and whether Excel may have rounded it (see module doc)."""
    if isinstance(cell, float) and cell >= 1e15:
        return _text(cell), True
    if isinstance(cell, int) and not isinstance(cell, bool):
        digits = str(cell)
        return digits, len(digits) >= 16 and digits.endswith("0")
    text = _text(cell)
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1].strip()
    return text.removeprefix("'").strip(), False


def _shown(text: str) -> str:
    """Free text as shown in an error: cut short, and masked if it holds a long number."""
    if sum(c.isdigit() for c in text) >= 8:
        return mask_nik(text)
    return text if len(text) <= _SHOWN_TEXT else f"{text[: _SHOWN_TEXT - 1]}…"


# --- templates ----------------------------------------------------------------------------------

# The template is a user-facing document in Indonesian, the language of village offices; its
# header uses the friendly spellings the parser accepts.
_TEMPLATE_HEADER = ("Nama", "Jabatan", "NIK", "Status BPJS TK", "Nomor KPJ", "No HP")
_TEMPLATE_EXAMPLE = (
    EXAMPLE_NAME,
    "Sekretaris Desa",
    EXAMPLE_NIK,
    "aktif",
    "12345678901",  # a KPJ is 11 digits; this one is plainly made up
    "081234567890",
)
_TEXT_COLUMNS = ("C", "E", "F")  # NIK, KPJ, HP: Text, so Excel keeps every digit
_NIK_NOTE = (
    "Kolom NIK berformat Teks. Ketik 16 angka NIK sesuai KTP. Jika kolom ini diubah menjadi "
    "Angka, Excel membulatkan angka ke-16 menjadi 0 (tampil 3.50512E+15) dan baris ditolak."
)
_INSTRUCTIONS = (
    "Cara mengisi daftar perangkat desa",
    "",
    "1. Isi sheet pertama (Perangkat): satu baris untuk satu orang. Judul kolom jangan diubah.",
    "2. Hapus baris contoh (nama: " + EXAMPLE_NAME + ") sebelum mengunggah.",
    "3. Nama: nama lengkap sesuai KTP (wajib, paling banyak 100 huruf).",
    "4. Jabatan: pilih dari daftar di bawah; singkatan juga boleh (Sekdes, Kaur Keu, Kasun,"
    " Kasi Pem, Ketua RT 03).",
    "5. NIK: 16 angka sesuai KTP (wajib). Kolom NIK harus berformat Teks (Format Cells → Text)"
    " sebelum diisi. Jika berformat Angka, Excel mengubah angka ke-16 menjadi 0 atau"
    " menampilkan 3.50512E+15, dan baris itu ditolak.",
    "6. Status BPJS TK: aktif, nonaktif, atau belum (belum terdaftar). Wajib.",
    "7. Nomor KPJ: 11 angka dari kartu BPJS Ketenagakerjaan atau aplikasi JMO (boleh kosong;"
    " kosongkan jika status belum).",
    "8. No HP: nomor HP/WhatsApp, misalnya 081234567890 (boleh kosong).",
    "9. Simpan sebagai .xlsx (dianjurkan) atau .csv. Paling besar 5 MB dan 5.000 baris.",
    "10. Bot memeriksa semua baris dulu. Jika ada yang salah, tidak ada yang disimpan: bot"
    " menyebut nomor barisnya, perbaiki, lalu unggah lagi.",
    "",
    "Jabatan yang dikenali:",
)


def template_csv() -> bytes:
    """The header and the example row, UTF-8 with BOM (so Excel reads accents right), fields
    separated by ";" as in the /ekspor files (Excel with Indonesian settings splits on it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(_TEMPLATE_HEADER)
    writer.writerow(_TEMPLATE_EXAMPLE)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    """Sheet "Perangkat" (header, example row, NIK/KPJ/HP columns as Text, drop-down lists for
    jabatan and status) and sheet "Petunjuk" (how to fill it in, the jabatan list)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = "Perangkat"
    sheet.append(_TEMPLATE_HEADER)
    sheet.append(_TEMPLATE_EXAMPLE)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet["C1"].comment = Comment(_NIK_NOTE, "Desa Sadar Bot", width=320, height=120)
    for letter, width in zip("ABCDEF", (32, 28, 20, 16, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    for letter in _TEXT_COLUMNS:
        sheet.column_dimensions[letter].number_format = "@"
        sheet[f"{letter}2"].number_format = "@"
    sheet.freeze_panes = "A2"

    guide = book.create_sheet("Petunjuk")
    guide.column_dimensions["A"].width = 110
    for text in _INSTRUCTIONS:
        guide.append((text,))
    first = guide.max_row + 1
    for jabatan in sorted(JABATAN, key=lambda j: j.order):
        guide.append((jabatan.label["id"],))
    # OOXML stores formulas without the leading "=" Excel shows.
    _add_choices(sheet, f"Petunjuk!$A${first}:$A${guide.max_row}", "B")
    _add_choices(sheet, '"' + ",".join(STATUSES) + '"', "D")

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _add_choices(sheet: Worksheet, formula: str, letter: str) -> None:
    """A drop-down that suggests but does not insist: "Kasun" is fine too."""
    validation = DataValidation(
        type="list", formula1=formula, allow_blank=True, showErrorMessage=False
    )
    validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)
