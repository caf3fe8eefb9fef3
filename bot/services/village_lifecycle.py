"""The village lifecycle: an officer invites an official, a villager claims a village, an
officer decides the claim, a village asks for verification and an officer decides it.

Each user action is ONE transaction with its audit row inside (``BEGIN IMMEDIATE`` holds the
write lock, so a check made inside cannot be overtaken by another officer's action): a crash
or a second press never leaves an invite burnt without a seat, a claim decided twice, or an
action without its audit row. Refusals are short codes (``"used"``, ``"expired"``,
``"decided"``, ``"kepala_desa_taken"``…) that the handlers turn into templates.

Officer scope over a village is the caller's check (it needs the officer's session); the
rules that depend on the village's own data live here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.platform.db import audit, villages
from bot.platform.db.connection import Database
from bot.platform.db.villages import Claim, Invite

ROLES = ("kepala_desa", "operator")
DECIDED = "decided"  # another officer (or this one, pressing twice) decided first


@dataclass(frozen=True)
class Outcome:
    """What an action did: ``problem`` is None on success."""

    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class InviteOutcome(Outcome):
    invite: Invite | None = None


@dataclass(frozen=True)
class ClaimOutcome(Outcome):
    claim: Claim | None = None


async def create_invite(db: Database, officer_id: int, village_code: str, role: str) -> Invite:
    """A new invite link for ``role`` of the village, with its audit row."""
    await villages.require_village(db, village_code)
    async with db.transaction() as conn:
        invite = await villages.create_invite_in(conn, village_code, role, officer_id)
        await audit.record_in(conn, officer_id, "invite.create", village_code, role)
    return invite


async def invite_problem(db: Database, invite: Invite | None, user_id: int) -> str | None:
    """Why ``user_id`` cannot accept this invite now, as a code; None when they can."""
    if invite is None:
        return "unknown"
    if invite.used_by is not None:
        return "used"
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expired():
        return "expired"
    return await villages.seat_problem(db, invite.village_code, invite.role, user_id)


async def accept_invite(db: Database, code: str, user_id: int) -> InviteOutcome:
    """Use the invite, seat the user, verify the village, audit: all or nothing.

    An officer's invite is the officer vouching for this official, so the village counts as
    verified. The checks run inside the transaction: two people pressing "Ya" on a forwarded
    link cannot both be seated.
    """
    async with db.transaction() as conn:
        invite = await villages.get_invite(db, code)
        problem = await invite_problem(db, invite, user_id)
        if problem is not None or invite is None:
            return InviteOutcome(problem or "unknown", invite)
        if not await villages.use_invite_in(conn, code, user_id):
            return InviteOutcome("used", invite)
        await villages.seat_in(conn, invite.village_code, invite.role, user_id)
        await villages.verify_in(conn, invite.village_code, invite.created_by)
        await audit.record_in(conn, user_id, "invite.accept", invite.village_code, invite.role)
    return InviteOutcome(None, invite)


async def revoke_invite(db: Database, officer_id: int, code: str) -> InviteOutcome:
    """The officer who issued an open invite withdraws it (a link sent to the wrong person)."""
    async with db.transaction() as conn:
        invite = await villages.get_invite(db, code)
        if invite is None or invite.created_by != officer_id:
            return InviteOutcome("unknown", invite)
        if invite.used_by is not None:
            return InviteOutcome("used", invite)
        if not await villages.revoke_invite_in(conn, code):
            return InviteOutcome("revoked", invite)
        await audit.record_in(conn, officer_id, "invite.revoke", invite.village_code, invite.role)
    return InviteOutcome(None, invite)


async def request_claim(db: Database, user_id: int, village_code: str, role: str) -> ClaimOutcome:
    """A villager without an invite asks to become ``role`` of the village."""
    if role not in ROLES:
        return ClaimOutcome("unknown_role")
    if not await villages.is_village(db, village_code):
        return ClaimOutcome("not_a_village")
    async with db.transaction() as conn:
        problem = await villages.seat_problem(db, village_code, role, user_id)
        if problem is None and await villages.pending_claim_of(db, user_id):
            problem = "pending"
        if problem is not None:
            return ClaimOutcome(problem)
        claim_id = await villages.create_claim_in(conn, user_id, village_code, role)
        await audit.record_in(conn, user_id, "claim.create", village_code, role)
    return ClaimOutcome(None, await villages.get_claim(db, claim_id))


async def decide_claim(
    db: Database, officer_id: int, claim_id: int, approve: bool, note: str
) -> ClaimOutcome:
    """Approve (seat and verify) or reject a pending claim, once: the status is checked and
    changed in the same transaction, so two officers cannot both decide it."""
    async with db.transaction() as conn:
        claim = await villages.get_claim(db, claim_id)
        if claim is None or claim.user_id is None or claim.status != "pending":
            return ClaimOutcome(DECIDED, claim)
        if approve:
            problem = await villages.seat_problem(db, claim.village_code, claim.role, claim.user_id)
            if problem is not None:
                return ClaimOutcome(problem, claim)
        if not await villages.decide_claim_in(conn, claim_id, officer_id, approve, note):
            return ClaimOutcome(DECIDED, claim)
        if approve:
            await villages.seat_in(conn, claim.village_code, claim.role, claim.user_id)
            await villages.verify_in(conn, claim.village_code, officer_id)
        action = "claim.approve" if approve else "claim.reject"
        await audit.record_in(conn, officer_id, action, claim.village_code, note)
    return ClaimOutcome(None, claim)


async def request_verification(db: Database, official_id: int) -> tuple[str | None, bool]:
    """The official's village asks BPJS TK to check its self-check: (village, newly asked).

    The village is the official's own seat, read here, never taken from a button. None when
    the user is no official; False when a request is already open (a second press)."""
    async with db.transaction() as conn:
        mine = await villages.official(db, official_id)
        if mine is None:
            return None, False
        if not await villages.request_verification_in(conn, mine.village_code):
            return mine.village_code, False
        await audit.record_in(conn, official_id, "verification.request", mine.village_code)
    return mine.village_code, True


async def decide_verification(
    db: Database, officer_id: int, village_code: str, approve: bool, note: str
) -> bool:
    """Close the village's open request once; False when it was decided already."""
    async with db.transaction() as conn:
        if not await villages.decide_verification_in(conn, village_code, officer_id, approve, note):
            return False
        action = "verification.approve" if approve else "verification.reject"
        await audit.record_in(conn, officer_id, action, village_code, note)
    return True


async def verification_state(db: Database, village_code: str) -> str | None:
    """Where the village's Desa Sadar verification request stands: "pending", "verified" (an
    officer approved the last request), or None (never asked, or the last one was rejected).

    ``villages.verified_at`` cannot tell: an officer's invite sets it too (the officer vouches
    for the official, not for the indication), so the decision is read from its audit row.
    """
    if await villages.verification_open(db, village_code):
        return "pending"
    row = await db.fetchone(
        "SELECT action FROM audit_log WHERE target = ?"
        " AND action IN ('verification.approve', 'verification.reject') ORDER BY id DESC LIMIT 1",
        (village_code,),
    )
    return "verified" if row and row[0] == "verification.approve" else None
