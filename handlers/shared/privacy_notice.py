"""Tells a villager, once, that a question needs no NIK or phone number.

Applied where the question handlers are registered (bot/app.py), around /tanya and free text:
the question is answered first, then, if it held a NIK or a phone number and the villager was
never told, a short notice follows. The numbers themselves were masked before the question was
stored (bot/platform/db/questions.py). "Told" is kept per user as a row of ``consents`` (kind
below), so /hapusdata forgets it with the rest of the profile.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.domain.pii import mask_counted
from bot.platform.db import consents
from handlers.shared.context import BotContext
from handlers.shared.session import reply

NOTICE_KIND = "question_pii_notice"

QuestionHandler = Callable[..., Coroutine[Any, Any, None]]


def tells_once(handler: QuestionHandler) -> QuestionHandler:
    """Wrap a question handler ``(update, context, *rest)``."""

    @functools.wraps(handler)
    async def wrapped(update: Update, context: BotContext, *rest: Any) -> None:
        await handler(update, context, *rest)
        message = update.effective_message
        if message is None or not mask_counted(message.text or "").changed:
            return
        session = context.session
        db, user_id = session.services.db, session.user.user_id
        if await consents.has(db, user_id, NOTICE_KIND):
            return
        await consents.give(db, user_id, NOTICE_KIND)
        await reply(update, session.render("pii_notice"), edit=False)

    return wrapped
