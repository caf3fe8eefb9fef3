"""What a lesson screen or an FAQ answer sounds like: the text a speech synthesiser reads.

A synthesiser reads "Rp16.800" digit by digit and "JKK" as a word no one says. A villager
hears "enam belas ribu delapan ratus rupiah" and "je ka ka", as an officer would say them:

* markup, links, emoji and bullets go; each line ends as a sentence (a pause);
* amounts: ``Rp16.800`` → "enam belas ribu delapan ratus rupiah", ``Rp1,5 juta`` → "satu koma
  lima juta rupiah", ``0,24%`` → "nol koma dua empat persen", ``48×`` → "empat puluh delapan
  kali", ``PP 50/2025`` → "pe pe lima puluh tahun dua ribu dua puluh lima";
* acronyms are spelled with the language's letter names (``JKK`` → "je ka ka" / "jay kay kay"),
  except the few said as words (``NIK``); a word in capitals for emphasis stays a word;
* "Bapak/Ibu" is "Bapak atau Ibu", "Rp16.800/bulan" is "… per bulan".

Numbers follow the content's own notation in both languages: a dot groups thousands
("Rp16.800", "1.500.000"), a comma is the decimal mark ("1,5 juta"); "0.21%" (a dot before
one or two digits) is a decimal too. Indonesian number words come from lokal-id's terbilang.

Pure: one function, :func:`spoken_text`, from the message text to what is read aloud.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from lokal.terbilang import terbilang

_ID_LETTERS = "a be ce de e ef ge ha i je ka el em en o pe ki er es te u ve we eks ye zet"
_EN_LETTERS = (
    "ay bee see dee ee eff jee aitch eye jay kay el em en oh pee cue ar ess tee you vee"
    " double-you ex why zed"
)
LETTERS = {
    lang: dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", names.split(" "), strict=True))
    for lang, names in (("id", _ID_LETTERS), ("en", _EN_LETTERS))
}
# Capitals said as a word, not letter by letter.
SAID_AS_WORDS = {"NIK": "nik", "OK": "oke", "BUMDes": "bumdes", "PERISAI": "perisai"}
_WORDS = {
    "id": {
        "rupiah": "rupiah",
        "percent": "persen",
        "point": "koma",
        "times": "kali",
        "divided": "dibagi",
        "equals": "sama dengan",
        "and": "dan",
        "or": "atau",
        "per": "per",
        "to": "sampai",
        "year": "tahun",
    },
    "en": {
        "rupiah": "rupiah",
        "percent": "percent",
        "point": "point",
        "times": "times",
        "divided": "divided by",
        "equals": "equals",
        "and": "and",
        "or": "or",
        "per": "per",
        "to": "to",
        "year": "of",
    },
}
_SCALE_WORDS = {
    "rb": "ribu",
    "ribu": "ribu",
    "jt": "juta",
    "juta": "juta",
    "yuta": "juta",
    "miliar": "miliar",
    "triliun": "triliun",
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
}
_PER_UNITS = "bulan|hari|minggu|tahun|orang|bln|thn|month|day|week|year|person|sasi|dina|taun|wulan"

_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(
    r"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:go\.id|co\.id|id|com|org|net)\b\S*"
)
_BULLET = re.compile(r"^\s*(?:[•▪‣◦·\-*]|\d+[.)])\s+", re.MULTILINE)
_COMMAND = re.compile(r"(?<![\w/])/([a-z_]+)")
# A number as the content writes it: thousands with dots, decimals with a comma (or a dot
# before one or two digits).
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+|\.\d{1,2}(?![\d.]))?"
_SCALE = "|".join(sorted(_SCALE_WORDS, key=len, reverse=True))
_MONEY = re.compile(rf"\bRp\.?\s?({_NUMBER})(?:\s?({_SCALE})\b)?", re.IGNORECASE)
_PERCENT = re.compile(rf"({_NUMBER})\s?%")
_LAW_YEAR = re.compile(r"\b(\d{1,3})/((?:19|20)\d\d)\b")
_PER = re.compile(rf"(?<=\w)\s?/\s?(?=(?:{_PER_UNITS})\b)", re.IGNORECASE)
_OR = re.compile(r"(?<=[^\W\d])/(?=[^\W\d])")
_RANGE = re.compile(r"(?<=\d)\s?[–-]\s?(?=\d)")
_TIMES = re.compile(r"\s?×\s?")
_NUMBER_WITH_SCALE = re.compile(rf"(?<![\w.,])({_NUMBER})(?:\s?({_SCALE})\b)?", re.IGNORECASE)
_LETTERS_DIGITS = re.compile(r"\b([A-Z]{1,3})(\d{1,2})\b")  # S1, D3: "es satu", "de tiga"
_ACRONYM = re.compile(r"\b([A-Z]{2,7})([a-z]*)\b")
_SPACES = re.compile(r"[ \t]+")
_END = re.compile(r"[.!?:;,]$")
_VOWELS = set("AEIOU")


def spoken_text(text: str, language: str) -> str:
    """``text`` (a message as Telegram shows it, or its HTML) as it should be read aloud in
    ``language`` ("id" or "en"; any other is read with Indonesian words)."""
    lang = language if language in LETTERS else "id"
    words = _WORDS[lang]
    text = html.unescape(_TAG.sub("", text))
    text = _URL.sub("", text)
    text = re.sub(r"\s*[→⇒➡]\s*", ", ", text)  # "Petani → BPU": a pause, not "right arrow"
    text = _without_symbols(text)
    text = _BULLET.sub("", text)
    text = _COMMAND.sub(r"\1", text)
    text = _sentences(text)
    text = _MONEY.sub(lambda m: f"{_amount(m[1], m[2], lang)} {words['rupiah']}", text)
    text = _PERCENT.sub(lambda m: f"{_number(m[1], lang)} {words['percent']}", text)
    text = _LAW_YEAR.sub(lambda m: f"{m[1]} {words['year']} {m[2]}", text)
    text = _PER.sub(f" {words['per']} ", text)
    text = _OR.sub(f" {words['or']} ", text)
    text = _RANGE.sub(f" {words['to']} ", text)
    text = _TIMES.sub(f" {words['times']} ", text)
    text = text.replace("÷", f" {words['divided']} ").replace("=", f" {words['equals']} ")
    text = re.sub(r"\s\+\s", f" {words['and']} ", text)
    text = _LETTERS_DIGITS.sub(lambda m: f"{_spell(m[1], lang)} {m[2]}", text)
    text = _NUMBER_WITH_SCALE.sub(lambda m: _amount(m[1], m[2], lang), text)
    text = _ACRONYM.sub(lambda m: _acronym(m[1], m[2], lang), text)
    text = re.sub(r"\d+", lambda m: f" {_number(m[0], lang)} ", text)  # any digit left (".5")
    return _SPACES.sub(" ", text).strip()


def _without_symbols(text: str) -> str:
    """Emoji, pictographs, arrows, box drawing and their joiners/selectors go."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("So", "Sk", "Cn", "Co", "Cs") or char in "\u200d\ufe0f\u20e3":
            continue
        kept.append(char)
    return "".join(kept)


def _sentences(text: str) -> str:
    """One line, one sentence: a line without a closing mark gets a full stop (a pause)."""
    lines = [line.strip() for line in text.splitlines()]
    return " ".join(line if _END.search(line) else line + "." for line in lines if line)


def _amount(number: str, scale: str | None, lang: str) -> str:
    said = _number(number, lang)
    return f"{said} {_scale(scale, lang)}" if scale else said


def _scale(scale: str, lang: str) -> str:
    word = _SCALE_WORDS[scale.lower()]
    if lang == "en":
        return {"ribu": "thousand", "juta": "million", "miliar": "billion"}.get(word, word)
    return {"thousand": "ribu", "million": "juta", "billion": "miliar"}.get(word, word)


def _number(number: str, lang: str) -> str:
    """A number in the content's notation, in words."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", number):
        whole, _, fraction = number.replace(".", "").partition(",")
    else:
        whole, _, fraction = number.replace(",", ".").partition(".")
    say: Callable[[int], str] = _indonesian if lang == "id" else _english
    if (len(whole) > 1 and whole.startswith("0")) or len(whole) > 15:  # a code, a phone
        return " ".join(say(int(d)) for d in whole)
    words = say(int(whole))
    if fraction:
        words += f" {_WORDS[lang]['point']} " + " ".join(say(int(d)) for d in fraction)
    return words


def _indonesian(value: int) -> str:
    return str(terbilang(value)) if value else "nol"


_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def _english(value: int) -> str:
    for size, name in _EN_SCALES:
        if value >= size:
            high, rest = divmod(value, size)
            return f"{_english(high)} {name}" + (f" {_english(rest)}" if rest else "")
    if value >= 100:
        high, rest = divmod(value, 100)
        return f"{_EN_ONES[high]} hundred" + (f" {_english(rest)}" if rest else "")
    if value >= 20:
        tens, ones = divmod(value, 10)
        return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")
    return _EN_ONES[value]


def _acronym(capitals: str, tail: str, lang: str) -> str:
    whole = capitals + tail
    if whole in SAID_AS_WORDS:
        return SAID_AS_WORDS[whole]
    if capitals in SAID_AS_WORDS:
        return SAID_AS_WORDS[capitals] + tail
    if len(capitals) > 4 and _VOWELS & set(capitals):
        return whole.lower()  # a word in capitals for emphasis ("WAJIB")
    if tail:  # "APBDes": the last capital starts the word that follows ("a pe be des")
        return f"{_spell(capitals[:-1], lang)} {(capitals[-1] + tail).lower()}"
    return _spell(capitals, lang)


def _spell(capitals: str, lang: str) -> str:
    return " ".join(LETTERS[lang][c] for c in capitals)
