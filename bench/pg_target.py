"""A scratch PostgreSQL database for a bench run: ``--pg DSN`` or ``DESABOT_BENCH_PG``.

The DSN names a role that may CREATE DATABASE (``.ci/postgres.sh start DIR`` prints one);
each bench makes its own database, runs the same measurement as on SQLite, and drops it.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

ENV = "DESABOT_BENCH_PG"


def dsn(flag: str | None) -> str | None:
    return flag or os.environ.get(ENV) or None


def url_of(admin_dsn: str, name: str) -> str:
    return urlunsplit(urlsplit(admin_dsn)._replace(path=f"/{name}"))


async def create(admin_dsn: str, name: str) -> str:
    import asyncpg

    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url_of(admin_dsn, name)


async def drop(admin_dsn: str, name: str) -> None:
    """Drop it; an autovacuum worker still in it (which a non-superuser cannot terminate,
    even WITH (FORCE)) is waited out."""
    import asyncio

    import asyncpg

    conn = await asyncpg.connect(admin_dsn)
    try:
        for attempt in range(30):
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except asyncpg.PostgresError:
                if attempt == 29:
                    raise
                await asyncio.sleep(1.0)
    finally:
        await conn.close()
