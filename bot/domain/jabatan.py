"""Positions (jabatan) in a village: the official perangkat desa and the other roles villages
register with BPJS Ketenagakerjaan, as data, and a tolerant reader for how people write them.

The perangkat follow Permendagri 84/2015 (domain facts §4.1): the Kepala Desa; the Sekretaris
Desa with up to three Kaur (Tata Usaha dan Umum, Keuangan, Perencanaan; or, with two urusan,
Umum dan Perencanaan and Keuangan); up to three Kasi (Pemerintahan, Kesejahteraan, Pelayanan;
or, with two seksi, Kesejahteraan dan Pelayanan); Kepala Dusun; and staf. BPD members and the
community institutions (RT, RW, PKK, Karang Taruna, Posyandu, LPM, BUMDes, kader) are not
perangkat but are often registered too, so they are offered as their own groups.

:func:`parse_jabatan` reads a spreadsheet cell ("Sekdes", "KAUR KEU.", "Kasun II", "Ketua RT 03",
"Plt. Kepala Desa", "Anggota BPD") in these steps, first hit wins:

1. fold: lowercase, accents off, everything but letters dropped (numbers, punctuation), "dan"
   dropped, long forms shortened ("kepala urusan" → "kaur", "rukun tetangga" → "rt"), common
   abbreviations and misspellings spelled out ("keu" → "keuangan", "sekertaris" →
   "sekretaris"), and an acting prefix ("Plt.", "Pj.", "Plh.") taken off;
2. an institution named anywhere wins: "Kader Posyandu", "Sekretaris PKK", "Staf BUMDes";
   "BPD" goes to ketua / wakil / sekretaris / anggota by the words around it;
3. the longest known name the text starts with, word by word, so a trailing dusun name or
   number does no harm ("Kepala Dusun Krajan"). A few bare words that are ambiguous elsewhere
   ("sekretaris", "bendahara", "staf" in "staf BUMDes") only match on their own;
4. the same with the spaces taken out ("KaurKeuangan", "kasipem");
5. rapidfuzz as a last resort (ratio ≥ ``FUZZY_CUTOFF`` against the leading words), and only
   when the best two candidates are not different positions scoring alike.

Mapping choices worth knowing: bare "Kaur Umum" is Kaur Tata Usaha dan Umum (its successor in
the three-urusan structure); "Lurah", "Kuwu", "Petinggi", "Perbekel", "Pembakal", "Wali
Nagari", "Keuchik" and the other regional names are the Kepala Desa; "Carik" and "Juru Tulis"
are the Sekdes; "Kamituwo", "Kasun", "Kawil", "Dukuh" are the Kepala Dusun. Words that could
mean two positions ("Kaur Pembangunan", "Modin", "Ketua") are left unrecognised: a question
back to the user is better than a wrong guess.

Labels are the positions' proper names in id/en/jv. The Javanese texts of the bot use the
Indonesian official titles, so most jv labels equal the id ones.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

from rapidfuzz import fuzz

Group = Literal["kepala_desa", "perangkat", "bpd", "lembaga"]
GROUPS: tuple[Group, ...] = ("kepala_desa", "perangkat", "bpd", "lembaga")

FUZZY_CUTOFF = 90.0
# Below this many letters a typo is indistinguishable from another word ("rt" / "rw").
_FUZZY_MIN_LETTERS = 6
# Two different positions within this many points of each other: too close to choose.
_FUZZY_MARGIN = 3.0


@dataclass(frozen=True)
class Jabatan:
    code: str
    group: Group
    # Language code ("id", "en", "jv") → proper name. Read-only; not part of equality or hash.
    label: Mapping[str, str] = field(compare=False, hash=False, repr=False)
    # Display order: kepala desa first, then perangkat as in the organisation chart, then BPD, …
    order: int

    def label_for(self, lang: str) -> str:
        """The label in ``lang``, or the Indonesian one when there is none."""
        return self.label.get(lang) or self.label["id"]


def _jabatan(code: str, group: Group, order: int, id_: str, en: str, jv: str = "") -> Jabatan:
    label = MappingProxyType({"id": id_, "en": en, "jv": jv or id_})
    return Jabatan(code=code, group=group, label=label, order=order)


JABATAN: tuple[Jabatan, ...] = (
    _jabatan("kepala_desa", "kepala_desa", 10, "Kepala Desa", "Village head"),
    _jabatan("sekdes", "perangkat", 20, "Sekretaris Desa", "Village secretary"),
    _jabatan(
        "kaur_tu_umum",
        "perangkat",
        30,
        "Kaur Tata Usaha dan Umum",
        "Head of administration and general affairs",
    ),
    _jabatan("kaur_keuangan", "perangkat", 40, "Kaur Keuangan", "Head of finance"),
    _jabatan("kaur_perencanaan", "perangkat", 50, "Kaur Perencanaan", "Head of planning"),
    _jabatan(
        "kaur_umum_perencanaan",
        "perangkat",
        60,
        "Kaur Umum dan Perencanaan",
        "Head of general affairs and planning",
    ),
    _jabatan(
        "kasi_pemerintahan", "perangkat", 70, "Kasi Pemerintahan", "Head of government section"
    ),
    _jabatan(
        "kasi_kesejahteraan", "perangkat", 80, "Kasi Kesejahteraan", "Head of welfare section"
    ),
    _jabatan("kasi_pelayanan", "perangkat", 90, "Kasi Pelayanan", "Head of services section"),
    _jabatan(
        "kasi_kesejahteraan_pelayanan",
        "perangkat",
        100,
        "Kasi Kesejahteraan dan Pelayanan",
        "Head of welfare and services section",
    ),
    _jabatan("kadus", "perangkat", 110, "Kepala Dusun", "Hamlet head"),
    _jabatan("staf", "perangkat", 120, "Staf Desa", "Village staff"),
    _jabatan("bpd_ketua", "bpd", 200, "Ketua BPD", "BPD chair"),
    _jabatan("bpd_wakil", "bpd", 210, "Wakil Ketua BPD", "BPD vice-chair"),
    _jabatan("bpd_sekretaris", "bpd", 220, "Sekretaris BPD", "BPD secretary"),
    _jabatan("bpd_anggota", "bpd", 230, "Anggota BPD", "BPD member"),
    _jabatan("ketua_rw", "lembaga", 300, "Ketua RW", "RW (community unit) head"),
    _jabatan("ketua_rt", "lembaga", 310, "Ketua RT", "RT (neighbourhood unit) head"),
    _jabatan("pkk", "lembaga", 320, "PKK", "PKK (family welfare movement)"),
    _jabatan("karang_taruna", "lembaga", 330, "Karang Taruna", "Karang Taruna (youth group)"),
    _jabatan("posyandu", "lembaga", 340, "Posyandu", "Posyandu (village health post)"),
    _jabatan("lpm", "lembaga", 350, "LPM", "LPM (community empowerment board)"),
    _jabatan("bumdes", "lembaga", 360, "BUMDes", "BUMDes (village-owned enterprise)"),
    _jabatan("kader", "lembaga", 370, "Kader", "Community cadre"),
    _jabatan("lainnya", "lembaga", 900, "Lainnya", "Other", "Liyane"),
)

_BY_CODE: Mapping[str, Jabatan] = MappingProxyType({j.code: j for j in JABATAN})


def by_code(code: str) -> Jabatan | None:
    return _BY_CODE.get(code)


def in_group(group: Group) -> tuple[Jabatan, ...]:
    return tuple(j for j in JABATAN if j.group == group)


# --- how people write them ---------------------------------------------------------------------

# Long forms → the short form the tables below use. Applied to the folded text, whole words.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("kepala urusan", "kaur"),
    ("kepala seksi", "kasi"),
    ("kepala dusun", "kadus"),
    ("kepala dukuh", "kadus"),
    ("kepala wilayah", "kadus"),
    ("kepala jorong", "kadus"),
    ("kepala desa", "kades"),
    ("sekretaris desa", "sekdes"),
    ("tata usaha", "tu"),
    ("wakil ketua", "wakil"),
    ("badan permusyawaratan desa", "bpd"),
    ("lembaga pemberdayaan masyarakat", "lpm"),
    ("badan usaha milik desa", "bumdes"),
    ("pemberdayaan kesejahteraan keluarga", "pkk"),
    ("karang taruna", "karangtaruna"),
    ("rukun tetangga", "rt"),
    ("rukun warga", "rw"),
)
# Single words: abbreviations, misspellings and regional names → the table's word.
_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "sekertaris": "sekretaris",
        "sekretaris": "sekretaris",
        "skretaris": "sekretaris",
        "sektretaris": "sekretaris",
        "keu": "keuangan",
        "kesra": "kesejahteraan",
        "kesejahtraan": "kesejahteraan",
        "pem": "pemerintahan",
        "pemdes": "pemerintahan",
        "pemerintah": "pemerintahan",
        "pemerintahaan": "pemerintahan",
        "yan": "pelayanan",
        "yanmas": "pelayanan",
        "layanan": "pelayanan",
        "renc": "perencanaan",
        "perenc": "perencanaan",
        "rencana": "perencanaan",
        "kasun": "kadus",
        "kawil": "kadus",
        "kamituwo": "kadus",
        "kamituwa": "kadus",
        "kepdes": "kades",
        "staff": "staf",
        "bumdesa": "bumdes",
        "lpmd": "lpm",
        "lpmk": "lpm",
        "lkmd": "lpm",
        "kartar": "karangtaruna",
        "bamus": "bpd",
        "bamuskam": "bpd",
    }
)
# Words that carry nothing: "Kaur Umum dan Perencanaan", "Kasi Kesejahteraan Rakyat".
_NOISE = frozenset({"dan", "rakyat"})
# "Plt. Kepala Desa", "Pj Kades", "Pelaksana Tugas Sekdes": the position is the same.
_ACTING: tuple[tuple[str, ...], ...] = (
    ("pelaksana", "tugas"),
    ("pelaksana", "harian"),
    ("plt",),
    ("plh",),
    ("pjs",),
    ("pj",),
    ("penjabat",),
    ("pejabat",),
)

# Naming the institution anywhere in the text decides it (step 2).
_INSTITUTIONS: Mapping[str, str] = MappingProxyType(
    {
        "bumdes": "bumdes",
        "pkk": "pkk",
        "posyandu": "posyandu",
        "lpm": "lpm",
        "karangtaruna": "karang_taruna",
    }
)

# Known names (step 3), written naturally: they go through the same folding as the input.
_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "kepala_desa": (
            "kepala desa",
            "kades",
            "lurah",
            "kuwu",
            "petinggi",
            "perbekel",
            "pembakal",
            "wali nagari",
            "walinagari",
            "kepala kampung",
            "keuchik",
            "geuchik",
            "kepala gampong",
            "kepala pekon",
            "peratin",
            "kepala lembang",
            "hukum tua",
            "kepala tiyuh",
            "kepala kalurahan",
        ),
        "sekdes": (
            "sekretaris desa",
            "sekdes",
            "carik",
            "juru tulis",
            "sekretaris nagari",
            "sekretaris kampung",
            "sekretaris gampong",
            "sekretaris pekon",
            "sekretaris lembang",
            "sekretaris kalurahan",
        ),
        "kaur_tu_umum": (
            "kaur tata usaha dan umum",
            "kaur umum dan tata usaha",
            "kaur tu",
            "kaur tata usaha",
            "kaur umum",
        ),
        "kaur_keuangan": ("kaur keuangan", "bendahara desa"),
        "kaur_perencanaan": ("kaur perencanaan",),
        "kaur_umum_perencanaan": ("kaur umum dan perencanaan", "kaur perencanaan dan umum"),
        "kasi_pemerintahan": ("kasi pemerintahan",),
        "kasi_kesejahteraan": ("kasi kesejahteraan",),
        "kasi_pelayanan": ("kasi pelayanan",),
        "kasi_kesejahteraan_pelayanan": (
            "kasi kesejahteraan dan pelayanan",
            "kasi pelayanan dan kesejahteraan",
        ),
        "kadus": ("kepala dusun", "kadus", "kasun", "dukuh"),
        "staf": ("staf desa", "staf kaur", "staf kasi", "staf sekretariat", "staf perangkat"),
        "ketua_rt": ("ketua rt", "rt"),
        "ketua_rw": ("ketua rw", "rw"),
        "kader": ("kader", "kpm"),
        "lainnya": (
            "lainnya",
            "lain lain",
            "liyane",
            "other",
            "others",
            "guru ngaji",
            "marbot",
            "operator desa",
            "pendamping desa",
            "linmas",
            "satlinmas",
            "hansip",
        ),
    }
)
# Bare words that name a position only on their own: "Sekretaris" alone in a list of village
# apparatus is the Sekdes, "Sekretaris BPD" is not (step 2 catches it first anyway).
_ALONE: Mapping[str, str] = MappingProxyType(
    {
        "sekretaris": "sekdes",
        "bendahara": "kaur_keuangan",
        "staf": "staf",
        "lain": "lainnya",
    }
)
# Words people glue to the next one: "KaurKeu", "KasiPem", "StafDesa".
_GLUED_HEADS = ("kaur", "kasi", "ketua", "kepala", "sekretaris", "staf")
# Compact forms shorter than this only match whole ("rt" must not claim "rtrw…").
_COMPACT_PREFIX_MIN = 4


def _fold(text: str) -> list[str]:
    """Lowercase letter-only words, accents off; digits and punctuation separate words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(
        c if "a" <= c <= "z" else " " for c in decomposed if not unicodedata.combining(c)
    )
    return letters.split()


def _canonical(text: str) -> tuple[str, ...]:
    joined = f" {' '.join(_fold(text))} "
    for long, short in _PHRASES:
        joined = joined.replace(f" {long} ", f" {short} ")
    words = [_WORDS.get(w, w) for w in joined.split() if w not in _NOISE]
    # Second pass: a rewritten word can complete a phrase ("kepala seksi" → "kasi" is done, but
    # "sekertaris desa" only becomes "sekretaris desa" → "sekdes" after the word step).
    joined = f" {' '.join(words)} "
    for long, short in _PHRASES:
        joined = joined.replace(f" {long} ", f" {short} ")
    words = joined.split()
    for prefix in _ACTING:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            return tuple(words[len(prefix) :])
    return tuple(words)


def _build_names() -> tuple[dict[tuple[str, ...], str], dict[str, str], dict[str, str]]:
    by_words: dict[tuple[str, ...], str] = {}
    compact: dict[str, str] = {}
    # Typos are made in the long form as often as in the short one ("kepala dusn", "kadsu").
    fuzzy: dict[str, str] = {}
    for code, names in _NAMES.items():
        for name in names:
            words, folded = _canonical(name), tuple(_fold(name))
            by_words[words] = code
            for form in (words, folded):
                compact["".join(form)] = code
                if len("".join(form)) >= _FUZZY_MIN_LETTERS:
                    fuzzy[" ".join(form)] = code
    return by_words, compact, fuzzy


_BY_WORDS, _COMPACT, _FUZZY = _build_names()
_LONGEST = max(len(words) for words in _BY_WORDS)


@lru_cache(maxsize=4096)
def parse_jabatan(text: str) -> Jabatan | None:
    """The position ``text`` names, or None when it is empty or not recognised (see module doc)."""
    words = _canonical(text)
    if not words:
        return None
    code = (
        _by_institution(words)
        or _ALONE.get(" ".join(words))
        or _by_leading_words(words)
        or _by_compact("".join(words))
        or _by_fuzzy(words)
    )
    return _BY_CODE[code] if code else None


def _by_institution(words: tuple[str, ...]) -> str | None:
    if "bpd" in words:
        if "wakil" in words:
            return "bpd_wakil"
        if "ketua" in words:
            return "bpd_ketua"
        if "sekretaris" in words:
            return "bpd_sekretaris"
        return "bpd_anggota"
    for word in words:
        if word in _INSTITUTIONS:
            return _INSTITUTIONS[word]
    return None


def _by_leading_words(words: tuple[str, ...]) -> str | None:
    for n in range(min(len(words), _LONGEST), 0, -1):
        code = _BY_WORDS.get(words[:n])
        if code:
            return code
    return None


def _by_compact(compact: str) -> str | None:
    """ "KaurKeuangan", "kasipem": names written without spaces."""
    if compact in _COMPACT:
        return _COMPACT[compact]
    for head in _GLUED_HEADS:
        rest = compact.removeprefix(head)
        if rest and rest != compact:
            code = _by_leading_words(_canonical(f"{head} {rest}"))
            if code:
                return code
    for n in range(len(compact) - 1, _COMPACT_PREFIX_MIN - 1, -1):
        code = _COMPACT.get(compact[:n])
        if code:
            return code
    return None


def _by_fuzzy(words: tuple[str, ...]) -> str | None:
    best: dict[str, float] = {}
    for target, code in _FUZZY.items():
        # Compare with as many leading words as the name has: "kepala dusn krajan".
        candidate = " ".join(words[: target.count(" ") + 1])
        score = fuzz.ratio(candidate, target, score_cutoff=FUZZY_CUTOFF)
        best[code] = max(score, best.get(code, 0.0))
    ranked = sorted((score, code) for code, score in best.items() if score)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[-1][0] - ranked[-2][0] < _FUZZY_MARGIN:
        return None
    return ranked[-1][1]
