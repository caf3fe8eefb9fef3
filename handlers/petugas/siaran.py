"""/siaran: officers write an announcement, choose who gets it, preview, then send or schedule.

The draft lives in the dialogue state (durable, so a restart mid-composition loses nothing);
it becomes a ``broadcasts`` row with its outbox only when the officer confirms. Delivery is
the broadcast worker's job (bot/services/broadcast.py); this module only composes and controls.
The officer's role (and the private chat) are checked by the guards where the commands and
buttons are registered (bot/app.py); typed steps re-check the role, and every audience is
checked against the officer's scope. The progress message the worker keeps current is
``bot.services.broadcast_progress``.

Nothing written is lost by a wrong press: every sub-step (a translation, an attachment, the
audience, the schedule) goes back to the draft, the region picker keeps the draft while it is
open, and ✖️ on the draft asks before discarding it. A schedule is read as officers write it
(``bot.domain.schedule_text``) in the officer's zone (``bot.domain.time_zones``). Every
announcement is signed with the officer's office or DESABOT_SENDER (shown in the draft, the
preview and the message villagers get).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.domain.dates import today_jakarta
from bot.domain.schedule_text import example_day, read_schedule
from bot.domain.time_zones import Zone, zone_for
from bot.platform.callback import pack
from bot.platform.db import audit, broadcasts, officers
from bot.platform.db.broadcasts import DeliveryCounts
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import N_, _
from bot.platform.telegram_html import visible_text
from bot.services import announcements, audience, regions
from bot.services.broadcast import (
    READ_BUTTON,
    pick_text,
    read_broadcast_id,
    read_callback,
    sender_line,
    signed,
)
from bot.services.broadcast_progress import control_markup, progress_text, rate_of
from handlers.petugas._scope import own_kab
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.region_picker import Purpose, open_picker, open_search, take_kept
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PREFIX = Prefix.BROADCAST
FLOW = "siaran"
MAX_TEXT = 3500  # visible characters; a caption (with a photo or file) is shorter
# Telegram allows 1,024 characters in a caption; the sender line (up to ~100) goes under it.
MAX_CAPTION = 900
# Named in the officer's own language ("dalam Bahasa Inggris", not "dalam English").
LANGUAGE_NAMES = {"id": N_("Bahasa Indonesia"), "en": N_("Bahasa Inggris"), "jv": N_("Bahasa Jawa")}
# "Satu wilayah": a provinsi (admins), kab/kota, kecamatan or desa, picked or typed by name.
PURPOSE_AUDIENCE = Purpose("sr", frozenset({1, 2, 3, 4}))
LEAD_TIME = timedelta(minutes=1)  # a schedule closer than this is "now", not a schedule


async def command(update: Update, context: BotContext) -> None:
    """/siaran (officers, private chat: the composer shows recipient counts and takes the
    next message as the draft)."""
    session = context.session
    unfinished = await _state(session)
    if unfinished is not None and unfinished.data.get("texts", {}).get("id"):
        # A draft written earlier is shown again, not thrown away; ✖️ on it starts anew.
        await _show_menu(update, session, DialogState(FLOW, "menu", unfinished.data), edit=False)
        return
    await dialogs.save(
        session, DialogState(FLOW, "text:id", {"texts": {}, "audience": {"kind": "all"}})
    )
    rows: Keyboard = [
        [InlineKeyboardButton(_("🗓️ Pengumuman terjadwal"), callback_data=pack(PREFIX, "list"))],
        _cancel_row(),
    ]
    await reply(update, session.render("siaran_ask_text", language=_(LANGUAGE_NAMES["id"])), rows)


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]


def _back_row() -> list[InlineKeyboardButton]:
    """A sub-step's way out: back to the composer, the draft untouched."""
    return [InlineKeyboardButton(_("◀️ Kembali ke draf"), callback_data=pack(PREFIX, "menu"))]


def _step_exit(state: DialogState) -> list[InlineKeyboardButton]:
    """Before the Indonesian text exists there is no draft to go back to: cancel instead."""
    return _back_row() if state.data.get("texts", {}).get("id") else _cancel_row()


async def _state(session: Session) -> DialogState | None:
    """The composer's dialogue, also when the region picker holds it (``keep``)."""
    return await take_kept(session, FLOW)


async def _zone(session: Session) -> Zone:
    """The officer's time zone, from their kab/kota (WIB for admins)."""
    return zone_for((await session.services.scope(session.user)).kab_codes)


async def _sender(session: Session) -> str:
    """Who signs the announcement: the officer's office, else DESABOT_SENDER."""
    services = session.services
    office = await officers.office_of(services.db, session.user.user_id)
    return office or services.settings.sender


# --- typed steps ---------------------------------------------------------------------------


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    message = update.effective_message
    assert message is not None
    if state.step.startswith("text:"):
        await _text_given(update, session, state, state.step.split(":", 1)[1], message)
    elif state.step == "schedule":
        await _schedule_given(update, session, state, message.text or "")
    elif state.step == "audience" and (message.text or "").strip():
        # A place typed at the audience choice, as the "📍 Satu wilayah" button invites.
        draft = DialogState(FLOW, "menu", state.data)
        back = pack(PREFIX, "menu")
        await open_search(
            update, session, PURPOSE_AUDIENCE, message.text or "", keep=draft, back=back
        )
    else:
        await _show_menu(update, session, state, edit=False, typed_aside=state.step == "menu")


async def _text_given(
    update: Update, session: Session, state: DialogState, lang: str, message: Message
) -> None:
    # text_html keeps the officer's bold/italic as Telegram HTML that Telegram itself produced.
    html = message.text_html or ""
    limit = MAX_CAPTION if state.data.get("media") else MAX_TEXT
    if not visible_text(html).strip() or len(visible_text(html)) > limit:
        text = session.render("siaran_invalid", problem="length", limit=limit)
        await reply(update, text, [_step_exit(state)])
        return
    data = {**state.data, "texts": {**state.data["texts"], lang: html}}
    await _show_menu(update, session, DialogState(FLOW, "menu", data), edit=False)


async def _schedule_given(update: Update, session: Session, state: DialogState, text: str) -> None:
    zone = await _zone(session)
    now = datetime.now(zone.tz)
    reading = read_schedule(text[:100], now)
    if reading.moment is None or reading.moment <= now + LEAD_TIME:
        problem = reading.problem or "past"
        await reply(
            update,
            session.render(
                "siaran_when_invalid", problem=problem, zone=zone.name, example=example_day(now)
            ),
            [_back_row()],
        )
        return
    await _launch(update, session, state, reading.moment)


async def on_media(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """A photo or a file sent while the composer waits for one."""
    message = update.effective_message
    assert message is not None
    if state.step != "media" or not (message.photo or message.document):
        await _show_menu(update, session, state, edit=False)
        return
    if message.photo:
        media = {"kind": "photo", "file_id": message.photo[-1].file_id}
    else:
        assert message.document is not None
        media = {"kind": "document", "file_id": message.document.file_id}
    too_long = any(len(visible_text(t)) > MAX_CAPTION for t in state.data["texts"].values())
    if too_long:  # a caption is limited to 1024 characters by Telegram
        text = session.render("siaran_invalid", problem="caption", limit=MAX_CAPTION)
        await reply(update, text, [_back_row()])
        return
    await _show_menu(
        update, session, DialogState(FLOW, "menu", {**state.data, "media": media}), edit=False
    )


# --- the composer menu -------------------------------------------------------------------


async def _show_menu(
    update: Update,
    session: Session,
    state: DialogState,
    *,
    edit: bool = True,
    typed_aside: bool = False,
) -> None:
    """The draft's composer. ``typed_aside``: the officer typed while it was shown; say the
    text was not taken, and how to change it (silence looked like the bot ignored them)."""
    await dialogs.save(session, state)
    data = state.data
    scope = await session.services.scope(session.user)
    count = len(
        await audience.recipients(
            session.services.db, data["audience"], scope, session.services.rules, today_jakarta()
        )
    )
    rows: Keyboard = [
        [InlineKeyboardButton(_("✏️ Ubah teks"), callback_data=pack(PREFIX, "t", "id"))],
        [
            InlineKeyboardButton(_("➕ English"), callback_data=pack(PREFIX, "t", "en")),
            InlineKeyboardButton(_("➕ Basa Jawa"), callback_data=pack(PREFIX, "t", "jv")),
        ],
        [InlineKeyboardButton(_("📎 Foto atau dokumen"), callback_data=pack(PREFIX, "media"))],
        [InlineKeyboardButton(_("🎯 Pilih penerima"), callback_data=pack(PREFIX, "aud"))],
        [InlineKeyboardButton(_("👁️ Pratinjau"), callback_data=pack(PREFIX, "pre"))],
        [
            InlineKeyboardButton(_("🚀 Kirim sekarang"), callback_data=pack(PREFIX, "now")),
            InlineKeyboardButton(_("🕒 Jadwalkan"), callback_data=pack(PREFIX, "sch")),
        ],
        _cancel_row(),
    ]
    text = session.render(
        "siaran_menu",
        languages=[_(LANGUAGE_NAMES[lang]) for lang in data["texts"]],
        media=(data.get("media") or {}).get("kind"),
        audience=await _describe(session, data["audience"]),
        count=count,
        sender=await _sender(session),
        typed_aside=typed_aside,
    )
    await reply(update, text, rows, edit=edit)


async def _describe(session: Session, spec: dict[str, Any]) -> str:
    kind = spec.get("kind")
    if kind == "region":
        return regions.short_label(await regions.path(session.services.db, str(spec["code"])))
    if kind == "role":
        return {
            "warga": _("warga"),
            "perangkat": _("perangkat desa"),
            "kepala_desa": _("kepala desa"),
        }[spec["role"]]
    if kind == "indication":
        return (
            _("desa dengan indikasi Desa Sadar")
            if spec["indicated"]
            else _("desa yang belum terindikasi Desa Sadar")
        )
    return _("semua di wilayah kerja saya")


async def on_button(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    action = data.part(0)
    if action in _CONTROL:
        await _CONTROL[action](update, session, data.int_part(1))
        return
    if action == "list":
        await _list_scheduled(update, session)
        return
    if action == "new":  # the main menu's "📣 Pengumuman"
        await acknowledge(update)
        await command(update, context)
        return
    state = await _state(session)
    handler = _COMPOSER.get(action)
    if state is None or handler is None:  # composed and sent already, or cancelled
        await stale_button(update, context)
        return
    await acknowledge(update)
    await handler(update, session, state, data.parts[1:])


async def _ask_translation(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    lang = parts[0] if parts and parts[0] in LANGUAGE_NAMES else "en"
    await dialogs.save(session, DialogState(FLOW, f"text:{lang}", state.data))
    await reply(
        update, session.render("siaran_ask_text", language=_(LANGUAGE_NAMES[lang])), [_back_row()]
    )


async def _ask_media(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    await dialogs.save(session, DialogState(FLOW, "media", state.data))
    await reply(update, session.render("siaran_ask_media"), [_back_row()])


async def _audience_menu(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    if parts:
        await _choose_audience(update, session, state, parts)
        return
    rows: Keyboard = [
        [
            InlineKeyboardButton(
                _("Semua di wilayah saya"), callback_data=pack(PREFIX, "aud", "all")
            )
        ],
        [
            InlineKeyboardButton(
                _("📍 Satu wilayah (pilih atau ketik namanya)"),
                callback_data=pack(PREFIX, "aud", "reg"),
            )
        ],
        [
            InlineKeyboardButton(_("Warga"), callback_data=pack(PREFIX, "aud", "role", "warga")),
            InlineKeyboardButton(
                _("Perangkat"), callback_data=pack(PREFIX, "aud", "role", "perangkat")
            ),
            InlineKeyboardButton(
                _("Kepala desa"), callback_data=pack(PREFIX, "aud", "role", "kepala_desa")
            ),
        ],
        [
            InlineKeyboardButton(
                _("Desa terindikasi Desa Sadar"), callback_data=pack(PREFIX, "aud", "ind", 1)
            )
        ],
        [
            InlineKeyboardButton(
                _("Desa belum terindikasi"), callback_data=pack(PREFIX, "aud", "ind", 0)
            )
        ],
        _back_row(),
    ]
    await dialogs.save(session, DialogState(FLOW, "audience", state.data))
    await reply(update, session.render("siaran_audience"), rows)


async def _choose_audience(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    kind = parts[0] if parts else ""  # a forged "sr:aud" with no kind means "all"
    if kind == "reg":
        back = pack(PREFIX, "menu")
        start = await own_kab(session)
        await open_picker(update, session, PURPOSE_AUDIENCE, keep=state, back=back, start=start)
        return
    spec: dict[str, Any] = {"kind": "all"}
    if kind == "role" and len(parts) > 1 and parts[1] in audience.ROLES:
        spec = {"kind": "role", "role": parts[1]}
    elif kind == "ind" and len(parts) > 1:
        spec = {"kind": "indication", "indicated": parts[1] == "1"}
    await _show_menu(update, session, DialogState(FLOW, "menu", {**state.data, "audience": spec}))


async def audience_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    """The region picker's answer: the draft (put back by the picker) gets this audience."""
    if not session.services.is_officer(session.user):  # the picker is shared with villagers
        await reply(update, session.render("officer_only"))
        return
    state = await _state(session)
    if state is None:  # the draft was sent or cancelled meanwhile
        await reply(update, session.render("stale_button"), [back_to_menu_row()])
        return
    if not (await session.services.scope(session.user)).covers(code):
        text = session.render("siaran_invalid", problem="scope", limit=0)
        await reply(update, text, [_audience_row(), _back_row()])
        return
    data = {**state.data, "audience": {"kind": "region", "code": code}}
    await _show_menu(update, session, DialogState(FLOW, "menu", data))


def _audience_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("🎯 Pilih penerima"), callback_data=pack(PREFIX, "aud"))]


async def _preview(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    """Exactly what a recipient sees, in the officer's language (with the fallback)."""
    data = state.data
    text = pick_text(data["texts"], session.lang, session.services.settings.default_language)
    sender = await _sender(session)
    text = signed(text, sender, sender_line(session.services.i18n, session.lang, sender))
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(_(READ_BUTTON), callback_data=read_callback(0))]]
    )
    chat = update.effective_chat
    assert chat is not None
    media = data.get("media")
    if media and media["kind"] == "photo":
        await chat.send_photo(media["file_id"], caption=text, reply_markup=markup)
    elif media:
        await chat.send_document(media["file_id"], caption=text, reply_markup=markup)
    else:
        await chat.send_message(text, reply_markup=markup)
    await _show_menu(update, session, state, edit=False)


async def _confirm_now(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    if "id" not in state.data["texts"]:
        write = [InlineKeyboardButton(_("✏️ Tulis teks"), callback_data=pack(PREFIX, "t", "id"))]
        text = session.render("siaran_invalid", problem="no_text", limit=0)
        await reply(update, text, [write, _back_row()])
        return
    count = await _recipient_count(session, state)
    if not count:
        await _nobody(update, session)
        return
    rows: Keyboard = [
        [InlineKeyboardButton(_("✅ Ya, kirim"), callback_data=pack(PREFIX, "go"))],
        _back_row(),
    ]
    await reply(update, session.render("siaran_confirm", count=count), rows)


async def _recipient_count(session: Session, state: DialogState) -> int:
    scope = await session.services.scope(session.user)
    services = session.services
    found = await audience.recipients(
        services.db, state.data["audience"], scope, services.rules, today_jakarta()
    )
    return len(found)


async def _nobody(update: Update, session: Session, *, edit: bool = True) -> None:
    """No recipient for this audience: choose another, or go back to the draft."""
    text = session.render("siaran_invalid", problem="nobody", limit=0)
    await reply(update, text, [_audience_row(), _back_row()], edit=edit)


async def _go(update: Update, session: Session, state: DialogState, parts: tuple[str, ...]) -> None:
    await _launch(update, session, state, None)


async def _ask_schedule(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    if not await _recipient_count(session, state):  # said now, not after the time is typed
        await _nobody(update, session)
        return
    await dialogs.save(session, DialogState(FLOW, "schedule", state.data))
    zone = await _zone(session)
    now = datetime.now(zone.tz)
    text = session.render("siaran_ask_when", zone=zone.name, example=example_day(now))
    await reply(update, text, [_back_row()])


async def _back_to_menu(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    await _show_menu(update, session, DialogState(FLOW, "menu", state.data))


async def _cancel(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    """✖️ on the composer: a written draft is only thrown away after a second "yes"."""
    if state.data.get("texts") and parts[:1] != ("yes",):
        rows: Keyboard = [
            [InlineKeyboardButton(_("🗑️ Ya, buang draf"), callback_data=pack(PREFIX, "x", "yes"))],
            _back_row(),
        ]
        await reply(update, session.render("siaran_discard"), rows)
        return
    await dialogs.end(session)
    await reply(update, session.render("siaran_cancelled"), [back_to_menu_row()])


async def _launch(
    update: Update, session: Session, state: DialogState, when: datetime | None
) -> None:
    """Draft → outbox in one transaction; the worker sends (now) or starts it (at ``when``)."""
    services, data = session.services, state.data
    scope = await services.scope(session.user)
    users = await audience.recipients(
        services.db, data["audience"], scope, services.rules, today_jakarta()
    )
    if not users:
        await dialogs.save(session, DialogState(FLOW, "menu", data))
        await _nobody(update, session, edit=when is None)
        return
    media = data.get("media") or {}
    launched = await announcements.launch(
        services.db, session.user.user_id, data["texts"], users, audience=data["audience"],
        media_kind=media.get("kind"), media_file_id=media.get("file_id"), when=when,
        sender=await _sender(session),
    )  # fmt: skip
    broadcast_id, queued = launched.broadcast_id, launched.queued
    chat = update.effective_chat
    assert chat is not None
    if when is not None:
        rows = [
            [InlineKeyboardButton(_("🗑️ Batalkan"), callback_data=pack(PREFIX, "c", broadcast_id))]
        ]
        rows.append(back_to_menu_row())
        zone = await _zone(session)
        text = session.render("siaran_scheduled", when=when, zone=zone.name, count=queued)
        await reply(update, text, rows, edit=False)
        return
    progress = await chat.send_message(
        _progress_text(session, broadcast_id, DeliveryCounts(queued=queued), "sending"),
        reply_markup=_control_markup(session, broadcast_id, "sending"),
    )
    await broadcasts.set_progress_message(services.db, broadcast_id, chat.id, progress.message_id)
    if services.broadcaster is not None:
        services.broadcaster.notify()


def _progress_text(session: Session, broadcast_id: int, counts: DeliveryCounts, status: str) -> str:
    services = session.services
    return progress_text(
        services.i18n, session.lang, broadcast_id, counts, status, rate_of(services)
    )


def _control_markup(
    session: Session, broadcast_id: int, status: str
) -> InlineKeyboardMarkup | None:
    return control_markup(session.services.i18n, session.lang, PREFIX, broadcast_id, status)


# --- controlling a broadcast ---------------------------------------------------------------


async def _control(update: Update, session: Session, broadcast_id: int, action: str) -> None:
    db = session.services.db
    found = await broadcasts.get(db, broadcast_id)
    worker = session.services.broadcaster
    allowed = found is not None and (
        found.created_by == session.user.user_id
        or (await session.services.scope(session.user)).everything
    )
    if not allowed or worker is None or found is None:
        await acknowledge(update, session.render("officer_only"))
        return
    changed = await {"p": worker.pause, "r": worker.resume, "c": worker.cancel}[action](
        broadcast_id
    )
    await acknowledge(update)
    if changed:
        await audit.record(
            db, session.user.user_id, f"broadcast.{action}", f"broadcast:{broadcast_id}"
        )
    current = await broadcasts.get(db, broadcast_id)
    status = current.status if current else "cancelled"
    counts = await broadcasts.counts(db, broadcast_id)
    await reply(
        update,
        _progress_text(session, broadcast_id, counts, status),
        _markup_rows(_control_markup(session, broadcast_id, status)),
    )


def _markup_rows(markup: InlineKeyboardMarkup | None) -> Keyboard | None:
    return [list(row) for row in markup.inline_keyboard] if markup else None


async def _pause(update: Update, session: Session, broadcast_id: int) -> None:
    await _control(update, session, broadcast_id, "p")


async def _resume(update: Update, session: Session, broadcast_id: int) -> None:
    await _control(update, session, broadcast_id, "r")


async def _cancel_broadcast(update: Update, session: Session, broadcast_id: int) -> None:
    await _control(update, session, broadcast_id, "c")


async def _list_scheduled(update: Update, session: Session) -> None:
    await acknowledge(update)
    everyone = (await session.services.scope(session.user)).everything
    rows = await broadcasts.scheduled(session.services.db, session.user.user_id, everyone)
    zone = await _zone(session)
    items = [(i, datetime.fromisoformat(at).astimezone(zone.tz), total) for i, at, total in rows]
    keyboard: Keyboard = [
        [InlineKeyboardButton(f"🗑️ #{i}", callback_data=pack(PREFIX, "c", i))] for i, _w, _t in items
    ]
    write = [InlineKeyboardButton(_("📣 Tulis pengumuman"), callback_data=pack(PREFIX, "new"))]
    await reply(
        update,
        session.render("siaran_scheduled_list", items=items, zone=zone.name),
        [*keyboard, write, back_to_menu_row()],
    )


async def on_read(update: Update, context: BotContext) -> None:
    """ "Sudah dibaca 👍": counted once per recipient (Telegram has no read receipts)."""
    session = context.session
    broadcast_id = read_broadcast_id(update.callback_query.data if update.callback_query else None)
    if broadcast_id:  # 0 is the preview's button
        await broadcasts.record_read(session.services.db, broadcast_id, session.user.user_id)
    await acknowledge(update, _("Terima kasih! 👍"))


_COMPOSER = {
    "t": _ask_translation,
    "media": _ask_media,
    "aud": _audience_menu,
    "pre": _preview,
    "now": _confirm_now,
    "go": _go,
    "sch": _ask_schedule,
    "menu": _back_to_menu,
    "x": _cancel,
}
_CONTROL = {"p": _pause, "r": _resume, "c": _cancel_broadcast}
