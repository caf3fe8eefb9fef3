"""The two seats of a village as buttons and labels, shared by the official's side (/desa,
claims, invite acceptance) and the officer's side (/undang, /verifikasi)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.platform.callback import pack
from bot.platform.i18n import N_, _
from handlers.shared.session import Keyboard

ROLE_LABELS = {"kepala_desa": N_("Kepala desa"), "operator": N_("Operator desa")}


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role])


def role_rows(prefix: str, *parts: object) -> Keyboard:
    """One button per seat: ``prefix:parts…:role``."""
    return [
        [InlineKeyboardButton(_(label), callback_data=pack(prefix, *parts, role))]
        for role, label in ROLE_LABELS.items()
    ]
