"""/bahasa (/language) and the 🌐 menu button: anyone chooses Indonesian, English or Javanese;
remembered in the database."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import pack
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.services import command_menus
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, menu_rows, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import acknowledge, open_session, reply

# Each language is named in itself, so a user who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"id": "🇮🇩 Bahasa Indonesia", "en": "🇬🇧 English", "jv": "Basa Jawa"}


async def choose_language(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    rows = [
        [InlineKeyboardButton(LANGUAGE_NAMES[code], callback_data=pack(Prefix.LANGUAGE, code))]
        for code in SUPPORTED_LANGUAGES
    ]
    await reply(update, session.render("language_choose"), [*rows, back_to_menu_row()])


async def set_language(update: Update, context: BotContext) -> None:
    session = context.session
    code = pressed(update).part(0)
    if not code:
        await choose_language(update, context)
        return
    if code not in SUPPORTED_LANGUAGES or update.effective_user is None:
        await stale_button(update, context)
        return
    await session.services.users.set_language(session.user.user_id, code)
    # The rest of this update speaks the new language: the session is read again.
    session = await open_session(update, session.services, update.effective_user)
    context.attach(session)
    # The "/" list of this chat follows the language (and keeps the role's commands).
    if session.private:
        await command_menus.publish_for(context.bot, session.services, session.user.user_id)
    await acknowledge(update)
    await reply(
        update, session.render("language_set", language=LANGUAGE_NAMES[code]), menu_rows(session)
    )
