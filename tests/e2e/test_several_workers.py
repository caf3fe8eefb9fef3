"""Two real `desabot run` webhook processes behind a round-robin balancer, one database (the
SQLite file, or on the suite's PostgreSQL half a PostgreSQL database):
a chat's updates in order, a repeated delivery applied once, one broadcast sent once to each
recipient even when its sender is killed with SIGKILL, a scheduled broadcast started once,
and Telegram's 30 messages/s never exceeded by the two together (the sandbox answers 429
beyond it and counts them)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.harness import WORKER_WEBHOOK_SECRET
from bot.platform.crypto import generate_secret_key
from bot.platform.db import users
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import announcements
from sandbox.balancer import Balancer
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import OFFICER_ID

ROOT = Path(__file__).resolve().parents[2]
TEXTS = {"id": "Sosialisasi BPJS Ketenagakerjaan di balai desa, Sabtu pukul 09.00 WIB."}


@dataclass
class Workers:
    sandbox: SandboxServer
    balancer: Balancer
    processes: list[subprocess.Popen[bytes]]
    database: str  # the SQLite file or the PostgreSQL URL both workers run on

    async def open(self) -> Database:
        db = open_database(self.database)
        await db.initialize(migrate=False)
        return db

    async def leader(self) -> int:
        db = await self.open()
        try:
            row = await db.fetchone(
                "SELECT holder FROM leases WHERE name = 'leader' AND expires_at > ?",
                (time.time(),),
            )
        finally:
            await db.shutdown()
        assert row is not None, "no worker leads"
        return int(str(row[0]).removeprefix("w"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _listening(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "a worker exited at start-up"
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.close()
        return
    raise AssertionError(f"worker on port {port} did not start")


@pytest.fixture
async def workers(db_path: Path, db_url: str | None, tmp_path: Path) -> AsyncIterator[Workers]:
    database = db_url or str(db_path)
    # On PostgreSQL there is no file to keep the sandbox's key beside: both workers get one.
    env = {**os.environ, "DESABOT_SECRET_KEY": generate_secret_key()} if db_url else os.environ
    sandbox = SandboxServer()
    await sandbox.start()
    ports = [_free_port(), _free_port()]
    balancer = Balancer([f"http://127.0.0.1:{p}/hook" for p in ports])
    await balancer.start()
    processes = []
    for index, port in enumerate(ports):
        args = [sandbox.api_url, database, str(port), balancer.url, f"w{index}", "9001"]
        log = (tmp_path / f"w{index}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "bot.harness", *args], cwd=ROOT, stderr=log, env=env
            )
        )
    try:
        for port, process in zip(ports, processes, strict=True):
            await _listening(port, process)
        yield Workers(sandbox, balancer, processes, database)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        await balancer.stop()
        await sandbox.stop()


@pytest.fixture
async def api(workers: Workers) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(workers.sandbox.base_url) as client:
        yield client


async def _reply_to(user: ChatUser, text: str) -> str:
    await user.send(text)
    return (await user.next_message(timeout=20)).text


async def test_a_chat_is_answered_in_order_across_workers_and_a_repeat_is_applied_once(
    workers: Workers, api: SandboxClient
) -> None:
    user = ChatUser(api, 61_001, first_name="Siti")
    await user.send("/start")
    await user.messages_until_quiet(quiet=1.5, timeout=20)
    help_text = await _reply_to(user, "/bantuan")
    programs = await _reply_to(user, "/program")
    assert help_text != programs
    for text in ("/bantuan", "/program", "/bantuan", "/program"):
        await user.send(text)  # at once: the balancer hands them to both workers in turn
    replies = [(await user.next_message(timeout=20)).text for _ in range(4)]
    assert replies == [help_text, programs, help_text, programs]
    assert {index for _, index in workers.balancer.delivered} == {0, 1}

    body, index = workers.balancer.delivered[-1]  # Telegram delivers the last one again…
    headers = {
        "Content-Type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": WORKER_WEBHOOK_SECRET,
    }
    assert json.loads(body)["message"]["text"] == "/program"
    assert await workers.balancer.post(1 - index, body, headers) == 200  # …to the other one
    assert await user.messages_until_quiet(quiet=2.0, timeout=4) == []  # applied once


async def _recipients(workers: Workers, count: int, first: int) -> list[int]:
    state = workers.sandbox.state
    ids = list(range(first, first + count))
    for user_id in ids:
        state.private_chat(state.ensure_user(user_id, first_name="Warga"))
    db = await workers.open()
    await users.register_many(db, [(u, "Warga", "id") for u in ids])
    await db.shutdown()
    return ids


async def _launch(workers: Workers, recipients: list[int], when: datetime | None = None) -> int:
    db = await workers.open()
    launched = await announcements.launch(
        db, OFFICER_ID, TEXTS, recipients, audience={"all": True}, when=when
    )
    await db.shutdown()
    return launched.broadcast_id


def _received(workers: Workers, recipients: list[int]) -> list[int]:
    messages = workers.sandbox.state.bot_messages
    return [len(messages.get(user_id, {})) for user_id in recipients]


async def _until(check: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.2)
    raise AssertionError("timed out")


async def _villager(user: ChatUser, stop: asyncio.Event, answered: list[float]) -> None:
    await user.send("/start")
    await user.messages_until_quiet(quiet=1.2, timeout=20)
    while not stop.is_set():
        asked = time.monotonic()
        await user.send("iuran nelayan brp")
        await user.messages_until_quiet(quiet=1.2, timeout=20)
        answered.append(time.monotonic() - asked)


async def test_one_broadcast_is_sent_once_and_the_survivor_finishes_it_after_a_sigkill(
    workers: Workers, api: SandboxClient
) -> None:
    await api.set_limits(per_second=30, per_chat_per_second=1)
    recipients = await _recipients(workers, 200, 7_000_000)
    officer = ChatUser(api, OFFICER_ID, first_name="Petugas")
    await officer.send("/start")
    stop, answered = asyncio.Event(), []
    villagers = [
        asyncio.create_task(_villager(ChatUser(api, 62_000 + n), stop, answered)) for n in range(6)
    ]
    await _launch(workers, recipients)
    await _until(lambda: sum(_received(workers, recipients)) >= 40, timeout=30)
    leader = await workers.leader()
    workers.processes[leader].send_signal(signal.SIGKILL)
    workers.processes[leader].wait()
    await _until(lambda: min(_received(workers, recipients)) >= 1, timeout=60)
    stop.set()
    await asyncio.gather(*villagers)

    counts = _received(workers, recipients)
    assert sum(counts) - len(recipients) <= 1  # at most the one in flight at the kill
    assert await workers.leader() == 1 - leader
    assert answered, "the villagers were answered during the broadcast"
    stats = await api.stats()
    assert stats["rate_limited"] == 0  # both workers together stayed within 30/s


async def test_a_scheduled_broadcast_armed_in_both_workers_starts_once(
    workers: Workers, api: SandboxClient
) -> None:
    recipients = await _recipients(workers, 20, 8_000_000)
    officer = ChatUser(api, OFFICER_ID, first_name="Petugas")
    await officer.send("/start")
    await officer.messages_until_quiet(quiet=1.0, timeout=20)
    await _launch(workers, recipients, when=datetime.now(UTC) + timedelta(seconds=2))
    await _until(lambda: min(_received(workers, recipients)) >= 1, timeout=30)
    await asyncio.sleep(2.5)  # time for a second start, if there were one
    assert _received(workers, recipients) == [1] * len(recipients)
    told = await officer.messages_until_quiet(quiet=1.5, timeout=10)
    # The officer gets one progress message (edited as it goes) and one final report: not
    # one each per worker.
    assert len({m.message_id for m in told}) == 2, [m.text for m in told]
