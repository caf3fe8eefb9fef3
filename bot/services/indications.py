"""The Desa Sadar indication of many villages at once, kept per village between calls.

Officers' statistics over a province (8,494 villages) and an admin's view of the country
(83,762), and broadcasts to "villages with the indication", need the indication of thousands
of villages. Judging them all is ~0.1 ms per village (bench/national_scale.py), so each
village's answer is stored in ``village_indications`` and reused while it is still true.

When is it still true? ``bot.domain.rules`` stays the only judge; a stored answer counts only while

* the village's ``data_version`` is the one it was judged at: SQLite triggers raise it in the
  same statement that changes the village's members or reported figures (migration 0009), so
  no code path can forget to;
* its ``basis`` is the current one: the rules' fingerprint for today (required criteria in
  force, their parameters, kabupaten overrides) and a digest of the source of the modules
  that turn rows into a verdict (``bot.domain.rules``, ``bot.services.snapshot``,
  ``bot.domain.jabatan``), so a new
  release or a new rules file judges everything once more.

The data_version is read BEFORE the snapshot: a change landing in between raises the village's
version past the stored one, so that answer is never used and the village is judged again next
time. Villages without a ``villages`` row (nobody claimed them, so nothing is recorded) are
judged every time and not stored.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from bot.domain import jabatan, rules
from bot.domain.rules import RuleSet
from bot.platform.db.connection import Database
from bot.services import snapshot

CHUNK = 2000  # villages per query: SQLite's parameter limit is 32,766, memory stays bounded


def _source_digest() -> str:
    digest = hashlib.sha256()
    for module in (rules, snapshot, jabatan):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


_SOURCE_DIGEST = _source_digest()


def basis(ruleset: RuleSet, today: date) -> str:
    """What a stored indication must have been judged under to count today."""
    return f"{rules.indication_fingerprint(ruleset, today)}:{_SOURCE_DIGEST}"


async def indications(
    db: Database, codes: Iterable[str], ruleset: RuleSet, today: date
) -> dict[str, bool]:
    """village code -> indicated, for every code given; judged by ``bot.domain.rules`` when no valid
    stored answer exists, and then stored."""
    wanted = sorted(set(codes))
    current = basis(ruleset, today)
    needed = frozenset(e for c in ruleset.criteria if c.required for e in c.evidence)
    result: dict[str, bool] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        versions: dict[str, int] = {}
        for code, version, stored in await db.fetchall(
            "SELECT v.code, v.data_version, i.indicated FROM villages v"
            " LEFT JOIN village_indications i ON i.village_code = v.code"
            " AND i.basis = ? AND i.data_version = v.data_version"
            f" WHERE v.code IN ({marks})",
            (current, *chunk),
        ):
            if stored is None:
                versions[str(code)] = int(version)
            else:
                result[str(code)] = bool(stored)
        stale = [code for code in chunk if code not in result]
        if not stale:
            continue
        snapshots = list((await snapshot.village_snapshots(db, stale, needed)).values())
        # Judging 2,000 villages is ~0.2 s of pure Python: in a thread, so villagers' replies
        # keep their turns on the event loop while an officer's national /statistik runs.
        judged = await asyncio.to_thread(_judge, snapshots, ruleset, today)
        result.update(judged)
        rows = [(code, current, versions[code], judged[code]) for code in stale if code in versions]
        if rows:
            async with db.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO village_indications"
                    "(village_code, basis, data_version, indicated) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(village_code) DO UPDATE SET basis = excluded.basis,"
                    " data_version = excluded.data_version, indicated = excluded.indicated",
                    rows,
                )
    return result


def _judge(
    snapshots: list[snapshot.VillageSnapshot], ruleset: RuleSet, today: date
) -> dict[str, bool]:
    return dict(rules.indications(snapshots, ruleset, today))
