"""The calculator's rules that /iuran and the free-text answer share (bot.services.calculator):
which incomes are quoted, which are asked about first, and the quotes for a question."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.iuran import Programme, WorkKind, bpu_contribution, load_rates
from bot.domain.money import IncomeReading, Per, Period
from bot.services import calculator
from bot.services.calculator import ASK_PERIOD_BELOW, AskFirst, BothQuotes, WageQuote

RATES = load_rates()
ON = date(2026, 3, 4)


def test_a_daily_income_is_quoted_per_month() -> None:
    checked = calculator.check_income(IncomeReading(None, 50_000, Period(Per.DAY)))
    assert checked.problem is None and checked.income is not None
    assert checked.income.amount == 1_250_000  # 25 working days


def test_a_small_amount_without_a_period_is_asked_about() -> None:
    checked = calculator.check_income(IncomeReading(None, ASK_PERIOD_BELOW - 1))
    assert (checked.problem, checked.said, checked.income) == ("period", ASK_PERIOD_BELOW - 1, None)


def test_a_large_amount_without_a_period_is_read_as_monthly() -> None:
    checked = calculator.check_income(IncomeReading(None, ASK_PERIOD_BELOW))
    assert checked.income is not None and checked.income.amount == ASK_PERIOD_BELOW


@pytest.mark.parametrize(
    ("reading", "problem"),
    [
        (IncomeReading("unreadable"), "unreadable"),
        (IncomeReading(None, 2_000_000_000, Period(Per.MONTH)), "too_large"),
    ],
)
def test_unusable_incomes_say_why(reading: IncomeReading, problem: str) -> None:
    checked = calculator.check_income(reading)
    assert (checked.problem, checked.income) == (problem, None)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sy ojol sehari 150rb", WorkKind.TRANSPORT),
        ("Sopir angkot gaji 3jt", WorkKind.TRANSPORT),
        ("petani gaji 2jt", WorkKind.INFORMAL),
        ("gaji 2,5jt brp iurannya", WorkKind.INFORMAL),  # farmers and traders say gaji too
        ("sy karyawan pabrik gaji 4 juta dipotong berapa", WorkKind.WAGE),
        ("I'm a factory worker, my salary is 4 juta, how much is deducted?", WorkKind.WAGE),
        ("aku buruh pabrik, gajiku 4 yuta, dipotong piro", WorkKind.WAGE),
    ],
)
def test_the_kind_of_work_is_read_from_the_question(text: str, kind: WorkKind) -> None:
    assert calculator.kind_of_work(text) is kind


def test_a_question_with_a_monthly_income_gets_both_quotes() -> None:
    answer = calculator.quick_quote("ojek gaji 2jt iurannya brp", ON, RATES)
    assert isinstance(answer, BothQuotes)
    assert answer.kind is WorkKind.TRANSPORT and answer.income.amount == 2_000_000
    expected = bpu_contribution(2_000_000, WorkKind.TRANSPORT, True, ON, RATES)
    assert answer.with_jht.total_payable == expected.total_payable
    assert answer.basic.total_payable < answer.with_jht.total_payable  # without JHT


def test_an_employees_question_gets_the_wage_quote_not_the_self_employed_one() -> None:
    answer = calculator.quick_quote("karyawan pabrik gaji 4 juta dipotong brp", ON, RATES)
    assert isinstance(answer, WageQuote)
    assert answer.income.amount == 4_000_000


def test_a_question_with_a_harvest_income_is_asked_about_first() -> None:
    answer = calculator.quick_quote("panen dapat 6 juta iurannya brp", ON, RATES)
    assert answer == AskFirst(WorkKind.INFORMAL, IncomeReading("season", 6_000_000))


def test_a_question_without_an_income_gets_no_quote() -> None:
    assert calculator.quick_quote("iurannya brp ya", ON, RATES) is None


def test_an_employee_gets_the_lowest_class_and_the_highest_jkk() -> None:
    found = calculator.pu_range(3_000_000, ON, RATES)
    assert found is not None
    jkk = next(line.employer for line in found.lowest.lines if line.programme is Programme.JKK)
    # Risk classes 1 and 5: 0,24% and 1,74% of the wage (facts.md, PU iuran by risk class).
    assert (jkk, found.jkk_highest) == (7_200, 52_200)
