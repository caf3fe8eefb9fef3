"""/hapusdata: anyone deletes their personal data, after a confirmation (UU PDP 27/2022).

Private chat only (guarded where it is registered): the confirmation is personal.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import pack
from bot.platform.db import users
from bot.platform.i18n import _
from bot.services import command_menus
from handlers.shared.context import BotContext
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import acknowledge, reply


async def command(update: Update, context: BotContext) -> None:
    session = context.session
    rows = [
        [
            InlineKeyboardButton(
                _("🗑️ Ya, hapus data saya"), callback_data=pack(Prefix.DELETE_DATA, "yes")
            )
        ],
        [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(Prefix.DELETE_DATA, "no"))],
    ]
    await reply(update, session.render("delete_confirm"), rows)


async def on_button(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    choice = pressed(update).part(0)
    if choice != "yes":
        await reply(update, session.render("delete_cancelled"), [back_to_menu_row()])
        return
    lang = session.lang  # the reply goes out in the language the user had
    await users.delete_personal_data(session.services.db, session.user.user_id)
    session.services.users.forget(session.user.user_id)
    await command_menus.forget(context.bot, session.user.user_id)
    # A way on: the menu starts afresh (the next update registers a new user).
    await reply(update, session.services.i18n.render("delete_done", lang), [back_to_menu_row()])
