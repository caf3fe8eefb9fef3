"""A 429 for one villager's chat must not pause the bot for everyone (issue 10, High 2)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from telegram.error import RetryAfter

from bot.platform.ratelimit import PerChatRetryRateLimiter


async def test_a_429_for_one_private_chat_pauses_only_that_chat() -> None:
    limiter = PerChatRetryRateLimiter(max_retries=3)
    refused_once: set[int] = set()
    answered_at: dict[int, float] = {}

    async def send(chat_id: int) -> dict[str, Any]:
        if chat_id == 1 and chat_id not in refused_once:
            refused_once.add(chat_id)
            raise RetryAfter(1)
        answered_at[chat_id] = time.monotonic()
        return {"ok": True}

    async def request(chat_id: int) -> object:
        data = {"chat_id": chat_id}
        return await limiter.process_request(send, (chat_id,), {}, "sendMessage", data, None)

    started = time.monotonic()
    flooder = asyncio.create_task(request(1))
    await asyncio.sleep(0.05)  # chat 1 got its 429 and waits
    assert await request(2) == {"ok": True}
    assert answered_at[2] - started < 0.5  # chat 2 was not held up for the second
    assert await flooder == {"ok": True}  # chat 1's message still went out, after the wait
    assert answered_at[1] - started >= 1.0
