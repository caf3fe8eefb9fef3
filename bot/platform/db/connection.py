"""The database: ONE writer connection, a small pool of read-only connections, migrations.

SQLite runs in WAL mode with foreign keys on. How the bot talks to it (README, "Storage"):

* **One writer.** Every write of the process (villagers' handlers, officers' actions, the
  broadcast worker) goes through ONE connection, inside ``async with db.write() as tx:``.
  An asyncio lock lets one write transaction at a time in, and each starts with
  ``BEGIN IMMEDIATE``: the write lock is taken before the first statement, so a write
  transaction never starts as a reader and never has to upgrade. The old defect (issue 13:
  a handler's deferred read→write on the shared connection, refused at once with "database
  is locked" when the broadcast worker's own connection held the lock, because a
  transaction that already read cannot wait) cannot happen: there is no second writer in
  the process, and the writer never reads outside a write transaction. Another process
  (the sqlite shell, a second bot by mistake) is waited out: SQLite's busy timeout, then
  retries with backoff.
* **Reads on a pool.** ``async with db.read() as tx:`` lends one of ``readers`` read-only
  connections (``PRAGMA query_only``: a write there fails at once, it is a bug) for one
  snapshot (``BEGIN`` … ``COMMIT``). In WAL mode readers never block the writer nor each
  other, and each connection has its own aiosqlite thread: the admin's national
  /statistik or a 50,000-row export reads on one of them while villagers' reads and writes
  go on (SQLite releases the GIL while it works). While a task holds a snapshot, its
  one-statement reads reuse it (until it writes), so a task never waits for a second reader.
* **The transaction comes from the context.** Inside ``db.write()`` the task's transaction
  is ambient (a ContextVar): ``db.fetchone``/``db.execute`` and every repository function
  called with ``db`` run on it, see its uncommitted rows and commit or roll back with it; a
  nested ``db.write()`` is a SAVEPOINT. So a service writes
  ``async with db.write(): …`` around its checks, its changes and its audit row, and the
  repositories it calls cannot escape the transaction. Outside a write transaction,
  ``db.execute``/``db.insert`` are one-statement write transactions of their own and
  ``db.fetchone``/``db.fetchall`` one-statement reads on the pool.

This class is the seam for another dialect: repositories only use ``fetchone``,
``fetchall``, ``execute``, ``insert``, ``executemany`` and ``write``/``read``;
bot/platform/db/postgres.py implements the same on a PostgreSQL server, and
bot/platform/db/backend.py picks one from ``DESABOT_DB``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

log = logging.getLogger(__name__)
T = TypeVar("T")
# Seconds to wait before each new attempt to take SQLite's write lock while ANOTHER process
# holds it (within the process the asyncio lock serialises writers); each attempt itself
# already waited up to busy_timeout.
WRITE_RETRY_DELAYS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
# Read-only connections in the pool: a heavy officer's read or two, and villagers' reads.
DEFAULT_READERS = 4
# Every query is two thread hops (event loop → aiosqlite thread → loop). While a thread does
# Python work (an XLSX export's writer, judging a country's villages), each hop waited up to
# CPython's 5 ms switch interval for the GIL: a villager's reply of ~15 hops took 500 ms.
# At 0.5 ms the same reply takes ~50 ms during the export (bench/storage.py); the export
# itself is ~10 % slower.
GIL_SWITCH_INTERVAL = 0.0005
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


class ReadTx:
    """One read snapshot on one connection (a pool reader, or the writer inside a write)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self._conn.execute_fetchall(sql, tuple(params))
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def stream(
        self, sql: str, params: Iterable[Any] = (), size: int = 1000
    ) -> AsyncIterator[list[sqlite3.Row]]:
        """Rows in chunks of ``size`` (big exports: memory stays flat). The snapshot is the
        transaction's, so every chunk comes from the same state of the database."""
        async with self._conn.execute(sql, tuple(params)) as cursor:
            while rows := await cursor.fetchmany(size):
                yield list(rows)


class WriteTx(ReadTx):
    """The one write transaction in progress (``BEGIN IMMEDIATE`` taken). Write functions
    take it (or ``db`` inside ``db.write()``, which resolves to it)."""

    def __init__(self, conn: aiosqlite.Connection, owner: asyncio.Task[Any] | None) -> None:
        super().__init__(conn)
        self.owner = owner
        self.open = True
        self._savepoints = 0

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """aiosqlite's execute: ``await`` it for the cursor (rowcount, lastrowid) or use it
        as ``async with tx.execute(…) as cursor``."""
        return self._conn.execute(sql, tuple(params))

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> int:
        cursor = await self._conn.executemany(sql, [tuple(r) for r in rows])
        return cursor.rowcount

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[WriteTx]:
        """A nested ``db.write()``: its failure undoes only its own statements."""
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        await self._conn.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            with contextlib.suppress(sqlite3.Error, ValueError):
                await self._conn.execute(f"ROLLBACK TO {name}")
                await self._conn.execute(f"RELEASE {name}")
            raise
        else:
            await self._conn.execute(f"RELEASE {name}")
        finally:
            self._savepoints -= 1


# The write transaction the current task is inside, per Database (see the module docstring).
_CURRENT_WRITE: ContextVar[dict[int, WriteTx] | None] = ContextVar("desabot_write", default=None)
# The read snapshot the current task holds, per Database: its one-statement reads reuse it
# (an export streaming on one reader and reading each village's figures beside it must not
# wait for a second reader: four such tasks would each hold one and wait for another).
_CURRENT_READ: ContextVar[dict[int, tuple[ReadTx, asyncio.Task[Any] | None]] | None] = ContextVar(
    "desabot_read", default=None
)


class Database:
    """Owns the writer and the readers. ``initialize``/``shutdown`` go to PTB's
    post_init/post_shutdown."""

    def __init__(self, path: Path | str, *, readers: int = DEFAULT_READERS) -> None:
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self._writer: aiosqlite.Connection | None = None
        # Updates of different chats and the broadcast worker share the writer: one write
        # transaction at a time, in the order they asked.
        self._write_lock = asyncio.Lock()
        self.retry_delays: tuple[float, ...] = WRITE_RETRY_DELAYS
        self.busy_timeout_ms = BUSY_TIMEOUT_MS
        # An in-memory database cannot be shared between connections: its reads use the
        # writer, under the write lock (tests only).
        self._reader_count = 0 if self.memory else max(1, readers)
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all_readers: list[aiosqlite.Connection] = []

    @property
    def memory(self) -> bool:
        return str(self.path) == ":memory:"

    @property
    def readers(self) -> int:
        return self._reader_count

    @property
    def identity(self) -> str:
        """Which database this is, for a registry of running workers and for messages."""
        return f"memory:{id(self)}" if self.memory else str(self.path.resolve())

    def _writer_conn(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("Database.initialize() has not been awaited")
        return self._writer

    async def initialize(self, *, migrate: bool = True) -> None:
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL))
        if not self.memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            await self._open(migrate=migrate)
        except BaseException:
            # aiosqlite's threads are not daemons: a connection left open keeps the process
            # alive after the error was printed (`desabot db migrate` hung instead of exiting).
            await self.shutdown()
            raise

    async def _open(self, *, migrate: bool) -> None:
        # isolation_level=None: no implicit BEGIN; every transaction is ours.
        self._writer = await self._connect()
        # Read the answer: an unread PRAGMA keeps its statement open, and on a new file the
        # readers opened next then find it locked ("database is locked" at `db migrate`).
        async with self._writer.execute("PRAGMA journal_mode=WAL") as cursor:
            await cursor.fetchall()
        if migrate:
            await self.migrate()
        for _ in range(self._reader_count):
            reader = await self._connect()
            self._all_readers.append(reader)
            # A write on a reader is a bug, refused at once instead of becoming a second
            # writer that could meet the first one's lock.
            await reader.execute("PRAGMA query_only=ON")
            self._readers.put_nowait(reader)

    async def _connect(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(str(self.path), isolation_level=None)
        try:
            await self._configure(conn)
        except BaseException:
            await conn.close()
            raise
        return conn

    async def _configure(self, conn: aiosqlite.Connection) -> None:
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        await conn.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not left readable in free pages: /hapusdata
        # must really remove a villager's name and NIK from the file (UU PDP 27/2022).
        await conn.execute("PRAGMA secure_delete=ON")
        # NORMAL is durable in WAL mode across process crashes (only power loss can lose
        # the last transactions), and several times faster than FULL for small writes.
        await conn.execute("PRAGMA synchronous=NORMAL")

    async def shutdown(self) -> None:
        readers, self._all_readers = self._all_readers, []
        self._readers = asyncio.Queue()
        for reader in readers:
            with contextlib.suppress(sqlite3.Error, ValueError):
                await reader.close()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            await writer.close()

    # ------------------------------------------------------------- transactions

    def _current_write(self) -> WriteTx | None:
        """This task's open write transaction on this database, if any."""
        current = _CURRENT_WRITE.get()
        tx = current.get(id(self)) if current else None
        if tx is None or not tx.open:
            return None
        # A task started inside the transaction inherits the ContextVar but is not part of
        # the transaction: it waits for the lock like everyone else.
        return tx if tx.owner is asyncio.current_task() else None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[WriteTx]:
        """The write transaction: everything inside lands together or not at all.

        ``BEGIN IMMEDIATE`` under the process's write lock; any exception rolls back. Inside
        a write transaction of the same task, a nested ``write()`` is a SAVEPOINT.
        """
        outer = self._current_write()
        if outer is not None:
            async with outer.savepoint() as tx:
                yield tx
            return
        conn = self._writer_conn()
        async with self._write_lock:
            await self._retrying(lambda: conn.execute("BEGIN IMMEDIATE"))
            tx = WriteTx(conn, asyncio.current_task())
            token = _CURRENT_WRITE.set({**(_CURRENT_WRITE.get() or {}), id(self): tx})
            try:
                yield tx
                await conn.commit()
            except BaseException:
                await self._rollback()
                raise
            finally:
                tx.open = False
                _CURRENT_WRITE.reset(token)
            self._forget_read_snapshot()

    def _forget_read_snapshot(self) -> None:
        """After the task wrote, its one-statement reads must see that write: they stop
        reusing the snapshot it holds (which it can still use explicitly)."""
        held = _CURRENT_READ.get()
        if held and id(self) in held:
            _CURRENT_READ.set({k: v for k, v in held.items() if k != id(self)})

    # The name the services used before reads and writes were split.
    transaction = write

    @asynccontextmanager
    async def read(self) -> AsyncIterator[ReadTx]:
        """One consistent snapshot on a pooled read-only connection (or, inside a write
        transaction, that transaction: it sees its own rows)."""
        current = self._current_write()
        if current is not None:
            yield current
            return
        if self._reader_count == 0:
            async with self.write() as write_tx:
                yield write_tx
            return
        held = self._current_read()
        if held is not None:
            yield held  # the task's snapshot already open
            return
        reader = await self._reader()
        snapshot = ReadTx(reader)
        marks = {**(_CURRENT_READ.get() or {}), id(self): (snapshot, asyncio.current_task())}
        token = _CURRENT_READ.set(marks)
        try:
            await reader.execute("BEGIN")
            try:
                yield snapshot
            finally:
                with contextlib.suppress(sqlite3.Error, ValueError):
                    await reader.rollback()  # a reader has nothing to commit
        finally:
            self._readers.put_nowait(reader)
            try:
                _CURRENT_READ.reset(token)
            except ValueError:  # an async generator closed from another context
                _CURRENT_READ.set({k: v for k, v in marks.items() if k != id(self)})

    def _current_read(self) -> ReadTx | None:
        held = (_CURRENT_READ.get() or {}).get(id(self))
        if held is None or held[1] is not asyncio.current_task():
            return None
        return held[0]

    async def _reader(self) -> aiosqlite.Connection:
        """A pooled reader; waits while all are lent out (they come back in milliseconds,
        or after one officer's export)."""
        self._writer_conn()  # a closed database raises instead of waiting forever
        return await self._readers.get()

    # ------------------------------------------------------------- one statement

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        current = self._current_write()
        if current is not None:
            return await current.fetchall(sql, params)
        if self._reader_count == 0:
            async with self.write() as tx:
                return await tx.fetchall(sql, params)
        held = self._current_read()
        if held is not None:
            return await held.fetchall(sql, params)
        reader = await self._reader()
        try:
            # Autocommit: the statement is its own snapshot, fully fetched in one call.
            return list(await reader.execute_fetchall(sql, tuple(params)))
        finally:
            self._readers.put_nowait(reader)

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """One write statement (in the current write transaction, or its own); the number of
        rows it changed."""
        cursor = await self._statement(sql, tuple(params))
        return int(cursor.rowcount)

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """One INSERT (in the current write transaction, or its own); the new row id."""
        cursor = await self._statement(sql, tuple(params))
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> int:
        async with self.write() as tx:
            return await tx.executemany(sql, rows)

    async def _statement(self, sql: str, params: tuple[Any, ...]) -> aiosqlite.Cursor:
        current = self._current_write()
        if current is not None:
            return await current.execute(sql, params)
        conn = self._writer_conn()
        async with self._write_lock:
            # Alone, a statement is its own write transaction (autocommit, one round trip
            # instead of BEGIN/statement/COMMIT): it asks for the write lock at its first
            # step, never after a read, and SQLite undoes it entirely when it fails.
            cursor = await self._retrying(lambda: conn.execute(sql, params))
        self._forget_read_snapshot()
        return cursor

    # ------------------------------------------------------------- maintenance

    async def applied_versions(self) -> list[int]:
        await self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        rows = await self._writer_read("SELECT version FROM schema_migrations ORDER BY version")
        return [int(r["version"]) for r in rows]

    async def _writer_read(self, sql: str) -> list[sqlite3.Row]:
        """Before the readers are open (migrations run first)."""
        async with self.write() as tx:
            return await tx.fetchall(sql)

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
        async with self.write() as tx:
            for statement in _split_sql(migration.sql):
                await tx.execute(statement)
            await tx.execute(
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
        """SQLite online backup from one read snapshot: a consistent copy while the bot keeps
        writing (in WAL mode the reader holds its snapshot for the whole copy)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(str(target)) as dest:
            if self._reader_count == 0:
                async with self._write_lock:
                    await self._writer_conn().backup(dest)
                return
            reader = await self._reader()
            try:
                await reader.backup(dest)
            finally:
                self._readers.put_nowait(reader)

    async def checkpoint(self) -> None:
        """Fold the WAL into the database file and empty it (after /hapusdata: a deleted
        name must not linger in the -wal file until SQLite's next automatic checkpoint)."""
        if self._current_write() is not None:
            raise RuntimeError("checkpoint() runs after the write transaction, not inside it")
        conn = self._writer_conn()
        async with self._write_lock:
            await self._retrying(lambda: conn.execute("PRAGMA wal_checkpoint(TRUNCATE)"))

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Take the write lock from SQLite (under the process's own lock). Only another
        process can hold it: wait it out, then retry with backoff."""
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
        """Under the write lock no transaction may be open on the writer; one left over (a
        cancelled commit) would make every later write fail, so it is rolled back."""
        if self._writer_conn().in_transaction:
            log.error("a transaction was left open on the writer; rolled back")
            await self._rollback()

    async def _rollback(self) -> None:
        # Never mask the original error: a rollback of nothing, or of a dead connection, is moot.
        with contextlib.suppress(sqlite3.Error, ValueError):
            await self._writer_conn().rollback()


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
