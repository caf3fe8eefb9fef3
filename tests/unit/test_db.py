from __future__ import annotations

from pathlib import Path

from bot.platform.db import dialogs, users
from bot.platform.db.connection import Database, available_migrations
from bot.platform.db.dialogs import DialogState


async def _open(path: Path) -> Database:
    db = Database(path)
    await db.initialize()
    return db


async def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    db = await _open(tmp_path / "a.sqlite3")
    assert await db.applied_versions() == [m.version for m in available_migrations()]
    assert await db.migrate() == []  # nothing left to apply
    assert await db.pending_migrations() == []
    assert await db.integrity_check() == ["ok"]
    mode = await db.fetchone("PRAGMA journal_mode")
    fk = await db.fetchone("PRAGMA foreign_keys")
    assert mode is not None and mode[0] == "wal"
    assert fk is not None and fk[0] == 1
    await db.shutdown()


async def test_users_keep_language_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    db = await _open(path)
    user = await users.register(db, 42, "Siti", "en")
    assert (user.language, user.role, user.language_chosen) == ("en", "warga", False)
    await users.set_language(db, 42, "jv")
    again = await users.register(db, 42, "Siti", "id")  # second contact must not reset
    assert again.language == "jv" and again.language_chosen
    await db.shutdown()
    db = await _open(path)
    stored = await users.get(db, 42)
    assert stored is not None and stored.language == "jv"
    await db.shutdown()


async def test_dialog_state_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    db = await _open(path)
    await users.register(db, 7, "Budi", "id")
    await dialogs.save(db, 7, DialogState("iuran", "income", {"kind": "informal"}))
    await db.shutdown()
    db = await _open(path)
    assert await dialogs.get(db, 7) == DialogState("iuran", "income", {"kind": "informal"})
    await dialogs.clear(db, 7)
    assert await dialogs.get(db, 7) is None
    await db.shutdown()


async def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    db = await _open(tmp_path / "live.sqlite3")
    for n in range(50):
        await users.register(db, n, f"u{n}", "id")
    await db.backup(tmp_path / "copy.sqlite3")
    await db.shutdown()
    copy = await _open(tmp_path / "copy.sqlite3")
    assert await users.count(copy) == 50
    assert await copy.integrity_check() == ["ok"]
    await copy.shutdown()
