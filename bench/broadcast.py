"""Broadcast delivery at scale: rate achieved, 429s, lost, duplicated, villagers' latency.

The sandbox Bot API runs in this process with Telegram-like limits raised so a run takes
about a minute (400 messages/s overall, 1/s per chat); the real bot with its broadcast worker
(configured at 300/s) runs in its own process (bench/broadcast_bot.py). 20,000 villagers are
registered, 5% of whom blocked the bot earlier without the bot noticing. While the broadcast
runs, villagers ask "iuran nelayan brp" through the real FAQ: 12 of them, each every 1.2 s,
i.e. 10 questions/s in all (as 5 villagers every 0.5 s would be). One chat may not get more
than 1 message/s in the sandbox, so a single villager asking every 0.5 s would measure the
flood limit (the bot spaces a chat's messages a second apart), not the bot.

Run 1 lets the broadcast finish. Run 2 kills the bot process with SIGKILL half way (more
with --crashes) and starts it again on the same database. Lost and duplicated are counted from
the sandbox's own record of messages per chat, not from the bot's database.

``--telegram`` measures Telegram's real budget instead (issue 15): the sandbox at 30/s overall,
1/s per chat and 20/min per group, the worker at its production rate (25/s), six villagers each
asking every 1.2 s, 2,000 recipients, one run without a crash. Replies and the broadcast share
the 30/s: printed are the messages/s delivered in all, the 429s, villagers answered per second
and their reply p99 during the broadcast.

Run: .venv/bin/python bench/broadcast.py [--recipients 20000] [--rate 300] [--crashes 1]
     .venv/bin/python bench/broadcast.py --telegram [--rate 30]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.platform.db import broadcasts, users
from bot.platform.db.connection import Database
from bot.services import regions
from sandbox.client import ChatUser, SandboxClient
from sandbox.params import ApiError, Params
from sandbox.server import SandboxServer

QUESTION = "iuran nelayan brp"
READING = 1.0  # seconds a villager takes at least between an answer and the next question
TEXTS = {
    "id": "Sosialisasi <b>BPJS Ketenagakerjaan</b> di balai desa, Sabtu pukul 09.00 WIB.",
    "en": "BPJS Ketenagakerjaan outreach at the village hall, Saturday 09:00 WIB.",
    "jv": "Sosialisasi <b>BPJS Ketenagakerjaan</b> ing balai desa, Setu jam 09.00 WIB.",
}
LANGUAGES = ["id"] * 7 + ["jv"] * 2 + ["en"]  # most villagers read Indonesian


@dataclass
class Run:
    name: str
    number: int  # recipient ids are number × 1,000,000 + n, so the recorder can tell runs apart
    recipients: list[int]
    blocked: set[int]
    requests: list[float] = field(default_factory=list)  # sendMessage to recipients (any answer)
    questions: list[tuple[float, float]] = field(default_factory=list)  # (asked, latency)
    kills: list[float] = field(default_factory=list)  # when the bot process was SIGKILLed
    active: bool = False
    worker_429: int = 0  # 429s answered to the worker's sends
    other_429: int = 0  # 429s answered to the bot's replies to villagers
    replies: list[float] = field(default_factory=list)  # replies delivered to villagers
    delivered: list[float] = field(default_factory=list)  # announcements Telegram accepted

    @property
    def reachable(self) -> list[int]:
        return [r for r in self.recipients if r not in self.blocked]


# ----------------------------------------------------------------- setup


async def prepare_database(path: Path, run: Run) -> int:
    """Registered villagers and one broadcast to all of them, enqueued (status 'sending')."""
    db = Database(path)
    await db.initialize()
    # A production database has them since its first start; loading them (≈2 s, holding the
    # write lock) is not what this bench measures.
    await regions.load_regions(db)
    rng = random.Random(7)
    await users.register_many(db, [(u, "Warga", rng.choice(LANGUAGES)) for u in run.recipients])
    broadcast_id = await broadcasts.create_draft(db, 9001, TEXTS, audience={"all": True})
    started = time.perf_counter()
    queued = await broadcasts.enqueue(db, broadcast_id, run.recipients)
    took = (time.perf_counter() - started) * 1000
    print(f"  enqueued {queued:,} recipients in one transaction in {took:.0f} ms")
    await db.shutdown()
    return broadcast_id


def prepare_sandbox(server: SandboxServer, run: Run) -> None:
    """Open every recipient's chat; the blocked ones blocked the bot long ago (no update)."""
    state = server.state
    for user_id in run.recipients:
        chat = state.private_chat(state.ensure_user(user_id, first_name="Warga"))
        chat.blocked = user_id in run.blocked


def record_requests(server: SandboxServer, runs: dict[int, Run]) -> None:
    """Timestamp every sendMessage to a recipient, whatever the answer (200, 403 or 429)."""
    original = server.api.call

    async def call(method: str, params: Params) -> Any:
        chat = str(params.raw("chat_id") or "")
        run = runs.get(int(chat) // 1_000_000) if chat.isdigit() else None
        if run is not None and method.lower() == "sendmessage":
            run.requests.append(time.perf_counter())
        try:
            result = await original(method, params)
        except ApiError as err:
            if err.code == 429 and run is not None:
                run.worker_429 += 1
            elif err.code == 429:
                for other in runs.values():  # villagers' replies: count for the running run
                    other.other_429 += other.active
            raise
        if run is not None and method.lower() == "sendmessage":
            run.delivered.append(time.perf_counter())
        if run is None and _costs_budget(method):
            for other in runs.values():
                if other.active:
                    other.replies.append(time.perf_counter())
        return result

    server.api.call = call  # type: ignore[method-assign]


def _costs_budget(method: str) -> bool:
    """What the sandbox counts against its limits (sandbox/limits.py)."""
    name = method.lower()
    return name.startswith(("send", "edit", "copymessage", "forwardmessage")) and (
        name != "sendchataction"
    )


# ----------------------------------------------------------------- the bot process


def start_bot(
    server: SandboxServer, db_path: Path, rate: float, log: Path
) -> subprocess.Popen[bytes]:
    script = Path(__file__).with_name("broadcast_bot.py")
    command = [sys.executable, str(script), server.api_url, str(db_path), "--rate", str(rate)]
    with log.open("ab") as stderr:
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)


def remaining(db_path: Path, broadcast_id: int) -> tuple[int, bool]:
    """(rows not yet final, final report given) read straight from the bot's database."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
        left = conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ? AND state IN ('queued','sending')",
            (broadcast_id,),
        ).fetchone()[0]
        reported = conn.execute(
            "SELECT finished_at IS NOT NULL FROM broadcasts WHERE id = ?", (broadcast_id,)
        ).fetchone()[0]
    return int(left), bool(reported)


async def wait_until(check: Callable[[], bool | Awaitable[bool]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result if isinstance(result, bool) else await result:
            return
        await asyncio.sleep(0.1)
    raise TimeoutError("the bench waited too long")


# ----------------------------------------------------------------- villagers


async def first_contact(user: ChatUser) -> None:
    """The bot greets a newcomer and answers: two messages, the second waits out the 1/s
    per-chat limit. Not what is measured: done before the measured questions."""
    await user.send(QUESTION)
    await user.next_message(timeout=30)
    await user.messages_until_quiet(quiet=1.5, timeout=30)


async def villager(
    user: ChatUser, run: Run, stop: asyncio.Event, every: float, offset: float
) -> None:
    """Asks every ``every`` s; latency is from sending to the reply arriving at the sandbox."""
    await asyncio.sleep(offset)
    while not stop.is_set():
        await user.drain()
        asked = time.perf_counter()
        await user.send(QUESTION)
        try:
            await user.next_message(timeout=30)
        except AssertionError:
            run.questions.append((asked, 30.0))  # no answer counts as a (very) slow one
            continue
        run.questions.append((asked, time.perf_counter() - asked))
        # A person reads the answer before asking again; asking at once after a slow answer
        # would put two replies in the chat within a second, i.e. measure the flood limit.
        await asyncio.sleep(max(READING, every - (time.perf_counter() - asked)))


# ----------------------------------------------------------------- one run


async def execute(
    run: Run, server: SandboxServer, client: SandboxClient, ns: argparse.Namespace, tmp: Path
) -> None:
    db_path, log = tmp / f"{run.name}.sqlite3", tmp / f"{run.name}.log"
    broadcast_id = await prepare_database(db_path, run)
    prepare_sandbox(server, run)
    process = start_bot(server, db_path, ns.rate, log)
    stop_villagers = asyncio.Event()
    try:
        await wait_until(lambda: bool(run.requests), timeout=60)
        people = [
            ChatUser(client, 900_000 + 100 * run.number + n, language_code="id")
            for n in range(ns.villagers)
        ]
        await asyncio.gather(*(first_contact(p) for p in people))
        run.active = True
        asking = [
            asyncio.create_task(
                villager(p, run, stop_villagers, ns.every, ns.every * n / len(people))
            )
            for n, p in enumerate(people)
        ]
        for crash in range(ns.crashes if run.name == "crash" else 0):
            process = await kill_and_restart(run, process, server, db_path, ns, log, crash)
        await wait_until(lambda: remaining(db_path, broadcast_id) == (0, True), timeout=900)
        stop_villagers.set()
        await asyncio.gather(*asking)
    finally:
        run.active = False
        process.terminate()
        process.wait(timeout=30)
    report(run, server, db_path, broadcast_id, ns)


async def kill_and_restart(
    run: Run,
    process: subprocess.Popen[bytes],
    server: SandboxServer,
    db_path: Path,
    ns: argparse.Namespace,
    log: Path,
    crash: int,
) -> subprocess.Popen[bytes]:
    mark = len(run.recipients) * (crash + 1) // (ns.crashes + 1)
    await wait_until(lambda: len(run.requests) >= mark, timeout=600)
    process.kill()  # SIGKILL: no post_shutdown, no graceful stop of the worker
    process.wait()
    run.kills.append(time.perf_counter())
    requests_before = len(run.requests)
    restarted = start_bot(server, db_path, ns.rate, log)
    await wait_until(lambda: len(run.requests) > requests_before + 10, timeout=60)
    return restarted


def outages(run: Run) -> list[tuple[float, float]]:
    """(last send before the kill, first send of the restarted bot) for each kill. A request
    the server had read just before the kill may be handled a moment after it: skip those."""
    windows = []
    for killed in run.kills:
        after = next(t for t in run.requests if t > killed + 0.05)
        before = max(t for t in run.requests if t <= killed + 0.05)
        windows.append((before, after))
    return windows


# ----------------------------------------------------------------- figures


def delivery(run: Run, server: SandboxServer) -> tuple[int, int, int]:
    """(lost, duplicated, messages to blocked chats) from the sandbox's messages per chat."""
    per_chat = server.state.bot_messages
    counts = [len(per_chat.get(user_id, {})) for user_id in run.reachable]
    lost = sum(1 for c in counts if c == 0)
    duplicated = sum(c - 1 for c in counts if c > 1)
    leaked = sum(len(per_chat.get(user_id, {})) for user_id in run.blocked)
    return lost, duplicated, leaked


def outbox_states(db_path: Path, broadcast_id: int) -> dict[str, int]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT state, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY state",
            (broadcast_id,),
        ).fetchall()
        resent = conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ? AND attempts > 1",
            (broadcast_id,),
        ).fetchone()[0]
    return {str(state): int(n) for state, n in rows} | {"attempted twice": int(resent)}


def overlaps(asked: float, latency: float, windows: list[tuple[float, float]]) -> bool:
    return any(asked < end and asked + latency > start for start, end in windows)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def report(
    run: Run, server: SandboxServer, db_path: Path, broadcast_id: int, ns: argparse.Namespace
) -> None:
    sends, kills, down = run.requests, len(run.kills), outages(run)
    span = sends[-1] - sends[0]
    downtime = sum(end - start for start, end in down)
    rate = len(sends) / (span - downtime)
    lost, duplicated, leaked = delivery(run, server)
    # Questions waiting for an answer while the bot was dead wait for the restart: apart.
    hit = [lat for asked, lat in run.questions if overlaps(asked, lat, down)]
    latencies = [lat for asked, lat in run.questions if not overlaps(asked, lat, down)]
    lines = [
        f"\n== {run.name}: {len(run.recipients):,} recipients, {len(run.blocked):,} blocked",
        f"  send requests   {len(sends):,} in {span:.1f} s"
        + (f", {downtime:.1f} s of it killed and restarting" if kills else ""),
        f"  achieved rate   {rate:.1f}/s while sending = {rate / ns.rate:.1%} of the configured"
        f" {ns.rate:g}/s ({len(sends) / span:.1f}/s overall)",
        f"  429s received   {run.worker_429} by the worker,"
        f" {run.other_429} on replies to villagers",
        f"  outbox          {outbox_states(db_path, broadcast_id)}",
        f"  lost            {lost}",
        f"  duplicated      {duplicated}" + (f" after {kills} SIGKILL(s)" if kills else ""),
        f"  to blocked chats {leaked}",
        f"  villagers       {len(latencies)} questions: p50 {percentile(latencies, 0.5):.0f} ms,"
        f" p99 {percentile(latencies, 0.99):.0f} ms, max {percentile(latencies, 1.0):.0f} ms",
    ]
    # While villagers asked (the broadcast still running): both kinds of traffic at once.
    busy_from = min(asked for asked, _ in run.questions) if run.questions else sends[0]
    busy = [t for t in run.delivered if busy_from <= t <= sends[-1]]
    replies = [t for t in run.replies if busy_from <= t <= sends[-1]]
    busy_span = max(sends[-1] - busy_from, 1e-9)
    answered = sum(1 for asked, lat in run.questions if lat < 30 and asked + lat <= sends[-1])
    lines.append(
        f"  budget          {(len(busy) + len(replies)) / busy_span:.1f} msg/s delivered while"
        f" villagers asked (broadcast {len(busy) / busy_span:.1f}/s + replies"
        f" {len(replies) / busy_span:.1f}/s); villagers answered {answered / busy_span:.1f}/s"
    )
    if kills:
        lines.append(
            f"  asked while the bot was down/restarting: {len(hit)}, slowest"
            f" {percentile(hit, 1.0):.0f} ms ({sum(lat >= 30 for lat in hit)} never answered)"
        )
    print("\n".join(lines))


def make_run(name: str, number: int, ns: argparse.Namespace) -> Run:
    recipients = [number * 1_000_000 + n for n in range(1, ns.recipients + 1)]
    rng = random.Random(number)
    blocked = set(rng.sample(recipients, round(len(recipients) * ns.blocked)))
    return Run(name, number, recipients, blocked)


async def main(ns: argparse.Namespace) -> None:
    server = SandboxServer()
    await server.start()
    client = SandboxClient(server.base_url)
    await client.set_limits(per_second=ns.limit, per_chat_per_second=1, per_group_per_minute=20)
    runs = {1: make_run("no-crash", 1, ns)}
    if ns.crashes:
        runs[2] = make_run("crash", 2, ns)
    record_requests(server, runs)
    print(
        f"sandbox limits {ns.limit:g}/s overall, 1/s per chat; worker at {ns.rate:g}/s; "
        f"{ns.villagers} villagers each asking every {ns.every:g} s"
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for run in runs.values():
                await execute(run, server, client, ns, Path(tmp))
    finally:
        await client.close()
        await server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=20_000)
    parser.add_argument("--blocked", type=float, default=0.05, help="share who blocked the bot")
    parser.add_argument(
        "--rate", type=float, default=None, help="the worker's messages/s (300; 25 --telegram)"
    )
    parser.add_argument("--limit", type=float, default=400.0, help="sandbox overall limit/s")
    parser.add_argument("--villagers", type=int, default=12)
    parser.add_argument("--every", type=float, default=1.2, help="seconds between questions")
    parser.add_argument("--crashes", type=int, default=1, help="SIGKILLs in the crash run")
    parser.add_argument(
        "--telegram", action="store_true", help="Telegram's real budget (module docstring)"
    )
    args = parser.parse_args()
    if args.telegram:
        args.limit, args.villagers, args.recipients, args.crashes = 30, 6, 2000, 0
    args.rate = args.rate or (25.0 if args.telegram else 300.0)
    asyncio.run(main(args))
