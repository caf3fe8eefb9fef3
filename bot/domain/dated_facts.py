"""Dated facts in content texts: a figure with a validity window is data, rendered for a day.

Lesson screens and FAQ answers are Jinja2 templates over a small context built from the dated
rates (``content/rates/iuran.toml``) and ``content/rates/facts.toml`` for one day in
Asia/Jakarta (:func:`bot.domain.dates.today_jakarta`), e.g.::

    {% if disc.informal.shown %}... iuran {{ disc.informal.start|month }} – ...{% endif %}

so the text before, during and after a window is each right without editing content. The
context is cached per (day, language) and compiled templates per text.

``desabot content check`` uses :func:`check_successors` (a period ending within 30 days needs a
successor recorded) and :func:`figures` (every Rp amount or percent a text states).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, StrictUndefined, Template, TemplateSyntaxError

from bot.domain.iuran import RateTable, Sourced, WorkKind, bpu_contribution, load_rates
from bot.platform.i18n import rupiah
from bot.platform.tomldata import DataFileError, TomlTable

DEFAULT_FACTS_PATH = Path(__file__).resolve().parents[2] / "content" / "rates" / "facts.toml"
SUCCESSOR_NOTICE_DAYS = 30  # a dated fact ending this soon must have its successor recorded
_SCHEMA_VERSION = 1
# The lowest declared income (Rp1 juta) is the example every text uses for BPU amounts.
EXAMPLE_INCOME = 1_000_000
# "Rp16.800", "Rp42 juta", "Rp1,5 million", "50%", "0,3 %": what counts as a figure in a text.
_FIGURE_RE = re.compile(
    r"Rp\s?\d{1,3}(?:[.,]\d{3})*(?:,\d+)?(?:\s?(?:juta|million|miliar|billion|yuta|ribu|ewu))?"
    r"|\d+(?:,\d+)?\s?%"
)
_JINJA_TAG_RE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


class FactsFileError(DataFileError):
    """``content/rates/facts.toml`` is invalid; ``str()`` names the file and the key."""


class _Table(TomlTable):
    error_class = FactsFileError


@dataclass(frozen=True)
class Successor:
    fact: str
    starts: date
    state: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DatedFacts:
    rates: RateTable
    pension_age: tuple[Sourced[int], ...]
    minimum_pension: tuple[Sourced[int], ...]
    successors: tuple[Successor, ...]


@dataclass(frozen=True)
class DiscountWindow:
    """One kind's PP 50/2025-style discount as seen on one day."""

    active: bool  # the day lies in the discounted iuran months
    upcoming: bool  # it starts later
    start: date | None
    end: date | None
    percent: int
    price: int  # JKK + JKM at the lowest income, discounted
    normal: int  # the same without discount
    with_jht: int  # discounted JKK + JKM plus JHT

    @property
    def shown(self) -> bool:
        """Whether texts mention it at all: never once it has ended."""
        return self.active or self.upcoming


@dataclass(frozen=True)
class Discounts:
    transport: DiscountWindow
    informal: DiscountWindow

    @property
    def shown(self) -> bool:
        return self.transport.shown or self.informal.shown

    @property
    def price(self) -> int:
        return (self.transport if self.transport.shown else self.informal).price

    @property
    def with_jht(self) -> int:
        return (self.transport if self.transport.shown else self.informal).with_jht


@dataclass(frozen=True)
class DatedAmount:
    amount: int
    since: date | None
    unconfirmed: bool  # a newer figure probably exists: texts say so


@dataclass(frozen=True)
class PensionAge:
    age: int
    until: date | None
    next_age: int | None
    next_from: date | None


@dataclass(frozen=True)
class Jp:
    age: PensionAge
    minimum: DatedAmount
    ceiling: DatedAmount


# --- loading ----------------------------------------------------------------------------------


def load_dated_facts(path: Path | None = None, rates: RateTable | None = None) -> DatedFacts:
    path = path or DEFAULT_FACTS_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FactsFileError(path, "(syntax)", f"not valid TOML: {exc}") from exc
    root = _Table(path, "", data)
    if root.positive("schema_version") != _SCHEMA_VERSION:
        raise root.error("schema_version", f"expected {_SCHEMA_VERSION}")
    jp = root.table("jp")
    facts = DatedFacts(
        rates=rates or load_rates(),
        pension_age=_periods(jp, "pension_age", "age"),
        minimum_pension=_periods(jp, "minimum_pension", "amount"),
        successors=tuple(_successor(item) for item in root.array("successor")),
    )
    jp.finish()
    root.finish()
    return facts


def _periods(table: _Table, key: str, value_key: str) -> tuple[Sourced[int], ...]:
    periods = []
    for item in table.array(key):
        periods.append(
            Sourced(
                value=item.positive(value_key),
                valid_from=item.optional_day("valid_from"),
                valid_to=item.optional_day("valid_to"),
                sources=item.urls("sources"),
                checked=item.day("checked"),
                unconfirmed_from=item.optional_day("unconfirmed_from"),
            )
        )
        item.finish()
    ordered = tuple(sorted(periods, key=lambda p: p.valid_from or date.min))
    for before, after in pairwise(ordered):
        starts = after.valid_from
        if before.valid_to is None or starts is None or before.valid_to >= starts:
            raise table.error(key, "periods overlap or an earlier period has no valid_to")
    return ordered


def _successor(item: _Table) -> Successor:
    state = item.get("state", str)
    if state != "none":
        raise item.error("state", 'only "none" is known')
    successor = Successor(
        item.get("fact", str), item.day("from"), state, item.urls("sources", "the successor")
    )
    item.day("checked")
    item.finish()
    return successor


@functools.cache
def default_facts() -> DatedFacts:
    """The facts of ``content/`` (read once per process; a change needs a restart)."""
    return load_dated_facts()


# --- the context of one day -------------------------------------------------------------------


def _discount(facts: DatedFacts, kind: WorkKind, day: date) -> DiscountWindow:
    periods = sorted(
        (d for d in facts.rates.bpu_discounts if kind in d.value.kinds),
        key=lambda d: d.valid_from or date.min,
    )
    current = next((d for d in periods if d.in_force(day)), None)
    upcoming = next((d for d in periods if d.valid_from and d.valid_from > day), None)
    chosen = current or upcoming
    if chosen is None or chosen.valid_from is None:
        return DiscountWindow(False, False, None, None, 0, 0, 0, 0)
    on = chosen.valid_from
    basic = bpu_contribution(EXAMPLE_INCOME, kind, False, on, facts.rates)
    full = bpu_contribution(EXAMPLE_INCOME, kind, True, on, facts.rates)
    return DiscountWindow(
        active=current is not None,
        upcoming=current is None,
        start=chosen.valid_from,
        end=chosen.valid_to,
        percent=int(chosen.value.percent),
        price=basic.total_payable,
        normal=basic.total_normal,
        with_jht=full.total_payable,
    )


def _dated_amount(periods: Iterable[Sourced[Any]], day: date, amount: Any) -> DatedAmount:
    current = next((p for p in periods if p.in_force(day)), None)
    if current is None:
        raise LookupError(f"no dated figure in force on {day}")
    return DatedAmount(amount(current.value), current.valid_from, current.unconfirmed_on(day))


def _pension_age(facts: DatedFacts, day: date) -> PensionAge:
    periods = facts.pension_age
    index = next(i for i, p in enumerate(periods) if p.in_force(day))
    following = periods[index + 1] if index + 1 < len(periods) else None
    return PensionAge(
        age=periods[index].value,
        until=periods[index].valid_to,
        next_age=following.value if following else None,
        next_from=following.valid_from if following else None,
    )


def context_for(day: date, facts: DatedFacts | None = None) -> dict[str, Any]:
    """What content texts may use on ``day``: ``disc`` (discounts) and ``jp`` (pension)."""
    return _context(day, facts or default_facts())


@functools.lru_cache(maxsize=32)
def _context(day: date, facts: DatedFacts) -> dict[str, Any]:
    return {
        "disc": Discounts(
            transport=_discount(facts, WorkKind.TRANSPORT, day),
            informal=_discount(facts, WorkKind.INFORMAL, day),
        ),
        "jp": Jp(
            age=_pension_age(facts, day),
            minimum=_dated_amount(facts.minimum_pension, day, lambda v: v),
            ceiling=_dated_amount(facts.rates.pu_jp_wage_ceiling, day, lambda v: v.amount),
        ),
        "today": day,
    }


# --- rendering --------------------------------------------------------------------------------


@functools.cache
def _environment(lang: str) -> Environment:
    # Content texts are validated Telegram HTML written by the team, and the values put in are
    # numbers and dates, so nothing is escaped here.
    env = Environment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)
    locale = {"en": "en_ID"}.get(lang, lang)
    env.filters["rupiah"] = rupiah
    env.filters["month"] = lambda day: format_date(day, "MMMM y", locale=locale)
    env.filters["year"] = lambda day: str(day.year)
    return env


@functools.lru_cache(maxsize=4096)
def _template(lang: str, text: str) -> Template:
    return _environment(lang).from_string(text)


def check_syntax(text: str) -> str | None:
    """The Jinja2 syntax error of a content text, or None."""
    try:
        _environment("id").parse(text)
    except TemplateSyntaxError as exc:
        return f"template error line {exc.lineno}: {exc.message}"
    return None


def render(text: str, lang: str, day: date, facts: DatedFacts | None = None) -> str:
    """A content text as shown on ``day``: dated figures filled in, blank lines tidied."""
    if "{" not in text:
        return text
    rendered = _template(lang, text).render(context_for(day, facts))
    return re.sub(r"\n{3,}", "\n\n", rendered).strip()


def boundary_days(facts: DatedFacts | None = None) -> list[date]:
    """Days on which some rendered text can change: each period's first and last day, and the
    days right before and after. Rendering at these covers every variant of every text."""
    facts = facts or default_facts()
    periods: list[Sourced[Any]] = [
        *facts.rates.bpu_discounts,
        *facts.rates.pu_jp_wage_ceiling,
        *facts.pension_age,
        *facts.minimum_pension,
    ]
    days: set[date] = set()
    for period in periods:
        for edge in (period.valid_from, period.valid_to, period.unconfirmed_from):
            if edge is not None:
                days.update((edge - timedelta(days=1), edge, edge + timedelta(days=1)))
    # Only days every series covers: before that, no text is shown any more.
    firsts = (facts.pension_age[0], facts.minimum_pension[0], facts.rates.pu_jp_wage_ceiling[0])
    earliest = max(p.valid_from or date.min for p in firsts)
    return sorted(d for d in days if d >= earliest)


def variants(text: str, lang: str, facts: DatedFacts | None = None) -> list[str]:
    """Every distinct rendering of ``text`` (to validate HTML and length of each)."""
    if "{" not in text:
        return [text]
    if facts is None:  # the content's own facts: loaded once, so the result can be cached
        return list(_default_variants(text, lang))
    return sorted({render(text, lang, day, facts) for day in boundary_days(facts)})


@functools.lru_cache(maxsize=4096)
def _default_variants(text: str, lang: str) -> tuple[str, ...]:
    facts = default_facts()
    return tuple(sorted({render(text, lang, day, facts) for day in boundary_days(facts)}))


def plain(text: str) -> str:
    """The text with template tags removed: every branch's words, for the search index."""
    return _JINJA_TAG_RE.sub(" ", text)


# --- checks -----------------------------------------------------------------------------------


def figures(text: str) -> list[str]:
    """The Rp amounts and percentages a (rendered) text states."""
    return [match.group(0).strip() for match in _FIGURE_RE.finditer(text)]


def check_successors(today: date, facts: DatedFacts | None = None) -> list[str]:
    """Dated periods that end within SUCCESSOR_NOTICE_DAYS of ``today`` with nothing after."""
    facts = facts or default_facts()
    horizon = today + timedelta(days=SUCCESSOR_NOTICE_DAYS)
    series: dict[str, list[Sourced[Any]]] = {
        "pu.jp_wage_ceiling": list(facts.rates.pu_jp_wage_ceiling),
        "jp.pension_age": list(facts.pension_age),
        "jp.minimum_pension": list(facts.minimum_pension),
    }
    for kind in WorkKind:
        found = [d for d in facts.rates.bpu_discounts if kind in d.value.kinds]
        if found:
            series[f"bpu.discount.{kind}"] = found
    problems = []
    for name, periods in series.items():
        for period in periods:
            end = period.valid_to
            if end is None or not today <= end <= horizon:
                continue
            if not _has_successor(name, end + timedelta(days=1), periods, facts):
                problems.append(
                    f"{name}: the period ending {end} has no successor recorded (add the next "
                    f"period, or a [[successor]] from {end + timedelta(days=1)} in "
                    "content/rates/facts.toml)"
                )
    return problems


def _has_successor(name: str, day: date, periods: list[Sourced[Any]], facts: DatedFacts) -> bool:
    if any(p.valid_from == day for p in periods):
        return True
    return any(s.fact == name and s.starts == day for s in facts.successors)
