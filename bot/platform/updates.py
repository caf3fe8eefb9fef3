"""Process updates of different chats concurrently, each chat's updates in order, and keep one
flooding chat from stalling everyone else.

PTB's default handles one update at a time, so one slow reply makes every other villager
wait; its ``concurrent_updates=True`` runs everything at once, so a double tap or two quick
messages from the same person could be handled out of order. This processor gives each chat
a lock: chats run side by side, a chat's own updates keep their order. Dialogue state lives in
SQLite, not in a ConversationHandler, so PTB's warning about concurrency does not apply.

Slots. PTB's ``BaseUpdateProcessor.process_update`` takes its semaphore before calling
``do_process_update``; a chat's updates waiting there for that chat's lock would each hold a
slot, so one chat sending 300 messages filled all of them and another villager's /start
waited behind the whole burst (issue 10). So PTB's semaphore here only bounds how many
updates are held in memory (``MAX_PENDING_UPDATES``), and this class's own slots
(``max_concurrent_updates``) are taken *after* a chat's turn has come: a chat waiting for its
own lock holds nothing.

Flooding. A chat that sends faster than it is answered builds a queue; once
``max_queued`` of its updates wait or run, a further one is dropped unprocessed (answering a
backlog of hundreds would only keep that person's screen scrolling for minutes). A person who
waits for the answers never comes near it; a stuck key, a script or a forwarded history does.
The first dropped update of a flood gets one polite notice (``on_flood``); the chat is told
again only after its queue has emptied. Other chats are never throttled, and the flooding
chat holds at most one processing slot at a time.

Replays. An update whose ``update_id`` was among the last ``RECENT_UPDATE_IDS`` seen is
dropped: Telegram retries a webhook call it thinks failed, and anyone holding the webhook
secret could replay a captured one; each update is processed once.

Several processes (``turns``, bot/platform/chat_turns.py). Once a chat's turn has come here,
the update is also claimed in the shared database and the chat's lease taken there, so a
repeat delivered to another process is dropped and a chat's updates never run in two
processes at once. Alone, a process skips this (no extra writes per update).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

from bot.platform import metrics
from bot.platform.chat_turns import ChatTurns
from bot.platform.db import users
from bot.platform.i18n import pick_language

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64
MAX_PENDING_UPDATES = 10_000  # updates held in memory at once (PTB's semaphore)
# Updates of one chat waiting or running at once before more are dropped: above an album of
# ten photos plus a caption or two, far above anyone who reads the answers.
MAX_QUEUED_PER_CHAT = 12
RECENT_UPDATE_IDS = 10_000  # ids remembered to drop a repeated update

FloodHook = Callable[[Update], Awaitable[None]]


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        *,
        max_queued: int = MAX_QUEUED_PER_CHAT,
        on_flood: FloodHook | None = None,
        turns: ChatTurns | None = None,
    ) -> None:
        super().__init__(MAX_PENDING_UPDATES)  # see "Slots" in the module docstring
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self.slots = max_concurrent_updates
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self.max_queued = max_queued
        self._told: set[int] = set()  # chats told about their flood, until their queue empties
        self.on_flood = on_flood
        self.dropped = 0  # updates refused as a flood since start
        self._recent_ids: set[int] = set()
        self._recent_order: deque[int] = deque()
        self.turns = turns

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._seen_before(update):
            self._acknowledge(update)
            _close(coroutine)
            metrics.UPDATES_DROPPED.labels("repeated").inc()
            log.info("update %s repeated; dropped", getattr(update, "update_id", "?"))
            return
        key = _chat_key(update)
        if key is None:
            await self._run(update, None, coroutine)
            return
        if self._waiting.get(key, 0) >= self.max_queued:
            self._acknowledge(update)
            self._drop(update, coroutine, tell=key not in self._told)
            self._told.add(key)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            # The chat's turn first, holding no slot; then one of the processing slots.
            async with lock:
                await self._run(update, key, coroutine)
        finally:
            self._release(key)

    async def _run(self, update: object, key: int | None, coroutine: Awaitable[Any]) -> None:
        """Handle the update in a processing slot; with several processes, only once it is
        claimed here and its chat is free in all of them."""
        if self.turns is None or not isinstance(update, Update):
            async with self._slots:
                await metrics.timed_update(update, coroutine)
            return
        try:
            async with self.turns.turn(update.update_id, key) as mine:
                if not mine:
                    _close(coroutine)
                    metrics.UPDATES_DROPPED.labels("repeated").inc()
                    log.info("update %s claimed by another delivery; dropped", update.update_id)
                    return
                async with self._slots:
                    await metrics.timed_update(update, coroutine)
        except Exception:
            _close(coroutine)  # the database refused the claim: the handler never started
            raise

    def _acknowledge(self, update: object) -> None:
        if self.turns is not None and isinstance(update, Update):
            self.turns.acknowledge(update.update_id)

    def _drop(self, update: object, coroutine: Awaitable[Any], tell: bool) -> None:
        self.dropped += 1
        metrics.UPDATES_DROPPED.labels("flood").inc()
        _close(coroutine)
        if tell and self.on_flood is not None and isinstance(update, Update):
            # Its own task: the notice must not wait in this chat's queue.
            asyncio.get_running_loop().create_task(self._tell(update))

    async def _tell(self, update: Update) -> None:
        assert self.on_flood is not None
        try:
            await self.on_flood(update)
        except (TelegramError, OSError) as exc:
            log.info("flood notice not delivered: %s", type(exc).__name__)

    def _seen_before(self, update: object) -> bool:
        if not isinstance(update, Update):
            return False
        if update.update_id in self._recent_ids:
            return True
        self._recent_ids.add(update.update_id)
        self._recent_order.append(update.update_id)
        if len(self._recent_order) > RECENT_UPDATE_IDS:
            self._recent_ids.discard(self._recent_order.popleft())
        return False

    def _release(self, key: int) -> None:
        # Forget idle chats so the dict does not grow with every villager ever seen.
        self._waiting[key] -= 1
        if self._waiting[key] == 0:
            del self._waiting[key]
            del self._locks[key]
            self._told.discard(key)  # the flood is over: a new one is told again

    async def initialize(self) -> None:
        """Nothing to set up; required by BaseUpdateProcessor."""

    async def shutdown(self) -> None:
        """Nothing to release; required by BaseUpdateProcessor."""


def flood_notice(services: Services) -> FloodHook:
    """The one polite message a flooding chat gets, in its user's language."""

    async def tell(update: Update) -> None:
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        stored = await users.get(services.db, user.id) if user is not None else None
        telegram_language = user.language_code if user is not None else None
        language = stored.language if stored else pick_language(telegram_language)
        text = services.i18n.render("flood_notice", language)
        await update.get_bot().send_message(chat.id, text)

    return tell


def _close(coroutine: Awaitable[Any]) -> None:
    """A handler coroutine we decided not to run: close it (no "never awaited" warning)."""
    if isinstance(coroutine, Coroutine):
        coroutine.close()


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None
