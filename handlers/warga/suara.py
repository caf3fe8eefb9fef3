"""Voice for villagers who read little: voice notes in, lessons and answers read aloud out.

* A voice note, video note or audio is not refused: the bot says it cannot listen yet, shows
  the menu and offers "🙋 Teruskan ke petugas". The message is kept as a question without text
  (its id in the villager's chat), so the existing hand-off (handlers/petugas/pertanyaan.py)
  copies the recording itself to the officers, and their answer comes back as for a typed one.
* "🔊 Dengarkan" (handlers/shared/listen.py puts it on lesson screens and FAQ answers) reads
  aloud the very message it sits on: bot/services/voice.py makes the voice note once and
  re-sends it by file_id after that.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.platform.callback import pack
from bot.platform.db import questions
from bot.platform.i18n import _
from bot.services.voice import VoiceUnavailable
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import menu_rows
from handlers.shared.listen import can_listen
from handlers.shared.prefixes import Prefix
from handlers.shared.session import acknowledge, reply

log = logging.getLogger(__name__)


def _recording_kind(message: Message) -> str | None:
    if message.voice is not None:
        return "voice"
    if message.video_note is not None:
        return "video_note"
    if message.audio is not None:
        return "audio"
    return None


async def on_recording(update: Update, context: BotContext) -> None:
    """A voice note, video note or audio in the private chat."""
    session = context.session
    message = update.effective_message
    kind = _recording_kind(message) if message is not None else None
    if message is None or kind is None:
        return
    question_id = await questions.record_media(
        session.services.db,
        user_id=session.user.user_id,
        language=session.lang,
        kind=kind,
        message_id=message.message_id,
    )
    handover = [
        InlineKeyboardButton(
            _("🙋 Teruskan ke petugas"), callback_data=pack(Prefix.HANDOVER, question_id)
        )
    ]
    await reply(update, session.render("voice_received"), [handover, *menu_rows(session)])


async def on_listen(update: Update, context: BotContext) -> None:
    """say: the message carrying the button, read aloud as a voice note."""
    session = context.session
    query = update.callback_query
    assert query is not None
    message = query.message
    text = message.text if isinstance(message, Message) else None
    if not text or not can_listen(session):
        await stale_button(update, context)
        return
    voice = session.services.voice
    assert voice is not None and isinstance(message, Message)  # checked above
    if voice.just_sent(message.chat_id, session.lang, text):  # pressed twice
        await acknowledge(update, _("Suaranya sudah dikirim di bawah."))
        return
    try:
        await acknowledge(update, _("Suaranya sedang disiapkan…"))
        await context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_VOICE)
        await voice.send(context.bot, message.chat_id, session.lang, text)
    except VoiceUnavailable:
        await reply(update, session.render("voice_failed"), edit=False)
    except TelegramError as exc:
        log.warning("voice note not sent: %s", type(exc).__name__)
        await reply(update, session.render("voice_failed"), edit=False)
