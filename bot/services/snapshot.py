"""Village figures: what a village official can report, how a typed answer is read, and the
village snapshot that the Desa Sadar rules (``bot.domain.rules``) judge.

Every report is a row (``bot.platform.db.reports``); the latest per field is what counts. A figure
nobody reported is ``None`` in the snapshot: unknown, never "no" (see ``bot.domain.rules``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain import jabatan
from bot.domain.dates import JAKARTA, read_day, today_jakarta
from bot.domain.money import parse_rupiah
from bot.domain.rules import Member, VillageSnapshot
from bot.platform.db import members, reports
from bot.platform.db.connection import Database

# A village has at most tens of thousands of residents; a million is surely a typo.
MAX_PEOPLE = 1_000_000
MAX_EVENTS = 10_000
# The largest village budgets (APBDes) are a few billion Rupiah a year.
MAX_RUPIAH = 10_000_000_000
MAX_TEXT = 60


class FigureKind(StrEnum):
    COUNT = "count"  # a whole number of people or events, typed
    FLAG = "flag"  # yes or no, answered with buttons
    RUPIAH = "rupiah"  # an amount, typed ("15 juta", "Rp15.000.000")
    TEXT = "text"  # a short text, typed (a regulation number)
    DATE = "date"  # a calendar day, typed ("12/10/2026", "12 Oktober 2026"); stored ISO


@dataclass(frozen=True)
class Figure:
    name: str  # a VillageSnapshot field, also the ``field`` of a report row
    kind: FigureKind
    maximum: int = 0  # COUNT and RUPIAH: the largest believable value


# In the order the /laporan screen shows them.
FIGURES: tuple[Figure, ...] = (
    Figure("working_residents", FigureKind.COUNT, MAX_PEOPLE),
    Figure("registered_bpu", FigureKind.COUNT, MAX_PEOPLE),
    Figure("registered_pu", FigureKind.COUNT, MAX_PEOPLE),
    Figure("budget_allocated", FigureKind.FLAG),
    Figure("budget_amount", FigureKind.RUPIAH, MAX_RUPIAH),
    Figure("regulation_number", FigureKind.TEXT, MAX_TEXT),
    Figure("perisai_agent", FigureKind.FLAG),
    Figure("sosialisasi_events", FigureKind.COUNT, MAX_EVENTS),
    Figure("sosialisasi_participants", FigureKind.COUNT, MAX_PEOPLE),
    Figure("sosialisasi_last_date", FigureKind.DATE),
    Figure("mou_signed", FigureKind.FLAG),
    Figure("vulnerable_workers_covered", FigureKind.COUNT, MAX_PEOPLE),
)
FIGURE_BY_NAME: Mapping[str, Figure] = {f.name: f for f in FIGURES}
# Registered participants are part of the working residents, so neither may exceed them.
REGISTERED = ("registered_bpu", "registered_pu")
WORKING = "working_residents"

Value = int | bool | str | date  # a DATE is stored as its ISO text, read back as date


# --- the snapshot ----------------------------------------------------------------------------


async def report_figure(
    db: Database, village_code: str, figure: Figure, value: Value, user_id: int
) -> None:
    """A new report of one figure by an official: a new row, the history stays."""
    stored = value.isoformat() if isinstance(value, date) else value  # JSON has no dates
    await reports.add(db, village_code, figure.name, stored, user_id)


async def village_snapshot(db: Database, village_code: str) -> VillageSnapshot:
    """The village's members by jabatan group and its latest reported figures."""
    recorded = await members.all_for_village(db, village_code)
    latest = await reports.latest(db, village_code)
    values = {name: reported.value for name, reported in latest.items()}
    people = (_rules_member(m.jabatan, m.status) for m in recorded)
    return _snapshot(village_code, tuple(m for m in people if m is not None), values)


async def village_snapshots(
    db: Database, codes: Sequence[str], fields: frozenset[str] | None = None
) -> dict[str, VillageSnapshot]:
    """Snapshots of many villages in one or two queries (statistics over a province).

    Per village, ``village_snapshot`` costs two round trips through aiosqlite's thread; for
    8,494 villages that was 4 s of the 5.4 s of a province summary (bench/national_scale.py).
    The rules read members only by jabatan group and status, so SQLite counts them that way
    (a few rows per village instead of one per member: 54,000 rows instead of 98,000 for a
    province, 0.17 s instead of 0.32 s). ``fields``: the snapshot fields the caller's criteria
    read (``Criterion.evidence``); figures are not read when unused.
    """
    if not codes:
        return {}
    marks = ",".join("?" * len(codes))
    group_sql, group_params = _group_case()
    people: dict[str, list[Member]] = {code: [] for code in codes}
    for code, group, status, count in await db.fetchall(
        f"SELECT village_code, {group_sql} AS grp, status, COUNT(*) FROM members"
        f" WHERE village_code IN ({marks}) GROUP BY village_code, grp, status",
        (*group_params, *codes),
    ):
        # An unknown jabatan (a code retired since) belongs to no group: see _rules_member.
        if group is not None:
            people[str(code)].extend([_shared_member(str(group), str(status))] * int(count))
    values: dict[str, dict[str, object]] = {code: {} for code in codes}
    if fields is None or fields - {"members"}:
        # The latest report per field: its id from the index (reports_latest), then its row.
        for row in await db.fetchall(
            "SELECT r.village_code, r.field, r.value FROM village_reports r JOIN"
            " (SELECT MAX(id) AS id FROM village_reports"
            f" WHERE village_code IN ({marks}) GROUP BY village_code, field) l ON r.id = l.id",
            codes,
        ):
            values[str(row[0])][str(row[1])] = json.loads(row[2])
    return {code: _snapshot(code, tuple(people[code]), values[code]) for code in codes}


@functools.cache
def _group_case() -> tuple[str, tuple[str, ...]]:
    """A SQL CASE giving a member row's jabatan group (NULL for an unknown code), with the
    jabatan codes as parameters: the grouping lives in ``bot.domain.jabatan`` alone."""
    whens = []
    params: list[str] = []
    for group in jabatan.GROUPS:
        codes = [position.code for position in jabatan.in_group(group)]
        whens.append(f"WHEN jabatan IN ({','.join('?' * len(codes))}) THEN ?")
        params.extend([*codes, group])
    return f"CASE {' '.join(whens)} END", tuple(params)


def _snapshot(
    code: str, recorded: tuple[Member, ...], latest: Mapping[str, object]
) -> VillageSnapshot:
    figures = {f.name: typed(f, latest[f.name]) if f.name in latest else None for f in FIGURES}
    return VillageSnapshot(code=code, members=recorded, **figures)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=256)
def _rules_member(jabatan_code: str, status: str) -> Member | None:
    """The rules' view of a recorded member: its jabatan group and status."""
    position = jabatan.by_code(jabatan_code)
    # Jabatan codes are checked when a member is recorded; an unknown one (a code retired
    # since) belongs to no group, so it cannot count for or against any criterion.
    if position is None:
        return None
    return _shared_member(position.group, status)


@functools.lru_cache(maxsize=64)
def _shared_member(group: str, status: str) -> Member:
    """Members are immutable and few kinds exist: one object per (group, status) is shared by
    every village's snapshot, which matters when a province's 100,000 are counted."""
    return Member(group, status)


def typed(figure: Figure, value: object) -> Value | None:
    """The stored value if it has the figure's type, else None (not reported).

    A row written by hand or by an older version must not break the self-check.
    """
    if figure.kind is FigureKind.FLAG:
        return value if isinstance(value, bool) else None
    if figure.kind is FigureKind.TEXT:
        return value if isinstance(value, str) and value.strip() else None
    if figure.kind is FigureKind.DATE:
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def reported_day(reported_at: str) -> date:
    """Reports are stamped in UTC; villagers read the date in Indonesia (WIB)."""
    return datetime.fromisoformat(reported_at).astimezone(JAKARTA).date()


# --- reading a typed answer ------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """A typed answer: the value, or a problem code and the figure that the problem is about.

    Problems: not_number, negative, decimal, too_large, above_working, total_above_working,
    below_registered,
    not_rupiah, empty, too_long.
    """

    value: Value | None = None
    problem: str | None = None
    limit: int | None = None  # e.g. the working residents that a registered count exceeds


# "1.250", "1,250", "1 250": thousands groups of three digits with one separator.
# ASCII digits only: "²" is a digit to str.isdigit() but not to int().
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?P<sep>[., \u00a0])[0-9]{3}(?:(?P=sep)[0-9]{3})*")
_DECIMAL = re.compile(r"[0-9]+[.,][0-9]+")
# People write the unit after the number ("1250 orang"); the number is what we read.
_UNIT = re.compile(r"\s*(orang|jiwa|warga|pekerja|peserta|kali|acara)\.?$", re.IGNORECASE)
_MINUS = ("-", "−", "–")


def read_figure(
    figure: Figure, text: str, known: Mapping[str, object], today: date | None = None
) -> Reading:
    """Read ``text`` as a value of ``figure``; ``known``: the latest reported values;
    ``today`` (Jakarta): a DATE may not lie after it. A DATE reads as its ISO text, the form
    it is stored in."""
    if figure.kind is FigureKind.TEXT:
        return _read_text(text)
    if figure.kind is FigureKind.DATE:
        day = read_day(text, today or today_jakarta())
        return Reading(problem=day.problem) if day.day is None else Reading(day.day.isoformat())
    if figure.kind is FigureKind.RUPIAH:
        return _read_rupiah(text, figure.maximum)
    if figure.kind is FigureKind.COUNT:
        reading = _read_count(text, figure.maximum)
        return _against_known(figure, reading, known) if reading.problem is None else reading
    raise ValueError(f"{figure.name} is answered with buttons, not typed")


def _read_count(text: str, maximum: int) -> Reading:
    cleaned = _UNIT.sub("", text.strip())
    if cleaned.startswith(_MINUS) and any(c.isdigit() for c in cleaned):
        return Reading(problem="negative")
    if _GROUPED.fullmatch(cleaned) or _PLAIN.fullmatch(cleaned):
        value = int(re.sub(r"[^0-9]", "", cleaned))
        return Reading(problem="too_large") if value > maximum else Reading(value)
    if _DECIMAL.fullmatch(cleaned):
        return Reading(problem="decimal")
    return Reading(problem="not_number")


def _against_known(figure: Figure, reading: Reading, known: Mapping[str, object]) -> Reading:
    """Registered participants, BPU and PU together, cannot outnumber the working residents,
    whichever comes first (800 BPU + 800 PU of 1.000 workers made the coverage criterion
    look met)."""
    value = reading.value
    assert isinstance(value, int)
    if figure.name in REGISTERED:
        working = _count(known.get(WORKING))
        others = sum(_count(known.get(r)) or 0 for r in REGISTERED if r != figure.name)
        if working is not None and value > working:
            return Reading(problem="above_working", limit=working)
        if working is not None and value + others > working:
            return Reading(problem="total_above_working", limit=working - others)
    if figure.name == WORKING:
        registered = sum(_count(known.get(r)) or 0 for r in REGISTERED)
        if value < registered:
            return Reading(problem="below_registered", limit=registered)
    return reading


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _read_rupiah(text: str, maximum: int) -> Reading:
    if text.strip().startswith(_MINUS):
        return Reading(problem="negative")
    amount = parse_rupiah(text)
    if amount is None:
        return Reading(problem="not_rupiah")
    return Reading(problem="too_large") if amount > maximum else Reading(amount)


def _read_text(text: str) -> Reading:
    cleaned = " ".join(text.split())
    if not cleaned:
        return Reading(problem="empty")
    return Reading(problem="too_long") if len(cleaned) > MAX_TEXT else Reading(cleaned)
