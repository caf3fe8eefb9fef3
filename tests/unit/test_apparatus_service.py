"""The apparatus registry's actions (bot.services.apparatus): each change one transaction with
its audit row inside, only within the official's own village, and no clear NIK in the log."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.apparatus_sheet import ApparatusRow
from bot.domain.jabatan import by_code
from bot.platform.crypto import PersonalDataCipher, generate_secret_key
from bot.platform.db import audit, consents, members, users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import apparatus
from bot.services.officials import seat_of
from tests.backend import database_for
from tests.factories import stand_in_member

VILLAGE = "35.05.15.2004"
OTHER_VILLAGE = "35.05.21.2007"
KADES = 101
NIK = "3505154708900001"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "apparatus.sqlite3"))
    await database.initialize()
    await users.register(database, KADES, "Pak Kades", "id")
    await villages.seat(database, VILLAGE, "kepala_desa", KADES)
    yield database
    await database.shutdown()


async def _log(db: Database) -> list[tuple[str, str, str]]:
    """(action, target, detail) of the audit log, oldest first."""
    return [
        (action, target, detail) for _at, _who, action, target, detail in await audit.recent(db)
    ][::-1]


async def _add(db: Database, status: str = "belum", kpj: str | None = None) -> int:
    new = dataclasses.replace(stand_in_member(VILLAGE, "sekdes", status), kpj=kpj)
    return await members.add(db, new)


async def test_saving_a_member_writes_it_and_its_audit_row_with_the_masked_nik(
    db: Database,
) -> None:
    cipher = PersonalDataCipher(generate_secret_key())
    sealed = apparatus.seal(cipher, NIK)
    new = apparatus.new_member(VILLAGE, "Sri", "sekdes", sealed, "aktif", None, None, KADES)
    member_id = await apparatus.save_member(db, new, KADES)
    saved = await members.get(db, member_id)
    assert saved is not None and saved.name == "Sri" and saved.nik_masked == sealed.masked
    assert await _log(db) == [("member.add", VILLAGE, sealed.masked)]
    assert NIK not in str(await audit.recent(db))


async def test_a_duplicate_nik_saves_nothing_and_logs_nothing(db: Database) -> None:
    first = stand_in_member(VILLAGE, "sekdes", "belum")
    await apparatus.save_member(db, first, KADES)
    again = dataclasses.replace(first, name="Orang Lain", village_code=OTHER_VILLAGE)
    with pytest.raises(members.DuplicateNik) as raised:
        await apparatus.save_member(db, again, KADES)
    assert raised.value.village_code == VILLAGE
    assert await members.all_for_village(db, OTHER_VILLAGE) == []
    assert [a for a, _t, _d in await _log(db)] == ["member.add"]


async def test_a_failing_audit_row_rolls_the_member_back(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(apparatus.audit, "record_in", broken)
    with pytest.raises(RuntimeError):
        await apparatus.save_member(db, stand_in_member(VILLAGE, "sekdes", "belum"), KADES)
    assert await members.all_for_village(db, VILLAGE) == []


async def test_a_registered_status_keeps_the_kpj_and_not_registered_clears_it(
    db: Database,
) -> None:
    member_id = await _add(db, "nonaktif", kpj="12345678901")
    active = await apparatus.change_status(db, member_id, VILLAGE, "aktif", KADES)
    assert active is not None and active.status == "aktif" and active.kpj == "12345678901"
    cleared = await apparatus.change_status(db, member_id, VILLAGE, "belum", KADES)
    assert cleared is not None and cleared.kpj is None
    stored = await members.get(db, member_id)
    assert stored is not None and (stored.status, stored.kpj) == ("belum", None)
    masked = stored.nik_masked
    assert await _log(db) == [
        ("member.status", VILLAGE, f"{masked} nonaktif->aktif"),
        ("member.status", VILLAGE, f"{masked} aktif->belum"),
    ]


async def test_a_status_change_for_another_village_changes_and_logs_nothing(
    db: Database,
) -> None:
    member_id = await _add(db, "belum")
    assert await apparatus.change_status(db, member_id, OTHER_VILLAGE, "aktif", KADES) is None
    assert await apparatus.change_status(db, member_id + 99, VILLAGE, "aktif", KADES) is None
    stored = await members.get(db, member_id)
    assert stored is not None and stored.status == "belum"
    assert await _log(db) == []


async def test_an_unknown_status_is_refused(db: Database) -> None:
    member_id = await _add(db)
    with pytest.raises(ValueError):
        await apparatus.change_status(db, member_id, VILLAGE, "meninggal", KADES)


async def test_removing_a_member_logs_once_and_a_second_press_finds_it_gone(
    db: Database,
) -> None:
    member_id = await _add(db)
    removed = await apparatus.remove_member(db, member_id, VILLAGE, KADES)
    assert removed is not None and await members.get(db, member_id) is None
    assert await apparatus.remove_member(db, member_id, VILLAGE, KADES) is None
    assert await _log(db) == [("member.remove", VILLAGE, removed.nik_masked)]


async def test_another_village_cannot_remove_a_member(db: Database) -> None:
    member_id = await _add(db)
    assert await apparatus.remove_member(db, member_id, OTHER_VILLAGE, KADES) is None
    assert await members.get(db, member_id) is not None
    assert await _log(db) == []


async def test_a_correction_is_saved_with_its_note_and_a_gone_member_logs_nothing(
    db: Database,
) -> None:
    member_id = await _add(db)
    member = await members.get(db, member_id)
    assert member is not None
    assert await apparatus.correct_member(db, member, VILLAGE, {"name": "Sri W"}, "n", KADES)
    assert not await apparatus.correct_member(
        db, member, OTHER_VILLAGE, {"name": "X"}, "other", KADES
    )
    stored = await members.get(db, member_id)
    assert stored is not None and stored.name == "Sri W"
    assert await _log(db) == [("member.edit", VILLAGE, "n")]


async def test_a_correction_to_someone_elses_nik_raises_and_logs_nothing(db: Database) -> None:
    first, second = await _add(db), await _add(db)
    taken = stand_in_member(VILLAGE, "sekdes", "belum")  # only for a fresh index below
    member = await members.get(db, second)
    assert member is not None
    row = await db.fetchone("SELECT nik_index FROM members WHERE id = ?", (first,))
    assert row is not None
    with pytest.raises(members.DuplicateNik):
        await apparatus.correct_member(db, member, VILLAGE, {"nik_index": row[0]}, "nik", KADES)
    assert await apparatus.correct_member(
        db, member, VILLAGE, {"nik_index": taken.nik_index}, "nik", KADES
    )
    assert [a for a, _t, _d in await _log(db)] == ["member.edit"]


async def test_an_import_stores_every_row_with_one_audit_row(db: Database) -> None:
    cipher = PersonalDataCipher(generate_secret_key())
    sekdes = by_code("sekdes")
    assert sekdes is not None
    rows = [
        ApparatusRow(2, "Sri", sekdes, NIK, "aktif", None, None),
        ApparatusRow(3, "Budi", sekdes, "3505150101900002", "belum", None, "+6281234567890"),
    ]
    assert await apparatus.import_rows(db, cipher, VILLAGE, rows, KADES) == []
    assert len(await members.all_for_village(db, VILLAGE)) == 2
    assert await _log(db) == [("member.import", VILLAGE, "2")]
    again = await apparatus.import_rows(db, cipher, VILLAGE, rows[:1], KADES)
    assert again == [apparatus.ImportConflict(2, "same_village")]
    assert len(await _log(db)) == 1


async def test_accepting_the_notice_records_the_consent_and_its_audit_row(db: Database) -> None:
    assert not await consents.has(db, KADES)
    await apparatus.accept_personal_data_notice(db, KADES)
    assert await consents.has(db, KADES)
    assert await _log(db) == [("consent.personal_data", "", "")]


async def test_the_seat_is_the_village_of_its_kepala_desa_or_operator(db: Database) -> None:
    seat = await seat_of(db, KADES)
    assert seat is not None and (seat.village_code, seat.role) == (VILLAGE, "kepala_desa")
    await users.register(db, 202, "Warga", "id")
    assert await seat_of(db, 202) is None
