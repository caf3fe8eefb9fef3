"""Export and statistics benchmark: time and peak memory of /ekspor, time of /statistik.

    .venv/bin/python bench/exports.py                        # 50,000 apparatus, 1,000 villages
    .venv/bin/python bench/exports.py --members 100000 --villages 5000

Seeds a temporary database (apparatus with real Fernet-encrypted NIKs; villages with members,
reports, subscribers, questions and an announcement), then prints

* for each export (CSV, XLSX, CSV with full NIKs): seconds, file size, and peak Python memory
  (tracemalloc, a second run: tracing slows the code down, so time and memory are separate);
* for /statistik: the computation (``bot.services.statistics.compute``) for all villages and for one
  kab/kota, and the chart rendering.

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.nik import mask_nik  # noqa: E402
from bot.domain.rules import load_rules  # noqa: E402
from bot.platform.crypto import PersonalDataCipher, generate_secret_key  # noqa: E402
from bot.platform.db.connection import Database, utcnow  # noqa: E402
from bot.platform.db.officers import EVERYWHERE, Scope  # noqa: E402
from bot.services import charts, exports, statistics  # noqa: E402
from bot.services.exports import Dataset, ExportRequest, FileFormat, Sources  # noqa: E402

TODAY = date(2026, 3, 4)
KABS = 10  # villages are spread over this many kab/kota
JABATAN = ("kepala_desa", "sekdes", "kaur_keuangan", "kasi_pelayanan", "kadus", "bpd_anggota")
STATUS = ("aktif", "aktif", "nonaktif", "belum")
TEXTS = charts.ChartTexts(
    "Perangkat desa aktif BPJS TK per kab/kota", "Persentase", "-", "", "Per minggu", "Q", "S"
)


def village_code(n: int) -> str:
    return f"35.{n % KABS + 1:02d}.{n // KABS % 30 + 1:02d}.{2001 + n // 300:04d}"


async def seed_villages(db: Database, count: int) -> None:
    """``count`` villages with 6 apparatus, two reported figures, 2 subscribers, 3 questions."""
    now = utcnow()
    codes = [village_code(n) for n in range(count)]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO villages(code, claimed_at, verified_at) VALUES (?, ?, ?)",
            [(code, now, now if n % 2 else None) for n, code in enumerate(codes)],
        )
        await conn.executemany(
            "INSERT INTO village_reports(village_code, field, value, reported_at)"
            " VALUES (?, ?, ?, ?)",
            [(c, f, v, now) for c in codes for f, v in (("perisai_agent", "true"),
                                                      ("sosialisasi_events", "2"))],
        )  # fmt: skip
        users = [(1_000_000 + n, now, now) for n in range(2 * count)]
        await conn.executemany(
            "INSERT INTO users(user_id, first_seen, last_seen) VALUES (?, ?, ?)", users
        )
        await conn.executemany(
            "INSERT INTO subscriptions(user_id, village_code, since) VALUES (?, ?, ?)",
            [(1_000_000 + n, codes[n // 2], now) for n in range(2 * count)],
        )
        await conn.executemany(
            "INSERT INTO questions(user_id, language, text, outcome, asked_at)"
            " VALUES (?, 'id', 'iuran bpu berapa', ?, ?)",
            [(1_000_000 + n % (2 * count), ("confident", "not_understood")[n % 2], now)
             for n in range(3 * count)],
        )  # fmt: skip
    await seed_members(db, [codes[n // len(JABATAN)] for n in range(count * len(JABATAN))], 0)


async def seed_members(
    db: Database, villages: list[str], first: int, cipher: PersonalDataCipher | None = None
) -> None:
    """One apparatus row per entry of ``villages``; real encrypted NIKs when a cipher is given."""
    now = utcnow()
    rows = []
    for n, code in enumerate(villages, start=first):
        nik = f"3505{n % 28 + 1:02d}0190{n:06d}"[:16]
        token = cipher.encrypt(nik) if cipher else f"token-{n}"
        # Every third village has all its apparatus aktif: the statistics find some indicated.
        status = "aktif" if n // len(JABATAN) % 3 == 0 else STATUS[n % len(STATUS)]
        rows.append(
            (code, f"Perangkat Desa {n:06d}", JABATAN[n % len(JABATAN)], token, f"idx-{n}",
             mask_nik(nik), status, f"{10_000_000_000 + n}", now, now)
        )  # fmt: skip
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO members(village_code, name, jabatan, nik_encrypted, nik_index,"
            " nik_masked, status, kpj, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )


async def timed(run: Callable[[], Awaitable[object]]) -> tuple[float, object, float]:
    """Seconds, the result, and the event loop's worst delay meanwhile (how long another
    user's update could have waited for its turn)."""
    stop = asyncio.Event()
    lag = asyncio.create_task(_worst_lag(stop))
    started = time.perf_counter()
    result = await run()
    seconds = time.perf_counter() - started
    stop.set()
    return seconds, result, await lag


async def _worst_lag(stop: asyncio.Event, tick: float = 0.005) -> float:
    worst = 0.0
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(tick)
        worst = max(worst, time.perf_counter() - started - tick)
    return worst


async def peak_memory(run: Callable[[], Awaitable[object]]) -> int:
    tracemalloc.start()  # traces the writer threads too
    try:
        await run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def bench_exports(path: Path, count: int, work: Path) -> None:
    db = Database(path)
    await db.initialize()
    cipher = PersonalDataCipher(generate_secret_key())
    started = time.perf_counter()
    villages = [village_code(n // 20) for n in range(count)]  # 20 apparatus per village
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO villages(code, claimed_at) VALUES (?, ?)",
            [(code, utcnow()) for code in sorted(set(villages))],
        )
    await seed_members(db, villages, 0, cipher)
    print(
        f"seeded {count:,} apparatus with encrypted NIKs in {time.perf_counter() - started:.1f} s"
    )
    sources = Sources(load_rules(), TODAY, cipher)
    print(
        f"{'export':<20} {'rows':>7} {'size':>8} {'seconds':>8} {'rows/s':>8} {'peak mem':>9}"
        f" {'loop lag':>9}"
    )
    for label, file_format, full in (
        ("apparatus csv", FileFormat.CSV, False),
        ("apparatus xlsx", FileFormat.XLSX, False),
        ("apparatus csv, NIK", FileFormat.CSV, True),
    ):
        request = ExportRequest(Dataset.PERANGKAT, file_format, EVERYWHERE, full_nik=full)

        async def run(request: ExportRequest = request) -> exports.ExportResult:
            return await exports.export(db, request, sources, work)

        seconds, result, lag = await timed(run)
        assert isinstance(result, exports.ExportResult)
        peak = await peak_memory(run)
        print(
            f"{label:<20} {result.rows:>7,} {result.size / 1e6:>6.1f}MB {seconds:>8.2f}"
            f" {result.rows / seconds:>8,.0f} {peak / 1e6:>7.1f}MB {lag * 1000:>7.0f}ms"
        )
    await db.shutdown()


async def bench_statistics(path: Path, count: int) -> None:
    db = Database(path)
    await db.initialize()
    await seed_villages(db, count)
    rules = load_rules()
    blitar = Scope(False, frozenset({"35.01"}))
    print(f"/statistik over {count:,} villages ({count * len(JABATAN):,} apparatus):")
    stats: statistics.Statistics | None = None
    for label, scope in (("all (admin)", EVERYWHERE), ("one kab/kota", blitar)):

        async def compute(scope: Scope = scope) -> statistics.Statistics:
            return await statistics.compute(db, scope, rules, TODAY)

        seconds, result, lag = await timed(compute)
        assert isinstance(result, statistics.Statistics)
        stats = result
        print(
            f"  {label:<14} compute {seconds:.3f} s, loop lag {lag * 1000:.0f} ms"
            f"  ({stats.villages.claimed:,} villages, {stats.villages.indicated:,} indicated)"
        )
    assert stats is not None
    chart = stats
    seconds, png, lag = await timed(
        lambda: asyncio.to_thread(charts.render_statistics, chart, TEXTS)
    )
    assert isinstance(png, bytes)
    print(
        f"  chart          render  {seconds:.3f} s, loop lag {lag * 1000:.0f} ms  ({len(png):,} B)"
    )
    await db.shutdown()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--villages", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="desabot-bench-") as directory:
        work = Path(directory)
        await bench_exports(work / "exports.sqlite3", args.members, work)
        await bench_statistics(work / "statistics.sqlite3", args.villages)


if __name__ == "__main__":
    asyncio.run(main())
