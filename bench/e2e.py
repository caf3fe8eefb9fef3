"""End-to-end throughput and latency: our bot vs a bare python-telegram-bot echo bot.

Both run in this process against the same sandbox Bot API, over HTTP, driven by simulated
users who each send /start and then press two menu buttons (open programmes, back to the
menu) for several rounds. Latency is measured from the user's action to the bot's reply or
edit arriving at the sandbox. Prints updates/s, p50/p99 and the ratio ours/echo.

Run: .venv/bin/python bench/e2e.py [--users 50] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox.client import ChatUser, SandboxClient
from bot.sandbox.harness import SANDBOX_TOKEN, sandbox_settings, start_bot, stop_bot
from bot.sandbox.server import SandboxServer

ECHO_KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("prog", callback_data="prog")],
        [InlineKeyboardButton("menu", callback_data="menu")],
    ]
)


@dataclass
class Result:
    name: str
    updates: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<28} {self.updates:6d} updates in {self.seconds:6.2f}s = "
            f"{self.rate:7.1f} updates/s  p50 {self.percentile(0.5):6.1f} ms  "
            f"p99 {self.percentile(0.99):6.1f} ms"
        )


async def _timed(
    latencies: list[float], action: Callable[[], Awaitable[object]], user: ChatUser
) -> None:
    started = time.perf_counter()
    await action()
    await user.next_message(timeout=30)
    latencies.append(time.perf_counter() - started)


async def _user_session(user: ChatUser, rounds: int, latencies: list[float]) -> None:
    for _ in range(rounds):
        await _timed(latencies, lambda: user.send("/start"), user)
        menu = await user.last_message()
        assert menu is not None
        await _timed(latencies, lambda: user.press(menu, data="prog"), user)
        shown = await user.last_message()
        assert shown is not None
        await _timed(latencies, lambda: user.press(shown, data="menu"), user)


async def drive(name: str, client: SandboxClient, users: int, rounds: int, first_id: int) -> Result:
    people = [ChatUser(client, first_id + n, language_code="id") for n in range(users)]
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(_user_session(p, rounds, latencies) for p in people))
    return Result(name, users * rounds * 3, time.perf_counter() - started, latencies)


async def _echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        update.effective_message.text or "", reply_markup=ECHO_KEYBOARD
    )


async def _echo_press(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"pressed {query.data}", reply_markup=ECHO_KEYBOARD)


async def run_echo(server: SandboxServer) -> Application:  # type: ignore[type-arg]
    app = ApplicationBuilder().token(SANDBOX_TOKEN).base_url(server.api_url).build()
    app.add_handler(MessageHandler(filters.ALL, _echo))
    app.add_handler(CallbackQueryHandler(_echo_press))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=2)
    return app


async def stop_echo(app: Application) -> None:  # type: ignore[type-arg]
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


async def main(users: int, rounds: int) -> None:
    server = SandboxServer()
    await server.start()
    client = SandboxClient(server.base_url)
    results = []
    try:
        echo = await run_echo(server)
        await drive("warm-up", client, 5, 2, 900_000)
        results.append(await drive("bare PTB echo bot", client, users, rounds, 100_000))
        await stop_echo(echo)
        with tempfile.TemporaryDirectory() as tmp:
            settings = sandbox_settings(server, Path(tmp) / "bench.sqlite3")
            for limiter in (False, True):
                ours = await start_bot(settings, rate_limiter=limiter)
                await drive("warm-up", client, 5, 2, 910_000 + 1000 * limiter)
                label = "desabot (AIORateLimiter)" if limiter else "desabot (no rate limiter)"
                results.append(
                    await drive(label, client, users, rounds, 200_000 + 100_000 * limiter)
                )
                await stop_bot(ours)
    finally:
        await client.close()
        await server.stop()
    print(f"{users} concurrent users x {rounds} rounds x 3 updates (/start, 2 button presses)")
    for result in results:
        print(result.line())
    echo_result, ours_plain, ours_limited = results
    print(
        f"throughput ratio desabot/echo (same stack, no limiter): {ours_plain.rate / echo_result.rate:.2f}"
    )
    print(
        f"throughput ratio desabot with AIORateLimiter/echo:      {ours_limited.rate / echo_result.rate:.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(main(args.users, args.rounds))
