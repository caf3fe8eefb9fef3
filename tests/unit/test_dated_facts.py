"""Dated facts in lessons and FAQ answers: right before, during and after each window, and
the content check's successor and figure rules."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.domain import dated_facts
from bot.domain.faq.entries import load_faq
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.content import CONTENT_DIR, load_lessons
from bot.platform.content_check import check_figures


def _all_texts() -> list[tuple[str, str, str]]:
    """(where, language, raw text) of every lesson screen and FAQ answer."""
    texts = [
        (f"{lesson.id} screen {n}", lang, screen.text[lang])
        for lesson in load_lessons()
        for n, screen in enumerate(lesson.screens, start=1)
        for lang in SUPPORTED_LANGUAGES
    ]
    texts += [
        (f"{lesson.id} summary", lang, line[lang])
        for lesson in load_lessons()
        for line in lesson.summary.lines
        for lang in SUPPORTED_LANGUAGES
    ]
    texts += [
        (f"faq {entry.id}", lang, entry.answer[lang])
        for entry in load_faq(CONTENT_DIR / "faq")
        for lang in SUPPORTED_LANGUAGES
    ]
    return texts


MONTHS = [date(year, month, 15) for year in (2026, 2027, 2028) for month in range(1, 13)]
# The last day of each window and the day after: the edges a monthly sweep would miss.
EDGES = [date(2026, 12, 31), date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 1)]
ENDED = ("sudah berakhir", "has ended", "wis rampung")
_EXPIRED_PERIODS = {
    # After the window, neither its end month nor its discounted price may be stated.
    "informal": (
        date(2026, 12, 31),
        ("Desember 2026", "December 2026", "Apr–Des", "April–Desember"),
    ),
    "transport": (date(2027, 3, 31), ("Maret 2027", "March 2027")),
}


@pytest.mark.parametrize("day", MONTHS + EDGES, ids=str)
def test_no_expired_discount_is_shown(day: date) -> None:
    texts = [(where, lang, dated_facts.render(raw, lang, day)) for where, lang, raw in _all_texts()]
    for kind, (end, phrases) in _EXPIRED_PERIODS.items():
        if day <= end:
            continue
        for where, lang, text in texts:
            ended = any(marker in text for marker in ENDED)  # "it has ended" may name it
            for phrase in phrases:
                shown = phrase in text and not ended
                assert not shown, f"{day}: {where} ({lang}) still says {phrase!r} ({kind})"
    if day > date(2027, 3, 31):  # no discount at all any more
        for where, lang, text in texts:
            assert "Rp8.400" not in text, f"{day}: {where} ({lang}) shows the discounted price"
            assert "Rp28.400" not in text, f"{day}: {where} ({lang}) shows the discounted price"


def test_the_discount_is_shown_while_it_runs() -> None:
    farmers = next(e for e in load_faq(CONTENT_DIR / "faq") if e.id == "iuran-diskon-sektor-lain")
    during = dated_facts.render(farmers.answer["id"], "id", date(2026, 12, 4))
    after = dated_facts.render(farmers.answer["id"], "id", date(2027, 1, 1))
    assert "Rp8.400" in during and "April 2026 – Desember 2026" in during
    assert "sudah berakhir" in after and "Rp8.400" not in after
    ojek = next(e for e in load_faq(CONTENT_DIR / "faq") if e.id == "iuran-diskon-transport")
    assert "Rp8.400" in dated_facts.render(ojek.answer["en"], "en", date(2027, 1, 1))
    assert "Rp8.400" not in dated_facts.render(ojek.answer["en"], "en", date(2027, 4, 1))


def test_upcoming_window_is_announced_with_its_start() -> None:
    jkk = next(lesson for lesson in load_lessons() if lesson.id == "jkk")
    before = dated_facts.render(jkk.screens[3].text["id"], "id", date(2026, 2, 1))
    assert "iuran April 2026 – Desember 2026" in before
    assert "iuran Januari 2026 – Maret 2027" in before


def test_pension_age_follows_the_calendar() -> None:
    entry = next(
        e
        for e in load_faq(CONTENT_DIR / "faq")
        if "59 tahun" in e.answer["id"] or "jp.age" in e.answer["id"]
    )
    assert "<b>59 tahun</b> sampai akhir 2027, lalu 60 tahun mulai 2028" in dated_facts.render(
        entry.answer["id"], "id", date(2026, 12, 4)
    )
    assert "<b>60 tahun</b> sampai akhir 2030" in dated_facts.render(
        entry.answer["id"], "id", date(2028, 1, 1)
    )


def test_minimum_pension_says_its_year_and_that_it_may_have_changed() -> None:
    jp = next(lesson for lesson in load_lessons() if lesson.id == "jp")
    text = dated_facts.render(jp.screens[2].text["en"], "en", date(2026, 12, 4))
    assert "Rp393.500 (figure from March 2024; adjusted every March" in text
    assert "not confirmed" in text


def test_a_window_ending_soon_without_successor_fails_the_check() -> None:
    facts = dated_facts.default_facts()
    assert dated_facts.check_successors(date(2026, 12, 4), facts) == []
    without = replace(
        facts, successors=tuple(s for s in facts.successors if "informal" not in s.fact)
    )
    problems = dated_facts.check_successors(date(2026, 12, 4), without)
    assert len(problems) == 1 and "bpu.discount.informal" in problems[0]
    # Far from the end, no successor is needed yet.
    assert dated_facts.check_successors(date(2026, 11, 1), without) == []
    # The transport window (ends 31 March 2027) is checked in its own 30 days.
    no_transport = replace(facts, successors=())
    assert any(
        "transport" in p for p in dated_facts.check_successors(date(2027, 3, 10), no_transport)
    )


def test_figures_are_counted_and_need_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    problems, counts = check_figures(date(2026, 12, 4))
    assert problems == []
    assert counts["figures checked"] > 500 and counts["figure sources"] > 20
    lessons = load_lessons()
    unsourced = [replace(lessons[0], screens=(replace(lessons[0].screens[0], sources=()),))]
    monkeypatch.setattr("bot.platform.content_check.load_lessons", lambda: unsourced)
    problems, _ = check_figures(date(2026, 12, 4))
    assert any("lists no sources" in p for p in problems) == bool(
        dated_facts.figures(lessons[0].screens[0].text["id"])
    )


def test_english_uses_indonesian_number_notation() -> None:
    wrong = re.compile(r"Rp\s?\d{1,3},\d{3}\b|\d\.\d\s?(million|%)")
    for where, lang, raw in _all_texts():
        text = dated_facts.render(raw, lang, date(2026, 12, 4))
        assert not wrong.search(text), f"{where} ({lang}): {wrong.search(text)}"


def test_render_is_cached_per_day() -> None:
    day = date(2026, 12, 4)
    assert dated_facts.context_for(day) is dated_facts.context_for(day)
    assert dated_facts.context_for(day + timedelta(days=1))["today"] == day + timedelta(days=1)
