"""Indonesian money expressions in free text: "2,5jt", "Rp1.500.000,-", "dua setengah juta".

Pure functions, no I/O. :func:`parse_rupiah` reads a reply that should be one amount;
:func:`find_income` picks the income out of a question ("klo gaji sy 3 jt iurannya brp?");
:func:`find_amounts` returns every amount with its span, for callers that need more;
:func:`read_income` reads a reply to "berapa penghasilan?" with its period ("50rb sehari"),
and :func:`monthly` turns that into a month.

GRAMMAR (case-insensitive; tokens are digit runs, letter runs and a few symbols, so "2,5jt"
and "2,5 jt" read the same; spans always refer to the original text)

    amount   := [RP] ([count] SLANG | compound | group) [MARK]      ("2 ceban" is Rp20.000)
    compound := term+ ["setengah" | tail]   scales strictly falling: miliar > juta > ribu;
                "sejuta setengah" / "2 juta setengah" add half the last scale
    term     := SE_SCALE [APPROX] | group SCALE [APPROX]
    group    := NUMBER ["setengah" | "1/2"] | "1/2" | words
    words    := [hundreds] [tens | teens] [unit ["koma" unit]] ["setengah"]
                hundreds = "seratus" | unit "ratus"; tens = "sepuluh" | unit "puluh";
                teens = "sebelas" | unit "belas"; unit = satu..sembilan or a digit 1-9;
                Javanese too: "satus", unit "atus", "seket", "selawe", "rolas", and units
                siji/loro/rong/telu/telung/papat/patang/limang/enem/pitu/wolu/sanga...
    tail     := a group worth 100..999 right after the last scale, read in the next lower
                scale: "12 ribu 500" is Rp12.500, and "1jt200" and "sejuta dua ratus" are
                Rp1.200.000, as people say them
    RP       := "rp" | "rp." | "idr"            MARK := "rupiah" | "perak" | "rp" | "idr"
    SCALE    := ribu rb rbu rebu k ribuan rban ewu | juta jt jta jeti jutaan jtan yuta
                | miliar milyar miliyar | "M" (see below)
                | English: thousand thousands | million millions mil mln ("1.5 million",
                "2 million 500 thousand"); "mil laut" is a sea mile, not money
    SE_SCALE := seribu sewu sejuta sayuta semiliar semilyar
    APPROX   := "an" | "-an"                    ("5 juta-an" is Rp5.000.000)
    SLANG    := cepek 100, gopek 500, seceng 1.000, noceng 2.000, goceng 5.000, ceban 10.000,
                noban 20.000, goban 50.000, cetiao 1.000.000

PERIOD said within a few words after (or else before) an amount, and never across a word for
another kind of money ("gaji 2 juta, iuran sehari brp" has none): "sehari", "seminggu",
"setahun", "saben dina", PREFIX UNIT ("per hari", "/bln", "tiap minggu"), PREFIX N UNIT
("per 4 bulan", "setiap 3 bulan"), N UNIT "sekali" ("4 bulan sekali"). English too: "daily",
"weekly", "monthly", "yearly", "annually", "per week", "every month", "each year", "a day" ("a"
only right before a unit, and not in "a week ago"), "every 4 months", "every two weeks",
"3 months once"; units day(s) week(s) month(s) year(s). A harvest or season word ("panen",
"harvest", "season") with no period marks the amount ``seasonal``: its length must be asked.
:func:`monthly` is the one place a period becomes a month (25 working days, 52 weeks a year).

NUMBER: "." groups thousands and "," marks decimals, the Indonesian way ("1.500.000,00",
"2,5"). "2.5" (one or two digits after a single ".") is a decimal too, and so is "1,500"
before a scale ("1,500 jt" is 1,5 juta) while a bare "25,000" is 25.000 (English habit).
"1 500 000" (groups of three separated by spaces) is one number. ",-" after an amount is the
written "no cents" mark and is ignored. Fractions of a Rupiah are rounded half up.

What is NOT money, because villagers' questions are full of other numbers:
  - a bare number (no scale, no Rp, no MARK) below Rp10.000: "175", "umur 60", "2026";
  - a bare number that looks like an identifier: 11+ digits (KPJ has 11, NIK 16) or a
    leading 0 (phone numbers), or that follows "nik", "kpj", "no", "hp", "umur", ...;
  - any digit run longer than 15 digits, with or without Rp;
  - a bare number followed by a time word or "x": "3 bulan", "56 tahun", "2x24 jam",
    "3 months", "56 years";
  - anything followed by "%" or, unless it has Rp, by a count noun ("3 ribu orang",
    "5 million people");
  - "M" as miliar only when it is a capital glued to the number ("1M") or after Rp
    ("Rp 2 M", "Rp2m"): a lower-case "5m" is more often metres, and "M" means million to
    English speakers.
Two amounts joined by "-", "sampai", "s/d", "hingga" or "atau" are a range ("2-3 juta"; the
bare first end takes the second end's scale); neither end is returned as *the* amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Literal

# --- vocabulary ------------------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_THOUSAND, _MILLION, _BILLION = 1_000, 1_000_000, 1_000_000_000
_SCALES = {
    **dict.fromkeys(("ribu", "rb", "rbu", "rebu", "k", "ribuan", "rebuan", "rban"), _THOUSAND),
    "ewu": _THOUSAND,  # Javanese
    **dict.fromkeys(("juta", "jt", "jta", "jeti", "jutaan", "jtan", "yuta"), _MILLION),
    **dict.fromkeys(("miliar", "milyar", "miliyar", "milyard", "miliard"), _BILLION),
    # English
    **dict.fromkeys(("thousand", "thousands"), _THOUSAND),
    **dict.fromkeys(("million", "millions", "mil", "mln"), _MILLION),
}
_SE_SCALES = {
    **dict.fromkeys(("seribu", "sewu"), _THOUSAND),
    **dict.fromkeys(("sejuta", "sayuta", "seyuta"), _MILLION),
    **dict.fromkeys(("semiliar", "semilyar"), _BILLION),
}
_SLANG = {
    "cepek": 100,
    "gopek": 500,
    "seceng": 1_000,
    "goceng": 5_000,
    "ceban": 10_000,
    "goban": 50_000,
    # as lokal-id reads them (it was right where we were not): 2.000, 20.000, 1 juta
    "noceng": 2_000,
    "noban": 20_000,
    **dict.fromkeys(("cetiao", "cetiau", "cetiaw"), 1_000_000),
}
_UNITS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    # Javanese, with the linking forms used before atus/puluh/ewu/yuta ("rong yuta")
    **dict.fromkeys(("siji", "setunggal"), 1),
    **dict.fromkeys(("loro", "rong", "kalih"), 2),
    **dict.fromkeys(("telu", "telung", "tigang"), 3),
    **dict.fromkeys(("papat", "patang", "sekawan"), 4),
    **dict.fromkeys(("limang", "gangsal"), 5),
    **dict.fromkeys(("enem", "nem"), 6),
    **dict.fromkeys(("pitu", "pitung"), 7),
    **dict.fromkeys(("wolu", "wolung"), 8),
    **dict.fromkeys(("sanga", "sangang"), 9),
}
# English number words count weeks and months ("every two weeks"); they are not read as
# amounts ("two million" is not), as English speakers here type amounts in digits.
_EN_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_HUNDRED_WORDS = frozenset({"ratus", "atus"})  # "dua ratus", "rong atus"
_ONE_HUNDRED = frozenset({"seratus", "satus"})
# Tens words that stand alone; a teen takes no unit after it ("selawe" is 25).
_TENS_WORDS = {"sepuluh": (10, False), "sebelas": (11, True), "sewelas": (11, True),
               "rolas": (12, True), "selawe": (25, True), "seket": (50, False),
               "sewidak": (60, False)}  # fmt: skip
_RP = frozenset({"rp", "idr"})
_MARKS_AFTER = frozenset({"rupiah", "perak", "rp", "idr"})
_COUNT_NOUNS = _word_set(
    "orang org jiwa warga peserta pekerja anggota anak kk desa dusun rt rw ekor unit buah "
    "km kg ton meter hektar ha persen kali lembar people persons workers members children percent"
)
_TIME_WORDS = _word_set(
    "bulan bln tahun thn th hari hr jam minggu mgg menit detik tanggal tgl x "
    "day days week weeks month months year years hour hours"
)
_ID_CUES = _word_set(
    "nik kpj no nomor nomer nmr hp wa telp telepon tlp umur usia tahun thn th tgl tanggal "
    "kode pin otp nip npwp rt rw ke x"
)
_RANGE_WORDS = frozenset({"sampai", "sampe", "smp", "hingga", "sd", "atau", "ato"})
_RANGE_SYMBOLS = frozenset({"-", "–", "—", "~"})
_INCOME_CUES = ("gaji", "gajih", "penghasil", "pendapat", "upah", "income", "salary", "pemasukan")
_OTHER_CUES = (
    "iur", "bayar", "premi", "potong", "cicil", "santunan", "saldo", "klaim", "manfaat",
    "beasiswa", "jht", "jkk", "jkm", "denda", "biaya", "harga", "utang", "hutang", "pinjam",
    "modal", "tabung", "setor", "tagihan", "ongkos", "bansos", "bantuan", "blt",
)  # fmt: skip
_MIN_BARE_AMOUNT = 10_000
# No amount has more digits (a NIK has 16); also keeps Decimal arithmetic exact.
_MAX_DIGITS = 15
_CUE_WINDOW_BEFORE, _CUE_WINDOW_AFTER = 4, 2


class Per(StrEnum):
    """The period an amount is said to be per ("50rb sehari"); the caller decides what to do."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


_PER_WORDS = {
    **dict.fromkeys(("sehari", "perhari", "harian", "sedina", "sedino", "saben dina"), Per.DAY),
    **dict.fromkeys(("seminggu", "perminggu", "mingguan", "sepekan", "perpekan"), Per.WEEK),
    **dict.fromkeys(("sebulan", "perbulan", "perbln", "bulanan", "sewulan", "sesasi"), Per.MONTH),
    **dict.fromkeys(("setahun", "pertahun", "tahunan", "setaun"), Per.YEAR),
    # English
    "daily": Per.DAY,
    "weekly": Per.WEEK,
    "monthly": Per.MONTH,
    **dict.fromkeys(("yearly", "annually", "annual"), Per.YEAR),
}
_PERIOD_UNITS = {
    **dict.fromkeys(("hari", "hr", "dina", "dino", "day", "days"), Per.DAY),
    **dict.fromkeys(("minggu", "mgg", "pekan", "week", "weeks"), Per.WEEK),
    **dict.fromkeys(("bulan", "bln", "wulan", "sasi", "month", "months"), Per.MONTH),
    **dict.fromkeys(("tahun", "thn", "th", "taun", "year", "years"), Per.YEAR),
}
_PER_PREFIXES = frozenset({"per", "/", "tiap", "setiap", "saben", "tiep", "every", "each"})
# "a" is a prefix only right before a unit ("100k a day"), and "a week ago" is no rate.
_ARTICLE, _NOT_A_RATE = "a", frozenset({"ago", "later"})
_ONCE = frozenset({"sekali", "sekalian", "pisan", "sepisan", "once"})  # "4 bulan sekali"
# An income said per harvest or season with no length: the caller must ask how many months.
_SEASON_WORDS = _word_set("panen panenan musim semusim permusim harvest harvests season seasons")
# How far from an amount its period may be said: "50rb sehari", "sehari dapat 50rb",
# "tiap 4 bulan panen dapat 6 juta".
_PERIOD_WINDOW_AFTER, _PERIOD_WINDOW_BEFORE = 4, 6
_MAX_EVERY = 24  # "per 36 bulan" is not how anyone states an income


@dataclass(frozen=True)
class Period:
    """ "every ``every`` ``per``": "per 4 bulan" is Period(Per.MONTH, 4)."""

    per: Per
    every: int = 1


@dataclass(frozen=True)
class MoneyMatch:
    value: int  # Rupiah
    start: int  # span in the original text
    end: int
    in_range: bool  # one end of "2-3 juta" / "2 juta atau 3 juta"
    period: Period | None  # said next to the amount: "50rb sehari", "panen 6 juta per 4 bulan"
    seasonal: bool = False  # "per panen" with no length: how many months is unknown

    @property
    def per(self) -> Per | None:
        return self.period.per if self.period else None


# --- public API ------------------------------------------------------------------------------


def parse_rupiah(text: str) -> int | None:
    """The one amount in ``text`` (a reply to "berapa?"); None if there is none, or a range,
    or several different amounts."""
    matches = find_amounts(text)
    if not matches or any(m.in_range for m in matches):
        return None
    return _single_value(matches)


def find_income(text: str) -> int | None:
    """The income amount in a free-text question, or None when none can be told apart.

    An amount near an income word ("gaji", "penghasilan", "upah", ...) wins; an amount right
    after a word for another kind of money ("iuran", "santunan", "saldo", ...) is never the
    income; otherwise the amount counts only if it is the only one. Ranges give None.
    """
    match = find_income_match(text)
    return None if match is None else match.value


def find_income_match(text: str) -> MoneyMatch | None:
    """Like :func:`find_income`, with the period said next to it ("50rb sehari")."""
    tokens = _tokenize(text)
    # An amount per day or per week is earned: contributions are paid by the month, so
    # "iuran petani 50rb sehari brp" asks the contribution on an income of 50rb a day.
    cued = [
        (m, "income" if m.per in (Per.DAY, Per.WEEK) else _cue(tokens, e)) for m, e in _scan(tokens)
    ]
    candidates = [m for m, cue in cued if cue != "other"]
    income = [m for m, cue in cued if cue == "income"]
    pool = income or candidates
    if _single_value(pool) is None or any(m.in_range for m in pool):
        return None
    return pool[0]


def find_amounts(text: str) -> list[MoneyMatch]:
    """Every money amount in ``text``, in order."""
    return [match for match, _ in _scan(_tokenize(text))]


@dataclass(frozen=True)
class IncomeReading:
    """What a typed income says: a problem code, or the amount as said and its period."""

    problem: str | None  # unreadable / not_positive / too_small / too_large / several / season
    said: int = 0
    period: Period | None = None  # None: no period said


def read_income(text: str) -> IncomeReading:
    """A reply to "berapa penghasilan Bapak/Ibu?": one amount and its period, or a problem."""
    matches = find_amounts(text)
    if not matches:
        stripped = text.strip().lstrip("-").replace(".", "").replace(",", "")
        if stripped.isdigit() and (text.strip().startswith("-") or int(stripped) == 0):
            return IncomeReading("not_positive")
        # A bare number the grammar will not take for money: below Rp10.000 ("1000", a
        # slip for 1 juta) or an identifier's length ("1000000000000"); it was read, so say
        # what is wrong with it rather than "could not read that number".
        if stripped.isdigit():
            return IncomeReading("too_small" if len(stripped) <= 4 else "too_large")
        return IncomeReading("unreadable")
    if any(m.in_range for m in matches) or len({m.value for m in matches}) > 1:
        return IncomeReading("several")  # "2-3 juta", "50rb sehari, sebulan 1 juta": ask
    first = matches[0]
    if first.seasonal:
        return IncomeReading("season", first.value)
    return IncomeReading(None, first.value, first.period)


def _single_value(matches: list[MoneyMatch]) -> int | None:
    values = {m.value for m in matches}
    return values.pop() if len(values) == 1 else None


# --- from "per period" to per month ------------------------------------------------------

# The ONE place the bot turns an income per day/week/year/harvest into a monthly figure, and
# the figures the screens quote when they show the conversion.
# A day's income counts 25 working days a month: the rule for daily wages in a 6-day working
# week (PP 36/2021 Pasal 17; PP 35/2021 Pasal 33: "Upah sehari dikalikan 25"). Farmers, traders
# and ojek drivers rarely keep a 5-day week, so the 21-day variant is not used.
WORKING_DAYS_PER_MONTH = 25
# A week's income counts 52 weeks a year spread over 12 months (4,33 weeks a month).
WEEKS_PER_YEAR, MONTHS_PER_YEAR = 52, 12


@dataclass(frozen=True)
class Monthly:
    """An income converted to a month, with the numbers the conversion used (for the screen)."""

    amount: int  # per month, rounded half up
    said: int  # as said, per ``period``
    period: Period
    multiply: int  # amount = said * multiply / divide
    divide: int


def monthly(said: int, period: Period) -> Monthly:
    """``said`` per ``period`` as a monthly amount: "50rb sehari" is Rp1.250.000 a month."""
    multiply, divide = {
        Per.DAY: (WORKING_DAYS_PER_MONTH, period.every),
        Per.WEEK: (WEEKS_PER_YEAR, MONTHS_PER_YEAR * period.every),
        Per.MONTH: (1, period.every),
        Per.YEAR: (1, MONTHS_PER_YEAR * period.every),
    }[period.per]
    amount = _rounded(Decimal(said) * multiply / divide)
    return Monthly(amount, said, period, multiply, divide)


# --- tokens ----------------------------------------------------------------------------------

# Space-grouped numbers ("1 500 000") must not swallow the start of a phone number
# ("62 812 3456"), hence the look-ahead for another digit after an optional space. A number
# keeps its ",-" ("no cents") so that the dash is never read as a range.
_TOKEN_RE = re.compile(
    r"(?P<num>(?:\d{1,3}(?:[ \u00a0]\d{3})+(?![ \u00a0]?\d)|\d+(?:[.,]\d+)*)(?:,-)?)"
    r"|(?P<word>[a-z]+)"
    r"|(?P<sym>[%/~+×\-–—])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Token:
    kind: Literal["num", "word", "sym"]
    text: str  # lower case
    raw: str  # as typed: "M" and "m" differ
    start: int
    end: int


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        kind: Literal["num", "word", "sym"] = match.lastgroup  # type: ignore[assignment]
        raw = match.group()
        tokens.append(_Token(kind, raw.lower(), raw, match.start(), match.end()))
    return tokens


def _word(tokens: list[_Token], i: int) -> str | None:
    if 0 <= i < len(tokens) and tokens[i].kind == "word":
        return tokens[i].text
    return None


def _text(tokens: list[_Token], i: int) -> str | None:
    return tokens[i].text if 0 <= i < len(tokens) else None


# --- grammar ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    value: Decimal
    end: int  # token index after the group
    words: bool  # spelled out ("tiga ratus"), not digits
    digits: str | None  # the digits of a bare literal, for the identifier checks


@dataclass(frozen=True)
class _Expr:
    start: int  # token indices, end exclusive
    end: int
    value: Decimal
    scale: int  # largest scale used (0: none)
    marked: bool  # Rp before or rupiah/perak after
    group: _Group | None  # set when the amount is a bare group (no scale, no slang)


def _expr_at(tokens: list[_Token], i: int) -> _Expr | None:
    rp = _word(tokens, i) in _RP
    j = i + 1 if rp else i
    slang = _SLANG.get(_word(tokens, j) or "")
    times = _slang_count(tokens, j)
    if slang is not None:
        value, end, scale, group = Decimal(slang), j + 1, 0, None
    elif times is not None:  # "2 ceban" is Rp20.000
        value, end, scale, group = times * _SLANG[tokens[j + 1].text], j + 2, 0, None
    else:
        parsed = _compound(tokens, j, rp)
        if parsed is None:
            return None
        value, end, scale, group = parsed
    marked_after = _word(tokens, end) in _MARKS_AFTER
    return _Expr(i, end + marked_after, value, scale, rp or marked_after, group)


def _slang_count(tokens: list[_Token], i: int) -> Decimal | None:
    """N in "N ceban": a digit run of 1-2 digits or a number word before a slang amount."""
    count = _small_count(tokens, i) if _word(tokens, i + 1) in _SLANG else None
    return None if count is None else Decimal(count)


def _compound(
    tokens: list[_Token], i: int, rp: bool
) -> tuple[Decimal, int, int, _Group | None] | None:
    """(value, end, largest scale, bare group) of the number starting at ``i``."""
    total, j = Decimal(0), i
    scales: list[int] = []
    while (term := _term(tokens, j, rp)) is not None and (not scales or term[1] < scales[-1]):
        value, scale, j = term
        total += value * scale
        scales.append(scale)
    if not scales:
        group = _group(tokens, i)
        return None if group is None else (group.value, group.end, 0, group)
    if _word(tokens, j) == "setengah" and _scale_at(tokens, j + 1, rp) is None:
        # "sejuta setengah", "2 juta setengah": half of the last scale, as people say it
        return total + Decimal(scales[-1]) / 2, j + 1, scales[0], None
    tail = _tail(tokens, j)
    if tail is not None:
        total += tail.value * (scales[-1] // _THOUSAND)
        j = tail.end
    return total, j, scales[0], None


def _term(tokens: list[_Token], i: int, rp: bool) -> tuple[Decimal, int, int] | None:
    """(value, scale, end) of "group SCALE" or a SE_SCALE word."""
    se_scale = _SE_SCALES.get(_word(tokens, i) or "")
    if se_scale is not None:
        return Decimal(1), se_scale, _skip_approx(tokens, i + 1)
    group = _group(tokens, i)
    if group is None:
        return None
    scale = _scale_at(tokens, group.end, rp)
    if scale is None:
        return None
    return group.value, scale, _skip_approx(tokens, group.end + 1)


def _scale_at(tokens: list[_Token], i: int, rp: bool) -> int | None:
    word = _word(tokens, i)
    if word is None:
        return None
    if word == "m":
        glued = i > 0 and tokens[i - 1].kind == "num" and tokens[i - 1].end == tokens[i].start
        capital = tokens[i].raw == "M"
        return _BILLION if (capital and glued) or (rp and (capital or glued)) else None
    if word == "mil" and _word(tokens, i + 1) == "laut":
        return None  # "12 mil laut": how far a fisherman sails
    return _SCALES.get(word)


def _skip_approx(tokens: list[_Token], i: int) -> int:
    if _word(tokens, i) == "an":
        return i + 1
    if _text(tokens, i) == "-" and _word(tokens, i + 1) == "an":
        return i + 2
    return i


def _tail(tokens: list[_Token], i: int) -> _Group | None:
    group = _group(tokens, i)
    if group is None or not 100 <= group.value <= 999 or group.value != int(group.value):
        return None
    if _scale_at(tokens, group.end, rp=False) or _blocked_after(tokens, group.end, bare=True):
        return None
    return group


def _group(tokens: list[_Token], i: int) -> _Group | None:
    if i >= len(tokens):
        return None
    if _is_half(tokens, i):  # "1/2 juta"
        return _Group(Decimal("0.5"), i + 3, words=False, digits=None)
    token = tokens[i]
    if token.kind == "num" and _word(tokens, i + 1) not in {"ratus", "atus", "puluh", "belas"}:
        return _literal_group(tokens, i)
    return _word_group(tokens, i)


def _literal_group(tokens: list[_Token], i: int) -> _Group | None:
    following = _word(tokens, i + 1)
    before_scale = following in _SCALES or following == "m"
    value = _literal(tokens[i].text, before_scale)
    if value is None:
        return None
    digits = re.sub(r"\D", "", tokens[i].text)
    if _word(tokens, i + 1) == "setengah":  # "2 setengah juta"
        return _Group(value + Decimal("0.5"), i + 2, words=False, digits=None)
    if _is_half(tokens, i + 1):  # "2 1/2 juta"
        return _Group(value + Decimal("0.5"), i + 4, words=False, digits=None)
    return _Group(value, i + 1, words=False, digits=digits)


def _is_half(tokens: list[_Token], i: int) -> bool:
    return [_text(tokens, k) for k in range(i, i + 3)] == ["1", "/", "2"]


def _word_group(tokens: list[_Token], i: int) -> _Group | None:
    value, j = _hundreds(tokens, i)
    tens, j, teen = _tens(tokens, j)
    value += tens
    unit = None if teen else _unit(tokens, j)
    if unit is not None:
        value, j = value + unit, j + 1
        decimal = _unit(tokens, j + 1) if _word(tokens, j) == "koma" else None
        if decimal is not None:  # "dua koma lima juta"
            value, j = value + Decimal(decimal) / 10, j + 2
    if _word(tokens, j) == "setengah":
        value, j = value + Decimal("0.5"), j + 1
    return _Group(value, j, words=True, digits=None) if j > i else None


def _hundreds(tokens: list[_Token], i: int) -> tuple[Decimal, int]:
    if _word(tokens, i) in _ONE_HUNDRED:
        return Decimal(100), i + 1
    unit = _unit(tokens, i)
    if unit is not None and _word(tokens, i + 1) in _HUNDRED_WORDS:
        return Decimal(unit * 100), i + 2
    return Decimal(0), i


def _tens(tokens: list[_Token], i: int) -> tuple[Decimal, int, bool]:
    """(value, end, is a teen): a teen ("dua belas") takes no unit after it."""
    word = _word(tokens, i) or ""
    if word in _TENS_WORDS:
        value, teen = _TENS_WORDS[word]
        return Decimal(value), i + 1, teen
    unit = _unit(tokens, i)
    following = _word(tokens, i + 1)
    if unit is not None and following == "puluh":
        return Decimal(unit * 10), i + 2, False
    if unit is not None and following == "belas":
        return Decimal(unit + 10), i + 2, True
    return Decimal(0), i, False


def _unit(tokens: list[_Token], i: int) -> int | None:
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.kind == "num" and len(token.text) == 1 and token.text != "0":
        return int(token.text)  # "2 ratus ribu"
    return _UNITS.get(token.text) if token.kind == "word" else None


def _literal(text: str, before_scale: bool) -> Decimal | None:
    """The value of a digit run with "." and "," in it, or None when it is malformed."""
    number = re.sub(r"\s", "", text).removesuffix(",-")
    if sum(c.isdigit() for c in number) > _MAX_DIGITS:
        return None
    if "." in number and "," in number:
        decimal_mark = "," if number.rfind(",") > number.rfind(".") else "."
        whole, fraction = number.rsplit(decimal_mark, 1)
        digits = _ungroup(whole, "." if decimal_mark == "," else ",")
        return None if digits is None else Decimal(f"{digits}.{fraction}")
    for mark in ".,":
        parts = number.split(mark)
        if len(parts) == 1:
            continue
        # "1.500" groups thousands; "1,500" too, unless a scale follows ("1,500 jt" = 1,5 jt).
        grouped = len(parts) > 2 or (len(parts[1]) == 3 and (mark == "." or not before_scale))
        if grouped:
            digits = _ungroup(number, mark)
            return None if digits is None else Decimal(digits)
        return Decimal(f"{parts[0]}.{parts[1]}")
    return Decimal(number)


def _ungroup(number: str, mark: str) -> str | None:
    groups = number.split(mark)
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return "".join(groups)


# --- which expressions are money -------------------------------------------------------------


def _scan(tokens: list[_Token]) -> list[tuple[MoneyMatch, _Expr]]:
    exprs = _expressions(tokens)
    money = [_is_money(tokens, e) for e in exprs]
    in_range = [False] * len(exprs)
    for n in range(len(exprs) - 1):
        first, second = exprs[n], exprs[n + 1]
        if not money[n + 1] or not _joined_as_range(tokens, first.end, second.start):
            continue
        if not money[n] and _takes_scale_of(first, second):
            exprs[n] = replace(first, value=first.value * second.scale)
            money[n] = True
        in_range[n] = in_range[n + 1] = money[n]
    kept = [(e, in_range[n]) for n, e in enumerate(exprs) if money[n]]
    bounds = [0, *(e.end for e, _ in kept)]
    starts = [*(e.start for e, _ in kept[1:]), len(tokens)]
    return [
        (_match(tokens, e, ranged, bounds[n], starts[n]), e) for n, (e, ranged) in enumerate(kept)
    ]


def _expressions(tokens: list[_Token]) -> list[_Expr]:
    """Every number-like expression, money or not, left to right without overlaps."""
    exprs: list[_Expr] = []
    i = 0
    while i < len(tokens):
        expr = _expr_at(tokens, i)
        if expr is None:
            i += 1
        else:
            exprs.append(expr)
            i = expr.end
    return exprs


def _is_money(tokens: list[_Token], expr: _Expr) -> bool:
    value = _rounded(expr.value)
    following = _text(tokens, expr.end)
    if value <= 0 or following == "%":
        return False
    if following in _COUNT_NOUNS and not expr.marked:
        return False
    if expr.group is None or expr.marked:
        return True  # it has a scale, is slang, or has Rp / rupiah
    return _is_bare_money(tokens, expr, expr.group, value)


def _is_bare_money(tokens: list[_Token], expr: _Expr, group: _Group, value: int) -> bool:
    if group.words or value < _MIN_BARE_AMOUNT or _blocked_after(tokens, expr.end, bare=True):
        return False
    digits = group.digits or ""
    if len(digits) >= 11 or (len(digits) > 1 and digits.startswith("0")):
        return False  # KPJ (11 digits), NIK (16), phone numbers (leading 0)
    return _text(tokens, expr.start - 1) not in _ID_CUES | {"+", "×"}


def _blocked_after(tokens: list[_Token], i: int, bare: bool) -> bool:
    following = _text(tokens, i)
    if following == "%" or following in _COUNT_NOUNS:
        return True
    return bare and (following in _TIME_WORDS or following == "×")


def _takes_scale_of(first: _Expr, second: _Expr) -> bool:
    """ "2-3 juta": a small bare first end means 2 juta, not Rp2."""
    group = first.group
    small = group is not None and 0 < group.value < 1000
    return small and not first.marked and second.scale > 0


def _joined_as_range(tokens: list[_Token], end: int, start: int) -> bool:
    between = [t.text for t in tokens[end:start]]
    if between in (["s", "/", "d"], ["s", "d"]):  # "s/d", "s.d." (dots are not tokens)
        return True
    return len(between) == 1 and between[0] in _RANGE_SYMBOLS | _RANGE_WORDS


def _match(
    tokens: list[_Token], expr: _Expr, in_range: bool, previous_end: int, next_start: int
) -> MoneyMatch:
    """``previous_end``/``next_start``: the neighbouring amounts, which own their own periods."""
    start, end = tokens[expr.start].start, tokens[expr.end - 1].end
    period = _period_near(tokens, expr, previous_end, next_start)
    seasonal = period is None and _season_near(tokens, expr, previous_end, next_start)
    return MoneyMatch(_rounded(expr.value), start, end, in_range, period, seasonal)


def _period_near(
    tokens: list[_Token], expr: _Expr, previous_end: int, next_start: int
) -> Period | None:
    """The period said after the amount, else before it; never across another money word."""
    for i in range(expr.end, min(expr.end + _PERIOD_WINDOW_AFTER, next_start)):
        if _other_money_word(tokens, i):
            break
        found = _period_at(tokens, i)
        if found is not None:
            return found[0]
        if tokens[i].kind == "num":
            break  # "gaji 3 juta, kerja 6 hari seminggu": that period is not the amount's
    first_before = max(expr.start - _PERIOD_WINDOW_BEFORE, previous_end)
    for i in range(expr.start - 1, first_before - 1, -1):
        if _other_money_word(tokens, i):
            break
        found = _period_at(tokens, i)
        if found is not None and found[1] <= expr.start:
            return found[0]
    return None


def _season_near(tokens: list[_Token], expr: _Expr, previous_end: int, next_start: int) -> bool:
    first = max(expr.start - _PERIOD_WINDOW_BEFORE, previous_end)
    last = min(expr.end + _PERIOD_WINDOW_AFTER, next_start)
    return any(_text(tokens, i) in _SEASON_WORDS for i in range(first, last))


def _other_money_word(tokens: list[_Token], i: int) -> bool:
    return (_word(tokens, i) or "").startswith(_OTHER_CUES)


def _period_at(tokens: list[_Token], i: int) -> tuple[Period, int] | None:
    """(period, end) of "sehari" | PREFIX [N] UNIT | N UNIT "sekali" starting at token ``i``."""
    word = _text(tokens, i) or ""
    pair = f"{word} {_text(tokens, i + 1)}"
    if pair in _PER_WORDS:  # "saben dina"
        return Period(_PER_WORDS[pair]), i + 2
    if word in _PER_WORDS:
        return Period(_PER_WORDS[word]), i + 1
    unit = _PERIOD_UNITS.get(_text(tokens, i + 1) or "")
    article = word == _ARTICLE and _text(tokens, i + 2) not in _NOT_A_RATE
    if unit is not None and (word in _PER_PREFIXES or article):  # "per hari", "100k a day"
        return Period(unit), i + 2
    if word in _PER_PREFIXES:
        every = _small_count(tokens, i + 1)
        unit = _PERIOD_UNITS.get(_text(tokens, i + 2) or "")
        return (Period(unit, every), i + 3) if every and unit else None
    every = _small_count(tokens, i)
    unit = _PERIOD_UNITS.get(_text(tokens, i + 1) or "")
    if every and unit and _text(tokens, i + 2) in _ONCE:
        return Period(unit, every), i + 3
    return None


def _small_count(tokens: list[_Token], i: int) -> int | None:
    """A count of days/weeks/months: "4", "empat", "patang", "two"; None if not one."""
    text = _text(tokens, i) or ""
    count = (
        int(text) if text.isdigit() and len(text) <= 2 else _UNITS.get(text) or _EN_COUNTS.get(text)
    )
    return count if count and 1 <= count <= _MAX_EVERY else None


def _cue(tokens: list[_Token], expr: _Expr) -> Literal["income", "other"] | None:
    """The nearest money word before the amount, else an income word just after it.

    Only income words count after the amount: "2 juta iurannya brp?" asks about an income.
    """
    for i in range(expr.start - 1, max(expr.start - 1 - _CUE_WINDOW_BEFORE, -1), -1):
        word = _word(tokens, i) or ""
        if word.startswith(_INCOME_CUES):
            return "income"
        if word.startswith(_OTHER_CUES):
            return "other"
    after = range(expr.end, min(expr.end + _CUE_WINDOW_AFTER, len(tokens)))
    if any((_word(tokens, i) or "").startswith(_INCOME_CUES) for i in after):
        return "income"
    return None


def _rounded(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
