"""The contribution calculator's screens, shown by /iuran's steps and by the free-text answer
to "gaji 2jt iurannya brp" (handlers/warga/iuran.py and tanya.py): the income confirmed with
its conversion, the period question, the quotes, and their buttons (``iu:…``, handled by
/iuran). The rules behind them are in ``bot.services.calculator``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton

from bot.domain.iuran import BpuQuote, Programme, WorkKind
from bot.domain.money import IncomeReading, Monthly, Per, Period
from bot.platform.callback import pack
from bot.platform.i18n import N_, _
from bot.services import calculator
from bot.services.calculator import PER_MONTH, AskFirst, Quick, WageQuote
from handlers.shared.keyboards import back_to_menu_row
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session

IURAN = Prefix.IURAN
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


@dataclass(frozen=True)
class Screen:
    text: str
    rows: Keyboard
    keeps_step_open: bool = False  # the user may still type the income


def programme_names() -> dict[str, str]:
    return {str(code): _(name) for code, name in PROGRAMME_NAMES.items()}


def cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(IURAN, "x"))]


def edit_button(kind: WorkKind) -> InlineKeyboardButton:
    return InlineKeyboardButton(_("✏️ Ubah"), callback_data=pack(IURAN, "e", kind.value))


def after_quote_rows() -> Keyboard:
    return [
        [InlineKeyboardButton(_("🧮 Hitung lagi"), callback_data=pack(IURAN, "s"))],
        back_to_menu_row(),
    ]


def income_screen(session: Session, kind: WorkKind, reading: IncomeReading, on: date) -> Screen:
    """The reply to an income: a hint, the period question, or the amount per month to confirm
    (with the conversion shown) and what comes next."""
    checked = calculator.check_income(reading)
    if checked.problem == "period" and checked.said is not None:
        text = session.render("iuran_income_invalid", problem="period", said=checked.said)
        asked = [period_row(kind, checked.said, None), cancel_row()]
        return Screen(text, asked, keeps_step_open=True)
    if checked.income is None:
        text = session.render("iuran_income_invalid", problem=checked.problem)
        return Screen(text, [cancel_row()], keeps_step_open=True)
    converted = checked.income
    conversion = None if converted.period == PER_MONTH else converted
    if kind is WorkKind.WAGE:
        return _pu_screen(session, converted, conversion, on)
    rows: list[Sequence[InlineKeyboardButton]] = [
        [_programmes_button(_("JKK + JKM"), kind, converted.amount, 2)],
        [_programmes_button(_("JKK + JKM + JHT"), kind, converted.amount, 3)],
    ]
    if reading.period != PER_MONTH:
        # A converted amount, or one said without a period: one tap reads it per another period.
        rows.append(period_row(kind, converted.said, converted.period))
    rows += [[edit_button(kind)], cancel_row()]
    text = session.render("iuran_programmes", income=converted.amount, conversion=conversion)
    return Screen(text, rows)


def _programmes_button(label: str, kind: WorkKind, income: int, count: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(IURAN, "p", kind.value, income, count))


def period_row(kind: WorkKind, said: int, current: Period | None) -> list[InlineKeyboardButton]:
    """Buttons that read the same amount per another period ("Rp50.000 per minggu")."""
    choices = (Per.DAY, Per.WEEK, Per.MONTH) if current is None else tuple(Per)
    return [
        InlineKeyboardButton(
            _(PERIOD_LABELS[per]), callback_data=pack(IURAN, "r", kind.value, said, per.value)
        )
        for per in choices
        if current is None or Period(per) != current
    ]


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


def _pu_screen(session: Session, wage: Monthly, conversion: Monthly | None, on: date) -> Screen:
    found = calculator.pu_range(wage.amount, on, session.services.rates)
    if found is None:
        text = session.render("iuran_income_invalid", problem="too_large")
        return Screen(text, [cancel_row()], keeps_step_open=True)
    text = session.render(
        "iuran_pu_quote",
        quote=found.lowest,
        jkk_highest=found.jkk_highest,
        names=programme_names(),
        conversion=conversion,
    )
    rows: list[Sequence[InlineKeyboardButton]] = []
    if conversion is not None:
        rows.append(period_row(WorkKind.WAGE, wage.said, wage.period))
    return Screen(text, [*rows, [edit_button(WorkKind.WAGE)], *after_quote_rows()])


def quick_quote_screen(session: Session, answer: Quick, on: date) -> Screen:
    """The calculator's answer to a free-text question with an income in it
    (``bot.services.calculator.quick_quote``)."""
    if isinstance(answer, WageQuote):
        wage = answer.income
        return _pu_screen(session, wage, None if wage.period == PER_MONTH else wage, on)
    if isinstance(answer, AskFirst):
        screen = income_screen(session, answer.kind, answer.reading, on)
        # No dialogue is open here: ✏️ Ubah and the menu instead of the dialogue's Batal row.
        return Screen(
            screen.text, [*screen.rows[:-1], [edit_button(answer.kind)], back_to_menu_row()]
        )
    income, kind = answer.income, answer.kind
    conversion = None if income.period == PER_MONTH else income
    quote = render_bpu_quote(session, answer.with_jht, answer.basic, conversion, quick=True)
    rows: Keyboard = [period_row(kind, income.said, income.period)] if conversion else []
    return Screen(quote, [*rows, [edit_button(kind)], *after_quote_rows()])
