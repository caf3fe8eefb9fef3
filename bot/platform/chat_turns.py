"""A chat's turn across several processes: each update handled once, a chat's in order.

Inside one process :class:`~bot.platform.updates.PerChatUpdateProcessor` gives each chat a
lock. Behind a load balancer a chat's next update may reach another process, so before an
update runs its process also takes, in the shared database:

1. **The update's claim** (``update_claims``, the update_id as key, one INSERT … ON CONFLICT
   DO NOTHING): a second delivery of the same update — Telegram retrying a webhook call that
   timed out, or a proxy retrying on the next process — finds the row and is dropped.
2. **The chat's lease** (``leases`` 'chat:<id>', with an expiry renewed by the heartbeat
   while the handler runs, released after it): a chat's updates run one at a time, whichever
   process they reached. A process that dies holding one blocks that chat for at most
   ``LEASE_SECONDS``. The release leaves the lease to nobody for ``spacing`` seconds (1 s,
   Telegram's limit per chat, which each process's budget only keeps for its own messages):
   the chat's next update, wherever it runs, replies no sooner than Telegram allows.

Order. The webhook is answered only once the update holds its chat's lease
(:meth:`ChatTurns.expect` / :meth:`wait`, bot/platform/webhook.py): Telegram sends a chat's
next update after the previous one was answered, so that update finds the lease taken and
waits for it, and a chat's updates run in the order Telegram sent them.

A worker that dies mid-handling. The claim is final: the update is not handled again by
another process, though it may not have been finished. That is the choice of at most once: a
dialogue step (save a member, launch a broadcast, accept an invite) is one transaction that
either landed or not, and it cannot be known which from outside, so re-running it could apply
it twice — a silent corruption — while a lost step is visible: the villager gets no answer and
sends it again, as they would after a single process crashed (PTB has already answered that
webhook call, so Telegram would not re-send it either way).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import Enum

from bot.platform.db import coordination
from bot.platform.db.connection import Database

log = logging.getLogger(__name__)

LEASE_SECONDS = 5.0  # a dead process's chats wait at most this long; renewed every heartbeat
# How long a webhook call waits for its update's turn before it is answered anyway: the update
# stays claimed and queued here; Telegram's sequential delivery must not stall behind one
# slow chat for longer (nor time out and deliver it again).
ACK_WAIT_SECONDS = 5.0
_FIRST_POLL, _MAX_POLL = 0.01, 0.2  # seconds between attempts on a chat's lease held elsewhere


class _Claim(Enum):
    DUPLICATE = "another delivery claimed the update first"
    TURN = "the update and its chat are ours"
    WAIT = "the update is ours; its chat is busy elsewhere"


class ChatTurns:
    """This process's claims and chat leases in the shared database (module docstring)."""

    def __init__(
        self,
        db: Database,
        worker: str,
        *,
        spacing: float = 1.0,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.db, self.worker, self.lease_seconds = db, worker, lease_seconds
        self.spacing = spacing
        self._acks: dict[int, asyncio.Event] = {}
        self.duplicates = 0  # updates dropped because another delivery claimed them first

    # ------------------------------------------------------------- webhook acknowledgement

    def expect(self, update_id: int) -> None:
        """The webhook received ``update_id``: its answer waits for :meth:`acknowledge`."""
        self._acks.setdefault(update_id, asyncio.Event())

    async def wait(self, update_id: int, timeout: float = ACK_WAIT_SECONDS) -> None:
        event = self._acks.get(update_id)
        if event is None:
            return
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            self._acks.pop(update_id, None)

    def forget(self, update_id: int) -> None:
        """The webhook call failed before queueing the update: nothing will acknowledge it."""
        self._acks.pop(update_id, None)

    def acknowledge(self, update_id: int | None) -> None:
        """The update holds its turn, or will never run here: its webhook call may end."""
        event = self._acks.get(update_id) if update_id is not None else None
        if event is not None:
            event.set()

    # ------------------------------------------------------------- the turn

    @asynccontextmanager
    async def turn(self, update_id: int, chat_id: int | None) -> AsyncIterator[bool]:
        """True while this process holds the update and its chat; False for a duplicate
        (nothing to do). The webhook call is acknowledged either way."""
        try:
            claim = await self._claim(update_id, chat_id)
            if claim is _Claim.WAIT:
                assert chat_id is not None
                await self._wait_for_chat(chat_id)
        finally:
            self.acknowledge(update_id)
        if claim is _Claim.DUPLICATE:
            self.duplicates += 1
            yield False
            return
        try:
            yield True
        finally:
            if chat_id is not None:
                await self._release(chat_id)

    async def _claim(self, update_id: int, chat_id: int | None) -> _Claim:
        """Claim the update and, in the same transaction, try the chat's lease once."""
        now = time.time()
        async with self.db.write():
            if not await coordination.claim_update(self.db, update_id, self.worker, now):
                return _Claim.DUPLICATE
            if chat_id is None or await self._take(chat_id, now):
                return _Claim.TURN
        return _Claim.WAIT

    async def _wait_for_chat(self, chat_id: int) -> None:
        delay = _FIRST_POLL
        while not await self._take(chat_id, time.time()):
            await asyncio.sleep(delay)
            delay = min(_MAX_POLL, delay * 1.5)

    async def _take(self, chat_id: int, now: float) -> bool:
        name = coordination.chat_lease(chat_id)
        return await coordination.take(self.db, name, self.worker, now, now + self.lease_seconds)

    async def _release(self, chat_id: int) -> None:
        try:
            name = coordination.chat_lease(chat_id)
            if self.spacing > 0:
                until = time.time() + self.spacing
                await coordination.hand_back(self.db, name, self.worker, until)
            else:
                await coordination.release(self.db, name, self.worker)
        except Exception:  # the lease then expires on its own; the reply was already sent
            log.exception("chat lease not released")
