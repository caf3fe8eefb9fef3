"""``desabot db copy SOURCE TARGET``: a branch's data from SQLite to PostgreSQL, or back.

Every table, parents before children (foreign keys hold at every row), in ONE write
transaction on the target: a failure leaves it as it was. Then each table is verified: the
same number of rows and the same checksum (SHA-256 over the rows in key order, values in one
canonical form) on both sides. The bot must be stopped while it runs.

Idempotent: a target that already holds exactly the source's data is left alone ("nothing
to copy"); a target holding anything else is refused — the copy never merges into, or
overwrites, a database in use.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.platform.config import redact_url
from bot.platform.db import dialect
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database, available_migrations
from bot.platform.exits import StartupError

# Parents before children (every REFERENCES points to a table earlier in the list).
# tests/unit/test_postgres.py checks it and NOT_COPIED name every table the migrations create.
TABLES = (
    "users",
    "dialogs",
    "questions",
    "handover_posts",
    "handover_threads",
    "regions",
    "regions_meta",
    "villages",
    "village_officials",
    "invites",
    "claims",
    "members",
    "village_reports",
    "consents",
    "audit_log",
    "broadcasts",
    "outbox",
    "broadcast_reads",
    "officer_scopes",
    "subscriptions",
    "village_indications",
    "officer_offices",
    "posters",
    "poster_subscriptions",
    "voice_cache",
)
# Which process is alive, leads, or handles a chat right now (several workers): meaningless on
# another database, and rebuilt within seconds by the processes that run on it.
NOT_COPIED = ("worker_heartbeats", "leases", "update_claims")
CHUNK = 5000
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key, or every column for a table without one


@cache
def schema() -> tuple[Table, ...]:
    """Columns and keys as the migrations define them (the PostgreSQL set has the same,
    tests/unit/test_postgres.py)."""
    conn = sqlite3.connect(":memory:")
    try:
        for migration in available_migrations():
            conn.executescript(migration.sql)
        tables = []
        for name in TABLES:
            info = conn.execute(f"PRAGMA table_info({name})").fetchall()
            columns = tuple(str(row[1]) for row in info)
            key = tuple(str(row[1]) for row in sorted(info, key=lambda r: r[5]) if row[5])
            tables.append(Table(name, columns, key or columns))
        return tuple(tables)
    finally:
        conn.close()


@dataclass(frozen=True)
class Summary:
    rows: int
    checksum: str


async def summarise(db: Database, table: Table) -> Summary:
    """Rows and checksum of ``table`` in key order, values in one form for both databases."""
    digest = hashlib.sha256()
    count = 0
    async with db.read() as tx:
        async for rows in tx.stream(_select(table), (), CHUNK):
            for row in rows:
                digest.update(repr(tuple(_canonical(v) for v in row)).encode())
                digest.update(b"\n")
            count += len(rows)
    return Summary(count, digest.hexdigest())


def _canonical(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _select(table: Table) -> str:
    return f"SELECT {', '.join(table.columns)} FROM {table.name} ORDER BY {', '.join(table.key)}"


def describe(location: str | Path) -> str:
    from bot.platform.db.postgres import is_postgres

    return redact_url(str(location)) if is_postgres(location) else str(location)


async def copy_database(
    source: str | Path, target: str | Path, *, progress: Progress = print
) -> dict[str, Summary]:
    """Copy, verify, report; raises :class:`StartupError` with one line when it cannot."""
    if describe(source) == describe(target):
        raise StartupError("db copy: SOURCE and TARGET are the same database")
    if not str(source).startswith(("postgresql://", "postgres://")) and not Path(source).is_file():
        raise StartupError(f"db copy: no database at {source}")
    src, dst = open_database(source), open_database(target)
    await src.initialize(migrate=False)
    try:
        pending = await src.pending_migrations()
        if pending:
            raise StartupError(
                f"db copy: {describe(source)} has {len(pending)} migration(s) pending: run"
                " `desabot db migrate` on it first (with DESABOT_DB pointing at it)"
            )
        await dst.initialize()
        try:
            return await _copy(src, dst, source, target, progress)
        finally:
            await dst.shutdown()
    finally:
        await src.shutdown()


async def _copy(
    src: Database, dst: Database, source: str | Path, target: str | Path, progress: Progress
) -> dict[str, Summary]:
    expected = {t.name: await summarise(src, t) for t in schema()}
    present = {t.name: await summarise(dst, t) for t in schema()}
    if present == expected:
        progress(f"{describe(target)} already holds the same data as {describe(source)}:")
        progress("nothing to copy (row counts and checksums of every table agree)")
        return present
    busy = [(name, s.rows) for name, s in present.items() if s.rows]
    if busy:
        listed = ", ".join(f"{name} ({rows:,} rows)" for name, rows in busy[:3])
        raise StartupError(
            f"db copy: {describe(target)} is not empty ({listed}) and differs from the"
            " source: copy into a new, empty database"
        )
    progress(f"copying {describe(source)} → {describe(target)}")
    started = time.perf_counter()
    async with dst.write() as tx:
        for table in schema():
            await _copy_table(src, tx, table, expected[table.name].rows, progress)
        await _restore_versions(src, tx)
        if _is_postgres(dst):
            await _advance_identities(tx)
    await _after_bulk_load(dst)
    progress(f"copied in {time.perf_counter() - started:.1f} s; verifying")
    for table in schema():
        got = await summarise(dst, table)
        want = expected[table.name]
        if got != want:
            raise StartupError(
                f"db copy: {table.name} differs after the copy ({got.rows:,} rows, checksum"
                f" {got.checksum[:12]}; the source has {want.rows:,}, {want.checksum[:12]})"
            )
        progress(f"  ✓ {table.name}: {got.rows:,} rows, sha256 {got.checksum[:12]}")
    progress("copy verified: every table has the same rows and checksum on both sides")
    return expected


async def _copy_table(src: Database, tx: Any, table: Table, total: int, progress: Progress) -> None:
    marks = ", ".join("?" for _ in table.columns)
    insert = f"INSERT INTO {table.name}({', '.join(table.columns)}) VALUES ({marks})"
    done = 0
    async with src.read() as reader:
        async for rows in reader.stream(_select(table), (), CHUNK):
            await tx.executemany(insert, [tuple(row) for row in rows])
            done += len(rows)
            if total > CHUNK:
                progress(f"  {table.name}: {done:,} / {total:,}")
    progress(f"  {table.name}: {done:,} rows")


async def _restore_versions(src: Database, tx: Any) -> None:
    """The triggers raised villages.data_version while members and reports were copied in;
    the source's versions are put back, so the stored indications stay valid."""
    rows = await src.fetchall("SELECT data_version, code FROM villages")
    if rows:
        await tx.executemany(
            "UPDATE villages SET data_version = ? WHERE code = ?", [tuple(r) for r in rows]
        )


async def _after_bulk_load(db: Database) -> None:
    """Planner statistics for the new rows; on PostgreSQL also VACUUM, which sets the
    visibility map that index-only scans (members_by_status) rely on: without it the first
    national /statistik after a copy read every heap page, and autovacuum did the same work
    later, in the middle of the bot's day."""
    from bot.platform.db.postgres import PostgresDatabase

    if isinstance(db, PostgresDatabase):
        await db.vacuum_analyze()
    else:
        await db.execute("ANALYZE")


def _is_postgres(db: Database) -> bool:
    from bot.platform.db.postgres import PostgresDatabase

    return isinstance(db, PostgresDatabase)


async def _advance_identities(tx: Any) -> None:
    """Rows came with their ids; PostgreSQL's identity columns continue after the largest."""
    for name in sorted(dialect.ID_TABLES):
        await tx.fetchall(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
            f" COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
        )
