"""Repository for the ``users`` table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from bot.platform.db import questions
from bot.platform.db.connection import Database, utcnow


@dataclass(frozen=True)
class User:
    user_id: int
    display_name: str
    language: str
    language_chosen: bool
    role: str


def _from_row(row: sqlite3.Row) -> User:
    return User(
        user_id=int(row["user_id"]),
        display_name=str(row["display_name"]),
        language=str(row["language"]),
        language_chosen=bool(row["language_chosen"]),
        role=str(row["role"]),
    )


async def get(db: Database, user_id: int) -> User | None:
    row = await db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
    return _from_row(row) if row else None


async def register(db: Database, user_id: int, display_name: str, language: str) -> User:
    """First contact: create the row (no-op if it exists) and return the stored user."""
    now = utcnow()
    await db.execute(
        "INSERT INTO users(user_id, display_name, language, first_seen, last_seen)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO NOTHING",
        (user_id, display_name[:128], language, now, now),
    )
    user = await get(db, user_id)
    assert user is not None
    return user


async def register_many(db: Database, people: Iterable[tuple[int, str, str]]) -> None:
    """First contact of many (user id, display name, language) at once, in one transaction:
    seeding a sandbox or a bench; existing rows are left as they are."""
    now = utcnow()
    await db.executemany(
        "INSERT INTO users(user_id, display_name, language, first_seen, last_seen)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO NOTHING",
        [(user_id, name[:128], language, now, now) for user_id, name, language in people],
    )


async def mark_seen(db: Database, user_id: int, display_name: str) -> None:
    await db.execute(
        "UPDATE users SET last_seen = ?, display_name = ? WHERE user_id = ?",
        (utcnow(), display_name[:128], user_id),
    )


async def set_language(db: Database, user_id: int, language: str) -> None:
    await db.execute(
        "UPDATE users SET language = ?, language_chosen = 1 WHERE user_id = ?",
        (language, user_id),
    )


async def count(db: Database) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM users")
    return int(row[0]) if row else 0


async def officer_ids(db: Database) -> list[int]:
    rows = await db.fetchall("SELECT user_id FROM users WHERE role IN ('petugas', 'admin')")
    return [int(r[0]) for r in rows]


async def delete_personal_data(db: Database, user_id: int) -> None:
    """/hapusdata: the profile goes; rows that hang on it are removed or unlinked.

    Foreign keys do most of it (dialogs, consents, official seat, forum topic: CASCADE;
    questions and claims: SET NULL; questions lose their text and answer first). Apparatus
    entries the user created stay with the village (they are the village's records) but lose
    the link to the user. The audit log keeps the
    actor id: it records what officials did, which must stay accountable.
    """
    async with db.transaction() as conn:
        await conn.execute("UPDATE members SET created_by = NULL WHERE created_by = ?", (user_id,))
        await questions.erase_texts_in(conn, user_id)  # before the link to them goes
        await conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
    # secure_delete (bot/platform/db/connection.py) zeroes the freed rows; the checkpoint then folds
    # the WAL, which still holds the old pages with the name, into the file and empties it.
    await db.checkpoint()


async def set_menu_version(db: Database, user_id: int, version: int) -> None:
    await db.execute("UPDATE users SET menu_version = ? WHERE user_id = ?", (version, user_id))


async def with_stale_menu(db: Database, version: int) -> list[int]:
    """Users whose own "/" list is older than ``version``: everyone with a role, and villagers
    who had one published (after /bahasa)."""
    rows = await db.fetchall(
        "SELECT user_id FROM users WHERE (role != 'warga' OR menu_version > 0)"
        " AND menu_version < ? ORDER BY user_id",
        (version,),
    )
    return [int(r[0]) for r in rows]
