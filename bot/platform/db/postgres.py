"""PostgreSQL behind the same interface as the SQLite :class:`Database` (``DESABOT_DB=postgresql://…``).

Repositories and services do not know which database they talk to: ``db.write()``,
``db.read()``, ``fetchone``/``fetchall``/``execute``/``insert``/``executemany`` and the
ambient transaction (a ContextVar of the task, shared with connection.py) mean the same here.
Statements are translated once by :mod:`bot.platform.db.dialect`.

* **Writes.** A write transaction (``async with db.write()``) runs on one pooled connection
  and takes a transaction-level advisory lock first: write transactions are serialised, as
  SQLite's ``BEGIN IMMEDIATE`` serialises them, so a service's "check, then act" stays free
  of races — across processes too (several bot processes, ``desabot`` commands). A lone
  statement outside a transaction (a villager's ``mark_seen``) is its own transaction: one
  round trip, no lock, row locks are enough for one statement. A nested ``write()`` is a
  SAVEPOINT.
* **Reads.** ``db.read()`` is one REPEATABLE READ, READ ONLY snapshot on a pooled connection
  (an export streams from one state of the database); one-statement reads go straight to the
  pool. PostgreSQL's readers never block its writers.
* **Durability.** ``synchronous_commit=off`` unless the URL says otherwise
  (``?synchronous_commit=on``): a commit returns before its WAL reaches the disk. A crash of
  the *bot* loses nothing; a crash of the *server* or the machine may lose the last fraction
  of a second of commits, never consistency — the same promise as SQLite's
  ``synchronous=NORMAL`` in WAL mode, which the bot makes on one machine. A villager's write
  was ~1 ms faster and a broadcast's outbox marks no longer wait on fsync.
* **Types.** SQLite compares loosely; PostgreSQL does not. A parameter is converted to the
  type the server expects for it (a user id given as text, a number stored in a text column),
  learned once per statement. ``numeric`` results (``SUM``) come back as ``int`` or ``float``,
  as SQLite gives them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.platform.config import redact_url
from bot.platform.db import dialect
from bot.platform.db.connection import (
    _CURRENT_READ,
    _CURRENT_WRITE,
    GIL_SWITCH_INTERVAL,
    MIGRATIONS_DIR,
    Database,
    Migration,
    ReadTx,
    WriteTx,
    available_migrations,
    utcnow,
)
from bot.platform.db.files import Inspection
from bot.platform.exits import ExitCode, StartupError

try:  # the [postgresql] extra; a branch on SQLite never needs it
    import asyncpg
except ImportError:  # pragma: no cover - exercised by a subprocess test
    asyncpg = None

log = logging.getLogger(__name__)

PG_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgresql"
SCHEMES = ("postgresql://", "postgres://")
# Two pools, so that no task can wait for a connection while holding one the others need:
# writes (a write transaction, villagers' lone statements) and reads (snapshots of exports and
# national statistics, villagers' one-statement reads). A task holding a snapshot may write
# (a write connection); a write never needs a read connection (its reads run in it).
WRITE_POOL_SIZE = 5
POOL_SIZE = 10  # readers
# Every write transaction of every process takes this lock (pg_advisory_xact_lock): the
# serialised writer of connection.py, across processes. The number is arbitrary but fixed.
WRITE_LOCK_KEY = 0x44455341  # "DESA"
CONNECT_TIMEOUT = 10.0
# SQLSTATEs after which a lone statement is simply sent again: it changed nothing.
_RETRYABLE = frozenset({"40001", "40P01"})  # serialization failure, deadlock detected
_STATUS_COUNT = re.compile(r"(\d+)$")


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(SCHEMES)


def require_driver() -> Any:
    if asyncpg is None:
        raise StartupError(
            "DESABOT_DB is a PostgreSQL URL but the driver is not installed:"
            " pip install 'desabot[postgresql]' (or use a SQLite file)",
            ExitCode.DATABASE_DRIVER_MISSING,
        )
    return asyncpg


def connect_options(url: str) -> tuple[str, dict[str, str]]:
    """The DSN for asyncpg and the server settings of every session: synchronous_commit=off
    unless the URL asks otherwise (see the module docstring)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    settings = {"synchronous_commit": query.pop("synchronous_commit", "off")}
    return urlunsplit(parts._replace(query=urlencode(query))), settings


def unreachable(url: str, exc: BaseException) -> StartupError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StartupError(
        f"the PostgreSQL server at {redact_url(url)} cannot be used ({reason}): check that it runs,"
        " the address, the user and password in DESABOT_DB",
        ExitCode.DATABASE_UNREACHABLE,
    )


def _number(text: str) -> int | float:
    """``numeric`` (what SUM and AVG give) as SQLite gives it: an int when whole."""
    return float(text) if any(c in text for c in ".eEN") else int(text)


_INT_TYPES = frozenset({"int2", "int4", "int8"})
_FLOAT_TYPES = frozenset({"float4", "float8"})
_TEXT_TYPES = frozenset({"text", "varchar", "bpchar", "name"})


def coerce(value: Any, type_name: str) -> Any:
    """``value`` as the server expects it for a parameter of ``type_name`` (SQLite would have
    taken either: its columns compare loosely)."""
    if value is None:
        return None
    if type_name in _TEXT_TYPES and not isinstance(value, str):
        return str(int(value)) if isinstance(value, bool) else str(value)
    if type_name in _INT_TYPES and not isinstance(value, int):
        return int(value)
    if type_name in _INT_TYPES and isinstance(value, bool):
        return int(value)
    if type_name in _FLOAT_TYPES and not isinstance(value, float):
        return float(value)
    if type_name == "numeric" and not isinstance(value, str):
        return str(value)
    if type_name == "bool" and not isinstance(value, bool):
        return bool(value)
    return value


class PgCursor:
    """What aiosqlite's cursor gave the repositories: ``rowcount``, ``lastrowid``, rows."""

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: int | None) -> None:
        self.rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    async def fetchall(self) -> list[Any]:
        return self.rows

    async def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    async def close(self) -> None:
        return None


class _Call:
    """``await tx.execute(…)`` or ``async with tx.execute(…) as cursor``, as with aiosqlite."""

    def __init__(self, run: Any) -> None:
        self._run = run

    def __await__(self) -> Any:
        return self._run.__await__()

    async def __aenter__(self) -> PgCursor:
        cursor: PgCursor = await self._run
        return cursor

    async def __aexit__(self, *exc: object) -> None:
        return None


class Statements:
    """Runs translated statements on a connection, with parameters of the expected types.
    What a statement expects is learned once (a prepare) and kept for the process."""

    def __init__(self) -> None:
        self._shapes: dict[str, tuple[tuple[str, ...], bool]] = {}

    async def shape(self, conn: Any, sql: str) -> tuple[tuple[str, ...], bool]:
        known = self._shapes.get(sql)
        if known is None:
            prepared = await conn.prepare(sql)
            types = tuple(t.name for t in prepared.get_parameters())
            known = (types, bool(prepared.get_attributes()))
            self._shapes[sql] = known
        return known

    async def run(self, conn: Any, sql: str, params: Iterable[Any]) -> PgCursor:
        pg = dialect.to_postgres(sql)
        types, returns_rows = await self.shape(conn, pg)
        args = [coerce(v, t) for v, t in zip(tuple(params), types, strict=False)]
        if returns_rows:
            rows = await conn.fetch(pg, *args)
            last = int(rows[-1][0]) if rows and dialect.returns_id(sql) else None
            return PgCursor(rows, len(rows), last)
        status = await conn.execute(pg, *args)
        match = _STATUS_COUNT.search(status or "")
        return PgCursor([], int(match[1]) if match else -1, None)

    async def fetchall(self, conn: Any, sql: str, params: Iterable[Any]) -> list[Any]:
        return (await self.run(conn, sql, params)).rows


class PgReadTx(ReadTx):
    """One read snapshot on one pooled connection (or the write transaction's own)."""

    def __init__(self, conn: Any, statements: Statements) -> None:
        self._pg = conn
        self._statements = statements

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        return await self._statements.fetchall(self._pg, sql, params)

    async def stream(
        self, sql: str, params: Iterable[Any] = (), size: int = 1000
    ) -> AsyncIterator[list[Any]]:
        """Rows in chunks of ``size`` through a server-side cursor (inside the snapshot)."""
        pg = dialect.to_postgres(sql)
        types, _ = await self._statements.shape(self._pg, pg)
        args = [coerce(v, t) for v, t in zip(tuple(params), types, strict=False)]
        cursor = await self._pg.cursor(pg, *args)
        while rows := await cursor.fetch(size):
            yield list(rows)


class PgWriteTx(WriteTx, PgReadTx):
    """The write transaction in progress (advisory lock taken)."""

    def __init__(self, conn: Any, statements: Statements, owner: asyncio.Task[Any] | None) -> None:
        PgReadTx.__init__(self, conn, statements)
        self.owner = owner
        self.open = True
        self._savepoints = 0

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return _Call(self._statements.run(self._pg, sql, params))

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> int:
        """All rows in one pipelined exchange; the number of rows sent (no caller asks how
        many changed)."""
        batch = [tuple(row) for row in rows]
        if not batch:
            return 0
        pg = dialect.to_postgres(sql)
        types, _ = await self._statements.shape(self._pg, pg)
        await self._pg.executemany(
            pg, [[coerce(v, t) for v, t in zip(row, types, strict=False)] for row in batch]
        )
        return len(batch)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[WriteTx]:
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        await self._pg.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            with contextlib.suppress(Exception):
                await self._pg.execute(f"ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}")
            raise
        else:
            await self._pg.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._savepoints -= 1


async def _keep_session(_: Any) -> None:
    """The pool's reset on release, made a no-op: the bot sets no session state, listens to
    nothing and takes only transaction-level locks, so the default reset (``RESET ALL``,
    ``UNLISTEN *``…) was a wasted round trip after every statement."""


class PostgresDatabase(Database):
    """The :class:`Database` interface on a PostgreSQL server (see the module docstring)."""

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE) -> None:
        self.url = url
        self.path = Path(redact_url(url))  # for messages only; nothing opens it as a file
        self.pool_size = pool_size
        self._pool: Any = None  # writes
        self._read_pool: Any = None
        self._write_lock = asyncio.Lock()
        self._statements = Statements()
        self._reader_count = pool_size

    @property
    def memory(self) -> bool:
        return False

    @property
    def identity(self) -> str:
        return redact_url(self.url)

    async def initialize(self, *, migrate: bool = True) -> None:
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL))
        driver = require_driver()
        dsn, settings = connect_options(self.url)
        try:
            self._pool = await self._new_pool(driver, dsn, settings, WRITE_POOL_SIZE)
            self._read_pool = await self._new_pool(driver, dsn, settings, self.pool_size)
        except (TimeoutError, OSError, driver.PostgresError) as exc:
            await self.shutdown()
            raise unreachable(self.url, exc) from None
        try:
            if migrate:
                await self.migrate()
        except BaseException:
            await self.shutdown()
            raise

    @staticmethod
    async def _new_pool(driver: Any, dsn: str, settings: dict[str, str], size: int) -> Any:
        return await driver.create_pool(
            dsn,
            min_size=1,
            max_size=size,
            server_settings=settings,
            init=_init_connection,
            reset=_keep_session,
            timeout=CONNECT_TIMEOUT,
        )

    async def shutdown(self) -> None:
        pools = (self._pool, self._read_pool)
        self._pool = self._read_pool = None
        for pool in pools:
            if pool is not None:
                await pool.close()

    def _pool_or_fail(self) -> Any:
        if self._pool is None:
            raise RuntimeError("Database.initialize() has not been awaited")
        return self._pool

    def _read_pool_or_fail(self) -> Any:
        if self._read_pool is None:
            raise RuntimeError("Database.initialize() has not been awaited")
        return self._read_pool

    # ------------------------------------------------------------- transactions

    @asynccontextmanager
    async def write(self) -> AsyncIterator[WriteTx]:
        outer = self._current_write()
        if outer is not None:
            async with outer.savepoint() as nested:
                yield nested
            return
        pool = self._pool_or_fail()
        async with self._write_lock, pool.acquire() as conn:
            # One round trip: BEGIN and the lock that serialises write transactions.
            await conn.execute(f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
            tx = PgWriteTx(conn, self._statements, asyncio.current_task())
            token = _CURRENT_WRITE.set({**(_CURRENT_WRITE.get() or {}), id(self): tx})
            try:
                yield tx
                await conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(Exception):
                    await conn.execute("ROLLBACK")
                raise
            finally:
                tx.open = False
                _CURRENT_WRITE.reset(token)
        self._forget_read_snapshot()

    transaction = write

    @asynccontextmanager
    async def read(self) -> AsyncIterator[ReadTx]:
        current = self._current_write()
        if current is not None:
            yield current
            return
        held = self._current_read()
        if held is not None:
            yield held
            return
        async with self._read_pool_or_fail().acquire() as conn:
            snapshot = PgReadTx(conn, self._statements)
            marks = {**(_CURRENT_READ.get() or {}), id(self): (snapshot, asyncio.current_task())}
            token = _CURRENT_READ.set(marks)
            try:
                await conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                try:
                    yield snapshot
                finally:
                    with contextlib.suppress(Exception):
                        await conn.execute("ROLLBACK")
            finally:
                try:
                    _CURRENT_READ.reset(token)
                except ValueError:  # an async generator closed from another context
                    _CURRENT_READ.set({k: v for k, v in marks.items() if k != id(self)})

    # ------------------------------------------------------------- one statement

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        current = self._current_write()
        if current is not None:
            return await current.fetchall(sql, params)
        held = self._current_read()
        if held is not None:
            return await held.fetchall(sql, params)
        async with self._read_pool_or_fail().acquire() as conn:
            return await self._statements.fetchall(conn, sql, params)

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        return (await self._statement(sql, tuple(params))).rowcount

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        cursor = await self._statement(sql, tuple(params))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def _statement(self, sql: str, params: Sequence[Any]) -> Any:
        current = self._current_write()
        if current is not None:
            return await current.execute(sql, params)
        async with self._pool_or_fail().acquire() as conn:
            cursor = await self._lone(conn, sql, params)
        self._forget_read_snapshot()
        return cursor

    async def _lone(self, conn: Any, sql: str, params: Sequence[Any]) -> PgCursor:
        """A statement alone is its own transaction (autocommit: one round trip); after a
        deadlock with a transaction it changed nothing and is sent again."""
        for attempt in range(5):
            try:
                return await self._statements.run(conn, sql, params)
            except asyncpg.PostgresError as exc:
                if getattr(exc, "sqlstate", None) not in _RETRYABLE or attempt == 4:
                    raise
                await asyncio.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    # ------------------------------------------------------------- maintenance

    async def applied_versions(self) -> list[int]:
        async with self.write() as tx:
            await tx.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            rows = await tx.fetchall("SELECT version FROM schema_migrations ORDER BY version")
        return [int(r["version"]) for r in rows]

    async def migrate(self) -> list[Migration]:
        """Each pending migration in its own write transaction (its advisory lock also keeps
        two processes starting at once from applying the same one twice)."""
        await self.applied_versions()
        applied = []
        for migration in postgres_migrations():
            if await self._apply_once(migration):
                applied.append(migration)
        return applied

    async def _apply_once(self, migration: Migration) -> bool:
        async with self.write() as tx:
            done = await tx.fetchone(
                "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
            )
            if done:
                return False
            assert isinstance(tx, PgWriteTx)
            await tx._pg.execute(migration.sql)  # a script: PL/pgSQL bodies hold ';'
            await tx.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, utcnow()),
            )
        return True

    async def pending_migrations(self) -> list[Migration]:
        done = set(await self.applied_versions())
        return [m for m in postgres_migrations() if m.version not in done]

    async def integrity_check(self) -> list[str]:
        """PostgreSQL checks its own pages (checksums, WAL); what the bot can check is that
        the server answers a read."""
        await self.fetchone("SELECT 1")
        return ["ok"]

    async def backup(self, target: Path) -> None:
        raise StartupError(
            "on PostgreSQL, back up with pg_dump or the server's own backups (README"
            " 'PostgreSQL'); `desabot db copy` also copies it into a SQLite file",
            ExitCode.FAILED,
        )

    async def vacuum_analyze(self) -> None:
        """After a bulk load (``db copy``). VACUUM cannot run in a transaction, nor as a
        prepared statement: it goes as a simple query on its own connection."""
        async with self._pool_or_fail().acquire() as conn:
            await conn.execute("VACUUM (ANALYZE)")

    async def checkpoint(self) -> None:
        """Nothing to do: the server recycles its WAL itself (SQLite's -wal file is ours)."""


async def _init_connection(conn: Any) -> None:
    await conn.set_type_codec(
        "numeric", encoder=str, decoder=_number, schema="pg_catalog", format="text"
    )


def postgres_migrations() -> list[Migration]:
    return available_migrations(PG_MIGRATIONS_DIR)


# ----------------------------------------------------------------- start-up checks


@dataclass(frozen=True)
class Probe:
    """What start-up and ``db check`` read from the server before the bot opens it."""

    applied: list[int]
    newest_nik: str | None  # the newest member's sealed NIK: does DESABOT_SECRET_KEY open it?


def probe(url: str) -> Probe:
    """Connect once: a missing driver, an unreachable server or a refused login is one line
    (StartupError with its exit code)."""
    return asyncio.run(_probe(url))


async def _probe(url: str) -> Probe:
    driver = require_driver()
    dsn, settings = connect_options(url)
    try:
        conn = await driver.connect(dsn, server_settings=settings, timeout=CONNECT_TIMEOUT)
    except (TimeoutError, OSError, driver.PostgresError) as exc:
        raise unreachable(url, exc) from None
    try:
        applied: list[int] = []
        if await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL"):
            rows = await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
            applied = [int(r[0]) for r in rows]
        newest = None
        if await conn.fetchval("SELECT to_regclass('members') IS NOT NULL"):
            newest = await conn.fetchval(
                "SELECT nik_encrypted FROM members ORDER BY id DESC LIMIT 1"
            )
        return Probe(applied, newest)
    finally:
        await conn.close()


def inspect(url: str) -> Inspection:
    """``desabot db check`` on a PostgreSQL server: it answers, and the migration state."""
    applied = probe(url).applied
    done = set(applied)
    known = {m.version for m in postgres_migrations()}
    return Inspection(
        integrity=["ok"],
        applied=applied,
        pending=[m for m in postgres_migrations() if m.version not in done],
        unknown=[v for v in applied if v not in known],
    )
