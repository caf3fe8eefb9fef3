"""The stored Desa Sadar indications: always the rules module's answer, judged again whenever
the village's data, the rules in force or the code could change it."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bot.domain.rules import RuleSet, VillageSnapshot, evaluate, load_rules
from bot.platform.db import members, reports, users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import indications as indications_module
from bot.services import snapshot
from bot.services.indications import basis, indications
from bot.services.snapshot import village_snapshot
from tests.backend import database_for
from tests.factories import stand_in_member

TODAY = date(2026, 11, 27)
RULES = load_rules()
SUKOSEWU, NGLEGOK, GANDUSARI = "35.05.15.2004", "35.05.21.2007", "35.05.15.2001"
UNCLAIMED = "35.05.15.2002"
KADES = 101


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "indications.sqlite3"))
    await database.initialize()
    await users.register(database, KADES, "Pak Kades", "id")
    for code in (SUKOSEWU, NGLEGOK, GANDUSARI):
        await villages.seat(database, code, "operator", KADES)
    yield database
    await database.shutdown()


async def _member(db: Database, village: str, jabatan: str, status: str) -> int:
    return await members.add(db, stand_in_member(village, jabatan, status, created_by=KADES))


async def _indicated_village(db: Database, code: str) -> int:
    """Kepala desa and every perangkat aktif: the required criteria met. Returns the sekdes."""
    await _member(db, code, "kepala_desa", "aktif")
    return await _member(db, code, "sekdes", "aktif")


async def _truth(db: Database, codes: Sequence[str], rules: RuleSet = RULES) -> dict[str, bool]:
    """What /ceksyarat says for each village: the full evaluate() of its snapshot."""
    return {c: evaluate(await village_snapshot(db, c), rules, TODAY).indicated for c in codes}


async def _stored(db: Database) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM village_indications")
    assert row is not None
    return int(row[0])


class _Judging:
    """Counts the villages sent to the rules (through bot.services.snapshot.village_snapshots)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.villages: list[str] = []
        real = snapshot.village_snapshots

        async def spy(
            db: Database, codes: Sequence[str], fields: frozenset[str] | None = None
        ) -> dict[str, VillageSnapshot]:
            self.villages.extend(codes)
            return await real(db, codes, fields)

        monkeypatch.setattr(indications_module.snapshot, "village_snapshots", spy)


async def test_answers_are_the_rules_answers_and_are_reused(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _indicated_village(db, SUKOSEWU)
    await _member(db, NGLEGOK, "kepala_desa", "aktif")
    await _member(db, NGLEGOK, "kadus", "belum")  # a perangkat not registered: not indicated
    codes = [SUKOSEWU, NGLEGOK, GANDUSARI, UNCLAIMED]
    judging = _Judging(monkeypatch)
    first = await indications(db, codes, RULES, TODAY)
    assert (
        first
        == await _truth(db, codes)
        == {
            SUKOSEWU: True,
            NGLEGOK: False,
            GANDUSARI: False,
            UNCLAIMED: False,
        }
    )
    assert sorted(judging.villages) == sorted(codes)
    assert await _stored(db) == 3  # the unclaimed village has no row to keep an answer for
    judging.villages.clear()
    assert await indications(db, codes, RULES, TODAY) == first
    assert judging.villages == [UNCLAIMED]  # only it is judged again
    # A new release (another source of bot.domain.rules, bot.services.snapshot or
    # bot.domain.jabatan) judges again.
    monkeypatch.setattr(indications_module, "_SOURCE_DIGEST", "another-release")
    judging.villages.clear()
    assert await indications(db, codes, RULES, TODAY) == first
    assert sorted(judging.villages) == sorted(codes)


async def test_every_change_the_rules_read_is_judged_again(db: Database) -> None:
    sekdes = await _indicated_village(db, SUKOSEWU)
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: True}

    await members.update_status(db, sekdes, SUKOSEWU, "nonaktif", None)
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: False}
    await members.update_status(db, sekdes, SUKOSEWU, "aktif", None)
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: True}

    kadus = await _member(db, SUKOSEWU, "kadus", "belum")
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: False}
    assert await members.remove(db, kadus, SUKOSEWU)
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: True}

    await db.execute(
        "UPDATE members SET jabatan = 'kadus', status = 'belum' WHERE id = ?", (sekdes,)
    )
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: False}
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == await _truth(db, [SUKOSEWU])


async def test_a_reported_figure_raises_the_version_and_a_name_does_not(db: Database) -> None:
    async def version() -> int:
        row = await db.fetchone("SELECT data_version FROM villages WHERE code = ?", (SUKOSEWU,))
        assert row is not None
        return int(row[0])

    sekdes = await _indicated_village(db, SUKOSEWU)
    before = await version()
    await reports.add(db, SUKOSEWU, "working_residents", 800, KADES)
    assert await version() == before + 1
    await db.execute("UPDATE members SET name = 'Siti', updated_at = 'x' WHERE id = ?", (sekdes,))
    await db.execute("UPDATE village_reports SET reported_by = NULL")
    assert await version() == before + 1  # nothing the indication reads has changed
    await db.execute("DELETE FROM village_reports")
    assert await version() == before + 2


async def test_other_rules_or_another_day_are_a_new_basis(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _member(db, SUKOSEWU, "kepala_desa", "aktif")
    await _member(db, SUKOSEWU, "sekdes", "aktif")
    await _member(db, SUKOSEWU, "kadus", "belum")  # half the perangkat aktif
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: False}

    # A branch lowers the perangkat threshold for Kab. Blitar: judged again, now indicated.
    lenient = dataclasses.replace(
        RULES, overrides={"35.05": {"perangkat_terdaftar": {"min_share": Decimal("0.5")}}}
    )
    assert basis(lenient, TODAY) != basis(RULES, TODAY)
    assert await indications(db, [SUKOSEWU], lenient, TODAY) == {SUKOSEWU: True}
    assert await indications(db, [SUKOSEWU], lenient, TODAY) == await _truth(
        db, [SUKOSEWU], lenient
    )
    # An override for another kabupaten changes nothing here, and its basis says so too.
    elsewhere = dataclasses.replace(
        RULES, overrides={"35.07": {"perangkat_terdaftar": {"min_share": Decimal("0.5")}}}
    )
    assert await indications(db, [SUKOSEWU], elsewhere, TODAY) == {SUKOSEWU: False}

    # A required criterion that starts applying tomorrow: today and tomorrow differ.
    later = tuple(
        dataclasses.replace(c, applies_from=TODAY + timedelta(days=1))
        if c.id == "perangkat_terdaftar"
        else c
        for c in RULES.criteria
    )
    starting = dataclasses.replace(RULES, criteria=later)
    assert basis(starting, TODAY) != basis(starting, TODAY + timedelta(days=1))
    assert await indications(db, [SUKOSEWU], starting, TODAY) == {SUKOSEWU: True}
    tomorrow = TODAY + timedelta(days=1)
    assert await indications(db, [SUKOSEWU], starting, tomorrow) == {SUKOSEWU: False}


async def test_a_change_while_judging_is_not_mistaken_for_the_current_answer(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _indicated_village(db, SUKOSEWU)
    real = snapshot.village_snapshots

    async def read_then_change(
        db: Database, codes: Sequence[str], fields: frozenset[str] | None = None
    ) -> dict[str, VillageSnapshot]:
        found = await real(db, codes, fields)
        await _member(db, SUKOSEWU, "kadus", "belum")  # lands after the read
        return found

    monkeypatch.setattr(indications_module.snapshot, "village_snapshots", read_then_change)
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: True}  # as read
    monkeypatch.setattr(indications_module.snapshot, "village_snapshots", real)
    assert await indications(db, [SUKOSEWU], RULES, TODAY) == {SUKOSEWU: False}


async def test_many_villages_span_several_chunks(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indications_module, "CHUNK", 2)
    await _indicated_village(db, GANDUSARI)
    codes = [SUKOSEWU, NGLEGOK, GANDUSARI, UNCLAIMED]
    assert await indications(db, codes, RULES, TODAY) == await _truth(db, codes)
    assert await indications(db, codes, RULES, TODAY) == await _truth(db, codes)
