"""Storage under load: villagers' writes during a broadcast, villagers during heavy reads.

    .venv/bin/python bench/storage.py                      # both parts, before/after
    .venv/bin/python bench/storage.py --before REV         # "before" = the bot at git REV
    .venv/bin/python bench/storage.py --villages 20000     # part 2 on a smaller country
    .venv/bin/python bench/storage.py --before --pg postgresql://…   # SQLite and PostgreSQL

Part 1 — 50 villagers writing while a broadcast runs. In one process, as in the bot: the
broadcast worker (``BroadcastWorker``, a scripted sender that answers in 2 ms, 400/s) delivers
an announcement to 3,000 recipients while 50 chats each do 30 "replies" as fast as a person
can type (0–40 ms apart). A reply is what a villager's update writes and reads: first
contact (``users.register``), a dialogue step saved and read back (``dialogs``), a
subscription (``subscriptions.subscribe``: a two-statement transaction), last seen. A reply
that raises is LOST (the villager got nothing); one whose error says "locked"/"busy" is also
a REFUSED write. Latency is per reply. The same script runs twice in a child process each:
with the bot's code at ``--before`` (default: the commit this branch started from, extracted
with ``git archive``) and with the code of this checkout.

Part 2 — villagers while an admin reads the whole country. The national-scale data of
``bench/national_scale.py`` (its builder; ``--villages`` villages, ~12 members each), then
50 villagers each asking for their user row, their dialogue and their village's figures
(``village_snapshot``) every 0.25–0.75 s, alone and while an admin runs the national /statistik
(``statistics.compute`` over every village, the stored indications dropped first, as after a
rules change) AND a 50,000-row apparatus XLSX export. Printed: villagers' p50/p99/max.
Goal: p99 < 300 ms during the heavy reads.

With ``--pg DSN`` (or ``DESABOT_BENCH_PG``; a role that may CREATE DATABASE) both parts also
run on PostgreSQL with this checkout's code, printed as one more column: part 1 on a fresh
database, part 2 on a copy of the same national data made with ``desabot db copy`` (whose
time is printed). ``--before`` with no revision leaves the old code out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import pg_target  # noqa: E402

# Before: the code the issue was filed against (deferred transactions, no retry), and main
# when this branch started (issue 10's BEGIN IMMEDIATE and retries, still two writers).
ISSUE_REV, MAIN_REV = "e4ca8a5", "eb7e758"

CHATS = 50
REPLIES = 30
RECIPIENTS = 3_000


# ----------------------------------------------------------------- part 1 (child process)


async def writes_during_broadcast(path: str, chats: int, replies: int) -> dict[str, object]:
    """Runs against whichever ``bot`` package is first on sys.path (before or after; the
    layout moved: bot/db → bot/platform/db, bot/broadcast.py → bot/services/)."""
    import importlib

    def module(*names: str) -> Any:
        for name in names:
            try:
                return importlib.import_module(name)
            except ModuleNotFoundError:
                continue
        raise ModuleNotFoundError(names[0])

    broadcasts, dialogs, subscriptions, users = (
        module(f"bot.platform.db.{m}", f"bot.db.{m}")
        for m in ("broadcasts", "dialogs", "subscriptions", "users")
    )
    connection = module("bot.platform.db.connection", "bot.db.connection")
    Database, utcnow, DialogState = connection.Database, connection.utcnow, dialogs.DialogState
    regions = module("bot.services.regions", "bot.regions")
    BroadcastWorker = module("bot.services.broadcast", "bot.broadcast").BroadcastWorker

    class Sender:
        sent = 0

        async def initialize(self) -> None: ...

        async def shutdown(self) -> None: ...

        async def send(self, chat_id: int, announcement: object) -> int:
            await asyncio.sleep(0.002)  # Telegram answering
            Sender.sent += 1
            return Sender.sent

    try:  # this checkout: a SQLite file or a PostgreSQL URL
        db = module("bot.platform.db.backend").open_database(path)
    except ModuleNotFoundError:  # the code before: SQLite only
        db = Database(Path(path))
    await db.initialize()
    await regions.load_regions(db)
    villages = [
        str(r[0]) for r in await db.fetchall("SELECT code FROM regions WHERE level = 4 LIMIT 50")
    ]
    now = utcnow()
    recipients = list(range(1_000_000, 1_000_000 + RECIPIENTS))
    for user_id in recipients:  # as many small commits as the bot would have made
        await db.execute(
            "INSERT INTO users(user_id, display_name, language, first_seen, last_seen)"
            " VALUES (?, 'Warga', 'id', ?, ?)",
            (user_id, now, now),
        )
    broadcast_id = await broadcasts.create_draft(
        db, 9001, {"id": "Sosialisasi"}, audience={"all": True}
    )
    await broadcasts.enqueue(db, broadcast_id, recipients)
    worker = BroadcastWorker(db, Sender(), rate=400.0, poll_interval=0.05)
    latencies: list[float] = []
    lost: list[str] = []
    refused = 0

    async def villager(n: int) -> None:
        nonlocal refused
        rng = random.Random(n)
        user_id = 500_000 + n
        for step in range(replies):
            started = time.perf_counter()
            try:
                await users.register(db, user_id, f"Warga {n}", "id")
                await dialogs.save(db, user_id, DialogState("iuran", "income", {"step": step}))
                assert await dialogs.get(db, user_id) is not None
                await subscriptions.subscribe(db, user_id, villages[n % len(villages)])
                await users.mark_seen(db, user_id, f"Warga {n}")
            except Exception as exc:  # the villager gets no reply at all
                lost.append(f"{type(exc).__name__}: {exc}")
                refused += "locked" in str(exc) or "busy" in str(exc)
            else:
                latencies.append(time.perf_counter() - started)
            await asyncio.sleep(rng.uniform(0.0, 0.04))

    await worker.start()
    started = time.perf_counter()
    await asyncio.gather(*(villager(n) for n in range(chats)))
    took = time.perf_counter() - started
    sent_meanwhile = Sender.sent
    await worker.stop()
    await db.shutdown()
    return {
        "replies": chats * replies,
        "lost": len(lost),
        "refused": refused,
        "errors": sorted(set(lost))[:3],
        "p50": _pct(latencies, 50),
        "p99": _pct(latencies, 99),
        "max": _pct(latencies, 100),
        "seconds": took,
        "sent": sent_meanwhile,
    }


def run_part1(
    code: Path | None, chats: int, replies: int, work: Path, pg_url: str | None = None
) -> dict[str, object]:
    """One child process; ``code``: a directory whose ``bot`` package replaces ours;
    ``pg_url``: this checkout's code on that PostgreSQL database instead of a file."""
    name = code.name if code else "postgresql" if pg_url else "after"
    out = work / f"part1-{name}.json"
    db_path: Path | str = pg_url or work / f"part1-{name}.sqlite3"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code or ROOT), str(ROOT)])
    args = [sys.executable, __file__, "--child", str(db_path), str(out)]
    subprocess.run([*args, str(chats), str(replies)], env=env, check=True, cwd=work)
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def extract(rev: str, work: Path) -> Path:
    """The bot's code at ``rev`` (bot/ and content/), outside this checkout."""
    target = work / rev
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "bot", "content"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def print_part1(results: dict[str, dict[str, object]]) -> None:
    print(f"\n== 1. {CHATS} villagers writing while a broadcast runs (worker at 400/s)")
    print(f"{'':<30}" + "".join(f"{name:>16}" for name in results))
    rows = [
        ("replies attempted", "replies", "{:,}"),
        ("refused writes (locked)", "refused", "{:,}"),
        ("lost replies (any error)", "lost", "{:,}"),
        ("reply p50 ms", "p50", "{:.0f}"),
        ("reply p99 ms", "p99", "{:.0f}"),
        ("reply max ms", "max", "{:.0f}"),
        ("announcements sent meanwhile", "sent", "{:,}"),
        ("seconds", "seconds", "{:.1f}"),
    ]
    for label, key, fmt in rows:
        print(f"{label:<30}" + "".join(f"{fmt.format(r[key]):>16}" for r in results.values()))
    for name, result in results.items():
        errors = result["errors"]
        if isinstance(errors, list) and errors:
            print(f"  {name}: " + " | ".join(str(e) for e in errors))


# ----------------------------------------------------------------- part 2 (this process)


def build_national(villages_n: int, work: Path) -> tuple[Path, str]:
    """The national-scale database (bench/national_scale.py's builder, this checkout)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import national_scale

    from bot.platform.crypto import generate_secret_key

    path, secret = work / "national.sqlite3", generate_secret_key()
    print(f"\n== 2. villagers while an admin reads the country ({villages_n:,} villages)")
    started = time.perf_counter()
    asyncio.run(national_scale.build(path, secret, villages_n, 7))
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path, secret


async def heavy_reads(path: str, secret: str, work: Path) -> dict[str, object]:
    """Part 2 in a child process: whichever ``bot`` is first on the path (before or after)."""
    from bot.domain.rules import load_rules
    from bot.platform.crypto import PersonalDataCipher
    from bot.platform.db import dialogs, users
    from bot.platform.db.officers import EVERYWHERE
    from bot.services import exports, statistics
    from bot.services.exports import Dataset, ExportRequest, FileFormat, Sources
    from bot.services.snapshot import village_snapshot

    try:  # this checkout: a SQLite file or a PostgreSQL URL
        from bot.platform.db.backend import open_database

        db = open_database(path)
    except ModuleNotFoundError:  # the code before: SQLite only
        from bot.platform.db.connection import Database

        db = Database(Path(path))
    await db.initialize()
    codes = [
        str(r[0]) for r in await db.fetchall("SELECT code FROM villages ORDER BY code LIMIT 500")
    ]
    person_ids = [int(r[0]) for r in await db.fetchall("SELECT user_id FROM users LIMIT 50")]
    rules, today = load_rules(), date.today()
    sources = Sources(rules, today, PersonalDataCipher(secret))
    request = ExportRequest(
        Dataset.PERANGKAT, FileFormat.XLSX, await _scope_of_rows(db, 50_000), full_nik=False
    )

    async def one_villager(n: int, stop: asyncio.Event, out: list[float]) -> None:
        rng = random.Random(n)
        while not stop.is_set():
            began = time.perf_counter()
            await users.get(db, person_ids[n % len(person_ids)])
            await dialogs.get(db, person_ids[n % len(person_ids)])
            await village_snapshot(db, rng.choice(codes))
            out.append(time.perf_counter() - began)
            await asyncio.sleep(rng.uniform(0.25, 0.75))  # 100 replies/s from 50 people

    async def villagers_while(work_: Callable[[], Awaitable[object]]) -> dict[str, float]:
        stop, out = asyncio.Event(), []
        crowd = [asyncio.create_task(one_villager(n, stop, out)) for n in range(CHATS)]
        began = time.perf_counter()
        await work_()
        took = time.perf_counter() - began
        stop.set()
        await asyncio.gather(*crowd)
        return {
            "seconds": took,
            "n": len(out),
            "p50": _pct(out, 50),
            "p99": _pct(out, 99),
            "max": _pct(out, 100),
        }

    async def national_statistics() -> None:
        await db.execute("DELETE FROM village_indications")  # as after a rules change
        await statistics.compute(db, EVERYWHERE, rules, today)

    async def export() -> None:
        directory = work / f"export-{os.getpid()}"
        directory.mkdir(exist_ok=True)
        result = await exports.export(db, request, sources, directory)
        print(f"  export: {result.rows:,} rows, {result.size / 1e6:.1f} MB", flush=True)

    async def both() -> None:
        await asyncio.gather(national_statistics(), export())

    figures = {
        "alone": await villagers_while(lambda: asyncio.sleep(5)),
        "/statistik": await villagers_while(national_statistics),
        "XLSX export": await villagers_while(export),
        "both at once": await villagers_while(both),
    }
    await db.shutdown()
    return figures


def run_part2(code: Path | None, national: Path, secret: str, work: Path) -> dict[str, object]:
    name = code.name if code else "after"
    copy, out = work / f"national-{name}.sqlite3", work / f"part2-{name}.json"
    source = sqlite3.connect(national)
    target = sqlite3.connect(copy)
    source.backup(target)  # each run starts from the same data (indications included)
    source.close()
    target.close()
    result = _child2(code, str(copy), secret, out, work)
    copy.unlink()
    return result


def run_part2_postgres(
    national: Path, secret: str, work: Path, admin_dsn: str
) -> dict[str, object]:
    """The same national data copied into PostgreSQL with `desabot db copy`, then part 2."""
    from bot.platform.db.copy import copy_database

    url = asyncio.run(pg_target.create(admin_dsn, "desabot_bench_storage2"))
    try:
        started = time.perf_counter()
        asyncio.run(copy_database(national, url, progress=lambda line: None))
        print(
            f"  db copy of the national data to PostgreSQL: {time.perf_counter() - started:.0f} s"
        )
        return _child2(None, url, secret, work / "part2-postgresql.json", work)
    finally:
        asyncio.run(pg_target.drop(admin_dsn, "desabot_bench_storage2"))


def _child2(code: Path | None, where: str, secret: str, out: Path, work: Path) -> dict[str, object]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code or ROOT), str(ROOT)])
    args = [sys.executable, __file__, "--child2", where, secret, str(out), str(work)]
    subprocess.run(args, env=env, check=True, cwd=work)
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def print_part2(results: dict[str, dict[str, Any]]) -> None:
    print("villagers' reply ms (50 people, 100 replies/s); p50 / p99 / max, and the admin's s")
    print(f"{'':<16}" + "".join(f"{name:>28}" for name in results))
    for phase in ("alone", "/statistik", "XLSX export", "both at once"):
        cells = []
        for figures in results.values():
            f = figures[phase]
            cells.append(
                f"{f['p50']:.0f} / {f['p99']:.0f} / {f['max']:.0f}  ({f['seconds']:.1f} s)"
            )
        print(f"{phase:<16}" + "".join(f"{c:>28}" for c in cells))
    after = results["after"]
    worst = max(after[p]["p99"] for p in ("/statistik", "XLSX export", "both at once"))
    print(
        f"  goal p99 < 300 ms during the heavy reads (after): {'PASS' if worst < 300 else 'FAIL'}"
    )


# ----------------------------------------------------------------- helpers


async def _scope_of_rows(db: Any, rows: int) -> Any:
    """An officer's scope (whole kab/kota) holding at least ``rows`` apparatus members."""
    from bot.platform.db.officers import Scope

    counts = await db.fetchall(
        "SELECT substr(village_code, 1, 5) AS kab, COUNT(*) FROM members GROUP BY kab ORDER BY kab"
    )
    chosen, total = [], 0
    for kab, n in counts:
        if total >= rows:
            break
        chosen.append(str(kab))
        total += int(n)
    return Scope(False, frozenset(chosen))


def _pct(values: Sequence[float], percent: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before",
        nargs="*",
        default=[ISSUE_REV, MAIN_REV],
        help="git revisions of the 'before' code",
    )
    parser.add_argument("--villages", type=int, default=83_762)
    parser.add_argument("--part", choices=("1", "2", "all"), default="all")
    parser.add_argument("--pg", help="also on PostgreSQL: an admin DSN (or DESABOT_BENCH_PG)")
    args = parser.parse_args()
    admin_dsn = pg_target.dsn(args.pg)
    with tempfile.TemporaryDirectory(prefix="desabot-storage-") as directory:
        work = Path(directory)
        if args.part in ("1", "all"):
            results = {
                f"before {rev}": run_part1(extract(rev, work), CHATS, REPLIES, work)
                for rev in args.before
            }
            results["after"] = run_part1(None, CHATS, REPLIES, work)
            if admin_dsn:
                url = asyncio.run(pg_target.create(admin_dsn, "desabot_bench_storage1"))
                try:
                    results["PostgreSQL"] = run_part1(None, CHATS, REPLIES, work, url)
                finally:
                    asyncio.run(pg_target.drop(admin_dsn, "desabot_bench_storage1"))
            print_part1(results)
        if args.part in ("2", "all"):
            national, secret = build_national(args.villages, work)
            part2 = {
                f"before {rev}": run_part2(extract(rev, work), national, secret, work)
                for rev in args.before
                if rev != ISSUE_REV  # its layout predates the services these reads use
            }
            part2["after"] = run_part2(None, national, secret, work)
            if admin_dsn:
                part2["PostgreSQL"] = run_part2_postgres(national, secret, work, admin_dsn)
            print_part2(part2)


def child(db_path: str, out: str, chats: str, replies: str) -> None:
    """Part 1 in a child process, with whichever ``bot`` PYTHONPATH puts first."""
    # The editable install's finder would map ``bot`` to this checkout whatever the path says.
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
    import bot

    print(f"  part 1 with the code in {Path(bot.__file__).parent.parent}", flush=True)
    result = asyncio.run(writes_during_broadcast(db_path, int(chats), int(replies)))
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def child2(db_path: str, secret: str, out: str, work: str) -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
    import bot

    print(f"  part 2 with the code in {Path(bot.__file__).parent.parent}", flush=True)
    result = asyncio.run(heavy_reads(db_path, secret, Path(work)))
    Path(out).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child2":
        child2(*sys.argv[2:6])
    else:
        sqlite3.enable_callback_tracebacks(False)
        main()
