"""/undang (officers): invite a village's kepala desa or operator with a one-time link, and
withdraw an open invite that went to the wrong person.

Rights come from the database on every command and button press (the guard at registration
for the role, the officer's kab/kota scope here); the invite itself is written by
``bot.services.village_lifecycle`` with its audit row.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack
from bot.platform.db import villages
from bot.platform.db.villages import Invite
from bot.platform.i18n import _
from bot.services import regions
from bot.services import village_lifecycle as lifecycle
from handlers.petugas._scope import own_kab, village_in_scope
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.region_picker import Purpose, open_picker, village_label
from handlers.shared.session import Session, acknowledge, reply
from handlers.shared.village_roles import ROLE_LABELS, role_label, role_rows

PURPOSE_INVITE = Purpose("u")
# inv:new:<village>:<role> · inv:rv:<invite code> · inv:pk (choose a village: the menu's button
# and the way back from the seat choice)
NEW, REVOKE, PICK = "new", "rv", "pk"


async def command(update: Update, context: BotContext) -> None:
    """/undang [village code]: without a code, the region picker (inside the officer's own
    kab/kota when they have one)."""
    session = context.session
    code = (context.args or [""])[0].strip()
    if not code:
        await open_picker(update, session, PURPOSE_INVITE, start=await own_kab(session))
        return
    if not await regions.is_village(session.services.db, code):
        await reply(update, session.render("region_bad_code", code=code))
        return
    await village_chosen(update, context, session, code)


async def village_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    """The village typed or picked: which seat the invite is for."""
    if not session.services.is_officer(session.user):  # the picker is shared with villagers
        await reply(update, session.render("officer_only"))
        return
    if not (await session.services.scope(session.user)).covers(code):
        # The picker's message becomes this answer: keep a way on (another village, menu).
        ways_on = [_other_village_row(), back_to_menu_row()]
        await reply(update, session.render("outside_scope"), ways_on)
        return
    label = await village_label(session, code)
    rows = [*role_rows(Prefix.INVITE, NEW, code), _other_village_row(), back_to_menu_row()]
    await reply(update, session.render("invite_role", label=label), rows)


async def on_button(update: Update, context: BotContext) -> None:
    """The officer's invite buttons (the invitee's answers are routed to handlers/desa)."""
    action = pressed(update).part(0)
    if action == NEW:
        await _create(update, context)
    elif action == REVOKE:
        await _revoke(update, context)
    elif action == PICK:
        await acknowledge(update)
        session = context.session
        await open_picker(update, session, PURPOSE_INVITE, start=await own_kab(session))
    else:
        await stale_button(update, context)


async def _create(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    code, role = data.part(1), data.part(2)
    if role not in ROLE_LABELS:
        await stale_button(update, context)
        return
    if not await village_in_scope(update, context, code):
        return
    await acknowledge(update)
    invite = await lifecycle.create_invite(session.services.db, session.user.user_id, code, role)
    text = session.render(
        "invite_created",
        label=await village_label(session, code),
        role=role_label(role),
        link=f"https://t.me/{context.bot.username}?start={invite.code}",
        days=villages.INVITE_DAYS,
    )
    # At a sosialisasi an officer invites village after village: the next one is one tap away.
    await reply(update, text, [_revoke_row(invite), _other_village_row(), back_to_menu_row()])


def _other_village_row() -> list[InlineKeyboardButton]:
    label = _("◀️ Pilih desa lain")
    return [InlineKeyboardButton(label, callback_data=pack(Prefix.INVITE, PICK))]


def _revoke_row(invite: Invite) -> list[InlineKeyboardButton]:
    label = _("🚫 Batalkan undangan")
    return [InlineKeyboardButton(label, callback_data=pack(Prefix.INVITE, REVOKE, invite.code))]


async def _revoke(update: Update, context: BotContext) -> None:
    """Only the officer who issued it, only while it is open; a second press says so."""
    session = context.session
    outcome = await lifecycle.revoke_invite(
        session.services.db, session.user.user_id, pressed(update).part(1)
    )
    if outcome.problem == "unknown":  # someone else's invite, or a forged code
        await stale_button(update, context)
        return
    await acknowledge(update)
    invite = outcome.invite
    label = await village_label(session, invite.village_code) if invite else ""
    text = session.render("invite_revoked", problem=outcome.problem, label=label)
    await reply(update, text, [back_to_menu_row()], edit=outcome.ok)
