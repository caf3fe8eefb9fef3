"""The one error handler: log without personal data, and tell the user something went wrong."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.platform import metrics
from bot.platform.i18n import current_locale
from handlers.shared.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    metrics.error(error)
    # Only the update id and the error type: message texts may hold a NIK or a phone number.
    update_id = update.update_id if isinstance(update, Update) else None
    # A BadRequest is a NetworkError to PTB, but it is our request that was wrong: apologise.
    if isinstance(error, NetworkError) and not isinstance(error, Forbidden | BadRequest):
        log.warning("network error on update %s: %s", update_id, type(error).__name__)
        return
    log.error("error on update %s", update_id, exc_info=error)
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.CHANNEL:  # nobody to apologise to in a channel
        return
    text = context.services.i18n.render("error", current_locale.get())
    if update.callback_query is not None:
        # The handler may have answered the query already: then this one fails, harmlessly.
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    try:  # every failure ends in a reply
        await chat.send_message(text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not tell the user about error on update %s", update_id)
