"""Telegram's flood limits, simulated with sliding windows (off by default).

Telegram documents about 30 messages per second overall, 1 per second per chat and 20 per
minute per group, answering 429 "Too Many Requests: retry after N" beyond them. The sandbox
enforces whichever of these are configured so the broadcast worker's pacing and its handling of
``retry_after`` can be tested. A refused request does not count, as with Telegram.

Counted: send* (except sendChatAction), edit*, copyMessage and forwardMessage; each handler
calls :meth:`RateLimiter.acquire` after its own validation, so a 400 costs no budget.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.params import ApiError

__all__ = ["JITTER_SECONDS", "Limits", "RateLimiter", "Window"]

# A request this much earlier than a full window still counts as outside it: network jitter
# must not turn a sender that paces exactly at the limit (e.g. PTB's AIORateLimiter, 1 s per
# chat) into a flood.
JITTER_SECONDS = 0.02


@dataclass(slots=True)
class Limits:
    """Configured limits; None switches a limit off."""

    per_second: float | None = None
    per_chat_per_second: float | None = None
    per_group_per_minute: int | None = None

    def enabled(self) -> bool:
        return any(
            v is not None
            for v in (self.per_second, self.per_chat_per_second, self.per_group_per_minute)
        )

    def to_json(self) -> dict[str, float | int | None]:
        return {
            "per_second": self.per_second,
            "per_chat_per_second": self.per_chat_per_second,
            "per_group_per_minute": self.per_group_per_minute,
        }


class Window:
    """At most ``count`` events in any ``seconds``-long sliding window."""

    __slots__ = ("count", "seconds", "times")

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self.times: deque[float] = deque()

    @classmethod
    def per_second(cls, rate: float) -> Window:
        # Rates below 1/s become "one per 1/rate seconds" so that 0.5 means one every 2 s.
        if rate >= 1:
            return cls(int(rate), 1.0)
        return cls(1, 1.0 / max(rate, 1e-6))

    def retry_after(self, now: float) -> float | None:
        """Seconds until a slot frees up, or None when one is free now."""
        times, horizon = self.times, now - self.seconds + JITTER_SECONDS
        while times and times[0] <= horizon:
            times.popleft()
        if len(times) < self.count:
            return None
        return times[0] + self.seconds - JITTER_SECONDS - now

    def record(self, now: float) -> None:
        self.times.append(now)


class RateLimiter:
    """Checks and records message-producing requests against :class:`Limits`."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._overall: Window | None = None
        self._chats: dict[int, Window] = {}
        self._groups: dict[int, Window] = {}
        self.configure(limits)

    def configure(self, limits: Limits) -> None:
        """Apply new limits; windows start empty."""
        self.limits = limits
        self._overall = Window.per_second(limits.per_second) if limits.per_second else None
        self._chats.clear()
        self._groups.clear()

    def _windows(self, chat_id: int | None) -> list[Window]:
        limits, windows = self.limits, []
        if self._overall is not None:
            windows.append(self._overall)
        if chat_id is not None and limits.per_chat_per_second:
            window = self._chats.get(chat_id)
            if window is None:
                window = self._chats[chat_id] = Window.per_second(limits.per_chat_per_second)
            windows.append(window)
        if chat_id is not None and chat_id < 0 and limits.per_group_per_minute:
            window = self._groups.get(chat_id)
            if window is None:
                window = self._groups[chat_id] = Window(limits.per_group_per_minute, 60.0)
            windows.append(window)
        return windows

    def acquire(self, chat_id: int | None) -> None:
        """Record one request for ``chat_id`` or raise a 429 :class:`ApiError`."""
        if not self.limits.enabled():
            return
        now = self._clock()
        windows = self._windows(chat_id)
        waits = [w for w in (win.retry_after(now) for win in windows) if w is not None]
        if waits:
            retry = max(1, math.ceil(max(waits)))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
        for window in windows:
            window.record(now)
