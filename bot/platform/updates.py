"""Process updates of different chats concurrently, and each chat's updates in order.

PTB's default handles one update at a time, so one slow reply makes every other villager
wait; its ``concurrent_updates=True`` runs everything at once, so a double tap or two quick
messages from the same person could be handled out of order. This processor gives each chat
a lock: chats run side by side, a chat's own updates keep their order. Dialogue state lives in
SQLite, not in a ConversationHandler, so PTB's warning about concurrency does not apply.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._release(key)

    def _release(self, key: int) -> None:
        # Forget idle chats so the dict does not grow with every villager ever seen.
        self._waiting[key] -= 1
        if self._waiting[key] == 0:
            del self._waiting[key]
            del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up; required by BaseUpdateProcessor."""

    async def shutdown(self) -> None:
        """Nothing to release; required by BaseUpdateProcessor."""


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None
