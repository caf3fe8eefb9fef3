"""Which database the suite runs on.

By default every test gets SQLite files under its tmp_path. With
``DESABOT_TEST_DB=postgresql://user:pass@host:port/db`` (a role allowed to CREATE DATABASE;
`.ci/postgres.sh start DIR` prints one) the same tests run on PostgreSQL: each test gets a
fresh database copied from a template built once per test process (``CREATE DATABASE …
TEMPLATE``: a file copy on the server, ~50 ms), dropped when the test ends.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import pytest

TEST_DB = os.environ.get("DESABOT_TEST_DB") or None
ON_POSTGRES = TEST_DB is not None
T = TypeVar("T")

# Databases made for the test now running (dropped after it) and templates of this process.
_created: list[str] = []
_templates: dict[str, str] = {}
_kept: list[str] = []

sqlite_only = pytest.mark.skipif(
    ON_POSTGRES, reason="SQLite-specific (files, WAL, locks): the SQLite half covers it"
)


def database_url(name: str) -> str:
    assert TEST_DB is not None
    return urlunsplit(urlsplit(TEST_DB)._replace(path=f"/{name}"))


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to the end from sync code, even inside a running event loop (a sync
    fixture of an async test): in a thread of its own."""
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coro))
        except BaseException as exc:  # handed to the caller
            error.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


async def _admin(sql: str) -> None:
    import asyncpg

    assert TEST_DB is not None
    conn = await asyncpg.connect(TEST_DB)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def template(kind: str, build: Callable[[str], Awaitable[None]]) -> str:
    """The name of this process's template database ``kind``, built once by ``build(url)``."""
    if kind not in _templates:
        name = f"tpl_{kind}_{_worker()}_{os.getpid()}"
        run_sync(_drop(name))
        run_sync(_admin(f'CREATE DATABASE "{name}"'))
        run_sync(_call(build, database_url(name)))
        _templates[kind] = name
    return _templates[kind]


async def _call(build: Callable[[str], Awaitable[None]], url: str) -> None:
    await build(url)


def fresh(template_name: str, *, keep: bool = False) -> str:
    """A new database copied from ``template_name``; dropped after the test (``keep``: at the
    end of the session, for a module-scoped fixture)."""
    name = f"t_{_worker()}_{uuid.uuid4().hex[:12]}"
    run_sync(_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    (_kept if keep else _created).append(name)
    return database_url(name)


async def _migrate(url: str) -> None:
    from bot.platform.db.backend import open_database

    db = open_database(url)
    await db.initialize()
    await db.shutdown()


def database_for(path: Path, *, keep: bool = False) -> str | Path:
    """Where a test's database lives: ``path`` on SQLite, a fresh migrated PostgreSQL
    database otherwise."""
    if not ON_POSTGRES:
        return path
    return fresh(template("migrated", _migrate), keep=keep)


def drop_created() -> None:
    while _created:
        run_sync(_drop(_created.pop()))


async def _drop(name: str) -> None:
    """DROP … WITH (FORCE) ends the test's own connections, but a non-superuser may not end
    an autovacuum worker that happens to be in the database (InsufficientPrivilegeError):
    those finish in moments, so try again. (.ci/postgres.sh runs its server without
    autovacuum; a developer's own server may not.)"""
    import asyncpg

    for attempt in range(20):
        try:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except asyncpg.InsufficientPrivilegeError:
            if attempt == 19:
                raise
            await asyncio.sleep(0.1)


def drop_templates() -> None:
    _created.extend(_kept)
    _kept.clear()
    drop_created()
    while _templates:
        _, name = _templates.popitem()
        run_sync(_drop(name))
