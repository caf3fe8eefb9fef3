"""Repository for consents to the personal-data notice (UU PDP 27/2022)."""

from __future__ import annotations

from bot.platform.db.connection import Database, WriteTx, utcnow

PERSONAL_DATA = "personal_data"


async def has(db: Database, user_id: int, kind: str = PERSONAL_DATA) -> bool:
    row = await db.fetchone(
        "SELECT 1 FROM consents WHERE user_id = ? AND kind = ?", (user_id, kind)
    )
    return row is not None


async def give(db: Database, user_id: int, kind: str = PERSONAL_DATA) -> None:
    async with db.transaction() as conn:
        await give_in(conn, user_id, kind)


async def give_in(conn: WriteTx, user_id: int, kind: str = PERSONAL_DATA) -> None:
    """Inside a caller's transaction (with its audit row)."""
    await conn.execute(
        "INSERT INTO consents(user_id, kind, given_at) VALUES (?, ?, ?)"
        " ON CONFLICT(user_id, kind) DO NOTHING",
        (user_id, kind, utcnow()),
    )
