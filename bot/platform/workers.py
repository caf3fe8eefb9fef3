"""This process as one of several ``desabot run`` workers serving one bot (DESABOT_WORKERS).

Several webhook processes behind one URL (a load balancer in front, one shared database
behind; README "Several workers") must behave as one bot. Three things are shared, all
through the database (bot/platform/db/coordination.py, portable SQL):

* **Chats** — each update is claimed once and a chat's updates take turns across processes:
  bot/platform/chat_turns.py.
* **The broadcast** — exactly one process, the *leader*, runs the broadcast worker's send
  loop. Leadership is a lease row renewed by :class:`Crew`'s heartbeat (every
  ``beat_seconds``); when the leader dies its lease expires (``lease_seconds``) and the next
  heartbeat of another process takes it, puts the dead leader's one in-flight row back in
  the queue and carries on from the stored progress. Each announcement's claim renews the
  lease in the same transaction (:meth:`Crew.confirm_leader`), so a leader that lost the
  lease (paused, cut off from the database) cannot send another one.
* **Telegram's budget** — each heartbeat publishes this process's recent reply rate and the
  capacity it allows itself; bot/platform/budget_share.py turns the others' figures into
  this process's part of the 30 messages/s.

Identity: ``DESABOT_WORKER_ID``, by default ``hostname:pid`` (unique on one machine and
across containers). Clocks: leases compare wall-clock times written by different machines;
NTP keeps them within milliseconds, far below the seconds the leases last.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections import deque
from collections.abc import Callable

from bot.platform.budget_share import CapSchedule, ShareRules, leader_capacity, reply_cap
from bot.platform.db import coordination
from bot.platform.db.connection import Database
from bot.platform.ratelimit import Priority, SharedBudget

log = logging.getLogger(__name__)

BEAT_SECONDS = 0.5
# A process not seen for this long is gone: its share goes back to the others. Shorter than
# the leases, so a dead leader no longer counts when its lease is taken over.
STALE_SECONDS = 3.0
LEASE_SECONDS = 5.0  # the leader's (and a chat's) lease; a dead leader is replaced within it
RATE_WINDOW = 2.0  # seconds over which the reply rate is measured
PRUNE_EVERY = 600.0
# Update claims are kept longer than Telegram keeps an undelivered update (24 h).
KEEP_SECONDS = 2 * 86_400.0


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Crew:
    """This process's heartbeat, leadership and budget share. ``start``/``stop`` go to
    post_init/post_shutdown."""

    def __init__(
        self,
        db: Database,
        name: str,
        budget: SharedBudget | None = None,
        *,
        rules: ShareRules | None = None,
        beat_seconds: float = BEAT_SECONDS,
        stale_seconds: float = STALE_SECONDS,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.db, self.name, self.budget = db, name, budget
        self.rules = rules or ShareRules(total=budget.capacity if budget else 30)
        self.beat_seconds, self.stale_seconds = beat_seconds, stale_seconds
        self.lease_seconds = lease_seconds
        self.leading = False
        self.term = 0  # +1 each time this process becomes leader: the worker recovers then
        self.others: list[coordination.Heartbeat] = []
        self._schedule = CapSchedule(self.rules, effective=self.rules.reserve)
        self._replies: deque[tuple[float, int]] = deque()
        self._on_lead: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._pruned_at = 0.0

    def on_lead(self, callback: Callable[[], None]) -> None:
        """Called each time this process becomes the leader (the broadcast worker wakes)."""
        self._on_lead.append(callback)

    async def start(self) -> None:
        if self.budget is not None:
            self.budget.set_capacity(self._schedule.effective)
        await self.beat()  # leadership is known before the broadcast worker starts
        self._task = asyncio.create_task(self._run(), name="worker-heartbeat")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.leading = False
        try:
            await coordination.leave(self.db, self.name)  # the next leader need not wait
        except Exception:
            log.exception("could not leave the workers' table; the lease will expire")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.beat_seconds)
            try:
                await self.beat()
            except Exception:  # the database away for a moment: the leases say what holds
                log.exception("worker heartbeat failed")

    async def beat(self) -> None:
        """Say alive, keep this process's leases, try for leadership, recompute the share."""
        now = time.time()
        rate = self._reply_rate(now)
        until = now + self.lease_seconds
        async with self.db.write():
            await coordination.beat(self.db, self.name, now, rate, self._schedule.published)
            kept = await coordination.renew(self.db, coordination.LEADER, self.name, now, until)
            taken = kept or await coordination.take(
                self.db, coordination.LEADER, self.name, now, until
            )
            await coordination.renew_all(self.db, self.name, now, until)  # chats in hand
        self.others = [
            h
            for h in await coordination.alive(self.db, now - self.stale_seconds)
            if h.worker != self.name
        ]
        self._lead(taken, new_term=taken and not kept)
        self._share(rate, now)
        if self.leading and now - self._pruned_at > PRUNE_EVERY:
            self._pruned_at = now
            await coordination.forget_before(self.db, now - KEEP_SECONDS)

    async def confirm_leader(self) -> bool:
        """Inside the caller's write transaction: still the leader (the lease renewed), or
        not any more (the caller must not send)."""
        now = time.time()
        if self.leading and await coordination.renew(
            self.db, coordination.LEADER, self.name, now, now + self.lease_seconds
        ):
            return True
        if self.leading:
            log.warning("worker %s lost the leader's lease", self.name)
        self.leading = False
        return False

    def _lead(self, leading: bool, *, new_term: bool) -> None:
        if leading and (new_term or not self.leading):
            self.term += 1
            log.info("worker %s leads (term %d): it sends the broadcasts", self.name, self.term)
            self.leading = True
            for callback in self._on_lead:
                callback()
        self.leading = leading

    def _reply_rate(self, now: float) -> float:
        """Replies started per second over the last RATE_WINDOW seconds."""
        if self.budget is None:
            return 0.0
        count = self.budget.started[Priority.REPLY]
        self._replies.append((now, count))
        while len(self._replies) > 1 and now - self._replies[1][0] >= RATE_WINDOW:
            self._replies.popleft()
        first_time, first_count = self._replies[0]
        elapsed = now - first_time
        return (count - first_count) / elapsed if elapsed > 0 else 0.0

    def _share(self, rate: float, now: float) -> None:
        """This process's part of Telegram's budget (bot/platform/budget_share.py)."""
        if self.budget is None:
            return
        if not self.others:
            wanted = self.rules.total  # alone (the others stopped or died): all of it
        elif self.leading:
            wanted = leader_capacity(self.rules, (h.reply_cap for h in self.others))
        else:
            wanted = reply_cap(self.rules, rate, len(self.others) + 1)
        self.budget.set_capacity(self._schedule.propose(wanted, now))
