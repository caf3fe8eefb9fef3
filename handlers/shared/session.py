"""What every handler does first and last: know the user and their language, then reply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram import User as TelegramUser
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest

from bot.platform.db.users import User
from bot.platform.i18n import current_locale, pick_language
from bot.services.container import Services

Keyboard = Sequence[Sequence[InlineKeyboardButton]]


@dataclass(frozen=True)
class Session:
    """The user behind an update, in the language they chose (or Telegram's, at first)."""

    user: User
    services: Services
    chat_id: int  # where the update came from: dialogues belong to a user AND a chat

    @property
    def lang(self) -> str:
        return self.user.language

    @property
    def private(self) -> bool:
        """In the user's own chat with the bot (a private chat's id is the user's id)."""
        return self.chat_id == self.user.user_id

    def render(self, template: str, **context: object) -> str:
        return self.services.i18n.render(template, self.lang, **context)


async def open_session(update: Update, services: Services, tg_user: TelegramUser) -> Session:
    """The user's row (role and language read from the database every update) and locale."""
    user = await services.users.touch(
        tg_user.id, tg_user.full_name, pick_language(tg_user.language_code)
    )
    current_locale.set(user.language)
    chat = update.effective_chat
    return Session(user, services, chat.id if chat is not None else tg_user.id)


def keyboard(rows: Keyboard) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(row) for row in rows if row])


async def reply(
    update: Update, text: str, rows: Keyboard | None = None, *, edit: bool = True
) -> Message | None:
    """Answer the update: edit the pressed message for a button, else send a new message.

    Editing keeps the chat short on a small screen. Pressing the same button twice makes
    Telegram answer "message is not modified", which is harmless and ignored.
    """
    # A list with no buttons left (no items, no pages) is no keyboard: Telegram refuses an
    # empty one ("Inline keyboard expected").
    markup = keyboard(rows) if rows and any(rows) else None
    query = update.callback_query
    if query is not None and edit and isinstance(query.message, Message):
        await _edit(query, text, markup)
        return query.message
    chat = update.effective_chat
    assert chat is not None
    return await chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def private_only(update: Update, session: Session) -> bool:
    """Personal data (the apparatus, NIKs) and officers' tools open only in the private chat:
    in a group, a polite pointer instead, and False."""
    chat = update.effective_chat
    if session.private or (chat is not None and chat.type == ChatType.PRIVATE):
        return True
    await acknowledge(update, session.render("private_only"))
    await reply(update, session.render("private_only"), edit=False)
    return False


async def acknowledge(update: Update, notice: str | None = None) -> None:
    """Stop the button's loading spinner; optionally show a short notice.

    A query can be answered once; when a handler answered already and then falls back to the
    stale-button reply, Telegram says "query is too old … or query ID is invalid": harmless.
    """
    if update.callback_query is None:
        return
    try:
        await update.callback_query.answer(notice)
    except BadRequest as exc:
        if "query" not in str(exc).lower():
            raise
