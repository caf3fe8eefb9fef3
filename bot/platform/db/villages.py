"""Repository for villages, their officials, invites and claims.

Each write has a ``*_in(conn, …)`` form that runs inside a caller's transaction
(``bot.services.village_lifecycle``: one user action, one transaction) and, where other code
needs it alone, a ``Database`` form that is its own transaction.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.platform.db.connection import Database, WriteTx, utcnow

INVITE_DAYS = 7
MAX_OPERATORS = 3
VILLAGE_LEVEL = 4  # regions.level of a desa/kelurahan


class NotAVillage(ValueError):
    """A code that is not a Kemendagri desa/kelurahan reached a write that needs one."""


@dataclass(frozen=True)
class Official:
    user_id: int
    village_code: str
    role: str


@dataclass(frozen=True)
class Invite:
    code: str
    village_code: str
    role: str
    created_by: int
    expires_at: str
    used_by: int | None
    revoked_at: str | None

    def expired(self, now: datetime | None = None) -> bool:
        moment = now or datetime.now(UTC)
        return datetime.fromisoformat(self.expires_at) <= moment


@dataclass(frozen=True)
class Claim:
    id: int
    user_id: int | None
    village_code: str
    role: str
    status: str
    created_at: str


async def is_village(db: Database, code: str) -> bool:
    """The code is a desa/kelurahan of the loaded Kemendagri list (not a kecamatan, not made up)."""
    row = await db.fetchone(
        "SELECT 1 FROM regions WHERE code = ? AND level = ?", (code, VILLAGE_LEVEL)
    )
    return row is not None


async def require_village(db: Database, code: str) -> None:
    """Every write that names a village calls this first: handlers check too, for a polite
    reply, but a forged button or a future caller must not get a provinsi stored as a village."""
    if not await is_village(db, code):
        raise NotAVillage(code)


async def official(db: Database, user_id: int) -> Official | None:
    row = await db.fetchone("SELECT * FROM village_officials WHERE user_id = ?", (user_id,))
    return (
        Official(int(row["user_id"]), str(row["village_code"]), str(row["role"])) if row else None
    )


async def officials_of(db: Database, village_code: str) -> list[Official]:
    rows = await db.fetchall(
        "SELECT * FROM village_officials WHERE village_code = ? ORDER BY role, since",
        (village_code,),
    )
    return [Official(int(r["user_id"]), str(r["village_code"]), str(r["role"])) for r in rows]


async def is_verified(db: Database, village_code: str) -> bool:
    row = await db.fetchone("SELECT verified_at FROM villages WHERE code = ?", (village_code,))
    return bool(row and row[0])


async def seat_problem(db: Database, village_code: str, role: str, user_id: int) -> str | None:
    """Why ``user_id`` cannot become ``role`` of the village, as a code; None when they can."""
    current = await official(db, user_id)
    if current is not None and current.village_code != village_code:
        return "official_elsewhere"
    others = [o for o in await officials_of(db, village_code) if o.user_id != user_id]
    if role == "kepala_desa" and any(o.role == "kepala_desa" for o in others):
        return "kepala_desa_taken"
    if role == "operator" and sum(o.role == "operator" for o in others) >= MAX_OPERATORS:
        return "operators_full"
    return None


async def seat(db: Database, village_code: str, role: str, user_id: int) -> None:
    """Make the user an official of the village (the caller checked seat_problem first).

    The code comes from an invite or a claim, whose creation checked it is a village."""
    async with db.transaction() as conn:
        await seat_in(conn, village_code, role, user_id)


async def seat_in(conn: WriteTx, village_code: str, role: str, user_id: int) -> None:
    now = utcnow()
    await conn.execute(
        "INSERT INTO villages(code, claimed_at) VALUES (?, ?) ON CONFLICT(code) DO NOTHING",
        (village_code, now),
    )
    await conn.execute(
        "INSERT INTO village_officials(user_id, village_code, role, since) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET role = excluded.role, since = excluded.since",
        (user_id, village_code, role, now),
    )
    await conn.execute(
        "UPDATE users SET role = ? WHERE user_id = ? AND role = 'warga'",
        ("kepala_desa" if role == "kepala_desa" else "operator", user_id),
    )


async def create_invite(db: Database, village_code: str, role: str, created_by: int) -> Invite:
    await require_village(db, village_code)
    async with db.transaction() as conn:
        return await create_invite_in(conn, village_code, role, created_by)


async def create_invite_in(conn: WriteTx, village_code: str, role: str, created_by: int) -> Invite:
    """The caller checked ``require_village`` (a read, before its transaction)."""
    code = secrets.token_urlsafe(12)  # 16 URL-safe chars: fits a /start payload, unguessable
    expires = (datetime.now(UTC) + timedelta(days=INVITE_DAYS)).isoformat(timespec="seconds")
    await conn.execute(
        "INSERT INTO invites(code, village_code, role, created_by, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (code, village_code, role, created_by, utcnow(), expires),
    )
    return Invite(code, village_code, role, created_by, expires, None, None)


async def get_invite(db: Database, code: str) -> Invite | None:
    row = await db.fetchone("SELECT * FROM invites WHERE code = ?", (code,))
    return _invite(row) if row else None


def _invite(row: sqlite3.Row) -> Invite:
    return Invite(
        code=str(row["code"]),
        village_code=str(row["village_code"]),
        role=str(row["role"]),
        created_by=int(row["created_by"]),
        expires_at=str(row["expires_at"]),
        used_by=row["used_by"],
        revoked_at=row["revoked_at"],
    )


async def use_invite_in(conn: WriteTx, code: str, user_id: int) -> bool:
    """Mark the invite used, atomically: False if someone used or revoked it first."""
    cursor = await conn.execute(
        "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL"
        " AND revoked_at IS NULL",
        (user_id, utcnow(), code),
    )
    return cursor.rowcount > 0


async def revoke_invite_in(conn: WriteTx, code: str) -> bool:
    """False when the invite was used or revoked already."""
    cursor = await conn.execute(
        "UPDATE invites SET revoked_at = ? WHERE code = ? AND used_by IS NULL"
        " AND revoked_at IS NULL",
        (utcnow(), code),
    )
    return cursor.rowcount > 0


async def create_claim(db: Database, user_id: int, village_code: str, role: str) -> int:
    await require_village(db, village_code)
    async with db.transaction() as conn:
        return await create_claim_in(conn, user_id, village_code, role)


async def create_claim_in(conn: WriteTx, user_id: int, village_code: str, role: str) -> int:
    """The caller checked ``require_village``."""
    cursor = await conn.execute(
        "INSERT INTO claims(user_id, village_code, role, created_at) VALUES (?, ?, ?, ?)",
        (user_id, village_code, role, utcnow()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def pending_claim_of(db: Database, user_id: int) -> Claim | None:
    row = await db.fetchone(
        "SELECT * FROM claims WHERE user_id = ? AND status = 'pending' ORDER BY id DESC LIMIT 1",
        (user_id,),
    )
    return _claim(row) if row else None


async def get_claim(db: Database, claim_id: int) -> Claim | None:
    row = await db.fetchone("SELECT * FROM claims WHERE id = ?", (claim_id,))
    return _claim(row) if row else None


def _claim(row: sqlite3.Row) -> Claim:
    return Claim(
        id=int(row["id"]),
        user_id=row["user_id"],
        village_code=str(row["village_code"]),
        role=str(row["role"]),
        status=str(row["status"]),
        created_at=str(row["created_at"]),
    )


async def pending_claims(
    db: Database, offset: int, limit: int, kab_codes: frozenset[str] | None = None
) -> tuple[list[Claim], int]:
    """Pending claims, oldest first; ``kab_codes`` limits them to an officer's scope."""
    where, params = "status = 'pending'", []
    if kab_codes is not None:
        marks = ",".join("?" * len(kab_codes)) or "NULL"
        where += f" AND substr(village_code, 1, 5) IN ({marks})"
        params = sorted(kab_codes)
    rows = await db.fetchall(
        f"SELECT * FROM claims WHERE {where} ORDER BY id LIMIT ? OFFSET ?", (*params, limit, offset)
    )
    total = await db.fetchone(f"SELECT COUNT(*) FROM claims WHERE {where}", params)
    return [_claim(r) for r in rows], int(total[0]) if total else 0


async def decide_claim_in(
    conn: WriteTx, claim_id: int, officer_id: int, approve: bool, note: str
) -> bool:
    """Record the decision once; False if another officer decided first."""
    cursor = await conn.execute(
        "UPDATE claims SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?"
        " WHERE id = ? AND status = 'pending'",
        ("approved" if approve else "rejected", officer_id, utcnow(), note, claim_id),
    )
    return cursor.rowcount > 0


async def verify(db: Database, village_code: str, officer_id: int) -> None:
    async with db.transaction() as conn:
        await verify_in(conn, village_code, officer_id)


async def verify_in(conn: WriteTx, village_code: str, officer_id: int) -> None:
    await conn.execute(
        "UPDATE villages SET verified_at = ?, verified_by = ? WHERE code = ?",
        (utcnow(), officer_id, village_code),
    )


async def request_verification(db: Database, village_code: str) -> bool:
    async with db.transaction() as conn:
        return await request_verification_in(conn, village_code)


async def request_verification_in(conn: WriteTx, village_code: str) -> bool:
    """False when a request is already open (a second press changes nothing)."""
    cursor = await conn.execute(
        "UPDATE villages SET verification_requested_at = ?, verification_decided_at = NULL,"
        " verification_note = NULL WHERE code = ? AND (verification_requested_at IS NULL"
        " OR verification_decided_at IS NOT NULL)",
        (utcnow(), village_code),
    )
    return cursor.rowcount > 0


async def verification_open(db: Database, village_code: str) -> bool:
    """A request waits for an officer (an old "Verifikasi" button may outlive it)."""
    row = await db.fetchone(
        "SELECT 1 FROM villages WHERE code = ? AND verification_requested_at IS NOT NULL"
        " AND verification_decided_at IS NULL",
        (village_code,),
    )
    return row is not None


async def pending_verifications(
    db: Database, kab_codes: frozenset[str] | None = None, limit: int = 20
) -> tuple[list[str], int]:
    """The ``limit`` oldest village codes waiting for an officer within a scope, and how many
    wait in all: officers work the queue from its head, the next shows up as one is decided."""
    where, params = "verification_requested_at IS NOT NULL AND verification_decided_at IS NULL", []
    if kab_codes is not None:
        marks = ",".join("?" * len(kab_codes)) or "NULL"
        where += f" AND substr(code, 1, 5) IN ({marks})"
        params = sorted(kab_codes)
    rows = await db.fetchall(
        f"SELECT code FROM villages WHERE {where} ORDER BY verification_requested_at LIMIT ?",
        (*params, limit),
    )
    total = await db.fetchone(f"SELECT COUNT(*) FROM villages WHERE {where}", params)
    return [str(r[0]) for r in rows], int(total[0]) if total else 0


async def decide_verification_in(
    conn: WriteTx, village_code: str, officer_id: int, approve: bool, note: str
) -> bool:
    """Close the open request once; False if it was decided already."""
    verified = ", verified_at = ?, verified_by = ?" if approve else ""
    params: list[object] = [utcnow(), note]
    if approve:
        params += [utcnow(), officer_id]
    cursor = await conn.execute(
        f"UPDATE villages SET verification_decided_at = ?, verification_note = ?{verified}"
        " WHERE code = ? AND verification_requested_at IS NOT NULL"
        " AND verification_decided_at IS NULL",
        (*params, village_code),
    )
    return cursor.rowcount > 0
