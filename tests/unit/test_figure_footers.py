"""The "exact figures: JMO, 175, kantor cabang" line: once under an FAQ answer that states an
amount, once per lesson (its last screen), never repeated on every page."""

from __future__ import annotations

from datetime import date

import pytest
from markupsafe import Markup

from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.i18n import I18n

CHECKED = date(2026, 12, 4)
FOOTER = {
    "id": "Angka pasti: aplikasi JMO, call center 175",
    "en": "Exact figures: the JMO app, call centre 175",
    "jv": "Angka sing pasti: aplikasi JMO, call center 175",
}
LESSON_FOOTER = {"id": "Angka resmi:", "en": "call centre 175", "jv": "175"}


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n()


def _answer(i18n: I18n, lang: str, states_amount: bool) -> str:
    return i18n.render(
        "faq_answer",
        lang,
        answer=Markup("Iuran paling kecil <b>Rp16.800</b>."),
        states_amount=states_amount,
        unconfirmed=False,
        checked=CHECKED,
        ask_feedback=False,
        offer_news=False,
    )


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_an_answer_with_an_amount_ends_with_where_to_check_it_once(i18n: I18n, lang: str) -> None:
    text = _answer(i18n, lang, states_amount=True)
    assert text.count(FOOTER[lang]) == 1
    assert FOOTER[lang] not in _answer(i18n, lang, states_amount=False)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_the_lesson_footer_is_on_the_last_screen_only(i18n: I18n, lang: str) -> None:
    pages = [
        i18n.render(
            "lesson",
            lang,
            emoji="🕊️",
            title="JKM",
            body=Markup("x"),
            page=page,
            pages=4,
            checked=CHECKED,
        )
        for page in range(1, 5)
    ]
    assert [LESSON_FOOTER[lang] in page for page in pages] == [False, False, False, True]
