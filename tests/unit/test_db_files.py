"""The database as a file (bot.platform.db.files): what start-up refuses and why, and backups
that never create a database, never leave half a file and keep what they replace."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.platform.db import files
from bot.platform.db.connection import Database, available_migrations
from bot.platform.exits import ExitCode, StartupError


def _make_db(path: Path, users: int = 3) -> Path:
    async def build() -> None:
        db = Database(path)
        await db.initialize()
        for n in range(users):
            await db.execute(
                "INSERT INTO users(user_id, display_name, language, first_seen, last_seen)"
                " VALUES (?, ?, 'id', '2026-01-01', '2026-01-01')",
                (n + 1, f"Warga {n + 1}"),
            )
        await db.shutdown()

    asyncio.run(build())
    return path


def _users(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM users").fetchone()[0])


def _refusal(path: Path) -> StartupError:
    with pytest.raises(StartupError) as caught:
        files.check_for_start(path)
    assert "\n" not in str(caught.value)
    return caught.value


# ----------------------------------------------------------------- start-up


def test_a_first_start_is_allowed_and_creates_only_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "data" / "desabot.sqlite3"
    files.check_for_start(path)
    assert path.parent.is_dir() and not path.exists()
    assert list(path.parent.iterdir()) == []  # the write probe is gone


def test_a_parent_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a directory")
    error = _refusal(tmp_path / "data" / "sub" / "desabot.sqlite3")
    assert error.code == ExitCode.DATABASE_UNUSABLE
    assert f"{tmp_path / 'data'} is a file, not a directory" in str(error)


def test_a_directory_given_as_the_database_is_refused(tmp_path: Path) -> None:
    error = _refusal(tmp_path)
    assert error.code == ExitCode.DATABASE_UNUSABLE and "is a directory" in str(error)


def test_a_place_where_no_file_can_be_written_is_refused() -> None:
    # /proc refuses new files even to root, as a read-only mount would.
    error = _refusal(Path("/proc/desabot.sqlite3"))
    assert error.code == ExitCode.DATABASE_UNUSABLE
    assert "database directory /proc cannot be created or written" in str(error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes")
def test_a_read_only_directory_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    _make_db(directory / "desabot.sqlite3")
    directory.chmod(0o500)
    try:
        error = _refusal(directory / "desabot.sqlite3")
    finally:
        directory.chmod(0o700)
    assert error.code == ExitCode.DATABASE_UNUSABLE and "cannot be created or written" in str(error)


def test_an_empty_file_is_not_taken_for_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "desabot.sqlite3"
    path.touch()
    error = _refusal(path)
    assert error.code == ExitCode.DATABASE_UNUSABLE and "is empty (0 bytes)" in str(error)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "desabot.sqlite3"
    path.write_bytes(os.urandom(8192))
    error = _refusal(path)
    assert error.code == ExitCode.DATABASE_UNUSABLE
    assert "damaged or not a SQLite database" in str(error) and "db restore" in str(error)


def test_a_truncated_database_is_refused(tmp_path: Path) -> None:
    path = _make_db(tmp_path / "desabot.sqlite3", users=2000)
    size = path.stat().st_size
    with open(path, "rb+") as file:
        file.truncate(size // 2)
    error = _refusal(path)
    assert error.code == ExitCode.DATABASE_UNUSABLE and "damaged" in str(error)


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = _make_db(tmp_path / "desabot.sqlite3")
    future = len(available_migrations()) + 1
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(
            "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, 'future', 'x')",
            (future,),
        )
    error = _refusal(path)
    assert error.code == ExitCode.DATABASE_NEWER
    assert f"migration {future:04d} unknown" in str(error)


def test_a_database_locked_by_another_process_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _make_db(tmp_path / "desabot.sqlite3")
    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.1)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        error = _refusal(path)
    finally:
        other.close()
    assert error.code == ExitCode.DATABASE_LOCKED and "locked by another process" in str(error)


def test_a_healthy_database_passes(tmp_path: Path) -> None:
    files.check_for_start(_make_db(tmp_path / "desabot.sqlite3"))


# ----------------------------------------------------------------- inspect (db check)


def test_inspect_reports_damage_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "desabot.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    with pytest.raises(StartupError, match="damaged"):
        files.inspect(path)


def test_inspect_of_a_healthy_database(tmp_path: Path) -> None:
    report = files.inspect(_make_db(tmp_path / "desabot.sqlite3"))
    assert report.healthy and report.integrity == ["ok"]
    assert len(report.applied) == len(available_migrations()) and not report.pending


# ----------------------------------------------------------------- backup


def test_backup_where_no_database_exists_refuses_and_creates_nothing(tmp_path: Path) -> None:
    source = tmp_path / "data" / "desabot.sqlite3"
    with pytest.raises(StartupError, match="no database at"):
        files.backup(source, tmp_path / "backup.sqlite3")
    assert not source.exists() and not source.parent.exists()
    assert not (tmp_path / "backup.sqlite3").exists()


def test_backup_to_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    source = _make_db(tmp_path / "desabot.sqlite3")
    with pytest.raises(StartupError) as caught:
        files.backup(source, Path("/proc/desabot-backup.sqlite3"))
    assert str(caught.value).startswith("cannot write") and "\n" not in str(caught.value)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StartupError, match="cannot write backup"):
        files.backup(source, tmp_path / "afile" / "backup.sqlite3")


def test_backup_copies_what_is_still_in_the_wal_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    source = _make_db(tmp_path / "desabot.sqlite3")
    writer = sqlite3.connect(source, isolation_level=None)  # keeps the -wal file alive
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute(
        "INSERT INTO users(user_id, display_name, language, first_seen, last_seen)"
        " VALUES (99, 'Baru', 'id', 'x', 'x')"
    )
    target = tmp_path / "backups" / "b.sqlite3"
    try:
        size = files.backup(source, target)
    finally:
        writer.close()
    assert size == target.stat().st_size
    assert _users(target) == 4
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.sqlite3"]


def test_backup_refuses_the_database_itself(tmp_path: Path) -> None:
    source = _make_db(tmp_path / "desabot.sqlite3")
    with pytest.raises(StartupError, match="the database itself"):
        files.backup(source, source)
    assert _users(source) == 3


# ----------------------------------------------------------------- restore


def test_restore_replaces_the_database_and_keeps_the_old_one(tmp_path: Path) -> None:
    db = _make_db(tmp_path / "desabot.sqlite3", users=3)
    backup = tmp_path / "backup.sqlite3"
    files.backup(db, backup)
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("DELETE FROM users")
    kept = files.restore(backup, db, now=datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
    assert kept == tmp_path / "desabot.sqlite3.20261205T080000Z.before-restore"
    assert _users(db) == 3 and _users(kept) == 0
    files.check_for_start(db)


def test_restore_into_an_empty_place(tmp_path: Path) -> None:
    backup = _make_db(tmp_path / "backup.sqlite3")
    db = tmp_path / "new" / "desabot.sqlite3"
    assert files.restore(backup, db) is None
    assert _users(db) == 3


def test_restore_refuses_a_damaged_or_newer_backup_and_changes_nothing(tmp_path: Path) -> None:
    db = _make_db(tmp_path / "desabot.sqlite3", users=3)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(os.urandom(4096))
    with pytest.raises(StartupError, match="damaged"):
        files.restore(damaged, db)
    newer = _make_db(tmp_path / "newer.sqlite3", users=1)
    with contextlib.closing(sqlite3.connect(newer, isolation_level=None)) as conn:
        conn.execute(
            "INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'f', 'x')"
        )
    with pytest.raises(StartupError, match="newer desabot"):
        files.restore(newer, db)
    with pytest.raises(StartupError, match="no database at"):
        files.restore(tmp_path / "missing.sqlite3", db)
    assert _users(db) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "damaged.sqlite3",
        "desabot.sqlite3",
        "newer.sqlite3",
    ]


def test_restore_refuses_while_the_bot_has_the_database_open(tmp_path: Path) -> None:
    db = _make_db(tmp_path / "desabot.sqlite3", users=3)
    backup = tmp_path / "backup.sqlite3"
    files.backup(db, backup)
    bot = sqlite3.connect(db, isolation_level=None)
    bot.execute("SELECT count(*) FROM users").fetchall()  # open and idle, as the bot is
    try:
        with pytest.raises(StartupError, match="stop the bot first"):
            files.restore(backup, db)
    finally:
        bot.close()


def test_restore_replaces_a_damaged_database_and_keeps_its_bytes(tmp_path: Path) -> None:
    backup = _make_db(tmp_path / "backup.sqlite3")
    db = tmp_path / "desabot.sqlite3"
    garbage = os.urandom(4096)
    db.write_bytes(garbage)
    kept = files.restore(backup, db)
    assert kept is not None and kept.read_bytes() == garbage
    assert _users(db) == 3
