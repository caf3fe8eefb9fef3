"""Rows that tests need but are not about: apparatus members with stand-in NIK fields.

The encrypted NIK, blind index and mask here are placeholders, unique per member; how real
NIKs are checked, sealed and masked is tested in test_nik, test_crypto and the e2e tests.
"""

from __future__ import annotations

import itertools

from bot.platform.db.connection import Database
from bot.platform.db.members import NewMember

_serial = itertools.count(1)


def stand_in_member(
    village: str, jabatan: str, status: str, *, created_by: int | None = None
) -> NewMember:
    n = next(_serial)
    return NewMember(
        village_code=village,
        name=f"Anggota {n}",
        jabatan=jabatan,
        nik_encrypted=f"enc{n}",
        nik_index=f"idx{n}",
        nik_masked="3505********0001",
        status=status,
        kpj=None,
        phone_encrypted=None,
        created_by=created_by,
    )


async def stand_in_villages(db: Database, *codes: str) -> None:
    """Village rows in ``regions`` for unit databases without the Kemendagri list: writes that
    name a village (claims, invites, subscriptions) refuse codes that are not one."""
    for code in codes:
        await db.execute(
            "INSERT INTO regions(code, parent, level, name, kind)"
            " VALUES (?, ?, 4, ?, 'desa') ON CONFLICT(code) DO NOTHING",
            (code, code.rsplit(".", 1)[0], f"Desa {code}"),
        )
