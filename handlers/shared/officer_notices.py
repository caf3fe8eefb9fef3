"""Notices the bot sends on its own to people who did not write just now: the officers of a
village (a claim, a verification request) and the village's people (a decision).

A notice may fail (the person never opened the bot, or blocked it): it is logged, without
the text, and the action that caused it still stands.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, Forbidden

from bot.platform.db import officers, users
from bot.services.container import Services

log = logging.getLogger(__name__)


async def send_quietly(bot: Bot, chat_id: int, text: str) -> bool:
    """Send, and say whether it arrived; a refusal is logged, not raised."""
    try:
        await bot.send_message(chat_id, text)
    except (Forbidden, BadRequest) as exc:
        log.warning("notice to chat %s not delivered: %s", chat_id, type(exc).__name__)
        return False
    return True


async def officers_of(services: Services, village_code: str) -> list[int]:
    """The officers' group if configured, else admins and the officers whose scope has it."""
    if services.settings.officer_chat_id is not None:
        return [services.settings.officer_chat_id]
    petugas = await users.officer_ids(services.db)
    covering = {
        uid for uid in petugas if (await officers.scope_of(services.db, uid)).covers(village_code)
    }
    return sorted(set(services.settings.admin_ids) | covering)


async def language_of(services: Services, user_id: int) -> str:
    """The language a notice to ``user_id`` is written in (theirs, else the default)."""
    person = await users.get(services.db, user_id)
    return person.language if person else services.settings.default_language
