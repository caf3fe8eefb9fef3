"""The contribution calculator's rules between an income as a villager says it and a quote.

Which incomes are quoted and which are asked about first (a small amount said without a
period is more often per day: "50rb"), which kind of work a free-text question is about, and
the quotes for a day. /iuran's steps and the free-text answer to "gaji 2jt iurannya brp" both
use this one module, so both say the same. Pure: the caller passes the rates and the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.iuran import (
    BPU_KINDS,
    MAX_AMOUNT,
    BpuQuote,
    IncomeError,
    NoRateError,
    Programme,
    PuQuote,
    RateTable,
    WorkKind,
    bpu_contribution,
    pu_contribution,
)
from bot.domain.money import IncomeReading, Monthly, Per, Period, find_income_match, monthly

# A "monthly" income below this, said without a period, is more often per day or per week
# ("50rb"): the bot asks instead of quoting it as monthly.
ASK_PERIOD_BELOW = 500_000
PER_MONTH = Period(Per.MONTH)
INCOME_KINDS = frozenset({*BPU_KINDS, WorkKind.WAGE})  # the kinds whose income is typed
TRANSPORT_WORDS = ("ojek", "ojol", "sopir", "supir", "kurir", "driver", "angkot", "gojek", "grab")
# An employee's question: what is deducted from a wage, not what a self-employed member pays
# ("sy karyawan pabrik gaji 4 juta dipotong berapa", "factory worker, salary 4 juta, how much is
# deducted"). Not "gaji" alone: farmers and traders call their income gaji too.
EMPLOYEE_WORDS = (
    "karyawan", "pegawai", "pegawe", "pabrik", "perusahaan", "dipotong", "potongan", "slip gaji",
    "employee", "factory", "company", "deducted", "deduction", "payslip", "pay slip",
)  # fmt: skip
LOWEST_RISK_CLASS, HIGHEST_RISK_CLASS = 1, 5


@dataclass(frozen=True)
class IncomeCheck:
    """An income as read: a problem to explain ("period": ask per what, for ``said``), or the
    amount per month to quote."""

    problem: str | None = None
    said: int | None = None
    income: Monthly | None = None


def check_income(reading: IncomeReading) -> IncomeCheck:
    if reading.problem is not None:
        return IncomeCheck(problem=reading.problem)
    if reading.period is None and reading.said < ASK_PERIOD_BELOW:
        return IncomeCheck(problem="period", said=reading.said)
    converted = monthly(reading.said, reading.period or PER_MONTH)
    if not 0 < converted.amount <= MAX_AMOUNT:
        return IncomeCheck(problem="too_large" if converted.amount > 0 else "not_positive")
    return IncomeCheck(income=converted)


@dataclass(frozen=True)
class PuRange:
    """An employee's contribution at the lowest risk class, and the employer's JKK at the
    highest: the wage says nothing about the workplace's risk."""

    lowest: PuQuote
    jkk_highest: int


def pu_range(wage: int, on: date, rates: RateTable) -> PuRange | None:
    """None when no rate applies to this wage (far beyond any ceiling)."""
    try:
        lowest = pu_contribution(wage, LOWEST_RISK_CLASS, on, rates)
        highest = pu_contribution(wage, HIGHEST_RISK_CLASS, on, rates)
    except (IncomeError, NoRateError):
        return None
    jkk = next(line.employer for line in highest.lines if line.programme is Programme.JKK)
    return PuRange(lowest, jkk)


def kind_of_work(text: str) -> WorkKind:
    """An employee is quoted what the wage gives up (PU); ojek, ojol, sopir and kurir have
    their own BPU rates; anything else is quoted as informal work."""
    lowered = text.lower()
    if any(w in lowered for w in EMPLOYEE_WORDS):
        return WorkKind.WAGE
    return WorkKind.TRANSPORT if any(w in lowered for w in TRANSPORT_WORDS) else WorkKind.INFORMAL


@dataclass(frozen=True)
class AskFirst:
    """A free-text income to ask about before quoting: per harvest, or small and no period."""

    kind: WorkKind
    reading: IncomeReading


@dataclass(frozen=True)
class BothQuotes:
    """A free-text income per month, quoted with and without JHT."""

    kind: WorkKind
    income: Monthly
    with_jht: BpuQuote
    basic: BpuQuote


@dataclass(frozen=True)
class WageQuote:
    """A free-text wage of an employee per month: the PU quote (``pu_range``) answers it."""

    income: Monthly


Quick = AskFirst | BothQuotes | WageQuote


def quick_quote(text: str, on: date, rates: RateTable) -> Quick | None:
    """The answer to a question with an income in it ("gaji 2,5jt brp iurannya", "ojek sehari
    dapat 80rb iurannya brp", "karyawan pabrik gaji 4 juta dipotong brp"); None when it has
    no usable income."""
    match = find_income_match(text)
    if match is None:
        return None
    kind = kind_of_work(text)
    if match.seasonal or (match.period is None and match.value < ASK_PERIOD_BELOW):
        return AskFirst(kind, IncomeReading("season" if match.seasonal else None, match.value))
    converted = monthly(match.value, match.period or PER_MONTH)
    if kind is WorkKind.WAGE:
        return WageQuote(converted) if pu_range(converted.amount, on, rates) else None
    try:
        with_jht = bpu_contribution(converted.amount, kind, True, on, rates)
        basic = bpu_contribution(converted.amount, kind, False, on, rates)
    except IncomeError:
        return None
    return BothQuotes(kind, converted, with_jht, basic)
