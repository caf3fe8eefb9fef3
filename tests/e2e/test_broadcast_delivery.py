"""Broadcast delivery end to end: the real bot, its worker and the sandbox Bot API over HTTP.

The application starts its own worker (post_init). Most tests here stop it and run a worker
configured for the test (rate, hooks, crashes); one drives the application's own worker.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.harness import RunningBot
from bot.platform.db import broadcasts
from bot.platform.db.broadcasts import Broadcast, DeliveryCounts
from bot.platform.db.connection import Database, utcnow
from bot.services.broadcast import Announcement, BroadcastWorker, TelegramSender, dedicated_bot
from sandbox.client import SandboxClient
from sandbox.model import tiny_png
from sandbox.server import SandboxServer
from tests.e2e.conftest import UserFactory

TEXTS = {
    "id": "Sosialisasi <b>BPJS Ketenagakerjaan</b> di balai desa, Sabtu 09.00",
    "en": "BPJS Ketenagakerjaan outreach at the village hall, Saturday 09:00",
}


class Reports:
    def __init__(self) -> None:
        self.final: list[tuple[Broadcast, DeliveryCounts]] = []
        self.progress: list[DeliveryCounts] = []
        self.done = asyncio.Event()

    async def on_progress(self, _broadcast_id: int, counts: DeliveryCounts) -> None:
        self.progress.append(counts)

    async def on_report(self, broadcast: Broadcast, counts: DeliveryCounts) -> None:
        self.final.append((broadcast, counts))
        self.done.set()


def make_worker(bot: RunningBot, reports: Reports, **options: Any) -> BroadcastWorker:
    return BroadcastWorker.for_settings(
        bot.services.db,
        bot.settings,
        bot.services.i18n,
        poll_interval=0.05,
        progress_interval=0.2,
        progress=reports.on_progress,
        report=reports.on_report,
        **options,
    )


async def register(db: Database, client: SandboxClient, people: dict[int, str]) -> list[int]:
    """Villagers who once talked to the bot: rows in ``users`` and open chats in the sandbox."""
    now = utcnow()
    for user_id, language in people.items():
        await db.execute(
            "INSERT INTO users(user_id, display_name, language, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, "Warga", language, now, now),
        )
        await client.add_user(user_id, first_name="Warga", language_code=language)
    return sorted(people)


async def announce(db: Database, user_ids: list[int], **draft: Any) -> int:
    broadcast_id = await broadcasts.create_draft(db, 9001, TEXTS, **draft)
    await broadcasts.enqueue(db, broadcast_id, user_ids)
    return broadcast_id


async def received(client: SandboxClient, chats: list[int]) -> Counter[int]:
    """Messages the bot sent to each of ``chats`` (as the sandbox recorded them)."""
    wanted = set(chats)
    events = await client.messages(None)
    return Counter(
        e["chat_id"] for e in events if e["kind"] == "message" and e["chat_id"] in wanted
    )


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.03)


async def delivered_at_least(client: SandboxClient, chats: list[int], count: int) -> None:
    async def enough() -> bool:
        return sum((await received(client, chats)).values()) >= count

    await until(enough)


@pytest.fixture
async def own_worker_stopped(bot: RunningBot) -> None:
    """One worker per database: stop the application's before a test runs its own."""
    running = getattr(bot.services, "broadcaster", None)
    if running is not None:
        await running.stop()


async def finish(worker: BroadcastWorker, reports: Reports, timeout: float = 8.0) -> None:
    try:
        await asyncio.wait_for(reports.done.wait(), timeout)
    finally:
        await worker.stop()


@pytest.mark.usefixtures("own_worker_stopped")
async def test_each_villager_gets_one_announcement_in_their_language(
    bot: RunningBot, client: SandboxClient, sandbox: SandboxServer
) -> None:
    people = {60_000 + n: ("id", "en", "jv")[n % 3] for n in range(12)}
    chats = await register(bot.services.db, client, people)
    broadcast_id = await announce(bot.services.db, chats)
    reports = Reports()
    worker = make_worker(bot, reports)
    await worker.start()
    await finish(worker, reports)
    events = [e for e in await client.messages(None) if e["chat_id"] in people]
    assert Counter(e["chat_id"] for e in events) == Counter(chats)
    for event in events:
        # Javanese has no text of its own: it falls back to the default language, Indonesian.
        language = "en" if people[event["chat_id"]] == "en" else "id"
        assert event["raw_text"] == TEXTS[language]
        buttons = event["message"]["reply_markup"]["inline_keyboard"]
        assert buttons[0][0]["callback_data"] == f"read:{broadcast_id}"
    assert reports.final[0][1] == DeliveryCounts(sent=12)


@pytest.mark.usefixtures("own_worker_stopped")
async def test_poster_goes_out_as_a_photo_with_caption(
    bot: RunningBot, client: SandboxClient, sandbox: SandboxServer
) -> None:
    chats = await register(bot.services.db, client, {60_100: "id", 60_101: "en"})
    poster = sandbox.state.store_file(
        tiny_png(), folder="photos", file_name="poster.png", mime_type="image/png"
    )
    await announce(bot.services.db, chats, media_kind="photo", media_file_id=poster.file_id)
    reports = Reports()
    worker = make_worker(bot, reports)
    await worker.start()
    await finish(worker, reports)
    events = [e for e in await client.messages(None) if e["chat_id"] in chats]
    assert [("photo" in e["message"], e["raw_text"]) for e in events] == [
        (True, TEXTS["id"]),
        (True, TEXTS["en"]),
    ]


@pytest.mark.usefixtures("own_worker_stopped")
async def test_villagers_who_blocked_the_bot_end_blocked_and_stopped(
    bot: RunningBot, client: SandboxClient, sandbox: SandboxServer
) -> None:
    db = bot.services.db
    chats = await register(db, client, {60_200 + n: "id" for n in range(6)})
    for user_id in chats[:2]:
        # Blocked while the bot was not listening: it learns it from the 403 (when it does see
        # the my_chat_member update, the user is stopped before any broadcast).
        sandbox.state.chats[user_id].blocked = True
    broadcast_id = await announce(db, chats)
    reports = Reports()
    worker = make_worker(bot, reports)
    await worker.start()
    await finish(worker, reports)
    assert reports.final[0][1] == DeliveryCounts(sent=4, blocked=2)
    for user_id in chats[:2]:
        state, _, error = await broadcasts.outcome(db, broadcast_id, user_id)
        assert state == "blocked" and error is not None and "blocked" in error
    stopped = await db.fetchall("SELECT user_id FROM users WHERE stopped_at IS NOT NULL")
    assert sorted(r[0] for r in stopped) == chats[:2]
    assert await received(client, chats) == Counter(chats[2:])
    # A stopped villager is left out of the next broadcast.
    assert await broadcasts.enqueue(db, await broadcasts.create_draft(db, 9001, TEXTS), chats) == 4


@pytest.mark.usefixtures("own_worker_stopped")
async def test_flood_limit_429s_are_waited_out_and_nothing_is_lost(
    bot: RunningBot, client: SandboxClient
) -> None:
    chats = await register(bot.services.db, client, {60_300 + n: "id" for n in range(14)})
    await client.set_limits(per_second=5)
    await announce(bot.services.db, chats)
    reports = Reports()
    worker = make_worker(bot, reports, rate=20.0)  # deliberately above the limit
    await worker.start()
    await finish(worker, reports)
    assert worker.stats.rate_limited >= 1
    assert (await client.stats())["rate_limited"] == worker.stats.rate_limited
    assert await received(client, chats) == Counter(chats)
    assert reports.final[0][1] == DeliveryCounts(sent=14)


@pytest.mark.usefixtures("own_worker_stopped")
async def test_officer_pauses_resumes_and_cancels(bot: RunningBot, client: SandboxClient) -> None:
    chats = await register(bot.services.db, client, {60_400 + n: "id" for n in range(40)})
    broadcast_id = await announce(bot.services.db, chats)
    reports = Reports()
    worker = make_worker(bot, reports, rate=20.0)
    await worker.start()
    await delivered_at_least(client, chats, 5)
    assert await worker.pause(broadcast_id)
    await asyncio.sleep(0.2)  # the one send in flight may still land
    paused_at = sum((await received(client, chats)).values())
    await asyncio.sleep(0.5)
    assert sum((await received(client, chats)).values()) == paused_at
    assert await worker.resume(broadcast_id)
    await delivered_at_least(client, chats, paused_at + 5)
    assert await worker.cancel(broadcast_id)
    await finish(worker, reports)
    broadcast, counts = reports.final[0]
    assert broadcast.status == "cancelled"
    got = await received(client, chats)
    assert counts.sent == sum(got.values()) < 40 and max(got.values()) == 1
    assert counts.queued == 40 - counts.sent
    assert reports.progress, "the officer saw live progress"


@pytest.mark.usefixtures("own_worker_stopped")
async def test_crash_mid_run_resumes_with_no_loss_and_at_most_one_duplicate_per_crash(
    bot: RunningBot, client: SandboxClient
) -> None:
    chats = await register(bot.services.db, client, {60_500 + n: "id" for n in range(45)})
    await announce(bot.services.db, chats)
    reports = Reports()
    for crash_after in (10, 25):
        worker = make_worker(bot, reports, rate=40.0)
        await worker.start()
        await delivered_at_least(client, chats, crash_after)
        assert worker.task is not None
        worker.task.cancel()  # abrupt: no stop(), the row in flight stays as it is
        with contextlib.suppress(asyncio.CancelledError):
            await worker.task
        # What the OS does to a dead process: its sockets close. No outbox cleanup. (The
        # database is the bot's, shared with the next worker here.)
        await worker.sender.shutdown()
    worker = make_worker(bot, reports, rate=40.0)
    await worker.start()
    await finish(worker, reports)
    got = await received(client, chats)
    assert set(got) == set(chats), "nobody lost"
    assert sum(got.values()) - len(chats) <= 2, got


class DiesAfterTelegramAccepts(TelegramSender):
    """The worst moment: Telegram has the message, the 'sent' commit never happens."""

    def __init__(self, *args: Any, victim: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.victim = victim

    async def send(self, chat_id: int, announcement: Announcement) -> int:
        message_id = await super().send(chat_id, announcement)
        if chat_id == self.victim:
            raise asyncio.CancelledError  # the process is gone
        return message_id


@pytest.mark.usefixtures("own_worker_stopped")
async def test_crash_between_accept_and_commit_duplicates_only_that_villager(
    bot: RunningBot, client: SandboxClient
) -> None:
    chats = await register(bot.services.db, client, {60_600 + n: "id" for n in range(10)})
    await announce(bot.services.db, chats)
    reports = Reports()
    sender = DiesAfterTelegramAccepts(
        dedicated_bot(bot.settings), bot.services.i18n, owns_bot=True, victim=chats[4]
    )
    crashing = BroadcastWorker(bot.services.db, sender, rate=50.0, report=reports.on_report)
    await crashing.start()
    assert crashing.task is not None
    with pytest.raises(asyncio.CancelledError):
        await crashing.task
    await sender.shutdown()
    worker = make_worker(bot, reports)
    await worker.start()
    await finish(worker, reports)
    assert worker.stats.resumed == 1
    assert await received(client, chats) == Counter({**dict.fromkeys(chats, 1), chats[4]: 2})


@pytest.mark.usefixtures("own_worker_stopped")
async def test_villager_questions_are_answered_while_a_broadcast_runs(
    bot: RunningBot, client: SandboxClient, new_user: UserFactory
) -> None:
    chats = await register(bot.services.db, client, {60_700 + n: "id" for n in range(60)})
    await announce(bot.services.db, chats)
    reports = Reports()
    worker = make_worker(bot, reports)  # the default 25/s: about 2.4 s of sending
    await worker.start()
    villager = new_user()
    await delivered_at_least(client, chats, 5)
    loop = asyncio.get_running_loop()
    for _ in range(3):
        asked = loop.time()
        await villager.send("iuran nelayan brp")
        answer = await villager.next_message(timeout=2)
        assert loop.time() - asked < 1.0 and answer.visible_text
        await villager.drain()
    assert not reports.done.is_set(), "the questions were asked while the broadcast ran"
    await finish(worker, reports)
    assert await received(client, chats) == Counter(chats)


async def test_the_applications_own_worker_delivers_what_an_officer_enqueued(
    bot: RunningBot, client: SandboxClient
) -> None:
    worker = bot.services.broadcaster
    assert worker is not None and worker.task is not None, "post_init starts the worker"
    db = bot.services.db
    chats = await register(db, client, {60_800 + n: "jv" for n in range(8)})
    broadcast_id = await announce(db, chats)
    worker.notify()

    async def reported() -> bool:
        found = await broadcasts.get(db, broadcast_id)
        return found is not None and found.finished_at is not None

    await until(reported)
    assert await received(client, chats) == Counter(chats)
    assert await broadcasts.counts(db, broadcast_id) == DeliveryCounts(sent=8)
