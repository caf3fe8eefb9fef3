"""Repository for the audit log: who did what, when, on what."""

from __future__ import annotations

from bot.platform.db.connection import Database, WriteTx, utcnow

_INSERT = "INSERT INTO audit_log(actor_id, action, target, detail, at) VALUES (?, ?, ?, ?, ?)"


async def record(
    db: Database, actor_id: int, action: str, target: str = "", detail: str = ""
) -> None:
    """``detail`` must never hold a clear NIK or phone number: pass masked values only."""
    await db.execute(_INSERT, (actor_id, action, target, detail, utcnow()))


async def record_in(
    conn: WriteTx, actor_id: int, action: str, target: str = "", detail: str = ""
) -> None:
    """The audit row of an action, inside that action's transaction (all or nothing)."""
    await conn.execute(_INSERT, (actor_id, action, target, detail, utcnow()))


async def recent(db: Database, limit: int = 50) -> list[tuple[str, int | None, str, str, str]]:
    rows = await db.fetchall(
        "SELECT at, actor_id, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
