"""Repository for village posters (/poster) and the subscriptions that came through them."""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from bot.platform.db.connection import Database, WriteTx, utcnow

# The /start payload of a poster: "p-" and 10 URL-safe characters (60 random bits). Shorter
# than an invite's 16, so the two deep links can never be mistaken for each other.
PAYLOAD_PREFIX = "p-"
TOKEN_LENGTH = 10
PAYLOAD_RE = re.compile(rf"^{PAYLOAD_PREFIX}[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}$")


@dataclass(frozen=True)
class Poster:
    id: int
    token: str
    village_code: str
    created_by: int

    @property
    def payload(self) -> str:
        return PAYLOAD_PREFIX + self.token


def token_of(payload: str) -> str | None:
    """The token inside a /start payload, or None when it is not a poster's payload."""
    return payload[len(PAYLOAD_PREFIX) :] if PAYLOAD_RE.fullmatch(payload) else None


async def get_or_create(db: Database, village_code: str, created_by: int) -> Poster:
    """This maker's poster of the village; a reprint gets the same link (and keeps its count)."""
    found = await _by_maker(db, village_code, created_by)
    if found is not None:
        return found
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO posters(token, village_code, created_by, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(village_code, created_by) DO NOTHING",
            (secrets.token_urlsafe(8)[:TOKEN_LENGTH], village_code, created_by, utcnow()),
        )
    made = await _by_maker(db, village_code, created_by)
    assert made is not None  # inserted, or inserted by a double press a moment earlier
    return made


async def by_token(db: Database, token: str) -> Poster | None:
    row = await db.fetchone("SELECT * FROM posters WHERE token = ?", (token,))
    return _poster(row) if row else None


async def record_subscription_in(conn: WriteTx, poster_id: int, user_id: int) -> bool:
    """Count the reader once per poster; False when they had come through it before."""
    cursor = await conn.execute(
        "INSERT INTO poster_subscriptions(poster_id, user_id, at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (poster_id, user_id, utcnow()),
    )
    return cursor.rowcount > 0


async def subscriptions_by_village(
    db: Database, village_codes: Sequence[str] | None
) -> dict[str, int]:
    """Readers who subscribed through a poster, per village (all villages when None)."""
    where = ""
    params: tuple[str, ...] = ()
    if village_codes is not None:
        if not village_codes:
            return {}
        where = f" WHERE p.village_code IN ({','.join('?' * len(village_codes))})"
        params = tuple(village_codes)
    rows = await db.fetchall(
        "SELECT p.village_code, COUNT(s.user_id) FROM posters p"
        f" JOIN poster_subscriptions s ON s.poster_id = p.id{where} GROUP BY p.village_code",
        params,
    )
    return {str(code): int(count) for code, count in rows}


async def subscriptions_under(db: Database, prefixes: Sequence[str] | None) -> tuple[int, int]:
    """(posters made, readers subscribed through them) for villages under these region code
    prefixes ("35.05"), or everywhere when None."""
    where = ""
    params: tuple[str, ...] = ()
    if prefixes is not None:
        if not prefixes:
            return 0, 0
        where = " WHERE " + " OR ".join("p.village_code LIKE ?" for _ in prefixes)
        params = tuple(f"{prefix}.%" for prefix in prefixes)
    row = await db.fetchone(
        "SELECT COUNT(DISTINCT p.id), COUNT(s.user_id) FROM posters p"
        f" LEFT JOIN poster_subscriptions s ON s.poster_id = p.id{where}",
        params,
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


async def _by_maker(db: Database, village_code: str, created_by: int) -> Poster | None:
    row = await db.fetchone(
        "SELECT * FROM posters WHERE village_code = ? AND created_by = ?",
        (village_code, created_by),
    )
    return _poster(row) if row else None


def _poster(row: sqlite3.Row) -> Poster:
    return Poster(
        int(row["id"]), str(row["token"]), str(row["village_code"]), int(row["created_by"])
    )


async def subscriptions_of(db: Database, poster_id: int) -> int:
    row = await db.fetchone(
        "SELECT COUNT(*) FROM poster_subscriptions WHERE poster_id = ?", (poster_id,)
    )
    return int(row[0]) if row else 0
