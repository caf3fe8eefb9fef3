"""/start, /menu and the main menu; /bantuan (/help)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.shared import dialogs
from handlers.shared.keyboards import back_to_menu_row, menu_rows
from handlers.shared.prefixes import Prefix
from handlers.shared.session import acknowledge, begin, reply

MENU = Prefix.MENU
HELP = Prefix.HELP
ASK = Prefix.ASK


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
    commands = session.services.help_commands
    await reply(update, session.render("help", commands=commands), [back_to_menu_row()])


async def show_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    await reply(update, session.render("tanya_prompt"), [back_to_menu_row()], edit=False)
