"""/langganan (announcements for my village), /berhenti and STOP, and blocking the bot.

A villager chooses their village with the region picker; /berhenti (or the plain word STOP /
BERHENTI) stops every announcement at once and /langganan resumes. A user who blocks the bot
(my_chat_member "kicked", or a 403 to a broadcast) is marked stopped the same way.
"""

from __future__ import annotations

from telegram import ChatMember, InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack
from bot.platform.db import subscriptions, villages
from bot.platform.i18n import _
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.region_picker import open_picker, village_label
from handlers.shared.session import Session, acknowledge, begin, reply

PURPOSE = "s"
OFFER = "sub"  # sub:yes / sub:no — the one-time gentle question
STOP_WORDS = r"(?i)^\s*(stop|berhenti|unsubscribe|mandeg)\s*[.!]*\s*$"


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    db = session.services.db
    current = await subscriptions.village_of(db, session.user.user_id)
    stopped = await subscriptions.is_stopped(db, session.user.user_id)
    if current is not None and stopped:
        await subscriptions.resume(db, session.user.user_id)
        label = await village_label(session, current)
        rows = [[InlineKeyboardButton(_("🔁 Ganti desa"), callback_data=pack(OFFER, "change"))]]
        await reply(
            update, session.render("subscription_resumed", label=label), [*rows, back_to_menu_row()]
        )
        return
    await open_picker(update, session, PURPOSE)


async def village_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    await subscriptions.subscribe(session.services.db, session.user.user_id, code)
    label = await village_label(session, code)
    await reply(update, session.render("subscription_set", label=label), [back_to_menu_row()])


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/berhenti or a plain STOP: confirmed in one message."""
    session = await begin(update, context)
    await subscriptions.stop(session.services.db, session.user.user_id)
    await reply(update, session.render("subscription_stopped"))


async def on_offer_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    choice = pressed(update).part(0)
    if choice in ("yes", "change"):
        await open_picker(update, session, PURPOSE)
    else:
        await reply(update, session.render("subscription_later"), [back_to_menu_row()])


async def maybe_offer(update: Update, session: Session) -> None:
    """After a first answered question, ask once whether they want their village's news."""
    db, user_id = session.services.db, session.user.user_id
    if await subscriptions.village_of(db, user_id) is not None:
        return
    if await villages.official(db, user_id) is not None:  # officials already have a village
        return
    if not await subscriptions.mark_asked(db, user_id):
        return
    rows = [
        [
            InlineKeyboardButton(_("✅ Mau"), callback_data=pack(OFFER, "yes")),
            InlineKeyboardButton(_("Nanti saja"), callback_data=pack(OFFER, "no")),
        ]
    ]
    await reply(update, session.render("subscription_offer"), rows, edit=False)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user blocked (or unblocked) the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    services = context.bot_data["services"]
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        await subscriptions.stop(services.db, change.from_user.id)
