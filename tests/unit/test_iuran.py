"""The contribution calculator reproduces every figure of shared/domain/facts.md §2.6-2.9."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.iuran import (
    DEFAULT_RATES_PATH,
    MAX_AMOUNT,
    BpuQuote,
    IncomeError,
    IncomeReason,
    NoRateError,
    Programme,
    RatesFileError,
    WorkKind,
    bpu_contribution,
    load_rates,
    pmi_fees,
    pu_contribution,
)
from bot.platform.i18n import I18n, short_date

RATES = load_rates()
NO_DISCOUNT_DAY = date(2025, 6, 15)  # before PP 50/2025's windows
TRANSPORT_WINDOW = (date(2026, 1, 1), date(2027, 3, 31))
INFORMAL_WINDOW = (date(2026, 4, 1), date(2026, 12, 31))
CHECKED = date(2026, 11, 27)


def bpu(
    income: int,
    kind: WorkKind = WorkKind.INFORMAL,
    with_jht: bool = False,
    on: date = NO_DISCOUNT_DAY,
    paid_by_government: bool = False,
) -> BpuQuote:
    return bpu_contribution(income, kind, with_jht, on, RATES, paid_by_government)


def amounts(quote: BpuQuote) -> dict[Programme, tuple[int, int]]:
    return {line.programme: (line.normal, line.payable) for line in quote.lines}


# --- BPU: the §2.7 key table -----------------------------------------------------------------

# income, JKK, JKM, JKK+JKM, JHT, three programmes
TABLE_2_7 = [
    (1_000_000, 10_000, 6_800, 16_800, 20_000, 36_800),
    (1_500_000, 15_000, 6_800, 21_800, 30_000, 51_800),
    (2_000_000, 20_000, 6_800, 26_800, 40_000, 66_800),
    (3_000_000, 30_000, 6_800, 36_800, 60_000, 96_800),
    (5_000_000, 50_000, 6_800, 56_800, 100_000, 156_800),
    (10_000_000, 100_000, 6_800, 106_800, 200_000, 306_800),
    (20_700_000, 207_000, 6_800, 213_800, 414_000, 627_800),
]


@pytest.mark.parametrize(("income", "jkk", "jkm", "two", "jht", "three"), TABLE_2_7)
@pytest.mark.parametrize("kind", [WorkKind.INFORMAL, WorkKind.TRANSPORT])
def test_villager_sees_the_key_table_figures_for_a_declared_income(
    income: int, jkk: int, jkm: int, two: int, jht: int, three: int, kind: WorkKind
) -> None:
    basic = bpu(income, kind)
    full = bpu(income, kind, with_jht=True)
    assert amounts(basic) == {Programme.JKK: (jkk, jkk), Programme.JKM: (jkm, jkm)}
    assert basic.total_normal == basic.total_payable == two
    assert amounts(full)[Programme.JHT] == (jht, jht)
    assert full.total_normal == full.total_payable == three
    assert basic.discount is None and not basic.discount_withheld
    assert basic.income_base == income and not basic.below_minimum and not basic.above_maximum


def test_lines_come_in_programme_order() -> None:
    programmes = [line.programme for line in bpu(2_000_000, with_jht=True).lines]
    assert programmes == [Programme.JKK, Programme.JKM, Programme.JHT]


def test_income_below_the_lowest_base_is_quoted_on_rp1_juta_and_flagged() -> None:
    quote = bpu(500_000, with_jht=True)
    assert quote.income == 500_000
    assert quote.income_base == 1_000_000
    assert quote.below_minimum and not quote.above_maximum
    assert quote.total_normal == 36_800
    assert bpu(999_999).below_minimum
    assert not bpu(1_000_000).below_minimum


def test_income_above_the_highest_base_is_quoted_on_rp20_7_juta_and_flagged() -> None:
    quote = bpu(50_000_000, with_jht=True)
    assert quote.income_base == 20_700_000
    assert quote.above_maximum and not quote.below_minimum
    assert amounts(quote)[Programme.JKK] == (207_000, 207_000)
    assert amounts(quote)[Programme.JHT] == (414_000, 414_000)
    assert bpu(20_700_001).above_maximum
    assert not bpu(20_700_000).above_maximum


def test_fractions_of_a_rupiah_round_half_up() -> None:
    # 1 % of 1.234.567 = 12.345,67 -> 12.346; 2 % = 24.691,34 -> 24.691
    assert amounts(bpu(1_234_567, with_jht=True))[Programme.JKK] == (12_346, 12_346)
    assert amounts(bpu(1_234_567, with_jht=True))[Programme.JHT] == (24_691, 24_691)
    # 1 % of 1.100.050 = 11.000,5 -> 11.001 (above the table's first step)
    assert amounts(bpu(1_100_050))[Programme.JKK] == (11_001, 11_001)


def test_discounted_odd_amount_is_rounded_half_up_too() -> None:
    # JKK 1 % of 1.230.100 = 12.301; half = 6.150,5 -> 6.151
    quote = bpu(1_230_100, on=INFORMAL_WINDOW[0])
    assert amounts(quote)[Programme.JKK] == (12_301, 6_151)
    assert quote.total_payable == 6_151 + 3_400


# --- BPU: the PP 50/2025 discount ------------------------------------------------------------


def test_ojol_pays_rp8400_instead_of_rp16800_in_2026() -> None:
    quote = bpu(1_000_000, WorkKind.TRANSPORT, on=date(2026, 2, 10))
    assert quote.total_normal == 16_800
    assert quote.total_payable == 8_400
    assert amounts(quote) == {Programme.JKK: (10_000, 5_000), Programme.JKM: (6_800, 3_400)}
    assert quote.discount is not None
    assert quote.discount.name == "PP 50/2025"
    assert quote.discount.percent == Decimal(50)
    assert quote.discount.programmes == (Programme.JKK, Programme.JKM)
    assert quote.discount.ends_on == date(2027, 3, 31)


def test_petani_with_jht_pays_rp28400_and_jht_is_never_discounted() -> None:
    quote = bpu(1_000_000, WorkKind.INFORMAL, with_jht=True, on=date(2026, 6, 1))
    assert quote.total_normal == 36_800
    assert quote.total_payable == 28_400
    assert amounts(quote)[Programme.JHT] == (20_000, 20_000)
    assert quote.discount is not None and quote.discount.ends_on == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("kind", "window"),
    [(WorkKind.TRANSPORT, TRANSPORT_WINDOW), (WorkKind.INFORMAL, INFORMAL_WINDOW)],
)
def test_discount_window_includes_first_and_last_day_only(
    kind: WorkKind, window: tuple[date, date]
) -> None:
    first, last = window
    one_day = timedelta(days=1)
    for day, discounted in [
        (first - one_day, False),
        (first, True),
        (last, True),
        (last + one_day, False),
    ]:
        quote = bpu(1_000_000, kind, on=day)
        assert (quote.total_payable == 8_400) is discounted, day
        assert (quote.discount is not None) is discounted, day


def test_informal_worker_gets_no_discount_in_the_first_quarter_of_2026() -> None:
    assert bpu(1_000_000, WorkKind.TRANSPORT, on=date(2026, 2, 1)).total_payable == 8_400
    assert bpu(1_000_000, WorkKind.INFORMAL, on=date(2026, 2, 1)).total_payable == 16_800


def test_iuran_paid_by_apbn_or_apbd_gets_no_discount() -> None:
    quote = bpu(1_000_000, WorkKind.TRANSPORT, on=date(2026, 2, 1), paid_by_government=True)
    assert quote.discount is None
    assert quote.discount_withheld
    assert quote.total_payable == quote.total_normal == 16_800
    outside = bpu(1_000_000, WorkKind.TRANSPORT, on=date(2028, 1, 1), paid_by_government=True)
    assert not outside.discount_withheld


@pytest.mark.parametrize(
    ("income", "base", "jkk", "jht", "in_step"),
    [
        (1_000_000, 1_000_000, 10_000, 20_000, True),
        (1_050_000, 1_000_000, 10_000, 20_000, True),
        (1_099_000, 1_000_000, 10_000, 20_000, True),  # the sourced row: Rp36.800 in all
        (1_099_001, 1_099_001, 10_990, 21_980, False),  # above it: the formula, an estimate
        (1_100_000, 1_100_000, 11_000, 22_000, False),
    ],
)
def test_income_in_the_first_table_step_pays_on_the_rp1_juta_base(
    income: int, base: int, jkk: int, jht: int, in_step: bool
) -> None:
    quote = bpu(income, with_jht=True)
    assert quote.income_base == base
    assert amounts(quote)[Programme.JKK] == (jkk, jkk)
    assert amounts(quote)[Programme.JHT] == (jht, jht)
    assert (quote.lowest_step_up_to == 1_099_000) is in_step
    assert any("radarkaur" in url for url in quote.sources)


def test_quote_names_the_rule_it_used() -> None:
    quote = bpu(2_000_000, with_jht=True)
    assert (quote.jkk_percent, quote.jkk_min_amount, quote.jkm_amount) == (1, 10_000, 6_800)
    assert quote.jht_percent == 2
    assert bpu(2_000_000).jht_percent is None


def test_withheld_discount_is_named_on_the_quote() -> None:
    quote = bpu(2_000_000, on=date(2026, 6, 1), paid_by_government=True)
    assert quote.withheld is not None and quote.withheld.name == "PP 50/2025"
    assert bpu(2_000_000, on=date(2026, 6, 1)).withheld is None


def test_quote_carries_its_sources_and_check_date() -> None:
    quote = bpu(1_000_000, WorkKind.TRANSPORT, with_jht=True, on=date(2026, 2, 1))
    assert quote.checked == CHECKED
    assert len(quote.sources) == len(set(quote.sources))
    assert all(url.startswith("https://") for url in quote.sources)
    assert any("jpnn.com" in url for url in quote.sources)  # the discount's own source
    assert not any("jpnn.com" in url for url in bpu(1_000_000).sources)


# --- BPU: bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "reason"),
    [
        (0, IncomeReason.NOT_POSITIVE),
        (-1_000_000, IncomeReason.NOT_POSITIVE),
        (MAX_AMOUNT + 1, IncomeReason.TOO_LARGE),
        (50_000_000_000, IncomeReason.TOO_LARGE),
    ],
)
def test_impossible_income_is_refused_with_a_reason(income: int, reason: IncomeReason) -> None:
    with pytest.raises(IncomeError) as caught:
        bpu(income)
    assert caught.value.reason == reason
    assert caught.value.reason == reason.value  # plain string codes work too
    assert isinstance(caught.value, ValueError)


def test_rp1_miliar_is_still_quoted() -> None:
    assert bpu(MAX_AMOUNT).above_maximum


@pytest.mark.parametrize("kind", [WorkKind.WAGE, WorkKind.MIGRANT])
def test_wage_earner_and_migrant_are_not_quoted_as_bpu(kind: WorkKind) -> None:
    with pytest.raises(IncomeError) as caught:
        bpu(2_000_000, kind)
    assert caught.value.reason == "not_bpu"


# --- BPU: properties -------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
BPU_KINDS = st.sampled_from([WorkKind.TRANSPORT, WorkKind.INFORMAL])
INCOMES = st.integers(min_value=1, max_value=MAX_AMOUNT)


@given(INCOMES, INCOMES, BPU_KINDS, st.booleans(), DAYS, st.booleans())
def test_more_income_never_costs_less(
    a: int, b: int, kind: WorkKind, with_jht: bool, on: date, government: bool
) -> None:
    low, high = sorted((a, b))
    cheap = bpu_contribution(low, kind, with_jht, on, RATES, government)
    dear = bpu_contribution(high, kind, with_jht, on, RATES, government)
    assert cheap.total_payable <= dear.total_payable
    assert cheap.total_normal <= dear.total_normal


@given(INCOMES, BPU_KINDS, st.booleans(), DAYS, st.booleans())
def test_discounted_never_exceeds_normal_and_totals_add_up(
    income: int, kind: WorkKind, with_jht: bool, on: date, government: bool
) -> None:
    quote = bpu_contribution(income, kind, with_jht, on, RATES, government)
    assert all(0 < line.payable <= line.normal for line in quote.lines)
    assert quote.total_payable == sum(line.payable for line in quote.lines)
    assert quote.total_normal == sum(line.normal for line in quote.lines)
    assert 1_000_000 <= quote.income_base <= 20_700_000


# --- PU --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk_class", "jkk"),
    [(1, 12_000), (2, 27_000), (3, 44_500), (4, 63_500), (5, 87_000)],
)
def test_employer_pays_jkk_by_risk_class(risk_class: int, jkk: int) -> None:
    # 0,24 / 0,54 / 0,89 / 1,27 / 1,74 % of Rp5.000.000
    quote = pu_contribution(5_000_000, risk_class, date(2026, 6, 1), RATES)
    line = quote.lines[0]
    assert line.programme == Programme.JKK
    assert (line.employer, line.worker) == (jkk, 0)


def test_wage_earner_sees_employer_and_worker_shares() -> None:
    quote = pu_contribution(5_000_000, 1, date(2026, 6, 1), RATES)
    shares = {line.programme: (line.employer, line.worker) for line in quote.lines}
    assert shares == {
        Programme.JKK: (12_000, 0),  # 0,24 %
        Programme.JKM: (15_000, 0),  # 0,30 %
        Programme.JHT: (185_000, 100_000),  # 3,7 % + 2 %
        Programme.JP: (100_000, 50_000),  # 2 % + 1 %
        Programme.JKP: (0, 0),  # government + re-allocated JKK
    }
    assert quote.total_employer == 312_000
    assert quote.total_worker == 150_000
    assert quote.total == 462_000


def test_pension_is_counted_on_wage_up_to_the_ceiling() -> None:
    quote = pu_contribution(15_000_000, 1, date(2026, 6, 1), RATES)
    jp = next(line for line in quote.lines if line.programme == Programme.JP)
    assert quote.jp_wage_ceiling == 10_042_300
    assert jp.base == 10_042_300
    assert (jp.employer, jp.worker) == (200_846, 100_423)
    jht = next(line for line in quote.lines if line.programme == Programme.JHT)
    assert jht.base == 15_000_000  # JHT has no ceiling


def test_jkp_is_funded_without_cost_to_worker() -> None:
    quote = pu_contribution(5_000_000, 1, date(2026, 6, 1), RATES)
    assert quote.jkp_funding is not None
    assert quote.jkp_funding.total_percent == Decimal("0.36")
    assert quote.jkp_funding.government_percent == Decimal("0.22")
    assert quote.jkp_funding.from_jkk_percent == Decimal("0.14")


def test_net_jkk_is_flagged_unconfirmed_from_pp_6_2025() -> None:
    before = pu_contribution(5_000_000, 1, date(2025, 2, 6), RATES)
    after = pu_contribution(5_000_000, 1, date(2025, 2, 7), RATES)
    assert not before.jkk_net_unconfirmed and before.jkp_funding is None
    assert Programme.JKP not in {line.programme for line in before.lines}
    assert after.jkk_net_unconfirmed and after.jkp_funding is not None
    assert after.lines[0].unconfirmed  # the JKK line itself
    assert after.total_employer == before.total_employer  # same gross employer rate


def test_jp_ceiling_is_flagged_once_a_newer_yearly_ceiling_is_due() -> None:
    assert not pu_contribution(5_000_000, 1, date(2025, 2, 28), RATES).jp_ceiling_unconfirmed
    assert pu_contribution(5_000_000, 1, date(2025, 3, 1), RATES).jp_ceiling_unconfirmed


def test_pu_before_the_sourced_jp_ceiling_has_no_rate() -> None:
    with pytest.raises(NoRateError) as caught:
        pu_contribution(5_000_000, 1, date(2024, 2, 29), RATES)
    assert caught.value.fact == "pu.jp_wage_ceiling"


@pytest.mark.parametrize("risk_class", [0, 6, -1])
def test_unknown_risk_class_is_refused(risk_class: int) -> None:
    with pytest.raises(IncomeError) as caught:
        pu_contribution(5_000_000, risk_class, date(2026, 6, 1), RATES)
    assert caught.value.reason == IncomeReason.BAD_RISK_CLASS


@pytest.mark.parametrize(
    ("wage", "reason"), [(0, "not_positive"), (-5, "not_positive"), (MAX_AMOUNT + 1, "too_large")]
)
def test_impossible_wage_is_refused(wage: int, reason: str) -> None:
    with pytest.raises(IncomeError) as caught:
        pu_contribution(wage, 1, date(2026, 6, 1), RATES)
    assert caught.value.reason == reason


# --- PMI -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("months", "during_after"), [(6, 108_000), (12, 189_000), (24, 332_500)])
def test_migrant_pays_the_sourced_package_for_6_12_24_months(
    months: int, during_after: int
) -> None:
    quote = pmi_fees(months, RATES)
    assert quote.before_work == 37_500
    assert quote.during_after == during_after
    assert (quote.package_months, quote.extra_months) == (months, 0)
    assert quote.total == 37_500 + during_after
    assert quote.checked == CHECKED


def test_migrant_with_24_months_pays_rp370000_in_all() -> None:
    assert pmi_fees(24, RATES).total == 370_000


@pytest.mark.parametrize(("months", "during_after"), [(25, 346_000), (36, 494_500)])
def test_contract_longer_than_24_months_adds_rp13500_per_extra_month(
    months: int, during_after: int
) -> None:
    quote = pmi_fees(months, RATES)
    assert quote.during_after == during_after
    assert quote.package_months == 24
    assert quote.extra_months == months - 24
    assert quote.extra_month_amount == 13_500


@pytest.mark.parametrize("months", [1, 5, 7, 11, 13, 18, 23])
def test_contract_between_packages_is_not_priced(months: int) -> None:
    with pytest.raises(IncomeError) as caught:
        pmi_fees(months, RATES)
    assert caught.value.reason == IncomeReason.UNSUPPORTED_PERIOD


@pytest.mark.parametrize(
    ("months", "reason"), [(0, "not_positive"), (-6, "not_positive"), (121, "too_large")]
)
def test_impossible_contract_length_is_refused(months: int, reason: str) -> None:
    with pytest.raises(IncomeError) as caught:
        pmi_fees(months, RATES)
    assert caught.value.reason == reason


def test_pmi_fees_use_the_rates_in_force_on_a_given_day() -> None:
    assert pmi_fees(24, RATES, on=date(2023, 2, 22)).total == 370_000
    with pytest.raises(NoRateError):
        pmi_fees(24, RATES, on=date(2023, 2, 21))


# --- the rates file --------------------------------------------------------------------------

RATES_TEXT = DEFAULT_RATES_PATH.read_text(encoding="utf-8")


def write_variant(tmp_path: Path, old: str, new: str) -> Path:
    assert RATES_TEXT.count(old) == 1, f"anchor must be unique: {old!r}"
    path = tmp_path / "iuran.toml"
    path.write_text(RATES_TEXT.replace(old, new), encoding="utf-8")
    return path


def test_every_figure_in_the_shipped_file_has_sources_and_a_check_date() -> None:
    periods = [period for field in RATES.__dataclass_fields__ for period in getattr(RATES, field)]
    assert len(periods) == 13
    assert all(p.checked == CHECKED and p.sources for p in periods)
    assert all(url.startswith("https://") for p in periods for url in p.sources)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("\npercent = 1.0\n", '\npercent = "1"\n', "bpu.jkk[0].percent"),
        ("\npercent = 1.0\n", "\npercent = 0.3\n", "bpu.jkk[0].min_amount"),
        ("amount = 6_800\n", "amount = -6_800\n", "bpu.jkm[0].amount"),
        ("amount = 6_800\n", "amount = 6_800\nvalid_form = 2026-01-01\n", "bpu.jkm[0].valid_form"),
        ("\nschema_version = 1\n", "\nschema_version = 2\n", "schema_version"),
        ("total_percent = 0.36", "total_percent = 0.46", "pu.jkp[0].total_percent"),
        ("valid_to = 2027-03-31\n", "", "bpu.discount[0].valid_to"),
        ('kinds = ["transport"]', 'kinds = ["wage"]', "bpu.discount[0].kinds"),
        (
            "extra_months_above = 24",
            "extra_months_above = 18",
            "pmi.during_after[0].extra_months_above",
        ),
        (
            "checked = 2026-11-27\n\n[[bpu.jkm]]",
            "checked = 2026-11-27T08:00:00\n\n[[bpu.jkm]]",
            "bpu.jkk[0].checked",
        ),
        ("valid_to = 2026-12-31", "valid_to = 2026-03-01", "bpu.discount[1].valid_to"),
    ],
)
def test_a_bad_edit_names_the_file_and_the_key(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    path = write_variant(tmp_path, old, new)
    with pytest.raises(RatesFileError) as caught:
        load_rates(path)
    assert caught.value.key == key
    assert str(path) in str(caught.value) and key in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_missing_sources_are_refused(tmp_path: Path) -> None:
    text = re.sub(
        r"(\[\[bpu\.jkm\]\]\namount = 6_800\n)sources = \[\n.*?\n\]\n",
        r"\1",
        RATES_TEXT,
        flags=re.S,
    )
    path = tmp_path / "iuran.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RatesFileError, match=r"bpu\.jkm\[0\]\.sources"):
        load_rates(path)


def test_overlapping_discounts_for_one_kind_are_refused(tmp_path: Path) -> None:
    path = write_variant(tmp_path, 'kinds = ["informal"]', 'kinds = ["informal", "transport"]')
    with pytest.raises(RatesFileError, match="overlap") as caught:
        load_rates(path)
    assert caught.value.key == "bpu.discount"


def test_broken_toml_is_refused_with_the_file_name(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "\nschema_version = 1\n", "\nschema_version = \n")
    with pytest.raises(RatesFileError, match="not valid TOML") as caught:
        load_rates(path)
    assert str(path) in str(caught.value)


def test_a_rate_change_is_a_data_edit(tmp_path: Path) -> None:
    closed = "amount = 6_800\nvalid_to = 2027-12-31\n"
    new_period = (
        "[[bpu.jkm]]\namount = 7_000\nvalid_from = 2028-01-01\n"
        'sources = ["https://example.org/new-rate"]\nchecked = 2027-12-01\n\n'
    )
    path = write_variant(tmp_path, "amount = 6_800\n", closed)
    text = path.read_text(encoding="utf-8").replace(
        "\n[[bpu.jht]]\n", f"\n{new_period}[[bpu.jht]]\n"
    )
    path.write_text(text, encoding="utf-8")
    rates = load_rates(path)
    before = bpu_contribution(1_000_000, WorkKind.INFORMAL, False, date(2027, 12, 31), rates)
    after = bpu_contribution(1_000_000, WorkKind.INFORMAL, False, date(2028, 1, 1), rates)
    assert before.total_normal == 16_800
    assert after.total_normal == 17_000
    assert "https://example.org/new-rate" in after.sources
    assert after.checked == CHECKED  # the oldest check among the figures used


# --- the JP ceiling's year on the quote, with a fixture rates file ---------------------------

JP_CEILINGS_FIXTURE = """[[pu.jp_wage_ceiling]]
amount = 10_042_300
valid_from = 2024-03-01
valid_to = 2025-02-28
sources = ["https://example.org/jp-ceiling-2024"]
checked = 2026-11-27

[[pu.jp_wage_ceiling]]
amount = 10_547_400
valid_from = 2025-03-01
unconfirmed_from = 2026-03-01
sources = ["https://example.org/jp-ceiling-2025"]
checked = 2026-11-27
"""


def fixture_ceilings(tmp_path: Path) -> Path:
    """The shipped rates with the JP ceilings replaced: the test does not depend on whichever
    figures the shipped file holds for 2025/2026."""
    flags = re.DOTALL | re.MULTILINE
    blocks = re.compile(r"^\[\[pu\.jp_wage_ceiling\]\]\n.*?^checked = [0-9-]+\n", flags)
    assert blocks.search(RATES_TEXT)
    text = blocks.sub("", RATES_TEXT)
    text = re.sub(r"^\[\[pu\.jkp\]\]$", JP_CEILINGS_FIXTURE + "\n[[pu.jkp]]", text, flags=flags)
    path = tmp_path / "iuran.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("on", "ceiling", "year", "hedged"),
    [
        (date(2024, 6, 1), "Rp10.042.300", 2024, False),
        (date(2025, 6, 1), "Rp10.547.400", 2025, False),
        (date(2026, 2, 28), "Rp10.547.400", 2025, False),
        (date(2026, 3, 1), "Rp10.547.400", 2025, True),  # the 2026 figure is due, not known
        (date(2027, 6, 1), "Rp10.547.400", 2025, True),
    ],
)
def test_pu_quote_names_the_ceiling_year_and_hedges_when_it_may_have_changed(
    tmp_path: Path, i18n: I18n, on: date, ceiling: str, year: int, hedged: bool
) -> None:
    rates = load_rates(fixture_ceilings(tmp_path))
    quote = pu_contribution(15_000_000, 1, on, rates)
    assert quote.jp_ceiling_unconfirmed is hedged
    names = {str(p): p.value for p in Programme}
    texts = {
        lang: i18n.render("iuran_pu_quote", lang, quote=quote, jkk_highest=1, names=names)
        for lang in ("id", "en")
    }
    assert f"paling tinggi {ceiling}, batas upah tahun {year}" in texts["id"]
    assert f"at most {ceiling}, the wage ceiling of {year}" in texts["en"]
    assert ("mungkin sudah berubah" in texts["id"]) is hedged
    assert ("may have changed" in texts["en"]) is hedged


@pytest.mark.parametrize(
    ("income", "first_step"),
    [(1_099_000, True), (1_050_000, True), (1_099_001, False), (1_500_000, False)],
)
def test_bpu_quote_says_which_table_rule_it_used_as_the_faq_does(
    i18n: I18n, income: int, first_step: bool
) -> None:
    quote = bpu(income, with_jht=True)
    names = {str(p): p.value for p in Programme}
    text = i18n.render("iuran_bpu_quote", "id", quote=quote, alternative=None, names=names)
    step = "tabel resmi memakai dasar ini untuk penghasilan sampai Rp1.099.000"
    assert (step in text) is first_step
    assert ("batas tingkatnya belum dapat dipastikan" in text) is not first_step
    assert "JKK 1% dari penghasilan (paling sedikit Rp10.000), JKM Rp6.800, JHT 2%" in text
    assert f"Angka dicek {short_date(quote.checked, 'id')}" in text
    assert ("Total: Rp36.800" in text) is first_step
