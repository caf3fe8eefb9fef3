"""/start, /menu and the main menu, /bantuan (/help), and the 💬 "type your question" hint:
everyone's way in. The menu and the help list only what this user's role can do."""

from __future__ import annotations

from telegram import Update

from bot.services import command_menus
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.keyboards import back_to_menu_row, menu_rows
from handlers.shared.session import acknowledge, reply


async def start(update: Update, context: BotContext) -> None:
    session = context.session
    await dialogs.end(session)  # /start always leaves any half-finished dialogue
    name = update.effective_user.first_name if update.effective_user else ""
    audience = command_menus.audience_of(session.services, session.user)
    if audience is not command_menus.Audience.EVERYONE and session.private:
        # A role granted before the user ever opened the bot had no chat to attach its "/"
        # list to (an admin of DESABOT_ADMIN_IDS, an officer added by id): now there is one.
        await command_menus.publish_for(context.bot, session.services, session.user.user_id)
    await reply(update, session.render("welcome", name=name), menu_rows(session))


async def show_menu(update: Update, context: BotContext) -> None:
    session = context.session
    await dialogs.end(session)
    await acknowledge(update)
    await reply(update, session.render("menu"), menu_rows(session))


async def show_help(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    audience = command_menus.audience_of(session.services, session.user)
    commands = [(c.name, c.description) for c in command_menus.commands_for(audience)]
    await reply(update, session.render("help", commands=commands), [back_to_menu_row()])


async def show_ask(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    await reply(update, session.render("tanya_prompt"), [back_to_menu_row()], edit=False)
