"""A villager's news from their own village (/langganan): when to offer it, and resuming it.

The offer comes once, after a first answered question, and only to someone without a village
yet: neither subscribed nor seated as a village official (an official already has theirs).
"""

from __future__ import annotations

from bot.platform.db import subscriptions, villages
from bot.platform.db.connection import Database


async def offer_due(db: Database, user_id: int) -> bool:
    """True once per user, when the offer applies; the offer is then marked as made."""
    if await subscriptions.village_of(db, user_id) is not None:
        return False
    if await villages.official(db, user_id) is not None:
        return False
    return await subscriptions.mark_asked(db, user_id)


async def resume(db: Database, user_id: int) -> str | None:
    """/langganan by someone who stopped: announcements from their village again. Their
    village's code, or None when there is nothing to resume (they choose a village then)."""
    current = await subscriptions.village_of(db, user_id)
    if current is None or not await subscriptions.is_stopped(db, user_id):
        return None
    await subscriptions.resume(db, user_id)
    return current
