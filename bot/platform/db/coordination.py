"""Repository for several processes on one database: heartbeats, leases, update claims.

Every statement is portable SQL (SQLite ≥ 3.24 and PostgreSQL run it as written): who wins a
race is decided by the database in one statement, an ``INSERT … ON CONFLICT`` or an
``UPDATE … WHERE`` whose row count is checked. Times are epoch seconds passed in by the
caller (``time.time()``), never the database's clock functions, which differ per dialect.
Migration 0013 holds the tables; bot/platform/workers.py uses them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.platform.db.connection import Database

LEADER = "leader"


def chat_lease(chat_id: int) -> str:
    return f"chat:{chat_id}"


@dataclass(frozen=True)
class Heartbeat:
    worker: str
    seen_at: float
    reply_rate: float  # replies per second it sent lately
    reply_cap: int  # replies per second it allows itself now (its promise to the others)


# ----------------------------------------------------------------- heartbeats


async def beat(db: Database, worker: str, now: float, reply_rate: float, reply_cap: int) -> None:
    await db.execute(
        "INSERT INTO worker_heartbeats(worker, seen_at, reply_rate, reply_cap)"
        " VALUES (?, ?, ?, ?)"
        " ON CONFLICT(worker) DO UPDATE SET seen_at = excluded.seen_at,"
        " reply_rate = excluded.reply_rate, reply_cap = excluded.reply_cap",
        (worker, now, reply_rate, reply_cap),
    )


async def alive(db: Database, since: float) -> list[Heartbeat]:
    """Processes seen at or after ``since``, by name."""
    rows = await db.fetchall(
        "SELECT worker, seen_at, reply_rate, reply_cap FROM worker_heartbeats"
        " WHERE seen_at >= ? ORDER BY worker",
        (since,),
    )
    return [
        Heartbeat(str(r[0]), float(r[1]), float(r[2]), int(r[3]))  # the columns in order
        for r in rows
    ]


async def leave(db: Database, worker: str) -> None:
    """A clean stop: the others stop counting this process at once, and its leases go."""
    async with db.write():
        await db.execute("DELETE FROM worker_heartbeats WHERE worker = ?", (worker,))
        await db.execute("DELETE FROM leases WHERE holder = ?", (worker,))


async def forget_before(db: Database, before: float) -> int:
    """Heartbeats of processes gone for good, and update claims older than Telegram keeps
    updates (24 h): the tables stay small."""
    async with db.write():
        gone = await db.execute("DELETE FROM worker_heartbeats WHERE seen_at < ?", (before,))
        gone += await db.execute("DELETE FROM update_claims WHERE claimed_at < ?", (before,))
    return gone


# ----------------------------------------------------------------- leases


async def take(db: Database, name: str, holder: str, now: float, until: float) -> bool:
    """The lease for ``holder`` until ``until``: new, expired, or already its own. False
    while another holder's lease runs."""
    changed = await db.execute(
        "INSERT INTO leases(name, holder, expires_at) VALUES (?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder,"
        " expires_at = excluded.expires_at"
        " WHERE leases.expires_at <= ? OR leases.holder = excluded.holder",
        (name, holder, until, now),
    )
    return changed == 1


async def renew(db: Database, name: str, holder: str, now: float, until: float) -> bool:
    """Extend a lease ``holder`` still has (not expired, not taken over); False if it lost it.
    Inside a write transaction this is also the fence: on PostgreSQL the row stays locked
    until the commit, on SQLite the whole write is."""
    changed = await db.execute(
        "UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?",
        (until, name, holder, now),
    )
    return changed == 1


async def renew_all(db: Database, holder: str, now: float, until: float) -> int:
    """Every lease ``holder`` still has (its chats being handled), in one statement."""
    return await db.execute(
        "UPDATE leases SET expires_at = ? WHERE holder = ? AND expires_at > ?",
        (until, holder, now),
    )


async def release(db: Database, name: str, holder: str) -> None:
    await db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))


async def hand_back(db: Database, name: str, holder: str, until: float) -> None:
    """Release the lease to nobody, taken again by anyone only from ``until``: a chat's next
    message, from whichever process, keeps Telegram's 1 s per chat after this one."""
    await db.execute(
        "UPDATE leases SET holder = '', expires_at = ? WHERE name = ? AND holder = ?",
        (until, name, holder),
    )


async def holder(db: Database, name: str, now: float) -> str | None:
    row = await db.fetchone(
        "SELECT holder FROM leases WHERE name = ? AND expires_at > ?", (name, now)
    )
    return None if row is None else str(row["holder"])


# ----------------------------------------------------------------- updates


async def claim_update(db: Database, update_id: int, worker: str, now: float) -> bool:
    """True for the first process to claim ``update_id``; every later delivery gets False."""
    changed = await db.execute(
        "INSERT INTO update_claims(update_id, worker, claimed_at) VALUES (?, ?, ?)"
        " ON CONFLICT(update_id) DO NOTHING",
        (update_id, worker, now),
    )
    return changed == 1
