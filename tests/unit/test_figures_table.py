"""What the bot says for the section-1 cases of issue 9: each question, the answer or lesson
screen that covers it, what it must say and what it must not say (every language)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.app import Content
from bot.domain import dated_facts
from bot.domain.faq.entries import load_faq
from bot.platform.content import CONTENT_DIR, load_lessons

DAY = date(2026, 12, 4)
FAQ = {entry.id: entry for entry in load_faq(CONTENT_DIR / "faq")}
LESSONS = {lesson.id: lesson for lesson in load_lessons()}

# (case, where: FAQ id or "lesson:screen", language, must contain, must not contain)
CASES = [
    ("BPU joined 2 months ago dies", "jkm-manfaat", "id", ["3 bulan pertama", "Rp10 juta"], []),
    ("BPU joined 2 months ago dies", "jkm-manfaat", "en", ["first 3 months", "Rp10 million"], []),
    ("BPU joined 2 months ago dies", "jkm-manfaat", "jv", ["3 sasi kapisan", "Rp10 yuta"], []),
    (
        "BPU joined 2 months ago dies",
        "jkm:2",
        "id",
        ["3 bulan pertama", "Rp10 juta", "lebih dari 3 bulan"],
        [],
    ),
    ("BPU joined 2 months ago dies", "jkm:2", "en", ["first 3 months", "more than 3 months"], []),
    (
        "partial disability",
        "jkk:2",
        "id",
        ["Cacat total tetap", "56 ×", "Cacat sebagian", "× 80 × upah"],
        [],
    ),
    (
        "partial disability",
        "jkk:2",
        "en",
        ["Total permanent disability", "Partial disability", "× 80 ×"],
        [],
    ),
    (
        "partial disability FAQ",
        "jkk-cacat",
        "id",
        ["Cacat total tetap", "Cacat sebagian", "tanpa beasiswa"],
        [],
    ),
    (
        "beasiswa only total disability",
        "jkk:3",
        "id",
        ["cacat total tetap", "tidak untuk cacat sebagian"],
        [],
    ),
    (
        "beasiswa condition FAQ",
        "beasiswa-syarat",
        "en",
        ["totally and permanently disabled", "partial disability"],
        [],
    ),
    (
        "JKK death minimum",
        "jkk:3",
        "id",
        ["paling sedikit Rp20 juta"],
        ["sama dengan santunan JKM"],
    ),
    (
        "JHT after resigning",
        "jht-resign",
        "id",
        ["keterangan pengunduran diri dari pemberi kerja", "tanggal PHK"],
        ["tanggal surat pengunduran diri"],
    ),
    (
        "JHT after resigning",
        "jht-resign",
        "en",
        ["employer's statement", "PHK date"],
        ["your resignation letter"],
    ),
    ("JHT after PHK", "jht:3", "id", ["untuk PHK dihitung dari tanggal PHK"], []),
    (
        "pension age today",
        "jp-usia",
        "id",
        ["<b>59 tahun</b>", "60 tahun mulai 2028"],
        ["pada 2025"],
    ),
    ("minimum pension", "jp-manfaat", "id", ["Rp393.500", "Maret 2024", "belum terkonfirmasi"], []),
    ("Perisai split", "perisai-syarat", "id", ["2018", "belum terkonfirmasi"], []),
]


def _text(where: str, lang: str) -> str:
    if ":" in where:
        lesson, screen = where.split(":")
        raw = LESSONS[lesson].screens[int(screen) - 1].text[lang]
    else:
        raw = FAQ[where].answer[lang]
    return dated_facts.render(raw, lang, DAY)


@pytest.mark.parametrize(
    ("case", "where", "lang", "says", "never"), CASES, ids=[c[0] + "/" + c[2] for c in CASES]
)
def test_what_the_bot_says(
    case: str, where: str, lang: str, says: list[str], never: list[str]
) -> None:
    text = _text(where, lang)
    for phrase in says:
        assert phrase in text, f"{case}: {where} ({lang}) should say {phrase!r}"
    for phrase in never:
        assert phrase not in text, f"{case}: {where} ({lang}) must not say {phrase!r}"


def test_a_new_bpu_member_asking_finds_the_reduced_benefit(content: Content) -> None:
    result = content.faq.search("santunan kematian brp")
    assert result.hits and "Rp10 juta" in _text(result.hits[0].entry_id, "id")
