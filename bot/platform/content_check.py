"""``desabot content check``: everything the bot loads from content/ and locales/, validated.

Start-up runs the same loaders; this command also renders every template in every language
with sample values and checks the result as Telegram would (valid HTML, ≤ 4096 characters).
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from bot.domain import dated_facts
from bot.domain.apparatus_sheet import RowError
from bot.domain.dated_facts import FactsFileError
from bot.domain.dates import JAKARTA, today_jakarta
from bot.domain.faq.entries import load_faq
from bot.domain.iuran import (
    Programme,
    RatesFileError,
    WorkKind,
    bpu_contribution,
    load_rates,
    pmi_fees,
    pu_contribution,
)
from bot.domain.rules import Member as RulesMember
from bot.domain.rules import RulesError, VillageSnapshot, evaluate, load_rules
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.content import CONTENT_DIR, ContentError, load_lessons
from bot.platform.db.broadcasts import DeliveryCounts
from bot.platform.db.members import Member
from bot.platform.db.questions import Question
from bot.platform.i18n import LOCALES_DIR, I18n, not_in_catalog, untranslated
from bot.platform.telegram_html import check_telegram_html, visible_text
from bot.services.apparatus import ImportConflict
from bot.services.exports import AuditEntry
from bot.services.snapshot import FIGURES, MAX_TEXT
from bot.services.statistics import (
    Announcements,
    Coverage,
    Questions,
    Statistics,
    Villagers,
    Villages,
)
from bot.services.statistics import Week as StatsWeek

MAX_MESSAGE_CHARS = 4096

# The worst realistic values: long names, HTML-looking user text, the largest amounts.
HOSTILE_TEXT = "<b>Budi & Sons</b> " + "x" * 900


def template_samples() -> dict[str, dict[str, Any]]:
    """Sample values for every template; a template without one fails the check."""
    rates = load_rates()
    on = date(2026, 11, 27)
    bpu = bpu_contribution(25_000_000, WorkKind.INFORMAL, True, on, rates)
    basic = bpu_contribution(25_000_000, WorkKind.INFORMAL, False, on, rates)
    pu = pu_contribution(12_000_000, 1, on, rates)
    question = Question(
        12, 7, "id", HOSTILE_TEXT, "not_understood", None, None, None, None, None, None
    )
    names = {str(p): p.value for p in Programme}
    plain: dict[str, dict[str, Any]] = {
        name: {}
        for name in (
            "menu",
            "language_choose",
            "unknown_command",
            "non_text",
            "stale_button",
            "error",
            "flood_notice",
            "faq_disliked",
            "tanya_prompt",
            "handover_sent",
            "handover_queued",
            "handover_nobody",
            "handover_already",
            "answer_sent",
            "answer_unreachable",
            "answer_taken",
            "answer_gone",
            "answer_empty",
            "answer_cancelled",
            "officer_only",
            "rated",
            "iuran_kind",
            "iuran_pmi_months",
            "iuran_cancelled",
            "invite_declined",
            "claim_already_decided",
            "officials_only",
            "member_gone",
            "personal_data_disabled",
            "consent_notice",
            "member_use_buttons",
            "member_invalid",
            "kpj_invalid",
            "phone_invalid",
            "member_cancelled",
            "import_instructions",
            "document_unexpected",
            "subscription_stopped",
            "admin_only",
            "siaran_ask_media",
            "siaran_audience",
            "siaran_cancelled",
            "siaran_discard",
            "outside_scope",
            "subscription_later",
            "delete_confirm",
            "delete_cancelled",
            "delete_done",
            "pii_notice",
            "voice_received",
            "voice_failed",
        )
    }
    return plain | {
        # The branch with most text; the others are the first version's ("other", None).
        "faq_not_understood": {"elsewhere": "health"},
        "welcome": {"name": HOSTILE_TEXT},
        "programs": {"lessons": []},
        "lesson_summary": {
            "emoji": "🕊️",
            "title": "Jaminan Kematian (JKM)",
            "pages": 5,
            "gets": "x" * 170,
            "who": "x" * 170,
            "cost": "x" * 170,
        },
        "lesson": {
            "emoji": "🕊️",
            "title": "Jaminan Kematian (JKM)",
            "body": "<b>x</b>",
            "page": 4,
            "pages": 4,
            "checked": on,
        },
        "help": {"commands": [("start", "Mulai dan menu utama")]},
        "language_set": {"language": "Basa Jawa"},
        "small_talk": {"kind": "thanks"},
        "subscription_set": {"label": LABEL},
        "poster_sent": {
            "label": LABEL,
            "link": "https://t.me/DesaSadarJamsosBot?start=p-AbCdEfGh_1",
            "count": 1_000_000,
        },
        "poster_who": {},
        "poster_unknown": {},
        **_siaran_samples(),
        "officers_list": {
            "officers": [(9001, HOSTILE_TEXT[:64], ["35.05", "35.72"], HOSTILE_TEXT[:80])] * 10,
            "sender": "BPJS Ketenagakerjaan",
        },
        "officer_ask": {"step": "scope"},
        "officer_invalid": {"problem": "office", "limit": 80},
        "officer_saved": {
            "scope": ["Kab. Blitar [35.05]", "Kota Blitar [35.72]"],
            "office": HOSTILE_TEXT[:80],
            "never_opened": True,
            "bot_username": "DesaSadarBot",
        },
        "officer_scope_pending": {"scope": ["Kab. Blitar, Jawa Timur"] * 5},
        "officer_office_saved": {"office": HOSTILE_TEXT[:80]},
        "officer_removed": {"removed": True},
        "member_unregister_ask": {"name": HOSTILE_TEXT[:100], "kpj": "11000000002"},
        "invite_accepted_already": {},
        "officer_remove_ask": {"name": "Budi Petugas", "scope": ["Kab. Jember", "Kab. Blitar"]},
        "subscription_resumed": {"label": LABEL},
        "subscription_current": {"label": LABEL},
        "faq_answer": {
            "answer": "x" * 600,
            "states_amount": True,
            "unconfirmed": True,
            "checked": on,
            "ask_feedback": True,
            "offer_news": True,
        },
        "faq_choices": {"questions": [HOSTILE_TEXT] * 3},
        "handover_post": {"question": question},
        "handover_answer": {"question": question, "answer": HOSTILE_TEXT * 2},
        "answer_prompt": {"question": question, "suggested": True},
        "questions_open": {"questions": [question] * 8, "total": 99, "page": 1, "pages": 13},
        "iuran_income_prompt": {"wage": False},
        "iuran_income_invalid": {"problem": "period"},
        "iuran_programmes": {"income": 2_500_000},
        "iuran_bpu_quote": {"quote": bpu, "alternative": basic, "names": names, "quick": True},
        "iuran_pu_quote": {"quote": pu, "jkk_highest": 208_800, "names": names},
        "iuran_pmi_quote": {"quote": pmi_fees(24, rates, on)},
        **_village_samples(),
        **_apparatus_samples(),
        **_figures_samples(),
        **_officer_report_samples(),
    }


def _siaran_samples() -> dict[str, dict[str, Any]]:
    counts = DeliveryCounts(queued=15000, sent=4000, blocked=500, failed=12)
    when = datetime(2026, 12, 1, 8, 0, tzinfo=JAKARTA)
    return {
        "siaran_ask_text": {"language": "Bahasa Indonesia"},
        "siaran_invalid": {"problem": "length", "limit": 3500},
        "siaran_menu": {
            "languages": ["Bahasa Indonesia", "English", "Basa Jawa"],
            "media": "photo",
            "audience": LABEL,
            "count": 20000,
            "sender": HOSTILE_TEXT[:80],
        },
        "siaran_ask_when": {"zone": "WITA", "example": when.date()},
        "siaran_when_invalid": {"problem": "no_time", "zone": "WIT", "example": when.date()},
        "siaran_confirm": {"count": 20000},
        "siaran_scheduled": {"when": when, "zone": "WIB", "count": 20000},
        "siaran_progress": {
            "id": 7,
            "counts": counts,
            "status": "sending",
            "eta": 10,
            "scheduled": True,
        },
        "siaran_report": {"id": 7, "counts": counts, "status": "cancelled", "reads": 321},
        "siaran_scheduled_list": {"items": [(7, when, 20000)] * 10, "zone": "WITA"},
    }


LABEL = "Desa Sukosewu, Kec. Gandusari, Kab. Blitar [35.05.15.2004]"


def _village_samples() -> dict[str, dict[str, Any]]:
    role = {"label": LABEL, "role": "Kepala desa"}
    return {
        "village_none": {"pending": LABEL},
        "village_mine": {**role, "verified": False},
        "region_pick": {
            "level": 3,
            "trail": ["Jawa Timur", "Kabupaten Blitar"],
            "total": 22,
            "target": 4,
        },
        "region_matches": {
            "text": HOSTILE_TEXT,
            "count": 40,
            "page": 2,
            "pages": 5,
            "target": 4,
            "full": True,
        },
        "region_not_found": {"text": HOSTILE_TEXT},
        "region_bad_code": {"code": HOSTILE_TEXT},
        "invite_role": {"label": LABEL},
        "invite_created": {
            **role,
            "link": "https://t.me/DesaSadarBot?start=" + "A" * 16,
            "days": 7,
        },
        "invite_invalid": {"problem": "expired"},
        "invite_revoked": {"problem": None, "label": LABEL},
        "invite_confirm": role,
        "official_welcome": role,
        "claim_role": {"label": LABEL},
        "claim_refused": {"problem": "pending"},
        "claim_sent": {"label": LABEL},
        "claim_notice": {**role, "id": 12},
        "claims_list": {
            "items": [(12, LABEL, "Operator desa", "Siti Aminah", 1001, date(2026, 12, 1))] * 5,
            "total": 40,
            "verifications": 20,
            "verifications_shown": 5,
        },
        "claim_note_prompt": {"id": 12, "approve": False},
        "claim_decided": {"id": 12, "approve": True, "told": False},
        "claim_result": {"approve": False, "label": LABEL, "note": HOSTILE_TEXT[:500]},
        "verification_pending": {"label": LABEL},
        "verification_sent": {"label": LABEL},
        "verification_notice": {"label": LABEL},
        "verification_note_prompt": {"label": LABEL, "approve": False},
        "verification_decided": {"label": LABEL, "approve": True},
        "verification_result": {"label": LABEL, "approve": False, "note": HOSTILE_TEXT[:500]},
    }


def _apparatus_samples() -> dict[str, dict[str, Any]]:
    member = Member(
        1,
        "35.05.15.2004",
        HOSTILE_TEXT[:100],
        "sekdes",
        "3505********0001",
        "aktif",
        "12345678901",
        has_phone=True,
    )
    errors = [RowError(n, "nik", "nik_scientific", "3505********0000") for n in range(2, 22)]
    return {
        "members_list": {
            "items": [(member, "Sekretaris Desa")] * 8,
            "total": 80,
            "page": 1,
            "pages": 10,
            "icons": {"aktif": "🟢"},
        },
        "member_detail": {
            "member": member,
            "jabatan": "Sekretaris Desa",
            "status": "Aktif",
            "saved": True,
        },
        "member_edit_menu": {"member": member, "jabatan": "Sekretaris Desa"},
        "member_edit_ask": {"field": "kpj", "name": member.name},
        "member_remove_confirm": {"member": member},
        "member_removed": {"name": member.name},
        "member_ask": {"step": "status", "warning": True},
        "nik_invalid": {"problem": "length", "digits": 15},
        "nik_duplicate": {"where": "other_village"},
        "member_confirm": {
            "name": member.name,
            "jabatan": "Sekretaris Desa",
            "nik": member.nik_masked,
            "status": "Aktif",
            "kpj": "12345678901",
            "phone": True,
        },
        "member_saved": {"name": member.name},
        "import_file_problem": {"code": "missing_columns", "columns": ("nik", "status")},
        "import_rejected": {"errors": errors, "total": 4999, "lines": 5000},
        "import_conflicts": {
            "conflicts": [ImportConflict(n, "same_village") for n in range(2, 22)],
            "total": 300,
        },
        "import_done": {"count": 5000},
    }


def _figures_samples() -> dict[str, dict[str, Any]]:
    """/laporan and /ceksyarat: every kind of figure, and a self-check with long details."""
    on = date(2026, 11, 27)
    labels = {f.name: f.name.replace("_", " ").title() for f in FIGURES}
    values: dict[str, object] = {
        "working_residents": 1_000_000,
        "registered_bpu": 999_999,
        "budget_allocated": False,
        "budget_amount": 9_999_999_999,
        "regulation_number": HOSTILE_TEXT[:MAX_TEXT],
        "perisai_agent": True,
        "sosialisasi_last_date": date(2026, 9, 30),
    }
    reporters = ["self", "kepala_desa", "operator", "other"] * 3
    lines = [
        {"name": f.name, "kind": str(f.kind), "value": values.get(f.name), "who": who, "day": on}
        for f, who in zip(FIGURES, reporters, strict=False)
    ]
    rules = load_rules()
    report = evaluate(_sample_village(), rules, on)
    longest_advice = [max(r.criterion.advice.values(), key=len) for r in report.next_steps]
    return {
        "report_not_official": {},
        "report_figures": {
            "label": LABEL,
            "lines": lines,
            "labels": labels,
            "saved": "registered_bpu",
            "cancelled": False,
        },
        "report_prompt": {
            "field": "regulation_number",
            "kind": "text",
            "label": labels["vulnerable_workers_covered"],
            "current": HOSTILE_TEXT[:MAX_TEXT],
            "max_text": MAX_TEXT,
        },
        "report_invalid": {
            "problem": "below_registered",
            "limit": 1_000_000,
            "kind": "count",
            "max_text": MAX_TEXT,
        },
        "check_result": {
            "label": LABEL,
            "report": report,
            "titles": {c.id: max(c.title.values(), key=len) for c in rules.criteria},
            "not_met": [r for r in report.next_steps if r.status == "not_met"],
            "unknown": [r for r in report.next_steps if r.status == "unknown"],
            "steps": [  # the attributes of handlers.shared.self_check.Step
                SimpleNamespace(kind="record", items=["anggota BPD", "pengurus RT/RW"], text=""),
                SimpleNamespace(kind="report", items=list(labels.values()), text=""),
                SimpleNamespace(kind="advice", items=[], text=longest_advice[0]),
            ],
            "audience": "village",
            "verification": "pending",
        },
        "check_explained": {
            "report": report,
            "titles": {c.id: max(c.title.values(), key=len) for c in rules.criteria},
            "why": {c.id: max(c.why.values(), key=len) for c in rules.criteria},
        },
    }


def _sample_village() -> VillageSnapshot:
    """Some criteria met, some not, some unknown: every kind of line in the self-check."""
    members = (
        RulesMember("kepala_desa", "aktif"),
        *[RulesMember("perangkat", "aktif")] * 7,
        *[RulesMember("perangkat", "nonaktif")] * 2,
    )
    return VillageSnapshot(
        code="35.05.15.2004",
        members=members,
        working_residents=2000,
        registered_bpu=500,
        registered_pu=340,
        budget_allocated=False,
        budget_amount=None,
        regulation_number=None,
        perisai_agent=None,
        sosialisasi_events=0,
        sosialisasi_participants=0,
        sosialisasi_last_date=None,
        mou_signed=False,
        vulnerable_workers_covered=37,
    )


def _officer_report_samples() -> dict[str, dict[str, Any]]:
    """/statistik, /ekspor and /audit: a national scope, long names, the largest counts."""
    big = 1_600_000
    coverage = tuple(Coverage(f"35.{n:02d}", LABEL, big, big - n) for n in range(514))
    weeks = tuple(StatsWeek(date(2026, 1, 5), big, big) for _ in range(12))
    stats = Statistics(
        Villagers(big, big, big, big), Villages(83_762, 83_762, 83_762), coverage,
        Questions(big, big, big, big), Announcements(big, big, big, big), weeks,
    )  # fmt: skip
    areas = {"everything": False, "areas": [LABEL] * 20}
    entry = AuditEntry(
        big, "2026-03-01 14:05", 9_999_999_999, HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT
    )
    return {
        "stats_no_scope": {},
        "stats_wait": {"count": 83_762},
        "export_full_refused": {},
        "export_cancelled": {},
        "export_progress": {"rows": 1_000_000, "done": False},
        "export_admin_only": {},
        "export_private_only": {},
        "private_only": {},
        "export_empty": {},
        "stats_summary": {"stats": stats, "shown": 10, "per": "per kab/kota", **areas},
        "stats_chart": {"has_history": True, "per": "per kab/kota"},
        "stats_villages": {
            "items": coverage[:12],
            "first": 83_751,
            "total": 83_762,
            "page": 6_980,
            "pages": 6_980,
        },
        "export_menu": areas,
        "export_format": {"label": HOSTILE_TEXT[:60], "masked": True, "offer_full": True},
        "export_reason_prompt": {"minimum": 10},
        "export_reason_invalid": {"minimum": 10},
        "export_too_large": {"size": 9_999},
        "export_sent": {"label": HOSTILE_TEXT[:60], "rows": big, "full": True, **areas},
        "export_audit": {"entries": [entry] * 20, "total": big, "page": 1, "pages": 80_000},
    }


def check_templates(i18n: I18n) -> list[str]:
    problems = []
    samples = template_samples()
    for name in i18n.template_names():
        sample = samples.get(name)
        if sample is None:
            problems.append(f"content/templates/{name}.html.j2: no sample in TEMPLATE_SAMPLES")
            continue
        for lang in SUPPORTED_LANGUAGES:
            problems.extend(_check_rendered(i18n, name, lang, sample))
    return problems


def _check_rendered(i18n: I18n, name: str, lang: str, sample: dict[str, Any]) -> list[str]:
    where = f"content/templates/{name}.html.j2 ({lang})"
    try:
        text = i18n.render(name, lang, **sample)
    except Exception as exc:  # any template error is a content problem to report
        return [f"{where}: does not render: {exc}"]
    error = check_telegram_html(text)
    if error:
        return [f"{where}: Telegram would reject it: {error}"]
    if len(visible_text(text)) > MAX_MESSAGE_CHARS:
        return [f"{where}: longer than {MAX_MESSAGE_CHARS} characters"]
    return []


def check_figures(day: date | None = None) -> tuple[list[str], dict[str, int]]:
    """Every Rp amount or percent a lesson screen or FAQ answer shows (on ``day``, in every
    language) must have a source in its entry; returns problems and counts for the CI log."""
    day = day or today_jakarta()
    problems: list[str] = []
    figures = 0
    sources: set[str] = set()
    texts: list[tuple[str, dict[str, str], tuple[str, ...]]] = [
        (f"content/lessons/{lesson.id}.toml screen {n}", screen.text, screen.sources)
        for lesson in load_lessons()
        for n, screen in enumerate(lesson.screens, start=1)
    ]
    texts += [
        (f"content/lessons/{lesson.id}.toml summary", line, lesson.summary.sources)
        for lesson in load_lessons()
        for line in lesson.summary.lines
    ]
    texts += [
        (f"FAQ entry '{entry.id}'", entry.answer, entry.sources)
        for entry in load_faq(CONTENT_DIR / "faq")
    ]
    for where, by_lang, entry_sources in texts:
        found = [
            figure
            for lang in SUPPORTED_LANGUAGES
            for figure in dated_facts.figures(dated_facts.render(by_lang[lang], lang, day))
        ]
        figures += len(found)
        if found and not entry_sources:
            problems.append(f"{where}: states {found[0]} but lists no sources")
        if found:
            sources.update(entry_sources)
    return problems, {"figures checked": figures, "figure sources": len(sources)}


def check_all() -> tuple[list[str], str]:
    problems: list[str] = []
    counts: dict[str, int] = {}
    try:
        counts["lessons"] = len(load_lessons())
    except ContentError as exc:
        problems.append(str(exc))
    try:
        entries = load_faq(CONTENT_DIR / "faq")
        counts["FAQ entries"] = len(entries)
        counts["labelled questions"] = sum(len(e.asked) for e in entries)
    except ContentError as exc:
        problems.append(str(exc))
    try:
        load_rates()
        problems.extend(dated_facts.check_successors(today_jakarta()))
        figure_problems, figure_counts = check_figures()
        problems.extend(figure_problems)
        counts.update(figure_counts)
    except (RatesFileError, FactsFileError, ContentError) as exc:
        problems.append(str(exc))
    try:
        counts["Desa Sadar criteria"] = len(load_rules().criteria)
    except RulesError as exc:
        problems.append(str(exc))
    try:
        i18n = I18n()
    except (FileNotFoundError, ValueError) as exc:
        return [*problems, str(exc)], "content check failed"
    problems.extend(check_templates(i18n))
    problems.extend(
        f"locales: {msgid!r} is not in the catalogs (run pybabel extract/update)"
        for msgid in not_in_catalog()
    )
    for lang, missing in untranslated(LOCALES_DIR).items():
        problems.extend(f"locales/{lang}: no translation for {msgid!r}" for msgid in missing)
    counts["templates"] = len(i18n.template_names())
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    return problems, ("content OK: " if not problems else "content has problems: ") + summary
