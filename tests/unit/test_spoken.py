"""What lesson screens and FAQ answers sound like (bot/domain/spoken.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.spoken import spoken_text
from bot.platform.content import CONTENT_DIR, load_lessons


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Rp16.800", "enam belas ribu delapan ratus rupiah."),
        ("Rp1.500.000", "satu juta lima ratus ribu rupiah."),
        ("Rp42 juta", "empat puluh dua juta rupiah."),
        ("Rp1,5 juta", "satu koma lima juta rupiah."),
        ("Rp 10.042.300", "sepuluh juta empat puluh dua ribu tiga ratus rupiah."),
        ("Rp1.000", "seribu rupiah."),
        ("Rp100", "seratus rupiah."),
        ("Rp0", "nol rupiah."),
        ("Rp16.800/bulan", "enam belas ribu delapan ratus rupiah per bulan."),
        ("Rp2 yuta", "dua juta rupiah."),
        ("gaji 2,5jt", "gaji dua koma lima juta."),
        ("800rb sebulan", "delapan ratus ribu sebulan."),
    ],
)
def test_indonesian_amounts_are_said_as_a_person_says_them(text: str, said: str) -> None:
    assert spoken_text(text, "id") == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Rp16.800 a month", "sixteen thousand eight hundred rupiah a month."),
        ("Rp42 million", "forty-two million rupiah."),
        ("Rp1,5 million", "one point five million rupiah."),
        ("Rp174 juta", "one hundred seventy-four million rupiah."),  # scale in Indonesian
        ("0.21% of the wage", "zero point two one percent of the wage."),
        ("12 months", "twelve months."),
        ("1 July 2015", "one July two thousand fifteen."),
    ],
)
def test_english_amounts_are_said_in_english(text: str, said: str) -> None:
    assert spoken_text(text, "en") == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("JKK", "je ka ka."),
        ("BPJS TK", "be pe je es te ka."),
        ("JMO", "je em o."),
        ("PMI dan BPU", "pe em i dan be pe u."),
        ("APBDes", "a pe be des."),  # the last capital starts the word after it
        ("NIK dan KTP", "nik dan ka te pe."),  # NIK is said as a word
        ("BUMDes", "bumdes."),
        ("WAJIB ikut", "wajib ikut."),  # capitals for emphasis stay a word
        ("agen PERISAI", "agen perisai."),
    ],
)
def test_acronyms_are_spelled_with_indonesian_letter_names(text: str, said: str) -> None:
    assert spoken_text(text, "id") == said


def test_acronyms_are_spelled_with_english_letter_names() -> None:
    assert spoken_text("JKK and JKM", "en") == "jay kay kay and jay kay em."
    assert spoken_text("BPJS", "en") == "bee pee jay ess."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<b>Apa itu JKK?</b>", "Apa itu je ka ka?"),
        ("Tom &amp; Jerry", "Tom & Jerry."),
        ("🚑 Kecelakaan 👍🏽", "Kecelakaan."),
        ("1️⃣ satu", "satu satu."),
        ("• Petani\n• Nelayan", "Petani. Nelayan."),
        ("Petani → BPU", "Petani, be pe u."),
        ("Lihat https://www.bpjsketenagakerjaan.go.id/x?a=1 ya", "Lihat ya."),
        ("buka bpjsketenagakerjaan.go.id", "buka."),
        ("Bapak/Ibu", "Bapak atau Ibu."),
        ("ketik /iuran", "ketik iuran."),
        ("JKK + JKM", "je ka ka dan je ka em."),
        ("48× upah", "empat puluh delapan kali upah."),
        ("Rp2.000 × 2 = Rp4.000", "dua ribu rupiah kali dua sama dengan empat ribu rupiah."),
        ("0,36%", "nol koma tiga enam persen."),
        ("1–3 bulan", "satu sampai tiga bulan."),
        ("PP 50/2025", "pe pe lima puluh tahun dua ribu dua puluh lima."),
        ("lulus S1 atau D3", "lulus es satu atau de tiga."),
        ("call center 175", "call center seratus tujuh puluh lima."),
        ("hubungi 0341 123", "hubungi nol tiga empat satu seratus dua puluh tiga."),
        ("baris satu\n\nbaris dua!", "baris satu. baris dua!"),
        ("", ""),
        ("🙏", ""),
    ],
)
def test_markup_symbols_and_signs(text: str, said: str) -> None:
    assert spoken_text(text, "id") == said


def test_javanese_or_unknown_language_uses_indonesian_words() -> None:
    assert spoken_text("Rp16.800", "jv") == "enam belas ribu delapan ratus rupiah."


def _lesson_texts(lang: str) -> list[str]:
    return [screen.text[lang] for lesson in load_lessons(CONTENT_DIR / "lessons")
            for screen in lesson.screens]  # fmt: skip


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_lesson_screen_is_left_with_words_only(lang: str) -> None:
    for text in _lesson_texts(lang):
        text = re.sub(r"\{[%{].*?[%}]\}", "", text, flags=re.S)  # dated figures: filled at run time
        said = spoken_text(text, lang)
        assert said
        leftovers = re.findall(r"\d|Rp|<|>|%|×|→|https?:|\b[A-Z]{2,4}\b", said)
        assert leftovers == [], (leftovers, said[:300])


@given(st.text(max_size=200), st.sampled_from(["id", "en", "jv"]))
def test_any_text_gives_text_without_markup_or_digits(text: str, lang: str) -> None:
    said = spoken_text(text, lang)
    assert "<b>" not in said
    assert not re.search(r"[0-9]", said)


@given(st.integers(min_value=0, max_value=10**12))
def test_every_amount_in_content_notation_has_no_digit_left(value: int) -> None:
    written = f"Rp{value:,}".replace(",", ".")
    for lang in ("id", "en"):
        said = spoken_text(written, lang)
        assert said.endswith("rupiah.") and not re.search(r"\d", said)
