from __future__ import annotations

import pytest

from bot.domain.faq.smalltalk import small_talk


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("halo", "greeting"),
        ("Assalamualaikum pak", "greeting"),
        ("selamat pagi min", "greeting"),
        ("makasih banyak", "thanks"),
        ("Terima kasih ya", "thanks"),
        ("matur nuwun", "thanks"),
        ("ok", "thanks"),
        ("sugeng enjang", "greeting"),  # was typo-corrected to "jenjang" (the Desa Sadar tiers)
        ("sugeng ndalu", "greeting"),
        ("good morning", "greeting"),
        ("thank you so much", "thanks"),
        ("🙏", "thanks"),
        ("👍👍", "thanks"),
        ("🙏🏻", "thanks"),  # with a skin tone
        ("🔥", None),
        ("halo, iuran petani berapa?", None),  # a question after the greeting
        ("kapan jht cair", None),
        ("1", None),
        ("ya", None),  # a bare "ya" answers something; not worth a thank-you
        ("", None),
    ],
)
def test_small_talk(text: str, expected: str | None) -> None:
    assert small_talk(text) == expected
