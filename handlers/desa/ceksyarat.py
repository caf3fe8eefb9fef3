"""/ceksyarat for village officials: the Desa Sadar self-check over the village's figures and
apparatus, with buttons for the next steps.

Only the village's kepala desa or operator may use it; officers reviewing a verification
request see the same self-check (``render_check``).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.domain.rules import Action, CriterionResult, Report, VillageSnapshot, evaluate
from bot.platform.callback import pack
from bot.platform.db import villages
from bot.platform.i18n import _, localized
from bot.services.snapshot import FIGURE_BY_NAME, village_snapshot
from handlers.desa.laporan import REPORT, _official_session, figure_labels
from handlers.desa.perangkat import daftar
from handlers.shared import dialogs
from handlers.shared.keyboards import back_to_menu_row
from handlers.shared.region_picker import village_label
from handlers.shared.session import Keyboard, Session, acknowledge, reply
from handlers.warga.iuran import today

NEXT_STEPS = 3


async def check_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _official_session(update, context)
    if found is None:
        return
    session, mine = found
    await dialogs.end(session)  # a command is a fresh start, like /start
    await _show_check(update, session, mine)


async def on_check_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _official_session(update, context)
    if found is None:
        return
    session, mine = found
    await acknowledge(update)
    await _show_check(update, session, mine)


async def _show_check(update: Update, session: Session, mine: villages.Official) -> None:
    text, report, snapshot = await render_check(session, mine.village_code)
    await reply(update, text, _step_rows(report.next_steps[:NEXT_STEPS], snapshot))


async def render_check(session: Session, code: str) -> tuple[str, Report, VillageSnapshot]:
    """The self-check as the village sees it; officers reviewing a request see the same."""
    snapshot = await village_snapshot(session.services.db, code)
    report = evaluate(snapshot, session.services.rules, today())
    steps = report.next_steps[:NEXT_STEPS]
    text = session.render(
        "check_result",
        label=await village_label(session, code),
        report=report,
        titles={r.criterion.id: localized(r.criterion.title, session.lang) for r in report.results},
        # Why each threshold is what it is: shown so no one reads it as an official figure.
        why={r.criterion.id: localized(r.criterion.why, session.lang) for r in report.results},
        advice=[localized(r.criterion.advice, session.lang) for r in steps],
    )
    return text, report, snapshot


def _step_rows(steps: tuple[CriterionResult, ...], snapshot: VillageSnapshot) -> Keyboard:
    """One button per distinct action of the next steps, then the figures and the menu."""
    rows: list[list[InlineKeyboardButton]] = []
    for step in steps:
        button = _step_button(step, snapshot)
        if button is not None and all(row[0].callback_data != button.callback_data for row in rows):
            rows.append([button])
    figures = [InlineKeyboardButton(_("📝 Laporan angka desa"), callback_data=pack(REPORT))]
    verify = [InlineKeyboardButton(_("📨 Ajukan verifikasi"), callback_data=pack("vrq"))]
    return [*rows, figures, verify, back_to_menu_row()]


def _step_button(step: CriterionResult, snapshot: VillageSnapshot) -> InlineKeyboardButton | None:
    action = step.criterion.action
    if action is Action.ADD_MEMBER:
        return InlineKeyboardButton(
            _("👥 Catat perangkat desa"), callback_data=pack(daftar.PREFIX, "add")
        )
    if action is Action.REPORT_FIGURES:
        field = figure_to_report(step, snapshot)
        if field is not None:
            label = _("📝 Laporkan: %(figure)s", figure=figure_labels()[field])
            return InlineKeyboardButton(label, callback_data=pack(REPORT, "f", field))
    return None


def figure_to_report(step: CriterionResult, snapshot: VillageSnapshot) -> str | None:
    """The figure to ask for next: the first one not reported yet, else the first one."""
    fields = [name for name in step.criterion.evidence if name in FIGURE_BY_NAME]
    missing = [name for name in fields if getattr(snapshot, name) is None]
    return (missing or fields)[0] if fields else None
