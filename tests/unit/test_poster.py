"""The village poster is a printable A4 page whose QR code, read back from the rendered PDF,
is the bot's deep link; its payload is a random token that nothing else is mistaken for."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
import zxingcpp

from bot.platform.db.posters import PAYLOAD_RE, Poster, token_of
from bot.services.poster import PosterText, link, poster_pdf
from handlers.desa.desa import INVITE_START_PATTERN
from handlers.desa.poster import START_PATTERN

POSTER = Poster(id=1, token="AbCdEfGh_1", village_code="35.05.15.2004", created_by=42)
TEXT = PosterText(
    heading="Pengumuman BPJS Ketenagakerjaan untuk warga",
    village="Desa Sukosewu",
    place="Kec. Gandusari, Kab. Blitar",
    scan="Pindai kode ini dengan kamera HP",
    steps=("Arahkan kamera HP ke kode QR.", "Tekan MULAI.", "Selesai."),
    no_camera="Tanpa kamera? Buka tautan ini di HP:",
    more="Berhenti kapan saja: ketik /berhenti.",
    footer="Gratis.",
)


def _render(pdf: bytes, scale: float = 1.0) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 1
    page = document[0]
    assert (round(page.get_width() / 72 * 25.4), round(page.get_height() / 72 * 25.4)) == (210, 297)
    image = page.render(scale=scale).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_printed_qr_code_opens_the_bot_with_the_posters_payload() -> None:
    url = link("DesaSadarJamsosBot", POSTER)
    assert url == "https://t.me/DesaSadarJamsosBot?start=p-AbCdEfGh_1"
    pdf = poster_pdf(TEXT, url)
    # 72 dpi (scale 1): even a coarse scan of the printout reads the code.
    assert _render(pdf, scale=1.0) == [url]


def test_the_poster_names_the_village_and_prints_the_short_link() -> None:
    pdf = poster_pdf(TEXT, "https://t.me/DesaSadarJamsosBot?start=p-AbCdEfGh_1")
    page = pdfium.PdfDocument(pdf)[0]
    words = page.get_textpage().get_text_range()
    assert "Desa Sukosewu" in words and "Kec. Gandusari, Kab. Blitar" in words
    assert "t.me/DesaSadarJamsosBot?start=p-AbCdEfGh_1" in words


def test_a_village_name_outside_latin_1_prints() -> None:
    text = TEXT.__class__(**{**TEXT.__dict__, "village": "Desa Ŋgerang Ṡidoarjo"})
    pdf = poster_pdf(text, "https://t.me/b?start=p-AbCdEfGh_1")
    assert "Ŋgerang" in pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()


@pytest.mark.parametrize(
    ("payload", "token"),
    [
        ("p-AbCdEfGh_1", "AbCdEfGh_1"),
        ("p-AbCdEfGh_12", None),  # too long
        ("p-AbCd", None),
        ("p-AbCdEfGh.1", None),
        ("x-AbCdEfGh_1", None),
        ("35.05.15.2004", None),  # a village code is not a poster
    ],
)
def test_only_a_well_formed_payload_names_a_poster(payload: str, token: str | None) -> None:
    assert token_of(payload) == token


def test_poster_and_invite_deep_links_never_overlap() -> None:
    poster = "/start p-AbCdEfGh_1"
    invite = "/start AbCdEfGh_1234567"
    assert re.match(START_PATTERN, poster) and not re.match(INVITE_START_PATTERN, poster)
    assert re.match(INVITE_START_PATTERN, invite) and not re.match(START_PATTERN, invite)
    assert PAYLOAD_RE.fullmatch(POSTER.payload)
