"""🔊 Dengarkan: how long a lesson screen takes to become a voice note, and how often the
file_id cache spares that work (issue 12, "Voice").

1. Synthesis: every lesson screen in Indonesian and English, as the bot shows it (dated
   figures filled in for today), prepared by bot/domain/spoken.py and synthesised with eSpeak
   NG + encoded to OGG/Opus by bot/services/voice.py, ``--repeat`` times each. Printed: mean
   and p95 per screen (synthesis + encoding), audio length, OGG size.
2. An e2e-like run: the sandbox Bot API and the bot in this process; ``--users`` villagers
   (70% Indonesian, 30% English) each open ``--screens`` random lesson screens and press
   "🔊 Dengarkan" on each. Printed: the cache hit ratio (voice notes re-sent by file_id /
   presses) and the press → voice note latency for a synthesised and for a cached one.

Run: .venv/bin/python bench/voice.py [--repeat 3] [--users 20] [--screens 3] [--limit N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import load_content
from bot.domain import dated_facts
from bot.domain.dates import today_jakarta
from bot.domain.spoken import spoken_text
from bot.harness import sandbox_with_bot
from bot.platform.config import load_settings
from bot.platform.i18n import localized
from bot.services import voice
from sandbox.client import ChatUser, SandboxClient

LANGUAGES = ("id", "en")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def synthesis(repeat: int, limit: int) -> str:
    synthesizer = voice.load_synthesizer()
    if synthesizer is None:
        return "synthesis: eSpeak NG or the Opus encoder is not installed"
    lessons = load_content(load_settings({})).lessons
    today = today_jakarta()
    timings, cpu, seconds, sizes, chars = [], [], [], [], []
    screens = [(lang, s) for lang in LANGUAGES for lesson in lessons for s in lesson.screens]
    for lang, screen in screens[: limit or None]:
        shown = dated_facts.render(localized(screen.text, lang), lang, today)
        text = spoken_text(shown, lang)
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            audio = synthesizer.synthesize(text, voice.VOICES[lang])
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)  # what a shared machine cannot skew
        seconds.append(audio.seconds)
        sizes.append(len(audio.ogg))
        chars.append(len(text))
    return (
        f"synthesis + OGG/Opus encoding, {len(seconds)} lesson screens (id, en) × {repeat}:"
        f" mean {statistics.mean(timings) * 1000:.0f} ms, p95 {_p95(timings) * 1000:.0f} ms"
        f" per screen (CPU time mean {statistics.mean(cpu) * 1000:.0f} ms,"
        f" p95 {_p95(cpu) * 1000:.0f} ms); audio mean {statistics.mean(seconds):.1f} s"
        f" (max {max(seconds):.1f} s),"
        f" {statistics.mean(chars):.0f} characters spoken, OGG mean"
        f" {statistics.mean(sizes) / 1024:.0f} KiB"
    )


async def _listen(user: ChatUser, lesson_id: str, screen: int) -> float:
    await user.send("/program")
    shown = await user.next_message(timeout=30)
    for page in range(1, screen + 1):  # open the lesson, then "Berikutnya" to the screen
        await user.press(shown, data=f"les:{lesson_id}:{page}")
        shown = await user.next_message(timeout=30)
    started = time.perf_counter()
    await user.press(shown, text="🔊")
    while True:
        message = await user.next_message(timeout=60)
        if message.kind == "voice":
            return time.perf_counter() - started


async def cache_run(users: int, screens: int, seed: int) -> str:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        async with (
            sandbox_with_bot(Path(tmp) / "voice.sqlite3") as (server, bot),
            SandboxClient(server.base_url) as client,
        ):
            service = bot.services.voice
            if service is None:
                return "e2e run: eSpeak NG or the Opus encoder is not installed"
            pages = [(lesson.id, len(lesson.screens)) for lesson in bot.services.lessons]
            made: list[float] = []
            resent: list[float] = []
            wanted: set[tuple[str, str, int]] = set()
            for n in range(users):
                lang = "id" if rng.random() < 0.7 else "en"
                user = ChatUser(client, 80_000 + n, language_code=lang, first_name="Siti")
                for _ in range(screens):
                    lesson_id, count = rng.choice(pages)
                    screen = rng.randint(1, count)
                    wanted.add((lang, lesson_id, screen))
                    before = service.misses
                    latency = await _listen(user, lesson_id, screen)
                    (made if service.misses > before else resent).append(latency)
            presses = service.hits + service.misses
    ratio = service.hits / presses if presses else 0.0
    cached = (
        f"{statistics.median(resent) * 1000:.0f} ms (p95 {_p95(resent) * 1000:.0f} ms)"
        if resent
        else "n/a"
    )
    return (
        f"e2e-like run, {users} villagers × {screens} presses ({presses} voice notes sent,"
        f" {len(wanted)} distinct screens):"
        f" cache hit ratio {ratio:.1%} ({service.hits} re-sent by file_id, {service.misses}"
        f" synthesised); press → voice note: synthesised p50 {statistics.median(made) * 1000:.0f}"
        f" ms (p95 {_p95(made) * 1000:.0f} ms), cached p50 {cached}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--screens", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--limit", type=int, default=0, help="only the first N screens (0: all)")
    args = parser.parse_args()
    print(synthesis(args.repeat, args.limit), flush=True)
    print(asyncio.run(cache_run(args.users, args.screens, args.seed)), flush=True)


if __name__ == "__main__":
    main()
