"""A village's own poster: an A4 PDF with the village's name, a large QR code and the short
link that opens the bot and subscribes the reader to that village's announcements in one tap.

The QR code is drawn from segno's module matrix as vector squares, so it stays sharp however
large the village office prints it. Error correction "M" (15% of the code may be smudged or
folded) keeps the modules large enough to scan from a noticeboard at arm's length.
Building the PDF takes ~30 ms of CPU: callers run it in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib
import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.platform.db import posters, subscriptions
from bot.platform.db.connection import Database
from bot.platform.db.villages import require_village
from bot.services import regions

# DejaVu Sans ships with matplotlib (already a dependency): every Latin letter a village name
# may carry prints, which the PDF core fonts (Latin-1 only) cannot promise.
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_PAGE_WIDTH = 210.0  # A4, millimetres
_MARGIN = 18.0
_QR_SIZE = 130.0  # millimetres, quiet zone included
_QR_BORDER = 4  # modules of quiet zone, as the QR standard asks
_GREEN = (0, 106, 56)
_INK = (33, 33, 33)


@dataclass(frozen=True)
class PosterText:
    """What the poster says, already in its language (Indonesian by default)."""

    heading: str  # e.g. "Pengumuman BPJS Ketenagakerjaan untuk warga"
    village: str  # "Desa Sukosewu"
    place: str  # "Kec. Gandusari, Kab. Blitar"
    scan: str  # "Pindai kode ini dengan kamera HP"
    steps: tuple[str, ...]
    no_camera: str  # "Tanpa kamera? Buka tautan ini di HP:"
    more: str
    footer: str


@dataclass(frozen=True)
class PosterSubscription:
    village_code: str
    first_time: bool  # False when this reader had come through this poster before


def link(bot_username: str, poster: posters.Poster) -> str:
    return f"https://t.me/{bot_username}?start={poster.payload}"


def poster_pdf(text: PosterText, url: str) -> bytes:
    """The A4 poster as PDF bytes."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{text.village} - {text.heading}")
    pdf.set_creator("Desa Sadar Bot")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    _header(pdf, text)
    _qr(pdf, url, top=pdf.get_y() + 4)
    _instructions(pdf, text, url)
    return bytes(pdf.output())


def _header(pdf: FPDF, text: PosterText) -> None:
    pdf.set_fill_color(*_GREEN)
    pdf.rect(0, 0, _PAGE_WIDTH, 16, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("DejaVu", "B", 13)
    pdf.set_xy(_MARGIN, 4.5)
    pdf.cell(_PAGE_WIDTH - 2 * _MARGIN, 7, text.heading, align="C")
    pdf.set_text_color(*_INK)
    pdf.set_xy(_MARGIN, 24)
    pdf.set_font("DejaVu", "B", 32)
    pdf.multi_cell(
        _PAGE_WIDTH - 2 * _MARGIN, 13, text.village, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font("DejaVu", "", 15)
    pdf.multi_cell(
        _PAGE_WIDTH - 2 * _MARGIN, 8, text.place, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )


def _qr(pdf: FPDF, url: str, top: float) -> None:
    code = segno.make(url, error="m", micro=False)
    matrix = code.matrix
    modules = len(matrix) + 2 * _QR_BORDER
    size = _QR_SIZE / modules
    left = (_PAGE_WIDTH - _QR_SIZE) / 2
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                x = left + (column + _QR_BORDER) * size
                y = top + (row + _QR_BORDER) * size
                # A hair wider than the module: adjacent squares merge with no white seams
                # when a viewer anti-aliases the edges.
                pdf.rect(x, y, size + 0.05, size + 0.05, style="F")
    pdf.set_y(top + _QR_SIZE)


def _instructions(pdf: FPDF, text: PosterText, url: str) -> None:
    width = _PAGE_WIDTH - 2 * _MARGIN
    pdf.set_x(_MARGIN)
    pdf.set_font("DejaVu", "B", 19)
    pdf.set_text_color(*_GREEN)
    pdf.multi_cell(width, 9, text.scan, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*_INK)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 14)
    for number, step in enumerate(text.steps, start=1):
        pdf.set_x(_MARGIN)
        pdf.multi_cell(width, 7.5, f"{number}. {step}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_x(_MARGIN)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 6.5, text.no_camera, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(_MARGIN)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(
        width, 8, url.removeprefix("https://"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(2)
    pdf.set_x(_MARGIN)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 6, text.more, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(_MARGIN, 297 - 16)
    pdf.set_font("DejaVu", "", 9.5)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 5, text.footer, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


async def names(db: Database, village_code: str) -> tuple[str, str]:
    """The village as the poster prints it: ("Desa Sukosewu", "Kec. Gandusari, Kab. Blitar")."""
    path = await regions.path(db, village_code)
    above = [regions.titled(r) for r in reversed(path[:-1]) if r.level >= 2]
    return regions.titled(path[-1]), ", ".join(above)


async def poster_for(db: Database, village_code: str, made_by: int) -> posters.Poster:
    """The maker's poster of a real village (the same link when printed again)."""
    await require_village(db, village_code)
    return await posters.get_or_create(db, village_code, made_by)


async def subscribe_through(db: Database, token: str, user_id: int) -> PosterSubscription | None:
    """A reader scanned a poster: subscribe them to its village (moving them from another
    one, and back in after /berhenti) and count them once for the poster. None when the
    poster is unknown (a mistyped or invented link)."""
    poster = await posters.by_token(db, token)
    if poster is None:
        return None
    async with db.transaction() as conn:
        await subscriptions.subscribe_in(conn, user_id, poster.village_code)
        first = await posters.record_subscription_in(conn, poster.id, user_id)
    return PosterSubscription(poster.village_code, first)


async def subscriptions_of(db: Database, poster: posters.Poster) -> int:
    """Readers who subscribed through this poster so far."""
    return await posters.subscriptions_of(db, poster.id)
