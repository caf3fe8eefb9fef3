"""The outbox and the sender worker, against a real SQLite file and a scripted fake sender."""

from __future__ import annotations

import asyncio
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.platform.db import broadcasts
from bot.platform.db.backend import open_database
from bot.platform.db.broadcasts import Broadcast, BroadcastStateError, DeliveryCounts
from bot.platform.db.connection import Database, utcnow
from bot.services.broadcast import (
    Announcement,
    BroadcastWorker,
    TokenBucket,
    pick_text,
    read_broadcast_id,
    read_callback,
)
from tests.backend import database_for, sqlite_only

TEXTS = {"id": "Sosialisasi <b>BPJS TK</b> hari Sabtu", "en": "Outreach on Saturday"}


class FakeSender:
    """Records what would reach Telegram; ``script[chat]`` lists errors to raise first."""

    def __init__(self, script: dict[int, list[Exception]] | None = None) -> None:
        self.script = defaultdict(list, script or {})
        self.sent: list[tuple[int, Announcement]] = []
        self.calls: Counter[int] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.before_send: Callable[[int], Awaitable[None]] | None = None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def send(self, chat_id: int, announcement: Announcement) -> int:
        self.calls[chat_id] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.before_send is not None:
                await self.before_send(chat_id)
            await asyncio.sleep(0)
            if self.script[chat_id]:
                raise self.script[chat_id].pop(0)
            self.sent.append((chat_id, announcement))
            return len(self.sent)
        finally:
            self.in_flight -= 1

    def received(self) -> Counter[int]:
        return Counter(chat for chat, _ in self.sent)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "outbox.sqlite3"))
    await database.initialize()
    yield database
    await database.shutdown()


async def add_users(db: Database, languages: dict[int, str]) -> None:
    now = utcnow()
    for user_id, language in languages.items():
        await db.execute(
            "INSERT INTO users(user_id, display_name, language, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, f"Warga {user_id}", language, now, now),
        )


async def new_broadcast(db: Database, user_ids: list[int], **draft: Any) -> int:
    broadcast_id = await broadcasts.create_draft(db, 9001, draft.pop("texts", TEXTS), **draft)
    await broadcasts.enqueue(db, broadcast_id, user_ids)
    return broadcast_id


class Reports:
    """Collects the worker's hooks; ``done`` is set by the final report."""

    def __init__(self) -> None:
        self.progress: list[DeliveryCounts] = []
        self.final: list[tuple[Broadcast, DeliveryCounts]] = []
        self.done = asyncio.Event()

    async def on_progress(self, _broadcast_id: int, counts: DeliveryCounts) -> None:
        self.progress.append(counts)

    async def on_report(self, broadcast: Broadcast, counts: DeliveryCounts) -> None:
        self.final.append((broadcast, counts))
        self.done.set()


def make_worker(
    db: Database, sender: FakeSender, reports: Reports, **options: Any
) -> BroadcastWorker:
    settings: dict[str, Any] = {
        "rate": 1000.0,
        "per_chat_interval": 0.0,
        "backoff": 0.01,
        "poll_interval": 0.05,
        "progress": reports.on_progress,
        "report": reports.on_report,
    }
    return BroadcastWorker(db, sender, **(settings | options))


async def run_to_report(worker: BroadcastWorker, reports: Reports, timeout: float = 5.0) -> None:
    await worker.start()
    try:
        await asyncio.wait_for(reports.done.wait(), timeout)
    finally:
        await worker.stop()


async def states(db: Database, broadcast_id: int) -> dict[int, str]:
    rows = await db.fetchall(
        "SELECT user_id, state FROM outbox WHERE broadcast_id = ?", (broadcast_id,)
    )
    return {int(r[0]): str(r[1]) for r in rows}


# ----------------------------------------------------------------- the outbox


async def test_enqueue_queues_known_unstopped_users_and_starts_in_one_step(db: Database) -> None:
    await add_users(db, {1: "id", 2: "en", 3: "jv"})
    await db.execute("UPDATE users SET stopped_at = ? WHERE user_id = 3", (utcnow(),))
    broadcast_id = await broadcasts.create_draft(db, 9001, TEXTS, audience={"kabupaten": "35.05"})
    queued = await broadcasts.enqueue(db, broadcast_id, [1, 2, 3, 4, 2])  # 4 is unknown
    broadcast = await broadcasts.get(db, broadcast_id)
    assert queued == 2
    assert broadcast is not None and broadcast.status == "sending" and broadcast.total == 2
    assert broadcast.audience == {"kabupaten": "35.05"} and broadcast.started_at
    assert await states(db, broadcast_id) == {1: "queued", 2: "queued"}
    languages = [r.language for r in await broadcasts.next_queued(db, broadcast_id, 10)]
    assert languages == ["id", "en"]


async def test_enqueueing_twice_is_refused_and_changes_nothing(db: Database) -> None:
    await add_users(db, {1: "id", 2: "id"})
    broadcast_id = await new_broadcast(db, [1])
    with pytest.raises(BroadcastStateError):
        await broadcasts.enqueue(db, broadcast_id, [1, 2])
    assert await states(db, broadcast_id) == {1: "queued"}


async def test_scheduled_broadcast_waits_for_its_time(db: Database) -> None:
    await add_users(db, {1: "id"})
    broadcast_id = await broadcasts.create_draft(db, 9001, TEXTS)
    later = datetime.now(UTC) + timedelta(hours=2)
    await broadcasts.enqueue(db, broadcast_id, [1], start_at=later)
    assert await broadcasts.start_due(db, utcnow()) == 0
    assert await broadcasts.start_due(db, broadcasts.timestamp(later)) == 1
    broadcast = await broadcasts.get(db, broadcast_id)
    assert broadcast is not None and broadcast.status == "sending"


async def test_claim_refuses_unless_the_broadcast_is_sending(db: Database) -> None:
    await add_users(db, {1: "id"})
    broadcast_id = await new_broadcast(db, [1])
    await broadcasts.set_status(db, broadcast_id, "paused", allowed_from=broadcasts.PAUSABLE)
    assert not await broadcasts.claim(db, broadcast_id, 1)
    await broadcasts.set_status(db, broadcast_id, "sending", allowed_from=broadcasts.RESUMABLE)
    assert await broadcasts.claim(db, broadcast_id, 1)
    assert not await broadcasts.claim(db, broadcast_id, 1)  # already in flight


async def test_read_button_counts_each_recipient_once(db: Database) -> None:
    await add_users(db, {1: "id", 2: "id"})
    broadcast_id = await new_broadcast(db, [1])
    assert await broadcasts.record_read(db, broadcast_id, 1)
    assert not await broadcasts.record_read(db, broadcast_id, 1)  # double tap, duplicate
    assert not await broadcasts.record_read(db, broadcast_id, 2)  # not a recipient
    assert await broadcasts.read_count(db, broadcast_id) == 1
    assert read_broadcast_id(read_callback(broadcast_id)) == broadcast_id
    assert read_broadcast_id("menu") is None and read_broadcast_id("read:x") is None


def test_text_falls_back_from_user_language_to_default_to_any() -> None:
    assert pick_text(TEXTS, "en", "id") == TEXTS["en"]
    assert pick_text(TEXTS, "jv", "id") == TEXTS["id"]
    assert pick_text({"jv": "Wara-wara"}, "en", "id") == "Wara-wara"


async def test_token_bucket_spaces_sends_at_the_rate() -> None:
    bucket = TokenBucket(rate=200, burst=1)
    started = time.monotonic()
    for _ in range(21):
        await bucket.take()
    assert time.monotonic() - started >= 0.095  # 20 intervals of 5 ms


# ----------------------------------------------------------------- the worker


async def test_each_recipient_gets_one_message_in_their_language(db: Database) -> None:
    await add_users(db, {n: ("id", "en", "jv")[n % 3] for n in range(1, 31)})
    broadcast_id = await new_broadcast(
        db, list(range(1, 31)), media_kind="photo", media_file_id="AgAD-poster"
    )
    sender, reports = FakeSender(), Reports()
    await run_to_report(make_worker(db, sender, reports), reports)
    assert sender.received() == Counter(range(1, 31))
    assert sender.max_in_flight == 1  # one request at a time, never a gather
    for chat, announcement in sender.sent:
        expected = TEXTS["en"] if chat % 3 == 1 else TEXTS["id"]
        assert announcement.text == expected, chat
        assert announcement.media_file_id == "AgAD-poster"
    broadcast, counts = reports.final[0]
    assert broadcast.status == "done" and counts == DeliveryCounts(sent=30)
    stored = await broadcasts.get(db, broadcast_id)
    assert stored is not None and stored.finished_at is not None


async def test_outcomes_blocked_failed_and_retried(db: Database) -> None:
    await add_users(db, {1: "id", 2: "id", 3: "id", 4: "id", 5: "id"})
    broadcast_id = await new_broadcast(db, [1, 2, 3, 4, 5])
    script: dict[int, list[Exception]] = {
        2: [Forbidden("Forbidden: bot was blocked by the user")],
        3: [BadRequest("Chat not found")],
        4: [TimedOut(), NetworkError("httpx.ConnectError: refused")],
        5: [NetworkError("down")] * 3,
    }
    sender, reports = FakeSender(script), Reports()
    worker = make_worker(db, sender, reports, max_attempts=3)
    await run_to_report(worker, reports)
    assert await states(db, broadcast_id) == {
        1: "sent",
        2: "blocked",
        3: "failed",
        4: "sent",
        5: "failed",
    }
    assert sender.received() == Counter({1: 1, 4: 1})
    assert (await broadcasts.outcome(db, broadcast_id, 3))[2] == "400 Chat not found"
    assert (await broadcasts.outcome(db, broadcast_id, 4))[1] == 3  # attempts
    assert worker.stats.network_retries == 4
    stopped = await db.fetchall("SELECT user_id FROM users WHERE stopped_at IS NOT NULL")
    assert [r[0] for r in stopped] == [2]
    assert await broadcasts.failure_reasons(db, broadcast_id) == [
        ("400 Chat not found", 1),
        ("network: down", 1),
    ]


async def test_flood_limit_waits_retry_after_then_resends_the_same_row(db: Database) -> None:
    await add_users(db, {1: "id", 2: "id"})
    await new_broadcast(db, [1, 2])
    with warnings.catch_warnings():  # PTB's own constructor warns about retry_after's type
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        flood = RetryAfter(timedelta(milliseconds=300))
    sender, reports = FakeSender({1: [flood]}), Reports()
    worker = make_worker(db, sender, reports)
    started = time.monotonic()
    await run_to_report(worker, reports)
    assert time.monotonic() - started >= 0.3
    assert [chat for chat, _ in sender.sent] == [1, 2]  # retried first, not skipped
    assert worker.stats.rate_limited == 1


async def test_row_left_sending_by_a_crash_is_resent_once(db: Database) -> None:
    await add_users(db, {1: "id", 2: "id"})
    broadcast_id = await new_broadcast(db, [1, 2])
    await broadcasts.claim(db, broadcast_id, 1)  # the process died after this commit
    sender, reports = FakeSender(), Reports()
    worker = make_worker(db, sender, reports)
    await run_to_report(worker, reports)
    assert sender.received() == Counter({1: 1, 2: 1})
    assert worker.stats.resumed == 1
    state, attempts, note = await broadcasts.outcome(db, broadcast_id, 1)
    assert (state, attempts) == ("sent", 2) and note is None


async def test_crash_after_telegram_accepted_gives_one_duplicate_no_loss(db: Database) -> None:
    await add_users(db, {n: "id" for n in range(1, 11)})
    broadcast_id = await new_broadcast(db, list(range(1, 11)))
    sender, reports = FakeSender(), Reports()
    first = make_worker(db, sender, reports)
    real_send = sender.send

    async def dies_after_fifth(chat_id: int, announcement: Announcement) -> int:
        message_id = await real_send(chat_id, announcement)
        if chat_id == 5:  # Telegram accepted it; the process dies before the 'sent' commit
            raise asyncio.CancelledError
        return message_id

    sender.send = dies_after_fifth  # type: ignore[method-assign]
    await first.start()
    assert first.task is not None
    with pytest.raises(asyncio.CancelledError):
        await first.task
    sender.send = real_send  # type: ignore[method-assign]
    assert (await states(db, broadcast_id))[5] == "sending"
    await run_to_report(make_worker(db, sender, reports), reports)
    assert sender.received() == Counter({**dict.fromkeys(range(1, 11), 1), 5: 2})


async def test_pause_resume_and_cancel_take_effect_before_the_next_send(db: Database) -> None:
    await add_users(db, {n: "id" for n in range(1, 21)})
    broadcast_id = await new_broadcast(db, list(range(1, 21)))
    sender, reports = FakeSender(), Reports()
    worker = make_worker(db, sender, reports, rate=100.0, burst=1.0)

    async def officer_acts(chat_id: int) -> None:
        if chat_id == 5:
            assert await worker.pause(broadcast_id)
            assert not await worker.pause(broadcast_id)  # already paused

    sender.before_send = officer_acts
    await worker.start()
    await asyncio.sleep(0.3)
    assert len(sender.sent) == 5  # the one in flight completes, nothing after it
    assert await worker.resume(broadcast_id)
    sender.before_send = None
    await asyncio.sleep(0.02)
    assert await worker.cancel(broadcast_id)
    await asyncio.wait_for(reports.done.wait(), 2)
    await worker.stop()
    broadcast, counts = reports.final[0]
    assert broadcast.status == "cancelled"
    assert counts.sent == len(sender.sent) and counts.queued == 20 - len(sender.sent)
    assert not await worker.resume(broadcast_id)


async def test_progress_is_reported_periodically_not_per_message(db: Database) -> None:
    await add_users(db, {n: "id" for n in range(1, 41)})
    await new_broadcast(db, list(range(1, 41)))
    sender, reports = FakeSender(), Reports()
    worker = make_worker(db, sender, reports, rate=100.0, burst=1.0, progress_interval=0.1)
    await run_to_report(worker, reports)
    assert 2 <= len(reports.progress) <= 8  # ≈0.4 s of sending, every 0.1 s
    finished = [c.finished for c in reports.progress]
    assert finished == sorted(finished)
    assert len(reports.final) == 1


async def test_the_report_waits_for_a_progress_edit_still_on_its_way(db: Database) -> None:
    """A scheduled broadcast's first progress edit sends the officer's message and stores it;
    the final report must come after it, or it finds no chat (seen as a lost report)."""
    await add_users(db, {1: "id"})
    await new_broadcast(db, [1])
    sender, reports = FakeSender(), Reports()
    events: list[str] = []

    async def slow_progress(broadcast_id: int, counts: DeliveryCounts) -> None:
        await asyncio.sleep(0.3)  # the officer's message on its way to Telegram
        events.append("progress stored")

    async def report(broadcast: Broadcast, counts: DeliveryCounts) -> None:
        events.append("report")
        await reports.on_report(broadcast, counts)

    worker = make_worker(
        db, sender, reports, progress=slow_progress, report=report, progress_interval=0.0
    )
    await run_to_report(worker, reports)
    assert events == ["progress stored", "report"]


async def test_stop_lets_the_send_in_flight_finish_and_be_recorded(db: Database) -> None:
    await add_users(db, {1: "id", 2: "id"})
    broadcast_id = await new_broadcast(db, [1, 2])
    sender, reports = FakeSender(), Reports()
    worker = make_worker(db, sender, reports)
    stopping: list[asyncio.Task[None]] = []

    async def slow(chat_id: int) -> None:
        if chat_id == 1:
            stopping.append(asyncio.create_task(worker.stop()))
            await asyncio.sleep(0.1)

    sender.before_send = slow
    await worker.start()
    await asyncio.sleep(0.3)
    await stopping[0]
    assert await states(db, broadcast_id) == {1: "sent", 2: "queued"}


async def test_stop_during_a_round_ends_the_worker_without_waiting_for_the_next_poll(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = make_worker(db, FakeSender(), Reports(), poll_interval=5.0)
    stopping: list[asyncio.Task[None]] = []
    real_requeue = broadcasts.requeue_interrupted

    async def stop_meanwhile(*args: Any) -> int:
        if not stopping:  # stop() arrives while the worker recovers, before its first round
            stopping.append(asyncio.create_task(worker.stop()))
            await asyncio.sleep(0)
        return await real_requeue(*args)

    monkeypatch.setattr(broadcasts, "requeue_interrupted", stop_meanwhile)
    started = time.monotonic()
    await worker.start()
    await asyncio.sleep(0.1)
    await stopping[0]
    assert time.monotonic() - started < 1.0  # not the 5 s poll interval


async def test_one_worker_per_database_and_it_writes_through_the_bots_writer(
    db: Database,
) -> None:
    await add_users(db, {1: "id"})
    broadcast_id = await new_broadcast(db, [1])
    reports = Reports()
    first, second = make_worker(db, FakeSender(), reports), make_worker(db, FakeSender(), reports)
    await first.start()
    assert first.db is db  # one writer per process: the worker never meets a second one
    with pytest.raises(RuntimeError, match="already running"):
        await second.start()
    await asyncio.wait_for(reports.done.wait(), 5)
    await first.stop()
    assert await states(db, broadcast_id) == {1: "sent"}
    await second.start()  # free again once the first has stopped
    await second.stop()


@sqlite_only
async def test_stop_is_prompt_while_another_process_holds_the_database(db: Database) -> None:
    """SIGTERM could not stop the bot while another process locked the database (issue 10):
    the worker sat in SQLite's 60 s busy wait, which nothing can interrupt."""
    import sqlite3
    import time

    await add_users(db, {1: "id"})
    await new_broadcast(db, [1])
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    worker = make_worker(db, FakeSender(), Reports())
    try:
        await worker.start()
        await asyncio.sleep(0.5)  # the worker is waiting for the lock by now
        started = time.monotonic()
        await worker.stop(timeout=1.0)
        assert time.monotonic() - started < 5.0
    finally:
        other.execute("ROLLBACK")
        other.close()
