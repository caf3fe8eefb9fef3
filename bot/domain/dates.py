"""Reading a calendar day as villagers type it: "12/10/2026", "12-10-26", "12 Oktober 2026",
"12 okt 2026", "2026-10-12", "12 Nopember 2025". Day first, as Indonesians write dates.

Month names come from Babel's CLDR data for Indonesian, Javanese and English (wide and
abbreviated), plus spellings people still use ("Pebruari", "Nopember", "Agust", "Sept").
Pure: no I/O, no clock; the caller passes ``today`` to reject days in the future.
:func:`today_jakarta` is the one place that reads the clock for "today".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import get_month_names

EARLIEST = date(2000, 1, 1)  # before this, a typo is likelier than a real event
_EXTRA_MONTHS = {
    "pebruari": 2,
    "peb": 2,
    "nopember": 11,
    "nop": 11,
    "agust": 8,
    "ags": 8,
    "sept": 9,
    "juny": 6,
    "july": 7,
}
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAMED = re.compile(r"(\d{1,2})\s*[-/.]?\s*([^\W\d_]+)\.?\s*[-/.]?\s*(\d{2}|\d{4})")


@dataclass(frozen=True)
class DayReading:
    """The day, or a problem: not_date (unreadable or no such day), future, too_old."""

    day: date | None = None
    problem: str | None = None


@functools.cache
def _months() -> dict[str, int]:
    names: dict[str, int] = dict(_EXTRA_MONTHS)
    for locale in ("id", "jv", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[name.lower()] = number
    return names


def read_day(text: str, today: date) -> DayReading:
    """``text`` as a day no later than ``today`` and not before ``EARLIEST``."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    cleaned = re.sub(r"^(tanggal|tgl\.?|tg\.?)\s*", "", cleaned)
    found = _parse(cleaned)
    if found is None:
        return DayReading(problem="not_date")
    if found > today:
        return DayReading(problem="future")
    if found < EARLIEST:
        return DayReading(problem="too_old")
    return DayReading(found)


def _parse(text: str) -> date | None:
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return _day(year, month, day)
    if match := _NUMERIC.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        return _day(_full_year(year, match.group(3)), month, day)
    if match := _NAMED.fullmatch(text):
        named = _months().get(match.group(2))
        if named is None:
            return None
        return _day(_full_year(int(match.group(3)), match.group(3)), named, int(match.group(1)))
    return None


def _full_year(year: int, written: str) -> int:
    return 2000 + year if len(written) == 2 else year  # "26" is 2026: events are recent


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 31 April, month 13
        return None


JAKARTA = ZoneInfo("Asia/Jakarta")


def today_jakarta(now: datetime | None = None) -> date:
    """Today's calendar day in Asia/Jakarta (WIB): the day dated facts are rendered for."""
    return (now or datetime.now(JAKARTA)).astimezone(JAKARTA).date()


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation in Indonesian, Javanese or English."""
    return _months().get(name.lower().rstrip("."))


def valid_day(year: int, month: int, day: int) -> date | None:
    """The day, or None when there is no such day (31 April)."""
    return _day(year, month, day)
