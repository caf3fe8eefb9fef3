"""The officers' check on a pressed button that names a village (/undang, /verifikasi), and
where their region pickers open (/undang, /siaran)."""

from __future__ import annotations

from telegram import Update

from bot.platform.db import villages
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.session import Session, acknowledge


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


async def own_kab(session: Session) -> str | None:
    """The kab/kota a picker opens in for an officer of exactly one (their villages are a tap
    away; "⬆️ Naik" still leads out). Admins and officers of several kab/kota start at the
    provinces."""
    codes = (await session.services.scope(session.user)).kab_codes
    return next(iter(codes)) if len(codes) == 1 else None
