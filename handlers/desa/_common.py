"""What /laporan and /ceksyarat share: the figures' names on buttons, and the official's seat
checked on every update (with the one reply that says why not)."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import pack
from bot.platform.db.villages import Official
from bot.platform.i18n import N_, _
from bot.services.officials import seat_of
from handlers.shared.keyboards import back_to_menu_row
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Session, acknowledge, reply

FIGURE_LABELS: Mapping[str, str] = {
    "working_residents": N_("Warga yang bekerja"),
    "registered_bpu": N_("Peserta BPU (pekerja mandiri)"),
    "registered_pu": N_("Peserta PU (penerima upah)"),
    "budget_allocated": N_("Iuran masuk APBDes"),
    "budget_amount": N_("Jumlah anggaran iuran"),
    "regulation_number": N_("Nomor Perdes/Perkades"),
    "perisai_agent": N_("Agen Perisai di desa"),
    "sosialisasi_events": N_("Sosialisasi yang diadakan"),
    "sosialisasi_participants": N_("Peserta sosialisasi"),
    "sosialisasi_last_date": N_("Tanggal sosialisasi terakhir"),
    "mou_signed": N_("MoU dengan kantor cabang"),
    "vulnerable_workers_covered": N_("Pekerja rentan dilindungi"),
}


def figure_labels() -> dict[str, str]:
    return {name: _(label) for name, label in FIGURE_LABELS.items()}


async def seat_or_refuse(update: Update, session: Session) -> Official | None:
    """The user's seat as kepala desa or operator, or None after telling them why not."""
    mine = await seat_of(session.services.db, session.user.user_id)
    if mine is None:
        await refuse_not_official(update, session)
    return mine


async def refuse_not_official(update: Update, session: Session) -> None:
    # A new message, not an edit: the pressed button may belong to a message worth keeping.
    await acknowledge(update, _("Hanya untuk kepala desa atau operator desa."))
    rows = [[InlineKeyboardButton(_("🏡 Desa saya"), callback_data=pack(Prefix.VILLAGE))]]
    await reply(
        update, session.render("report_not_official"), [*rows, back_to_menu_row()], edit=False
    )
