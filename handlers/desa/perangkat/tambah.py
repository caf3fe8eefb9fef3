"""/perangkat, adding one member: a dialogue of consent → name → jabatan → NIK → status → KPJ →
phone → confirm.

Each typed answer is checked and the step stays open on bad input. A NIK is encrypted the moment
it is typed (also inside the saved dialogue), shown masked, and the UU PDP notice is accepted
before the first one. Saving is one service call: the member and its audit row together.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, Update

from bot.domain.dates import today_jakarta
from bot.domain.jabatan import by_code
from bot.domain.nik import check_kpj, check_nik, check_phone
from bot.platform.callback import pack
from bot.platform.db import members
from bot.platform.db.dialogs import DialogState
from bot.platform.db.villages import Official
from bot.platform.i18n import _
from bot.services import apparatus
from handlers.desa.perangkat._common import (
    ADD_FLOW,
    PREFIX,
    STATUS_ICONS,
    STATUS_LABELS,
    Parts,
    back_to_list_row,
    cancel_row,
    jabatan_label,
    jabatan_rows,
    number,
    official_or_refuse,
    personal_data_ready,
    route_buttons,
    valid_name,
)
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row
from handlers.shared.session import Keyboard, Session, reply

FLOW = ADD_FLOW


async def _add_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    if await personal_data_ready(update, session, "add"):
        await _ask_name(update, session)


async def _consent_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    """ "Saya setuju" under the UU PDP notice, then the first question."""
    await apparatus.accept_personal_data_notice(session.services.db, session.user.user_id)
    await _ask_name(update, session)


async def _ask_name(update: Update, session: Session) -> None:
    await dialogs.save(session, DialogState(FLOW, "name", {}))
    await reply(update, session.render("member_ask", step="name"), [cancel_row()])


async def on_text(
    update: Update, context: BotContext, session: Session, state: DialogState
) -> None:
    """Typed answers of the add dialogue; each step validates and keeps the step on bad input."""
    official = await official_or_refuse(update, session)
    if official is None:
        await dialogs.end(session)
        return
    text = ((update.effective_message.text if update.effective_message else "") or "").strip()
    step = _TEXT_STEPS.get(state.step)
    if step is None:  # a button step: remind which buttons to use
        await reply(update, session.render("member_use_buttons"), [cancel_row()])
        return
    await step(update, session, official, state, text)


async def _name_typed(
    update: Update, session: Session, official: Official, state: DialogState, text: str
) -> None:
    if not valid_name(text):
        await reply(update, session.render("member_invalid", problem="name"), [cancel_row()])
        return
    await dialogs.save(session, DialogState(FLOW, "jabatan", {**state.data, "name": text}))
    await _ask_jabatan(update, session, 0)


async def _ask_jabatan(update: Update, session: Session, page: int) -> None:
    rows = jabatan_rows(session.lang, page, PREFIX, "jab", "jp")
    await reply(
        update, session.render("member_ask", step="jabatan"), [*rows, cancel_row()], edit=False
    )


async def _state_at(session: Session, step: str) -> DialogState | None:
    """The dialogue, if it is at ``step``: a button from an earlier or later step is stale."""
    state = await dialogs.current(session)
    return state if state is not None and state.flow == FLOW and state.step == step else None


async def _jabatan_page_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    if await _state_at(session, "jabatan") is None:
        await stale_button(update, context)
        return
    await _ask_jabatan(update, session, number(parts, 0) or 0)


async def _jabatan_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    state = await _state_at(session, "jabatan")
    chosen = by_code(parts[0]) if parts else None
    if state is None or chosen is None:
        await stale_button(update, context)
        return
    await dialogs.save(session, DialogState(FLOW, "nik", {**state.data, "jabatan": chosen.code}))
    await reply(update, session.render("member_ask", step="nik"), [cancel_row()])


async def _nik_typed(
    update: Update, session: Session, official: Official, state: DialogState, text: str
) -> None:
    result = check_nik(text, today_jakarta())
    if not result.valid or result.nik is None:
        await reply(
            update,
            session.render("nik_invalid", problem=result.problem, digits=result.digits),
            [cancel_row()],
        )
        return
    cipher = session.services.cipher
    assert cipher is not None
    sealed = apparatus.seal(cipher, result.nik)
    duplicate = await apparatus.duplicate_of(session.services.db, sealed, official.village_code)
    if duplicate is not None:
        await reply(update, session.render("nik_duplicate", where=duplicate), [cancel_row()])
        return
    data = {
        **state.data,
        "nik": sealed.encrypted,
        "nik_index": sealed.index,
        "nik_masked": sealed.masked,
        "nik_warning": bool(result.warnings),
    }
    await dialogs.save(session, DialogState(FLOW, "status", data))
    rows: Keyboard = [
        [InlineKeyboardButton(f"{STATUS_ICONS[s]} {_(label)}", callback_data=pack(PREFIX, "st", s))]
        for s, label in STATUS_LABELS.items()
    ]
    await reply(
        update,
        session.render("member_ask", step="status", warning=bool(result.warnings)),
        [*rows, cancel_row()],
    )


async def _status_chosen(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    state = await _state_at(session, "status")
    if state is None or not parts or parts[0] not in STATUS_LABELS:
        await stale_button(update, context)
        return
    data = {**state.data, "status": parts[0]}
    if parts[0] == "belum":
        await _ask_phone(update, session, data)
        return
    await dialogs.save(session, DialogState(FLOW, "kpj", data))
    await reply(update, session.render("member_ask", step="kpj"), [_skip_row(), cancel_row()])


def _skip_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("⏭️ Lewati"), callback_data=pack(PREFIX, "skip"))]


async def _kpj_typed(
    update: Update, session: Session, official: Official, state: DialogState, text: str
) -> None:
    result = check_kpj(text)
    if not result.valid:
        await reply(
            update,
            session.render("kpj_invalid", problem=result.problem),
            [_skip_row(), cancel_row()],
        )
        return
    await _ask_phone(update, session, {**state.data, "kpj": result.kpj})


async def _ask_phone(update: Update, session: Session, data: dict[str, Any]) -> None:
    await dialogs.save(session, DialogState(FLOW, "phone", data))
    await reply(
        update, session.render("member_ask", step="phone"), [_skip_row(), cancel_row()], edit=False
    )


async def _phone_typed(
    update: Update, session: Session, official: Official, state: DialogState, text: str
) -> None:
    result = check_phone(text)
    if not result.valid or result.phone is None:
        await reply(
            update,
            session.render("phone_invalid", problem=result.problem),
            [_skip_row(), cancel_row()],
        )
        return
    cipher = session.services.cipher
    assert cipher is not None
    await _ask_confirm(update, session, {**state.data, "phone": cipher.encrypt(result.phone)})


async def _skip_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    state = await dialogs.current(session)
    if state is None or state.flow != FLOW or state.step not in ("kpj", "phone"):
        await stale_button(update, context)
        return
    if state.step == "kpj":
        await _ask_phone(update, session, state.data)
    else:
        await _ask_confirm(update, session, state.data)


async def _ask_confirm(update: Update, session: Session, data: dict[str, Any]) -> None:
    await dialogs.save(session, DialogState(FLOW, "confirm", data))
    rows: Keyboard = [
        [InlineKeyboardButton(_("💾 Simpan"), callback_data=pack(PREFIX, "save"))],
        cancel_row(),
    ]
    text = session.render(
        "member_confirm",
        name=data["name"],
        jabatan=jabatan_label(str(data["jabatan"]), session.lang),
        nik=data["nik_masked"],
        status=_(STATUS_LABELS[str(data["status"])]),
        kpj=data.get("kpj"),
        phone=bool(data.get("phone")),
    )
    await reply(update, text, rows, edit=False)


async def _save_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    state = await _state_at(session, "confirm")
    if state is None:  # saved already (pressed twice) or the dialogue was cancelled
        await stale_button(update, context)
        return
    data = state.data
    sealed = apparatus.SealedNik(str(data["nik"]), str(data["nik_index"]), str(data["nik_masked"]))
    new = apparatus.new_member(
        official.village_code,
        str(data["name"]),
        str(data["jabatan"]),
        sealed,
        str(data["status"]),
        data.get("kpj"),
        data.get("phone"),
        session.user.user_id,
    )
    await dialogs.end(session)
    try:
        await apparatus.save_member(session.services.db, new, session.user.user_id)
    except members.DuplicateNik as exc:
        where = "same_village" if exc.village_code == official.village_code else "other_village"
        await reply(update, session.render("nik_duplicate", where=where), [back_to_menu_row()])
        return
    rows: Keyboard = [
        [InlineKeyboardButton(_("➕ Tambah lagi"), callback_data=pack(PREFIX, "add"))],
        back_to_list_row(),
    ]
    await reply(update, session.render("member_saved", name=data["name"]), rows)


_BUTTONS = {
    "add": _add_button,
    "ok": _consent_button,  # "ok:imp" and "ok:edit:…" are routed to impor and ubah first
    "jp": _jabatan_page_button,
    "jab": _jabatan_button,
    "st": _status_chosen,
    "skip": _skip_button,
    "save": _save_button,
}
PATTERN = rf"^{PREFIX}:({'|'.join(_BUTTONS)})(:|$)"
on_button = route_buttons(_BUTTONS)
_TEXT_STEPS = {
    "name": _name_typed,
    "nik": _nik_typed,
    "kpj": _kpj_typed,
    "phone": _phone_typed,
}
