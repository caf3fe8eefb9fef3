"""Reading a day as villagers type it (bot/domain/dates.py): day first, Indonesian month names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.dates import EARLIEST, read_day

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("12/10/2026", date(2026, 10, 12)),  # day first, as Indonesians write
        ("12-10-26", date(2026, 10, 12)),
        ("12.10.2026", date(2026, 10, 12)),
        ("2026-10-12", date(2026, 10, 12)),
        ("12 Oktober 2026", date(2026, 10, 12)),
        ("12 okt 2026", date(2026, 10, 12)),
        ("12 Okt. 2026", date(2026, 10, 12)),
        ("12-Okt-2026", date(2026, 10, 12)),
        ("tgl 3 Agt 2026", date(2026, 8, 3)),  # Javanese abbreviation, a "tgl" prefix
        ("Tanggal 3 Agustus 2026", date(2026, 8, 3)),
        ("12 Nopember 2025", date(2025, 11, 12)),  # the older spelling
        ("7 Pebruari 2026", date(2026, 2, 7)),
        ("3 Sept 2026", date(2026, 9, 3)),
        ("12 Jan, 2026", date(2026, 1, 12)),
        ("5 May 2026", date(2026, 5, 5)),  # English
        ("27/11/2026", TODAY),  # today itself is allowed
        ("29/2/2024", date(2024, 2, 29)),  # a leap day
        ("1/1/2000", EARLIEST),
    ],
)
def test_days_as_people_type_them(text: str, day: date) -> None:
    assert read_day(text, TODAY).day == day


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("31/4/2026", "not_date"),  # April has 30 days
        ("29/2/2026", "not_date"),  # not a leap year
        ("12/13/2026", "not_date"),  # month 13 (no month-first guessing)
        ("kemarin", "not_date"),
        ("12 Oktobre 2026", "not_date"),  # an unknown month name is not guessed
        ("", "not_date"),
        ("12/10", "not_date"),  # the year is needed
        ("28/11/2026", "future"),
        ("1 Januari 2030", "future"),
        ("31/12/1999", "too_old"),
    ],
)
def test_what_is_not_a_usable_day_says_why(text: str, problem: str) -> None:
    reading = read_day(text, TODAY)
    assert (reading.day, reading.problem) == (None, problem)


@given(st.dates(min_value=EARLIEST, max_value=TODAY))
def test_every_day_written_day_first_reads_back(day: date) -> None:
    for text in (f"{day.day}/{day.month}/{day.year}", day.isoformat(), f"{day:%d-%m-%y}"):
        assert read_day(text, TODAY).day == day, text


@given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2099, 12, 31)))
def test_no_day_after_today_is_accepted(day: date) -> None:
    assert read_day(day.isoformat(), TODAY).problem == "future"
