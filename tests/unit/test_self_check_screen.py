"""/ceksyarat fits one phone screen in every language and every village state, lists what is
missing first, counts what is met, and advises only what fits the village's data; the
officer's review carries no advice addressed to the kepala desa."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from bot.domain.rules import Member, RuleSet, VillageSnapshot, evaluate, load_rules
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.i18n import I18n, current_locale
from bot.platform.telegram_html import visible_text
from handlers.desa._common import FIGURE_LABELS
from handlers.shared.self_check import SCREEN_LIMIT, Verification, check_context, fit_screen

TODAY = date(2026, 12, 5)
CODE = "35.05.15.2004"
LABEL = "Desa Sukosewu, Kec. Gandusari, Kab. Blitar [35.05.15.2004]"
NOTHING: dict[str, object] = {
    "working_residents": None,
    "registered_bpu": None,
    "registered_pu": None,
    "budget_allocated": None,
    "budget_amount": None,
    "regulation_number": None,
    "perisai_agent": None,
    "sosialisasi_events": None,
    "sosialisasi_participants": None,
    "sosialisasi_last_date": None,
    "mou_signed": None,
    "vulnerable_workers_covered": None,
}


def _village(members: tuple[Member, ...] = (), **figures: object) -> VillageSnapshot:
    return VillageSnapshot(code=CODE, members=members, **{**NOTHING, **figures})  # type: ignore[arg-type]


STAFF = (
    Member("kepala_desa", "nonaktif"),
    *[Member("perangkat", "aktif")] * 7,
    *[Member("perangkat", "belum")] * 2,
    Member("bpd", "belum"),
    Member("lembaga", "aktif"),
)
ALL_AKTIF = (
    Member("kepala_desa", "aktif"),
    *[Member("perangkat", "aktif")] * 9,
    *[Member("bpd", "aktif")] * 5,
    *[Member("lembaga", "aktif")] * 12,
)
DONE = {
    "working_residents": 1200,
    "registered_bpu": 500,
    "registered_pu": 140,
    "budget_allocated": True,
    "budget_amount": 45_000_000,
    "perisai_agent": True,
    "sosialisasi_events": 4,
    "sosialisasi_participants": 320,
    "mou_signed": True,
    "vulnerable_workers_covered": 100,
}
STATES: dict[str, tuple[VillageSnapshot, Verification]] = {
    "new village": (_village(), None),
    "members only": (_village(STAFF), None),
    "half reported": (_village(STAFF, working_residents=2000, registered_bpu=500), None),
    "everything reported, much short": (
        _village(
            STAFF,
            working_residents=2000,
            registered_bpu=500,
            registered_pu=340,
            budget_allocated=False,
            perisai_agent=False,
            sosialisasi_events=0,
            sosialisasi_participants=0,
            mou_signed=False,
            vulnerable_workers_covered=37,
        ),
        None,
    ),
    "indicated": (_village(ALL_AKTIF, **{**DONE, "mou_signed": None}), None),
    "indicated, request pending": (_village(ALL_AKTIF, **DONE), "pending"),
    "verified": (_village(ALL_AKTIF, **DONE), "verified"),
}


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


@contextmanager
def _locale(lang: str) -> Iterator[None]:
    token = current_locale.set(lang)
    try:
        yield
    finally:
        current_locale.reset(token)


def _screen(i18n: I18n, rules: RuleSet, lang: str, state: str, officer: bool = False) -> str:
    snapshot, verification = STATES[state]
    report = evaluate(snapshot, rules, TODAY)
    with _locale(lang):
        labels = None if officer else {k: i18n.gettext(v, lang) for k, v in FIGURE_LABELS.items()}
        context = check_context(report, snapshot, lang, LABEL, labels, verification)
    return visible_text(fit_screen(lambda c: i18n.render("check_result", lang, **c), context))


@pytest.mark.parametrize("officer", [False, True], ids=["kepala desa", "officer"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_the_self_check_fits_one_phone_screen(
    i18n: I18n, rules: RuleSet, lang: str, state: str, officer: bool
) -> None:
    text = _screen(i18n, rules, lang, state, officer)
    assert len(text) <= SCREEN_LIMIT, (len(text), text)
    assert "2026-11-27" not in text and rules.version not in text  # no internal version


def test_missing_comes_first_and_what_is_met_is_a_count(i18n: I18n, rules: RuleSet) -> None:
    text = _screen(i18n, rules, "id", "everything reported, much short")
    assert text.index("Belum terpenuhi") < text.index("Langkah berikutnya")
    assert "Terpenuhi 1 dari 10 syarat (utama: 0 dari 2)" in text
    assert "✅ Kepala desa" not in text  # met criteria are counted, not listed
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("❌"))
    assert lines[first].startswith("❌ Kepala desa terdaftar dan aktif (utama)")


def test_advice_never_asks_for_a_figure_already_reported(i18n: I18n, rules: RuleSet) -> None:
    half = _screen(i18n, rules, "id", "half reported")
    steps = half.split("Langkah berikutnya")[1]
    assert "Peserta PU (penerima upah)" in steps  # the one coverage figure missing
    assert "Warga yang bekerja" not in steps and "Peserta BPU" not in steps
    short = _screen(i18n, rules, "id", "everything reported, much short")
    assert "Laporkan:" not in short
    assert "Laporkan jumlah warga yang bekerja" not in short
    new = _screen(i18n, rules, "id", "new village").split("Langkah berikutnya")[1]
    assert "1. Catat di bot: kepala desa, perangkat, anggota BPD, pengurus RT/RW" in new
    assert "Laporkan: Warga yang bekerja, Peserta BPU (pekerja mandiri)" in new


def test_only_an_indicated_unverified_village_is_invited_to_ask_for_verification(
    i18n: I18n, rules: RuleSet
) -> None:
    assert "Ajukan verifikasi" in _screen(i18n, rules, "id", "indicated")
    pending = _screen(i18n, rules, "id", "indicated, request pending")
    assert "sedang menunggu petugas" in pending and "Ajukan verifikasi" not in pending
    verified = _screen(i18n, rules, "id", "verified")
    assert "Sudah diverifikasi" in verified and "Ajukan verifikasi" not in verified
    assert "Bapak/Ibu" in verified


@pytest.mark.parametrize("state", STATES)
def test_the_officer_sees_a_review_not_advice_to_the_kepala_desa(
    i18n: I18n, rules: RuleSet, state: str
) -> None:
    text = _screen(i18n, rules, "id", state, officer=True)
    for addressed in ("Langkah berikutnya", "Bapak/Ibu", "Ajukan verifikasi", "Laporkan"):
        assert addressed not in text, (addressed, text)
    assert "Terpenuhi" in text and LABEL in text


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_the_reasons_page_fits_one_message(i18n: I18n, rules: RuleSet, lang: str) -> None:
    report = evaluate(_village(), rules, TODAY)
    titles = {r.criterion.id: r.criterion.title[lang] for r in report.results}
    why = {r.criterion.id: r.criterion.why[lang] for r in report.results}
    text = i18n.render("check_explained", lang, report=report, titles=titles, why=why)
    assert len(visible_text(text)) < 4096
    assert why["cakupan_warga"] in html.unescape(text)
