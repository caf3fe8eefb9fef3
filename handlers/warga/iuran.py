"""/iuran: the contribution calculator dialogue, and the quick answer to "gaji 2jt iurannya brp".

Steps: kind of work (button) → income (typed, parsed by ``bot.domain.money``; "50rb sehari" or
"panen
6 juta per 4 bulan" is converted to a month and the conversion shown, with buttons to correct
the period and ✏️ Ubah to retype) → programmes (button) → quote, where a BPU whose iuran the
government pays says so with one button. Buttons carry the values they need, so an old button
still computes correctly; only the typed income step needs the saved dialogue state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.domain.iuran import (
    BPU_KINDS,
    MAX_AMOUNT,
    BpuQuote,
    IncomeError,
    NoRateError,
    Programme,
    WorkKind,
    bpu_contribution,
    pmi_fees,
    pu_contribution,
)
from bot.domain.money import (
    IncomeReading,
    Monthly,
    Per,
    Period,
    find_income_match,
    monthly,
    read_income,
)
from bot.platform.callback import pack
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import N_, _
from handlers.shared import dialogs
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.session import Keyboard, Session, acknowledge, begin, reply

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
# A "monthly" income below this, said without a period, is more often per day or per week
# ("50rb"): the bot asks instead of quoting it as monthly.
ASK_PERIOD_BELOW = 500_000
PER_MONTH = Period(Per.MONTH)
INCOME_KINDS = frozenset({*BPU_KINDS, WorkKind.WAGE})  # the kinds whose income is typed
PERIOD_LABELS = {
    Per.DAY: N_("per hari"),
    Per.WEEK: N_("per minggu"),
    Per.MONTH: N_("per bulan"),
    Per.YEAR: N_("per tahun"),
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


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    await dialogs.end(session)
    from handlers.shared.keyboards import menu_rows

    await reply(update, session.render("iuran_cancelled"), menu_rows(session))


async def _chose_kind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
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
            _cancel_row(),
        ]
        await reply(update, session.render("iuran_pmi_months"), rows)
        return
    await _ask_income(update, session, kind)


async def _ask_income(update: Update, session: Session, kind: WorkKind) -> None:
    await dialogs.save(session, DialogState(FLOW, "income", {"kind": kind.value}))
    await reply(
        update, session.render("iuran_income_prompt", wage=kind is WorkKind.WAGE), [_cancel_row()]
    )


async def _edit_income(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✏️ Ubah: type the income again, for the same kind of work."""
    session = await begin(update, context)
    kind_code = pressed(update).part(1)
    if kind_code not in {k.value for k in INCOME_KINDS}:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await _ask_income(update, session, WorkKind(kind_code))


async def on_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The typed income (or wage). Bad input gets a precise hint; the step stays open."""
    text = update.effective_message.text if update.effective_message else ""
    kind = WorkKind(state.data.get("kind", WorkKind.INFORMAL.value))
    reading = read_income(text or "")
    screen = income_screen(session, kind, reading)
    if not screen.keeps_step_open:
        await dialogs.end(session)
    await reply(update, screen.text, screen.rows)


@dataclass(frozen=True)
class Screen:
    text: str
    rows: Keyboard
    keeps_step_open: bool = False  # the user may still type the income


def income_screen(session: Session, kind: WorkKind, reading: IncomeReading) -> Screen:
    """The reply to an income: a hint, the period question, or the amount per month to confirm
    (with the conversion shown) and what comes next."""
    if reading.problem is not None:
        text = session.render("iuran_income_invalid", problem=reading.problem)
        return Screen(text, [_cancel_row()], keeps_step_open=True)
    if reading.period is None and reading.said < ASK_PERIOD_BELOW:
        text = session.render("iuran_income_invalid", problem="period", said=reading.said)
        asked = [_period_row(kind, reading.said, None), _cancel_row()]
        return Screen(text, asked, keeps_step_open=True)
    converted = monthly(reading.said, reading.period or PER_MONTH)
    if not 0 < converted.amount <= MAX_AMOUNT:
        problem = "too_large" if converted.amount > 0 else "not_positive"
        text = session.render("iuran_income_invalid", problem=problem)
        return Screen(text, [_cancel_row()], keeps_step_open=True)
    conversion = None if converted.period == PER_MONTH else converted
    if kind is WorkKind.WAGE:
        return _pu_screen(session, converted, conversion)
    rows: list[Sequence[InlineKeyboardButton]] = [
        [_programmes_button(_("JKK + JKM"), kind, converted.amount, 2)],
        [_programmes_button(_("JKK + JKM + JHT"), kind, converted.amount, 3)],
    ]
    if reading.period != PER_MONTH:
        # A converted amount, or one said without a period: one tap reads it per another period.
        rows.append(_period_row(kind, converted.said, converted.period))
    rows += [[_edit_button(kind)], _cancel_row()]
    text = session.render("iuran_programmes", income=converted.amount, conversion=conversion)
    return Screen(text, rows)


def _programmes_button(label: str, kind: WorkKind, income: int, count: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(IURAN, "p", kind.value, income, count))


def _edit_button(kind: WorkKind) -> InlineKeyboardButton:
    return InlineKeyboardButton(_("✏️ Ubah"), callback_data=pack(IURAN, "e", kind.value))


def _period_row(kind: WorkKind, said: int, current: Period | None) -> list[InlineKeyboardButton]:
    """Buttons that read the same amount per another period ("Rp50.000 per minggu")."""
    choices = (Per.DAY, Per.WEEK, Per.MONTH) if current is None else tuple(Per)
    return [
        InlineKeyboardButton(
            _(PERIOD_LABELS[per]), callback_data=pack(IURAN, "r", kind.value, said, per.value)
        )
        for per in choices
        if current is None or Period(per) != current
    ]


async def _chose_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    data = pressed(update)
    kind_code, said, per = data.part(1), data.int_part(2), data.part(3)
    valid = kind_code in {k.value for k in INCOME_KINDS} and per in {p.value for p in Per}
    if not valid or not 0 < said <= MAX_AMOUNT:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await dialogs.end(session)
    reading = IncomeReading(None, said, Period(Per(per)))
    screen = income_screen(session, WorkKind(kind_code), reading)
    await reply(update, screen.text, screen.rows)


async def _chose_programmes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The BPU quote; a 5th part "1" means the government (APBN/APBD) pays the iuran."""
    session = await begin(update, context)
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
    rows += [[_edit_button(kind)], *_after_quote_rows()]
    await reply(update, render_bpu_quote(session, quote), rows)


def render_bpu_quote(
    session: Session,
    quote: BpuQuote,
    alternative: BpuQuote | None = None,
    conversion: Monthly | None = None,
    quick: bool = False,
) -> str:
    return session.render(
        "iuran_bpu_quote",
        quote=quote,
        alternative=alternative,
        names=programme_names(),
        conversion=conversion,
        quick=quick,
    )


def _after_quote_rows() -> Keyboard:
    return [
        [InlineKeyboardButton(_("🧮 Hitung lagi"), callback_data=pack(IURAN, "s"))],
        back_to_menu_row(),
    ]


def _pu_screen(session: Session, wage: Monthly, conversion: Monthly | None) -> Screen:
    rates, on = session.services.rates, today()
    try:
        lowest = pu_contribution(wage.amount, 1, on, rates)
        highest = pu_contribution(wage.amount, 5, on, rates)
    except (IncomeError, NoRateError):
        text = session.render("iuran_income_invalid", problem="too_large")
        return Screen(text, [_cancel_row()], keeps_step_open=True)
    jkk_highest = next(line.employer for line in highest.lines if line.programme is Programme.JKK)
    text = session.render(
        "iuran_pu_quote",
        quote=lowest,
        jkk_highest=jkk_highest,
        names=programme_names(),
        conversion=conversion,
    )
    rows: list[Sequence[InlineKeyboardButton]] = []
    if conversion is not None:
        rows.append(_period_row(WorkKind.WAGE, wage.said, wage.period))
    return Screen(text, [*rows, [_edit_button(WorkKind.WAGE)], *_after_quote_rows()])


async def _chose_months(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    months = pressed(update).int_part(1)
    if months not in PMI_PACKAGES:
        await stale_button(update, context)
        return
    await acknowledge(update)
    quote = pmi_fees(months, session.services.rates, today())
    await reply(update, session.render("iuran_pmi_quote", quote=quote), _after_quote_rows())


def quick_quote(session: Session, text: str) -> Screen | None:
    """The calculator's answer to a free-text question with an income in it ("gaji 2,5jt brp
    iurannya", "ojek sehari dapat 80rb iurannya brp"); None when it has no usable income."""
    match = find_income_match(text)
    if match is None:
        return None
    lowered = text.lower()
    kind = WorkKind.TRANSPORT if any(w in lowered for w in TRANSPORT_WORDS) else WorkKind.INFORMAL
    if match.seasonal or (match.period is None and match.value < ASK_PERIOD_BELOW):
        reading = IncomeReading("season" if match.seasonal else None, match.value)
        screen = income_screen(session, kind, reading)
        # No dialogue is open here: ✏️ Ubah and the menu instead of the dialogue's Batal row.
        return Screen(screen.text, [*screen.rows[:-1], [_edit_button(kind)], back_to_menu_row()])
    converted = monthly(match.value, match.period or PER_MONTH)
    rates, on = session.services.rates, today()
    try:
        with_jht = bpu_contribution(converted.amount, kind, True, on, rates)
        basic = bpu_contribution(converted.amount, kind, False, on, rates)
    except IncomeError:
        return None
    conversion = None if converted.period == PER_MONTH else converted
    text = render_bpu_quote(session, with_jht, basic, conversion, quick=True)
    rows: Keyboard = [_period_row(kind, converted.said, converted.period)] if conversion else []
    return Screen(text, [*rows, [_edit_button(kind)], *_after_quote_rows()])
