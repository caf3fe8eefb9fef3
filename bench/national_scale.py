"""National-scale benchmark: every village seated, ~1 million apparatus members, all figures.

    .venv/bin/python bench/national_scale.py                   # all 83,762 villages
    .venv/bin/python bench/national_scale.py --villages 10000  # a smaller country, extrapolated
    .venv/bin/python bench/national_scale.py --pg postgresql://…  # and the same on PostgreSQL

What it builds, in a temporary directory (deleted at the end):

* the real schema (``Database.initialize`` applies every migration) and the real regions
  (``regions.load_regions``: 91,599 rows, 83,762 villages);
* one kepala desa user per village, and the ``villages`` / ``village_officials`` rows that
  ``bot.platform.db.villages.seat`` would write, about 30 % of them verified;
* about 12 members per village (10 to 14; the jabatan mix of a real list) with synthetic but
  well-formed NIKs (the village's province/kab/kec code, a valid birth date, women's day + 40,
  a serial unique per kecamatan), each sealed with ``bot.services.apparatus.seal`` (Fernet token,
  blind
  index, mask) under a fresh ``PersonalDataCipher``. Phone numbers are left empty in the build;
* every snapshot figure (``bot.services.snapshot.FIGURES``) reported for every village, plus an
  older
  report of the three head counts, so ``reports.latest`` has history to skip.

THE BUILD BYPASSES THE HANDLERS AND THE REPOSITORIES' ONE-ROW WRITES: rows go in with
``executemany``, 1,000 villages per transaction, on the bot's own connection settings (WAL,
foreign keys on, synchronous=NORMAL), with a larger page cache for the build only. It runs in a
child process, so the peak RSS printed for the measurements is that of a process doing what the
bot does (open the database, self-checks, member lists, officer summaries, an import), not of
the bulk loader. The child's peak is printed too.

A scaled-down build (``--villages N``) seats Jawa Timur (province 35, 8,494 villages) first,
in code order, and then random villages elsewhere: from N = 8,494 up the officer summaries over
35.05 and 35 run at their real size (from N = 248 for 35.05), below it the province is partly
seated and its time is also given per village. Build time and database size are extrapolated
linearly to 83,762 villages (the regions table, the same at any N, is left out of the scaling).

The goals (from the issue) get PASS/FAIL: self-check p99 < 20 ms, province summary < 1 s, peak
RSS < 300 MB. Everything else is printed for reading; nothing is asserted except that the
synthetic data is accepted (the import has no errors or conflicts).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import multiprocessing
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.apparatus_sheet import (  # noqa: E402
    CSV_DELIMITER,
    ImportResult,
    parse_upload,
    template_csv,
)
from bot.domain.nik import mask_nik  # noqa: E402
from bot.domain.rules import RuleSet, evaluate, load_rules  # noqa: E402
from bot.platform.crypto import PersonalDataCipher, generate_secret_key  # noqa: E402
from bot.platform.db import members, villages  # noqa: E402
from bot.platform.db.backend import open_database  # noqa: E402
from bot.platform.db.connection import Database  # noqa: E402
from bot.platform.db.members import _INSERT as MEMBER_INSERT  # noqa: E402  (same column order as the bot)
from bot.platform.db.members import _values as member_values  # noqa: E402
from bot.platform.db.officers import EVERYWHERE, Scope  # noqa: E402
from bot.services import regions, statistics  # noqa: E402
from bot.services.apparatus import SealedNik, import_rows, new_member, seal  # noqa: E402
from bot.services.snapshot import FIGURES, village_snapshot  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import pg_target  # noqa: E402

T = TypeVar("T")

ALL_VILLAGES = 83_762
PROVINCE = "35"  # Jawa Timur: 38 kab/kota, the largest number of desa of any province
KAB = "35.05"  # Kabupaten Blitar
CHUNK = 1_000  # villages per build transaction
SAMPLES = 1_000  # self-checks timed
IMPORT_ROWS = 500
LIST_PAGE = 8  # handlers/desa/perangkat/daftar.py PAGE_SIZE: the first page of /perangkat
FERNET_BUDGET_S = 180.0  # above this (extrapolated), one fixed token per member instead
TIME_BUDGET_S = 600.0
JAKARTA = ZoneInfo("Asia/Jakarta")

GOAL_SELF_CHECK_P99_S = 0.020
GOAL_PROVINCE_S = 1.0
GOAL_RSS_MB = 300.0

USER_BASE = 7_000_000_000  # synthetic Telegram ids, far from any real test id
OFFICER_ID = 6_999_999_999
# A real list's shape: the kepala desa and perangkat first, then BPD and lembaga. A village
# gets the first 10 to 14 (12 on average).
JABATAN_MIX = (
    "kepala_desa",
    "sekdes",
    "kaur_keuangan",
    "kaur_tu_umum",
    "kasi_pemerintahan",
    "kasi_kesejahteraan",
    "kadus",
    "kadus",
    "bpd_ketua",
    "bpd_anggota",
    "ketua_rt",
    "ketua_rw",
    "pkk",
    "kader",
)
STATUS_WEIGHTS = (("aktif", 0.62), ("nonaktif", 0.13), ("belum", 0.25))
FIRST_NAMES = (
    "Budi",
    "Siti",
    "Agus",
    "Sri",
    "Dwi",
    "Eko",
    "Nur",
    "Ahmad",
    "Dewi",
    "Joko",
    "Rina",
    "Wahyu",
    "Putri",
    "Bambang",
    "Endang",
    "Slamet",
    "Yuli",
    "Hadi",
    "Lestari",
    "Made",
)
LAST_NAMES = (
    "Santoso",
    "Rahayu",
    "Wibowo",
    "Susanti",
    "Hidayat",
    "Purnomo",
    "Setiawan",
    "Handayani",
    "Saputra",
    "Lestari",
    "Kurniawan",
    "Wati",
    "Prasetyo",
    "Sulistyo",
    "Utami",
    "Nugroho",
)
# How village offices write jabatan in an upload (bot.domain.jabatan.parse_jabatan reads them all).
IMPORT_SPELLINGS = (
    "Kepala Dusun Krajan",
    "Kasun II",
    "Ketua RT 03",
    "Kaur Keu",
    "Anggota BPD",
    "Kader",
    "Sekdes",
    "Kasi Pem",
    "Ketua RW 02",
    "Staf Desa",
)
IMPORT_STATUS = ("aktif", "Tidak Aktif", "belum terdaftar")


# --- the build (child process) ---------------------------------------------------------------


@dataclass
class BuildStats:
    villages: int = 0  # seated by the build
    members: int = 0
    reports: int = 0
    load_regions_s: float = 0.0
    seal_s: float = 0.0  # bot.services.apparatus.seal over every member (Fernet + HMAC + mask)
    generate_s: float = 0.0  # the rest of making the rows in Python
    write_s: float = 0.0  # executemany + commit
    total_s: float = 0.0
    fixed_token: bool = False  # Fernet was too slow: one token per member reused
    regions_mb: float = 0.0  # the database after the migrations and load_regions
    import_village: str = ""  # left unseated by the build, for the import measurement
    importer_id: int = 0
    peak_rss_mb: float = 0.0


class _Maker:
    """Makes the rows of a chunk of villages; remembers NIK serials per kecamatan."""

    def __init__(self, cipher: PersonalDataCipher, rnd: random.Random, now: datetime) -> None:
        self.cipher = cipher
        self.rnd = rnd
        self.now = now.isoformat(timespec="seconds")
        self.earlier = (now - timedelta(days=90)).isoformat(timespec="seconds")
        self.serials: defaultdict[str, int] = defaultdict(int)
        self.fixed: str | None = None  # the reused token once Fernet is judged too slow
        self.seal_s = 0.0
        self.sealed = 0

    def nik(self, village_code: str, birth_years: tuple[int, int]) -> str:
        kec = village_code[:8].replace(".", "")  # "35.05.15.2004" → "350515"
        self.serials[kec] += 1
        serial = self.serials[kec]
        if serial > 9999:
            raise RuntimeError(f"more than 9,999 synthetic NIKs in kecamatan {kec}")
        day = self.rnd.randint(1, 28) + (40 if self.rnd.random() < 0.4 else 0)
        month = self.rnd.randint(1, 12)
        year = self.rnd.randint(*birth_years) % 100
        return f"{kec}{day:02d}{month:02d}{year:02d}{serial:04d}"

    def name(self) -> str:
        return f"{self.rnd.choice(FIRST_NAMES)} {self.rnd.choice(LAST_NAMES)}"

    def status(self) -> str:
        roll, total = self.rnd.random(), 0.0
        for status, weight in STATUS_WEIGHTS:
            total += weight
            if roll < total:
                return status
        return "belum"

    def members(self, code: str, user_id: int) -> list[tuple[object, ...]]:
        rows = []
        for jabatan in JABATAN_MIX[: self.rnd.randint(10, 14)]:
            nik = self.nik(code, (1960, 1999))
            started = time.perf_counter()
            if self.fixed is None:
                sealed = seal(self.cipher, nik)
            else:  # same blind index and mask as seal(); only the Fernet token is reused
                sealed = SealedNik(self.fixed, self.cipher.blind_index(nik), mask_nik(nik))
            self.seal_s += time.perf_counter() - started
            self.sealed += 1
            status = self.status()
            kpj = None if status == "belum" else f"{self.rnd.randrange(10**10, 10**11)}"
            member = new_member(code, self.name(), jabatan, sealed, status, kpj, None, user_id)
            rows.append(member_values(member, self.now))
        return rows

    def reports(self, code: str, user_id: int) -> list[tuple[object, ...]]:
        rnd = self.rnd
        working = rnd.randint(300, 6000)
        bpu = rnd.randint(0, working * 2 // 5)
        pu = rnd.randint(0, working * 3 // 10)
        allocated = rnd.random() < 0.45
        values: dict[str, object] = {
            "working_residents": working,
            "registered_bpu": bpu,
            "registered_pu": pu,
            "budget_allocated": allocated,
            "budget_amount": rnd.randrange(5, 200) * 1_000_000 if allocated else 0,
            "regulation_number": f"Perdes No. {rnd.randint(1, 12)} Tahun 2025",
            "perisai_agent": rnd.random() < 0.3,
            "sosialisasi_events": rnd.randint(0, 6),
            "sosialisasi_participants": rnd.randint(0, 400),
            "sosialisasi_last_date": (
                datetime.now(JAKARTA).date() - timedelta(days=rnd.randint(0, 700))
            ).isoformat(),
            "mou_signed": rnd.random() < 0.2,
            "vulnerable_workers_covered": rnd.randint(0, 150),
        }
        assert set(values) == {f.name for f in FIGURES}
        older: list[tuple[object, ...]] = [
            (code, field, json.dumps(int(value * 0.8)), user_id, self.earlier)  # type: ignore[operator]
            for field, value in values.items()
            if field in ("working_residents", "registered_bpu", "registered_pu")
        ]
        latest: list[tuple[object, ...]] = [
            (code, f, json.dumps(v), user_id, self.now) for f, v in values.items()
        ]
        return older + latest  # older first: the latest has the larger id


async def build(path: Path, secret: str, size: int, seed: int) -> BuildStats:
    stats = BuildStats()
    started = time.perf_counter()
    db = Database(path)
    await db.initialize()
    async with db.write() as tx:  # 128 MB, the writer connection only
        await tx.execute("PRAGMA cache_size = -131072")
    t = time.perf_counter()
    await regions.load_regions(db)
    stats.load_regions_s = time.perf_counter() - t
    await db.checkpoint()
    stats.regions_mb = _size_mb(path)

    chosen, spare = await _choose(db, size, random.Random(seed))
    stats.import_village, stats.importer_id = spare, USER_BASE + len(chosen)
    cipher = PersonalDataCipher(secret)
    maker = _Maker(cipher, random.Random(seed + 1), datetime.now(UTC))

    # The importer exists as a user (as after /start) but is seated later, by villages.seat.
    await _write(db, [(stats.importer_id, "Kades Impor", maker.now)], [], [], [], [])
    for first in range(0, len(chosen), CHUNK):
        t = time.perf_counter()
        part = chosen[first : first + CHUNK]
        users, seated, officials, member_rows, report_rows = [], [], [], [], []
        for offset, code in enumerate(part):
            uid = USER_BASE + first + offset
            users.append((uid, f"Kades {code}", maker.now))
            verified = maker.rnd.random() < 0.3
            seated.append(
                (
                    code,
                    maker.earlier,
                    maker.now if verified else None,
                    OFFICER_ID if verified else None,
                )
            )
            officials.append((uid, code, "kepala_desa", maker.earlier))
            member_rows += maker.members(code, uid)
            report_rows += maker.reports(code, uid)
        if first == 0 and maker.sealed:
            projected = maker.seal_s / maker.sealed * len(chosen) * 12
            if projected > FERNET_BUDGET_S:
                maker.fixed = cipher.encrypt("0" * 16)
                stats.fixed_token = True
        stats.generate_s += time.perf_counter() - t
        t = time.perf_counter()
        await _write(db, users, seated, officials, member_rows, report_rows)
        stats.write_s += time.perf_counter() - t
        stats.villages += len(part)
        stats.members += len(member_rows)
        stats.reports += len(report_rows)
        done = first + len(part)
        if done % (20 * CHUNK) == 0 or done == len(chosen):
            print(
                f"  build: {done:,}/{len(chosen):,} villages, "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
    await db.checkpoint()
    await db.execute("ANALYZE")  # as `sqlite3 … ANALYZE` would; PRAGMA optimize does the same
    await db.checkpoint()
    await db.shutdown()
    stats.seal_s = maker.seal_s
    stats.generate_s -= maker.seal_s
    stats.total_s = time.perf_counter() - started
    stats.peak_rss_mb = _peak_rss_mb(resource.RUSAGE_SELF)
    return stats


async def _choose(db: Database, size: int, rnd: random.Random) -> tuple[list[str], str]:
    """The villages to seat, in code order, and one left over for the import."""
    rows = await db.fetchall("SELECT code FROM regions WHERE level = 4 ORDER BY code")
    codes = [str(r[0]) for r in rows]
    spare = codes[-1]  # a Papua village: outside the officer scopes measured below
    pool = codes[:-1]
    first = [c for c in pool if c.startswith(f"{PROVINCE}.")]
    rest = [c for c in pool if not c.startswith(f"{PROVINCE}.")]
    size = min(size, len(pool))
    chosen = first[:size] + rnd.sample(rest, max(0, size - len(first)))
    return sorted(chosen), spare


async def _write(
    db: Database,
    users: Sequence[tuple[object, ...]],
    seated: Sequence[tuple[object, ...]],
    officials: Sequence[tuple[object, ...]],
    member_rows: Sequence[tuple[object, ...]],
    report_rows: Sequence[tuple[object, ...]],
) -> None:
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users(user_id, display_name, language, role, first_seen, last_seen)"
            " VALUES (?, ?, 'id', 'kepala_desa', ?3, ?3)",
            users,
        )
        await conn.executemany(
            "INSERT INTO villages(code, claimed_at, verified_at, verified_by) VALUES (?, ?, ?, ?)",
            seated,
        )
        await conn.executemany(
            "INSERT INTO village_officials(user_id, village_code, role, since) VALUES (?, ?, ?, ?)",
            officials,
        )
        await conn.executemany(MEMBER_INSERT, member_rows)
        await conn.executemany(
            "INSERT INTO village_reports(village_code, field, value, reported_by, reported_at)"
            " VALUES (?, ?, ?, ?, ?)",
            report_rows,
        )


def _build_child(path: str, secret: str, size: int, seed: int, out: str) -> None:
    stats = asyncio.run(build(Path(path), secret, size, seed))
    Path(out).write_text(json.dumps(asdict(stats)), encoding="utf-8")


# --- the measurements (this process) ---------------------------------------------------------


async def timed(call: Callable[[], Awaitable[T]]) -> tuple[T, float]:
    started = time.perf_counter()
    result = await call()
    return result, time.perf_counter() - started


async def measure(
    path: Path | str,
    secret: str,
    build_stats: BuildStats,
    seed: int,
    figures: dict[str, str] | None = None,
) -> list[str]:
    """Run every measurement, print it; returns the goal lines for the summary. ``path``: the
    SQLite file, or a PostgreSQL URL holding a copy of it. ``figures``: the headline figures,
    for the side-by-side table."""
    rnd = random.Random(seed + 2)
    goals: list[str] = []
    figures = {} if figures is None else figures
    db = open_database(path)
    await db.initialize()  # no migration left to apply: just the bot's start-up
    rules = load_rules()
    today = datetime.now(JAKARTA).date()
    seated = [str(r[0]) for r in await db.fetchall("SELECT code FROM villages ORDER BY code")]

    # Self-check: /ceksyarat = village_snapshot + evaluate.
    sample = rnd.sample(seated, min(SAMPLES, len(seated)))
    times = []
    for code in sample:
        started = time.perf_counter()
        evaluate(await village_snapshot(db, code), rules, today)
        times.append(time.perf_counter() - started)
    snap_times = []
    for code in sample[:200]:  # the same villages again, split: SQL+rows vs pure evaluate
        started = time.perf_counter()
        await village_snapshot(db, code)
        snap_times.append(time.perf_counter() - started)
    p99 = _pct(times, 99)
    print(f"self-check (village_snapshot + evaluate), {len(sample):,} random villages:")
    print(
        f"    p50 {_ms(_pct(times, 50))}  p90 {_ms(_pct(times, 90))}  p99 {_ms(p99)}"
        f"  max {_ms(max(times))}   [village_snapshot alone p50 {_ms(_pct(snap_times, 50))}]"
    )
    goals.append(_goal("self-check p99", p99 * 1000, GOAL_SELF_CHECK_P99_S * 1000, "ms"))
    figures["self-check p50 / p99"] = f"{_ms(_pct(times, 50))} / {_ms(p99)}"

    # /perangkat: the first page of one village's members.
    code = rnd.choice(seated)
    (found, total), first_call = await timed(
        lambda: members.list_for_village(db, code, 0, LIST_PAGE)
    )
    list_times = []
    for other in rnd.sample(seated, min(200, len(seated))):
        _, spent = await timed(lambda: members.list_for_village(db, other, 0, LIST_PAGE))  # noqa: B023
        list_times.append(spent)
    print(
        f"member list (members.list_for_village, first page of {LIST_PAGE}) of {code}: "
        f"{len(found)} of {total} shown in {_ms(first_call)};"
        f" over 200 villages p50 {_ms(_pct(list_times, 50))} p99 {_ms(_pct(list_times, 99))}"
    )
    figures["member list p99"] = _ms(_pct(list_times, 99))

    # /statistik for a kabupaten officer and for an officer of a whole province.
    kab_codes = frozenset(
        str(r[0])
        for r in await db.fetchall(
            "SELECT code FROM regions WHERE parent = ? ORDER BY code", (PROVINCE,)
        )
    )
    for title, scope in (
        (f"kabupaten {KAB}", Scope(False, frozenset({KAB}))),
        (f"province {PROVINCE} ({len(kab_codes)} kab/kota)", Scope(False, kab_codes)),
        ("the whole country (an admin)", EVERYWHERE),
    ):
        # First call: no village has a stored indication yet (bot.services.indications), every one
        # is
        # judged and stored. That is the worst case: after a restart with new rules or code.
        await db.execute("DELETE FROM village_indications")
        stats, spent = await timed(lambda: statistics.compute(db, scope, rules, today))  # noqa: B023
        _, warm = await timed(lambda: statistics.compute(db, scope, rules, today))  # noqa: B023
        parts = []
        for name, part in (
            ("villages", lambda: statistics.villages(db, scope, rules, today)),  # noqa: B023
            ("coverage", lambda: statistics.coverage(db, scope)),  # noqa: B023
            ("villagers", lambda: statistics.villagers(db, scope)),  # noqa: B023
            ("questions", lambda: statistics.questions(db, scope)),  # noqa: B023
            ("announcements", lambda: statistics.announcements(db, scope)),  # noqa: B023
            ("weeks", lambda: statistics.weeks(db, scope, today)),  # noqa: B023
        ):
            _, part_s = await timed(part)
            parts.append(f"{name} {_ms(part_s)}")
        v = stats.villages
        members_in = sum(c.members for c in stats.coverage)
        print(
            f"officer summary (statistics.compute) over {title}: {_s(spent)} judging every"
            f" village, {_s(warm)} again with the stored indications"
            f"  [{v.claimed:,} villages, {v.verified:,} verified, {v.indicated:,} indicated,"
            f" {members_in:,} members]"
        )
        print(f"    again, part by part: {', '.join(parts)}")
        figures[f"/statistik {title.split(' (')[0]}: all / stored"] = f"{_s(spent)} / {_s(warm)}"
        if scope.kab_codes == kab_codes:
            goals.append(_goal("province summary, judging all", spent, GOAL_PROVINCE_S, "s"))
            goals.append(_goal("province summary, stored", warm, GOAL_PROVINCE_S, "s"))
            per_village = spent / max(1, v.claimed)
            largest = await db.fetchone(
                "SELECT substr(code, 1, 2), COUNT(*) FROM regions WHERE level = 4"
                " GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
            )
            assert largest is not None
            warm_per_village = warm / max(1, v.claimed)
            print(
                f"    = {per_village * 1000:.2f} ms per village in scope judging all"
                f" ({warm_per_village * 1000:.3f} ms stored); the largest province"
                f" ({largest[0]}, {largest[1]:,} villages) would take"
                f" ≈ {_s(per_village * largest[1])} ({_s(warm_per_village * largest[1])}),"
                f" an admin's national view ≈ {_s(per_village * ALL_VILLAGES)}"
                f" ({_s(warm_per_village * ALL_VILLAGES)})"
            )

    # Importing a 500-row CSV into a village nobody has filled in yet.
    village = build_stats.import_village
    await villages.seat(db, village, "kepala_desa", build_stats.importer_id)
    content = _import_csv(village, rnd)
    result, parse_first = await timed(lambda: _parse(content, today))
    result, parse_again = await timed(lambda: _parse(content, today))
    if result.errors or len(result.rows) != IMPORT_ROWS:
        raise RuntimeError(f"synthetic CSV rejected: {result.errors[:3]}")
    cipher = PersonalDataCipher(secret)
    conflicts, import_s = await timed(
        lambda: import_rows(db, cipher, village, result.rows, build_stats.importer_id)
    )
    if conflicts:
        raise RuntimeError(f"synthetic NIKs collided: {conflicts[:3]}")
    stored = (await members.list_for_village(db, village, 0, 1))[1]
    print(
        f"import of {IMPORT_ROWS} CSV rows ({len(content) / 1024:.0f} KB) into {village}:"
        f" parse_upload {_ms(parse_first)} (first, loads NIK region data; again"
        f" {_ms(parse_again)}), import_rows {_ms(import_s)} → {stored} members stored,"
        f" total {_ms(parse_first + import_s)}"
    )
    figures[f"import_rows ({IMPORT_ROWS} members)"] = _ms(import_s)

    rss = _peak_rss_mb(resource.RUSAGE_SELF)
    print(
        f"peak RSS of this process (the measurements above): {rss:.0f} MB;"
        f" build process: {build_stats.peak_rss_mb:.0f} MB"
    )
    goals.append(_goal("peak RSS", rss, GOAL_RSS_MB, "MB"))

    # After the RSS reading: this step holds a whole province in memory, the bot does not.
    if isinstance(path, Path):  # a plain sqlite3 connection is part of the comparison
        await _province_reference(db, path, kab_codes, rules, today)
    await db.shutdown()
    return goals


async def _province_reference(
    db: Database, path: Path, kab_codes: frozenset[str], rules: RuleSet, today: date
) -> None:
    """Where the province summary's time goes. Not a proposal of code: the same work split up.

    1. the per-village queries of village_snapshot, through aiosqlite (as the bot runs them);
    2. the very same queries on a plain synchronous sqlite3 connection (no thread hand-offs);
    3. the province's members and latest figures read in 2 queries;
    4. evaluate() alone over every snapshot of the province.
    """
    scope = Scope(False, kab_codes)
    codes = [
        code for page in [p async for p in statistics.village_pages(db, scope)] for code, _ in page
    ]
    started = time.perf_counter()
    snapshots = [await village_snapshot(db, code) for code in codes]
    per_village = time.perf_counter() - started

    latest_sql = (
        "SELECT field, value, reported_by, reported_at FROM village_reports r"
        " WHERE village_code = ? AND id = (SELECT MAX(id) FROM village_reports"
        " WHERE village_code = r.village_code AND field = r.field)"
    )  # the queries of members.all_for_village and reports.latest
    plain = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    started = time.perf_counter()
    for code in codes:
        plain.execute("SELECT * FROM members WHERE village_code = ?", (code,)).fetchall()
        plain.execute(latest_sql, (code,)).fetchall()
    synchronous = time.perf_counter() - started

    where, params = statistics.region_filter(scope, "village_code")
    started = time.perf_counter()
    member_rows = await db.fetchall(
        f"SELECT village_code, jabatan, status FROM members WHERE {where}", params
    )
    report_rows = await db.fetchall(
        "SELECT village_code, field, value FROM village_reports r"
        f" WHERE {where} AND id = (SELECT MAX(id) FROM village_reports"
        " WHERE village_code = r.village_code AND field = r.field)",
        params,
    )
    bulk = time.perf_counter() - started
    plain.close()

    started = time.perf_counter()
    for snapshot in snapshots:
        evaluate(snapshot, rules, today)
    pure = time.perf_counter() - started
    n = len(codes)
    print(f"where the province summary's time goes ({n:,} villages):")
    print(
        f"    village_snapshot per village via aiosqlite (2 queries each): {_s(per_village)}"
        f" ({per_village / n * 1000:.2f} ms/village)"
    )
    print(
        f"    the same {2 * n:,} queries on a plain sqlite3 connection:      {_s(synchronous)}"
        f" ({synchronous / n * 1000:.2f} ms/village)"
    )
    print(
        f"    {len(member_rows):,} members + {len(report_rows):,} latest figures in 2 bulk"
        f" queries:     {_s(bulk)}"
    )
    print(
        f"    evaluate() alone over the {n:,} snapshots:                   {_s(pure)}"
        f" ({pure / n * 1e6:.0f} µs/village)"
    )


def _import_csv(village_code: str, rnd: random.Random) -> bytes:
    """template_csv()'s header and 500 people of the village (NIKs born 2000-2005: no clash)."""
    header = next(
        csv.reader(io.StringIO(template_csv().decode("utf-8-sig")), delimiter=CSV_DELIMITER)
    )
    maker = _Maker(PersonalDataCipher(generate_secret_key()), rnd, datetime.now(UTC))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    for i in range(IMPORT_ROWS):
        status = IMPORT_STATUS[i % 3]
        writer.writerow(
            (
                maker.name(),
                IMPORT_SPELLINGS[i % len(IMPORT_SPELLINGS)],
                maker.nik(village_code, (2000, 2005)),
                status,
                "" if status.startswith("belum") else str(20_000_000_000 + i),
                f"0812{rnd.randrange(10**7, 10**8)}" if i % 2 else "",
            )
        )
    return out.getvalue().encode("utf-8")


async def _parse(content: bytes, today: date) -> ImportResult:
    return parse_upload("daftar_perangkat.csv", content, today)


# --- output helpers --------------------------------------------------------------------------


def _pct(values: Sequence[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _goal(name: str, value: float, limit: float, unit: str) -> str:
    verdict = "PASS" if value < limit else "FAIL"
    return f"{verdict}  {name}: {value:,.2f} {unit} (goal < {limit:g} {unit})"


def _size_mb(path: Path) -> float:
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--villages",
        type=int,
        default=ALL_VILLAGES,
        help=f"villages to seat (default all {ALL_VILLAGES:,})",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--pg",
        help="also on PostgreSQL: an admin DSN (or DESABOT_BENCH_PG); the built database is"
        " copied there with `desabot db copy` and measured the same way",
    )
    args = parser.parse_args()
    admin_dsn = pg_target.dsn(args.pg)
    wall = time.perf_counter()
    secret = generate_secret_key()
    with tempfile.TemporaryDirectory(prefix="desabot-national-") as tmp:
        path = Path(tmp) / "national.sqlite3"
        out = Path(tmp) / "build.json"
        print(f"building {args.villages:,} villages in {tmp} (child process) ...", flush=True)
        child = multiprocessing.get_context("fork").Process(
            target=_build_child, args=(str(path), secret, args.villages, args.seed, str(out))
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"build failed (exit code {child.exitcode})")
        stats = BuildStats(**json.loads(out.read_text(encoding="utf-8")))
        size = _size_mb(path)
        _print_build(stats, size)
        print()
        pg_url, copy_s = asyncio.run(_copy_to_postgres(path, admin_dsn)) if admin_dsn else (None, 0)
        columns: dict[str, dict[str, str]] = {"SQLite": {}}
        goals = asyncio.run(measure(path, secret, stats, args.seed, columns["SQLite"]))
        if pg_url is not None:
            print("\n== the same on PostgreSQL")
            columns["PostgreSQL"] = {}
            columns["SQLite"]["db copy SQLite → PostgreSQL (verified)"] = "-"
            pg_goals = asyncio.run(measure(pg_url, secret, stats, args.seed, columns["PostgreSQL"]))
            goals += [f"{line}  [PostgreSQL]" for line in pg_goals if "RSS" not in line]
            columns["PostgreSQL"]["db copy SQLite → PostgreSQL (verified)"] = _s(copy_s)
            print()
            _print_side_by_side(columns)  # before the drop: a failed drop must not lose it
            asyncio.run(pg_target.drop(admin_dsn, PG_NAME))
    elapsed = time.perf_counter() - wall
    print()
    for line in goals:
        print(line)
    print(f"total run {elapsed:.0f} s (budget {TIME_BUDGET_S:.0f} s) on {os.cpu_count()} CPUs")


PG_NAME = "desabot_bench_national"


async def _copy_to_postgres(path: Path, admin_dsn: str) -> tuple[str, float]:
    """The built database into a fresh PostgreSQL database, as a branch would move
    (``desabot db copy``, verified); prints the copy time."""
    from bot.platform.db.copy import copy_database

    url = await pg_target.create(admin_dsn, PG_NAME)
    started = time.perf_counter()
    await copy_database(path, url, progress=lambda line: None)
    took = time.perf_counter() - started
    print(f"db copy SQLite → PostgreSQL (verified): {_s(took)}")
    return url, took


def _print_side_by_side(columns: dict[str, dict[str, str]]) -> None:
    names = list(columns)
    print(f"{'':<44}" + "".join(f"{n:>24}" for n in names))
    for key in columns[names[0]]:
        print(f"{key:<44}" + "".join(f"{columns[n].get(key, '-'):>24}" for n in names))
    print()


def _print_build(stats: BuildStats, size: float) -> None:
    scale = ALL_VILLAGES / stats.villages
    print(
        f"build: {stats.villages:,} villages seated (+1 left for the import),"
        f" {stats.members:,} members, {stats.reports:,} reports in {_s(stats.total_s)}"
    )
    print(
        f"    load_regions {_s(stats.load_regions_s)}, seal() {_s(stats.seal_s)}"
        f" ({stats.members / max(stats.seal_s, 1e-9):,.0f} NIKs/s), other row making"
        f" {_s(stats.generate_s)}, SQL writes {_s(stats.write_s)}"
    )
    if stats.fixed_token:
        print(
            f"    NOTE: Fernet projected above {FERNET_BUDGET_S:.0f} s, so after the first"
            f" {CHUNK:,} villages each member reuses ONE Fernet token (blind index and mask"
            " still per NIK); the seal() figure above is not the full cost"
        )
    print(
        f"database: {size:,.1f} MB after checkpoint"
        f" ({size * 1e6 / max(1, stats.members):,.0f} bytes per member incl. everything)"
    )
    if scale > 1.0001:
        rest = stats.total_s - stats.load_regions_s
        print(
            f"EXTRAPOLATED to all {ALL_VILLAGES:,} villages (×{scale:.2f}, linear):"
            f" build ≈ {_s(stats.load_regions_s + rest * scale)},"
            f" members ≈ {stats.members * scale:,.0f},"
            f" database ≈ {stats.regions_mb + (size - stats.regions_mb) * scale:,.0f} MB"
        )


if __name__ == "__main__":
    main()
