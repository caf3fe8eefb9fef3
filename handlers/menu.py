"""/start, /menu and the main menu; /bantuan (/help)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.callback import pack
from bot.i18n import _
from handlers.common import Keyboard, Session, acknowledge, begin, reply

MENU = "menu"
HELP = "help"


def menu_rows(session: Session) -> Keyboard:
    """Only capabilities that exist are offered (features register theirs in ``extras``)."""
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(_("📚 Kenali program BPJS TK"), callback_data=pack("prog"))],
    ]
    for entry in session.services.extras.get("menu_entries", []):
        rows.append([InlineKeyboardButton(_(entry.label), callback_data=entry.callback)])
    rows.append(
        [
            InlineKeyboardButton(_("🌐 Bahasa"), callback_data=pack("lang")),
            InlineKeyboardButton(_("❓ Bantuan"), callback_data=pack(HELP)),
        ]
    )
    return rows


def back_to_menu_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("🏠 Menu utama"), callback_data=pack(MENU))]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    name = update.effective_user.first_name if update.effective_user else ""
    await reply(update, session.render("welcome", name=name), menu_rows(session))


async def show_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    await reply(update, session.render("menu"), menu_rows(session))


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    commands = session.services.extras.get("help_commands", [])
    await reply(update, session.render("help", commands=commands), [back_to_menu_row()])
