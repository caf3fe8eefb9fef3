"""Button labels of FAQ entries: ≤ 40 characters for every entry in every language."""

from __future__ import annotations

import pytest

from bot.app import Content
from bot.domain.faq.labels import MAX_LABEL_CHARS, button_label, short_form
from bot.platform.config import SUPPORTED_LANGUAGES


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("prefix", ["", "3. "])
def test_every_entry_has_a_label_a_phone_shows_whole(
    content: Content, lang: str, prefix: str
) -> None:
    too_long = []
    for entry in content.faq.entries:
        label = button_label(entry.question[lang], prefix)
        if not 0 < len(label) <= MAX_LABEL_CHARS or not label.startswith(prefix):
            too_long.append((entry.id, label))
    assert too_long == []


def test_names_become_acronyms_and_brackets_go() -> None:
    assert short_form("Apa saja manfaat Jaminan Kecelakaan Kerja (JKK)?") == "Manfaat JKK?"
    assert short_form("Bagaimana cara daftar BPJS Ketenagakerjaan?") == "Cara daftar BPJS TK?"
    assert short_form("How do I claim JHT online?") == "Claim JHT online?"


def test_a_long_question_is_cut_after_a_whole_word() -> None:
    question = (
        "Apakah Ketua RT/RW bisa ikut BPJS Ketenagakerjaan, dan siapa yang membayar iurannya?"
    )
    label = button_label(question, "1. ")
    assert len(label) <= MAX_LABEL_CHARS
    assert label == "1. Ketua RT/RW bisa ikut BPJS TK, dan…"
