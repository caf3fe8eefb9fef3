"""Answers for what no feature handles: unknown commands, stickers and photos, stale buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.platform.i18n import _
from handlers.shared.context import BotContext
from handlers.shared.keyboards import menu_rows
from handlers.shared.session import acknowledge, reply


async def drop_unanswerable(update: Update, context: BotContext) -> None:
    """Runs before every handler: updates the bot does not answer stop here.

    Edits: a corrected message was answered already, and an edit during a dialogue step (the
    NIK) must not be taken as a new answer. Channel posts and messages sent as a chat
    (``sender_chat``: a channel, an anonymous group admin) have no person to answer or to
    check rights for.
    """
    if update.edited_message or update.edited_channel_post or update.channel_post:
        raise ApplicationHandlerStop
    message = update.message
    if message is not None and (message.sender_chat is not None or message.from_user is None):
        raise ApplicationHandlerStop


async def unknown_command(update: Update, context: BotContext) -> None:
    session = context.session
    await reply(update, session.render("unknown_command"))


async def non_text(update: Update, context: BotContext) -> None:
    """Photos, stickers, voice notes, locations, contacts: the bot reads text only."""
    session = context.session
    await reply(update, session.render("non_text"))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button from an old message, or for something that no longer exists."""
    assert isinstance(context, BotContext)  # the application's context type (bot/app.py)
    session = context.session
    await acknowledge(update, _("Tombol ini sudah tidak berlaku."))
    await reply(update, session.render("stale_button"), menu_rows(session), edit=False)
