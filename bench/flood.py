"""One user floods the bot; how long does ANOTHER user wait for a reply? (issue 10, High 2)

The sandbox Bot API and the bot run in this process. One villager sends ``--flood`` messages as
fast as the client can post them (a stuck key, a script, a forwarded chat history), while a
second villager keeps a normal conversation at a person's pace: /menu, wait for the reply,
1 s pause, again (Telegram lets a bot answer one chat about once a second).
Printed: the second villager's reply latency (p50, p99, max) with and without Telegram-like
limits (30 messages/s overall, 1/s per chat, answered 429 beyond them), and how many of the
flood's messages the bot answered. Goal: the other villager's p99 < 200 ms.

Run: .venv/bin/python bench/flood.py [--flood 300] [--probes 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.harness import SANDBOX_LIMITS, sandbox_with_bot
from bot.platform.ratelimit import TELEGRAM
from sandbox.client import ChatUser, SandboxClient

FLOODER, PROBE = 70_001, 70_002
GIVE_UP = 60.0  # seconds
PAUSE = 1.0  # seconds between the other villager's messages


async def _flood(client: SandboxClient, count: int) -> None:
    for n in range(count):
        await client.send(FLOODER, f"halo {n}", first_name="Banjir")


async def _probe(user: ChatUser, probes: int) -> list[float]:
    """Latencies in seconds; a reply that never came within GIVE_UP counts as GIVE_UP (and
    ends the probing: the stall is established)."""
    latencies = []
    for _ in range(probes):
        await asyncio.sleep(PAUSE)
        started = time.perf_counter()
        await user.send("/menu")
        try:
            await user.next_message(timeout=GIVE_UP)
        except AssertionError:
            latencies.append(GIVE_UP)
            break
        latencies.append(time.perf_counter() - started)
        await user.drain()
    return latencies


async def run(flood: int, probes: int, limits: bool) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        async with (
            sandbox_with_bot(
                Path(tmp) / "flood.sqlite3", limits=TELEGRAM if limits else SANDBOX_LIMITS
            ) as (server, _bot),
            SandboxClient(server.base_url) as client,
        ):
            if limits:
                await client.set_limits(per_second=30, per_chat_per_second=1)
            probe = ChatUser(client, PROBE, first_name="Siti")
            await probe.send("/start")  # first contact outside the measurement
            await probe.next_message(timeout=30)
            await probe.drain()
            flooding = asyncio.create_task(_flood(client, flood))
            await asyncio.sleep(0.05)  # the flood is under way
            latencies = await _probe(probe, probes)
            flooding.cancel()  # the posting is long done; this only tidies up
            await asyncio.sleep(1.0)
            answered = len([e for e in await client.chat(FLOODER) if e.get("kind") == "message"])
            refused = (await client.stats())["rate_limited"]
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
    label = "Telegram-like limits" if limits else "no limits"
    return (
        f"{label:<22} other user's /menu: p50 {statistics.median(latencies) * 1000:7.1f} ms"
        f"  p99 {p99:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms;"
        f" flooder's {flood} messages got {answered} replies; {refused} x 429"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=300)
    parser.add_argument("--probes", type=int, default=30)
    args = parser.parse_args()
    for limits in (False, True):
        print(asyncio.run(run(args.flood, args.probes, limits)), flush=True)


if __name__ == "__main__":
    main()
