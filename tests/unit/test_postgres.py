"""PostgreSQL (bot/platform/db/postgres.py, dialect.py, copy.py, migrations/postgresql/).

The migration-parity and dialect tests run everywhere; the ones that need a server run on the
PostgreSQL half of CI (``DESABOT_TEST_DB``, tests/backend.py) and are skipped without one.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.platform.crypto import PersonalDataCipher, generate_secret_key
from bot.platform.db import audit, members, users
from bot.platform.db import villages as village_db
from bot.platform.db.backend import open_database
from bot.platform.db.connection import MIGRATIONS_DIR, Database, available_migrations
from bot.platform.db.copy import NOT_COPIED, TABLES, copy_database, schema
from bot.platform.db.dialect import to_postgres
from bot.platform.db.members import NewMember
from bot.platform.db.postgres import PG_MIGRATIONS_DIR, PostgresDatabase, postgres_migrations
from bot.platform.exits import ExitCode, StartupError
from tests import backend
from tests.factories import stand_in_villages

ROOT = Path(__file__).resolve().parents[2]
needs_postgres = pytest.mark.skipif(
    not backend.ON_POSTGRES, reason="needs a PostgreSQL server (DESABOT_TEST_DB)"
)
VILLAGE = "35.05.15.2004"
NIKS = ("3505124501900001", "3505125602910002", "3505120303850003")


# ----------------------------------------------------------------- everywhere


def test_both_migration_sets_have_the_same_versions_and_names() -> None:
    sqlite = [(m.version, m.name) for m in available_migrations(MIGRATIONS_DIR)]
    postgres = [(m.version, m.name) for m in available_migrations(PG_MIGRATIONS_DIR)]
    assert sqlite == postgres and len(sqlite) >= 12


def _pg_columns() -> dict[str, set[str]]:
    """Tables and columns the PostgreSQL migrations create (read from their DDL)."""
    tables: dict[str, set[str]] = {}
    for migration in postgres_migrations():
        for name, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", migration.sql, re.S):
            tables[name] = {
                line.split()[0]
                for line in body.splitlines()
                if line.strip()
                and line.startswith("    ")
                and not line.startswith("        ")
                and line.split()[0] not in {"PRIMARY", "UNIQUE", "--"}
            }
        for name, column in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", migration.sql):
            tables[name].add(column)
    return tables


def test_both_migration_sets_make_the_same_tables_and_columns() -> None:
    conn = sqlite3.connect(":memory:")
    for migration in available_migrations():
        conn.executescript(migration.sql)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    sqlite = {n: {r[1] for r in conn.execute(f"PRAGMA table_info({n})")} for n in names}
    assert _pg_columns() == sqlite


def test_db_copy_names_every_table_parents_first() -> None:
    assert set(TABLES) | set(NOT_COPIED) == set(_pg_columns())
    assert not set(TABLES) & set(NOT_COPIED)
    conn = sqlite3.connect(":memory:")
    for migration in available_migrations():
        conn.executescript(migration.sql)
    for position, table in enumerate(TABLES):
        for ref in conn.execute(f"PRAGMA foreign_key_list({table})"):
            assert TABLES.index(ref[2]) < position, f"{table} is copied before {ref[2]}"
    assert [t.name for t in schema()] == list(TABLES)


def test_the_dialect_translates_placeholders_ids_and_sqlite_spellings() -> None:
    assert to_postgres("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ?") == (
        "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2"
    )
    assert to_postgres("INSERT INTO audit_log(actor_id) VALUES (?)").endswith("RETURNING id")
    assert "RETURNING" not in to_postgres("INSERT INTO users(user_id) VALUES (?)")
    assert "string_agg(CAST(s.kab AS TEXT), ',')" in to_postgres("SELECT GROUP_CONCAT(s.kab)")
    assert "json_array_elements_text(CAST($1 AS json)) AS j(value)" in to_postgres(
        "SELECT 1 FROM json_each(?) AS j"
    )


def test_desabot_db_names_a_file_or_a_server_and_the_password_stays_out_of_logs() -> None:
    from bot.platform.config import ConfigError, load_settings

    url = "postgresql://desabot:s3cret@db.example.org:5432/desabot?synchronous_commit=on"
    settings = load_settings({"DESABOT_DB": url})
    assert settings.db_url == url and settings.database == url
    assert "s3cret" not in repr(settings) and "***" in repr(settings)
    assert load_settings({"DESABOT_DB": "x/bot.sqlite3"}).database == Path("x/bot.sqlite3")
    with pytest.raises(ConfigError, match="database name"):
        load_settings({"DESABOT_DB": "postgresql://desabot@db.example.org"})


def test_sqlite_null_safe_comparisons_become_distinct_from() -> None:
    assert to_postgres("WHERE user_id IS ? AND b IS NOT ?") == (
        "WHERE user_id IS NOT DISTINCT FROM $1 AND b IS DISTINCT FROM $2"
    )


def test_a_postgresql_url_without_the_driver_is_one_line_and_exit_11(tmp_path: Path) -> None:
    """A branch that sets DESABOT_DB=postgresql://… but installed without the extra."""
    blocker = tmp_path / "asyncpg.py"
    blocker.write_text("raise ImportError('not installed')\n")
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "DESABOT_DB": "postgresql://desabot:secret@127.0.0.1:9/desabot",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "migrate"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == ExitCode.DATABASE_DRIVER_MISSING
    assert done.stderr.count("\n") == 1 and "pip install 'desabot[postgresql]'" in done.stderr
    assert "secret" not in done.stderr


# ----------------------------------------------------------------- on a server


@needs_postgres
def test_an_unreachable_server_is_one_line_and_exit_10(tmp_path: Path) -> None:
    env = {**os.environ, "DESABOT_DB": "postgresql://desabot:secret@127.0.0.1:9/desabot"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == ExitCode.FAILED  # a maintenance command: 1, the line says why
    assert "cannot be used" in done.stderr and "secret" not in done.stderr
    assert done.stderr.count("\n") == 1
    with pytest.raises(StartupError) as refused:
        from bot.platform.db import postgres

        postgres.probe("postgresql://desabot:secret@127.0.0.1:9/desabot")
    assert refused.value.code == ExitCode.DATABASE_UNREACHABLE


@needs_postgres
def test_migrate_check_and_refusing_a_newer_database(tmp_path: Path) -> None:
    url = backend.fresh(backend.template("migrated", backend._migrate))
    env = {**os.environ, "DESABOT_DB": url}

    def desabot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert "nothing to apply" in desabot("db", "migrate").stdout
    check = desabot("db", "check")
    assert check.returncode == 0 and "pending: 0" in check.stdout
    backend.run_sync(_execute(url, "INSERT INTO schema_migrations VALUES (99, 'x', 'now')"))
    newer = desabot("db", "migrate")
    assert newer.returncode == ExitCode.DATABASE_NEWER and "0099" in newer.stderr


@needs_postgres
async def test_start_up_refuses_a_key_that_does_not_open_the_niks_on_the_server(
    tmp_path: Path,
) -> None:
    from bot.platform.db import postgres
    from bot.services.key_rotation import require_key_opens

    url = backend.fresh(backend.template("migrated", backend._migrate))
    key = PersonalDataCipher(generate_secret_key())
    db = open_database(url)
    await db.initialize()
    try:
        await users.register(db, 1, "Kades", "id")
        await stand_in_villages(db, VILLAGE)
        await village_db.seat(db, VILLAGE, "kepala_desa", 1)
        await _add_member(db, NIKS[0], key)
    finally:
        await db.shutdown()
    newest = (await postgres._probe(url)).newest_nik
    require_key_opens(newest, key)
    with pytest.raises(StartupError, match="does not open the stored NIKs") as refused:
        require_key_opens(newest, PersonalDataCipher(generate_secret_key()))
    assert refused.value.code == ExitCode.CONFIG


async def _execute(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@needs_postgres
async def test_triggers_keep_the_indication_version_on_postgresql(tmp_path: Path) -> None:
    db = open_database(backend.database_for(tmp_path / "x.sqlite3"))
    await db.initialize()
    try:
        await users.register(db, 1, "Kades", "id")
        await stand_in_villages(db, VILLAGE)
        await village_db.seat(db, VILLAGE, "kepala_desa", 1)
        version = await _version(db)
        await _add_member(db, NIKS[0], PersonalDataCipher(generate_secret_key()))
        assert await _version(db) == version + 1
        await db.execute("UPDATE members SET name = 'X'")  # cannot change the indication
        assert await _version(db) == version + 1
        await db.execute("UPDATE members SET status = 'nonaktif'")
        assert await _version(db) == version + 2
    finally:
        await db.shutdown()


async def _version(db: Database) -> int:
    row = await db.fetchone("SELECT data_version FROM villages WHERE code = ?", (VILLAGE,))
    assert row is not None
    return int(row[0])


async def _add_member(db: Database, nik: str, cipher: PersonalDataCipher) -> int:
    from bot.domain.nik import mask_nik

    async with db.write() as tx:
        return await members.insert(
            tx,
            NewMember(
                village_code=VILLAGE,
                name=f"Perangkat {nik[-4:]}",
                jabatan="kepala_desa",
                nik_encrypted=cipher.encrypt(nik),
                nik_index=cipher.blind_index(nik),
                nik_masked=mask_nik(nik),
                status="aktif",
                kpj=None,
                phone_encrypted=cipher.encrypt("081234567890"),
                created_by=1,
            ),
        )


async def _branch(db: Database, cipher: PersonalDataCipher) -> None:
    """A small branch: users, a claimed village, members with sealed NIKs, an audit trail."""
    for user_id in (1, 2, 3):
        await users.register(db, user_id, f"User {user_id}", "id")
    await stand_in_villages(db, VILLAGE)
    await village_db.seat(db, VILLAGE, "kepala_desa", 1)
    for nik in NIKS:
        await _add_member(db, nik, cipher)
    await audit.record(db, 1, "member.add", VILLAGE, "3505********0001")


@needs_postgres
async def test_db_copy_sqlite_to_postgresql_and_back_keeps_every_row(tmp_path: Path) -> None:
    cipher = PersonalDataCipher(generate_secret_key())
    sqlite_path = tmp_path / "branch.sqlite3"
    source = Database(sqlite_path)
    await source.initialize()
    await _branch(source, cipher)
    await source.shutdown()
    url = backend.fresh(backend.template("empty", _nothing))
    lines: list[str] = []

    copied = await copy_database(sqlite_path, url, progress=lines.append)
    assert copied["members"].rows == 3 and "copy verified" in lines[-1]
    pg = PostgresDatabase(url)
    await pg.initialize()
    try:
        sealed = await pg.fetchall("SELECT nik_encrypted FROM members ORDER BY id")
        assert sorted(cipher.decrypt(str(r[0])) for r in sealed) == sorted(NIKS)
        assert await _version(pg) == 3  # the source's, not bumped again by the triggers
        new_id = await _add_member(pg, "3505120404800004", cipher)  # ids continue after copy
        assert new_id == 4
    finally:
        await pg.shutdown()

    back = tmp_path / "back.sqlite3"
    await copy_database(url, back, progress=lines.append)
    again: list[str] = []
    await copy_database(url, back, progress=again.append)  # twice: nothing changes
    assert "nothing to copy" in again[-1]
    restored = Database(back)
    await restored.initialize()
    try:
        rows = await restored.fetchall("SELECT nik_encrypted FROM members ORDER BY id")
        assert len(rows) == 4 and cipher.decrypt(str(rows[3][0])) == "3505120404800004"
    finally:
        await restored.shutdown()
    with pytest.raises(StartupError, match="not empty"):
        await copy_database(sqlite_path, back, progress=again.append)  # differs: refused


async def _nothing(url: str) -> None:
    return None


@needs_postgres
async def test_fifty_chats_write_during_a_broadcast_none_refused_none_lost(
    tmp_path: Path,
) -> None:
    """Villagers' writes (register, language, a dialogue step) from 50 chats at once while
    a write transaction of the broadcast worker's size runs in a loop."""
    from bot.platform.db import dialogs

    db = open_database(backend.database_for(tmp_path / "x.sqlite3"))
    await db.initialize()
    stop = asyncio.Event()

    async def broadcast() -> None:
        await users.register(db, 9000, "Petugas", "id")
        while not stop.is_set():
            async with db.write() as tx:
                await tx.execute("UPDATE users SET last_seen = ? WHERE user_id = 9000", ("x",))
                await audit.record(db, 9000, "broadcast.tick")

    async def villager(user_id: int) -> None:
        for step in range(5):
            await users.register(db, user_id, f"Warga {user_id}", "id")
            await users.set_language(db, user_id, "jv")
            await dialogs.save(db, user_id, dialogs.DialogState("iuran", f"s{step}", {}))

    try:
        worker = asyncio.create_task(broadcast())
        results = await asyncio.gather(
            *(villager(10_000 + i) for i in range(50)), return_exceptions=True
        )
        stop.set()
        await worker
        assert [r for r in results if isinstance(r, BaseException)] == []
        count = await db.fetchone("SELECT COUNT(*) FROM dialogs WHERE step = 's4'")
        assert count is not None and int(count[0]) == 50
    finally:
        await db.shutdown()
