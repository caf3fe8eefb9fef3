"""Reading when an officer wants an announcement sent, as they type it:
"besok jam 8 pagi", "12 Desember 2026 08.00", "12-12-2026 08.00", "Senin 07:30",
"lusa pukul 19.00 WITA", "jam 3 sore", "2026-12-12 08:00".

Pure: the caller passes ``now`` (aware, in the officer's zone), and the moment comes back in
that zone. A day without a time is refused (08.00 or 20.00? the bot does not guess); a time
without a day is its next occurrence; a weekday is the next such day (today if the time is
still ahead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.dates import month_number, valid_day

# Further ahead than this is a typo of the year more often than a plan.
MAX_AHEAD = timedelta(days=366)

_DAY_WORDS = {
    "ini": 0,  # "hari ini" once "hari" is dropped
    "nanti": 0,
    "today": 0,
    "dina iki": 0,
    "besok": 1,
    "besuk": 1,
    "esok": 1,
    "sesuk": 1,
    "tomorrow": 1,
    "lusa": 2,
}
_WEEKDAYS = {
    # Monday = 0, as datetime.weekday(); Indonesian, Javanese and English names.
    "senin": 0,
    "senen": 0,
    "monday": 0,
    "selasa": 1,
    "tuesday": 1,
    "rabu": 2,
    "rebo": 2,
    "wednesday": 2,
    "kamis": 3,
    "kemis": 3,
    "thursday": 3,
    "jumat": 4,
    "jemuwah": 4,
    "friday": 4,
    "sabtu": 5,
    "setu": 5,
    "saturday": 5,
    "minggu": 6,
    "ahad": 6,
    "sunday": 6,
}
# Words that add nothing: "jam", "pukul", "tanggal", "hari", "depan" ("Senin depan" is the
# next Monday either way), the zone the officer may type after the time.
_FILLER = re.compile(
    r"\b(?:jam|pukul|pkl|pk|tanggal|tgl|hari|depan|at|on|next|this|wib|wita|wit)\b"
)
_TIME = re.compile(r"(?:^|\s)(\d{1,2})(?:[.:](\d{2}))?\s*(pagi|siang|sore|petang|malam|am|pm)?$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?")
_NAMED = re.compile(r"(\d{1,2})\s*([a-z]+)\.?(?:\s+(\d{4}|\d{2}))?")
_PERIOD_ONLY = re.compile(r"(?:^|(?<=[a-z]))\s*\b(?:pagi|siang|sore|petang|malam)$")


@dataclass(frozen=True)
class ScheduleReading:
    """The moment, or why not: unreadable, no_time, past, too_far."""

    moment: datetime | None = None
    problem: str | None = None


def read_schedule(text: str, now: datetime) -> ScheduleReading:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (the officer's zone)")
    cleaned = _PERIOD_ONLY.sub("", _clean(text))  # "besok sore": a day, the hour missing
    match = _TIME.search(cleaned)
    clock = _clock(match) if match else None
    rest = cleaned[: match.start()].strip() if match else cleaned
    if match and clock is None:
        return ScheduleReading(problem="unreadable")
    day = _day(rest, now.date()) if rest else None
    if rest and day is None:
        return ScheduleReading(problem="unreadable")
    if clock is None:
        return ScheduleReading(problem="no_time" if day else "unreadable")
    moment = _moment(day, clock, rest, now)
    if moment <= now:
        return ScheduleReading(problem="past")
    if moment - now > MAX_AHEAD:
        return ScheduleReading(problem="too_far")
    return ScheduleReading(moment)


def _clean(text: str) -> str:
    lowered = text.lower().replace(",", " ").replace("'", "")
    return " ".join(_FILLER.sub(" ", lowered).split())


def _clock(match: re.Match[str]) -> time | None:
    hour, minute = int(match[1]), int(match[2] or 0)
    hour = _with_period(hour, match[3])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _with_period(hour: int, period: str | None) -> int:
    """ "3 sore" is 15.00, "1 siang" 13.00, "8 malam" 20.00; "8 pagi" stays 08.00."""
    if period in ("siang",) and 1 <= hour <= 5:
        return hour + 12
    if period in ("sore", "petang", "pm") and 1 <= hour <= 11:
        return hour + 12
    if period == "malam" and 6 <= hour <= 11:
        return hour + 12
    if period == "am" and hour == 12:
        return 0
    return hour


def _day(text: str, today: date) -> date | None:
    """The calendar day named by ``text`` (words, a weekday or a date), or None."""
    if text in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[text])
    text = text.removesuffix(" ini")  # "Senin ini" is the coming Monday
    if text in _WEEKDAYS:
        return today + timedelta(days=(_WEEKDAYS[text] - today.weekday()) % 7)
    if match := _ISO.fullmatch(text):
        return valid_day(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.fullmatch(text):
        return _dated(today, int(match[1]), int(match[2]), match[3])
    if (match := _NAMED.fullmatch(text)) and (month := month_number(match[2])):
        return _dated(today, int(match[1]), month, match[3])
    return _weekday_and_date(text, today)


def _weekday_and_date(text: str, today: date) -> date | None:
    """ "Senin 7 Desember 2026", as invitations are written: the date, when the weekday
    agrees with it (a weekday that does not is a typo in one of them; the bot does not pick)."""
    first, _, rest = text.partition(" ")
    if first not in _WEEKDAYS or not rest or rest.split()[0] in _WEEKDAYS:
        return None
    day = _day(rest, today)
    return day if day is not None and day.weekday() == _WEEKDAYS[first] else None


def _dated(today: date, day: int, month: int, year: str | None) -> date | None:
    """Day and month, with the year written (2 or 4 digits) or else the next such day."""
    if year is not None:
        return valid_day(int(year) + (2000 if len(year) == 2 else 0), month, day)
    this_year = valid_day(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    return valid_day(today.year + 1, month, day)


def _moment(day: date | None, clock: time, rest: str, now: datetime) -> datetime:
    """A weekday or a bare time that has passed today means the next one."""
    moment = datetime.combine(day or now.date(), clock, tzinfo=now.tzinfo)
    weekday = rest.removesuffix(" ini") in _WEEKDAYS
    if moment <= now and (not rest or weekday):
        moment += timedelta(days=7 if weekday else 1)
    return moment


def example_day(now: datetime) -> date:
    """A day to show in "for example …": a week ahead, so it is never in the past."""
    return now.date() + timedelta(days=7)
