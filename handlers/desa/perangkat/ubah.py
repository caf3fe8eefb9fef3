"""/perangkat, one member: correcting a name, jabatan, NIK, KPJ or phone after saving.

Reached from a member's detail ("✏️ Ubah data"). One field at a time: the answer is checked
exactly as in the add dialogue (``handlers.desa.perangkat.daftar``), a new NIK is sealed the moment
it is
typed and checked for duplicates (the member's own NIK excepted), and every change is audited
with masked values only. Rights are checked on the server for every button and typed answer:
only an official of the member's own village may edit, and the member id in the callback data
is never trusted without that check.

When a member's status turns registered (aktif/nonaktif) and no KPJ is recorded, the KPJ is
asked for right away ("Lewati" keeps it empty), since the registry is where officers look it up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.domain import jabatan
from bot.domain.nik import check_kpj, check_nik, check_phone
from bot.platform.callback import pack, parse_id, parse_int
from bot.platform.db import audit, members
from bot.platform.db.dialogs import DialogState
from bot.platform.db.members import Member
from bot.platform.db.villages import Official
from bot.platform.i18n import N_, _, localized
from bot.services import apparatus as sealing
from handlers.desa.perangkat import daftar
from handlers.shared import dialogs
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.session import Keyboard, Session, acknowledge, begin, reply
from handlers.warga.iuran import today

PREFIX = daftar.EDIT_PREFIX  # pe:<action>:<member id>[:<value>]
FLOW = "member_edit"
FIELD_LABELS = {
    "name": N_("Nama"),
    "jabatan": N_("Jabatan"),
    "nik": N_("NIK"),
    "kpj": N_("Nomor KPJ"),
    "phone": N_("Nomor HP"),
}
TYPED = ("name", "nik", "kpj", "phone")  # the others are chosen with buttons
CLEARABLE = ("kpj", "phone")  # optional fields: "Kosongkan" removes them
PERSONAL = ("nik", "phone")  # personal data: the key and the user's consent come first


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    official = await daftar.official_or_refuse(update, session)
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
            await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    await acknowledge(update)
    await handler(update, session, official, member, data.parts[2:])


async def _own_member(session: Session, official: Official, raw_id: str | None) -> Member | None:
    member_id = parse_id(raw_id or "")
    if member_id is None:
        return None
    member = await members.get(session.services.db, member_id)
    return member if member is not None and member.village_code == official.village_code else None


# --- the menu and the questions ------------------------------------------------------------


async def _menu(
    update: Update, session: Session, official: Official, member: Member, parts: tuple[str, ...]
) -> None:
    await dialogs.end_flow(session, FLOW)  # back at the menu: a half-typed correction is dropped
    rows: Keyboard = [
        *(
            [InlineKeyboardButton(f"✏️ {_(label)}", callback_data=pack(PREFIX, "f", member.id, f))]
            for f, label in FIELD_LABELS.items()
        ),
        [InlineKeyboardButton(_("◀️ Kembali"), callback_data=pack(daftar.PREFIX, "m", member.id))],
    ]
    text = session.render(
        "member_edit_menu",
        member=member,
        jabatan=daftar.jabatan_label(member.jabatan, session.lang),
    )
    await reply(update, text, rows)


async def _field(
    update: Update, session: Session, official: Official, member: Member, parts: tuple[str, ...]
) -> None:
    field = parts[0] if parts else ""
    if field == "jabatan":
        await _ask_jabatan(update, session, member, 0)
        return
    if field not in TYPED:
        await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    if field in PERSONAL and not await daftar.personal_data_ready(
        update, session, "edit", member.id, field
    ):
        return  # the UU PDP notice first; "Saya setuju" comes back to this question
    await ask(update, session, member, field)


async def ask(update: Update, session: Session, member: Member, field: str) -> None:
    """Wait for a typed ``field`` of ``member`` (also used after a status change, for the KPJ)."""
    await dialogs.save(session, DialogState(FLOW, field, {"member": member.id}))
    rows: list[list[InlineKeyboardButton]] = []
    if field in CLEARABLE:
        rows.append(
            [
                InlineKeyboardButton(
                    _("🧹 Kosongkan"), callback_data=pack(PREFIX, "clr", member.id, field)
                ),
                InlineKeyboardButton(
                    _("⏭️ Lewati"), callback_data=pack(daftar.PREFIX, "m", member.id)
                ),
            ]
        )
    rows.append(_back_row(member))
    text = session.render("member_edit_ask", field=field, name=member.name)
    await reply(update, text, rows, edit=False)


def _back_row(member: Member) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "e", member.id))]


async def _ask_jabatan(update: Update, session: Session, member: Member, page: int) -> None:
    shown, more = daftar.jabatan_page(page)
    rows: Keyboard = [
        [
            InlineKeyboardButton(
                localized(j.label, session.lang), callback_data=pack(PREFIX, "j", member.id, j.code)
            )
        ]
        for j in shown
    ]
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀️", callback_data=pack(PREFIX, "jp", member.id, page - 1)))
    if more:
        nav.append(InlineKeyboardButton("▶️", callback_data=pack(PREFIX, "jp", member.id, page + 1)))
    text = session.render("member_edit_ask", field="jabatan", name=member.name)
    await reply(update, text, [*rows, nav, _back_row(member)])


async def _jabatan_page(
    update: Update, session: Session, official: Official, member: Member, parts: tuple[str, ...]
) -> None:
    page = max(parse_int(parts[0]) or 0, 0) if parts else 0
    await _ask_jabatan(update, session, member, page)


async def _jabatan_chosen(
    update: Update, session: Session, official: Official, member: Member, parts: tuple[str, ...]
) -> None:
    chosen = jabatan.by_code(parts[0]) if parts else None
    if chosen is None:
        await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    await _save(update, session, official, member, "jabatan", {"jabatan": chosen.code}, "")


async def _clear(
    update: Update, session: Session, official: Official, member: Member, parts: tuple[str, ...]
) -> None:
    field = parts[0] if parts else ""
    if field not in CLEARABLE:
        await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    column = "kpj" if field == "kpj" else "phone_encrypted"
    await _save(update, session, official, member, field, {column: None}, "cleared")


# --- typed answers -------------------------------------------------------------------------


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    official = await daftar.official_or_refuse(update, session)
    member = (
        await _own_member(session, official, str(state.data.get("member", "")))
        if official is not None
        else None
    )
    if official is None or member is None or state.step not in TYPED:
        await dialogs.end(session)
        if official is not None:
            await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    text = ((update.effective_message.text if update.effective_message else "") or "").strip()
    await _TYPED_STEPS[state.step](update, session, official, member, text)


async def _name_typed(
    update: Update, session: Session, official: Official, member: Member, text: str
) -> None:
    if not daftar.valid_name(text):
        await _invalid(update, session, member, "member_invalid", problem="name")
        return
    await _save(update, session, official, member, "name", {"name": text}, "")


async def _nik_typed(
    update: Update, session: Session, official: Official, member: Member, text: str
) -> None:
    result = check_nik(text, today())
    if not result.valid or result.nik is None:
        await _invalid(
            update, session, member, "nik_invalid", problem=result.problem, digits=result.digits
        )
        return
    cipher = session.services.cipher
    assert cipher is not None  # personal_data_ready checked the key before asking
    sealed = sealing.seal(cipher, result.nik)
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
        await _invalid(update, session, member, "kpj_invalid", problem=result.problem)
        return
    await _save(update, session, official, member, "kpj", {"kpj": result.kpj}, "")


async def _phone_typed(
    update: Update, session: Session, official: Official, member: Member, text: str
) -> None:
    result = check_phone(text)
    if not result.valid or result.phone is None:
        await _invalid(update, session, member, "phone_invalid", problem=result.problem)
        return
    cipher = session.services.cipher
    if cipher is None:  # phones are personal data too: never stored in clear
        await dialogs.end(session)
        await reply(update, session.render("personal_data_disabled"), [back_to_menu_row()])
        return
    changes = {"phone_encrypted": cipher.encrypt(result.phone)}
    await _save(update, session, official, member, "phone", changes, "")


async def _invalid(
    update: Update, session: Session, member: Member, template: str, **context: Any
) -> None:
    """Say what is wrong; the question stays open for another try."""
    await reply(update, session.render(template, **context), [_back_row(member)])


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
    db = session.services.db
    try:
        changed = await members.update_fields(db, member.id, official.village_code, changes)
    except members.DuplicateNik as exc:
        where = "same_village" if exc.village_code == official.village_code else "other_village"
        await reply(update, session.render("nik_duplicate", where=where), [_back_row(member)])
        return  # the question stays open: another NIK may be typed
    await dialogs.end(session)
    if not changed:
        await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    # Masked values only: the audit log must not become a copy of the personal data.
    note = f"{member.nik_masked} {field}" + (f" {detail}" if detail else "")
    await audit.record(db, session.user.user_id, "member.edit", official.village_code, note)
    await daftar.show_member(update, session, official, member.id, saved=True, edit=False)


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
