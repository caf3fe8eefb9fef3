"""Telegram's budget, end to end (issue 15): the real Application and its broadcast worker
against a sandbox that enforces Telegram's limits (30/s overall, 1/s per chat, 20/min per
group, 429 beyond them). Figures are in bench/e2e.py and bench/broadcast.py --telegram; here,
that nothing is refused and nobody is left without an answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import Content
from bot.harness import RunningBot, sandbox_settings, start_bot, stop_bot
from bot.platform.db import broadcasts
from bot.platform.ratelimit import TELEGRAM
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.test_broadcast_delivery import TEXTS, register


@pytest.fixture
async def limited_bot(
    sandbox: SandboxServer, client: SandboxClient, db_path: Path, content: Content
) -> AsyncIterator[RunningBot]:
    await client.set_limits(per_second=30, per_chat_per_second=1, per_group_per_minute=20)
    settings = replace(sandbox_settings(sandbox, db_path), broadcast_rate=30.0)
    running = await start_bot(settings, content=content, limits=TELEGRAM)
    yield running
    await stop_bot(running)


async def _whole_reply(user: ChatUser) -> int:
    """Messages of one reply: the first, then whatever follows within 1.5 s of the last."""
    await user.next_message(timeout=30)
    return 1 + len(await user.messages_until_quiet(quiet=1.5, timeout=30))


async def test_a_crowd_asking_at_once_is_answered_without_a_single_429(
    limited_bot: RunningBot, client: SandboxClient
) -> None:
    people = [ChatUser(client, 71_000 + n, language_code="id") for n in range(60)]
    await asyncio.gather(*(p.send("iuran nelayan brp") for p in people))
    counts = await asyncio.gather(*(_whole_reply(p) for p in people))
    assert all(count >= 1 for count in counts)
    stats = await client.stats()
    assert stats["rate_limited"] == 0
    assert stats["sent_messages"] >= sum(counts) >= len(people)  # every one answered


async def test_villagers_asking_during_a_broadcast_go_first_and_nothing_is_refused(
    limited_bot: RunningBot, client: SandboxClient
) -> None:
    db = limited_bot.services.db
    chats = await register(db, client, {72_000 + n: "id" for n in range(90)})
    broadcast_id = await broadcasts.create_draft(db, 9001, TEXTS)
    await broadcasts.enqueue(db, broadcast_id, chats)
    assert limited_bot.services.broadcaster is not None
    limited_bot.services.broadcaster.notify()
    await asyncio.sleep(0.5)  # the broadcast is under way, taking the whole budget
    villagers = [ChatUser(client, 73_000 + n, language_code="id") for n in range(5)]
    asked = asyncio.get_running_loop().time()
    await asyncio.gather(*(v.send("/menu") for v in villagers))
    await asyncio.gather(*(v.next_message(timeout=10) for v in villagers))
    waited = asyncio.get_running_loop().time() - asked
    counts = await broadcasts.counts(db, broadcast_id)
    assert counts.sent < len(chats)  # they were answered while the broadcast still ran
    assert waited < 1.0  # not behind the ~3 s of announcements still queued
    async with asyncio.timeout(20):
        while (await broadcasts.counts(db, broadcast_id)).sent < len(chats):
            await asyncio.sleep(0.1)
    assert (await client.stats())["rate_limited"] == 0
