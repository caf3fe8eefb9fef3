"""Several workers: 1, 2 and 4 `desabot run` webhook processes on one database.

The sandbox Bot API (Telegram's limits: 30 messages/s overall, 1/s per chat; 429 beyond)
and a round-robin balancer run in this process; each worker is a real process
(``python -m bot.harness``, the production runner in webhook mode). For each size a broadcast
to ``--recipients`` villagers is launched and, while it runs, ``--villagers`` villagers (50)
write at once: each asks a question the FAQ answers (a write: the question is logged), reads
the answer, and asks again, ``--rounds`` times. 1 worker is today's single process
(DESABOT_WORKERS=one); 2 and 4 are DESABOT_WORKERS=several.

Printed per size: refused writes ("database is locked" in the workers' logs), lost replies
(questions with no answer within 30 s), villagers' reply p50/p99 during the broadcast, the
broadcast's messages/s while it ran, the 429s the sandbox answered, and duplicates (recipients
with more than one announcement; must be 0).

``--db PATH`` runs on that database instead of a fresh SQLite file per size (it must be
migrated, with the regions loaded: `desabot db migrate`), or a ``postgresql://…`` URL of a
migrated PostgreSQL database (the workers then share one generated DESABOT_SECRET_KEY).

Run: .venv/bin/python bench/workers.py [--sizes 1 2 4] [--villagers 50] [--recipients 600]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.platform.config import redact_url
from bot.platform.crypto import generate_secret_key
from bot.platform.db import broadcasts, users
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.platform.db.postgres import is_postgres
from bot.services import regions
from sandbox.balancer import Balancer
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
SHARED_KEY = generate_secret_key()
QUESTION = "iuran nelayan brp"
TEXTS = {"id": "Sosialisasi <b>BPJS Ketenagakerjaan</b> di balai desa, Sabtu pukul 09.00 WIB."}
REPLY_TIMEOUT = 30.0


@dataclass
class Figures:
    workers: int
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    refused: int = 0
    broadcast_rate: float = 0.0
    rate_limited: int = 0
    duplicates: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    db = Database(path)
    await db.initialize()
    await regions.load_regions(db)
    await db.shutdown()
    return path


async def prepare(db_target: str, recipients: list[int], server: SandboxServer) -> None:
    """Registered recipients with open chats; the broadcast is launched later."""
    state = server.state
    for user_id in recipients:
        state.private_chat(state.ensure_user(user_id, first_name="Warga"))
    db = open_database(db_target)
    await db.initialize(migrate=False)
    # Each size starts a new sandbox, which numbers updates from 1 again: on a --db shared by
    # the sizes, the claims of the last size would drop them all as repeated deliveries.
    await db.execute("DELETE FROM update_claims")
    await users.register_many(db, [(u, "Warga", "id") for u in recipients])
    await db.shutdown()


async def launch(db_target: str, recipients: list[int]) -> None:
    db = open_database(db_target)
    await db.initialize(migrate=False)
    broadcast_id = await broadcasts.create_draft(db, 9001, TEXTS, audience={"all": True})
    await broadcasts.enqueue(db, broadcast_id, recipients)
    await db.shutdown()


def start_workers(
    count: int, server: SandboxServer, balancer: Balancer, db_target: str, logs: Path
) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "DESABOT_WORKERS": "one" if count == 1 else "several"}
    if is_postgres(db_target):  # no file to keep the sandbox's key beside: one for all workers
        env["DESABOT_SECRET_KEY"] = SHARED_KEY
    processes = []
    for index, target in enumerate(balancer.targets):
        port = target.split(":")[2].split("/")[0]
        args = [server.api_url, db_target, port, balancer.url, f"w{index}"]
        with (logs / f"w{index}.log").open("ab") as log:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot.harness", *args], cwd=ROOT, stderr=log, env=env
                )
            )
    return processes


async def listening(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.close()
        return
    raise RuntimeError(f"worker on port {port} did not start")


async def villager(user: ChatUser, rounds: int, figures: Figures) -> None:
    await user.send("/start")
    await user.messages_until_quiet(quiet=1.2, timeout=REPLY_TIMEOUT)
    for _ in range(rounds):
        asked = time.perf_counter()
        await user.send(QUESTION)
        try:
            await user.next_message(timeout=REPLY_TIMEOUT)
        except AssertionError:
            figures.lost += 1
            continue
        figures.latencies.append(time.perf_counter() - asked)
        await user.messages_until_quiet(quiet=1.2, timeout=REPLY_TIMEOUT)  # reads it all


def announcements_sent(server: SandboxServer, recipients: list[int]) -> list[int]:
    messages = server.state.bot_messages
    return [len(messages.get(user_id, {})) for user_id in recipients]


async def measure_broadcast(
    server: SandboxServer, recipients: list[int], done: asyncio.Event
) -> float:
    """Announcements per second from the first to the last one delivered."""
    first = last = None
    while not done.is_set() or sum(announcements_sent(server, recipients)) < len(recipients):
        sent = sum(1 for c in announcements_sent(server, recipients) if c)
        now = time.perf_counter()
        if sent and first is None:
            first = (now, sent)
        if first is not None and sent > first[1]:
            last = (now, sent)
        if sent >= len(recipients):
            break
        await asyncio.sleep(0.1)
    if first is None or last is None or last[0] == first[0]:
        return 0.0
    return (last[1] - first[1]) / (last[0] - first[0])


async def one_size(count: int, ns: argparse.Namespace, work: Path, base: Path | None) -> Figures:
    figures = Figures(count)
    logs = work / f"{count}-workers"
    logs.mkdir()
    db_target = ns.db or str(logs / "desabot.sqlite3")
    if base is not None:
        shutil.copyfile(base, db_target)
    server = SandboxServer()
    await server.start()
    async with SandboxClient(server.base_url) as control:
        await control.set_limits(per_second=30, per_chat_per_second=1)
    balancer = Balancer([f"http://127.0.0.1:{free_port()}/hook" for _ in range(count)])
    await balancer.start()
    first_id = 10_000_000 * count + int(time.time()) % 1_000_000 * 10
    recipients = list(range(first_id, first_id + ns.recipients))
    await prepare(db_target, recipients, server)
    processes = start_workers(count, server, balancer, db_target, logs)
    try:
        for target in balancer.targets:
            await listening(int(target.split(":")[2].split("/")[0]))
        async with SandboxClient(server.base_url) as api:
            people = [ChatUser(api, first_id - 1 - n) for n in range(ns.villagers)]
            await launch(db_target, recipients)
            done = asyncio.Event()
            rate = asyncio.create_task(measure_broadcast(server, recipients, done))
            await asyncio.gather(*(villager(u, ns.rounds, figures) for u in people))
            done.set()
            figures.broadcast_rate = await asyncio.wait_for(rate, timeout=300)
        figures.rate_limited = server.state.stats.rate_limited
        figures.duplicates = sum(max(0, c - 1) for c in announcements_sent(server, recipients))
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
            if process.poll() is None:
                process.kill()
        await balancer.stop()
        await server.stop()
    figures.refused = sum(
        path.read_text(errors="replace").count("database is locked") for path in logs.glob("*.log")
    )
    return figures


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def report(rows: list[Figures], ns: argparse.Namespace) -> None:
    where = redact_url(ns.db) if ns.db else "SQLite (a fresh file per size, WAL)"
    print(f"\n{ns.villagers} villagers × {ns.rounds} questions during a broadcast to")
    print(f"{ns.recipients} recipients; sandbox at Telegram's 30/s and 1/s per chat; {where}\n")
    print(
        "| workers | refused writes | lost replies | reply p50 ms | reply p99 ms |"
        " broadcast msg/s | 429s | duplicates |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in rows:
        print(
            f"| {f.workers} | {f.refused} | {f.lost} | {percentile(f.latencies, 0.5):.0f} |"
            f" {percentile(f.latencies, 0.99):.0f} | {f.broadcast_rate:.1f} |"
            f" {f.rate_limited} | {f.duplicates} |"
        )


async def main(ns: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="desabot-workers-") as tmp:
        work = Path(tmp)
        base = None if ns.db else await template(work)
        rows = [await one_size(count, ns, work, base) for count in ns.sizes]
    report(rows, ns)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--villagers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--recipients", type=int, default=600)
    parser.add_argument("--db", help="a migrated SQLite file or postgresql:// URL")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
