"""Contribution (iuran) calculator for BPJS Ketenagakerjaan: pure functions over a rate table.

Rates, their sources and their effective periods live in ``content/rates/iuran.toml`` (schema
documented at the top of that file); :func:`load_rates` reads and validates it once at start-up.
Everything else here is pure: the same inputs always give the same quote, and the quote carries
data and codes only. Wording ("perkiraan", where to confirm) belongs to the chat layer.

Money is ``int`` Rupiah. A percentage of an amount can produce a fraction of a Rupiah (1 % of
Rp1.234.567); it is rounded half up to whole Rupiah, per programme line, before lines are
summed, so a quote's total always equals the sum of the lines it shows. A discounted line is
the normal line times (100 % - discount), rounded the same way: what a person pays is always
rounded half up.

``on`` is any day of the iuran month being paid for. The rate in force on that day is used, and
a discount applies when that day lies in the discount's iuran months (both ends inclusive).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Any, Generic, TypeVar

from bot.platform.tomldata import DataFileError, TomlTable

DEFAULT_RATES_PATH = Path(__file__).resolve().parents[2] / "content" / "rates" / "iuran.toml"

# Input guards, not rates: a monthly income or wage above Rp1 miliar is a typo or a joke, and
# a PMI contract longer than 10 years is not a contract the fees were written for.
MAX_AMOUNT = 1_000_000_000
MAX_CONTRACT_MONTHS = 120

_SCHEMA_VERSION = 1
_HUNDRED = Decimal(100)

T = TypeVar("T")


class WorkKind(StrEnum):
    TRANSPORT = "transport"  # ojek, ojol, sopir, kurir (BPU; own discount window)
    INFORMAL = "informal"  # petani, nelayan, pedagang and every other BPU
    WAGE = "wage"  # Penerima Upah: use pu_contribution
    MIGRANT = "migrant"  # Pekerja Migran Indonesia: use pmi_fees


BPU_KINDS = frozenset({WorkKind.TRANSPORT, WorkKind.INFORMAL})


class Programme(StrEnum):
    JKK = "JKK"
    JKM = "JKM"
    JHT = "JHT"
    JP = "JP"
    JKP = "JKP"


class IncomeReason(StrEnum):
    NOT_POSITIVE = "not_positive"
    TOO_LARGE = "too_large"
    NOT_BPU = "not_bpu"  # bpu_contribution asked for a WAGE or MIGRANT worker
    BAD_RISK_CLASS = "bad_risk_class"
    UNSUPPORTED_PERIOD = "unsupported_period"  # PMI contract length the source does not price


class IncomeError(ValueError):
    """Bad input to a calculator; ``reason`` is an :class:`IncomeReason` code for the chat layer."""

    def __init__(self, reason: IncomeReason, value: int | None = None) -> None:
        super().__init__(reason.value if value is None else f"{reason.value}: {value}")
        self.reason = reason
        self.value = value


class NoRateError(LookupError):
    """The rate table has no figure in force on that day (e.g. a date before our sources)."""

    def __init__(self, fact: str, on: date) -> None:
        super().__init__(f"no {fact} rate in force on {on.isoformat()}")
        self.fact = fact
        self.on = on


class RatesFileError(DataFileError):
    """The rates file is invalid; ``str()`` names the file and the dotted key."""


# --- the rate table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """One figure for one effective period, with where it comes from."""

    value: T
    valid_from: date | None  # None: in force before our oldest source
    valid_to: date | None  # None: until changed; inclusive
    sources: tuple[str, ...]
    checked: date
    unconfirmed_from: date | None = None

    def in_force(self, on: date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= on
        return starts_ok and (self.valid_to is None or on <= self.valid_to)

    def unconfirmed_on(self, on: date) -> bool:
        return self.unconfirmed_from is not None and on >= self.unconfirmed_from


@dataclass(frozen=True)
class CappedPercent:
    """A percent of income whose result is clamped; the clamp defines the income base range."""

    percent: Decimal
    min_amount: int
    max_amount: int
    # The official table works in nominal income steps; only its first row is sourced:
    # incomes up to this amount pay on the lowest base (None: no step known).
    lowest_step_up_to: int | None = None

    def base_for(self, income: int) -> int:
        """The income the percentage applies to: the lowest step, else the clamped income."""
        if self.lowest_step_up_to is not None and income <= self.lowest_step_up_to:
            return self.base_min
        return min(max(income, self.base_min), self.base_max)

    @property
    def base_min(self) -> int:
        return int(self.min_amount * _HUNDRED / self.percent)

    @property
    def base_max(self) -> int:
        return int(self.max_amount * _HUNDRED / self.percent)


@dataclass(frozen=True)
class Percent:
    percent: Decimal


@dataclass(frozen=True)
class Flat:
    amount: int


@dataclass(frozen=True)
class Discount:
    name: str
    percent: Decimal
    programmes: frozenset[Programme]
    kinds: frozenset[WorkKind]
    excludes_government_paid: bool


@dataclass(frozen=True)
class Shares:
    employer_percent: Decimal
    worker_percent: Decimal


@dataclass(frozen=True)
class ClassRates:
    employer_percent_by_class: tuple[Decimal, ...]  # index 0 = risk class 1


@dataclass(frozen=True)
class JkpFunding:
    total_percent: Decimal
    government_percent: Decimal
    from_jkk_percent: Decimal


@dataclass(frozen=True)
class PmiPackage:
    months: int
    amount: int


@dataclass(frozen=True)
class PmiDuringAfter:
    packages: tuple[PmiPackage, ...]  # ascending by months
    extra_month_amount: int
    extra_months_above: int


@dataclass(frozen=True)
class RateTable:
    bpu_jkk: tuple[Sourced[CappedPercent], ...]
    bpu_jkm: tuple[Sourced[Flat], ...]
    bpu_jht: tuple[Sourced[Percent], ...]
    bpu_discounts: tuple[Sourced[Discount], ...]
    pu_jkk: tuple[Sourced[ClassRates], ...]
    pu_jkm: tuple[Sourced[Shares], ...]
    pu_jht: tuple[Sourced[Shares], ...]
    pu_jp: tuple[Sourced[Shares], ...]
    pu_jp_wage_ceiling: tuple[Sourced[Flat], ...]
    pu_jkp: tuple[Sourced[JkpFunding], ...]
    pmi_before_work: tuple[Sourced[Flat], ...]
    pmi_during_after: tuple[Sourced[PmiDuringAfter], ...]


# --- quotes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BpuLine:
    programme: Programme
    normal: int
    payable: int  # after the discount; equal to normal when none applies


@dataclass(frozen=True)
class AppliedDiscount:
    name: str
    percent: Decimal
    programmes: tuple[Programme, ...]
    ends_on: date  # last day of the last discounted iuran month


@dataclass(frozen=True)
class BpuQuote:
    kind: WorkKind
    on: date
    income: int  # as declared
    income_base: int  # clamped to the range the rates are defined on
    below_minimum: bool
    above_maximum: bool
    with_jht: bool
    lines: tuple[BpuLine, ...]  # JKK, JKM, then JHT when asked for
    total_normal: int
    total_payable: int
    discount: AppliedDiscount | None
    discount_withheld: bool  # a discount ran, but not for iuran paid by APBN/APBD
    sources: tuple[str, ...]
    checked: date  # the oldest "checked" date among the figures used
    # The rule behind the lines, for the screen: JKK percent (with its minimum), JKM flat
    # amount, JHT percent; the withheld discount; whether the lowest table step was used.
    jkk_percent: Decimal = Decimal(0)
    jkk_min_amount: int = 0
    jkm_amount: int = 0
    jht_percent: Decimal | None = None
    withheld: AppliedDiscount | None = None
    lowest_step_up_to: int | None = None  # set when the income fell in the sourced first step


@dataclass(frozen=True)
class PuLine:
    programme: Programme
    base: int  # the wage the percentages apply to (JP: capped at the ceiling)
    employer_percent: Decimal
    worker_percent: Decimal
    employer: int
    worker: int
    unconfirmed: bool


@dataclass(frozen=True)
class PuQuote:
    wage: int
    risk_class: int
    on: date
    lines: tuple[PuLine, ...]  # JKK, JKM, JHT, JP, then JKP (0 and 0) when jkp_funding is set
    total_employer: int
    total_worker: int
    total: int
    jp_wage_ceiling: int
    jp_ceiling_from: date | None  # the ceiling's first day: the quote names its year
    jp_ceiling_unconfirmed: bool
    jkk_net_unconfirmed: bool  # class rates predate the 0,14 % move from JKK to JKP
    jkp_funding: JkpFunding | None  # None before PP 6/2025 (no sourced split)
    sources: tuple[str, ...]
    checked: date


@dataclass(frozen=True)
class PmiQuote:
    contract_months: int
    before_work: int
    during_after: int
    package_months: int  # the sourced package the during/after fee is built on
    extra_months: int  # months beyond that package, each at extra_month_amount
    extra_month_amount: int
    total: int
    sources: tuple[str, ...]
    checked: date


# --- BPU -------------------------------------------------------------------------------------


def bpu_contribution(
    income: int,
    kind: WorkKind,
    with_jht: bool,
    on: date,
    rates: RateTable,
    paid_by_government: bool = False,
) -> BpuQuote:
    """Monthly iuran of a BPU worker who declares ``income`` (JKK + JKM, optionally JHT)."""
    _check_amount(income)
    if kind not in BPU_KINDS:
        raise IncomeError(IncomeReason.NOT_BPU)
    jkk = _in_force(rates.bpu_jkk, on, "bpu.jkk").value
    base = jkk.base_for(income)
    normal, used = _bpu_normal(base, with_jht, on, rates)
    running = _discount_on(rates, kind, on)
    withheld = running is not None and paid_by_government and running.value.excludes_government_paid
    discount = None if withheld else running
    jht = _in_force(rates.bpu_jht, on, "bpu.jht").value.percent if with_jht else None
    in_lowest_step = jkk.lowest_step_up_to is not None and income <= jkk.lowest_step_up_to
    lines = tuple(_bpu_line(p, amount, discount) for p, amount in normal.items())
    used += [discount] if discount else []
    return BpuQuote(
        kind=kind,
        on=on,
        income=income,
        income_base=base,
        below_minimum=income < jkk.base_min,
        above_maximum=income > jkk.base_max,
        with_jht=with_jht,
        lines=lines,
        total_normal=sum(line.normal for line in lines),
        total_payable=sum(line.payable for line in lines),
        discount=_applied(discount),
        discount_withheld=withheld,
        sources=_sources_of(used),
        checked=min(fact.checked for fact in used),
        jkk_percent=jkk.percent,
        jkk_min_amount=jkk.min_amount,
        jkm_amount=normal[Programme.JKM],
        jht_percent=jht,
        withheld=_applied(running) if withheld else None,
        lowest_step_up_to=jkk.lowest_step_up_to if in_lowest_step else None,
    )


def _bpu_normal(
    base: int, with_jht: bool, on: date, rates: RateTable
) -> tuple[dict[Programme, int], list[Sourced[Any]]]:
    """Undiscounted amount per programme, and the sourced figures behind them."""
    jkk = _in_force(rates.bpu_jkk, on, "bpu.jkk")
    jkm = _in_force(rates.bpu_jkm, on, "bpu.jkm")
    normal = {
        Programme.JKK: _percent_of(base, jkk.value.percent),
        Programme.JKM: jkm.value.amount,
    }
    used: list[Sourced[Any]] = [jkk, jkm]
    if with_jht:
        jht = _in_force(rates.bpu_jht, on, "bpu.jht")
        normal[Programme.JHT] = _percent_of(base, jht.value.percent)
        used.append(jht)
    return normal, used


def _discount_on(rates: RateTable, kind: WorkKind, on: date) -> Sourced[Discount] | None:
    # The loader guarantees at most one discount per kind per day.
    return next(
        (d for d in rates.bpu_discounts if kind in d.value.kinds and d.in_force(on)),
        None,
    )


def _bpu_line(programme: Programme, normal: int, discount: Sourced[Discount] | None) -> BpuLine:
    if discount is None or programme not in discount.value.programmes:
        return BpuLine(programme, normal, normal)
    return BpuLine(programme, normal, _percent_of(normal, _HUNDRED - discount.value.percent))


def _applied(discount: Sourced[Discount] | None) -> AppliedDiscount | None:
    if discount is None:
        return None
    assert discount.valid_to is not None  # required for discounts by the loader
    programmes = tuple(p for p in Programme if p in discount.value.programmes)
    return AppliedDiscount(
        discount.value.name, discount.value.percent, programmes, discount.valid_to
    )


# --- PU --------------------------------------------------------------------------------------


def pu_contribution(wage: int, risk_class: int, on: date, rates: RateTable) -> PuQuote:
    """Monthly iuran of a wage earner: employer and worker shares per programme."""
    _check_amount(wage)
    jkk = _in_force(rates.pu_jkk, on, "pu.jkk")
    by_class = jkk.value.employer_percent_by_class
    if not 1 <= risk_class <= len(by_class):
        raise IncomeError(IncomeReason.BAD_RISK_CLASS, risk_class)
    jkm = _in_force(rates.pu_jkm, on, "pu.jkm")
    jht = _in_force(rates.pu_jht, on, "pu.jht")
    jp = _in_force(rates.pu_jp, on, "pu.jp")
    ceiling = _in_force(rates.pu_jp_wage_ceiling, on, "pu.jp_wage_ceiling")
    # JKP has no sourced split before PP 6/2025; it costs employer and worker nothing anyway.
    jkp = next((p for p in rates.pu_jkp if p.in_force(on)), None)
    # (programme, wage base, shares, the figure whose UNCONFIRMED flag the line carries)
    parts: list[tuple[Programme, int, Shares, Sourced[Any]]] = [
        (Programme.JKK, wage, Shares(by_class[risk_class - 1], Decimal(0)), jkk),
        (Programme.JKM, wage, jkm.value, jkm),
        (Programme.JHT, wage, jht.value, jht),
        (Programme.JP, min(wage, ceiling.value.amount), jp.value, ceiling),
    ]
    if jkp is not None:
        parts.append((Programme.JKP, wage, _NO_SHARES, jkp))
    lines = tuple(_pu_line(p, base, sh, fact.unconfirmed_on(on)) for p, base, sh, fact in parts)
    used: list[Sourced[Any]] = [jkk, jkm, jht, jp, ceiling, *([jkp] if jkp else [])]
    total_employer = sum(line.employer for line in lines)
    total_worker = sum(line.worker for line in lines)
    return PuQuote(
        wage=wage,
        risk_class=risk_class,
        on=on,
        lines=lines,
        total_employer=total_employer,
        total_worker=total_worker,
        total=total_employer + total_worker,
        jp_wage_ceiling=ceiling.value.amount,
        jp_ceiling_from=ceiling.valid_from,
        jp_ceiling_unconfirmed=ceiling.unconfirmed_on(on),
        jkk_net_unconfirmed=jkk.unconfirmed_on(on),
        jkp_funding=jkp.value if jkp else None,
        sources=_sources_of(used),
        checked=min(fact.checked for fact in used),
    )


# JKP costs the employer and the worker nothing on top (see PuQuote.jkp_funding).
_NO_SHARES = Shares(Decimal(0), Decimal(0))


def _pu_line(programme: Programme, base: int, shares: Shares, unconfirmed: bool) -> PuLine:
    return PuLine(
        programme=programme,
        base=base,
        employer_percent=shares.employer_percent,
        worker_percent=shares.worker_percent,
        employer=_percent_of(base, shares.employer_percent),
        worker=_percent_of(base, shares.worker_percent),
        unconfirmed=unconfirmed,
    )


# --- PMI -------------------------------------------------------------------------------------


def pmi_fees(contract_months: int, rates: RateTable, on: date | None = None) -> PmiQuote:
    """JKK + JKM fees of a migrant worker for a contract of ``contract_months``.

    ``on`` picks the rates in force that day; None takes the newest period in the table
    (the fees have no monthly cycle, so callers usually quote "as of now").
    """
    if contract_months <= 0:
        raise IncomeError(IncomeReason.NOT_POSITIVE, contract_months)
    if contract_months > MAX_CONTRACT_MONTHS:
        raise IncomeError(IncomeReason.TOO_LARGE, contract_months)
    before = _in_force_or_newest(rates.pmi_before_work, on, "pmi.before_work")
    during = _in_force_or_newest(rates.pmi_during_after, on, "pmi.during_after")
    package = _pmi_package(contract_months, during.value)
    extra_months = contract_months - package.months
    during_after = package.amount + extra_months * during.value.extra_month_amount
    return PmiQuote(
        contract_months=contract_months,
        before_work=before.value.amount,
        during_after=during_after,
        package_months=package.months,
        extra_months=extra_months,
        extra_month_amount=during.value.extra_month_amount,
        total=before.value.amount + during_after,
        sources=_sources_of([before, during]),
        checked=min(before.checked, during.checked),
    )


def _pmi_package(months: int, fees: PmiDuringAfter) -> PmiPackage:
    exact = next((p for p in fees.packages if p.months == months), None)
    if exact is not None:
        return exact
    if months <= fees.extra_months_above:
        # Between two packages (or below the shortest): the source does not price it.
        raise IncomeError(IncomeReason.UNSUPPORTED_PERIOD, months)
    return max((p for p in fees.packages if p.months <= months), key=lambda p: p.months)


# --- shared helpers --------------------------------------------------------------------------


def _check_amount(amount: int) -> None:
    if amount <= 0:
        raise IncomeError(IncomeReason.NOT_POSITIVE, amount)
    if amount > MAX_AMOUNT:
        raise IncomeError(IncomeReason.TOO_LARGE, amount)


def _percent_of(amount: int, percent: Decimal) -> int:
    exact = Decimal(amount) * percent / _HUNDRED
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _in_force(periods: tuple[Sourced[T], ...], on: date, fact: str) -> Sourced[T]:
    for period in periods:
        if period.in_force(on):
            return period
    raise NoRateError(fact, on)


def _in_force_or_newest(periods: tuple[Sourced[T], ...], on: date | None, fact: str) -> Sourced[T]:
    if on is not None:
        return _in_force(periods, on, fact)
    return max(periods, key=lambda p: p.valid_from or date.min)


def _sources_of(facts: Iterable[Sourced[Any]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(url for fact in facts for url in fact.sources))


# --- loading and validating the rates file ---------------------------------------------------


def load_rates(path: Path | None = None) -> RateTable:
    """Read and validate the rates TOML; raise :class:`RatesFileError` naming file and key."""
    path = path or DEFAULT_RATES_PATH
    try:
        with path.open("rb") as handle:
            # Decimal, not float: 0.24 must stay exactly 0,24 %.
            data = tomllib.load(handle, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RatesFileError(path, "(syntax)", f"not valid TOML: {exc}") from exc
    return _read_table(_Section(path, "", data))


def _read_table(root: _Section) -> RateTable:
    if root.integer("schema_version") != _SCHEMA_VERSION:
        raise root.error("schema_version", f"expected {_SCHEMA_VERSION}")
    bpu, pu, pmi = root.section("bpu"), root.section("pu"), root.section("pmi")
    table = RateTable(
        bpu_jkk=_periods(bpu, "jkk", _read_capped_percent),
        bpu_jkm=_periods(bpu, "jkm", _read_flat),
        bpu_jht=_periods(bpu, "jht", lambda s: Percent(s.percent("percent"))),
        bpu_discounts=_discounts(bpu),
        pu_jkk=_periods(pu, "jkk", _read_class_rates),
        pu_jkm=_periods(pu, "jkm", _read_shares),
        pu_jht=_periods(pu, "jht", _read_shares),
        pu_jp=_periods(pu, "jp", _read_shares),
        pu_jp_wage_ceiling=_periods(pu, "jp_wage_ceiling", _read_flat),
        pu_jkp=_periods(pu, "jkp", _read_jkp),
        pmi_before_work=_periods(pmi, "before_work", _read_flat),
        pmi_during_after=_periods(pmi, "during_after", _read_pmi_during_after),
    )
    for section in (root, bpu, pu, pmi):
        section.finish()
    return table


def _periods(
    parent: _Section, key: str, read_value: Callable[[_Section], T]
) -> tuple[Sourced[T], ...]:
    periods = tuple(_read_period(item, read_value) for item in parent.array(key))
    _check_no_overlap(parent, key, periods)
    return periods


def _read_period(item: _Section, read_value: Callable[[_Section], T]) -> Sourced[T]:
    value = read_value(item)
    period = Sourced(
        value=value,
        valid_from=item.optional_day("valid_from"),
        valid_to=item.optional_day("valid_to"),
        sources=item.urls("sources", "the figure"),
        checked=item.day("checked"),
        unconfirmed_from=item.optional_day("unconfirmed_from"),
    )
    if period.valid_from and period.valid_to and period.valid_from > period.valid_to:
        raise item.error("valid_to", "is before valid_from")
    item.finish()
    return period


def _check_no_overlap(parent: _Section, key: str, periods: tuple[Sourced[T], ...]) -> None:
    ordered = sorted(periods, key=lambda p: p.valid_from or date.min)
    for earlier, later in pairwise(ordered):
        if earlier.valid_to is None or earlier.valid_to >= (later.valid_from or date.min):
            raise parent.error(key, "two periods overlap; close the older one with valid_to")


def _read_capped_percent(item: _Section) -> CappedPercent:
    step = None if item.data.get("lowest_step_up_to") is None else item.integer("lowest_step_up_to")
    rule = CappedPercent(
        item.percent("percent"), item.integer("min_amount"), item.integer("max_amount"), step
    )
    if rule.min_amount >= rule.max_amount:
        raise item.error("max_amount", "must be above min_amount")
    for key, amount in (("min_amount", rule.min_amount), ("max_amount", rule.max_amount)):
        base = amount * _HUNDRED / rule.percent
        if base != base.to_integral_value():
            raise item.error(key, "divided by percent must give a whole-Rupiah income base")
    if step is not None and not rule.base_min <= step < rule.base_max:
        raise item.error("lowest_step_up_to", "must lie between the lowest and highest base")
    return rule


def _read_flat(item: _Section) -> Flat:
    return Flat(item.integer("amount"))


def _read_shares(item: _Section) -> Shares:
    worker = item.optional_percent("worker_percent")
    return Shares(item.percent("employer_percent"), worker or Decimal(0))


def _read_class_rates(item: _Section) -> ClassRates:
    key = "employer_percent_by_class"
    rates = [_as_percent(v) for v in item.get(key, list)]
    checked = [r for r in rates if r is not None]
    if not checked or len(checked) != len(rates):
        raise item.error(key, "must be a non-empty list of percentages")
    return ClassRates(tuple(checked))


def _read_jkp(item: _Section) -> JkpFunding:
    funding = JkpFunding(
        item.percent("total_percent"),
        item.percent("government_percent"),
        item.percent("from_jkk_percent"),
    )
    if funding.government_percent + funding.from_jkk_percent != funding.total_percent:
        raise item.error("total_percent", "must equal government_percent + from_jkk_percent")
    return funding


def _read_pmi_during_after(item: _Section) -> PmiDuringAfter:
    packages = tuple(
        sorted(
            (_read_pmi_package(p) for p in item.array("packages")),
            key=lambda p: p.months,
        )
    )
    months = [p.months for p in packages]
    if len(set(months)) != len(months):
        raise item.error("packages", "two packages have the same months")
    fees = PmiDuringAfter(
        packages, item.integer("extra_month_amount"), item.integer("extra_months_above")
    )
    if fees.extra_months_above not in months:
        raise item.error("extra_months_above", "must be one of the package lengths")
    return fees


def _read_pmi_package(item: _Section) -> PmiPackage:
    package = PmiPackage(item.integer("months"), item.integer("amount"))
    item.finish()
    return package


def _discounts(bpu: _Section) -> tuple[Sourced[Discount], ...]:
    periods = tuple(_read_discount_period(item) for item in bpu.array("discount"))
    for kind in BPU_KINDS:
        _check_no_overlap(bpu, "discount", tuple(p for p in periods if kind in p.value.kinds))
    return periods


def _read_discount_period(item: _Section) -> Sourced[Discount]:
    period = _read_period(item, _read_discount)
    # The window is the whole point of a discount: an open end would discount forever.
    for key, day in (("valid_from", period.valid_from), ("valid_to", period.valid_to)):
        if day is None:
            raise item.error(key, "is required for a discount")
    return period


def _read_discount(item: _Section) -> Discount:
    return Discount(
        name=item.get("name", str),
        percent=item.percent("percent"),
        programmes=frozenset(item.choices("programmes", Programme, {"JKK", "JKM", "JHT"})),
        kinds=frozenset(item.choices("kinds", WorkKind, {k.value for k in BPU_KINDS})),
        excludes_government_paid=item.get("excludes_government_paid", bool),
    )


def _as_percent(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    percent = Decimal(value)
    return percent if 0 <= percent <= _HUNDRED else None


E = TypeVar("E", bound=StrEnum)


class _Section(TomlTable):
    """A TOML table of the rates file (typed getters and unknown-key check in TomlTable)."""

    error_class = RatesFileError

    def integer(self, key: str) -> int:
        return self.positive(key)

    def percent(self, key: str) -> Decimal:
        self.used.add(key)
        percent = _as_percent(self.data.get(key))
        if percent is None:
            raise self.error(key, "missing or not a percentage between 0 and 100")
        return percent

    def optional_percent(self, key: str) -> Decimal | None:
        return None if self.data.get(key) is None else self.percent(key)

    def choices(self, key: str, enum: type[E], allowed: set[str]) -> list[E]:
        values = self.get(key, list)
        if not values or not all(isinstance(v, str) and v in allowed for v in values):
            raise self.error(key, f"must list values from {sorted(allowed)}")
        return [enum(v) for v in values]

    def section(self, key: str) -> _Section:
        return self.table(key)
