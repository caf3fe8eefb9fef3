"""/petugas (admins): add an officer by user id or a forwarded message, set their kab/kota
scope (typed by name or code, or picked from the list), the office that signs their
announcements, change or remove them. Every change goes to the audit log.

The admin role and the private chat (officers' ids and scopes stay private) are checked by
the guards where the command and buttons are registered; typed steps check the role again.
A granted or removed role rewrites the officer's "/" command list at once
(bot/services/command_menus.py); an officer who never opened the bot has no chat for it, and
the admin is told, because notices to them would fail too.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Bot, InlineKeyboardButton, MessageOriginUser, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack, parse_id
from bot.platform.db import audit, officers, users
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import _
from bot.services import command_menus, regions
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.region_picker import Purpose, open_picker, open_search, take_kept
from handlers.shared.session import Keyboard, Session, acknowledge, reply

# ptg:add · ptg:edit:<user> · ptg:rm:<user> · ptg:pick · ptg:save · ptg:office:<user> · ptg:x
PREFIX = Prefix.OFFICERS
FLOW = "officer"
PURPOSE_SCOPE = Purpose("ptg", frozenset({2}))  # an officer works in whole kab/kota
_KAB_CODE = re.compile(r"\b\d{2}\.\d{2}\b")


async def command(update: Update, context: BotContext) -> None:
    """/petugas and "Batal": the officers and their scopes."""
    session = context.session
    await acknowledge(update)
    await dialogs.end(session)
    db = session.services.db
    listed = [
        (user_id, name, [regions.short_label(await regions.path(db, c)) for c in codes], office)
        for user_id, name, codes, office in await officers.list_officers(db)
    ]
    rows = [
        [InlineKeyboardButton(f"✏️ {name}", callback_data=pack(PREFIX, "edit", user_id))]
        for user_id, name, _codes, _office in listed
    ]
    rows.append([InlineKeyboardButton(_("➕ Tambah petugas"), callback_data=pack(PREFIX, "add"))])
    sender = session.services.settings.sender
    text = session.render("officers_list", officers=listed, sender=sender)
    await reply(update, text, [*rows, back_to_menu_row()])


async def on_button(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    action, target = data.part(0), parse_id(data.part(1))
    await acknowledge(update)
    if action == "add":
        await dialogs.save(session, DialogState(FLOW, "who", {}))
        await reply(update, session.render("officer_ask", step="who"), [_cancel_row()])
    elif action == "edit" and target:
        await _ask_scope(update, session, target, edit=True)
    elif action == "rm" and target:
        await _confirm_remove(update, session, target)
    elif action == "rmy" and target:
        await _remove(update, context, target)
    elif action == "office" and target:
        await dialogs.save(session, DialogState(FLOW, "office", {"user_id": target}))
        await reply(update, session.render("officer_ask", step="office"), [_cancel_row()])
    elif action in ("pick", "save", "back"):
        await _scope_button(update, context, action)
    elif action == "x":
        await dialogs.end(session)
        await command(update, context)
    else:
        await stale_button(update, context)


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]


async def _ask_scope(update: Update, session: Session, user_id: int, *, edit: bool) -> None:
    """The scope step: type kab/kota names or codes, or pick them from the list."""
    await dialogs.save(session, DialogState(FLOW, "scope", {"user_id": user_id, "codes": []}))
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(_("📋 Pilih dari daftar"), callback_data=pack(PREFIX, "pick"))]
    ]
    if edit:
        rows.append(
            [
                InlineKeyboardButton(
                    _("🏢 Kantor pengirim"), callback_data=pack(PREFIX, "office", user_id)
                )
            ]
        )
        rows.append(
            [
                InlineKeyboardButton(
                    _("🗑️ Cabut peran petugas"), callback_data=pack(PREFIX, "rm", user_id)
                )
            ]
        )
    current = await _current(session, user_id) if edit else None
    text = session.render("officer_ask", step="scope", current=current)
    await reply(update, text, [*rows, _cancel_row()])


async def _current(session: Session, user_id: int) -> dict[str, Any]:
    """Who is being edited and where they work now: the new scope replaces it."""
    db = session.services.db
    user = await users.get(db, user_id)
    codes = sorted((await officers.scope_of(db, user_id)).kab_codes)
    scope = [regions.short_label(await regions.path(db, c)) for c in codes]
    return {"name": user.display_name if user else str(user_id), "scope": scope}


async def _scope_button(update: Update, context: BotContext, action: str) -> None:
    session = context.session
    state = await take_kept(session, FLOW)
    if state is None or state.step != "scope":  # saved or cancelled meanwhile
        await stale_button(update, context)
        return
    if action == "pick":
        back = pack(PREFIX, "back")
        await open_picker(update, session, PURPOSE_SCOPE, keep=state, back=back)
    elif action == "save" and state.data.get("codes"):
        await _save_scope(
            update, context.bot, session, state, [str(c) for c in state.data["codes"]]
        )
    else:
        await _show_pending(update, session, state)


async def _confirm_remove(update: Update, session: Session, user_id: int) -> None:
    """One tap under the scope question must not take an officer's rights away: ask first."""
    await dialogs.end(session)
    rows = [
        [
            InlineKeyboardButton(
                _("🗑️ Ya, cabut perannya"), callback_data=pack(PREFIX, "rmy", user_id)
            )
        ],
        _cancel_row(),
    ]
    current = await _current(session, user_id)
    await reply(update, session.render("officer_remove_ask", **current), rows)


async def _remove(update: Update, context: BotContext, user_id: int) -> None:
    session = context.session
    await dialogs.end(session)
    removed = await officers.remove_officer(session.services.db, user_id)
    if removed:
        await audit.record(
            session.services.db, session.user.user_id, "officer.remove", str(user_id)
        )
        await command_menus.publish_for(context.bot, session.services, user_id)
    await reply(update, session.render("officer_removed", removed=removed), _after_rows())


def _after_rows() -> Keyboard:
    back = [InlineKeyboardButton(_("◀️ Daftar petugas"), callback_data=pack(PREFIX, "x"))]
    return [back, back_to_menu_row()]


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The typed user id or forwarded message, the scope, the office (steps of FLOW)."""
    if state.step == "who":
        await _who_given(update, session)
    elif state.step == "office":
        await _office_given(update, session, int(state.data["user_id"]))
    else:
        await _scope_given(update, context, session, state)


async def _who_given(update: Update, session: Session) -> None:
    message = update.effective_message
    origin = message.forward_origin if message else None
    text = (message.text if message else "") or ""
    if isinstance(origin, MessageOriginUser):
        user_id, name = origin.sender_user.id, origin.sender_user.full_name
    elif (typed := parse_id(text)) is not None:
        user_id, name = typed, ""
    else:
        await reply(update, session.render("officer_invalid", problem="who"), [_cancel_row()])
        return
    existing = await users.get(session.services.db, user_id)
    if existing is None:  # not started the bot yet: a row so the scope can hang on it
        await users.register(session.services.db, user_id, name or f"Petugas {user_id}", "id")
    await _ask_scope(update, session, user_id, edit=False)


async def _scope_given(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """Codes ("35.05, 35.72") are saved at once; a name is looked up like in the picker."""
    text = (update.effective_message.text if update.effective_message else "") or ""
    codes = sorted(set(_KAB_CODE.findall(text)))
    if not codes:
        await open_search(
            update, session, PURPOSE_SCOPE, text, keep=state, back=pack(PREFIX, "back")
        )
        return
    db = session.services.db
    known = [c for c in codes if (r := await regions.get(db, c)) is not None and r.level == 2]
    if len(known) != len(codes):
        unknown = [c for c in codes if c not in known]
        await reply(
            update,
            session.render("officer_invalid", problem="scope", unknown=unknown),
            [_cancel_row()],
        )
        return
    await _save_scope(update, context.bot, session, state, known)


async def kab_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    """The region picker's answer: one more kab/kota for the officer being edited."""
    if not session.services.is_admin(session.user):  # the picker is shared with villagers
        await reply(update, session.render("admin_only"))
        return
    state = await take_kept(session, FLOW)
    if state is None or state.step != "scope":
        await reply(update, session.render("stale_button"), [back_to_menu_row()])
        return
    codes = sorted({*[str(c) for c in state.data.get("codes", [])], code})
    state = DialogState(FLOW, "scope", {**state.data, "codes": codes})
    await dialogs.save(session, state)
    await _show_pending(update, session, state)


async def _show_pending(update: Update, session: Session, state: DialogState) -> None:
    """The kab/kota chosen so far: save them, or add another."""
    db = session.services.db
    codes = [str(c) for c in state.data.get("codes", [])]
    names = [regions.short_label(await regions.path(db, c)) for c in codes]
    rows: list[list[InlineKeyboardButton]] = []
    if codes:
        rows.append([InlineKeyboardButton(_("✅ Simpan"), callback_data=pack(PREFIX, "save"))])
    rows.append(
        [InlineKeyboardButton(_("➕ Tambah kab/kota lain"), callback_data=pack(PREFIX, "pick"))]
    )
    await reply(
        update, session.render("officer_scope_pending", scope=names), [*rows, _cancel_row()]
    )


async def _save_scope(
    update: Update, bot: Bot, session: Session, state: DialogState, codes: list[str]
) -> None:
    db = session.services.db
    user_id = int(state.data["user_id"])
    await officers.set_officer(db, user_id, codes, session.user.user_id)
    await audit.record(db, session.user.user_id, "officer.scope", str(user_id), ",".join(codes))
    await dialogs.end(session)
    reachable = await command_menus.publish_for(bot, session.services, user_id)
    names = [regions.short_label(await regions.path(db, c)) for c in codes]
    office = await officers.office_of(db, user_id) or session.services.settings.sender
    office_button = [
        InlineKeyboardButton(
            _("🏢 Atur kantor pengirim"), callback_data=pack(PREFIX, "office", user_id)
        )
    ]
    text = session.render(
        "officer_saved",
        scope=names,
        office=office,
        never_opened=not reachable,
        bot_username=bot.username,
    )
    await reply(update, text, [office_button, *_after_rows()], edit=False)


async def _office_given(update: Update, session: Session, user_id: int) -> None:
    """The office named under the officer's announcements ("BPJS Ketenagakerjaan Cabang …")."""
    text = " ".join(
        ((update.effective_message.text if update.effective_message else "") or "").split()
    )
    if not 3 <= len(text) <= officers.MAX_OFFICE:
        problem = session.render("officer_invalid", problem="office", limit=officers.MAX_OFFICE)
        await reply(update, problem, [_cancel_row()])
        return
    db = session.services.db
    await officers.set_office(db, user_id, text, session.user.user_id)
    await audit.record(db, session.user.user_id, "officer.office", str(user_id), text)
    await dialogs.end(session)
    await reply(update, session.render("officer_office_saved", office=text), _after_rows())
