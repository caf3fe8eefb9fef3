"""/poster: a village's printable A4 poster whose QR code subscribes the reader to the
village's announcements in one tap, and the /start p-<token> deep link it opens.

Who may make one is checked here on every update (the command, the picked village): an
officer for any village in their kab/kota scope (code typed after the command, or the region
picker), the kepala desa or operator for their own village. Anyone else is told who can.
The link carries a random token only: no name, no id, no village code.
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot.platform.i18n import N_
from bot.services import poster as posters
from bot.services import regions
from bot.services.officials import seat_of
from handlers.shared.context import BotContext
from handlers.shared.keyboards import back_to_menu_row, menu_rows
from handlers.shared.region_picker import Purpose, open_picker, village_label
from handlers.shared.session import Session, acknowledge, reply

PURPOSE = Purpose("pos")  # the region picker's purpose for an officer's poster
START_PATTERN = r"^/start(@\w+)? p-[A-Za-z0-9_-]{10}$"  # bot.platform.db.posters.PAYLOAD_RE
POSTER_LANGUAGE = "id"  # printed for a village noticeboard: Indonesian

# The poster's words (gettext ids; printed in POSTER_LANGUAGE).
_HEADING = N_("Pengumuman BPJS Ketenagakerjaan untuk warga")
_SCAN = N_("Pindai kode ini dengan kamera HP")
_STEPS = (
    N_("Arahkan kamera HP ke kode QR di atas, lalu buka tautan yang muncul."),
    N_("Telegram terbuka. Tekan MULAI (START)."),
    N_("Selesai: Bapak/Ibu menerima pengumuman BPJS Ketenagakerjaan untuk %(village)s."),
)
_NO_CAMERA = N_("Tanpa kamera? Buka tautan ini di HP:")
_MORE = N_(
    "Di sini Bapak/Ibu juga bisa bertanya tentang BPJS Ketenagakerjaan dan menghitung iuran. "
    "Berhenti kapan saja: ketik /berhenti."
)
_FOOTER = N_("Gratis. Bot ini tidak pernah meminta uang, PIN atau kata sandi.")


async def command(update: Update, context: BotContext) -> None:
    """/poster [village code]."""
    session = context.session
    if session.services.is_officer(session.user):
        code = (context.args or [""])[0].strip()
        if not code:
            await open_picker(update, session, PURPOSE)
        elif not await regions.is_village(session.services.db, code):
            await reply(update, session.render("region_bad_code", code=code))
        else:
            await village_chosen(update, context, session, code)
        return
    mine = await seat_of(session.services.db, session.user.user_id)
    if mine is None:
        await reply(update, session.render("poster_who"), [back_to_menu_row()])
        return
    await _send_poster(update, context, session, mine.village_code)


async def on_button(update: Update, context: BotContext) -> None:
    """ "🖨️ Poster desa" under /desa: the official's own village, their seat checked now."""
    session = context.session
    mine = await seat_of(session.services.db, session.user.user_id)
    await acknowledge(update)
    if mine is None:  # no longer an official, or a forwarded button
        await reply(update, session.render("poster_who"), [back_to_menu_row()], edit=False)
        return
    await _send_poster(update, context, session, mine.village_code)


async def village_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    """The officer's village, picked or typed (the picker is shared: the role is checked)."""
    if not session.services.is_officer(session.user):
        await reply(update, session.render("officer_only"))
        return
    if not (await session.services.scope(session.user)).covers(code):
        await reply(update, session.render("outside_scope"))
        return
    await _send_poster(update, context, session, code)


async def _send_poster(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    db = session.services.db
    made = await posters.poster_for(db, code, session.user.user_id)
    url = posters.link(context.bot.username, made)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_chat_action(ChatAction.UPLOAD_DOCUMENT)
    text = _poster_text(session, *await posters.names(db, code))
    # ~0.2 s of CPU (fonts, QR, PDF): off the event loop, so everyone else keeps being answered.
    pdf = await asyncio.to_thread(posters.poster_pdf, text, url)
    counted = await posters.subscriptions_of(db, made)
    caption = session.render(
        "poster_sent", label=await village_label(session, code), link=url, count=counted
    )
    filename = f"poster-desa-{code.replace('.', '')}.pdf"
    await chat.send_document(pdf, filename=filename, caption=caption, parse_mode="HTML")


def _poster_text(session: Session, village: str, place: str) -> posters.PosterText:
    def say(message: str, **params: str) -> str:
        return session.services.i18n.gettext(message, POSTER_LANGUAGE, **params)

    return posters.PosterText(
        heading=say(_HEADING),
        village=village,
        place=place,
        scan=say(_SCAN),
        steps=tuple(say(step, village=village) if "%(" in step else say(step) for step in _STEPS),
        no_camera=say(_NO_CAMERA),
        more=say(_MORE),
        footer=say(_FOOTER),
    )


async def start_with_payload(update: Update, context: BotContext) -> None:
    """/start p-<token> from a poster's QR code: subscribed in one tap."""
    session = context.session
    token = (context.args or [""])[0].removeprefix("p-")
    outcome = await posters.subscribe_through(session.services.db, token, session.user.user_id)
    if outcome is None:
        await reply(update, session.render("poster_unknown"), menu_rows(session))
        return
    label = await village_label(session, outcome.village_code)
    await reply(update, session.render("subscription_set", label=label), menu_rows(session))
