"""The Desa Sadar self-check: an indication from reported data, where missing data is never met."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.rules import (
    DEFAULT_RULES_PATH,
    JABATAN_GROUPS,
    MAX_TEXT_CHARS,
    MEMBER_STATUSES,
    TEXT_FIELDS,
    Action,
    Kind,
    Member,
    Report,
    RulesError,
    RuleSet,
    Status,
    VillageSnapshot,
    evaluate,
    indicated,
    kab_code,
    load_rules,
)

RULES = load_rules()
TODAY = date(2026, 11, 27)
VILLAGE = "35.05.15.2004"  # a desa in kabupaten 35.05
OTHER_KAB_VILLAGE = "35.06.01.2001"
SHIPPED_TEXT = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
SNAPSHOT_FIELDS = [f.name for f in fields(VillageSnapshot) if f.name not in ("code", "members")]
Figures = dict[str, Any]  # VillageSnapshot field -> value, for ** into snapshot() and replace()
# facts.md §1.4, in order.
CRITERIA_1_4 = [
    "kades_terdaftar",
    "perangkat_terdaftar",
    "bpd_terdaftar",
    "lembaga_terdaftar",
    "cakupan_warga",
    "anggaran_desa",
    "sosialisasi",
    "agen_perisai",
    "mou_cabang",
    "pekerja_rentan",
]


def snapshot(
    code: str = VILLAGE, members: tuple[Member, ...] = (), **figures: object
) -> VillageSnapshot:
    values: dict[str, object] = dict.fromkeys(SNAPSHOT_FIELDS)
    values.update(figures)
    return VillageSnapshot(code=code, members=members, **values)  # type: ignore[arg-type]


def people(
    group: str, aktif: int, other: int = 0, other_status: str = "nonaktif"
) -> tuple[Member, ...]:
    return (Member(group, "aktif"),) * aktif + (Member(group, other_status),) * other


COMPLIANT_MEMBERS = (
    people("kepala_desa", 1) + people("perangkat", 7) + people("bpd", 5) + people("lembaga", 12)
)
COMPLIANT_FIGURES: Figures = {
    "working_residents": 900,
    "registered_bpu": 700,
    "registered_pu": 60,
    "budget_allocated": True,
    "budget_amount": 45_000_000,
    "regulation_number": "Perkades 5/2026",
    "perisai_agent": True,
    "sosialisasi_events": 4,
    "sosialisasi_participants": 160,
    "mou_signed": True,
    "vulnerable_workers_covered": 100,
}


def compliant(code: str = VILLAGE, **changes: object) -> VillageSnapshot:
    members = changes.pop("members", COMPLIANT_MEMBERS)
    return snapshot(code, members, **{**COMPLIANT_FIGURES, **changes})  # type: ignore[arg-type]


def status(report: Report, criterion_id: str) -> Status:
    return report.result(criterion_id).status


def write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def with_override(text: str) -> str:
    return SHIPPED_TEXT + "\n" + text


# --- the shipped rules file ------------------------------------------------------------------


def test_shipped_rules_follow_the_derived_checklist() -> None:
    assert [c.id for c in RULES.criteria] == CRITERIA_1_4
    required = [c.id for c in RULES.criteria if c.kind is Kind.REQUIRED]
    assert required == ["kades_terdaftar", "perangkat_terdaftar"]
    assert RULES.overrides == {}  # the file ships an example only, commented out
    assert RULES.version == "2026-11-27.1"


def test_shipped_texts_are_short_and_in_every_language() -> None:
    for criterion in RULES.criteria:
        for name in TEXT_FIELDS:
            texts = getattr(criterion, name)
            assert set(texts) == {"id", "en", "jv"}
            assert all(0 < len(text) <= MAX_TEXT_CHARS for text in texts.values())
        assert criterion.sources and criterion.weight > 0


def test_member_criteria_point_to_adding_members_and_the_rest_to_reporting() -> None:
    for criterion in RULES.criteria:
        expected = Action.ADD_MEMBER if "members" in criterion.evidence else Action.REPORT_FIGURES
        assert criterion.action is expected


def test_coverage_threshold_is_labelled_a_branch_default_not_an_official_figure() -> None:
    cakupan = SHIPPED_TEXT.split('id = "cakupan_warga"')[1].split("[[criteria]]")[0]
    assert "min_share = 0.5" in cakupan
    assert "NOT official" in cakupan and "Branch-adjustable" in cakupan


# --- examples --------------------------------------------------------------------------------


def test_fully_compliant_village_is_indicated() -> None:
    report = evaluate(compliant(), RULES, TODAY)
    assert all(r.status is Status.MET for r in report.results)
    assert report.indicated
    assert report.progress == 1.0
    assert report.next_steps == ()
    assert report.kab_code == "35.05"
    assert report.rules_version == RULES.version


def test_village_that_reported_nothing_is_unknown_and_never_met() -> None:
    report = evaluate(snapshot(), RULES, TODAY)
    assert {r.status for r in report.results} == {Status.UNKNOWN}
    assert not report.indicated
    assert report.progress == 0.0
    assert len(report.next_steps) == len(CRITERIA_1_4)


def test_kades_nonaktif_is_not_met_and_not_indicated() -> None:
    members = people("kepala_desa", 0, 1) + people("perangkat", 7)
    report = evaluate(compliant(members=members), RULES, TODAY)
    assert status(report, "kades_terdaftar") is Status.NOT_MET
    assert report.result("kades_terdaftar").numbers == {"registered": 0, "total": 1}
    assert not report.indicated
    assert report.next_steps[0].criterion.id == "kades_terdaftar"


def test_members_reported_without_a_kades_is_not_met() -> None:
    report = evaluate(snapshot(members=people("perangkat", 3)), RULES, TODAY)
    assert status(report, "kades_terdaftar") is Status.NOT_MET
    assert status(report, "perangkat_terdaftar") is Status.MET


def test_a_new_kades_aktif_counts_even_with_the_old_one_nonaktif() -> None:
    members = people("kepala_desa", 1, 1) + people("perangkat", 7)
    assert status(evaluate(compliant(members=members), RULES, TODAY), "kades_terdaftar") is (
        Status.MET
    )


def test_one_perangkat_not_yet_registered_is_not_met() -> None:
    members = people("kepala_desa", 1) + people("perangkat", 6, 1, "belum")
    report = evaluate(compliant(members=members), RULES, TODAY)
    result = report.result("perangkat_terdaftar")
    assert result.status is Status.NOT_MET
    assert result.numbers["registered"] == 6 and result.numbers["total"] == 7
    assert not report.indicated


def test_no_perangkat_recorded_is_unknown() -> None:
    report = evaluate(compliant(members=people("kepala_desa", 1)), RULES, TODAY)
    assert status(report, "perangkat_terdaftar") is Status.UNKNOWN
    assert status(report, "bpd_terdaftar") is Status.UNKNOWN
    assert not report.indicated


def test_coverage_share_is_computed() -> None:
    figures: Figures = {"working_residents": 200, "registered_bpu": 60, "registered_pu": 24}
    result = evaluate(snapshot(**figures), RULES, TODAY).result("cakupan_warga")
    assert result.status is Status.NOT_MET
    assert result.numbers["share"] == pytest.approx(0.42)
    assert result.numbers["min_share"] == 0.5
    assert result.numbers["registered"] == 84 and result.numbers["working"] == 200


def test_coverage_exactly_at_the_threshold_is_met() -> None:
    figures: Figures = {"working_residents": 10, "registered_bpu": 5, "registered_pu": 0}
    assert status(evaluate(snapshot(**figures), RULES, TODAY), "cakupan_warga") is Status.MET


def test_coverage_with_one_figure_missing_is_met_only_when_the_known_part_suffices() -> None:
    low = snapshot(working_residents=200, registered_bpu=60)
    high = snapshot(working_residents=200, registered_bpu=120)
    assert status(evaluate(low, RULES, TODAY), "cakupan_warga") is Status.UNKNOWN
    assert status(evaluate(high, RULES, TODAY), "cakupan_warga") is Status.MET


def test_coverage_above_everyone_is_shown_as_everyone() -> None:
    figures: Figures = {"working_residents": 100, "registered_bpu": 90, "registered_pu": 40}
    numbers = evaluate(snapshot(**figures), RULES, TODAY).result("cakupan_warga").numbers
    assert numbers["share"] == 1.0 and numbers["registered"] == 130


def test_budget_or_a_village_regulation_meets_the_budget_criterion() -> None:
    cases: list[tuple[Figures, Status]] = [
        ({"budget_allocated": True}, Status.MET),
        ({"budget_allocated": False, "regulation_number": "Perdes 3/2025"}, Status.MET),
        ({"regulation_number": "Perkades 12/2024"}, Status.MET),
        ({"budget_allocated": False}, Status.NOT_MET),
        ({"budget_allocated": False, "regulation_number": "  "}, Status.NOT_MET),
        ({"budget_amount": 10_000_000}, Status.UNKNOWN),
        ({}, Status.UNKNOWN),
    ]
    for figures, expected in cases:
        assert status(evaluate(snapshot(**figures), RULES, TODAY), "anggaran_desa") is expected


def test_sosialisasi_and_flags() -> None:
    report = evaluate(
        snapshot(sosialisasi_events=0, perisai_agent=False, mou_signed=True), RULES, TODAY
    )
    assert status(report, "sosialisasi") is Status.NOT_MET
    assert status(report, "agen_perisai") is Status.NOT_MET
    assert status(report, "mou_cabang") is Status.MET


def test_participants_are_shown_but_not_judged_by_default() -> None:
    result = evaluate(snapshot(sosialisasi_events=2), RULES, TODAY).result("sosialisasi")
    assert result.status is Status.MET
    assert result.numbers == {"events": 2, "min_events": 1, "min_participants": 0}


def test_pekerja_rentan_uses_the_1_desa_100_figure() -> None:
    report = evaluate(snapshot(vulnerable_workers_covered=99), RULES, TODAY)
    result = report.result("pekerja_rentan")
    assert result.status is Status.NOT_MET
    assert result.numbers == {"covered": 99, "min_covered": 100}


def test_next_steps_put_required_first_then_weight_then_unknown_before_not_met() -> None:
    members = people("kepala_desa", 1) + people("perangkat", 6, 1)
    figures: Figures = {"working_residents": 100, "registered_bpu": 10, "registered_pu": 10}
    village = snapshot(members=members, budget_allocated=False, perisai_agent=False, **figures)
    steps = [(r.criterion.id, r.status) for r in evaluate(village, RULES, TODAY).next_steps]
    unknown, not_met = Status.UNKNOWN, Status.NOT_MET
    assert steps == [
        ("perangkat_terdaftar", not_met),  # required
        ("cakupan_warga", not_met),  # weight 3
        ("sosialisasi", unknown),  # weight 2: unknown first, although later in the file
        ("anggaran_desa", not_met),
        ("bpd_terdaftar", unknown),  # weight 1: unknowns in file order, then not met
        ("lembaga_terdaftar", unknown),
        ("mou_cabang", unknown),
        ("pekerja_rentan", unknown),
        ("agen_perisai", not_met),
    ]


def test_progress_is_the_weighted_share_of_met_criteria() -> None:
    members = people("kepala_desa", 1) + people("perangkat", 7)
    report = evaluate(snapshot(members=members, mou_signed=True), RULES, TODAY)
    total = sum(c.weight for c in RULES.criteria)
    assert report.progress == pytest.approx((5 + 5 + 1) / total)
    assert report.indicated  # both required criteria met: an indication, not a designation


# --- overrides and dates ---------------------------------------------------------------------

OVERRIDE_35_05 = """
[overrides."35.05".cakupan_warga]
min_share = 0.4
"""


def test_override_changes_the_threshold_for_that_kabupaten_only(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, with_override(OVERRIDE_35_05)))
    figures: Figures = {"working_residents": 200, "registered_bpu": 60, "registered_pu": 24}  # 42 %
    here = evaluate(snapshot(VILLAGE, **figures), rules, TODAY).result("cakupan_warga")
    elsewhere = evaluate(snapshot(OTHER_KAB_VILLAGE, **figures), rules, TODAY)
    assert here.status is Status.MET and here.numbers["min_share"] == 0.4
    assert status(elsewhere, "cakupan_warga") is Status.NOT_MET
    assert status(evaluate(snapshot(VILLAGE, **figures), RULES, TODAY), "cakupan_warga") is (
        Status.NOT_MET
    )
    # Only the overridden parameter changes; the criterion's own defaults stay as they were.
    cakupan = rules.criteria[CRITERIA_1_4.index("cakupan_warga")]
    assert cakupan.params == {"min_share": Decimal("0.5")}


def test_shares_compare_exactly_not_as_floats(tmp_path: Path) -> None:
    # 0.28 * 25 is 7.000000000000001 in floats: 7 of 25 must still meet a 0.28 threshold.
    override = '[overrides."35.05".perangkat_terdaftar]\nmin_share = 0.28\n'
    rules = load_rules(write_rules(tmp_path, with_override(override)))
    members = people("kepala_desa", 1) + people("perangkat", 7, 18)
    assert status(evaluate(snapshot(members=members), rules, TODAY), "perangkat_terdaftar") is (
        Status.MET
    )


def test_a_criterion_announced_for_later_is_left_out_until_then(tmp_path: Path) -> None:
    text = SHIPPED_TEXT.replace(
        'id = "bpd_terdaftar"\n', 'id = "bpd_terdaftar"\napplies_from = 2027-01-01\n'
    )
    rules = load_rules(write_rules(tmp_path, text))
    before = evaluate(compliant(), rules, TODAY)
    after = evaluate(compliant(), rules, date(2027, 1, 1))
    assert "bpd_terdaftar" not in [r.criterion.id for r in before.results]
    assert after.result("bpd_terdaftar").status is Status.MET


def test_kab_code_is_the_first_two_levels_of_the_village_code() -> None:
    assert kab_code("35.05.15.2004") == "35.05"
    with pytest.raises(ValueError):
        kab_code("3505152004")


def test_snapshots_reject_impossible_data() -> None:
    with pytest.raises(ValueError, match="village code"):
        snapshot(code="35.05")
    with pytest.raises(ValueError, match="working_residents"):
        snapshot(working_residents=-1)
    with pytest.raises(ValueError, match="jabatan_group"):
        Member("sekdes", "aktif")
    with pytest.raises(ValueError, match="status"):
        Member("perangkat", "active")


# --- load_rules errors -----------------------------------------------------------------------

TITLE_JV = 'jv = "Kepala desa wis kadaftar lan aktif"\n'
BROKEN_FILES = [
    ("missing language", TITLE_JV, "", "criteria[kades_terdaftar].title.jv"),
    ("unknown kind", 'kind = "required"', 'kind = "mandatory"', "criteria[kades_terdaftar].kind"),
    ("unknown id", 'id = "mou_cabang"', 'id = "mou"', "criteria[8].id"),
    ("duplicate id", 'id = "lembaga_terdaftar"', 'id = "bpd_terdaftar"', "criteria[3].id"),
    ("missing param", "min_covered = 100", "", "criteria[pekerja_rentan].params.min_covered"),
    ("share above 1", "min_share = 0.5", "min_share = 50", "criteria[cakupan_warga].params"),
    ("count as float", "min_covered = 100", "min_covered = 1.5", "params.min_covered"),
    ("unknown param", "min_covered = 100", "min_covered = 100\nmax = 3", "params.max"),
    ("evidence", 'evidence = ["perisai_agent"]', 'evidence = ["mou_signed"]', ".evidence"),
    ("unknown action", 'action = "add_member"', 'action = "call"', ".action"),
    ("zero weight", "weight = 5", "weight = 0", "criteria[kades_terdaftar].weight"),
    ("no sources", "sources = [\n", "old_sources = [\n", "criteria[kades_terdaftar].sources"),
    ("html", 'id = "Ada agen Perisai di desa"', 'id = "Ada <b>agen</b>"', "title.id"),
    ("too long", 'id = "Ada agen Perisai di desa"', f'id = "{"x" * 301}"', "title.id"),
    ("unknown key", "weight = 5", 'weight = 5\ncolour = "red"', "[kades_terdaftar].colour"),
    ("version", 'version = "2026-11-27.1"', 'version = "1"', "version"),
    ("syntax", 'version = "2026-11-27.1"', "version = ", "(syntax)"),
]


@pytest.mark.parametrize(
    ("old", "new", "key"), [case[1:] for case in BROKEN_FILES], ids=[c[0] for c in BROKEN_FILES]
)
def test_broken_rules_file_is_rejected_naming_file_and_key(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    assert old in SHIPPED_TEXT
    path = write_rules(tmp_path, SHIPPED_TEXT.replace(old, new, 1))
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert str(path) in str(caught.value)
    assert key in str(caught.value)


BROKEN_OVERRIDES = [
    ('[overrides."3505".cakupan_warga]\nmin_share = 0.4', "overrides.3505"),
    ('[overrides."35.05".cakupan]\nmin_share = 0.4', "overrides.35.05.cakupan"),
    ('[overrides."35.05".mou_cabang]\nmin_share = 0.4', "overrides.35.05.mou_cabang"),
    ('[overrides."35.05".cakupan_warga]\nmin_share = 0', "cakupan_warga.min_share"),
    ('[overrides."35.05".cakupan_warga]\nmin_events = 2', "cakupan_warga.min_events"),
    ('[overrides."35.05".sosialisasi]\nmin_events = 0', "sosialisasi.min_events"),
    ('[overrides."35.05"]', "overrides.35.05"),
]


@pytest.mark.parametrize(("override", "key"), BROKEN_OVERRIDES)
def test_broken_override_is_rejected(tmp_path: Path, override: str, key: str) -> None:
    with pytest.raises(RulesError, match=key.replace(".", r"\.")):
        load_rules(write_rules(tmp_path, with_override(override)))


def test_missing_rules_file_is_a_rules_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "absent.toml")


# --- properties ------------------------------------------------------------------------------

counts = st.none() | st.integers(min_value=0, max_value=3000)
flags = st.none() | st.booleans()
regulations = st.none() | st.sampled_from(["", "  ", "5/2026", "Perkades 12/2025"])
members = st.builds(Member, st.sampled_from(JABATAN_GROUPS), st.sampled_from(MEMBER_STATUSES))
codes = st.sampled_from([VILLAGE, OTHER_KAB_VILLAGE, "35.05.01.2001", "33.02.10.2005"])
FIGURE_VALUES: dict[str, st.SearchStrategy[object]] = {
    name: regulations if name == "regulation_number" else flags if "bool" in str(f.type) else counts
    for f in fields(VillageSnapshot)
    if (name := f.name) in SNAPSHOT_FIELDS
}
snapshots = st.builds(
    VillageSnapshot,
    code=codes,
    members=st.lists(members, max_size=15).map(tuple),
    **FIGURE_VALUES,
)


@st.composite
def rulesets(draw: st.DrawFn) -> RuleSet:
    """The shipped criteria with random valid parameters, weights and a kabupaten override."""
    shares = st.decimals(min_value=Decimal("0.01"), max_value=1, places=2)

    def param(name: str, value: object) -> int | Decimal:
        if isinstance(value, Decimal):
            return draw(shares)
        return draw(st.integers(0 if name == "min_participants" else 1, 150))

    criteria = tuple(
        replace(
            c,
            params={name: param(name, value) for name, value in c.params.items()},
            weight=draw(st.integers(1, 6)),
        )
        for c in RULES.criteria
    )
    override = {"35.05": {"cakupan_warga": {"min_share": draw(shares)}}}
    return RuleSet(RULES.version, criteria, draw(st.sampled_from([{}, override])))


@st.composite
def compliant_snapshots(draw: st.DrawFn, rules: RuleSet) -> VillageSnapshot:
    """A village that meets every criterion under ``rules`` (its own kabupaten's parameters)."""
    code = draw(codes)
    params = {c.id: rules.params_for(c, kab_code(code)) for c in rules.criteria}
    people_ = [Member(group, "aktif") for group in JABATAN_GROUPS]
    people_ += draw(st.lists(st.builds(Member, st.sampled_from(JABATAN_GROUPS), st.just("aktif"))))
    working = draw(st.integers(1, 3000))
    bpu = draw(st.integers(0, working))
    budget, regulation = draw(
        st.sampled_from([(True, None), (True, "5/2026"), (False, "Perkades 1/2025"), (None, "7")])
    )
    more = st.integers(0, 50)
    return VillageSnapshot(
        code=code,
        members=tuple(draw(st.permutations(people_))),
        working_residents=working,
        registered_bpu=bpu,
        registered_pu=working - bpu + draw(more),
        budget_allocated=budget,
        budget_amount=draw(counts),
        regulation_number=regulation,
        perisai_agent=True,
        sosialisasi_events=int(params["sosialisasi"]["min_events"]) + draw(more),
        sosialisasi_participants=int(params["sosialisasi"]["min_participants"]) + draw(more),
        sosialisasi_last_date=None,
        mou_signed=True,
        vulnerable_workers_covered=int(params["pekerja_rentan"]["min_covered"]) + draw(more),
    )


def met_ids(report: Report) -> set[str]:
    return {r.criterion.id for r in report.results if r.status is Status.MET}


@given(rulesets(), snapshots, st.sampled_from(JABATAN_GROUPS), st.integers(0, 15))
def test_adding_a_registered_member_never_lowers_progress(
    rules: RuleSet, village: VillageSnapshot, group: str, position: int
) -> None:
    more = list(village.members)
    more.insert(position, Member(group, "aktif"))
    before = evaluate(village, rules, TODAY)
    after = evaluate(replace(village, members=tuple(more)), rules, TODAY)
    assert after.progress >= before.progress
    assert met_ids(after) >= met_ids(before)


@given(rulesets(), snapshots, st.data())
def test_reporting_a_missing_figure_never_lowers_progress(
    rules: RuleSet, village: VillageSnapshot, data: st.DataObject
) -> None:
    # Stronger than "a value that meets its criterion": ANY reported value. A criterion is MET
    # only on known data, so no newly reported figure can take a MET away.
    missing = [name for name in SNAPSHOT_FIELDS if getattr(village, name) is None]
    if not missing:
        return
    name = data.draw(st.sampled_from(missing))
    value = data.draw(FIGURE_VALUES[name].filter(lambda v: v is not None))
    before = evaluate(village, rules, TODAY)
    reported: Figures = {name: value}
    after = evaluate(replace(village, **reported), rules, TODAY)
    assert after.progress >= before.progress
    assert met_ids(after) >= met_ids(before)


@given(rulesets(), snapshots)
def test_unknown_data_is_never_counted_as_met(rules: RuleSet, village: VillageSnapshot) -> None:
    report = evaluate(village, rules, TODAY)
    for result in report.results:
        evidence = result.criterion.evidence
        # Take away everything this criterion reads: it must become UNKNOWN, never MET.
        wiped: Figures = {name: None for name in evidence if name != "members"}
        if "members" in evidence:
            wiped["members"] = ()
        blanked = replace(village, **wiped)
        assert status(evaluate(blanked, rules, TODAY), result.criterion.id) is Status.UNKNOWN
    required = [r for r in report.results if r.criterion.required]
    assert report.indicated == all(r.status is Status.MET for r in required)
    met = sum(r.criterion.weight for r in report.results if r.status is Status.MET)
    assert report.progress == pytest.approx(met / sum(c.weight for c in rules.criteria))
    assert 0.0 <= report.progress <= 1.0
    assert {r.criterion.id for r in report.next_steps} == (
        {c.id for c in rules.criteria} - met_ids(report)
    )


@given(st.data())
def test_a_village_meeting_every_criterion_is_indicated(data: st.DataObject) -> None:
    rules = data.draw(rulesets())
    report = evaluate(data.draw(compliant_snapshots(rules)), rules, TODAY)
    assert [r.status for r in report.results] == [Status.MET] * len(rules.criteria)
    assert report.indicated and report.progress == 1.0 and report.next_steps == ()


@given(rulesets(), snapshots, st.randoms())
def test_evaluate_is_deterministic_and_ignores_member_order(
    rules: RuleSet, village: VillageSnapshot, rng: Random
) -> None:
    shuffled = list(village.members)
    rng.shuffle(shuffled)
    first = evaluate(village, rules, TODAY)
    assert evaluate(village, rules, TODAY) == first
    assert evaluate(replace(village, members=tuple(shuffled)), rules, TODAY) == first


@given(snapshot=snapshots, rules=rulesets())
def test_quick_indication_equals_the_full_reports(
    snapshot: VillageSnapshot, rules: RuleSet
) -> None:
    """/statistik counts villages with rules.indicated(); it must agree with evaluate()."""
    today = date(2026, 11, 27)
    assert indicated(snapshot, rules, today) == evaluate(snapshot, rules, today).indicated


@given(rules=rulesets(), data=st.data())
def test_quick_indication_of_a_compliant_village(rules: RuleSet, data: st.DataObject) -> None:
    snapshot = data.draw(compliant_snapshots(rules))
    assert indicated(snapshot, rules, date(2026, 11, 27))
