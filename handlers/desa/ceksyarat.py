"""/ceksyarat for village officials: the Desa Sadar self-check over the village's figures and
apparatus, with one button per next step.

Only the village's kepala desa or operator may use it, checked on the command and on every
button press. Officers reviewing a verification request see the same judgement as a reviewer's
summary (``handlers.shared.self_check``). "Arti syarat" replaces the screen in place with the
reasons behind each criterion, and "Kembali" brings the check back.
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
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.self_check import NEXT_STEPS, Verification, render_check, render_explanation
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
    if pressed(update).parts[:1] == ("why",):
        await _show_explanation(update, session, mine)
        return
    await _show_check(update, session, mine)


async def _show_check(update: Update, session: Session, mine: Official) -> None:
    text, report, snapshot, verification = await render_check(
        session, mine.village_code, figure_labels()
    )
    await reply(update, text, _step_rows(report.next_steps[:NEXT_STEPS], snapshot, verification))


async def _show_explanation(update: Update, session: Session, mine: Official) -> None:
    _text, report, _snapshot, _verification = await render_check(session, mine.village_code)
    back = [InlineKeyboardButton(_("⬅️ Kembali"), callback_data=pack(PREFIX))]
    await reply(update, render_explanation(session, report), [back, back_to_menu_row()])


def _step_rows(
    steps: tuple[CriterionResult, ...], snapshot: VillageSnapshot, verification: Verification
) -> Keyboard:
    """One button per distinct action of the next steps, then the figures, the reasons, the
    verification request (only while none is open or granted) and the menu."""
    rows: list[list[InlineKeyboardButton]] = []
    for step in steps:
        button = _step_button(step, snapshot)
        if button is not None and all(row[0].callback_data != button.callback_data for row in rows):
            rows.append([button])
    rows.append(
        [InlineKeyboardButton(_("📝 Laporan angka desa"), callback_data=pack(Prefix.REPORT))]
    )
    rows.append([InlineKeyboardButton(_("ℹ️ Arti syarat"), callback_data=pack(PREFIX, "why"))])
    if verification is None:
        rows.append(
            [
                InlineKeyboardButton(
                    _("📨 Ajukan verifikasi"), callback_data=pack(Prefix.VERIFY_REQUEST)
                )
            ]
        )
    return [*rows, back_to_menu_row()]


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
