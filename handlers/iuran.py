"""/iuran: the contribution calculator dialogue, and the quick answer to "gaji 2jt iurannya brp".

Steps: kind of work (button) → monthly income (typed, parsed by ``bot.money``) → programmes
(button). Buttons carry the values they need, so an old button still computes correctly; only
the typed income step needs the saved dialogue state.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.callback import pack, unpack
from bot.db.dialogs import DialogState
from bot.i18n import N_, _
from bot.iuran import (
    BPU_KINDS,
    BpuQuote,
    IncomeError,
    NoRateError,
    Programme,
    WorkKind,
    bpu_contribution,
    pmi_fees,
    pu_contribution,
)
from bot.money import Per, find_amounts
from handlers import dialogs
from handlers.common import Keyboard, Session, acknowledge, begin, reply
from handlers.fallback import stale_button
from handlers.menu import back_to_menu_row

IURAN = "iu"
FLOW = "iuran"
PMI_PACKAGES = (6, 12, 24)
TRANSPORT_WORDS = ("ojek", "ojol", "sopir", "supir", "kurir", "driver", "angkot", "gojek", "grab")

KIND_LABELS = {
    WorkKind.TRANSPORT: N_("🛵 Ojek, ojol, sopir, kurir"),
    WorkKind.INFORMAL: N_("🌾 Petani, nelayan, pedagang, lainnya"),
    WorkKind.WAGE: N_("🏭 Karyawan (menerima gaji)"),
    WorkKind.MIGRANT: N_("✈️ Pekerja migran (PMI)"),
}
PROGRAMME_NAMES = {
    Programme.JKK: N_("Jaminan Kecelakaan Kerja"),
    Programme.JKM: N_("Jaminan Kematian"),
    Programme.JHT: N_("Jaminan Hari Tua"),
    Programme.JP: N_("Jaminan Pensiun"),
    Programme.JKP: N_("Jaminan Kehilangan Pekerjaan"),
}


def today() -> date:
    """Rates and discounts are chosen by the date in Indonesia (WIB)."""
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def programme_names() -> dict[str, str]:
    return {str(code): _(name) for code, name in PROGRAMME_NAMES.items()}


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(IURAN, "x"))]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    await dialogs.end(session)
    rows: Keyboard = [
        [InlineKeyboardButton(_(label), callback_data=pack(IURAN, "k", kind))]
        for kind, label in KIND_LABELS.items()
    ]
    await reply(update, session.render("iuran_kind"), [*rows, back_to_menu_row()])


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = unpack(update.callback_query.data if update.callback_query else None)
    action = {"s": start, "k": _chose_kind, "p": _chose_programmes, "m": _chose_months}
    step = action.get(data.part(0))
    if data.part(0) == "x":
        await _cancel(update, context)
    elif step is None:
        await stale_button(update, context)
    else:
        await step(update, context)


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    await dialogs.end(session)
    from handlers.menu import menu_rows

    await reply(update, session.render("iuran_cancelled"), menu_rows(session))


async def _chose_kind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    kind_code = unpack(update.callback_query.data if update.callback_query else None).part(1)
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
            _cancel_row(),
        ]
        await reply(update, session.render("iuran_pmi_months"), rows)
        return
    await dialogs.save(session, DialogState(FLOW, "income", {"kind": kind.value}))
    await reply(
        update, session.render("iuran_income_prompt", wage=kind is WorkKind.WAGE), [_cancel_row()]
    )


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The typed income (or wage). Bad input gets a precise hint; the step stays open."""
    text = update.effective_message.text if update.effective_message else ""
    kind = WorkKind(state.data.get("kind", WorkKind.INFORMAL.value))
    problem, amount = _read_income(text or "")
    if problem is not None or amount is None:
        await reply(
            update, session.render("iuran_income_invalid", problem=problem), [_cancel_row()]
        )
        return
    if kind is WorkKind.WAGE:
        await dialogs.end(session)
        await _send_pu_quote(update, session, amount)
        return
    await dialogs.end(session)
    rows: Keyboard = [
        [
            InlineKeyboardButton(
                _("JKK + JKM"), callback_data=pack(IURAN, "p", kind.value, amount, 2)
            )
        ],
        [
            InlineKeyboardButton(
                _("JKK + JKM + JHT"), callback_data=pack(IURAN, "p", kind.value, amount, 3)
            )
        ],
        _cancel_row(),
    ]
    await reply(update, session.render("iuran_programmes", income=amount), rows)


def _read_income(text: str) -> tuple[str | None, int | None]:
    """(problem code, amount): problem is one of unreadable/period/not_positive/too_large."""
    matches = find_amounts(text)
    if not matches:
        stripped = text.strip().lstrip("-").replace(".", "").replace(",", "")
        if text.strip().startswith("-") and stripped.isdigit():
            return "not_positive", None
        return "unreadable", None
    first = matches[0]
    if first.per is not None and first.per is not Per.MONTH:
        return "period", None
    if first.value <= 0:
        return "not_positive", None
    if first.value > 1_000_000_000:
        return "too_large", None
    return None, first.value


async def _chose_programmes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    data = unpack(update.callback_query.data if update.callback_query else None)
    kind_code, income, count = data.part(1), data.int_part(2), data.int_part(3)
    if kind_code not in {k.value for k in BPU_KINDS} or income <= 0 or count not in (2, 3):
        await stale_button(update, context)
        return
    await acknowledge(update)
    quote = bpu_contribution(
        income, WorkKind(kind_code), count == 3, today(), session.services.rates
    )
    await reply(update, render_bpu_quote(session, quote), _after_quote_rows())


def render_bpu_quote(session: Session, quote: BpuQuote, alternative: BpuQuote | None = None) -> str:
    return session.render(
        "iuran_bpu_quote", quote=quote, alternative=alternative, names=programme_names()
    )


def _after_quote_rows() -> Keyboard:
    return [
        [InlineKeyboardButton(_("🧮 Hitung lagi"), callback_data=pack(IURAN, "s"))],
        back_to_menu_row(),
    ]


async def _send_pu_quote(update: Update, session: Session, wage: int) -> None:
    rates, on = session.services.rates, today()
    try:
        lowest, highest = pu_contribution(wage, 1, on, rates), pu_contribution(wage, 5, on, rates)
    except (IncomeError, NoRateError):
        await reply(
            update, session.render("iuran_income_invalid", problem="too_large"), [_cancel_row()]
        )
        return
    jkk_highest = next(line.employer for line in highest.lines if line.programme is Programme.JKK)
    text = session.render(
        "iuran_pu_quote", quote=lowest, jkk_highest=jkk_highest, names=programme_names()
    )
    await reply(update, text, _after_quote_rows())


async def _chose_months(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    months = unpack(update.callback_query.data if update.callback_query else None).int_part(1)
    if months not in PMI_PACKAGES:
        await stale_button(update, context)
        return
    await acknowledge(update)
    quote = pmi_fees(months, session.services.rates, today())
    await reply(update, session.render("iuran_pmi_quote", quote=quote), _after_quote_rows())


def quick_quote(session: Session, text: str, income: int) -> str | None:
    """The calculator's answer to a free-text question with an income in it."""
    lowered = text.lower()
    kind = WorkKind.TRANSPORT if any(w in lowered for w in TRANSPORT_WORDS) else WorkKind.INFORMAL
    rates, on = session.services.rates, today()
    try:
        with_jht = bpu_contribution(income, kind, True, on, rates)
        basic = bpu_contribution(income, kind, False, on, rates)
    except IncomeError:
        return None
    return session.render(
        "iuran_bpu_quote", quote=with_jht, alternative=basic, names=programme_names(), quick=True
    )


def quote_rows() -> Keyboard:
    return _after_quote_rows()
