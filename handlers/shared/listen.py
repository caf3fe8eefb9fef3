"""The "🔊 Dengarkan" button on lesson screens and FAQ answers (handlers/warga/suara.py
answers it by reading the message it sits on aloud).

Shown only where it can work: the synthesiser is installed (``services.voice``) and the
user's language has a voice (Indonesian, English; why not Javanese: bot/services/voice.py).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.platform.callback import pack
from bot.platform.i18n import _
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Session


def can_listen(session: Session) -> bool:
    voice = session.services.voice
    return voice is not None and voice.speaks(session.lang)


def listen_row(session: Session) -> list[list[InlineKeyboardButton]]:
    """Zero or one keyboard row: add it with ``rows += listen_row(session)``."""
    if not can_listen(session):
        return []
    return [[InlineKeyboardButton(_("🔊 Dengarkan"), callback_data=pack(Prefix.LISTEN))]]
