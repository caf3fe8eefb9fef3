"""Who receives an announcement: subscribers and village officials, inside the officer's
scope, narrowed by region, role, or the Desa Sadar indication (through THE rules module).

An audience is plain data (stored with the broadcast): ``{"kind": "all"}``,
``{"kind": "region", "code": "35.05.15"}``, ``{"kind": "role", "role": "kepala_desa"}``,
``{"kind": "indication", "indicated": true}``. Stopped users are left out by the outbox.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, TypedDict

from bot.domain.rules import RuleSet
from bot.platform.db.connection import Database
from bot.platform.db.officers import Scope
from bot.services.indications import indications

ROLES = ("warga", "perangkat", "kepala_desa")


class Audience(TypedDict, total=False):
    """One of the four shapes above; it travels as JSON (dialogue state, broadcasts table),
    so ``recipients`` reads it defensively: a missing kind means everyone in scope."""

    kind: Literal["all", "region", "role", "indication"]
    code: str  # region: a province, kabupaten/kota, kecamatan or village code
    role: str  # role: one of ROLES ("perangkat": the kepala desa and the operators)
    indicated: bool  # indication: villages with (True) or without (False) the indication


async def recipients(
    db: Database, audience: Audience, scope: Scope, rules: RuleSet, today: date
) -> list[int]:
    """User ids of the audience, sorted; never outside ``scope``."""
    people = await _people(db)  # (user_id, village_code, role)
    people = [p for p in people if scope.covers(p[1])]
    kind = audience.get("kind", "all")
    if kind == "region":
        code = str(audience["code"])
        people = [p for p in people if p[1] == code or p[1].startswith(code + ".")]
    elif kind == "role":
        people = [p for p in people if _has_role(p[2], str(audience["role"]))]
    elif kind == "indication":
        wanted = bool(audience["indicated"])
        flags = await indications(db, {p[1] for p in people}, rules, today)
        people = [p for p in people if flags.get(p[1]) is wanted]
    return sorted({p[0] for p in people})


def _has_role(role: str, wanted: str) -> bool:
    if wanted == "perangkat":
        return role in ("kepala_desa", "operator")
    return role == wanted


async def _people(db: Database) -> list[tuple[int, str, str]]:
    """Everyone tied to a village: officials (their village) and subscribers (warga)."""
    # Users who stopped announcements (or blocked the bot) are not counted as recipients.
    rows = await db.fetchall(
        "SELECT o.user_id, o.village_code, o.role FROM village_officials o"
        " JOIN users u ON u.user_id = o.user_id WHERE u.stopped_at IS NULL"
        " UNION SELECT s.user_id, s.village_code, 'warga' FROM subscriptions s"
        " JOIN users u ON u.user_id = s.user_id WHERE u.stopped_at IS NULL"
        " AND s.user_id NOT IN (SELECT user_id FROM village_officials)"
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
