"""`desabot keys rotate` (bot.services.key_rotation) on a real database with real NIKs: every
NIK, phone and half-finished draft opens with the new key afterwards, duplicates are still
found, an interrupted run is finished by the next one, and both runs are audited."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.apparatus_sheet import ApparatusRow
from bot.domain.jabatan import by_code
from bot.platform.crypto import DecryptionError, PersonalDataCipher, generate_secret_key
from bot.platform.db import audit, users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.platform.exits import ExitCode, StartupError
from bot.services import apparatus
from bot.services.key_rotation import Keys, RotationReport, require_key_opens_stored_niks, rotate
from tests.backend import database_for, sqlite_only

VILLAGE = "35.05.15.2004"
KADES = 101
NIKS = [f"35051501019{n:01d}000{n + 1}" for n in range(5)]
OLD = PersonalDataCipher(generate_secret_key())
NEW = PersonalDataCipher(generate_secret_key())


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """Five members sealed with the OLD key (two with a phone) and one /perangkat draft."""
    database = open_database(database_for(tmp_path / "rotate.sqlite3"))
    await database.initialize()
    await users.register(database, KADES, "Pak Kades", "id")
    await villages.seat(database, VILLAGE, "kepala_desa", KADES)
    sekdes = by_code("sekdes")
    assert sekdes is not None
    rows = [
        ApparatusRow(n + 2, f"Anggota {n}", sekdes, nik, "belum", None, phone)
        for n, (nik, phone) in enumerate(
            zip(NIKS, ["+6281234567890", None, "+6281298765432", None, None], strict=True)
        )
    ]
    assert await apparatus.import_rows(database, OLD, VILLAGE, rows, KADES) == []
    sealed = apparatus.seal(OLD, "3505154708900001")
    draft = {"nik": sealed.encrypted, "nik_index": sealed.index, "nik_masked": sealed.masked,
             "phone": OLD.encrypt("+6285700000001"), "name": "Sri"}  # fmt: skip
    await database.execute(
        "INSERT INTO dialogs(user_id, flow, step, data, updated_at)"
        " VALUES (?, 'member', 'x', ?, 'x')",
        (KADES, json.dumps(draft)),
    )
    yield database
    await database.shutdown()


async def _members(db: Database) -> list[tuple[str, str, str | None]]:
    rows = await db.fetchall(
        "SELECT nik_encrypted, nik_index, phone_encrypted FROM members ORDER BY id"
    )
    return [(r[0], r[1], r[2]) for r in rows]


async def _assert_all_under(db: Database, cipher: PersonalDataCipher) -> None:
    for sealed_nik, index, phone in await _members(db):
        nik = cipher.decrypt(sealed_nik)
        assert nik in NIKS and index == cipher.blind_index(nik)
        if phone is not None:
            assert cipher.decrypt(phone).startswith("+628")
    row = await db.fetchone("SELECT data FROM dialogs WHERE user_id = ?", (KADES,))
    assert row is not None
    draft = json.loads(row[0])
    assert cipher.decrypt(draft["nik"]) == "3505154708900001"
    assert draft["nik_index"] == cipher.blind_index("3505154708900001")
    assert cipher.decrypt(draft["phone"]) == "+6285700000001" and draft["name"] == "Sri"


async def test_every_nik_phone_and_draft_opens_with_the_new_key_only(db: Database) -> None:
    await _assert_all_under(db, OLD)
    report = await rotate(db, Keys(OLD, NEW), batch_size=2)
    assert (report.reencrypted, report.already, report.drafts, report.unreadable) == (5, 0, 1, [])
    await _assert_all_under(db, NEW)
    for sealed_nik, _index, _phone in await _members(db):
        with pytest.raises(DecryptionError):
            OLD.decrypt(sealed_nik)
    # The duplicate check finds a NIK stored before the rotation under the new key.
    assert await apparatus.duplicate_of(db, apparatus.seal(NEW, NIKS[3]), VILLAGE) == "same_village"


async def test_an_interrupted_rotation_is_finished_by_the_next_run(db: Database) -> None:
    class Interrupted(Exception):
        pass

    def stop_after_first_batch(report: RotationReport) -> None:
        raise Interrupted

    with pytest.raises(Interrupted):
        await rotate(db, Keys(OLD, NEW), batch_size=2, progress=stop_after_first_batch)
    opened_by_new = 0
    for sealed_nik, _index, _phone in await _members(db):
        try:
            NEW.decrypt(sealed_nik)
            opened_by_new += 1
        except DecryptionError:
            OLD.decrypt(sealed_nik)  # the rest are still whole under the old key
    assert opened_by_new == 2
    report = await rotate(db, Keys(OLD, NEW), batch_size=2)
    assert (report.reencrypted, report.already, report.unreadable) == (3, 2, [])
    await _assert_all_under(db, NEW)
    again = await rotate(db, Keys(OLD, NEW))
    assert (again.reencrypted, again.already, again.drafts) == (0, 5, 0)


async def test_both_runs_are_audited_with_fingerprints_and_counts_only(db: Database) -> None:
    await rotate(db, Keys(OLD, NEW))
    log = [(action, detail) for _at, _who, action, _t, detail in await audit.recent(db)][:2]
    fingerprints = f"key {OLD.fingerprint} -> {NEW.fingerprint}"
    assert log == [
        ("keys.rotate", f"{fingerprints}; re-encrypted 5, already 0, drafts 1, unreadable 0"),
        ("keys.rotate.start", fingerprints),
    ]
    text = json.dumps(await audit.recent(db))
    assert not any(nik in text for nik in NIKS)


async def test_a_member_neither_key_opens_is_reported_and_left_alone(db: Database) -> None:
    stranger = PersonalDataCipher(generate_secret_key())
    foreign = stranger.encrypt(NIKS[0])
    await db.execute("UPDATE members SET nik_encrypted = ? WHERE id = 1", (foreign,))
    report = await rotate(db, Keys(OLD, NEW))
    assert report.unreadable == [1] and report.reencrypted == 4
    row = await db.fetchone("SELECT nik_encrypted FROM members WHERE id = 1")
    assert row is not None and row[0] == foreign


def test_the_same_key_twice_is_refused() -> None:
    key = generate_secret_key()
    with pytest.raises(ValueError, match="same"):
        Keys(PersonalDataCipher(key), PersonalDataCipher(key))


@sqlite_only  # reads the file itself; on PostgreSQL `desabot run` probes the server (test_postgres)
async def test_start_up_refuses_a_key_that_does_not_open_the_stored_niks(db: Database) -> None:
    require_key_opens_stored_niks(db.path, OLD)
    with pytest.raises(StartupError, match="does not open the stored NIKs") as refused:
        require_key_opens_stored_niks(db.path, NEW)
    assert refused.value.code == ExitCode.CONFIG
    await rotate(db, Keys(OLD, NEW))
    require_key_opens_stored_niks(db.path, NEW)  # after the rotation, the new key starts
    with pytest.raises(StartupError):
        require_key_opens_stored_niks(db.path, OLD)
