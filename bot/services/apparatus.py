"""The apparatus registry as a service: validated, encrypted members in, masked members out.

Handlers never see a clear NIK after the step where it is typed: it is encrypted at once (also
inside a half-finished dialogue), indexed with a keyed hash for duplicate checks, and masked
for display. Nothing here logs personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.apparatus_sheet import ApparatusRow
from bot.domain.nik import mask_nik
from bot.platform.crypto import PersonalDataCipher
from bot.platform.db import members
from bot.platform.db.connection import Database
from bot.platform.db.members import NewMember


@dataclass(frozen=True)
class SealedNik:
    """A NIK as it may be kept anywhere: encrypted, blind-indexed and masked."""

    encrypted: str
    index: str
    masked: str


def seal(cipher: PersonalDataCipher, nik: str) -> SealedNik:
    return SealedNik(cipher.encrypt(nik), cipher.blind_index(nik), mask_nik(nik))


async def duplicate_of(db: Database, sealed: SealedNik, village_code: str) -> str | None:
    """ "same_village" / "other_village" when the NIK is already registered, else None.

    Which other village is not said: that would tell one village about another's people.
    """
    where = await members.where_is(db, sealed.index)
    if where is None:
        return None
    return "same_village" if where == village_code else "other_village"


def new_member(
    village_code: str,
    name: str,
    jabatan: str,
    sealed: SealedNik,
    status: str,
    kpj: str | None,
    phone_encrypted: str | None,
    created_by: int,
) -> NewMember:
    return NewMember(
        village_code=village_code,
        name=name,
        jabatan=jabatan,
        nik_encrypted=sealed.encrypted,
        nik_index=sealed.index,
        nik_masked=sealed.masked,
        status=status,
        kpj=kpj,
        phone_encrypted=phone_encrypted,
        created_by=created_by,
    )


@dataclass(frozen=True)
class ImportConflict:
    line: int
    where: str  # "same_village" | "other_village"


async def import_rows(
    db: Database,
    cipher: PersonalDataCipher,
    village_code: str,
    rows: Sequence[ApparatusRow],
    created_by: int,
) -> list[ImportConflict]:
    """Store every row or none: NIKs already registered are reported by line, nothing saved."""
    sealed = [seal(cipher, row.nik) for row in rows]
    conflicts = []
    for row, nik in zip(rows, sealed, strict=True):
        where = await duplicate_of(db, nik, village_code)
        if where is not None:
            conflicts.append(ImportConflict(row.line, where))
    if conflicts:
        return conflicts
    new = [
        new_member(
            village_code, row.name, row.jabatan.code, nik, row.status, row.kpj,
            cipher.encrypt(row.phone) if row.phone else None, created_by,
        )
        for row, nik in zip(rows, sealed, strict=True)
    ]  # fmt: skip
    await members.add_many(db, new)
    return []
