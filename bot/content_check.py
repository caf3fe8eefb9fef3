"""``desabot content check``: everything the bot loads from content/ and locales/, validated.

Start-up runs the same loaders; this command also renders every template in every language
with sample values and checks the result as Telegram would (valid HTML, ≤ 4096 characters).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.config import SUPPORTED_LANGUAGES
from bot.content import ContentError, load_lessons
from bot.i18n import LOCALES_DIR, I18n, untranslated
from bot.telegram_html import check_telegram_html, visible_text

MAX_MESSAGE_CHARS = 4096

# Sample values for every template, the worst realistic case (long names, HTML-looking text).
TEMPLATE_SAMPLES: dict[str, dict[str, Any]] = {
    "welcome": {"name": "<b>Budi & Sons</b>"},
    "menu": {},
    "programs": {"lessons": []},
    "lesson": {
        "emoji": "🕊️",
        "title": "Jaminan Kematian (JKM)",
        "body": "<b>x</b>",
        "page": 1,
        "pages": 4,
        "checked": date(2026, 11, 27),
    },
    "help": {"commands": [("start", "Mulai dan menu utama")]},
    "language_choose": {},
    "language_set": {"language": "Basa Jawa"},
    "unknown_command": {},
    "non_text": {},
    "stale_button": {},
    "error": {},
    "free_text": {},
}


def check_templates(i18n: I18n) -> list[str]:
    problems = []
    for name in i18n.template_names():
        sample = TEMPLATE_SAMPLES.get(name)
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
        i18n = I18n()
    except (FileNotFoundError, ValueError) as exc:
        return [*problems, str(exc)], "content check failed"
    problems.extend(check_templates(i18n))
    for lang, missing in untranslated(LOCALES_DIR).items():
        problems.extend(f"locales/{lang}: no translation for {msgid!r}" for msgid in missing)
    counts["templates"] = len(i18n.template_names())
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    return problems, ("content OK: " if not problems else "content has problems: ") + summary
