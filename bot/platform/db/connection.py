"""The one aiosqlite connection, numbered migrations, backup and integrity check.

SQLite runs in WAL mode with foreign keys on. The bot is the only writer; aiosqlite runs every
statement on one background thread, so statements from concurrent handlers are serialised.

Transactions are explicit (``isolation_level=None``): Python's sqlite3 never opens one behind
our back, so a statement that fails cannot leave the shared connection inside a transaction
that every later write then inherits (issue 10: after one "database is locked" every write
failed until a restart). Writes start with ``BEGIN IMMEDIATE`` (or are one autocommit
statement): SQLite then waits out ``busy_timeout`` for the write lock instead of failing a
deferred read→write upgrade at once. A write still refused as busy/locked (the broadcast
worker's connection held the lock longer) is rolled back and retried with backoff. A read
runs and is fully fetched in one call on the aiosqlite thread, so no read snapshot stays open
across an ``await`` while another coroutine writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

log = logging.getLogger(__name__)
T = TypeVar("T")
# Seconds to wait before each new attempt of a write SQLite refused as busy/locked; each
# attempt itself already waited up to busy_timeout for the lock.
WRITE_RETRY_DELAYS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0)
# Short: nothing interrupts SQLite's busy wait (not even sqlite3_interrupt), so a long one
# made SIGTERM wait for it. Longer waits are the retries' asyncio sleeps, which a shutdown
# cancels.
BUSY_TIMEOUT_MS = 2000
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)

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
        self.retry_delays: tuple[float, ...] = WRITE_RETRY_DELAYS

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database.initialize() has not been awaited")
        return self._conn

    async def initialize(self, *, migrate: bool = True) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit BEGIN; every transaction is ours (module docstring).
        self._conn = await aiosqlite.connect(str(self.path), isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not left readable in free pages: /hapusdata
        # must really remove a villager's name and NIK from the file (UU PDP 27/2022).
        await self._conn.execute("PRAGMA secure_delete=ON")
        # NORMAL is durable in WAL mode across process crashes (only power loss can lose
        # the last transactions), and several times faster than FULL for small writes.
        await self._conn.execute("PRAGMA synchronous=NORMAL")
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
        async with self.transaction() as conn:
            for statement in _split_sql(migration.sql):
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, utcnow()),
            )

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
        """Run one write statement (it commits on its own); returns the affected row count."""
        cursor = await self._write_statement(sql, params)
        return cursor.rowcount

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one INSERT (it commits on its own); returns the new row id."""
        cursor = await self._write_statement(sql, params)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def _write_statement(self, sql: str, params: Iterable[Any]) -> aiosqlite.Cursor:
        values = tuple(params)
        async with self._write_lock:
            # Autocommit: the statement is its own write transaction, and SQLite undoes it
            # entirely when it fails.
            return await self._retrying(lambda: self.conn.execute(sql, values))

    async def checkpoint(self) -> None:
        """Fold the WAL into the database file and empty it (after /hapusdata: a deleted
        name must not linger in the -wal file until SQLite's next automatic checkpoint)."""
        async with self._write_lock:
            await self._retrying(lambda: self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)"))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        # execute + fetch in ONE call on the aiosqlite thread: a cursor kept open across an
        # await would hold a read snapshot that turns the next write into "database is locked".
        rows = await self.conn.execute_fetchall(sql, tuple(params))
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(await self.conn.execute_fetchall(sql, tuple(params)))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Several statements that must land together (or not at all).

        BEGIN IMMEDIATE takes the write lock first (waiting, then retried, while another
        connection holds it), so the statements inside are never refused. Any failure rolls
        back. Inside, use the yielded connection, not ``Database.execute`` (that would wait
        for the lock this transaction holds).
        """
        async with self._write_lock:
            await self._retrying(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            try:
                yield self.conn
                await self.conn.commit()
            except BaseException:
                await self._rollback()
                raise

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run a write (under the write lock); retry it while SQLite says busy/locked."""
        for delay in (*self.retry_delays, None):
            await self._heal()
            try:
                return await attempt()
            except sqlite3.OperationalError as exc:
                await self._rollback()
                if delay is None or not _is_busy(exc):
                    raise
                log.info("database busy (%s); write retried in %.2f s", exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _heal(self) -> None:
        """Under the write lock no transaction may be open; one left over would make every
        later write fail, so it is reported (a bug) and rolled back."""
        if self.conn.in_transaction:
            log.error("a transaction was left open on the shared connection; rolled back")
            await self._rollback()

    async def _rollback(self) -> None:
        # Never mask the original error: a rollback of nothing, or of a dead connection, is moot.
        with contextlib.suppress(sqlite3.Error, ValueError):
            await self.conn.rollback()


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _BUSY_CODES
    return "locked" in str(exc) or "busy" in str(exc)


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
