"""One budget for every message the bot sends: Telegram's limits, villagers' replies first.

Telegram lets a bot send about 30 messages per second overall, one per second in a chat and 20
per minute in a group, and answers 429 "retry after N" beyond that. PTB's AIORateLimiter let a
burst through and then paused every request after each 429; the broadcast worker paced itself
with a bucket of its own, so replies and announcements together went past 30/s (issue 15).
Here one :class:`Budget` holds all of it, shared by the Application's requests (through
:class:`BudgetRateLimiter`) and the broadcast worker's (``TelegramSender(budget=...)``):

* **Never more than ``per_second`` in any ``window``.** A message costs its slot from the
  moment it is started until ``window`` seconds after its answer came back. Telegram (or the
  sandbox) counted it somewhere in between, so no clock skew or network jitter can put more than
  30 into one of its seconds; the price is the round-trip time per slot (locally 29.5/s of 30).
* **Replies first.** Waiting requests are granted by priority (``REPLY`` before
  ``BROADCAST``), first come first served within one: the worker gets what replies leave over.
* **Chats.** A chat's next message starts ``chat_interval`` (1 s) after its previous one was
  answered; a group also gets at most ``group_per_minute`` in any 60 s. A chat that must wait
  holds up nobody else.
* **429 anyway** (another bot process on the same token, Telegram being stricter): the chat,
  or everything when the request had no chat, is paused for ``retry_after`` and the request is
  retried (up to ``max_retries``).

:class:`Budget` is the pure bookkeeping (a clock is injected, the unit tests run it on a fake
one); :class:`SharedBudget` puts it on the event loop. One process, one budget: several bot
processes on the same token would each believe they have 30/s.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
import warnings
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Coroutine, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import IntEnum
from typing import Any

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.platform import metrics

__all__ = [
    "RETRY_MARGIN",
    "TELEGRAM",
    "Budget",
    "BudgetRateLimiter",
    "Priority",
    "SharedBudget",
    "TelegramLimits",
    "costs_budget",
    "retry_seconds",
]

log = logging.getLogger(__name__)

JSON = bool | dict[str, Any] | list[dict[str, Any]]
RETRY_MARGIN = 0.1  # seconds added to retry_after, as AIORateLimiter does
GROUP_WINDOW = 60.0


@dataclass(frozen=True)
class TelegramLimits:
    per_second: int = 30  # messages in any ``window`` seconds, all chats together
    window: float = 1.0
    chat_interval: float = 1.0  # seconds between two messages to one chat
    group_per_minute: int = 20


TELEGRAM = TelegramLimits()


class Priority(IntEnum):
    REPLY = 0  # answers to villagers, officers' screens: someone is waiting
    BROADCAST = 1  # announcements: take what replies leave


def costs_budget(endpoint: str) -> bool:
    """What Telegram counts as a message: send* (not sendChatAction), edit*, copy, forward."""
    name = endpoint.lower()
    if name == "sendchataction":
        return False
    return name.startswith(("send", "edit", "copymessage", "forwardmessage"))


def retry_seconds(exc: RetryAfter) -> float:
    # PTB 22.2+ warns that retry_after becomes a timedelta; accept both without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat_key(chat_id: object) -> Hashable | None:
    """Numeric ids as ints (so 5 and "5" are one chat), @channel names as they are."""
    if chat_id is None or chat_id == "":
        return None
    try:
        return int(chat_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(chat_id)


def _is_group(key: Hashable | None) -> bool:
    return isinstance(key, int) and key < 0


@dataclass(eq=False)
class Ticket:
    """One request's claim on the budget."""

    chat: Hashable | None
    priority: int
    seq: int
    granted: bool = False
    finished: bool = False
    chat_free_before: float = 0.0  # to give an unused slot back exactly

    @property
    def order(self) -> tuple[int, int]:
        return (self.priority, self.seq)


@dataclass
class Budget:
    """The bookkeeping: who may send now, and when to look again (module docstring)."""

    limits: TelegramLimits = TELEGRAM
    clock: Callable[[], float] = time.monotonic
    _waiting: list[Ticket] = field(default_factory=list)  # sorted by (priority, seq)
    _in_flight: int = 0
    _recent: deque[float] = field(default_factory=deque)  # answers within the last window
    _chat_free: dict[Hashable, float] = field(default_factory=dict)  # inf while in flight
    _groups: dict[Hashable, deque[float]] = field(default_factory=dict)  # starts, last 60 s
    _paused_until: float = 0.0
    _paused_chats: dict[Hashable, float] = field(default_factory=dict)  # after a 429
    _seq: itertools.count[int] = field(default_factory=itertools.count)

    # ------------------------------------------------------------- requests

    def ask(self, chat_id: object, priority: int = Priority.REPLY) -> Ticket:
        ticket = Ticket(_chat_key(chat_id), int(priority), next(self._seq))
        index = len(self._waiting)
        while index and self._waiting[index - 1].order > ticket.order:
            index -= 1
        self._waiting.insert(index, ticket)
        return ticket

    def grant(self) -> list[Ticket]:
        """Tickets that may start now, highest priority first; their slots are taken."""
        now = self.clock()
        self._expire(now)
        if now < self._paused_until:
            return []
        free = self.limits.per_second - self._in_flight - len(self._recent)
        granted: list[Ticket] = []
        for ticket in list(self._waiting):
            if free <= 0:
                break
            if self._chat_ready(ticket.chat, now):
                self._take(ticket, now)
                granted.append(ticket)
                free -= 1
        return granted

    def finish(self, ticket: Ticket) -> None:
        """The request was answered (whatever the answer): its slot frees a window later."""
        if not ticket.granted or ticket.finished:
            return
        ticket.finished = True
        now = self.clock()
        self._in_flight -= 1
        self._recent.append(now)
        if ticket.chat is None:
            return
        self._chat_free[ticket.chat] = max(
            now + self.limits.chat_interval, self._paused_chat(ticket.chat)
        )
        starts = self._groups.get(ticket.chat)
        if starts:  # a group's minute also counts from the answer (one in flight per chat)
            starts[-1] = now

    def withdraw(self, ticket: Ticket) -> None:
        """The request will not be made (cancelled): forget it, or give its slot back."""
        if not ticket.granted:
            if ticket in self._waiting:
                self._waiting.remove(ticket)
            return
        if ticket.finished:
            return
        ticket.finished = True
        self._in_flight -= 1
        if ticket.chat is not None:
            self._chat_free[ticket.chat] = ticket.chat_free_before
            starts = self._groups.get(ticket.chat)
            if starts:
                starts.pop()

    def pause(self, chat_id: object, seconds: float) -> None:
        """After a 429: the chat (or, without a chat, everything) waits ``seconds``."""
        until = self.clock() + seconds
        chat = _chat_key(chat_id)
        if chat is None:
            self._paused_until = max(self._paused_until, until)
            return
        self._chat_free[chat] = max(self._chat_free.get(chat, 0.0), until)
        self._paused_chats[chat] = until

    # ------------------------------------------------------------- state

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def next_check(self) -> float | None:
        """Seconds until a waiting request might be granted; None when none waits, or when
        only an answer still in flight can free what it needs."""
        if not self._waiting:
            return None
        now = self.clock()
        if now < self._paused_until:
            return self._paused_until - now
        times: list[float] = []
        if self._in_flight + len(self._recent) >= self.limits.per_second:
            if self._recent:
                times.append(self._recent[0] + self.limits.window)
        else:
            for ticket in self._waiting:
                ready = self._chat_ready_at(ticket.chat)
                if math.isfinite(ready):
                    times.append(ready)
        return max(0.0, min(times) - now) if times else None

    # ------------------------------------------------------------- internals

    def _paused_chat(self, chat: Hashable) -> float:
        return self._paused_chats.get(chat, 0.0)

    def _expire(self, now: float) -> None:
        horizon = now - self.limits.window
        while self._recent and self._recent[0] <= horizon:
            self._recent.popleft()
        if len(self._chat_free) > 4096:  # keep only chats that still have to wait
            self._chat_free = {c: t for c, t in self._chat_free.items() if t > now}
            self._paused_chats = {c: t for c, t in self._paused_chats.items() if t > now}
        if len(self._groups) > 1024:
            self._groups = {
                g: s for g, s in self._groups.items() if s and s[-1] > now - GROUP_WINDOW
            }

    def _chat_ready_at(self, chat: Hashable | None) -> float:
        if chat is None:
            return 0.0
        ready = self._chat_free.get(chat, 0.0)
        starts = self._groups.get(chat)
        if _is_group(chat) and starts and len(starts) >= self.limits.group_per_minute:
            ready = max(ready, starts[-self.limits.group_per_minute] + GROUP_WINDOW)
        return ready

    def _chat_ready(self, chat: Hashable | None, now: float) -> bool:
        if chat is not None and _is_group(chat):
            starts = self._groups.get(chat)
            while starts and starts[0] <= now - GROUP_WINDOW:
                starts.popleft()
        return self._chat_ready_at(chat) <= now

    def _take(self, ticket: Ticket, now: float) -> None:
        self._waiting.remove(ticket)
        ticket.granted = True
        self._in_flight += 1
        if ticket.chat is None:
            return
        ticket.chat_free_before = self._chat_free.get(ticket.chat, 0.0)
        self._chat_free[ticket.chat] = math.inf  # one message per chat at a time
        if _is_group(ticket.chat):
            self._groups.setdefault(ticket.chat, deque()).append(now)


class SharedBudget:
    """:class:`Budget` on the running event loop: ``async with budget.slot(chat, priority)``
    around the request."""

    def __init__(self, limits: TelegramLimits = TELEGRAM) -> None:
        self.limits = limits
        self.core = Budget(limits, clock=time.monotonic)
        self._futures: dict[Ticket, asyncio.Future[None]] = {}
        self._timer: asyncio.TimerHandle | None = None
        # Messages started, by priority, since start: another process's share is computed
        # from this one's recent reply rate (bot/platform/workers.py).
        self.started: Counter[int] = Counter()

    @property
    def capacity(self) -> int:
        return self.core.limits.per_second

    def set_capacity(self, per_second: int) -> None:
        """This process's part of the bot's messages per second (several processes on one
        token). A lower one applies to the window already under way: nothing more starts
        until the window has drained below it."""
        if per_second != self.core.limits.per_second:
            self.core.limits = replace(self.core.limits, per_second=max(1, per_second))
            self._dispatch()

    @asynccontextmanager
    async def slot(self, chat_id: object, priority: int = Priority.REPLY) -> AsyncIterator[None]:
        ticket = self.core.ask(chat_id, priority)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._futures[ticket] = future
        self._dispatch()
        try:
            await future
        except BaseException:  # cancelled while waiting, or just after being granted
            self._futures.pop(ticket, None)
            self.core.withdraw(ticket)
            self._dispatch()
            raise
        self.started[ticket.priority] += 1
        try:
            yield
        finally:
            self.core.finish(ticket)
            self._dispatch()

    def pause(self, chat_id: object, seconds: float) -> None:
        self.core.pause(chat_id, seconds)
        self._dispatch()

    @property
    def waiting(self) -> int:
        return self.core.waiting

    def _dispatch(self) -> None:
        for ticket in self.core.grant():
            future = self._futures.pop(ticket, None)
            if future is None or future.done():
                self.core.withdraw(ticket)  # its task was cancelled meanwhile
            else:
                future.set_result(None)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        delay = self.core.next_check()
        if delay is not None:
            # A millisecond late rather than early: a timer that fires a hair before the slot
            # frees would grant nothing and spin.
            self._timer = asyncio.get_running_loop().call_later(delay + 0.001, self._dispatch)


class BudgetRateLimiter(BaseRateLimiter[int]):
    """PTB's rate-limiter hook over a :class:`SharedBudget` (the Application's requests).

    ``rate_limit_args`` (an int) overrides ``max_retries`` for one call, as in AIORateLimiter.
    Every call is counted in the metrics by method and outcome; getUpdates never comes here
    (PTB sends it around the rate limiter) and is counted by bot/platform/health.py.
    """

    def __init__(
        self,
        budget: SharedBudget | None = None,
        *,
        max_retries: int = 3,
        priority: int = Priority.REPLY,
    ) -> None:
        self.budget = budget or SharedBudget()
        self.max_retries = max_retries
        self.priority = priority

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        for attempt in range(retries + 1):
            try:
                return await self._once(callback, args, kwargs, endpoint, chat_id)
            except RetryAfter as exc:
                seconds = retry_seconds(exc) + RETRY_MARGIN
                if attempt == retries:
                    raise
                log.info("429 on %s: waiting %.1f s before retrying", endpoint, seconds)
                if costs_budget(endpoint):
                    self.budget.pause(chat_id, seconds)  # the retry's slot waits for it
                else:
                    await asyncio.sleep(seconds)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _once(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        chat_id: object,
    ) -> JSON:
        try:
            if not costs_budget(endpoint):
                result = await callback(*args, **kwargs)
            else:
                async with self.budget.slot(chat_id, self.priority):
                    result = await callback(*args, **kwargs)
        except TelegramError as exc:
            metrics.api_call(endpoint, exc)
            raise
        metrics.api_call(endpoint, None)
        return result
