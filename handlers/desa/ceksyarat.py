"""/ceksyarat for village officials: the Desa Sadar self-check over the village's figures and
apparatus, with one button per next step.

Only the village's kepala desa or operator may use it, checked on the command and on every
button press. Officers reviewing a verification request see the same screen
(``handlers.shared.self_check``).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.domain.rules import Action, CriterionResult, VillageSnapshot
from bot.platform.callback import pack
from bot.platform.db.villages import Official
from bot.platform.i18n import _
from bot.services.snapshot import FIGURE_BY_NAME
from handlers.desa._common import figure_labels, seat_or_refuse
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.keyboards import back_to_menu_row
from handlers.shared.prefixes import Prefix
from handlers.shared.self_check import NEXT_STEPS, render_check
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PREFIX = Prefix.CHECK  # cek: the self-check


async def check_command(update: Update, context: BotContext) -> None:
    session = context.session
    mine = await seat_or_refuse(update, session)
    if mine is None:
        return
    await dialogs.end(session)  # a command is a fresh start, like /start
    await _show_check(update, session, mine)


async def on_check_button(update: Update, context: BotContext) -> None:
    session = context.session
    mine = await seat_or_refuse(update, session)
    if mine is None:
        return
    await acknowledge(update)
    await _show_check(update, session, mine)


async def _show_check(update: Update, session: Session, mine: Official) -> None:
    text, report, snapshot = await render_check(session, mine.village_code)
    await reply(update, text, _step_rows(report.next_steps[:NEXT_STEPS], snapshot))


def _step_rows(steps: tuple[CriterionResult, ...], snapshot: VillageSnapshot) -> Keyboard:
    """One button per distinct action of the next steps, then the figures and the menu."""
    rows: list[list[InlineKeyboardButton]] = []
    for step in steps:
        button = _step_button(step, snapshot)
        if button is not None and all(row[0].callback_data != button.callback_data for row in rows):
            rows.append([button])
    figures = [InlineKeyboardButton(_("📝 Laporan angka desa"), callback_data=pack(Prefix.REPORT))]
    verify = [
        InlineKeyboardButton(_("📨 Ajukan verifikasi"), callback_data=pack(Prefix.VERIFY_REQUEST))
    ]
    return [*rows, figures, verify, back_to_menu_row()]


def _step_button(step: CriterionResult, snapshot: VillageSnapshot) -> InlineKeyboardButton | None:
    action = step.criterion.action
    if action is Action.ADD_MEMBER:
        return InlineKeyboardButton(
            _("👥 Catat perangkat desa"), callback_data=pack(Prefix.APPARATUS, "add")
        )
    if action is Action.REPORT_FIGURES:
        field = figure_to_report(step, snapshot)
        if field is not None:
            label = _("📝 Laporkan: %(figure)s", figure=figure_labels()[field])
            return InlineKeyboardButton(label, callback_data=pack(Prefix.REPORT, "f", field))
    return None


def figure_to_report(step: CriterionResult, snapshot: VillageSnapshot) -> str | None:
    """The figure to ask for next: the first one not reported yet, else the first one."""
    fields = [name for name in step.criterion.evidence if name in FIGURE_BY_NAME]
    missing = [name for name in fields if getattr(snapshot, name) is None]
    return (missing or fields)[0] if fields else None
