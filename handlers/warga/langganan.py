"""/langganan (announcements for my village), /berhenti and STOP, and blocking the bot.

A villager chooses their village with the region picker; /berhenti (or the plain word STOP /
BERHENTI) stops every announcement at once and /langganan resumes. A user who blocks the bot
(my_chat_member "kicked", or a 403 to a broadcast) is marked stopped the same way. The offer
after a first answered question is ``handlers.shared.subscription_offer``; its buttons come here.
"""

from __future__ import annotations

from telegram import ChatMember, InlineKeyboardButton, Update
from telegram.constants import ChatType

from bot.platform.callback import pack
from bot.platform.db import subscriptions
from bot.platform.i18n import _
from bot.services import village_news
from handlers.shared.context import BotContext
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.region_picker import Purpose, open_picker, place_name
from handlers.shared.session import Session, acknowledge, reply
from handlers.shared.subscription_offer import IN_ANSWER, drop_offer_button

PURPOSE = Purpose("s")  # the region picker's purpose: subscribe to the chosen village
STOP_WORDS = r"(?i)^\s*(stop|berhenti|unsubscribe|mandeg)\s*[.!]*\s*$"


async def command(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    db = session.services.db
    resumed = await village_news.resume(db, session.user.user_id)
    current = resumed or await subscriptions.village_of(db, session.user.user_id)
    if current is None:
        await open_picker(update, session, PURPOSE)
        return
    # Already receiving (or just resumed): say for which village before offering a change,
    # rather than a province list that looks as if the subscription were lost.
    template = "subscription_resumed" if resumed else "subscription_current"
    label = await place_name(session, current)
    change = pack(Prefix.SUBSCRIBE_OFFER, "change")
    rows = [[InlineKeyboardButton(_("🔁 Ganti desa"), callback_data=change)]]
    await reply(update, session.render(template, label=label), [*rows, back_to_menu_row()])


async def village_chosen(update: Update, context: BotContext, session: Session, code: str) -> None:
    await subscriptions.subscribe(session.services.db, session.user.user_id, code)
    label = await place_name(session, code)
    await reply(update, session.render("subscription_set", label=label), [back_to_menu_row()])


async def stop(update: Update, context: BotContext) -> None:
    """/berhenti or a plain STOP: confirmed in one message."""
    session = context.session
    await subscriptions.stop(session.services.db, session.user.user_id)
    resume = pack(Prefix.SUBSCRIBE_OFFER, "resume")
    rows = [[InlineKeyboardButton(_("🔔 Terima lagi"), callback_data=resume)], back_to_menu_row()]
    await reply(update, session.render("subscription_stopped"), rows)


async def on_offer_button(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    choice = pressed(update).part(0)
    if choice == "resume":  # from the /berhenti confirmation
        await command(update, context)
    elif choice == IN_ANSWER:  # 🔔 under an FAQ answer: the answer stays, the picker comes below
        await drop_offer_button(update)
        await open_picker(update, session, PURPOSE, edit=False)
    elif choice in ("yes", "change"):
        await open_picker(update, session, PURPOSE)
    else:
        await reply(update, session.render("subscription_later"), [back_to_menu_row()])


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """The user blocked (or unblocked) the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        await subscriptions.stop(context.services.db, change.from_user.id)
