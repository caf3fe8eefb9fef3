"""/iuran (and the 🧮 menu button): the contribution calculator dialogue, for villagers.

Steps: kind of work (button) → income (typed, parsed by ``bot.domain.money``; "50rb sehari" or
"panen 6 juta per 4 bulan" is converted to a month and the conversion shown, with buttons to
correct the period and ✏️ Ubah to retype) → programmes (button) → quote, where a BPU whose iuran
the government pays says so with one button. Buttons carry the values they need, so an old
button still computes correctly; only the typed income step needs the saved dialogue state.
The screens are shared with the free-text answer to "gaji 2jt iurannya brp"
(``handlers.shared.calculator``); every ``iu:…`` button, from either, comes here.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, Update

from bot.domain.dates import today_jakarta as today  # the day every quote is for
from bot.domain.faq.index import Outcome
from bot.domain.iuran import BPU_KINDS, MAX_AMOUNT, WorkKind, bpu_contribution, pmi_fees
from bot.domain.money import IncomeReading, Per, Period, read_income
from bot.platform.callback import pack
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import N_, _
from bot.services.calculator import INCOME_KINDS
from handlers.shared import dialogs
from handlers.shared.calculator import (
    IURAN,
    after_quote_rows,
    cancel_row,
    edit_button,
    income_screen,
    render_bpu_quote,
)
from handlers.shared.context import BotContext
from handlers.shared.dialogs import StepHandler, TextHandler
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, menu_rows, pressed
from handlers.shared.session import Keyboard, Session, acknowledge, reply

FLOW = "iuran"
PMI_PACKAGES = (6, 12, 24)

KIND_LABELS = {
    WorkKind.TRANSPORT: N_("🛵 Ojek, ojol, sopir, kurir"),
    WorkKind.INFORMAL: N_("🌾 Petani, nelayan, pedagang, lainnya"),
    WorkKind.WAGE: N_("🏭 Karyawan (menerima gaji)"),
    WorkKind.MIGRANT: N_("✈️ Pekerja migran (PMI)"),
}


async def start(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    await dialogs.end(session)
    rows: Keyboard = [
        [InlineKeyboardButton(_(label), callback_data=pack(IURAN, "k", kind))]
        for kind, label in KIND_LABELS.items()
    ]
    await reply(update, session.render("iuran_kind"), [*rows, back_to_menu_row()])


async def on_button(update: Update, context: BotContext) -> None:
    data = pressed(update)
    action = {
        "s": start,
        "k": _chose_kind,
        "p": _chose_programmes,
        "m": _chose_months,
        "r": _chose_period,
        "e": _edit_income,
    }
    step = action.get(data.part(0))
    if data.part(0) == "x":
        await _cancel(update, context)
    elif step is None:
        await stale_button(update, context)
    else:
        await step(update, context)


async def _cancel(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    await dialogs.end(session)
    await reply(update, session.render("iuran_cancelled"), menu_rows(session))


async def _chose_kind(update: Update, context: BotContext) -> None:
    session = context.session
    kind_code = pressed(update).part(1)
    if kind_code not in {k.value for k in WorkKind}:
        await stale_button(update, context)
        return
    await acknowledge(update)
    kind = WorkKind(kind_code)
    if kind is WorkKind.MIGRANT:
        await dialogs.end(session)
        rows: Keyboard = [
            [
                InlineKeyboardButton(
                    _("%(months)s bulan", months=m), callback_data=pack(IURAN, "m", m)
                )
                for m in PMI_PACKAGES
            ],
            cancel_row(),
        ]
        await reply(update, session.render("iuran_pmi_months"), rows)
        return
    await _ask_income(update, session, kind)


async def _ask_income(update: Update, session: Session, kind: WorkKind) -> None:
    await dialogs.save(session, DialogState(FLOW, "income", {"kind": kind.value}))
    await reply(
        update, session.render("iuran_income_prompt", wage=kind is WorkKind.WAGE), [cancel_row()]
    )


async def _edit_income(update: Update, context: BotContext) -> None:
    """✏️ Ubah: type the income again, for the same kind of work."""
    session = context.session
    kind_code = pressed(update).part(1)
    if kind_code not in {k.value for k in INCOME_KINDS}:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await _ask_income(update, session, WorkKind(kind_code))


def income_step(question: TextHandler) -> StepHandler:
    """The income step's handler; ``question`` answers what is typed there as a question
    (registered in bot/app.py: the FAQ's handler, which this module may not import)."""

    async def on_text(
        update: Update, context: BotContext, session: Session, state: DialogState
    ) -> None:
        """The typed income (or wage). Bad input gets a precise hint; the step stays open."""
        text = (update.effective_message.text if update.effective_message else "") or ""
        kind = WorkKind(state.data.get("kind", WorkKind.INFORMAL.value))
        reading = read_income(text)
        if reading.problem == "unreadable" and _answered_outright(session, text):
            # "apa itu jht" typed at the income step (or days after leaving the calculator):
            # a question, not a badly written income; the calculator is left.
            await dialogs.end(session)
            await question(update, context, session)
            return
        screen = income_screen(session, kind, reading, today())
        if not screen.keeps_step_open:
            await dialogs.end(session)
        await reply(update, screen.text, screen.rows)

    return on_text


def _answered_outright(session: Session, text: str) -> bool:
    return session.services.faq.search(text).outcome is Outcome.CONFIDENT


async def _chose_period(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    kind_code, said, per = data.part(1), data.int_part(2), data.part(3)
    valid = kind_code in {k.value for k in INCOME_KINDS} and per in {p.value for p in Per}
    if not valid or not 0 < said <= MAX_AMOUNT:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await dialogs.end(session)
    reading = IncomeReading(None, said, Period(Per(per)))
    screen = income_screen(session, WorkKind(kind_code), reading, today())
    await reply(update, screen.text, screen.rows)


async def _chose_programmes(update: Update, context: BotContext) -> None:
    """The BPU quote; a 5th part "1" means the government (APBN/APBD) pays the iuran."""
    session = context.session
    data = pressed(update)
    kind_code, income, count = data.part(1), data.int_part(2), data.int_part(3)
    government = data.part(4, "0")
    valid_kind = kind_code in {k.value for k in BPU_KINDS} and government in ("0", "1")
    if not valid_kind or not 0 < income <= MAX_AMOUNT or count not in (2, 3):
        await stale_button(update, context)
        return
    await acknowledge(update)
    kind, paid_by_government = WorkKind(kind_code), government == "1"
    quote = bpu_contribution(
        income, kind, count == 3, today(), session.services.rates, paid_by_government
    )
    rows: list[Sequence[InlineKeyboardButton]] = []
    if quote.discount is not None or quote.discount_withheld:
        # Only while a discount runs does it matter who pays: PP 50/2025 excludes APBN/APBD.
        label = (
            _("👤 Saya bayar sendiri")
            if paid_by_government
            else _("🏛️ Iuran saya dibayar pemerintah")
        )
        flipped = pack(IURAN, "p", kind.value, income, count, 0 if paid_by_government else 1)
        rows.append([InlineKeyboardButton(label, callback_data=flipped)])
    rows += [[edit_button(kind)], *after_quote_rows()]
    await reply(update, render_bpu_quote(session, quote), rows)


async def _chose_months(update: Update, context: BotContext) -> None:
    session = context.session
    months = pressed(update).int_part(1)
    if months not in PMI_PACKAGES:
        await stale_button(update, context)
        return
    await acknowledge(update)
    quote = pmi_fees(months, session.services.rates, today())
    await reply(update, session.render("iuran_pmi_quote", quote=quote), after_quote_rows())
