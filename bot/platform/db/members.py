"""Repository for the village apparatus (``members``). NIKs arrive here already encrypted.

The functions taking a ``conn`` run inside a caller's ``Database.transaction()`` (a service
writes the member and its audit row together); the ones taking a ``db`` are one transaction
each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.platform.db.connection import Database, WriteTx, utcnow


@dataclass(frozen=True)
class NewMember:
    village_code: str
    name: str
    jabatan: str
    nik_encrypted: str
    nik_index: str
    nik_masked: str
    status: str
    kpj: str | None
    phone_encrypted: str | None
    created_by: int | None


@dataclass(frozen=True)
class Member:
    id: int
    village_code: str
    name: str
    jabatan: str
    nik_masked: str
    status: str
    kpj: str | None
    has_phone: bool = False  # the number itself stays encrypted; only "recorded or not"


class DuplicateNik(Exception):
    """The NIK is already registered; ``village_code`` says where."""

    def __init__(self, village_code: str) -> None:
        super().__init__("NIK already registered")
        self.village_code = village_code


def _member(row: sqlite3.Row) -> Member:
    return Member(
        id=int(row["id"]),
        village_code=str(row["village_code"]),
        name=str(row["name"]),
        jabatan=str(row["jabatan"]),
        nik_masked=str(row["nik_masked"]),
        status=str(row["status"]),
        kpj=row["kpj"],
        has_phone=row["phone_encrypted"] is not None,
    )


async def where_is(db: Database, nik_index: str) -> str | None:
    row = await db.fetchone("SELECT village_code FROM members WHERE nik_index = ?", (nik_index,))
    return str(row[0]) if row else None


_INSERT = (
    "INSERT INTO members(village_code, name, jabatan, nik_encrypted, nik_index, nik_masked,"
    " status, kpj, phone_encrypted, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _values(member: NewMember, now: str) -> tuple[object, ...]:
    return (
        member.village_code, member.name, member.jabatan, member.nik_encrypted,
        member.nik_index, member.nik_masked, member.status, member.kpj,
        member.phone_encrypted, member.created_by, now, now,
    )  # fmt: skip


async def insert(conn: WriteTx, member: NewMember, now: str | None = None) -> int:
    """One member, inside a transaction; a NIK already registered raises DuplicateNik."""
    async with conn.execute(
        "SELECT village_code FROM members WHERE nik_index = ?", (member.nik_index,)
    ) as cursor:
        row = await cursor.fetchone()
    if row is not None:
        raise DuplicateNik(str(row[0]))
    cursor = await conn.execute(_INSERT, _values(member, now or utcnow()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def add(db: Database, member: NewMember) -> int:
    async with db.transaction() as conn:
        return await insert(conn, member)


async def add_many(db: Database, new: Sequence[NewMember]) -> None:
    """All rows or none (bulk import): one transaction; a duplicate NIK rolls everything back."""
    async with db.transaction() as conn:
        await insert_many(conn, new)


async def insert_many(conn: WriteTx, new: Sequence[NewMember]) -> None:
    now = utcnow()
    for member in new:
        await insert(conn, member, now)


async def get(db: Database, member_id: int) -> Member | None:
    row = await db.fetchone("SELECT * FROM members WHERE id = ?", (member_id,))
    return _member(row) if row else None


async def list_for_village(
    db: Database, village_code: str, offset: int, limit: int
) -> tuple[list[Member], int]:
    rows = await db.fetchall(
        "SELECT * FROM members WHERE village_code = ? ORDER BY jabatan = 'kepala_desa' DESC,"
        " jabatan, name LIMIT ? OFFSET ?",
        (village_code, limit, offset),
    )
    total = await db.fetchone(
        "SELECT COUNT(*) FROM members WHERE village_code = ?", (village_code,)
    )
    return [_member(r) for r in rows], int(total[0]) if total else 0


async def all_for_village(db: Database, village_code: str) -> list[Member]:
    rows = await db.fetchall("SELECT * FROM members WHERE village_code = ?", (village_code,))
    return [_member(r) for r in rows]


async def update_status(
    db: Database, member_id: int, village_code: str, status: str, kpj: str | None
) -> bool:
    async with db.transaction() as conn:
        return await set_status(conn, member_id, village_code, status, kpj)


async def set_status(
    conn: WriteTx, member_id: int, village_code: str, status: str, kpj: str | None
) -> bool:
    cursor = await conn.execute(
        "UPDATE members SET status = ?, kpj = ?, updated_at = ? WHERE id = ? AND village_code = ?",
        (status, kpj, utcnow(), member_id, village_code),
    )
    return cursor.rowcount > 0


# What an official may correct after saving (status has its own function and audit line).
EDITABLE = frozenset(
    {"name", "jabatan", "nik_encrypted", "nik_index", "nik_masked", "kpj", "phone_encrypted"}
)


async def update_fields(
    db: Database, member_id: int, village_code: str, changes: Mapping[str, object]
) -> bool:
    async with db.transaction() as conn:
        return await set_fields(conn, member_id, village_code, changes)


async def set_fields(
    conn: WriteTx, member_id: int, village_code: str, changes: Mapping[str, object]
) -> bool:
    """Change some columns of one member, only within ``village_code``; False if it is gone.

    A new NIK already registered for someone else raises DuplicateNik (the unique index on
    ``nik_index`` would refuse it anyway; this says where, as ``add`` does).
    """
    if not changes or set(changes) - EDITABLE:
        raise ValueError(f"only {sorted(EDITABLE)} can be edited, got {sorted(changes)}")
    if "nik_index" in changes:
        async with conn.execute(
            "SELECT village_code FROM members WHERE nik_index = ? AND id != ?",
            (changes["nik_index"], member_id),
        ) as cursor:
            row = await cursor.fetchone()
        if row is not None:
            raise DuplicateNik(str(row[0]))
    columns = ", ".join(f"{column} = ?" for column in changes)  # names from EDITABLE only
    cursor = await conn.execute(
        f"UPDATE members SET {columns}, updated_at = ? WHERE id = ? AND village_code = ?",
        (*changes.values(), utcnow(), member_id, village_code),
    )
    return cursor.rowcount > 0


async def remove(db: Database, member_id: int, village_code: str) -> bool:
    async with db.transaction() as conn:
        return await delete(conn, member_id, village_code)


async def delete(conn: WriteTx, member_id: int, village_code: str) -> bool:
    """Only within the official's own village: the village code is part of the condition."""
    cursor = await conn.execute(
        "DELETE FROM members WHERE id = ? AND village_code = ?", (member_id, village_code)
    )
    return cursor.rowcount > 0
