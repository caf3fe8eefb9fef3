"""PTB's AIORateLimiter, except that a 429 for one private chat pauses only that chat.

AIORateLimiter answers any 429 ("retry after N") by pausing every request of the bot for N
seconds. Telegram sends one when a single chat gets more than about a message a second, so
one villager's burst (or a reply and an edit in quick succession) made every other villager
wait a second or more (issue 10: an unrelated /menu waited 1.1 s with no flood at all). Here a
429 for a private chat (positive chat id) is waited out by that request alone; groups,
channels and requests without a chat keep AIORateLimiter's bot-wide pause, as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.services.broadcast import RETRY_MARGIN, retry_seconds

log = logging.getLogger(__name__)

JSON = bool | dict[str, Any] | list[dict[str, Any]]


class _HandledHere(logging.Filter):
    """The parent logs a 429 it does not retry as an error with a traceback; for private
    chats that is ours to wait out, not an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Rate limit hit after maximum of 0 retries")


class PerChatRetryRateLimiter(AIORateLimiter):
    def __init__(self, max_retries: int = 3) -> None:
        # The parent retries only what we pass on with rate_limit_args (groups, no chat).
        super().__init__(max_retries=0)
        self.retries = max_retries
        parent_log = logging.getLogger("telegram.ext.AIORateLimiter")  # PTB's name for it
        if not any(isinstance(f, _HandledHere) for f in parent_log.filters):
            parent_log.addFilter(_HandledHere())

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        retries = rate_limit_args or self.retries
        if not _private_chat(data.get("chat_id")):
            return await super().process_request(callback, args, kwargs, endpoint, data, retries)
        for attempt in range(retries + 1):
            try:
                # No rate_limit_args: the parent's own max_retries (0) raises the 429 to us
                # without pausing anyone else.
                return await super().process_request(callback, args, kwargs, endpoint, data, None)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                await asyncio.sleep(retry_seconds(exc) + RETRY_MARGIN)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _private_chat(chat_id: object) -> bool:
    try:
        return int(chat_id) > 0  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
