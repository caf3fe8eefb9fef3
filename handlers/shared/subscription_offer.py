"""The one-time gentle question "news from your village?", asked after a villager's first
answered question (handlers/warga/tanya.py); the ✅ / Nanti saja buttons (``sub:…``) are
answered by /langganan (handlers/warga/langganan.py)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import pack
from bot.platform.i18n import _
from bot.services import village_news
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Session, reply


async def maybe_offer(update: Update, session: Session) -> None:
    """Ask once, and only someone who has no village yet."""
    if not await village_news.offer_due(session.services.db, session.user.user_id):
        return
    rows = [
        [
            InlineKeyboardButton(_("✅ Mau"), callback_data=pack(Prefix.SUBSCRIBE_OFFER, "yes")),
            InlineKeyboardButton(_("Nanti saja"), callback_data=pack(Prefix.SUBSCRIBE_OFFER, "no")),
        ]
    ]
    await reply(update, session.render("subscription_offer"), rows, edit=False)
