"""Several processes on one database: claims, leases, leadership and the shared budget.

Each "process" here is its own :class:`Database` on the same SQLite file (its own writer
connection, as a second `desabot run` would have), so every race goes through SQLite's
locking exactly as between processes. tests/e2e/test_several_workers.py runs real processes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.platform.budget_share import (
    CapSchedule,
    ShareRules,
    fair_share,
    leader_capacity,
    reply_cap,
)
from bot.platform.chat_turns import ChatTurns
from bot.platform.db import coordination
from bot.platform.db.connection import Database
from bot.platform.ratelimit import Priority, SharedBudget
from bot.platform.workers import Crew


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    path = tmp_path / "shared.sqlite3"
    first = Database(path)
    await first.initialize()
    second = Database(path)
    await second.initialize()
    yield first, second
    await second.shutdown()
    await first.shutdown()


# ----------------------------------------------------------------- the repository


async def test_an_update_is_claimed_by_the_first_process_only(two: tuple[Database, Database]):
    a, b = two
    assert await coordination.claim_update(a, 77, "a", 1000.0)
    assert not await coordination.claim_update(b, 77, "b", 1000.1)
    assert not await coordination.claim_update(a, 77, "a", 1000.2)  # a repeat to the same one
    assert await coordination.claim_update(b, 78, "b", 1000.3)


async def test_a_lease_is_held_until_it_expires_or_is_released(two: tuple[Database, Database]):
    a, b = two
    assert await coordination.take(a, "chat:5", "a", 100.0, 105.0)
    assert not await coordination.take(b, "chat:5", "b", 101.0, 106.0)
    assert await coordination.take(a, "chat:5", "a", 102.0, 107.0)  # its own: extended
    assert await coordination.holder(b, "chat:5", 103.0) == "a"
    # a's process died: nobody renews, the lease runs out and b takes it
    assert await coordination.take(b, "chat:5", "b", 107.0, 112.0)
    assert not await coordination.renew(a, "chat:5", "a", 108.0, 113.0)
    await coordination.release(a, "chat:5", "a")  # not a's any more: nothing happens
    assert await coordination.holder(a, "chat:5", 108.0) == "b"
    await coordination.release(b, "chat:5", "b")
    assert await coordination.holder(a, "chat:5", 108.0) is None


async def test_heartbeats_show_who_is_alive_and_leaving_drops_the_leases(
    two: tuple[Database, Database],
):
    a, b = two
    await coordination.beat(a, "a", 100.0, 3.5, 7)
    await coordination.beat(b, "b", 98.0, 0.0, 2)
    assert [h.worker for h in await coordination.alive(a, 99.0)] == ["a"]
    seen = await coordination.alive(b, 90.0)
    assert [(h.worker, h.reply_rate, h.reply_cap) for h in seen] == [("a", 3.5, 7), ("b", 0, 2)]
    await coordination.take(a, coordination.LEADER, "a", 100.0, 105.0)
    await coordination.leave(a, "a")
    assert await coordination.holder(b, coordination.LEADER, 100.0) is None
    assert [h.worker for h in await coordination.alive(b, 90.0)] == ["b"]


async def test_old_claims_and_heartbeats_are_forgotten(two: tuple[Database, Database]):
    a, _ = two
    await coordination.claim_update(a, 1, "a", 10.0)
    await coordination.claim_update(a, 2, "a", 500.0)
    await coordination.beat(a, "gone", 10.0, 0.0, 2)
    assert await coordination.forget_before(a, 100.0) == 2
    assert not await coordination.claim_update(a, 2, "a", 600.0)
    assert await coordination.claim_update(a, 1, "a", 600.0)


# ----------------------------------------------------------------- chat turns


async def test_a_chat_takes_turns_across_processes_and_a_repeat_is_dropped(
    two: tuple[Database, Database],
):
    a, b = two
    turns_a, turns_b = ChatTurns(a, "a"), ChatTurns(b, "b")
    order: list[str] = []
    first_holds = asyncio.Event()

    async def first() -> None:
        async with turns_a.turn(1, 42) as mine:
            assert mine
            first_holds.set()
            await asyncio.sleep(0.3)
            order.append("update 1")

    async def second() -> None:
        await first_holds.wait()
        async with turns_b.turn(2, 42) as mine:
            assert mine
            order.append("update 2")

    await asyncio.gather(first(), second())
    assert order == ["update 1", "update 2"]
    async with turns_b.turn(1, 42) as mine:  # update 1 delivered again, to the other process
        assert not mine
    assert turns_b.duplicates == 1


async def test_the_webhook_answer_waits_for_the_turn(two: tuple[Database, Database]):
    a, _ = two
    turns = ChatTurns(a, "a")
    turns.expect(9)
    waiting = asyncio.create_task(turns.wait(9, timeout=5.0))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    async with turns.turn(9, 1):
        await asyncio.wait_for(waiting, 1.0)  # answered once the turn is held, not after


# ----------------------------------------------------------------- leadership


async def test_one_leader_and_the_other_takes_over_when_its_lease_runs_out(
    two: tuple[Database, Database],
):
    a, b = two
    crew_a = Crew(a, "a", lease_seconds=0.6, stale_seconds=0.4)
    crew_b = Crew(b, "b", lease_seconds=0.6, stale_seconds=0.4)
    await crew_a.beat()
    await crew_b.beat()
    assert (crew_a.leading, crew_b.leading) == (True, False)
    async with a.write():
        assert await crew_a.confirm_leader()
    await asyncio.sleep(0.7)  # a stops beating, as a killed process does
    await crew_b.beat()
    assert crew_b.leading and crew_b.term == 1
    async with a.write():  # a wakes up: its next claim is refused, it sends nothing more
        assert not await crew_a.confirm_leader()
    assert not crew_a.leading


async def test_leaving_hands_the_lead_over_at_once(two: tuple[Database, Database]):
    a, b = two
    crew_a, crew_b = Crew(a, "a"), Crew(b, "b")
    await crew_a.start()
    await crew_b.beat()
    assert not crew_b.leading
    await crew_a.stop()
    await crew_b.beat()
    assert crew_b.leading


# ----------------------------------------------------------------- the budget


def test_a_follower_allows_itself_what_its_villagers_need_within_its_share():
    rules = ShareRules(total=30, reserve=2, headroom=1.5)
    assert reply_cap(rules, 0.0, 2) == 2  # idle: the reserve
    assert reply_cap(rules, 4.0, 2) == 8  # 4/s × 1.5 + 2
    assert reply_cap(rules, 40.0, 2) == 15  # never above the fair share
    assert fair_share(rules, 4) == 7
    assert leader_capacity(rules, [2, 2, 2]) == 24
    assert leader_capacity(rules, [15]) == 15


def test_a_raise_waits_until_the_others_have_heard_of_it_a_cut_does_not():
    schedule = CapSchedule(ShareRules(raise_delay=2.0), effective=2)
    assert schedule.propose(15, now=0.0) == 2
    assert schedule.published == 15  # the others count 15 at once
    assert schedule.propose(15, now=1.9) == 2
    assert schedule.propose(15, now=2.0) == 15
    assert schedule.propose(4, now=2.1) == 4  # lowering is immediate
    assert schedule.published == 4


async def test_the_processes_caps_add_up_to_at_most_the_limit(two: tuple[Database, Database]):
    """Replayed beat by beat: a follower flooded with villagers raises its cap, the leader
    lowers its own first; at every beat the effective capacities sum to ≤ 30."""
    a, b = two
    budget_a, budget_b = SharedBudget(), SharedBudget()
    rules = ShareRules(raise_delay=0.3)
    crew_a = Crew(a, "a", budget_a, rules=rules, stale_seconds=5.0)
    crew_b = Crew(b, "b", budget_b, rules=rules, stale_seconds=5.0)
    await crew_a.beat()
    await crew_b.beat()
    sums = []
    for beat in range(12):
        budget_b.started[Priority.REPLY] += 20 if beat > 3 else 0  # b's villagers arrive
        await crew_b.beat()
        await crew_a.beat()
        sums.append(budget_a.capacity + budget_b.capacity)
        await asyncio.sleep(0.1)
    assert crew_a.leading and not crew_b.leading
    assert max(sums) <= 30
    assert budget_b.capacity == 15  # the follower grew to its share…
    assert budget_a.capacity == 15  # …and the leader's broadcast gets the rest


async def test_a_chat_s_next_turn_elsewhere_keeps_telegram_s_second_per_chat(
    two: tuple[Database, Database],
):
    a, b = two
    turns_a, turns_b = ChatTurns(a, "a", spacing=0.5), ChatTurns(b, "b", spacing=0.5)
    async with turns_a.turn(1, 42):
        pass
    released = time.monotonic()
    async with turns_b.turn(2, 42) as mine:
        assert mine
        assert time.monotonic() - released >= 0.45
