"""/start, /menu and the main menu; /bantuan (/help)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack
from bot.platform.i18n import _
from handlers.shared import dialogs
from handlers.shared.session import Keyboard, Session, acknowledge, begin, reply

MENU = "menu"
HELP = "help"
ASK = "ask"


def menu_rows(_session: Session | None = None) -> Keyboard:
    """The main menu: only capabilities that exist are offered."""
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(_("📚 Kenali program BPJS TK"), callback_data=pack("prog"))],
        [InlineKeyboardButton(_("🧮 Hitung iuran"), callback_data=pack("iu", "s"))],
        [InlineKeyboardButton(_("💬 Tanya jawab"), callback_data=pack(ASK))],
        [
            InlineKeyboardButton(_("🌐 Bahasa"), callback_data=pack("lang")),
            InlineKeyboardButton(_("❓ Bantuan"), callback_data=pack(HELP)),
        ],
    ]
    return rows


def back_to_menu_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("🏠 Menu utama"), callback_data=pack(MENU))]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await dialogs.end(session)  # /start always leaves any half-finished dialogue
    name = update.effective_user.first_name if update.effective_user else ""
    await reply(update, session.render("welcome", name=name), menu_rows(session))


async def show_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await dialogs.end(session)
    await acknowledge(update)
    await reply(update, session.render("menu"), menu_rows(session))


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    commands = session.services.extras.get("help_commands", [])
    await reply(update, session.render("help", commands=commands), [back_to_menu_row()])


async def show_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    await reply(update, session.render("tanya_prompt"), [back_to_menu_row()], edit=False)
