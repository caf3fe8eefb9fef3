"""Repository for officers (petugas) and their scope of kab/kota."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.platform.db.connection import Database, utcnow


@dataclass(frozen=True)
class Scope:
    """Where an officer may act. ``everything`` for admins; otherwise kab/kota codes."""

    everything: bool
    kab_codes: frozenset[str]

    def covers(self, code: str) -> bool:
        """Any region code at or below kab/kota level: "35.05", "35.05.15", "35.05.15.2004"."""
        return self.everything or code[:5] in self.kab_codes


NOWHERE = Scope(False, frozenset())
EVERYWHERE = Scope(True, frozenset())


async def scope_of(db: Database, user_id: int) -> Scope:
    rows = await db.fetchall("SELECT kab_code FROM officer_scopes WHERE user_id = ?", (user_id,))
    return Scope(False, frozenset(str(r[0]) for r in rows))


async def set_officer(db: Database, user_id: int, kab_codes: Iterable[str], added_by: int) -> None:
    """Make the user a petugas with exactly these kab/kota (replacing any earlier scope)."""
    now = utcnow()
    async with db.transaction() as conn:
        await conn.execute("UPDATE users SET role = 'petugas' WHERE user_id = ?", (user_id,))
        await conn.execute("DELETE FROM officer_scopes WHERE user_id = ?", (user_id,))
        await conn.executemany(
            "INSERT INTO officer_scopes(user_id, kab_code, added_by, added_at) VALUES (?, ?, ?, ?)",
            [(user_id, code, added_by, now) for code in sorted(set(kab_codes))],
        )


async def remove_officer(db: Database, user_id: int) -> bool:
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM officer_scopes WHERE user_id = ?", (user_id,))
        cursor = await conn.execute(
            "UPDATE users SET role = 'warga' WHERE user_id = ? AND role = 'petugas'", (user_id,)
        )
    return cursor.rowcount > 0


async def list_officers(db: Database) -> list[tuple[int, str, list[str], str | None]]:
    """(user id, display name, kab/kota codes, office) of every petugas."""
    rows = await db.fetchall(
        "SELECT u.user_id, u.display_name, GROUP_CONCAT(s.kab_code), o.office FROM users u"
        " LEFT JOIN officer_scopes s ON s.user_id = u.user_id"
        " LEFT JOIN officer_offices o ON o.user_id = u.user_id WHERE u.role = 'petugas'"
        " GROUP BY u.user_id, u.display_name, o.office ORDER BY u.display_name"
    )
    return [
        (int(r[0]), str(r[1]), sorted(str(r[2]).split(",")) if r[2] else [], r[3]) for r in rows
    ]


MAX_OFFICE = 80  # characters: the signature must fit under a 1,024-character caption


async def office_of(db: Database, user_id: int) -> str | None:
    """The office that signs this officer's announcements, if an admin set one."""
    row = await db.fetchone("SELECT office FROM officer_offices WHERE user_id = ?", (user_id,))
    return str(row[0]) if row else None


async def set_office(db: Database, user_id: int, office: str, set_by: int) -> None:
    office = " ".join(office.split())
    if not 0 < len(office) <= MAX_OFFICE:
        raise ValueError(f"an office name has 1 to {MAX_OFFICE} characters")
    await db.execute(
        "INSERT INTO officer_offices(user_id, office, set_by, set_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET office = excluded.office,"
        " set_by = excluded.set_by, set_at = excluded.set_at",
        (user_id, office, set_by, utcnow()),
    )
