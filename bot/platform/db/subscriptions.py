"""Repository for villagers' announcement subscriptions and opting out."""

from __future__ import annotations

from bot.platform.db.connection import Database, WriteTx, utcnow
from bot.platform.db.villages import require_village


async def subscribe(db: Database, user_id: int, village_code: str) -> None:
    """Subscribe (or move) to a village, and opt back in to announcements."""
    await require_village(db, village_code)
    async with db.transaction() as conn:
        await subscribe_in(conn, user_id, village_code)


async def subscribe_in(conn: WriteTx, user_id: int, village_code: str) -> None:
    """:func:`subscribe` inside the caller's transaction (the code checked by the caller)."""
    await conn.execute(
        "INSERT INTO subscriptions(user_id, village_code, since) VALUES (?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET village_code = excluded.village_code,"
        " since = excluded.since",
        (user_id, village_code, utcnow()),
    )
    await conn.execute("UPDATE users SET stopped_at = NULL WHERE user_id = ?", (user_id,))


async def village_of(db: Database, user_id: int) -> str | None:
    row = await db.fetchone("SELECT village_code FROM subscriptions WHERE user_id = ?", (user_id,))
    return str(row[0]) if row else None


async def stop(db: Database, user_id: int) -> bool:
    """/berhenti, STOP, or the user blocked the bot: no more announcements (kept for resume)."""
    changed = await db.execute(
        "UPDATE users SET stopped_at = ? WHERE user_id = ? AND stopped_at IS NULL",
        (utcnow(), user_id),
    )
    return changed > 0


async def resume(db: Database, user_id: int) -> None:
    await db.execute("UPDATE users SET stopped_at = NULL WHERE user_id = ?", (user_id,))


async def is_stopped(db: Database, user_id: int) -> bool:
    row = await db.fetchone("SELECT stopped_at FROM users WHERE user_id = ?", (user_id,))
    return bool(row and row[0])


async def mark_asked(db: Database, user_id: int) -> bool:
    """True the first time only: the gentle subscription question is asked once."""
    changed = await db.execute(
        "UPDATE users SET subscription_asked = 1 WHERE user_id = ? AND subscription_asked = 0",
        (user_id,),
    )
    return changed > 0
