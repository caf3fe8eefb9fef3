"""Desa Sadar self-check: pure functions over a village snapshot.

The criteria (texts, thresholds, weights, sources) live in ``content/rules/desa_sadar.toml``
(format in ``content/rules/README.md``); :func:`load_rules` reads and validates it once at
start-up. This module knows how each criterion id is judged; the file says what it is called,
why it matters, what to do next and which thresholds apply. Used by the village self-check
(/ceksyarat), the officer's review, statistics and broadcast targeting.

The result is an *indication*, never a verdict: no official criteria list is published and
designation is by BPJS Ketenagakerjaan (shared/domain/facts.md §1.3-1.4, DESIGN §4).

Three states, so that missing data is never mistaken for compliance:
``MET`` the reported data meets the criterion; ``NOT_MET`` the reported data does not and no
missing figure could change that; ``UNKNOWN`` it depends on data the village has not reported
(``None`` in the snapshot, or no members of that group recorded). A criterion is MET only on
known data, so reporting a missing figure can never turn a MET into something else.

``next_steps`` order (by impact): required criteria first, then higher weight, then UNKNOWN
before NOT_MET at equal weight (reporting a figure is one step in the bot and may already
settle it, whereas a NOT_MET needs work in the village), then the order of the rules file.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.tomldata import DataFileError, TomlTable

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[2] / "content" / "rules" / "desa_sadar.toml"
MAX_TEXT_CHARS = 300
TEXT_FIELDS = ("title", "why", "advice")

# Member.jabatan_group: "perangkat" = Sekdes, Kaur, Kasi, Kadus (Permendagri 84/2015);
# "lembaga" = RT/RW, PKK, Karang Taruna, Posyandu, LPM, BUMDes staff, kader (facts.md §4.1).
JABATAN_GROUPS = ("kepala_desa", "perangkat", "bpd", "lembaga")
# Member.status: only "aktif" counts; "nonaktif" = registered but contributions stopped.
MEMBER_STATUSES = ("aktif", "nonaktif", "belum")

_VILLAGE_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_KAB_CODE_RE = re.compile(r"^\d{2}\.\d{2}$")
_VERSION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\.\d+$")

ParamValue = int | Decimal  # counts are int; shares are exact Decimal (0.1 stays 1/10)
Numbers = dict[str, int | float]
T = TypeVar("T")
StrEnumT = TypeVar("StrEnumT", bound=StrEnum)


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Kind(StrEnum):
    REQUIRED = "required"
    SUPPORTING = "supporting"


class Action(StrEnum):
    """The bot action that moves a criterion forward (a criterion may have none)."""

    ADD_MEMBER = "add_member"
    REPORT_FIGURES = "report_figures"


class RulesError(DataFileError):
    """The rules file is invalid; ``str()`` names the file and the dotted key."""


# --- the village snapshot --------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    jabatan_group: str  # one of JABATAN_GROUPS
    status: str  # one of MEMBER_STATUSES

    def __post_init__(self) -> None:
        if self.jabatan_group not in JABATAN_GROUPS:
            raise ValueError(f"jabatan_group must be one of {JABATAN_GROUPS}")
        if self.status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}")


@dataclass(frozen=True)
class VillageSnapshot:
    """What a village has reported. ``None`` = not reported = unknown, never "no"."""

    code: str  # Kemendagri village code, e.g. "35.05.15.2004"
    members: tuple[Member, ...]
    working_residents: int | None
    registered_bpu: int | None
    registered_pu: int | None
    budget_allocated: bool | None
    budget_amount: int | None  # Rupiah
    regulation_number: str | None  # Perdes/Perkades number
    perisai_agent: bool | None
    sosialisasi_events: int | None
    sosialisasi_participants: int | None
    sosialisasi_last_date: date | None  # the latest event; no criterion reads it (yet)
    mou_signed: bool | None
    vulnerable_workers_covered: int | None

    def __post_init__(self) -> None:
        if not _VILLAGE_CODE_RE.match(self.code):
            raise ValueError(f"village code must look like 35.05.15.2004, got {self.code!r}")
        for name in _SNAPSHOT_FIELDS:  # not fields(self): a province builds 8,000 of these
            value = getattr(self, name)
            if isinstance(value, int) and not isinstance(value, bool) and value < 0:
                raise ValueError(f"{name} must not be negative")

    @functools.cached_property
    def group_counts(self) -> Mapping[str, tuple[int, int]]:
        """Jabatan group -> (aktif, recorded), counted once however many criteria ask."""
        counts = {group: [0, 0] for group in JABATAN_GROUPS}
        for member in self.members:
            count = counts[member.jabatan_group]
            count[0] += member.status == "aktif"
            count[1] += 1
        return {group: (aktif, total) for group, (aktif, total) in counts.items()}


_SNAPSHOT_FIELDS = tuple(item.name for item in fields(VillageSnapshot))


def kab_code(village_code: str) -> str:
    """Kabupaten/kota code of a village code: "35.05.15.2004" -> "35.05"."""
    if not _VILLAGE_CODE_RE.match(village_code):
        raise ValueError(f"village code must look like 35.05.15.2004, got {village_code!r}")
    return village_code[:5]


# --- rules and results -----------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    id: str
    kind: Kind
    title: Mapping[str, str]  # language -> text, for every SUPPORTED_LANGUAGES
    why: Mapping[str, str]
    advice: Mapping[str, str]
    evidence: tuple[str, ...]  # VillageSnapshot fields it reads
    params: Mapping[str, ParamValue]  # defaults, before any kabupaten override
    weight: int
    action: Action | None
    sources: tuple[str, ...]
    applies_from: date | None = None  # left out of reports before this day

    @property
    def required(self) -> bool:
        return self.kind is Kind.REQUIRED


@dataclass(frozen=True)
class RuleSet:
    version: str
    criteria: tuple[Criterion, ...]
    # kab code -> criterion id -> parameter -> value
    overrides: Mapping[str, Mapping[str, Mapping[str, ParamValue]]]

    def params_for(self, criterion: Criterion, kab: str) -> dict[str, ParamValue]:
        """The criterion's parameters with the kabupaten/kota override applied."""
        override = self.overrides.get(kab, {}).get(criterion.id, {})
        return {**criterion.params, **override}


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: Status
    numbers: Numbers  # the figures behind the status, e.g. {"registered": 7, "total": 9}


@dataclass(frozen=True)
class Report:
    rules_version: str
    results: tuple[CriterionResult, ...]  # in the order of the rules file
    indicated: bool  # every required criterion MET: an indication, not a designation
    progress: float  # 0..1, weighted share of MET criteria
    next_steps: tuple[CriterionResult, ...]  # NOT_MET and UNKNOWN, by impact
    kab_code: str

    def result(self, criterion_id: str) -> CriterionResult:
        for result in self.results:
            if result.criterion.id == criterion_id:
                return result
        raise KeyError(criterion_id)


def evaluate(snapshot: VillageSnapshot, rules: RuleSet, today: date) -> Report:
    """Judge every criterion in force on ``today`` with the village's kabupaten parameters."""
    kab = kab_code(snapshot.code)
    results = tuple(
        _judge(criterion, snapshot, rules.params_for(criterion, kab))
        for criterion in _in_force(rules, today)
    )
    required = [r for r in results if r.criterion.required]
    total = sum(r.criterion.weight for r in results)
    met = sum(r.criterion.weight for r in results if r.status is Status.MET)
    return Report(
        rules_version=rules.version,
        results=results,
        indicated=bool(required) and all(r.status is Status.MET for r in required),
        progress=met / total if total else 0.0,
        next_steps=tuple(sorted((r for r in results if r.status is not Status.MET), key=_impact)),
        kab_code=kab,
    )


# Figures shown beside a criterion but never judged: a village is not asked for them.
_SHOWN_ONLY = frozenset({"budget_amount", "regulation_number"})


def missing_figures(result: CriterionResult, snapshot: VillageSnapshot) -> tuple[str, ...]:
    """The snapshot figures a village must report to settle an UNKNOWN criterion, in evidence
    order ("members" is not a figure: recording people is another step). Empty otherwise, so
    the self-check never asks for a figure that was reported."""
    if result.status is not Status.UNKNOWN:
        return ()
    judged = [name for name in result.criterion.evidence if name not in _SHOWN_ONLY]
    if not result.numbers.get("min_participants", 1):
        judged = [name for name in judged if name != "sosialisasi_participants"]
    return tuple(
        name
        for name in judged
        if name != "members"
        # 0 working residents cannot carry a share: it is asked for again.
        and (
            getattr(snapshot, name) is None
            or (name == "working_residents" and not snapshot.working_residents)
        )
    )


def indicated(snapshot: VillageSnapshot, rules: RuleSet, today: date) -> bool:
    """``evaluate(snapshot, rules, today).indicated`` judging only the required criteria.

    For counting thousands of villages (an officer's province in /statistik); a test keeps it
    equal to the full report's answer.
    """
    return count_indicated([snapshot], rules, today) == 1


def count_indicated(snapshots: Iterable[VillageSnapshot], rules: RuleSet, today: date) -> int:
    """How many of the villages are indicated."""
    return sum(flag for _code, flag in indications(snapshots, rules, today))


def indications(
    snapshots: Iterable[VillageSnapshot], rules: RuleSet, today: date
) -> Iterator[tuple[str, bool]]:
    """(village code, indicated) for each snapshot; the required criteria and each
    kabupaten's parameters are looked up once, not per village."""
    required = [c for c in _in_force(rules, today) if c.required]
    params: dict[str, list[tuple[Criterion, dict[str, ParamValue]]]] = {}
    for snapshot in snapshots:
        if not required:
            yield snapshot.code, False
            continue
        kab = kab_code(snapshot.code)
        if kab not in params:
            params[kab] = [(c, rules.params_for(c, kab)) for c in required]
        met = all(_CHECKS[c.id].judge(snapshot, p)[0] is Status.MET for c, p in params[kab])
        yield snapshot.code, met


def indication_fingerprint(rules: RuleSet, today: date) -> str:
    """A short digest of everything in the rules that the indication depends on: the required
    criteria in force on ``today``, their parameters and every kabupaten override of them.
    Equal fingerprints give equal indications for equal snapshots (``bot.services.indications``)."""
    required = [c for c in _in_force(rules, today) if c.required]
    ids = {c.id for c in required}
    basis = (
        [(c.id, c.evidence, sorted(c.params.items())) for c in required],
        sorted(
            (kab, cid, sorted(values.items()))
            for kab, by_criterion in rules.overrides.items()
            for cid, values in by_criterion.items()
            if cid in ids
        ),
    )
    return hashlib.sha256(repr(basis).encode()).hexdigest()[:16]


def _in_force(rules: RuleSet, today: date) -> list[Criterion]:
    return [c for c in rules.criteria if c.applies_from is None or c.applies_from <= today]


def _impact(result: CriterionResult) -> tuple[bool, int, bool]:
    # sorted() is stable, so equal keys keep the order of the rules file.
    criterion = result.criterion
    return (not criterion.required, -criterion.weight, result.status is Status.NOT_MET)


def _judge(
    criterion: Criterion, snapshot: VillageSnapshot, params: Mapping[str, ParamValue]
) -> CriterionResult:
    status, numbers = _CHECKS[criterion.id].judge(snapshot, params)
    return CriterionResult(criterion, status, numbers)


# --- how each criterion is judged ------------------------------------------------------------

Judge = Callable[[VillageSnapshot, Mapping[str, ParamValue]], tuple[Status, Numbers]]


@dataclass(frozen=True)
class _ParamSpec:
    share: bool  # True: a fraction in (0, 1]; False: a whole number >= minimum
    minimum: int = 0


@dataclass(frozen=True)
class _Check:
    evidence: frozenset[str]
    params: Mapping[str, _ParamSpec]
    judge: Judge


def _combine(checks: list[bool | None]) -> Status:
    """A failed known check decides; otherwise any missing figure leaves it open."""
    if False in checks:
        return Status.NOT_MET
    return Status.UNKNOWN if None in checks else Status.MET


def _at_least(value: int | None, minimum: ParamValue) -> bool | None:
    return None if value is None else value >= minimum


@functools.lru_cache(maxsize=64)
def _exact(value: ParamValue) -> Fraction:
    """A threshold as an exact fraction (Decimal("0.1") is 1/10), made once per value."""
    return Fraction(value)


def _count_group(snapshot: VillageSnapshot, group: str) -> tuple[int, int]:
    return snapshot.group_counts[group]


def _kades(snapshot: VillageSnapshot, params: Mapping[str, ParamValue]) -> tuple[Status, Numbers]:
    registered, total = _count_group(snapshot, "kepala_desa")
    numbers: Numbers = {"registered": registered, "total": total}
    if not snapshot.members:
        return Status.UNKNOWN, numbers  # nothing reported yet
    # Members are reported but no aktif kades among them: the kades is not (actively) covered.
    return (Status.MET if registered else Status.NOT_MET), numbers


def _group_share(group: str) -> Judge:
    def judge(
        snapshot: VillageSnapshot, params: Mapping[str, ParamValue]
    ) -> tuple[Status, Numbers]:
        registered, total = _count_group(snapshot, group)
        min_share = params["min_share"]
        numbers: Numbers = {"registered": registered, "total": total, "min_share": float(min_share)}
        if not total:
            return Status.UNKNOWN, numbers  # none of this group recorded
        numbers["share"] = registered / total
        met = Fraction(registered, total) >= _exact(min_share)
        return (Status.MET if met else Status.NOT_MET), numbers

    return judge


def _cakupan(snapshot: VillageSnapshot, params: Mapping[str, ParamValue]) -> tuple[Status, Numbers]:
    min_share = params["min_share"]
    numbers: Numbers = {"min_share": float(min_share)}
    figures = {
        "working": snapshot.working_residents,
        "bpu": snapshot.registered_bpu,
        "pu": snapshot.registered_pu,
    }
    numbers.update({k: v for k, v in figures.items() if v is not None})
    parts = [v for v in (snapshot.registered_bpu, snapshot.registered_pu) if v is not None]
    working = snapshot.working_residents
    if not working or not parts:  # 0 working residents is not a usable figure either
        return Status.UNKNOWN, numbers
    share = Fraction(sum(parts), working)
    numbers["registered"] = sum(parts)
    # Registered people can outnumber the reported working residents (PU working elsewhere,
    # an old head count); more than everyone is shown as everyone.
    numbers["share"] = float(min(share, Fraction(1)))
    if share >= _exact(min_share):
        return Status.MET, numbers  # already met on what is known
    # Below the threshold: a missing BPU or PU figure could still lift it over.
    return (Status.UNKNOWN if len(parts) < 2 else Status.NOT_MET), numbers


def _anggaran(
    snapshot: VillageSnapshot, params: Mapping[str, ParamValue]
) -> tuple[Status, Numbers]:
    # budget_amount is shown, not judged: no source gives a minimum amount.
    numbers: Numbers = {}
    if snapshot.budget_amount is not None:
        numbers["budget_amount"] = snapshot.budget_amount
    has_regulation = bool(snapshot.regulation_number and snapshot.regulation_number.strip())
    if snapshot.budget_allocated or has_regulation:
        return Status.MET, numbers  # facts.md §1.4: budgeted, OR a Perdes/Perkades on it
    if snapshot.budget_allocated is False:
        # An unreported regulation number is not evidence of a regulation; the budget answer
        # is the question the village is asked.
        return Status.NOT_MET, numbers
    return Status.UNKNOWN, numbers


def _sosialisasi(
    snapshot: VillageSnapshot, params: Mapping[str, ParamValue]
) -> tuple[Status, Numbers]:
    min_events, min_participants = params["min_events"], params["min_participants"]
    numbers: Numbers = {"min_events": int(min_events), "min_participants": int(min_participants)}
    if snapshot.sosialisasi_events is not None:
        numbers["events"] = snapshot.sosialisasi_events
    if snapshot.sosialisasi_participants is not None:
        numbers["participants"] = snapshot.sosialisasi_participants
    checks = [_at_least(snapshot.sosialisasi_events, min_events)]
    if min_participants:  # 0 = participants are shown, not judged
        checks.append(_at_least(snapshot.sosialisasi_participants, min_participants))
    return _combine(checks), numbers


def _flag(read: Callable[[VillageSnapshot], bool | None]) -> Judge:
    def judge(
        snapshot: VillageSnapshot, params: Mapping[str, ParamValue]
    ) -> tuple[Status, Numbers]:
        return _combine([read(snapshot)]), {}

    return judge


def _pekerja_rentan(
    snapshot: VillageSnapshot, params: Mapping[str, ParamValue]
) -> tuple[Status, Numbers]:
    covered, minimum = snapshot.vulnerable_workers_covered, params["min_covered"]
    numbers: Numbers = {"min_covered": int(minimum)}
    if covered is not None:
        numbers["covered"] = covered
    return _combine([_at_least(covered, minimum)]), numbers


_SHARE = _ParamSpec(share=True)
_MEMBERS = frozenset({"members"})

# Every criterion id the rules file may use, with the snapshot fields it reads and its
# parameters. A new criterion needs an entry here and a [[criteria]] table in the file.
_CHECKS: dict[str, _Check] = {
    "kades_terdaftar": _Check(_MEMBERS, {}, _kades),
    "perangkat_terdaftar": _Check(_MEMBERS, {"min_share": _SHARE}, _group_share("perangkat")),
    "bpd_terdaftar": _Check(_MEMBERS, {"min_share": _SHARE}, _group_share("bpd")),
    "lembaga_terdaftar": _Check(_MEMBERS, {"min_share": _SHARE}, _group_share("lembaga")),
    "cakupan_warga": _Check(
        frozenset({"working_residents", "registered_bpu", "registered_pu"}),
        {"min_share": _SHARE},
        _cakupan,
    ),
    "anggaran_desa": _Check(
        frozenset({"budget_allocated", "budget_amount", "regulation_number"}), {}, _anggaran
    ),
    "sosialisasi": _Check(
        frozenset({"sosialisasi_events", "sosialisasi_participants"}),
        {"min_events": _ParamSpec(share=False, minimum=1), "min_participants": _ParamSpec(False)},
        _sosialisasi,
    ),
    "agen_perisai": _Check(frozenset({"perisai_agent"}), {}, _flag(lambda s: s.perisai_agent)),
    "mou_cabang": _Check(frozenset({"mou_signed"}), {}, _flag(lambda s: s.mou_signed)),
    "pekerja_rentan": _Check(
        frozenset({"vulnerable_workers_covered"}),
        {"min_covered": _ParamSpec(share=False, minimum=1)},
        _pekerja_rentan,
    ),
}


# --- loading and validating the rules file ---------------------------------------------------


def load_rules(path: Path | None = None) -> RuleSet:
    """Read and validate the rules TOML; raise :class:`RulesError` naming file and key."""
    path = path or DEFAULT_RULES_PATH
    try:
        with path.open("rb") as handle:
            # Decimal, not float: a share of 0.1 must compare as exactly 1/10.
            data = tomllib.load(handle, parse_float=Decimal)
    except OSError as exc:
        raise RulesError(path, "(file)", f"cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(path, "(syntax)", f"not valid TOML: {exc}") from exc
    return _read_rules(_Table(path, "", data))


def _read_rules(root: _Table) -> RuleSet:
    version = root.get("version", str)
    if not _VERSION_RE.match(version):
        raise root.error("version", 'must look like "2026-11-27.1" (date, dot, revision)')
    criteria = tuple(_read_criterion(item) for item in root.array("criteria"))
    ids = [c.id for c in criteria]
    for n, criterion_id in enumerate(ids):
        if criterion_id in ids[:n]:
            raise root.error(f"criteria[{n}].id", f'"{criterion_id}" appears twice')
    if not any(c.required and c.applies_from is None for c in criteria):
        raise root.error("criteria", "needs a required criterion that always applies")
    overrides = _read_overrides(root, {c.id: c for c in criteria})
    root.finish()
    return RuleSet(version, criteria, overrides)


def _read_criterion(item: _Table) -> Criterion:
    criterion_id = item.get("id", str)
    check = _CHECKS.get(criterion_id)
    if check is None:
        raise item.error("id", f'unknown criterion "{criterion_id}"; known: {sorted(_CHECKS)}')
    item.key = f"criteria[{criterion_id}]"
    evidence = item.get("evidence", list)
    if len(set(evidence)) != len(evidence) or set(evidence) != check.evidence:
        raise item.error("evidence", f"must list exactly {sorted(check.evidence)}")
    criterion = Criterion(
        id=criterion_id,
        kind=item.choice("kind", Kind),
        title=item.texts("title"),
        why=item.texts("why"),
        advice=item.texts("advice"),
        evidence=tuple(evidence),
        params=_read_params(item.table("params", optional=True), check.params, complete=True),
        weight=item.positive("weight"),
        action=item.choice("action", Action) if "action" in item.data else None,
        sources=item.urls("sources", "the criterion"),
        applies_from=item.optional_day("applies_from"),
    )
    item.finish()
    return criterion


def _read_params(
    table: _Table, specs: Mapping[str, _ParamSpec], complete: bool
) -> dict[str, ParamValue]:
    if complete:
        missing = sorted(set(specs) - set(table.data))
        if missing:
            raise table.error(missing[0], "missing parameter")
    params = {name: _read_param(table, name, specs[name]) for name in specs if name in table.data}
    table.finish()
    return params


def _read_param(table: _Table, name: str, spec: _ParamSpec) -> ParamValue:
    table.used.add(name)
    value = table.data[name]
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise table.error(name, "must be a number")
    if spec.share:
        if not 0 < value <= 1:
            raise table.error(name, "must be a share above 0 and at most 1 (0.5 = half)")
        return Decimal(value)
    if not isinstance(value, int) or value < spec.minimum:
        raise table.error(name, f"must be a whole number of at least {spec.minimum}")
    return value


def _read_overrides(
    root: _Table, criteria: Mapping[str, Criterion]
) -> dict[str, dict[str, dict[str, ParamValue]]]:
    if "overrides" not in root.data:
        root.used.add("overrides")
        return {}
    by_kab = root.table("overrides")
    overrides: dict[str, dict[str, dict[str, ParamValue]]] = {}
    for kab in list(by_kab.data):
        if not _KAB_CODE_RE.match(kab):
            raise by_kab.error(kab, 'must be a kabupaten/kota code like "35.05"')
        per_criterion = by_kab.table(kab)
        if not per_criterion.data:
            raise per_criterion.error("(table)", "is empty")
        overrides[kab] = {
            criterion_id: _read_override(per_criterion, criterion_id, criteria)
            for criterion_id in list(per_criterion.data)
        }
    return overrides


def _read_override(
    per_criterion: _Table, criterion_id: str, criteria: Mapping[str, Criterion]
) -> dict[str, ParamValue]:
    criterion = criteria.get(criterion_id)
    if criterion is None:
        raise per_criterion.error(criterion_id, "no criterion with this id in the file")
    if not criterion.params:
        raise per_criterion.error(criterion_id, "this criterion has no parameters")
    table = per_criterion.table(criterion_id)
    if not table.data:
        raise table.error("(table)", "is empty")
    return _read_params(table, _CHECKS[criterion_id].params, complete=False)


class _Table(TomlTable):
    """A TOML table of the rules file (typed getters and unknown-key check in TomlTable)."""

    error_class = RulesError

    def choice(self, key: str, enum: type[StrEnumT]) -> StrEnumT:
        value = self.get(key, str)
        allowed = [member.value for member in enum]
        if value not in allowed:
            raise self.error(key, f'"{value}" is not one of {allowed}')
        return enum(value)

    def texts(self, key: str) -> dict[str, str]:
        table = self.table(key)
        texts = {lang: table.get(lang, str).strip() for lang in SUPPORTED_LANGUAGES}
        for lang, text in texts.items():
            if not text or len(text) > MAX_TEXT_CHARS:
                raise table.error(lang, f"must be 1 to {MAX_TEXT_CHARS} characters")
            if "<" in text:
                raise table.error(lang, "plain text only: no HTML (templates escape it)")
        table.finish()
        return texts
