"""``desabot content check``: everything the bot loads from content/ and locales/, validated.

Start-up runs the same loaders; this command also renders every template in every language
with sample values and checks the result as Telegram would (valid HTML, ≤ 4096 characters).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.config import SUPPORTED_LANGUAGES
from bot.content import CONTENT_DIR, ContentError, load_lessons
from bot.db.questions import Question
from bot.faq.entries import ContentError as FaqContentError
from bot.faq.entries import load_faq
from bot.i18n import LOCALES_DIR, I18n, untranslated
from bot.iuran import (
    Programme,
    RatesFileError,
    WorkKind,
    bpu_contribution,
    load_rates,
    pmi_fees,
    pu_contribution,
)
from bot.telegram_html import check_telegram_html, visible_text

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
            "faq_choices",
            "faq_not_understood",
            "faq_disliked",
            "tanya_prompt",
            "handover_sent",
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
        )
    }
    return plain | {
        "welcome": {"name": HOSTILE_TEXT},
        "programs": {"lessons": []},
        "lesson": {
            "emoji": "🕊️",
            "title": "Jaminan Kematian (JKM)",
            "body": "<b>x</b>",
            "page": 1,
            "pages": 4,
            "checked": on,
        },
        "help": {"commands": [("start", "Mulai dan menu utama")]},
        "language_set": {"language": "Basa Jawa"},
        "faq_answer": {
            "answer": "x" * 600,
            "unconfirmed": True,
            "checked": on,
            "ask_feedback": True,
        },
        "handover_post": {"question": question},
        "handover_answer": {"question": question, "answer": HOSTILE_TEXT * 2},
        "answer_prompt": {"question": question},
        "questions_open": {"questions": [question] * 8, "total": 99, "page": 1, "pages": 13},
        "iuran_income_prompt": {"wage": False},
        "iuran_income_invalid": {"problem": "period"},
        "iuran_programmes": {"income": 2_500_000},
        "iuran_bpu_quote": {"quote": bpu, "alternative": basic, "names": names, "quick": True},
        "iuran_pu_quote": {"quote": pu, "jkk_highest": 208_800, "names": names},
        "iuran_pmi_quote": {"quote": pmi_fees(24, rates, on)},
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


def check_all() -> tuple[list[str], str]:
    problems: list[str] = []
    counts: dict[str, int] = {}
    try:
        counts["lessons"] = len(load_lessons())
    except ContentError as exc:
        problems.append(str(exc))
    try:
        counts["FAQ entries"] = len(load_faq(CONTENT_DIR / "faq"))
    except FaqContentError as exc:
        problems.append(str(exc))
    try:
        load_rates()
    except RatesFileError as exc:
        problems.append(str(exc))
    try:
        i18n = I18n()
    except (FileNotFoundError, ValueError) as exc:
        return [*problems, str(exc)], "content check failed"
    problems.extend(check_templates(i18n))
    for lang, missing in untranslated(LOCALES_DIR).items():
        problems.extend(f"locales/{lang}: no translation for {msgid!r}" for msgid in missing)
    counts["templates"] = len(i18n.template_names())
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    return problems, ("content OK: " if not problems else "content has problems: ") + summary
