"""Reading the time an officer types for a scheduled announcement, against a fixed "now"."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.schedule_text import read_schedule
from bot.domain.time_zones import WIB, WIT, WITA, zone_for, zone_of

# Saturday 5 December 2026, 10:15 in Jakarta.
NOW = datetime(2026, 12, 5, 10, 15, tzinfo=WIB.tz)


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB.tz)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("besok jam 8 pagi", at(6, 8)),
        ("Besok pukul 08.00", at(6, 8)),
        ("12 Desember 2026 08.00", at(12, 8)),
        ("12 Des 2026 jam 8", at(12, 8)),
        ("12-12-2026 08.00", at(12, 8)),
        ("12/12/2026 08:00", at(12, 8)),
        ("2026-12-12 08:00", at(12, 8)),
        ("12 desember jam 7.30", at(12, 7, 30)),
        ("Senin 07:30", at(7, 7, 30)),
        ("senin depan jam 7", at(7, 7)),
        ("Sabtu 09.00", at(12, 9)),  # today is Saturday and 09.00 has passed: next week
        ("sabtu 11.00", at(5, 11)),  # still ahead today
        ("jam 3 sore", at(5, 15)),
        ("hari ini jam 19.00 WIB", at(5, 19)),
        ("lusa jam 8 malam", at(7, 20)),
        ("1 siang", at(5, 13)),
        ("jam 8", at(6, 8)),  # 08.00 today has passed: tomorrow
        ("5 Januari 2027 08.00", at(5, 8, month=1, year=2027)),
        ("3 januari 9.00", at(3, 9, month=1, year=2027)),  # no year: the next 3 January
        ("tomorrow 8 am", at(6, 8)),
        ("Monday 07.30", at(7, 7, 30)),
        ("sesuk jam 8", at(6, 8)),  # Javanese
        ("Senen 07.30", at(7, 7, 30)),
        ("12 December 2026 08.00", at(12, 8)),
        ("Jum'at 13.30", at(11, 13, 30)),
        ("Senin, 7 Desember 2026 pukul 08.00", at(7, 8)),  # as invitations are written
        ("Sabtu 12 Desember jam 9 pagi", at(12, 9)),
        ("besok jam 3 sore", at(6, 15)),
    ],
)
def test_what_officers_type_is_read(typed: str, expected: datetime) -> None:
    reading = read_schedule(typed, NOW)
    assert reading.problem is None, typed
    assert reading.moment == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("besok", "no_time"),
        ("12 Desember 2026", "no_time"),
        ("besok sore", "no_time"),  # a day and a part of it: the hour is asked for
        ("Selasa 7 Desember 2026 08.00", "unreadable"),  # 7 December is a Monday
        ("sore", "unreadable"),
        ("kapan-kapan", "unreadable"),
        ("besok jam 25", "unreadable"),
        ("31-11-2026 08.00", "unreadable"),  # there is no 31 November
        ("hari ini jam 8", "past"),
        ("1 Desember 2026 08.00", "past"),
        ("1 Desember 2028 08.00", "too_far"),
        ("", "unreadable"),
    ],
)
def test_what_cannot_be_a_schedule_says_why(typed: str, problem: str) -> None:
    assert read_schedule(typed, NOW).problem == problem


def test_the_moment_is_in_the_officers_zone() -> None:
    now = NOW.astimezone(WITA.tz)  # 11:15 in Makassar
    moment = read_schedule("besok jam 8", now).moment
    assert moment is not None and moment.utcoffset() == WITA.tz.utcoffset(moment)
    assert moment.hour == 8


def test_now_must_carry_a_zone() -> None:
    with pytest.raises(ValueError, match="aware"):
        read_schedule("besok jam 8", datetime(2026, 12, 5, 10, 15))


@pytest.mark.parametrize(
    ("code", "zone"),
    [("35.09", WIB), ("61.01", WIB), ("51.71", WITA), ("73.71.01.1001", WITA), ("94", WIT)],
)
def test_the_province_decides_the_zone(code: str, zone: object) -> None:
    assert zone_of(code) == zone


def test_an_officer_without_a_region_is_on_jakarta_time() -> None:
    assert zone_for([]) == WIB
    assert zone_for(["91.01", "82.01"]) == WIT
