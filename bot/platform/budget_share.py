"""Telegram's ~30 messages/s split between several bot processes, never multiplied by them.

Each process's :class:`~bot.platform.ratelimit.SharedBudget` keeps its own sliding window;
with several processes each window gets a *capacity* (its part of the 30), and the parts add
up to at most 30 at every moment. How they are chosen (bot/platform/workers.py publishes them
in the heartbeat, about twice a second):

* **A process that does not send broadcasts** allows itself what its villagers need:
  ``ceil(recent reply rate × headroom) + reserve``, at least ``reserve`` (the first villagers
  of a burst are answered at once) and at most its fair share ``total // processes`` (a load
  balancer spreads villagers evenly, so no process needs more than its share for long).
* **The leader** (the process that sends broadcasts, and answers its own villagers first)
  takes the rest: ``total`` minus what the others *allow themselves*. Not minus what they
  measured: a measured rate is the past second, a published cap is a promise, so a sudden
  burst at another process cannot push the sum past 30 before the leader hears of it.
* **Lowering is immediate, raising waits** ``raise_delay`` seconds after it was published:
  long enough for every other process to have read it (one heartbeat) and for its own
  window of sends under the old capacity to have passed (one second). So one process raising
  while another has not yet lowered can never add up to more than 30.

The price is the reserve: with four processes and no villagers writing, the leader's
broadcast gets 30 − 3 × reserve (18/s); with two, 26/s, above the worker's own 25/s.
The unit tests run :class:`CapSchedule` on a fake clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ShareRules:
    total: int = 30  # Telegram's messages per second for the bot, all processes together
    # Replies per second a non-leader keeps ready for a burst: answers the first villagers
    # at once while its cap grows (one raise_delay later) to what they need.
    reserve: int = 4
    headroom: float = 1.5  # cap over the measured rate: room for the demand to grow
    raise_delay: float = 2.0  # one heartbeat to be read, plus a 1 s window to drain


def fair_share(rules: ShareRules, processes: int) -> int:
    return max(rules.reserve, rules.total // max(1, processes))


def reply_cap(rules: ShareRules, reply_rate: float, processes: int) -> int:
    """What a process that does not send broadcasts allows itself now."""
    wanted = math.ceil(reply_rate * rules.headroom) + rules.reserve
    return min(fair_share(rules, processes), max(rules.reserve, wanted))


def leader_capacity(rules: ShareRules, others_caps: Iterable[int]) -> int:
    """What is left for the leader's replies and broadcast after the others' promises."""
    return max(1, rules.total - sum(others_caps))


@dataclass
class CapSchedule:
    """One process's capacity over time: a lower one applies at once, a higher one only
    ``raise_delay`` after it was first published (module docstring)."""

    rules: ShareRules
    effective: int
    _pending: int | None = None
    _pending_since: float = 0.0

    def propose(self, cap: int, now: float) -> int:
        """The capacity to use from ``now``, given the one wanted."""
        self._raise_if_due(now)
        if cap <= self.effective:
            self.effective, self._pending = cap, None
        elif self._pending is None:
            self._pending, self._pending_since = cap, now  # published now, usable later
        elif cap < self._pending:
            # Less than promised: the others already count the larger figure, so the smaller
            # one keeps the promise's time. A larger one waits for this promise to come due.
            self._pending = cap
        return self.effective

    @property
    def published(self) -> int:
        """What the others must count this process for: the most it may use soon."""
        return max(self.effective, self._pending or 0)

    def _raise_if_due(self, now: float) -> None:
        if self._pending is not None and now - self._pending_since >= self.rules.raise_delay:
            self.effective, self._pending = self._pending, None
