"""Buttons every screen shares: the main menu, the way back to it, a pager row, and reading
the button that was pressed."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import Callback, pack, unpack
from bot.platform.i18n import _
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session


def menu_rows(_session: Session | None = None) -> Keyboard:
    """The main menu: only capabilities that exist are offered."""
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(_("📚 Kenali program BPJS TK"), callback_data=pack(Prefix.PROGRAMS))],
        [InlineKeyboardButton(_("🧮 Hitung iuran"), callback_data=pack(Prefix.IURAN, "s"))],
        [InlineKeyboardButton(_("💬 Tanya jawab"), callback_data=pack(Prefix.ASK))],
        [
            InlineKeyboardButton(_("🌐 Bahasa"), callback_data=pack(Prefix.LANGUAGE)),
            InlineKeyboardButton(_("❓ Bantuan"), callback_data=pack(Prefix.HELP)),
        ],
    ]
    return rows


def back_to_menu_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("🏠 Menu utama"), callback_data=pack(Prefix.MENU))]


def pager_row(
    prefix: str, *parts: str | int, page: int, has_next: bool
) -> list[InlineKeyboardButton]:
    """◀️ / ▶️ for a list of hundreds: the page number is the button's last part."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton("◀️", callback_data=pack(prefix, *parts, page - 1)))
    if has_next:
        row.append(InlineKeyboardButton("▶️", callback_data=pack(prefix, *parts, page + 1)))
    return row


def pressed(update: Update) -> Callback:
    """The pressed button's data (an empty one for a message): prefix and parts."""
    return unpack(update.callback_query.data if update.callback_query else None)
