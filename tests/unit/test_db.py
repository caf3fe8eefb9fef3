from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.platform.db import dialogs, users
from bot.platform.db.connection import Database, available_migrations
from bot.platform.db.dialogs import DialogState


async def _open(path: Path, busy_timeout_ms: int | None = None) -> Database:
    db = Database(path)
    if busy_timeout_ms is not None:
        db.busy_timeout_ms = busy_timeout_ms
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


async def test_many_users_are_registered_at_once_and_existing_ones_kept(tmp_path: Path) -> None:
    db = await _open(tmp_path / "m.sqlite3")
    await users.register(db, 1, "Siti", "jv")
    await users.register_many(db, [(1, "Lain", "en"), (2, "Budi", "id"), (3, "Ani", "en")])
    assert await users.count(db) == 3
    kept, added = await users.get(db, 1), await users.get(db, 3)
    assert kept is not None and (kept.display_name, kept.language) == ("Siti", "jv")
    assert added is not None and (added.display_name, added.language) == ("Ani", "en")
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


# ----------------------------------------------------------------- locked writes (issue 10)


async def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process's writer (the broadcast worker, a backup, the sqlite shell)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_one_locked_write_does_not_refuse_every_later_write(tmp_path: Path) -> None:
    """The burst of issue 10 (High 0): once a write was refused, every later one failed."""
    path = tmp_path / "locked.sqlite3"
    db = await _open(path, busy_timeout_ms=50)
    await users.register(db, 1, "Siti", "id")
    db.retry_delays = (0.01,)  # give up quickly: this write must be refused
    other = await _hold_write_lock(path)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await db.execute("UPDATE users SET display_name = 'A' WHERE user_id = 1")
    # A villager's read on the shared connection, then the other writer commits and leaves.
    assert await users.get(db, 1) is not None
    other.execute("INSERT INTO audit_log(actor_id, action, at) VALUES (0, 'x', '2026-01-01')")
    other.execute("COMMIT")
    other.close()
    # Everything afterwards works: single statements and transactions, and they are committed.
    await users.set_language(db, 1, "jv")
    await users.register(db, 2, "Budi", "en")
    check = sqlite3.connect(path)
    assert check.execute("SELECT language FROM users WHERE user_id = 1").fetchone() == ("jv",)
    assert check.execute("SELECT COUNT(*) FROM users").fetchone() == (2,)
    check.close()
    await db.shutdown()


async def test_a_write_refused_for_a_moment_is_retried(tmp_path: Path) -> None:
    path = tmp_path / "retry.sqlite3"
    db = await _open(path, busy_timeout_ms=20)  # SQLite alone would give up at once
    other = await _hold_write_lock(path)

    async def release_later() -> None:
        await asyncio.sleep(0.3)
        other.execute("COMMIT")
        other.close()

    releaser = asyncio.create_task(release_later())
    user = await users.register(db, 7, "Siti", "id")  # a transaction (BEGIN IMMEDIATE)
    await users.set_language(db, 7, "en")  # a single statement
    await releaser
    assert user.user_id == 7 and (await users.get(db, 7)).language == "en"  # type: ignore[union-attr]
    await db.shutdown()


async def test_a_failed_transaction_is_rolled_back(tmp_path: Path) -> None:
    db = await _open(tmp_path / "rollback.sqlite3")
    with pytest.raises(RuntimeError):
        async with db.write() as tx:
            await tx.execute(
                "INSERT INTO users(user_id, first_seen, last_seen) VALUES (5, 'a', 'a')"
            )
            raise RuntimeError("handler bug")
    async with db.write() as tx:  # the writer is not left inside the failed transaction
        assert await tx.fetchone("SELECT 1") is not None
    assert await users.get(db, 5) is None
    await users.register(db, 6, "Siti", "id")  # the connection is usable again
    await db.shutdown()


async def test_a_deleted_name_leaves_neither_the_wal_nor_the_database_file(tmp_path: Path) -> None:
    """/hapusdata (issue 10): the name stayed readable in the -wal file until a checkpoint."""
    path = tmp_path / "erase.sqlite3"
    db = await _open(path)
    await users.register(db, 31, "Rahasiawati Sukmawijaya", "id")
    await users.register(db, 32, "Budi", "id")  # someone who stays
    await users.delete_personal_data(db, 31)
    wal = path.with_name(path.name + "-wal")
    for file in (path, wal):
        data = file.read_bytes() if file.exists() else b""
        assert b"Rahasiawati" not in data, file.name
    assert await users.get(db, 32) is not None
    await db.shutdown()
