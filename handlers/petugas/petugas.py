"""/petugas (admins): add an officer by user id or a forwarded message, set their kab/kota
scope, change or remove it. Every change goes to the audit log.

The admin role and the private chat (officers' ids and scopes stay private) are checked by
the guards where the command and buttons are registered; typed steps check the role again.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, MessageOriginUser, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack, parse_id
from bot.platform.db import audit, officers, users
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import _
from bot.services import regions
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Session, acknowledge, reply

PREFIX = Prefix.OFFICERS  # ptg:add · ptg:edit:<user> · ptg:rm:<user> · ptg:x
FLOW = "officer"
_KAB_CODE = re.compile(r"\b\d{2}\.\d{2}\b")


async def command(update: Update, context: BotContext) -> None:
    """/petugas and "Batal": the officers and their scopes."""
    session = context.session
    await acknowledge(update)
    await dialogs.end(session)
    listed = await officers.list_officers(session.services.db)
    rows = [
        [InlineKeyboardButton(f"✏️ {name}", callback_data=pack(PREFIX, "edit", user_id))]
        for user_id, name, _codes in listed
    ]
    rows.append([InlineKeyboardButton(_("➕ Tambah petugas"), callback_data=pack(PREFIX, "add"))])
    await reply(
        update, session.render("officers_list", officers=listed), [*rows, back_to_menu_row()]
    )


async def on_button(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    action, target = data.part(0), parse_id(data.part(1))
    await acknowledge(update)
    if action == "add":
        await dialogs.save(session, DialogState(FLOW, "who", {}))
        await reply(update, session.render("officer_ask", step="who"), [_cancel_row()])
    elif action == "edit" and target:
        await dialogs.save(session, DialogState(FLOW, "scope", {"user_id": target}))
        remove = [
            InlineKeyboardButton(
                _("🗑️ Cabut peran petugas"), callback_data=pack(PREFIX, "rm", target)
            )
        ]
        await reply(update, session.render("officer_ask", step="scope"), [remove, _cancel_row()])
    elif action == "rm" and target:
        await _remove(update, session, target)
    elif action == "x":
        await dialogs.end(session)
        await command(update, context)
    else:
        await stale_button(update, context)


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]


async def _remove(update: Update, session: Session, user_id: int) -> None:
    await dialogs.end(session)
    removed = await officers.remove_officer(session.services.db, user_id)
    if removed:
        await audit.record(
            session.services.db, session.user.user_id, "officer.remove", str(user_id)
        )
    await reply(update, session.render("officer_removed", removed=removed), [back_to_menu_row()])


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The typed user id or forwarded message, then the scope (dialogue steps of FLOW)."""
    if state.step == "who":
        await _who_given(update, session)
    else:
        await _scope_given(update, session, int(state.data["user_id"]))


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
    await dialogs.save(session, DialogState(FLOW, "scope", {"user_id": user_id}))
    await reply(update, session.render("officer_ask", step="scope"), [_cancel_row()])


async def _scope_given(update: Update, session: Session, user_id: int) -> None:
    text = (update.effective_message.text if update.effective_message else "") or ""
    codes = sorted(set(_KAB_CODE.findall(text)))
    db = session.services.db
    known = [c for c in codes if (r := await regions.get(db, c)) is not None and r.level == 2]
    if not codes or len(known) != len(codes):
        unknown = [c for c in codes if c not in known]
        await reply(
            update,
            session.render("officer_invalid", problem="scope", unknown=unknown),
            [_cancel_row()],
        )
        return
    await officers.set_officer(db, user_id, known, session.user.user_id)
    await audit.record(db, session.user.user_id, "officer.scope", str(user_id), ",".join(known))
    await dialogs.end(session)
    names = [regions.label(await regions.path(db, c)) for c in known]
    await reply(update, session.render("officer_saved", scope=names), [back_to_menu_row()])
