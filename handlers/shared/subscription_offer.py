"""The one-time gentle question "news from your village?", asked with a villager's first
answered question (handlers/warga/tanya.py).

It rides in the answer itself, one line of text and a "🔔 Kabar desa" button next to 👍/👎,
so an answer is one message. The button (``sub:answer``) is answered by /langganan
(handlers/warga/langganan.py): the region picker opens in a new message below the answer,
which keeps its text and loses only the 🔔 button. Old "✅ Mau" / "Nanti saja" buttons
(``sub:yes`` / ``sub:no``) from before still work there.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.platform.callback import pack
from bot.platform.i18n import _
from bot.services import village_news
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Session

IN_ANSWER = "answer"  # sub:answer, the 🔔 button under an FAQ answer


async def offer_due(session: Session) -> bool:
    """True once per villager, and only for someone who has no village yet."""
    return await village_news.offer_due(session.services.db, session.user.user_id)


def offer_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(
        _("🔔 Kabar desa"), callback_data=pack(Prefix.SUBSCRIBE_OFFER, IN_ANSWER)
    )


async def drop_offer_button(update: Update) -> None:
    """Take the 🔔 button off the answer it was pressed on; the rest of the keyboard stays."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    pressed_data = pack(Prefix.SUBSCRIBE_OFFER, IN_ANSWER)
    rows = [
        [button for button in row if button.callback_data != pressed_data]
        for row in message.reply_markup.inline_keyboard
    ]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup([r for r in rows if r]))
    except BadRequest as exc:  # a double press: the button is already gone
        if "not modified" not in str(exc).lower():
            raise
