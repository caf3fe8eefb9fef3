"""/perangkat, one member: correcting a name, jabatan, NIK, KPJ or phone after saving.

Reached from a member's detail ("✏️ Ubah data"). One field at a time: the answer is checked
exactly as in the add dialogue (``handlers.desa.perangkat.tambah``), a new NIK is sealed the
moment it is typed and checked for duplicates (the member's own NIK excepted), and every change
is saved with its audit row (masked values only) by ``bot.services.apparatus``. Rights are
checked on the server for every button and typed answer: only an official of the member's own
village may edit, and the member id in the callback data is never trusted without that check.

When a member's status turns registered (aktif/nonaktif) and no KPJ is recorded, the KPJ is
asked for right away ("Lewati" keeps it empty), since the registry is where officers look it up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, Update

from bot.domain import jabatan
from bot.domain.dates import today_jakarta
from bot.domain.nik import check_kpj, check_nik, check_phone
from bot.platform.callback import pack, parse_id, parse_int, pattern
from bot.platform.db import members
from bot.platform.db.dialogs import DialogState
from bot.platform.db.members import Member
from bot.platform.db.villages import Official
from bot.platform.i18n import N_, _
from bot.services import apparatus
from handlers.desa.perangkat._common import (
    CLEARABLE,
    EDIT_FLOW,
    EDIT_PREFIX,
    PREFIX,
    Parts,
    ask_correction,
    correction_rows,
    edit_back_row,
    jabatan_label,
    jabatan_rows,
    number,
    official_or_refuse,
    personal_data_ready,
    reply_gone,
    show_member,
    valid_name,
)
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.session import Keyboard, Session, acknowledge, reply

FLOW = EDIT_FLOW
FIELD_LABELS = {
    "name": N_("Nama"),
    "jabatan": N_("Jabatan"),
    "nik": N_("NIK"),
    "kpj": N_("Nomor KPJ"),
    "phone": N_("Nomor HP"),
}
TYPED = ("name", "nik", "kpj", "phone")  # the others are chosen with buttons
PERSONAL = ("nik", "phone")  # personal data: the key and the user's consent come first


async def on_button(update: Update, context: BotContext) -> None:
    session = context.session
    official = await official_or_refuse(update, session)
    if official is None:
        return
    data = pressed(update)
    handler = _BUTTONS.get(data.part(0))
    member = await _own_member(session, official, data.part(1))
    if handler is None or member is None:
        await acknowledge(update)
        if handler is None:
            await stale_button(update, context)
        else:  # removed meanwhile, or not of this official's village
            await reply_gone(update, session)
        return
    await acknowledge(update)
    await handler(update, session, official, member, data.parts[2:])


async def on_consent(update: Update, context: BotContext) -> None:
    """ "Saya setuju" under the UU PDP notice shown before a NIK or phone correction
    (``pr:ok:edit:<member>:<field>``): then that field's question."""
    session = context.session
    official = await official_or_refuse(update, session)
    if official is None:
        return
    await acknowledge(update)
    parts = pressed(update).parts[2:]
    await apparatus.accept_personal_data_notice(session.services.db, session.user.user_id)
    member_id = number(parts, 0)
    member = (
        None
        if member_id is None
        else await apparatus.own_member(session.services.db, member_id, official.village_code)
    )
    if member is None:
        await reply_gone(update, session)
        return
    field = parts[1] if len(parts) > 1 and parts[1] in PERSONAL else "nik"
    await ask_correction(update, session, member, field)


async def _own_member(session: Session, official: Official, raw_id: str | None) -> Member | None:
    member_id = parse_id(raw_id or "")
    if member_id is None:
        return None
    return await apparatus.own_member(session.services.db, member_id, official.village_code)


# --- the menu and the questions ------------------------------------------------------------


async def _menu(
    update: Update, session: Session, official: Official, member: Member, parts: Parts
) -> None:
    await dialogs.end_flow(session, FLOW)  # back at the menu: a half-typed correction is dropped
    rows: Keyboard = [
        *(
            [
                InlineKeyboardButton(
                    f"✏️ {_(label)}", callback_data=pack(EDIT_PREFIX, "f", member.id, f)
                )
            ]
            for f, label in FIELD_LABELS.items()
        ),
        [InlineKeyboardButton(_("◀️ Kembali"), callback_data=pack(PREFIX, "m", member.id))],
    ]
    text = session.render(
        "member_edit_menu",
        member=member,
        jabatan=jabatan_label(member.jabatan, session.lang),
    )
    await reply(update, text, rows)


async def _field(
    update: Update, session: Session, official: Official, member: Member, parts: Parts
) -> None:
    field = parts[0] if parts else ""
    if field == "jabatan":
        await _ask_jabatan(update, session, member, 0)
        return
    if field not in TYPED:
        await reply_gone(update, session)
        return
    if field in PERSONAL and not await personal_data_ready(
        update, session, "edit", member.id, field
    ):
        return  # the UU PDP notice first; "Saya setuju" comes back to this question
    await ask_correction(update, session, member, field)


async def _ask_jabatan(update: Update, session: Session, member: Member, page: int) -> None:
    rows = jabatan_rows(session.lang, page, EDIT_PREFIX, "j", "jp", member.id)
    text = session.render("member_edit_ask", field="jabatan", name=member.name)
    await reply(update, text, [*rows, edit_back_row(member)])


async def _jabatan_page(
    update: Update, session: Session, official: Official, member: Member, parts: Parts
) -> None:
    page = max(parse_int(parts[0]) or 0, 0) if parts else 0
    await _ask_jabatan(update, session, member, page)


async def _jabatan_chosen(
    update: Update, session: Session, official: Official, member: Member, parts: Parts
) -> None:
    chosen = jabatan.by_code(parts[0]) if parts else None
    if chosen is None:
        await reply_gone(update, session)
        return
    await _save(update, session, official, member, "jabatan", {"jabatan": chosen.code}, "")


async def _clear(
    update: Update, session: Session, official: Official, member: Member, parts: Parts
) -> None:
    field = parts[0] if parts else ""
    if field not in CLEARABLE:
        await reply_gone(update, session)
        return
    column = "kpj" if field == "kpj" else "phone_encrypted"
    await _save(update, session, official, member, field, {column: None}, "cleared")


# --- typed answers -------------------------------------------------------------------------


async def on_text(
    update: Update, context: BotContext, session: Session, state: DialogState
) -> None:
    official = await official_or_refuse(update, session)
    member = (
        await _own_member(session, official, str(state.data.get("member", "")))
        if official is not None
        else None
    )
    if official is None or member is None or state.step not in TYPED:
        await dialogs.end(session)
        if official is not None:
            await reply_gone(update, session)
        return
    text = ((update.effective_message.text if update.effective_message else "") or "").strip()
    await _TYPED_STEPS[state.step](update, session, official, member, text)


async def _name_typed(
    update: Update, session: Session, official: Official, member: Member, text: str
) -> None:
    if not valid_name(text):
        await _invalid(update, session, member, "name", "member_invalid", problem="name")
        return
    await _save(update, session, official, member, "name", {"name": text}, "")


async def _nik_typed(
    update: Update, session: Session, official: Official, member: Member, text: str
) -> None:
    result = check_nik(text, today_jakarta())
    if not result.valid or result.nik is None:
        await _invalid(
            update,
            session,
            member,
            "nik",
            "nik_invalid",
            problem=result.problem,
            digits=result.digits,
        )
        return
    cipher = session.services.cipher
    assert cipher is not None  # personal_data_ready checked the key before asking
    sealed = apparatus.seal(cipher, result.nik)
    changes = {
        "nik_encrypted": sealed.encrypted,
        "nik_index": sealed.index,
        "nik_masked": sealed.masked,
    }
    await _save(update, session, official, member, "nik", changes, sealed.masked)


async def _kpj_typed(
    update: Update, session: Session, official: Official, member: Member, text: str
) -> None:
    result = check_kpj(text)
    if not result.valid:
        await _invalid(update, session, member, "kpj", "kpj_invalid", problem=result.problem)
        return
    await _save(update, session, official, member, "kpj", {"kpj": result.kpj}, "")


async def _phone_typed(
    update: Update, session: Session, official: Official, member: Member, text: str
) -> None:
    result = check_phone(text)
    if not result.valid or result.phone is None:
        await _invalid(update, session, member, "phone", "phone_invalid", problem=result.problem)
        return
    cipher = session.services.cipher
    if cipher is None:  # phones are personal data too: never stored in clear
        await dialogs.end(session)
        await reply(update, session.render("personal_data_disabled"), [back_to_menu_row()])
        return
    changes = {"phone_encrypted": cipher.encrypt(result.phone)}
    await _save(update, session, official, member, "phone", changes, "")


async def _invalid(
    update: Update,
    session: Session,
    member: Member,
    field: str,
    template: str,
    **context: Any,
) -> None:
    """Say what is wrong; the question of ``field`` stays open for another try, with its
    buttons."""
    await reply(update, session.render(template, **context), correction_rows(member, field))


# --- saving --------------------------------------------------------------------------------


async def _save(
    update: Update,
    session: Session,
    official: Official,
    member: Member,
    field: str,
    changes: Mapping[str, object],
    detail: str,
) -> None:
    # Masked values only: the audit log must not become a copy of the personal data.
    note = f"{member.nik_masked} {field}" + (f" {detail}" if detail else "")
    try:
        changed = await apparatus.correct_member(
            session.services.db, member, official.village_code, changes, note, session.user.user_id
        )
    except members.DuplicateNik as exc:
        where = "same_village" if exc.village_code == official.village_code else "other_village"
        await reply(update, session.render("nik_duplicate", where=where), [edit_back_row(member)])
        return  # the question stays open: another NIK may be typed
    await dialogs.end(session)
    if not changed:
        await reply_gone(update, session)
        return
    await show_member(update, session, official, member.id, saved=True, edit=False)


_BUTTONS = {
    "e": _menu,
    "f": _field,
    "jp": _jabatan_page,
    "j": _jabatan_chosen,
    "clr": _clear,
}
_TYPED_STEPS = {
    "name": _name_typed,
    "nik": _nik_typed,
    "kpj": _kpj_typed,
    "phone": _phone_typed,
}
PATTERN = pattern(EDIT_PREFIX)
CONSENT_PATTERN = rf"^{PREFIX}:ok:edit(:|$)"
