"""The village lifecycle's business rules, on a database of their own (no Telegram)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.platform.db import users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import village_lifecycle as lifecycle
from tests.backend import database_for
from tests.factories import stand_in_villages

VILLAGE = "35.05.15.2004"
OTHER = "35.05.21.2007"
OFFICER, KADES, SECOND = 900, 1, 2


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "lifecycle.sqlite3"))
    await database.initialize()
    await stand_in_villages(database, VILLAGE, OTHER)
    for user_id in (OFFICER, KADES, SECOND):
        await users.register(database, user_id, f"User {user_id}", "id")
    yield database
    await database.shutdown()


async def _audit(db: Database, action: str) -> list[tuple[int, str]]:
    rows = await db.fetchall(
        "SELECT actor_id, target FROM audit_log WHERE action = ? ORDER BY id", (action,)
    )
    return [(int(r[0]), str(r[1])) for r in rows]


async def test_create_invite_stores_it_with_its_audit_row(db: Database) -> None:
    invite = await lifecycle.create_invite(db, OFFICER, VILLAGE, "kepala_desa")
    stored = await villages.get_invite(db, invite.code)
    assert stored == invite and stored.created_by == OFFICER
    assert await _audit(db, "invite.create") == [(OFFICER, VILLAGE)]


async def test_create_invite_refuses_a_code_that_is_no_village(db: Database) -> None:
    with pytest.raises(villages.NotAVillage):
        await lifecycle.create_invite(db, OFFICER, "35.05", "kepala_desa")
    assert await _audit(db, "invite.create") == []


async def test_accepting_an_invite_seats_verifies_and_audits_at_once(db: Database) -> None:
    invite = await lifecycle.create_invite(db, OFFICER, VILLAGE, "kepala_desa")
    outcome = await lifecycle.accept_invite(db, invite.code, KADES)
    assert outcome.ok
    assert await villages.official(db, KADES) == villages.Official(KADES, VILLAGE, "kepala_desa")
    assert await villages.is_verified(db, VILLAGE)
    assert await _audit(db, "invite.accept") == [(KADES, VILLAGE)]


async def test_a_used_invite_is_refused_and_seats_no_one(db: Database) -> None:
    invite = await lifecycle.create_invite(db, OFFICER, VILLAGE, "operator")
    assert (await lifecycle.accept_invite(db, invite.code, KADES)).ok
    second = await lifecycle.accept_invite(db, invite.code, SECOND)
    assert second.problem == "used"
    assert await villages.official(db, SECOND) is None
    assert len(await _audit(db, "invite.accept")) == 1


async def test_an_expired_invite_is_refused_and_nothing_is_written(db: Database) -> None:
    invite = await lifecycle.create_invite(db, OFFICER, VILLAGE, "kepala_desa")
    await db.execute("UPDATE invites SET expires_at = '2000-01-01T00:00:00+00:00'")
    outcome = await lifecycle.accept_invite(db, invite.code, KADES)
    assert outcome.problem == "expired"
    assert await villages.official(db, KADES) is None
    assert not await villages.is_verified(db, VILLAGE)
    stored = await villages.get_invite(db, invite.code)
    assert stored is not None and stored.used_by is None  # not burnt by the refusal
    assert await _audit(db, "invite.accept") == []


async def test_a_failure_while_seating_burns_no_invite(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: a crash after "use the invite" leaves the invite open."""
    invite = await lifecycle.create_invite(db, OFFICER, VILLAGE, "kepala_desa")

    async def crash(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(villages, "verify_in", crash)
    with pytest.raises(RuntimeError):
        await lifecycle.accept_invite(db, invite.code, KADES)
    stored = await villages.get_invite(db, invite.code)
    assert stored is not None and stored.used_by is None
    assert await villages.official(db, KADES) is None


async def test_revoking_an_open_invite_then_pressing_again(db: Database) -> None:
    invite = await lifecycle.create_invite(db, OFFICER, VILLAGE, "kepala_desa")
    assert (await lifecycle.revoke_invite(db, OFFICER, invite.code)).ok
    assert (await lifecycle.revoke_invite(db, OFFICER, invite.code)).problem == "revoked"
    assert (await lifecycle.accept_invite(db, invite.code, KADES)).problem == "revoked"
    assert await _audit(db, "invite.revoke") == [(OFFICER, VILLAGE)]


async def test_a_used_or_foreign_invite_cannot_be_revoked(db: Database) -> None:
    invite = await lifecycle.create_invite(db, OFFICER, VILLAGE, "kepala_desa")
    assert (await lifecycle.revoke_invite(db, SECOND, invite.code)).problem == "unknown"
    await lifecycle.accept_invite(db, invite.code, KADES)
    assert (await lifecycle.revoke_invite(db, OFFICER, invite.code)).problem == "used"
    assert await villages.official(db, KADES) is not None
    assert await _audit(db, "invite.revoke") == []


async def test_a_claim_is_requested_once(db: Database) -> None:
    first = await lifecycle.request_claim(db, KADES, VILLAGE, "kepala_desa")
    assert first.ok and first.claim is not None and first.claim.status == "pending"
    again = await lifecycle.request_claim(db, KADES, OTHER, "operator")
    assert again.problem == "pending"
    assert (await lifecycle.request_claim(db, KADES, "35.05", "operator")).problem == (
        "not_a_village"
    )
    assert (await lifecycle.request_claim(db, SECOND, VILLAGE, "bupati")).problem == (
        "unknown_role"
    )
    assert await _audit(db, "claim.create") == [(KADES, VILLAGE)]


async def test_a_claim_for_a_taken_seat_is_refused(db: Database) -> None:
    await villages.seat(db, VILLAGE, "kepala_desa", SECOND)
    outcome = await lifecycle.request_claim(db, KADES, VILLAGE, "kepala_desa")
    assert outcome.problem == "kepala_desa_taken"


async def test_approving_a_claim_seats_and_verifies(db: Database) -> None:
    claim = (await lifecycle.request_claim(db, KADES, VILLAGE, "operator")).claim
    assert claim is not None
    assert (await lifecycle.decide_claim(db, OFFICER, claim.id, True, "ok")).ok
    assert await villages.official(db, KADES) == villages.Official(KADES, VILLAGE, "operator")
    assert await villages.is_verified(db, VILLAGE)
    assert await _audit(db, "claim.approve") == [(OFFICER, VILLAGE)]


async def test_a_decided_claim_cannot_be_decided_again(db: Database) -> None:
    """The race between two officers: the second decision is refused and changes nothing."""
    claim = (await lifecycle.request_claim(db, KADES, VILLAGE, "kepala_desa")).claim
    assert claim is not None
    assert (await lifecycle.decide_claim(db, OFFICER, claim.id, False, "bukan")).ok
    late = await lifecycle.decide_claim(db, SECOND, claim.id, True, "")
    assert late.problem == lifecycle.DECIDED
    assert await villages.official(db, KADES) is None
    stored = await villages.get_claim(db, claim.id)
    assert stored is not None and stored.status == "rejected"
    assert await _audit(db, "claim.approve") == []


async def test_two_officers_deciding_at_once_decide_once(db: Database) -> None:
    claim = (await lifecycle.request_claim(db, KADES, VILLAGE, "kepala_desa")).claim
    assert claim is not None
    outcomes = await asyncio.gather(
        lifecycle.decide_claim(db, OFFICER, claim.id, True, ""),
        lifecycle.decide_claim(db, SECOND, claim.id, False, ""),
    )
    assert sorted(o.ok for o in outcomes) == [False, True]
    audited = await _audit(db, "claim.approve") + await _audit(db, "claim.reject")
    assert len(audited) == 1


async def test_approving_a_claim_whose_seat_was_taken_meanwhile_is_refused(db: Database) -> None:
    claim = (await lifecycle.request_claim(db, KADES, VILLAGE, "kepala_desa")).claim
    assert claim is not None
    await villages.seat(db, VILLAGE, "kepala_desa", SECOND)
    outcome = await lifecycle.decide_claim(db, OFFICER, claim.id, True, "")
    assert outcome.problem == "kepala_desa_taken"
    stored = await villages.get_claim(db, claim.id)
    assert stored is not None and stored.status == "pending"


async def test_verification_is_requested_by_an_official_once(db: Database) -> None:
    assert await lifecycle.request_verification(db, KADES) == (None, False)
    await villages.seat(db, VILLAGE, "kepala_desa", KADES)
    assert await lifecycle.request_verification(db, KADES) == (VILLAGE, True)
    assert await lifecycle.request_verification(db, KADES) == (VILLAGE, False)
    assert await _audit(db, "verification.request") == [(KADES, VILLAGE)]


async def test_a_verification_is_decided_once(db: Database) -> None:
    await villages.seat(db, VILLAGE, "kepala_desa", KADES)
    await lifecycle.request_verification(db, KADES)
    assert await lifecycle.decide_verification(db, OFFICER, VILLAGE, True, "")
    assert not await lifecycle.decide_verification(db, SECOND, VILLAGE, False, "")
    assert await villages.is_verified(db, VILLAGE)
    assert await _audit(db, "verification.approve") == [(OFFICER, VILLAGE)]
    assert await _audit(db, "verification.reject") == []
