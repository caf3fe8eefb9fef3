"""/laporan for village officials: report the village's numbers (the figures the Desa Sadar
self-check, /ceksyarat, judges).

Only the village's kepala desa or operator may use it. Rights come from the database on
the command, on EVERY button press and on every typed answer, never from callback data.
Typed answers (numbers, Rupiah, a regulation number) go through a saved dialogue, so a restart
between the question and the answer loses nothing; yes/no answers are buttons that carry the
value. Every report is a new row: the latest counts, the history stays.
"""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardButton, Update

from bot.domain.dates import today_jakarta
from bot.platform.callback import Callback, pack
from bot.platform.db import reports, villages
from bot.platform.db.dialogs import DialogState
from bot.platform.db.reports import Reported
from bot.platform.i18n import _
from bot.services.officials import seat_of
from bot.services.snapshot import (
    FIGURE_BY_NAME,
    FIGURES,
    MAX_TEXT,
    Figure,
    FigureKind,
    Value,
    read_figure,
    report_figure,
    reported_day,
    typed,
)
from handlers.desa._common import figure_labels, refuse_not_official, seat_or_refuse
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.region_picker import village_label
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PREFIX = Prefix.REPORT  # lap[:menu] figures · lap:f:<field> ask · lap:y:<field>:<1|0> · lap:x
REPORT_FLOW = "report"  # dialogue step = the field being asked


# --- /laporan: the figures screen ------------------------------------------------------------


async def report_command(update: Update, context: BotContext) -> None:
    session = context.session
    mine = await seat_or_refuse(update, session)
    if mine is None:
        return
    await dialogs.end(session)  # a command is a fresh start, like /start
    await _show_figures(update, session, mine)


async def _show_figures(
    update: Update,
    session: Session,
    mine: villages.Official,
    *,
    saved: str | None = None,
    cancelled: bool = False,
) -> None:
    db = session.services.db
    latest = await reports.latest(db, mine.village_code)
    roles = {o.user_id: o.role for o in await villages.officials_of(db, mine.village_code)}
    lines = [_line(f, latest.get(f.name), session.user.user_id, roles) for f in FIGURES]
    text = session.render(
        "report_figures",
        label=await village_label(session, mine.village_code),
        lines=lines,
        labels=figure_labels(),
        saved=saved,
        cancelled=cancelled,
    )
    await reply(update, text, _figure_rows())


def _line(
    figure: Figure, reported: Reported | None, me: int, roles: Mapping[int, str]
) -> dict[str, object]:
    """What the template shows for one figure: its value, who reported it and when."""
    value = typed(figure, reported.value) if reported else None
    if reported is None or value is None:
        return {"name": figure.name, "kind": str(figure.kind), "value": None}
    who = "self" if reported.reported_by == me else roles.get(reported.reported_by or 0, "other")
    day = reported_day(reported.reported_at)
    return {"name": figure.name, "kind": str(figure.kind), "value": value, "who": who, "day": day}


def _figure_rows() -> Keyboard:
    labels = figure_labels()
    buttons = [
        InlineKeyboardButton(labels[f.name], callback_data=pack(PREFIX, "f", f.name))
        for f in FIGURES
    ]
    # Two per row: eleven figures in one column would push the message off a phone screen.
    rows = [buttons[n : n + 2] for n in range(0, len(buttons), 2)]
    check = [InlineKeyboardButton(_("✅ Cek syarat Desa Sadar"), callback_data=pack(Prefix.CHECK))]
    return [*rows, check, back_to_menu_row()]


# --- /laporan: buttons -----------------------------------------------------------------------


async def on_report_button(update: Update, context: BotContext) -> None:
    session = context.session
    mine = await seat_or_refuse(update, session)
    if mine is None:
        return
    data = pressed(update)
    action = data.part(0, "menu")
    if action == "menu":
        await acknowledge(update)
        await _show_figures(update, session, mine)
    elif action == "f" and data.part(1) in FIGURE_BY_NAME:
        await acknowledge(update)
        await _ask(update, session, mine, FIGURE_BY_NAME[data.part(1)])
    elif action == "y" and _is_flag_answer(data):
        await acknowledge(update)
        await _save(update, session, mine, FIGURE_BY_NAME[data.part(1)], data.part(2) == "1")
    elif action == "x":
        await acknowledge(update)
        await dialogs.end_flow(session, REPORT_FLOW)
        await _show_figures(update, session, mine, cancelled=True)
    else:
        await stale_button(update, context)


def _is_flag_answer(data: Callback) -> bool:
    figure = FIGURE_BY_NAME.get(data.part(1))
    return figure is not None and figure.kind is FigureKind.FLAG and data.part(2) in ("0", "1")


async def _ask(update: Update, session: Session, mine: villages.Official, figure: Figure) -> None:
    latest = await reports.latest(session.services.db, mine.village_code)
    current = typed(figure, latest[figure.name].value) if figure.name in latest else None
    text = session.render(
        "report_prompt",
        field=figure.name,
        kind=str(figure.kind),
        label=figure_labels()[figure.name],
        current=current,
        max_text=MAX_TEXT,
    )
    if figure.kind is FigureKind.FLAG:
        await dialogs.end_flow(session, REPORT_FLOW)  # an earlier typed question is no longer asked
        await reply(update, text, [_yes_no_row(figure), _cancel_row()])
        return
    await dialogs.save(session, DialogState(REPORT_FLOW, figure.name, {}))
    await reply(update, text, [_cancel_row()])


def _yes_no_row(figure: Figure) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(_("✅ Ya"), callback_data=pack(PREFIX, "y", figure.name, 1)),
        InlineKeyboardButton(_("❌ Belum"), callback_data=pack(PREFIX, "y", figure.name, 0)),
    ]


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]


async def _save(
    update: Update,
    session: Session,
    mine: villages.Official,
    figure: Figure,
    value: Value,
) -> None:
    await report_figure(session.services.db, mine.village_code, figure, value, session.user.user_id)
    await dialogs.end_flow(session, REPORT_FLOW)
    await _show_figures(update, session, mine, saved=figure.name)


# --- /laporan: typed answers -----------------------------------------------------------------


async def on_report_text(
    update: Update, context: BotContext, session: Session, state: DialogState
) -> None:
    """A typed figure. Bad input gets what is wrong and how to fix it; the question stays."""
    mine = await seat_of(session.services.db, session.user.user_id)
    figure = FIGURE_BY_NAME.get(state.step)
    if mine is None or figure is None or figure.kind is FigureKind.FLAG:
        await dialogs.end(session)  # rights withdrawn, or a step from an older version
        if mine is None:
            await refuse_not_official(update, session)
        else:
            await _show_figures(update, session, mine)
        return
    text = (update.effective_message.text if update.effective_message else "") or ""
    latest = await reports.latest(session.services.db, mine.village_code)
    reading = read_figure(
        figure, text, {name: r.value for name, r in latest.items()}, today_jakarta()
    )
    if reading.problem is not None or reading.value is None:
        hint = session.render(
            "report_invalid",
            problem=reading.problem,
            limit=reading.limit,
            kind=str(figure.kind),
            max_text=MAX_TEXT,
        )
        await reply(update, hint, [_cancel_row()])
        return
    await _save(update, session, mine, figure, reading.value)
