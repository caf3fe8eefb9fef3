"""Loads and validates ``content/`` at start-up: fail fast, naming the file and what is wrong.

Lessons are TOML files in ``content/lessons/`` (format in ``content/lessons/README.md``).
The same checks run in ``desabot content check`` and when the bot starts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain import dated_facts
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.telegram_html import check_telegram_html, visible_text

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
MAX_SCREEN_CHARS = 1000
# A summary line ("what you get", "who can join", "what it costs") fits about three lines of a
# phone screen; the details are on the lesson's further pages.
MAX_SUMMARY_LINE_CHARS = 170
SUMMARY_LINES = ("gets", "who", "cost")
_ID_RE = re.compile(r"^[a-z][a-z_]{1,15}$")


class ContentError(Exception):
    """A content file is invalid; ``str()`` names the file and the problem."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{display_path(path)}: {message}")
        self.path = path


@dataclass(frozen=True)
class Screen:
    text: dict[str, str]
    sources: tuple[str, ...]
    checked: date


@dataclass(frozen=True)
class Summary:
    """The lesson's first screen: what you get, who can join, what it costs (one line each)."""

    gets: dict[str, str]
    who: dict[str, str]
    cost: dict[str, str]
    sources: tuple[str, ...]
    checked: date

    @property
    def lines(self) -> tuple[dict[str, str], ...]:
        return (self.gets, self.who, self.cost)


@dataclass(frozen=True)
class Lesson:
    id: str
    order: int
    emoji: str
    title: dict[str, str]
    summary: Summary
    screens: tuple[Screen, ...]  # the details, after the summary

    @property
    def pages(self) -> int:
        """The summary, then each screen."""
        return 1 + len(self.screens)

    @property
    def checked(self) -> date:
        """The oldest check of any of its figures (the footer shows it once)."""
        return min([self.summary.checked, *(s.checked for s in self.screens)])


def load_lessons(directory: Path = CONTENT_DIR / "lessons") -> list[Lesson]:
    lessons = [_load_lesson(path) for path in sorted(directory.glob("*.toml"))]
    if not lessons:
        raise ContentError(directory, "no lesson files (*.toml) found")
    ids = [lesson.id for lesson in lessons]
    if len(set(ids)) != len(ids):
        raise ContentError(directory, f"duplicate lesson ids in {ids}")
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))


def _load_lesson(path: Path) -> Lesson:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(path, f"not valid TOML: {exc}") from exc
    lesson_id = _require(path, data, "id", str)
    if not _ID_RE.match(lesson_id) or lesson_id != path.stem:
        raise ContentError(path, f"id {lesson_id!r} must be [a-z_] and equal the file name")
    screens = _require(path, data, "screens", list)
    if not screens:
        raise ContentError(path, "a lesson needs at least one [[screens]] entry")
    return Lesson(
        id=lesson_id,
        order=_require(path, data, "order", int),
        emoji=_require(path, data, "emoji", str),
        title=_texts(path, data.get("title"), "title", 64),
        summary=_summary(path, data.get("summary")),
        screens=tuple(_screen(path, s, n) for n, s in enumerate(screens, start=1)),
    )


def _summary(path: Path, raw: Any) -> Summary:
    if not isinstance(raw, dict):
        raise ContentError(path, "a lesson needs a [summary] with gets, who and cost")
    sources, checked = _provenance(path, raw, "summary")
    gets, who, cost = (
        _texts(path, raw.get(line), f"summary.{line}", MAX_SUMMARY_LINE_CHARS)
        for line in SUMMARY_LINES
    )
    return Summary(gets=gets, who=who, cost=cost, sources=sources, checked=checked)


def _provenance(path: Path, raw: dict[str, Any], where: str) -> tuple[tuple[str, ...], date]:
    sources = raw.get("sources")
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, str) and s.startswith("http") for s in sources)
    ):
        raise ContentError(path, f"{where}: 'sources' must list the URLs behind its facts")
    checked = raw.get("checked")
    if not isinstance(checked, date):
        raise ContentError(path, f"{where}: 'checked' must be a date like 2026-11-27")
    return tuple(sources), checked


def _screen(path: Path, raw: Any, number: int) -> Screen:
    where = f"screen {number}"
    if not isinstance(raw, dict):
        raise ContentError(path, f"{where} must be a table")
    sources, checked = _provenance(path, raw, where)
    texts = {lang: raw.get(lang) for lang in SUPPORTED_LANGUAGES}
    return Screen(_texts(path, texts, where, MAX_SCREEN_CHARS), sources, checked)


def _texts(path: Path, raw: Any, where: str, limit: int) -> dict[str, str]:
    """One text per language, each valid Telegram HTML and within ``limit`` visible chars."""
    if not isinstance(raw, dict):
        raise ContentError(path, f"{where}: expected texts for {', '.join(SUPPORTED_LANGUAGES)}")
    texts: dict[str, str] = {}
    for lang in SUPPORTED_LANGUAGES:
        text = raw.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ContentError(path, f"{where}: the '{lang}' text is missing")
        syntax = dated_facts.check_syntax(text)
        if syntax:
            raise ContentError(path, f"{where} ({lang}): {syntax}")
        # Dated facts make a text change over time: every variant must be valid.
        for variant in dated_facts.variants(text, lang):
            error = check_telegram_html(variant)
            if error:
                raise ContentError(path, f"{where} ({lang}): Telegram would reject it: {error}")
            length = len(visible_text(variant))
            if length > limit:
                raise ContentError(path, f"{where} ({lang}): {length} characters, limit {limit}")
        texts[lang] = text.strip()
    return texts


def _require(path: Path, data: dict[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
        raise ContentError(path, f"'{key}' is missing or not a {kind.__name__}")
    return value


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
