"""/perangkat for village officials: the list of the village apparatus, one member's detail,
changing a member's BPJS TK status and removing a member.

Only the village's own officials may see or change its members (the seat is checked on the
server for the command and every button; the member id a button carries is never trusted
without it). Adding one (``tambah``), importing a sheet (``impor``) and corrections (``ubah``)
are their own modules.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import pack
from bot.platform.db import members
from bot.platform.db.members import Member
from bot.platform.db.villages import Official
from bot.platform.i18n import _
from bot.services import apparatus
from handlers.desa.perangkat._common import (
    APPARATUS_FLOWS,
    PREFIX,
    STATUS_ICONS,
    STATUS_LABELS,
    Parts,
    ask_correction,
    back_to_list_row,
    jabatan_label,
    number,
    official_or_refuse,
    reply_gone,
    route_buttons,
    show_member,
)
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pager_row
from handlers.shared.session import Keyboard, Session, reply

PAGE_SIZE = 8


async def command(update: Update, context: BotContext) -> None:
    session = context.session
    official = await official_or_refuse(update, session)
    if official is not None:
        await _show_list(update, session, official, 0)


async def _show_list(update: Update, session: Session, official: Official, page: int) -> None:
    found, total = await members.list_for_village(
        session.services.db, official.village_code, page * PAGE_SIZE, PAGE_SIZE
    )
    rows: list[list[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton(
                f"{STATUS_ICONS[m.status]} {m.name}", callback_data=pack(PREFIX, "m", m.id)
            )
        ]
        for m in found
    ]
    rows += [
        pager_row(PREFIX, "list", page=page, has_next=(page + 1) * PAGE_SIZE < total),
        [InlineKeyboardButton(_("➕ Tambah perangkat"), callback_data=pack(PREFIX, "add"))],
        [InlineKeyboardButton(_("📥 Impor dari CSV/Excel"), callback_data=pack(PREFIX, "imp"))],
        back_to_menu_row(),
    ]
    items = [(m, jabatan_label(m.jabatan, session.lang)) for m in found]
    pages = max(1, -(-total // PAGE_SIZE))
    text = session.render(
        "members_list", items=items, total=total, page=page + 1, pages=pages, icons=STATUS_ICONS
    )
    await reply(update, text, rows)


async def _list_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    await _leave_apparatus_dialogue(session)
    await _show_list(update, session, official, number(parts, 0) or 0)


async def _leave_apparatus_dialogue(session: Session) -> None:
    for flow in APPARATUS_FLOWS:
        await dialogs.end_flow(session, flow)


async def _member_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    member_id = number(parts, 0)
    if member_id is None:
        await stale_button(update, context)
        return
    await _leave_apparatus_dialogue(session)  # "⏭️ Lewati" and "◀️ Kembali" come here too
    await show_member(update, session, official, member_id)


async def _status_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    member_id = number(parts, 0)
    if member_id is None or len(parts) < 2 or parts[1] not in STATUS_LABELS:
        await stale_button(update, context)
        return
    confirmed = len(parts) > 2 and parts[2] == "y"
    if parts[1] == "belum" and not confirmed:
        # "Not registered" clears the card number: one mistaken tap must not lose it.
        before = await apparatus.own_member(session.services.db, member_id, official.village_code)
        if before is not None and before.kpj:
            await _confirm_unregister(update, session, before)
            return
    member = await apparatus.change_status(
        session.services.db, member_id, official.village_code, parts[1], session.user.user_id
    )
    if member is None:
        await reply_gone(update, session)
        return
    await show_member(update, session, official, member.id)
    if member.status != "belum" and member.kpj is None:
        # Registered now, but with no card number on record: ask for it while at it.
        await ask_correction(update, session, member, "kpj")


async def _confirm_unregister(update: Update, session: Session, member: Member) -> None:
    rows = [
        [
            InlineKeyboardButton(
                _("⚪ Ya, belum terdaftar"),
                callback_data=pack(PREFIX, "ms", member.id, "belum", "y"),
            )
        ],
        [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "m", member.id))],
    ]
    await reply(
        update, session.render("member_unregister_ask", name=member.name, kpj=member.kpj), rows
    )


async def _remove_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    member_id = number(parts, 0)
    db = session.services.db
    member = (
        None
        if member_id is None
        else await apparatus.own_member(db, member_id, official.village_code)
    )
    if member is None:
        await reply_gone(update, session)
        return
    rows: Keyboard = [
        [InlineKeyboardButton(_("🗑️ Ya, hapus"), callback_data=pack(PREFIX, "rmy", member.id))],
        [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "m", member.id))],
    ]
    await reply(update, session.render("member_remove_confirm", member=member), rows)


async def _remove_confirmed(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    member_id = number(parts, 0)
    removed = (
        None
        if member_id is None
        else await apparatus.remove_member(
            session.services.db, member_id, official.village_code, session.user.user_id
        )
    )
    if removed is None:  # pressed twice, or not of this village
        await reply_gone(update, session)
        return
    await reply(update, session.render("member_removed", name=removed.name), [back_to_list_row()])


async def _cancel_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    """ "Batal" of the add dialogue, the import and the UU PDP notice: back to the list."""
    await dialogs.end(session)
    await reply(update, session.render("member_cancelled"), [back_to_list_row()])


_BUTTONS = {
    "list": _list_button,
    "m": _member_button,
    "ms": _status_button,
    "rm": _remove_button,
    "rmy": _remove_confirmed,
    "x": _cancel_button,
}
PATTERN = rf"^{PREFIX}:({'|'.join(_BUTTONS)})(:|$)"
on_button = route_buttons(_BUTTONS)
