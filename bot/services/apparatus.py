"""The apparatus registry as a service: validated, encrypted members in, masked members out.

Handlers never see a clear NIK after the step where it is typed: it is encrypted at once (also
inside a half-finished dialogue), indexed with a keyed hash for duplicate checks, and masked
for display. Nothing here logs personal data.

Every change an official makes (save, status, correction, removal, import, the UU PDP consent)
is one transaction with its audit row inside: the registry never changes without a trace, and
a trace never names a change that did not happen. Changes apply only within the official's own
village: the village code is part of every condition, whatever id a button carried.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.domain.apparatus_sheet import ApparatusRow
from bot.domain.nik import mask_nik
from bot.platform.crypto import PersonalDataCipher
from bot.platform.db import audit, consents, members
from bot.platform.db.connection import Database
from bot.platform.db.members import Member, NewMember

STATUSES = ("aktif", "nonaktif", "belum")  # registered and paying, registered, not registered


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
    async with db.transaction() as conn:
        await members.insert_many(conn, new)
        await audit.record_in(conn, created_by, "member.import", village_code, str(len(new)))
    return []


async def own_member(db: Database, member_id: int, village_code: str) -> Member | None:
    """The member when it is of ``village_code``; None when gone or of another village."""
    member = await members.get(db, member_id)
    return member if member is not None and member.village_code == village_code else None


async def save_member(db: Database, new: NewMember, actor_id: int) -> int:
    """Add one member (audit: masked NIK); DuplicateNik when the NIK is registered anywhere."""
    async with db.transaction() as conn:
        member_id = await members.insert(conn, new)
        await audit.record_in(conn, actor_id, "member.add", new.village_code, new.nik_masked)
    return member_id


async def change_status(
    db: Database, member_id: int, village_code: str, status: str, actor_id: int
) -> Member | None:
    """The member with its new status, or None when gone. "belum" (not registered) clears
    the card number (KPJ); a registered status keeps the one on record."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    async with db.transaction() as conn:
        member = await own_member(db, member_id, village_code)
        if member is None:
            return None
        kpj = member.kpj if status != "belum" else None
        await members.set_status(conn, member.id, village_code, status, kpj)
        note = f"{member.nik_masked} {member.status}->{status}"
        await audit.record_in(conn, actor_id, "member.status", village_code, note)
    return replace(member, status=status, kpj=kpj)


async def correct_member(
    db: Database,
    member: Member,
    village_code: str,
    changes: Mapping[str, object],
    note: str,
    actor_id: int,
) -> bool:
    """Change some fields of one member; False when it is gone (DuplicateNik for a NIK that
    is someone else's). ``note`` goes to the audit log: masked values only."""
    async with db.transaction() as conn:
        changed = await members.set_fields(conn, member.id, village_code, changes)
        if changed:
            await audit.record_in(conn, actor_id, "member.edit", village_code, note)
    return changed


async def remove_member(
    db: Database, member_id: int, village_code: str, actor_id: int
) -> Member | None:
    """The removed member, or None when it was gone already (a second press)."""
    async with db.transaction() as conn:
        member = await own_member(db, member_id, village_code)
        if member is None or not await members.delete(conn, member.id, village_code):
            return None
        await audit.record_in(conn, actor_id, "member.remove", village_code, member.nik_masked)
    return member


async def accept_personal_data_notice(db: Database, user_id: int) -> None:
    """The UU PDP notice accepted, once per user, and when."""
    async with db.transaction() as conn:
        await consents.give_in(conn, user_id)
        await audit.record_in(conn, user_id, "consent.personal_data")
