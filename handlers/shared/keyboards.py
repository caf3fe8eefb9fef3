"""Buttons every screen shares: the main menu, the way back to it, a pager row, and reading
the button that was pressed."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import Callback, pack, unpack
from bot.platform.i18n import _
from bot.services import command_menus
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session


def menu_rows(session: Session | None = None) -> Keyboard:
    """The main menu: what everyone can do, then what this user's role adds (the same roles
    as their "/" list, bot/services/command_menus.py)."""
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(_("📚 Kenali program BPJS TK"), callback_data=pack(Prefix.PROGRAMS))],
        [InlineKeyboardButton(_("🧮 Hitung iuran"), callback_data=pack(Prefix.IURAN, "s"))],
        [InlineKeyboardButton(_("💬 Tanya jawab"), callback_data=pack(Prefix.ASK))],
    ]
    audience = (
        command_menus.audience_of(session.services, session.user)
        if session
        else command_menus.Audience.EVERYONE
    )
    if audience is command_menus.Audience.OFFICIAL:
        rows.append([InlineKeyboardButton(_("🏡 Desa saya"), callback_data=pack(Prefix.VILLAGE))])
    if audience.value >= command_menus.Audience.OFFICER.value:
        rows += _officer_rows()
    rows.append(
        [
            InlineKeyboardButton(_("🌐 Bahasa"), callback_data=pack(Prefix.LANGUAGE)),
            InlineKeyboardButton(_("❓ Bantuan"), callback_data=pack(Prefix.HELP)),
        ]
    )
    return rows


def _officer_rows() -> list[list[InlineKeyboardButton]]:
    """The officer's daily tools; the rest (/verifikasi, /ekspor, …) are in /bantuan."""
    return [
        [
            InlineKeyboardButton(_("📣 Pengumuman"), callback_data=pack(Prefix.BROADCAST, "new")),
            InlineKeyboardButton(_("✉️ Undang desa"), callback_data=pack(Prefix.INVITE, "pk")),
        ],
        [
            InlineKeyboardButton(_("🙋 Pertanyaan warga"), callback_data=pack(Prefix.QUESTIONS)),
            InlineKeyboardButton(_("📊 Statistik"), callback_data=pack(Prefix.STATISTICS)),
        ],
    ]


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
