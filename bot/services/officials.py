"""Who speaks for a village: the seat of its kepala desa or operator.

Every official's command (/laporan, /ceksyarat, /perangkat) asks this on every update, button
press and typed answer: rights come from the database, never from callback data, so a seat
taken away applies at once.
"""

from __future__ import annotations

from bot.platform.db import villages
from bot.platform.db.connection import Database
from bot.platform.db.villages import Official

OFFICIAL_ROLES = frozenset({"kepala_desa", "operator"})


async def seat_of(db: Database, user_id: int) -> Official | None:
    """The user's seat in a village when they are its kepala desa or operator, else None."""
    mine = await villages.official(db, user_id)
    return mine if mine is not None and mine.role in OFFICIAL_ROLES else None
