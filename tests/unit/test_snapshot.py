"""Village figures: the snapshot the self-check judges, and how typed answers are read."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.domain.rules import Member, Status, VillageSnapshot, evaluate, load_rules
from bot.platform.db import members, reports, users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services.snapshot import (
    FIGURE_BY_NAME,
    FIGURES,
    Reading,
    read_figure,
    report_figure,
    reported_day,
    village_snapshots,
)
from bot.services.snapshot import village_snapshot as snapshot_of
from tests.backend import database_for
from tests.factories import stand_in_member

VILLAGE = "35.05.15.2004"
KADES = 101


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "snapshot.sqlite3"))
    await database.initialize()
    await users.register(database, KADES, "Pak Kades", "id")
    await villages.seat(database, VILLAGE, "kepala_desa", KADES)
    yield database
    await database.shutdown()


async def _add_member(db: Database, jabatan: str, status: str) -> int:
    return await members.add(db, stand_in_member(VILLAGE, jabatan, status, created_by=KADES))


async def test_a_new_village_reports_nothing_so_everything_is_unknown(db: Database) -> None:
    snapshot = await snapshot_of(db, VILLAGE)
    assert snapshot.members == ()
    assert all(getattr(snapshot, f.name) is None for f in FIGURES)
    report = evaluate(snapshot, load_rules(), date(2026, 11, 27))
    assert {r.status for r in report.results} == {Status.UNKNOWN}


async def test_members_are_counted_by_jabatan_group_and_status(db: Database) -> None:
    for jabatan, status in [
        ("kepala_desa", "aktif"),
        ("sekdes", "aktif"),
        ("kadus", "nonaktif"),
        ("bpd_ketua", "belum"),
        ("ketua_rt", "aktif"),
        ("retired_code", "aktif"),  # a jabatan code no longer known counts for no group
    ]:
        await _add_member(db, jabatan, status)
    snapshot = await snapshot_of(db, VILLAGE)
    assert sorted(snapshot.members, key=repr) == sorted(
        [
            Member("kepala_desa", "aktif"),
            Member("perangkat", "aktif"),
            Member("perangkat", "nonaktif"),
            Member("bpd", "belum"),
            Member("lembaga", "aktif"),
        ],
        key=repr,
    )


async def test_the_latest_report_of_each_figure_counts_and_history_is_kept(db: Database) -> None:
    await reports.add(db, VILLAGE, "working_residents", 900, KADES)
    await reports.add(db, VILLAGE, "working_residents", 1250, KADES)
    await reports.add(db, VILLAGE, "budget_allocated", True, KADES)
    await reports.add(db, VILLAGE, "budget_amount", 15_000_000, KADES)
    await reports.add(db, VILLAGE, "regulation_number", "Perdes No. 5 Tahun 2025", KADES)
    snapshot = await snapshot_of(db, VILLAGE)
    assert snapshot.working_residents == 1250
    assert snapshot.budget_allocated is True and snapshot.budget_amount == 15_000_000
    assert snapshot.regulation_number == "Perdes No. 5 Tahun 2025"
    assert snapshot.registered_bpu is None
    history = await reports.history(db, VILLAGE, "working_residents")
    assert [r.value for r in history] == [1250, 900]


async def test_a_stored_value_of_the_wrong_type_counts_as_not_reported(db: Database) -> None:
    await reports.add(db, VILLAGE, "working_residents", "banyak", KADES)
    await reports.add(db, VILLAGE, "perisai_agent", 1, KADES)  # 1 is not a yes/no answer
    await reports.add(db, VILLAGE, "registered_bpu", -3, KADES)
    snapshot = await snapshot_of(db, VILLAGE)
    assert snapshot.working_residents is None
    assert snapshot.perisai_agent is None
    assert snapshot.registered_bpu is None


def test_report_dates_are_read_in_indonesian_time() -> None:
    assert reported_day("2026-11-26T18:30:00+00:00") == date(2026, 11, 27)
    assert reported_day("2026-11-26T16:00:00+00:00") == date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250", Reading(1250)),
        ("1250", Reading(1250)),
        ("1 250", Reading(1250)),
        ("1,250", Reading(1250)),
        (" 300 orang ", Reading(300)),
        ("0", Reading(0)),
        ("1.000.000", Reading(1_000_000)),
        ("1.000.001", Reading(problem="too_large")),
        ("seribu", Reading(problem="not_number")),
        ("12a", Reading(problem="not_number")),
        ("²", Reading(problem="not_number")),
        ("", Reading(problem="not_number")),
        ("-5", Reading(problem="negative")),
        ("2,5", Reading(problem="decimal")),
        ("1.25", Reading(problem="decimal")),
        ("1.2345", Reading(problem="decimal")),
    ],
)
def test_counts_are_whole_numbers_from_zero_to_a_believable_maximum(
    text: str, expected: Reading
) -> None:
    assert read_figure(FIGURE_BY_NAME["working_residents"], text, {}) == expected


def test_registered_participants_cannot_outnumber_the_working_residents() -> None:
    bpu, working = FIGURE_BY_NAME["registered_bpu"], FIGURE_BY_NAME["working_residents"]
    assert read_figure(bpu, "600", {"working_residents": 500}) == Reading(
        problem="above_working", limit=500
    )
    assert read_figure(bpu, "500", {"working_residents": 500}) == Reading(500)
    assert read_figure(bpu, "600", {}) == Reading(600)  # nothing to compare with yet
    known = {"registered_bpu": 300, "registered_pu": 450}
    assert read_figure(working, "700", known) == Reading(problem="below_registered", limit=750)
    assert read_figure(working, "750", known) == Reading(750)
    # BPU and PU together: 800 + 800 of 1.000 workers would make the coverage look met.
    pu = FIGURE_BY_NAME["registered_pu"]
    both = {"working_residents": 1000, "registered_bpu": 800}
    assert read_figure(pu, "800", both) == Reading(problem="total_above_working", limit=200)
    assert read_figure(pu, "200", both) == Reading(200)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 juta", Reading(15_000_000)),
        ("Rp15.000.000", Reading(15_000_000)),
        ("Rp 2,5 jt", Reading(2_500_000)),
        ("-15 juta", Reading(problem="negative")),
        ("belum tahu", Reading(problem="not_rupiah")),
        ("20 miliar", Reading(problem="too_large")),
    ],
)
def test_budget_amounts_are_read_as_rupiah(text: str, expected: Reading) -> None:
    assert read_figure(FIGURE_BY_NAME["budget_amount"], text, {}) == expected


def test_regulation_numbers_are_short_tidy_text() -> None:
    figure = FIGURE_BY_NAME["regulation_number"]
    assert read_figure(figure, "  Perdes  No. 5\nTahun 2025 ", {}) == Reading(
        "Perdes No. 5 Tahun 2025"
    )
    assert read_figure(figure, "   ", {}) == Reading(problem="empty")
    assert read_figure(figure, "x" * 61, {}) == Reading(problem="too_long")


async def test_the_last_sosialisasi_day_is_read_stored_as_iso_and_judged_as_a_date(
    db: Database,
) -> None:
    figure = FIGURE_BY_NAME["sosialisasi_last_date"]
    today = date(2026, 11, 27)
    assert read_figure(figure, "12 Oktober 2026", {}, today) == Reading("2026-10-12")
    assert read_figure(figure, "1/12/2026", {}, today) == Reading(problem="future")
    assert read_figure(figure, "31/4/2026", {}, today) == Reading(problem="not_date")
    await reports.add(db, VILLAGE, "sosialisasi_last_date", "2026-10-12", KADES)
    assert (await snapshot_of(db, VILLAGE)).sosialisasi_last_date == date(2026, 10, 12)
    await reports.add(db, VILLAGE, "sosialisasi_last_date", "12 Oktober", KADES)  # by hand
    assert (await snapshot_of(db, VILLAGE)).sosialisasi_last_date is None


def test_yes_no_figures_are_not_typed() -> None:
    with pytest.raises(ValueError, match="buttons"):
        read_figure(FIGURE_BY_NAME["mou_signed"], "ya", {})


def test_every_snapshot_figure_can_be_reported() -> None:
    snapshot_fields = {f.name for f in dataclasses.fields(VillageSnapshot)} - {"code", "members"}
    assert {f.name for f in FIGURES} == snapshot_fields


async def test_bulk_snapshots_equal_the_one_village_snapshot(db: Database) -> None:
    for jabatan, status in [
        ("kepala_desa", "aktif"),
        ("sekdes", "aktif"),
        ("kadus", "aktif"),
        ("kadus", "belum"),
        ("kadus", "belum"),
        ("bpd_anggota", "nonaktif"),
        ("ketua_rt", "aktif"),
        ("retired_code", "aktif"),  # counted by SQL per group: no group, left out
    ]:
        await _add_member(db, jabatan, status)
    await reports.add(db, VILLAGE, "working_residents", 900, KADES)
    await reports.add(db, VILLAGE, "working_residents", 1250, KADES)
    await reports.add(db, VILLAGE, "mou_signed", True, KADES)
    one = await snapshot_of(db, VILLAGE)
    bulk = (await village_snapshots(db, [VILLAGE, "35.05.21.2007"]))[VILLAGE]
    assert sorted(bulk.members, key=repr) == sorted(one.members, key=repr)
    assert bulk == dataclasses.replace(one, members=bulk.members)
    assert bulk.group_counts == {
        "kepala_desa": (1, 1),
        "perangkat": (2, 4),
        "bpd": (0, 1),
        "lembaga": (1, 1),
    }
    members_only = (await village_snapshots(db, [VILLAGE], frozenset({"members"})))[VILLAGE]
    assert members_only.working_residents is None  # figures not read when not asked for
    assert len(members_only.members) == 7


async def test_member_corrections_stay_in_the_village_and_keep_nik_unique(db: Database) -> None:
    first = await _add_member(db, "sekdes", "aktif")
    second = await _add_member(db, "kadus", "belum")
    row = await db.fetchone("SELECT nik_index FROM members WHERE id = ?", (first,))
    assert row is not None
    taken = str(row[0])
    assert await members.update_fields(
        db, first, VILLAGE, {"name": "Siti", "jabatan": "kaur_tu_umum"}
    )
    assert not await members.update_fields(db, first, "35.05.21.2007", {"name": "Orang Lain"})
    with pytest.raises(members.DuplicateNik):
        await members.update_fields(db, second, VILLAGE, {"nik_index": taken})
    assert await members.update_fields(db, first, VILLAGE, {"nik_index": taken})  # its own
    with pytest.raises(ValueError):
        await members.update_fields(db, first, VILLAGE, {"status": "aktif"})  # not here
    changed = await members.get(db, first)
    assert changed is not None and (changed.name, changed.jabatan) == ("Siti", "kaur_tu_umum")


async def test_a_reported_date_is_kept_as_iso_text_and_judged_as_a_date(db: Database) -> None:
    figure = FIGURE_BY_NAME["sosialisasi_last_date"]
    await report_figure(db, VILLAGE, figure, date(2026, 10, 12), KADES)
    await report_figure(db, VILLAGE, FIGURE_BY_NAME["mou_signed"], True, KADES)
    latest = await reports.latest(db, VILLAGE)
    assert latest["sosialisasi_last_date"].value == "2026-10-12"
    assert latest["sosialisasi_last_date"].reported_by == KADES
    snapshot = await snapshot_of(db, VILLAGE)
    assert snapshot.sosialisasi_last_date == date(2026, 10, 12) and snapshot.mou_signed is True
