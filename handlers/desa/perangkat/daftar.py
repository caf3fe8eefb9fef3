"""/perangkat: the village apparatus — list, add (a dialogue), change status, remove, import.

Only the village's own officials may see or change its members; that is checked on the server
for the command and for every button. A NIK is encrypted the moment it is typed, shown masked,
and a short UU PDP notice is accepted before the first one is entered.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.domain import jabatan
from bot.domain.apparatus_sheet import (
    MAX_BYTES,
    ImportFileError,
    parse_upload,
    template_csv,
    template_xlsx,
)
from bot.domain.nik import check_kpj, check_nik, check_phone
from bot.platform.callback import pack, parse_int
from bot.platform.db import audit, consents, members, villages
from bot.platform.db.dialogs import DialogState
from bot.platform.db.villages import Official
from bot.platform.i18n import N_, _, localized
from bot.services import apparatus
from handlers.shared import dialogs
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.session import Keyboard, Session, acknowledge, begin, private_only, reply
from handlers.warga.iuran import today

PREFIX = "pr"
EDIT_PREFIX = "pe"  # one member's corrections: handlers/ubah.py
FLOW = "member"
IMPORT_FLOW = "import"
PAGE_SIZE = 8
JABATAN_PAGE = 8
MAX_NAME = 100
STATUS_ICONS = {"aktif": "🟢", "nonaktif": "🟡", "belum": "⚪"}
STATUS_LABELS = {"aktif": N_("Aktif"), "nonaktif": N_("Nonaktif"), "belum": N_("Belum terdaftar")}
_PARSING = asyncio.Semaphore(1)


async def official_or_refuse(update: Update, session: Session) -> Official | None:
    """The user's seat, when they are an official and in their private chat (names and NIKs
    are never shown to a group); else a reply that says why, and None."""
    if not await private_only(update, session):
        return None
    official = await villages.official(session.services.db, session.user.user_id)
    if official is None:
        await acknowledge(update)
        await reply(update, session.render("officials_only"), [back_to_menu_row()], edit=False)
    return official


def _number(parts: tuple[str, ...], index: int) -> int | None:
    """A non-negative number from callback data parts (ids, pages); None when forged."""
    value = parse_int(parts[index]) if index < len(parts) else None
    return value if value is not None and value >= 0 else None


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]


# --- list and detail ---------------------------------------------------------------------


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
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
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀️", callback_data=pack(PREFIX, "list", page - 1)))
    if (page + 1) * PAGE_SIZE < total:
        nav.append(InlineKeyboardButton("▶️", callback_data=pack(PREFIX, "list", page + 1)))
    rows += [
        nav,
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


def jabatan_label(code: str, lang: str) -> str:
    found = jabatan.by_code(code)
    return localized(found.label, lang) if found else code


async def show_member(
    update: Update,
    session: Session,
    official: Official,
    member_id: int,
    *,
    saved: bool = False,
    edit: bool = True,
) -> None:
    """One member's details with its status buttons; ``saved`` after a correction."""
    member = await members.get(session.services.db, member_id)
    if member is None or member.village_code != official.village_code:
        await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    rows: Keyboard = [
        [
            InlineKeyboardButton(
                f"{STATUS_ICONS[s]} {_(STATUS_LABELS[s])}",
                callback_data=pack(PREFIX, "ms", member.id, s),
            )
            for s in STATUS_LABELS
            if s != member.status
        ],
        [InlineKeyboardButton(_("✏️ Ubah data"), callback_data=pack(EDIT_PREFIX, "e", member.id))],
        [
            InlineKeyboardButton(
                _("🗑️ Hapus dari daftar"), callback_data=pack(PREFIX, "rm", member.id)
            )
        ],
        [InlineKeyboardButton(_("👥 Kembali ke daftar"), callback_data=pack(PREFIX, "list", 0))],
    ]
    text = session.render(
        "member_detail",
        member=member,
        jabatan=jabatan_label(member.jabatan, session.lang),
        status=_(STATUS_LABELS[member.status]),
        saved=saved,
    )
    await reply(update, text, rows, edit=edit)


def valid_name(text: str) -> bool:
    """A person's name as typed: some letters, at most MAX_NAME characters."""
    return bool(text) and len(text) <= MAX_NAME and any(ch.isalpha() for ch in text)


def jabatan_page(page: int) -> tuple[list[jabatan.Jabatan], bool]:
    """The positions on ``page`` of the jabatan keyboard, and whether more pages follow."""
    options = sorted(jabatan.JABATAN, key=lambda j: j.order)
    return options[page * JABATAN_PAGE : (page + 1) * JABATAN_PAGE], (
        page + 1
    ) * JABATAN_PAGE < len(options)


# --- buttons -----------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    official = await official_or_refuse(update, session)
    if official is None:
        return
    data = pressed(update)
    action = data.part(0)
    handler = _BUTTONS.get(action)
    if handler is None:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await handler(update, context, session, official, data.parts[1:])


async def _list_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    await _show_list(update, session, official, _number(parts, 0) or 0)


async def _member_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    member_id = _number(parts, 0)
    if member_id is None:
        await stale_button(update, context)
        return
    await show_member(update, session, official, member_id)


async def _status_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    member_id = _number(parts, 0)
    if member_id is None or len(parts) < 2 or parts[1] not in STATUS_LABELS:
        await stale_button(update, context)
        return
    db = session.services.db
    member = await members.get(db, member_id)
    if member is None or member.village_code != official.village_code:
        await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    kpj = member.kpj if parts[1] != "belum" else None
    await members.update_status(db, member.id, official.village_code, parts[1], kpj)
    await audit.record(
        db,
        session.user.user_id,
        "member.status",
        official.village_code,
        f"{member.nik_masked} {member.status}->{parts[1]}",
    )
    if parts[1] != "belum" and kpj is None:
        from handlers.desa.perangkat import ubah  # it builds on this module

        # Registered now, but with no card number on record: ask for it while at it.
        await show_member(update, session, official, member.id)
        await ubah.ask(update, session, member, "kpj")
        return
    await show_member(update, session, official, member.id)


async def _remove_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    member_id = _number(parts, 0)
    member = None if member_id is None else await members.get(session.services.db, member_id)
    if member is None or member.village_code != official.village_code:
        await reply(update, session.render("member_gone"), [back_to_menu_row()])
        return
    rows: Keyboard = [
        [InlineKeyboardButton(_("🗑️ Ya, hapus"), callback_data=pack(PREFIX, "rmy", member.id))],
        [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "m", member.id))],
    ]
    await reply(update, session.render("member_remove_confirm", member=member), rows)


async def _remove_confirmed(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    db = session.services.db
    member_id = _number(parts, 0)
    member = None if member_id is None else await members.get(db, member_id)
    if member is None or not await members.remove(db, member.id, official.village_code):
        await reply(update, session.render("member_gone"), [back_to_menu_row()])  # pressed twice
        return
    await audit.record(
        db, session.user.user_id, "member.remove", official.village_code, member.nik_masked
    )
    await reply(
        update,
        session.render("member_removed", name=member.name),
        [[InlineKeyboardButton(_("👥 Kembali ke daftar"), callback_data=pack(PREFIX, "list", 0))]],
    )


# --- adding a member: consent → name → jabatan → NIK → status → KPJ → phone → confirm ------


async def _add_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    if await personal_data_ready(update, session, "add"):
        await _ask_name(update, session)


async def personal_data_ready(update: Update, session: Session, *then: str | int) -> bool:
    """NIKs need the encryption key and, once per user, the UU PDP notice accepted first.

    ``then``: what "Saya setuju" goes on with: ("add",), ("imp",) or ("edit", member id,
    field).
    """
    if session.services.cipher is None:
        await reply(update, session.render("personal_data_disabled"), [back_to_menu_row()])
        return False
    if not await consents.has(session.services.db, session.user.user_id):
        rows: Keyboard = [
            # After the notice, go on with what the user asked for (add one, or import).
            [InlineKeyboardButton(_("✅ Saya setuju"), callback_data=pack(PREFIX, "ok", *then))],
            _cancel_row(),
        ]
        await reply(update, session.render("consent_notice"), rows)
        return False
    return True


async def _consent_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    await consents.give(session.services.db, session.user.user_id)
    await audit.record(session.services.db, session.user.user_id, "consent.personal_data")
    if parts and parts[0] == "imp":
        await _import_button(update, context, session, official, parts)
    elif parts and parts[0] == "edit" and (member_id := _number(parts, 1)) is not None:
        from handlers.desa.perangkat import ubah  # it builds on this module

        member = await members.get(session.services.db, member_id)
        if member is None or member.village_code != official.village_code:
            await reply(update, session.render("member_gone"), [back_to_menu_row()])
            return
        field = parts[2] if len(parts) > 2 and parts[2] in ubah.PERSONAL else "nik"
        await ubah.ask(update, session, member, field)
    else:
        await _ask_name(update, session)


async def _ask_name(update: Update, session: Session) -> None:
    await dialogs.save(session, DialogState(FLOW, "name", {}))
    await reply(update, session.render("member_ask", step="name"), [_cancel_row()])


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """Typed answers of the add dialogue; each step validates and keeps the step on bad input."""
    official = await official_or_refuse(update, session)
    if official is None:
        await dialogs.end(session)
        return
    text = ((update.effective_message.text if update.effective_message else "") or "").strip()
    step = _TEXT_STEPS.get(state.step)
    if step is None:  # a button step: remind which buttons to use
        await reply(update, session.render("member_use_buttons"), [_cancel_row()])
        return
    await step(update, session, official, state, text)


async def _name_typed(
    update: Update, session: Session, official: Official, state: DialogState, text: str
) -> None:
    if not valid_name(text):
        await reply(update, session.render("member_invalid", problem="name"), [_cancel_row()])
        return
    await dialogs.save(session, DialogState(FLOW, "jabatan", {**state.data, "name": text}))
    await _ask_jabatan(update, session, 0)


async def _ask_jabatan(update: Update, session: Session, page: int) -> None:
    shown, more = jabatan_page(page)
    rows: list[list[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton(
                localized(j.label, session.lang), callback_data=pack(PREFIX, "jab", j.code)
            )
        ]
        for j in shown
    ]
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀️", callback_data=pack(PREFIX, "jp", page - 1)))
    if more:
        nav.append(InlineKeyboardButton("▶️", callback_data=pack(PREFIX, "jp", page + 1)))
    await reply(
        update,
        session.render("member_ask", step="jabatan"),
        [*rows, nav, _cancel_row()],
        edit=False,
    )


async def _state_at(session: Session, step: str) -> DialogState | None:
    """The dialogue, if it is at ``step``: a button from an earlier or later step is stale."""
    state = await dialogs.current(session)
    return state if state is not None and state.flow == FLOW and state.step == step else None


async def _jabatan_page_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    if await _state_at(session, "jabatan") is None:
        await stale_button(update, context)
        return
    await _ask_jabatan(update, session, _number(parts, 0) or 0)


async def _jabatan_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    state = await _state_at(session, "jabatan")
    chosen = jabatan.by_code(parts[0]) if parts else None
    if state is None or chosen is None:
        await stale_button(update, context)
        return
    await dialogs.save(session, DialogState(FLOW, "nik", {**state.data, "jabatan": chosen.code}))
    await reply(update, session.render("member_ask", step="nik"), [_cancel_row()])


async def _nik_typed(
    update: Update, session: Session, official: Official, state: DialogState, text: str
) -> None:
    result = check_nik(text, today())
    if not result.valid or result.nik is None:
        await reply(
            update,
            session.render("nik_invalid", problem=result.problem, digits=result.digits),
            [_cancel_row()],
        )
        return
    cipher = session.services.cipher
    assert cipher is not None
    sealed = apparatus.seal(cipher, result.nik)
    duplicate = await apparatus.duplicate_of(session.services.db, sealed, official.village_code)
    if duplicate is not None:
        await reply(update, session.render("nik_duplicate", where=duplicate), [_cancel_row()])
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
        [*rows, _cancel_row()],
    )


async def _status_chosen(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
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
    await reply(update, session.render("member_ask", step="kpj"), [_skip_row(), _cancel_row()])


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
            [_skip_row(), _cancel_row()],
        )
        return
    await _ask_phone(update, session, {**state.data, "kpj": result.kpj})


async def _ask_phone(update: Update, session: Session, data: dict[str, Any]) -> None:
    await dialogs.save(session, DialogState(FLOW, "phone", data))
    await reply(
        update, session.render("member_ask", step="phone"), [_skip_row(), _cancel_row()], edit=False
    )


async def _phone_typed(
    update: Update, session: Session, official: Official, state: DialogState, text: str
) -> None:
    result = check_phone(text)
    if not result.valid or result.phone is None:
        await reply(
            update,
            session.render("phone_invalid", problem=result.problem),
            [_skip_row(), _cancel_row()],
        )
        return
    cipher = session.services.cipher
    assert cipher is not None
    await _ask_confirm(update, session, {**state.data, "phone": cipher.encrypt(result.phone)})


async def _skip_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
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
        _cancel_row(),
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
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    state = await _state_at(session, "confirm")
    if state is None:  # saved already (pressed twice) or the dialogue was cancelled
        await stale_button(update, context)
        return
    data, db = state.data, session.services.db
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
    try:
        await members.add(db, new)
    except members.DuplicateNik as exc:
        where = "same_village" if exc.village_code == official.village_code else "other_village"
        await dialogs.end(session)
        await reply(update, session.render("nik_duplicate", where=where), [back_to_menu_row()])
        return
    await dialogs.end(session)
    await audit.record(db, session.user.user_id, "member.add", official.village_code, sealed.masked)
    rows: Keyboard = [
        [InlineKeyboardButton(_("➕ Tambah lagi"), callback_data=pack(PREFIX, "add"))],
        [InlineKeyboardButton(_("👥 Kembali ke daftar"), callback_data=pack(PREFIX, "list", 0))],
    ]
    await reply(update, session.render("member_saved", name=data["name"]), rows)


async def _cancel_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    await dialogs.end(session)
    await reply(
        update,
        session.render("member_cancelled"),
        [[InlineKeyboardButton(_("👥 Kembali ke daftar"), callback_data=pack(PREFIX, "list", 0))]],
    )


# --- bulk import -------------------------------------------------------------------------


async def _import_button(
    update: Update, context: Any, session: Session, official: Official, parts: tuple[str, ...]
) -> None:
    if not await personal_data_ready(update, session, "imp"):
        return
    await dialogs.save(session, DialogState(IMPORT_FLOW, "file", {}))
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(template_xlsx(), filename="template-perangkat-desa.xlsx")
    await chat.send_document(template_csv(), filename="template-perangkat-desa.csv")
    await reply(update, session.render("import_instructions"), [_cancel_row()], edit=False)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file (or photo) when no dialogue waits for one: say where files are read."""
    session = await begin(update, context)
    message = update.effective_message
    template = "non_text" if message is not None and message.photo else "document_unexpected"
    await reply(update, session.render(template))


async def on_import_file(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The file sent while the import step is open."""
    message = update.effective_message
    official = await official_or_refuse(update, session)
    if official is None:
        await dialogs.end(session)
        return
    if message is None or message.document is None:  # a photo of the list cannot be read
        await reply(update, session.render("import_file_problem", code="unsupported_type"))
        return
    document = message.document
    if (document.file_size or 0) > MAX_BYTES:
        problem = session.render("import_file_problem", code="too_large", limit=MAX_BYTES)
        await reply(update, problem, [_cancel_row()])
        return
    content = bytes(await (await document.get_file()).download_as_bytearray())
    await _import_content(update, session, official, document.file_name or "", content)


async def _import_content(
    update: Update, session: Session, official: Official, name: str, content: bytes
) -> None:
    try:
        async with _PARSING:  # one file at a time: each may take seconds and ~100 MB
            # In a worker thread: parsing 5,000 rows takes seconds of CPU, and the event loop
            # must keep answering everyone else meanwhile.
            result = await asyncio.to_thread(parse_upload, name, content, today())
    except ImportFileError as exc:
        problem = session.render(
            "import_file_problem",
            code=exc.code,
            columns=exc.columns,
            limit=exc.limit,
            line=exc.line,
        )
        await reply(update, problem, [_cancel_row()])
        return
    if result.errors or not result.rows:
        await reply(
            update,
            session.render(
                "import_rejected",
                errors=result.errors[:20],
                total=len(result.errors),
                lines=result.total_lines,
            ),
            [_cancel_row()],
        )
        return
    cipher = session.services.cipher
    assert cipher is not None
    conflicts = await apparatus.import_rows(
        session.services.db, cipher, official.village_code, result.rows, session.user.user_id
    )
    if conflicts:
        await reply(
            update,
            session.render("import_conflicts", conflicts=conflicts[:20], total=len(conflicts)),
            [_cancel_row()],
        )
        return
    await dialogs.end(session)
    await audit.record(
        session.services.db,
        session.user.user_id,
        "member.import",
        official.village_code,
        str(len(result.rows)),
    )
    await reply(
        update,
        session.render("import_done", count=len(result.rows)),
        [[InlineKeyboardButton(_("👥 Lihat daftar"), callback_data=pack(PREFIX, "list", 0))]],
    )


async def on_import_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    await reply(update, session.render("import_instructions"), [_cancel_row()])


_BUTTONS = {
    "list": _list_button,
    "m": _member_button,
    "ms": _status_button,
    "rm": _remove_button,
    "rmy": _remove_confirmed,
    "add": _add_button,
    "ok": _consent_button,
    "jp": _jabatan_page_button,
    "jab": _jabatan_button,
    "st": _status_chosen,
    "skip": _skip_button,
    "save": _save_button,
    "x": _cancel_button,
    "imp": _import_button,
}
_TEXT_STEPS = {
    "name": _name_typed,
    "nik": _nik_typed,
    "kpj": _kpj_typed,
    "phone": _phone_typed,
}
