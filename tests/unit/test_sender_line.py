"""The sender line under every announcement: escaped, translated, within a caption."""

from __future__ import annotations

from bot.platform.i18n import I18n
from bot.platform.telegram_html import visible_text
from bot.services.broadcast import sender_line, signed
from handlers.petugas.siaran import MAX_CAPTION

OFFICE = "BPJS Ketenagakerjaan <Cabang> Jember & Bondowoso"


def test_the_office_is_escaped_and_the_line_translated() -> None:
    i18n = I18n()
    line = sender_line(i18n, "en", OFFICE)
    assert line == "✉️ Sender: BPJS Ketenagakerjaan &lt;Cabang&gt; Jember &amp; Bondowoso"
    assert sender_line(i18n, "id", OFFICE).startswith("✉️ Pengirim: ")
    assert sender_line(None, "id", OFFICE).startswith("✉️ Pengirim: BPJS")


def test_a_signed_caption_stays_within_telegrams_1024_characters() -> None:
    i18n = I18n()
    office = "x" * 80  # the longest office /petugas accepts
    for lang in ("id", "en", "jv"):
        text = signed("a" * MAX_CAPTION, office, sender_line(i18n, lang, office))
        assert len(visible_text(text)) <= 1024, lang
    assert signed("teks", None, "") == "teks"
