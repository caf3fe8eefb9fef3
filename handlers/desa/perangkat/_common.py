"""What the /perangkat screens share: the official's seat, a member's detail screen, the
jabatan keyboard, the UU PDP notice before personal data, and the rows every step ends with.

Rights: the guards at registration keep these screens in the private chat (names and NIKs are
never shown to a group); the seat is checked here, on the server, for every update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from telegram import InlineKeyboardButton, Update

from bot.domain import jabatan
from bot.platform.callback import pack, parse_int
from bot.platform.db import consents
from bot.platform.db.dialogs import DialogState
from bot.platform.db.members import Member
from bot.platform.db.villages import Official
from bot.platform.i18n import N_, _, localized
from bot.services import apparatus
from bot.services.officials import seat_of
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pager_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PREFIX = Prefix.APPARATUS  # pr:<action>[:…] list, detail, add, status, remove, import
EDIT_PREFIX = Prefix.APPARATUS_EDIT  # pe:<action>:<member>[:<value>] corrections
EDIT_FLOW = "member_edit"
ADD_FLOW = "member"
IMPORT_FLOW = "import"
# Back at the list or at a member's screen, the half-typed add, import or correction is left:
# a number typed next must not land in the member the user walked away from.
APPARATUS_FLOWS = (EDIT_FLOW, ADD_FLOW, IMPORT_FLOW)
JABATAN_PAGE = 8
MAX_NAME = 100
STATUS_ICONS = {"aktif": "🟢", "nonaktif": "🟡", "belum": "⚪"}
STATUS_LABELS = {"aktif": N_("Aktif"), "nonaktif": N_("Nonaktif"), "belum": N_("Belum terdaftar")}
CLEARABLE = ("kpj", "phone")  # optional fields: "Kosongkan" removes them

Parts = tuple[str, ...]
Action = Callable[[Update, BotContext, Session, Official, Parts], Awaitable[None]]


async def official_or_refuse(update: Update, session: Session) -> Official | None:
    """The user's seat in a village; else a reply that says why, and None."""
    official = await seat_of(session.services.db, session.user.user_id)
    if official is None:
        await acknowledge(update)
        await reply(update, session.render("officials_only"), [back_to_menu_row()], edit=False)
    return official


def route_buttons(
    actions: Mapping[str, Action],
) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """One callback for a module's ``pr:<action>`` buttons: the seat first, then the action."""

    async def on_button(update: Update, context: BotContext) -> None:
        session = context.session
        official = await official_or_refuse(update, session)
        if official is None:
            return
        data = pressed(update)
        action = actions.get(data.part(0))
        if action is None:
            await stale_button(update, context)
            return
        await acknowledge(update)
        await action(update, context, session, official, data.parts[1:])

    return on_button


def number(parts: Parts, index: int) -> int | None:
    """A non-negative number from callback data parts (ids, pages); None when forged."""
    value = parse_int(parts[index]) if index < len(parts) else None
    return value if value is not None and value >= 0 else None


def cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]


def back_to_list_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("👥 Kembali ke daftar"), callback_data=pack(PREFIX, "list", 0))]


def jabatan_label(code: str, lang: str) -> str:
    found = jabatan.by_code(code)
    return localized(found.label, lang) if found else code


def jabatan_page(page: int) -> tuple[list[jabatan.Jabatan], bool]:
    """The positions on ``page`` of the jabatan keyboard, and whether more pages follow."""
    options = sorted(jabatan.JABATAN, key=lambda j: j.order)
    return options[page * JABATAN_PAGE : (page + 1) * JABATAN_PAGE], (
        page + 1
    ) * JABATAN_PAGE < len(options)


def jabatan_rows(
    lang: str, page: int, prefix: str, choose: str, turn: str, *parts: str | int
) -> Keyboard:
    """One button per position (``prefix:choose:*parts:code``), then the pager row."""
    shown, more = jabatan_page(page)
    rows: list[list[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton(
                localized(j.label, lang), callback_data=pack(prefix, choose, *parts, j.code)
            )
        ]
        for j in shown
    ]
    return [*rows, pager_row(prefix, turn, *parts, page=page, has_next=more)]


def valid_name(text: str) -> bool:
    """A person's name as typed: some letters, at most MAX_NAME characters."""
    return bool(text) and len(text) <= MAX_NAME and any(ch.isalpha() for ch in text)


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
    member = await apparatus.own_member(session.services.db, member_id, official.village_code)
    if member is None:
        await reply_gone(update, session)
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
        back_to_list_row(),
    ]
    text = session.render(
        "member_detail",
        member=member,
        jabatan=jabatan_label(member.jabatan, session.lang),
        status=_(STATUS_LABELS[member.status]),
        saved=saved,
    )
    await reply(update, text, rows, edit=edit)


async def reply_gone(update: Update, session: Session) -> None:
    """The member was removed meanwhile, or is not of this official's village."""
    await reply(update, session.render("member_gone"), [back_to_menu_row()])


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
            cancel_row(),
        ]
        await reply(update, session.render("consent_notice"), rows)
        return False
    return True


async def ask_correction(update: Update, session: Session, member: Member, field: str) -> None:
    """Wait for a typed ``field`` of ``member``: a correction, or the KPJ right after a status
    turned registered (the registry is where officers look it up)."""
    await dialogs.save(session, DialogState(EDIT_FLOW, field, {"member": member.id}))
    text = session.render("member_edit_ask", field=field, name=member.name)
    await reply(update, text, correction_rows(member, field), edit=False)


def correction_rows(member: Member, field: str) -> Keyboard:
    """Under a correction's question and under every retry of it (the retry says "tekan
    Lewati"): skip an optional field, clear it when there is something to clear, go back."""
    row: list[InlineKeyboardButton] = []
    recorded = bool(member.kpj) if field == "kpj" else member.has_phone
    if field in CLEARABLE and recorded:
        clear = pack(EDIT_PREFIX, "clr", member.id, field)
        row.append(InlineKeyboardButton(_("🧹 Kosongkan"), callback_data=clear))
    if field in CLEARABLE:
        row.append(InlineKeyboardButton(_("⏭️ Lewati"), callback_data=pack(PREFIX, "m", member.id)))
    return [row, edit_back_row(member)] if row else [edit_back_row(member)]


def edit_back_row(member: Member) -> list[InlineKeyboardButton]:
    """Back to the member's corrections menu (ends a half-typed correction)."""
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(EDIT_PREFIX, "e", member.id))]
