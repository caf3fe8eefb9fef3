"""/bahasa (/language): choose Indonesian, English or Javanese; remembered in the database."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.i18n import current_locale
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, menu_rows, pressed
from handlers.shared.session import acknowledge, begin, reply

LANGUAGE = "lang"
# Each language is named in itself, so a user who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"id": "🇮🇩 Bahasa Indonesia", "en": "🇬🇧 English", "jv": "Basa Jawa"}


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    rows = [
        [InlineKeyboardButton(LANGUAGE_NAMES[code], callback_data=pack(LANGUAGE, code))]
        for code in SUPPORTED_LANGUAGES
    ]
    await reply(update, session.render("language_choose"), [*rows, back_to_menu_row()])


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    code = pressed(update).part(0)
    if not code:
        await choose_language(update, context)
        return
    if code not in SUPPORTED_LANGUAGES:
        await stale_button(update, context)
        return
    await session.services.users.set_language(session.user.user_id, code)
    session = await begin(update, context)
    await acknowledge(update)
    current_locale.set(code)
    await reply(
        update, session.render("language_set", language=LANGUAGE_NAMES[code]), menu_rows(session)
    )
