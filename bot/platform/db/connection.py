"""The one aiosqlite connection, numbered migrations, backup and integrity check.

SQLite runs in WAL mode with foreign keys on. The bot is the only writer; aiosqlite runs every
statement on one background thread, so statements from concurrent handlers are serialised.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Migrations on disk, ordered by their number; a gap or duplicate is a programming error."""
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_RE.match(path.name)
        if not match:
            raise RuntimeError(f"{path}: migration files are named NNNN_name.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{directory}: migrations must be numbered 1..N without gaps")
    return found


def utcnow() -> str:
    """Timestamps are stored as ISO-8601 UTC text: sortable and readable in the sqlite shell."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Database:
    """Owns the connection. ``initialize``/``shutdown`` are wired to PTB's post_init/shutdown."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self._conn: aiosqlite.Connection | None = None
        # Updates of different chats run concurrently (bot/platform/updates.py) on this one
        # connection:
        # without this lock one handler's commit could land inside another's open transaction.
        self._write_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database.initialize() has not been awaited")
        return self._conn

    async def initialize(self, *, migrate: bool = True) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(str(self.path))
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        # NORMAL is durable in WAL mode across process crashes (only power loss can lose
        # the last transactions), and several times faster than FULL for small writes.
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self._conn.execute("PRAGMA busy_timeout=5000")
        if migrate:
            await self.migrate()

    async def shutdown(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def applied_versions(self) -> list[int]:
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        rows = await self.fetchall("SELECT version FROM schema_migrations ORDER BY version")
        return [int(r["version"]) for r in rows]

    async def migrate(self) -> list[Migration]:
        """Apply every migration not applied yet, each in its own transaction."""
        done = set(await self.applied_versions())
        applied = []
        for migration in available_migrations():
            if migration.version in done:
                continue
            await self._apply(migration)
            applied.append(migration)
        return applied

    async def _apply(self, migration: Migration) -> None:
        # executescript would COMMIT on its own; run statement by statement inside BEGIN.
        await self.conn.execute("BEGIN")
        try:
            for statement in _split_sql(migration.sql):
                await self.conn.execute(statement)
            await self.conn.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, utcnow()),
            )
            await self.conn.commit()
        except BaseException:
            await self.conn.rollback()
            raise

    async def pending_migrations(self) -> list[Migration]:
        done = set(await self.applied_versions())
        return [m for m in available_migrations() if m.version not in done]

    async def integrity_check(self) -> list[str]:
        rows = await self.fetchall("PRAGMA integrity_check")
        return [str(r[0]) for r in rows]

    async def backup(self, target: Path) -> None:
        """SQLite online backup: a consistent copy even while the bot keeps writing."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(str(target)) as dest:
            await self.conn.backup(dest)

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement and commit; returns the affected row count."""
        async with self._write_lock:
            cursor = await self.conn.execute(sql, tuple(params))
            await self.conn.commit()
            return cursor.rowcount

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one INSERT and commit; returns the new row id."""
        async with self._write_lock:
            cursor = await self.conn.execute(sql, tuple(params))
            await self.conn.commit()
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Several statements that must land together (or not at all).

        Inside, use the yielded connection, not ``Database.execute`` (that would wait for the
        lock this transaction holds).
        """
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements; migrations keep one statement per ';'-ended block."""
    statements, buffer = [], []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buffer.append(line)
        if line.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buffer)):
            statements.append("\n".join(buffer).strip())
            buffer = []
    tail = "\n".join(buffer).strip()
    if tail:
        statements.append(tail)
    return [s for s in statements if s]
