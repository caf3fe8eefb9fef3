"""/siaran: officers write an announcement, choose who gets it, preview, then send or schedule.

The draft lives in the dialogue state (durable, so a restart mid-composition loses nothing);
it becomes a ``broadcasts`` row with its outbox only when the officer confirms. Delivery is
the broadcast worker's job (bot/services/broadcast.py); this module only composes and controls.
The officer's role (and the private chat) are checked by the guards where the commands and
buttons are registered (bot/app.py); typed steps re-check the role, and every audience is
checked against the officer's scope. The progress message the worker keeps current is
``bot.services.broadcast_progress``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.domain.dates import JAKARTA as WIB
from bot.domain.dates import today_jakarta
from bot.platform.callback import pack
from bot.platform.db import audit, broadcasts
from bot.platform.db.broadcasts import DeliveryCounts
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import _
from bot.platform.telegram_html import visible_text
from bot.services import announcements, audience, regions
from bot.services.broadcast import READ_BUTTON, pick_text, read_broadcast_id, read_callback
from bot.services.broadcast_progress import control_markup, progress_text, rate_of
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PREFIX = Prefix.BROADCAST
FLOW = "siaran"
MAX_TEXT = 3500  # visible characters; a caption (with a photo or file) is shorter
MAX_CAPTION = 1000
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English", "jv": "Basa Jawa"}
_WHEN = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2})[.:](\d{2})\s*$")


async def command(update: Update, context: BotContext) -> None:
    """/siaran (officers, private chat: the composer shows recipient counts and takes the
    next message as the draft)."""
    session = context.session
    await dialogs.save(
        session, DialogState(FLOW, "text:id", {"texts": {}, "audience": {"kind": "all"}})
    )
    rows: Keyboard = [
        [InlineKeyboardButton(_("🗓️ Pengumuman terjadwal"), callback_data=pack(PREFIX, "list"))],
        _cancel_row(),
    ]
    await reply(update, session.render("siaran_ask_text", language=LANGUAGE_NAMES["id"]), rows)


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]


async def _state(session: Session) -> DialogState | None:
    state = await dialogs.current(session)
    return state if state is not None and state.flow == FLOW else None


# --- typed steps ---------------------------------------------------------------------------


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    message = update.effective_message
    assert message is not None
    if state.step.startswith("text:"):
        await _text_given(update, session, state, state.step.split(":", 1)[1], message)
    elif state.step == "region":
        await _region_given(update, session, state, message.text or "")
    elif state.step == "schedule":
        await _schedule_given(update, session, state, message.text or "")
    else:
        await _show_menu(update, session, state, edit=False)


async def _text_given(
    update: Update, session: Session, state: DialogState, lang: str, message: Message
) -> None:
    # text_html keeps the officer's bold/italic as Telegram HTML that Telegram itself produced.
    html = message.text_html or ""
    limit = MAX_CAPTION if state.data.get("media") else MAX_TEXT
    if not visible_text(html).strip() or len(visible_text(html)) > limit:
        text = session.render("siaran_invalid", problem="length", limit=limit)
        await reply(update, text, [_cancel_row()])
        return
    data = {**state.data, "texts": {**state.data["texts"], lang: html}}
    await _show_menu(update, session, DialogState(FLOW, "menu", data), edit=False)


async def _region_given(update: Update, session: Session, state: DialogState, text: str) -> None:
    code = text.strip()
    region = await regions.get(session.services.db, code) if regions.valid_code(code) else None
    scope = await session.services.scope(session.user)
    if region is None or region.level < 2 or not scope.covers(code):
        problem = "region" if region is None or region.level < 2 else "scope"
        await reply(
            update, session.render("siaran_invalid", problem=problem, limit=0), [_cancel_row()]
        )
        return
    data = {**state.data, "audience": {"kind": "region", "code": code}}
    await _show_menu(update, session, DialogState(FLOW, "menu", data), edit=False)


async def _schedule_given(update: Update, session: Session, state: DialogState, text: str) -> None:
    when = _parse_when(text)
    if when is None or when <= datetime.now(WIB) + timedelta(minutes=1):
        await reply(
            update, session.render("siaran_invalid", problem="when", limit=0), [_cancel_row()]
        )
        return
    await _launch(update, session, state, when)


def _parse_when(text: str) -> datetime | None:
    """ "2026-12-01 08:00" in WIB (Asia/Jakarta); None when it is not a real moment."""
    match = _WHEN.match(text)
    if match is None:
        return None
    year, month, day, hour, minute = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=WIB)
    except ValueError:
        return None


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
        await reply(update, session.render("siaran_invalid", problem="caption", limit=MAX_CAPTION))
        return
    await _show_menu(
        update, session, DialogState(FLOW, "menu", {**state.data, "media": media}), edit=False
    )


# --- the composer menu -------------------------------------------------------------------


async def _show_menu(
    update: Update, session: Session, state: DialogState, *, edit: bool = True
) -> None:
    await dialogs.save(session, state)
    data = state.data
    scope = await session.services.scope(session.user)
    count = len(
        await audience.recipients(
            session.services.db, data["audience"], scope, session.services.rules, today_jakarta()
        )
    )
    rows: Keyboard = [
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
        languages=[LANGUAGE_NAMES[lang] for lang in data["texts"]],
        media=(data.get("media") or {}).get("kind"),
        audience=await _describe(session, data["audience"]),
        count=count,
    )
    await reply(update, text, rows, edit=edit)


async def _describe(session: Session, spec: dict[str, Any]) -> str:
    kind = spec.get("kind")
    if kind == "region":
        return regions.label(await regions.path(session.services.db, str(spec["code"])))
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
    lang = parts[0] if parts and parts[0] in ("en", "jv") else "en"
    await dialogs.save(session, DialogState(FLOW, f"text:{lang}", state.data))
    await reply(
        update, session.render("siaran_ask_text", language=LANGUAGE_NAMES[lang]), [_cancel_row()]
    )


async def _ask_media(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    await dialogs.save(session, DialogState(FLOW, "media", state.data))
    await reply(update, session.render("siaran_ask_media"), [_cancel_row()])


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
                _("Satu wilayah (ketik kodenya)"), callback_data=pack(PREFIX, "aud", "reg")
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
    ]
    await reply(update, session.render("siaran_audience"), rows)


async def _choose_audience(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    kind = parts[0] if parts else ""  # a forged "sr:aud" with no kind means "all"
    if kind == "reg":
        await dialogs.save(session, DialogState(FLOW, "region", state.data))
        await reply(update, session.render("siaran_ask_region"), [_cancel_row()])
        return
    spec: dict[str, Any] = {"kind": "all"}
    if kind == "role" and len(parts) > 1 and parts[1] in audience.ROLES:
        spec = {"kind": "role", "role": parts[1]}
    elif kind == "ind" and len(parts) > 1:
        spec = {"kind": "indication", "indicated": parts[1] == "1"}
    await _show_menu(update, session, DialogState(FLOW, "menu", {**state.data, "audience": spec}))


async def _preview(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    """Exactly what a recipient sees, in the officer's language (with the fallback)."""
    data = state.data
    text = pick_text(data["texts"], session.lang, session.services.settings.default_language)
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
        await reply(update, session.render("siaran_invalid", problem="no_text", limit=0))
        return
    scope = await session.services.scope(session.user)
    count = len(
        await audience.recipients(
            session.services.db,
            state.data["audience"],
            scope,
            session.services.rules,
            today_jakarta(),
        )
    )
    rows: Keyboard = [
        [InlineKeyboardButton(_("✅ Ya, kirim"), callback_data=pack(PREFIX, "go"))],
        [InlineKeyboardButton(_("◀️ Kembali"), callback_data=pack(PREFIX, "menu"))],
    ]
    await reply(update, session.render("siaran_confirm", count=count), rows)


async def _go(update: Update, session: Session, state: DialogState, parts: tuple[str, ...]) -> None:
    await _launch(update, session, state, None)


async def _ask_schedule(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    await dialogs.save(session, DialogState(FLOW, "schedule", state.data))
    await reply(update, session.render("siaran_ask_when"), [_cancel_row()])


async def _back_to_menu(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
    await _show_menu(update, session, DialogState(FLOW, "menu", state.data))


async def _cancel(
    update: Update, session: Session, state: DialogState, parts: tuple[str, ...]
) -> None:
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
        await reply(update, session.render("siaran_invalid", problem="nobody", limit=0))
        return
    media = data.get("media") or {}
    launched = await announcements.launch(
        services.db, session.user.user_id, data["texts"], users, audience=data["audience"],
        media_kind=media.get("kind"), media_file_id=media.get("file_id"), when=when,
    )  # fmt: skip
    broadcast_id, queued = launched.broadcast_id, launched.queued
    chat = update.effective_chat
    assert chat is not None
    if when is not None:
        rows = [
            [InlineKeyboardButton(_("🗑️ Batalkan"), callback_data=pack(PREFIX, "c", broadcast_id))]
        ]
        await reply(
            update, session.render("siaran_scheduled", when=when, count=queued), rows, edit=False
        )
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
    items = [(i, datetime.fromisoformat(at).astimezone(WIB), total) for i, at, total in rows]
    keyboard: Keyboard = [
        [InlineKeyboardButton(f"🗑️ #{i}", callback_data=pack(PREFIX, "c", i))] for i, _w, _t in items
    ]
    await reply(
        update,
        session.render("siaran_scheduled_list", items=items),
        [*keyboard, back_to_menu_row()],
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
