"""The one error handler: log without personal data, and tell the user something went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.i18n import I18n, current_locale
from bot.services import SERVICES_KEY

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    # Only the update id and the error type: message texts may hold a NIK or a phone number.
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, NetworkError) and not isinstance(error, Forbidden):
        log.warning("network error on update %s: %s", update_id, type(error).__name__)
        return
    log.error("error on update %s", update_id, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    i18n = context.bot_data[SERVICES_KEY].i18n
    assert isinstance(i18n, I18n)
    text = i18n.render("error", current_locale.get())
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await update.effective_chat.send_message(text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not tell the user about error on update %s", update_id)
