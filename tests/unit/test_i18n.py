from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.content_check import check_templates
from bot.platform.i18n import I18n, long_date, not_in_catalog, pick_language, rupiah, untranslated


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("id", "id"),
        ("en-US", "en"),
        ("en", "en"),
        ("jv", "jv"),
        ("fr", "id"),
        (None, "id"),
        ("", "id"),
    ],
)
def test_language_from_telegram(code: str | None, expected: str) -> None:
    assert pick_language(code) == expected


def test_rupiah_and_dates() -> None:
    assert rupiah(16800) == "Rp16.800"
    assert rupiah(1_500_000) == "Rp1.500.000"
    assert rupiah(Decimal("16800.50")) == "Rp16.801"  # half-up, not Babel's half-even
    assert long_date(date(2018, 7, 5), "id") == "Kamis, 5 Juli 2018"
    assert long_date(date(2018, 7, 5), "en") == "Thursday, 5 July 2018"


def test_every_string_has_english_and_javanese() -> None:
    assert untranslated() == {}


def test_every_string_in_code_and_templates_is_in_the_catalogs() -> None:
    assert not_in_catalog() == []


def test_catalogs_are_really_loaded(i18n: I18n) -> None:
    assert i18n.gettext("Menu utama", "en") == "Main menu"
    assert i18n.gettext("Bantuan", "jv") == "Pitulungan"


def test_every_template_renders_valid_telegram_html_in_every_language(i18n: I18n) -> None:
    assert check_templates(i18n) == []


def test_user_text_is_escaped(i18n: I18n) -> None:
    for lang in SUPPORTED_LANGUAGES:
        text = i18n.render("welcome", lang, name="<b>Budi & Sons</b>")
        assert "&lt;b&gt;Budi &amp; Sons&lt;/b&gt;" in text
