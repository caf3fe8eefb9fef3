"""One message budget (issue 15): never more than 30 in a second, replies before broadcasts,
a chat's messages a second apart, 20 a minute per group, a 429 pauses only its chat."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.platform.ratelimit import (
    Budget,
    BudgetRateLimiter,
    Priority,
    SharedBudget,
    TelegramLimits,
    Ticket,
    costs_budget,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def simulate(
    budget: Budget, clock: FakeClock, latency: float | tuple[float, float], seed: int = 1
) -> list[tuple[float, Ticket]]:
    """Run every waiting request to its answer; returns (start time, ticket) in start order.
    Each request takes ``latency`` seconds (or a random time in that range) to be answered."""
    rng = random.Random(seed)
    in_flight: list[tuple[float, Ticket]] = []
    starts: list[tuple[float, Ticket]] = []
    while budget.waiting or in_flight:
        for ticket in budget.grant():
            took = latency if isinstance(latency, float) else rng.uniform(*latency)
            starts.append((clock.now, ticket))
            in_flight.append((clock.now + took, ticket))
        moments = [end for end, _ in in_flight]
        wait = budget.next_check()
        if wait is not None:
            moments.append(clock.now + max(wait, 1e-6))
        assert moments, "requests wait but nothing can ever free a slot"
        clock.now = min(moments)
        for item in [i for i in in_flight if i[0] <= clock.now]:
            in_flight.remove(item)
            budget.finish(item[1])
    return starts


def most_in_any_window(times: list[float], seconds: float) -> int:
    times = sorted(times)
    best, first = 0, 0
    for last, t in enumerate(times):
        while times[first] <= t - seconds:
            first += 1
        best = max(best, last - first + 1)
    return best


def test_a_flood_never_puts_more_than_30_into_any_second_and_still_uses_the_budget() -> None:
    clock = FakeClock()
    budget = Budget(clock=clock)
    for n in range(600):  # 300 villagers' replies and 300 announcements, all at once
        budget.ask(1000 + n, Priority.REPLY if n % 2 else Priority.BROADCAST)
    starts = [t for t, _ in simulate(budget, clock, latency=(0.005, 0.03))]
    assert len(starts) == 600
    assert most_in_any_window(starts, 1.0) <= 30
    assert 600 / (max(starts) + 0.03) >= 28.5  # messages per second delivered


def test_replies_go_first_and_the_broadcast_takes_what_is_left() -> None:
    clock = FakeClock()
    budget = Budget(clock=clock)
    for n in range(100):
        budget.ask(5000 + n, Priority.BROADCAST)
    for n in range(40):
        budget.ask(9000 + n, Priority.REPLY)
    order = [ticket.priority for _, ticket in simulate(budget, clock, latency=0.01)]
    assert order == [Priority.REPLY] * 40 + [Priority.BROADCAST] * 100


def test_a_reply_asked_during_a_broadcast_gets_the_next_free_slot() -> None:
    clock = FakeClock()
    budget = Budget(clock=clock)
    broadcast = [budget.ask(5000 + n, Priority.BROADCAST) for n in range(60)]
    first = budget.grant()
    assert len(first) == 30 and all(t in broadcast for t in first)
    clock.now = 0.02
    for ticket in first:
        budget.finish(ticket)
    reply = budget.ask(42, Priority.REPLY)
    clock.now = 1.02  # the first second's slots free up: the reply is served before the rest
    granted = budget.grant()
    assert granted[0] is reply and len(granted) == 30


def test_one_chats_messages_are_a_second_apart_and_hold_up_nobody_else() -> None:
    clock = FakeClock()
    budget = Budget(clock=clock)
    answer, offer = budget.ask(7, Priority.REPLY), budget.ask(7, Priority.REPLY)
    other = budget.ask(8, Priority.REPLY)
    starts = {id(t): when for when, t in simulate(budget, clock, latency=0.05)}
    assert starts[id(answer)] == 0.0 and starts[id(other)] == 0.0
    assert starts[id(offer)] == pytest.approx(1.05)  # a second after the answer was answered


def test_a_group_gets_at_most_20_messages_a_minute() -> None:
    clock = FakeClock()
    budget = Budget(clock=clock)
    group = -100_123
    for _ in range(45):
        budget.ask(group, Priority.REPLY)
    starts = [t for t, _ in simulate(budget, clock, latency=0.02)]
    assert len(starts) == 45
    assert most_in_any_window(starts, 60.0) == 20
    assert starts[20] >= starts[0] + 60.0
    assert starts[1] >= starts[0] + 1.0  # and a second apart, as any chat


def test_a_429_pauses_its_chat_and_a_429_without_a_chat_pauses_everything() -> None:
    clock = FakeClock()
    budget = Budget(clock=clock)
    budget.pause(7, 5.0)
    seven, eight = budget.ask(7), budget.ask(8)
    assert budget.grant() == [eight]
    assert budget.next_check() == pytest.approx(5.0)
    clock.now = 5.0
    assert budget.grant() == [seven]
    budget.pause(None, 3.0)
    later = budget.ask(9)
    assert budget.grant() == []
    clock.now = 8.0
    assert budget.grant() == [later]


def test_a_request_given_up_returns_its_slot() -> None:
    clock = FakeClock()
    budget = Budget(TelegramLimits(per_second=1), clock=clock)
    first = budget.ask(1)
    assert budget.grant() == [first]
    second = budget.ask(2)
    assert budget.grant() == []
    budget.withdraw(first)  # cancelled before it was sent: costs nothing
    assert budget.grant() == [second]


def test_what_costs_budget() -> None:
    assert costs_budget("sendMessage") and costs_budget("editMessageText")
    assert costs_budget("copyMessage") and costs_budget("forwardMessage")
    assert not costs_budget("sendChatAction")
    assert not costs_budget("answerCallbackQuery") and not costs_budget("getMe")


async def test_a_429_for_one_chat_is_retried_after_retry_after_and_pauses_only_that_chat() -> None:
    limiter = BudgetRateLimiter(SharedBudget(), max_retries=3)
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


async def test_replies_overtake_announcements_waiting_on_the_event_loop() -> None:
    budget = SharedBudget(TelegramLimits(per_second=2))
    order: list[str] = []

    async def send(name: str, chat: int, priority: Priority) -> None:
        async with budget.slot(chat, priority):
            order.append(name)

    tasks = [asyncio.create_task(send(f"b{n}", 100 + n, Priority.BROADCAST)) for n in range(4)]
    await asyncio.sleep(0)  # two announcements take the two slots, two wait
    tasks += [asyncio.create_task(send(f"r{n}", 200 + n, Priority.REPLY)) for n in range(2)]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
    assert order == ["b0", "b1", "r0", "r1", "b2", "b3"]


async def test_a_cancelled_waiter_leaves_no_slot_taken() -> None:
    budget = SharedBudget(TelegramLimits(per_second=1))
    async with budget.slot(1):
        waiter = asyncio.create_task(budget.slot(2).__aenter__())
        await asyncio.sleep(0)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    assert budget.waiting == 0 and budget.core.in_flight == 0
