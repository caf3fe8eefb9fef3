"""The officers' check on a pressed button that names a village (/undang, /verifikasi)."""

from __future__ import annotations

from telegram import Update

from bot.platform.db import villages
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.session import acknowledge


async def village_in_scope(update: Update, context: BotContext, code: str) -> bool:
    """True when ``code`` is a village this officer may act on. An unknown code is an old or
    forged button (the stale-button answer); a village outside the officer's kab/kota is
    refused as such. The role itself is checked by the guard where the button is registered."""
    session = context.session
    if not await villages.is_village(session.services.db, code):
        await stale_button(update, context)
        return False
    if not (await session.services.scope(session.user)).covers(code):
        await acknowledge(update, session.render("outside_scope"))
        return False
    return True
