"""Each lesson opens with a summary (what you get, who can join, what it costs): loaded and
checked like the screens, short, and counted as page 1."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.content import (
    CONTENT_DIR,
    MAX_SUMMARY_LINE_CHARS,
    ContentError,
    load_lessons,
)
from bot.platform.telegram_html import visible_text


def test_every_lesson_has_a_short_summary_in_every_language() -> None:
    for lesson in load_lessons():
        assert lesson.pages == len(lesson.screens) + 1
        assert lesson.summary.sources
        for line in lesson.summary.lines:
            for lang in SUPPORTED_LANGUAGES:
                assert 0 < len(visible_text(line[lang])) <= MAX_SUMMARY_LINE_CHARS


def test_the_footer_date_is_the_oldest_check_summary_included() -> None:
    for lesson in load_lessons():
        dates = [lesson.summary.checked, *(s.checked for s in lesson.screens)]
        assert lesson.checked == min(dates)
        assert isinstance(lesson.checked, date)


def _copy_lesson(tmp_path: Path, name: str = "jkm") -> Path:
    directory = tmp_path / "lessons"
    directory.mkdir()
    shutil.copy(CONTENT_DIR / "lessons" / f"{name}.toml", directory / f"{name}.toml")
    return directory / f"{name}.toml"


def test_a_lesson_without_summary_is_refused_with_its_file_named(tmp_path: Path) -> None:
    path = _copy_lesson(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[summary]", "[summary_old]"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"jkm\.toml: a lesson needs a \[summary\]"):
        load_lessons(path.parent)


def test_a_summary_line_too_long_is_refused(tmp_path: Path) -> None:
    path = _copy_lesson(tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index('who.en = "') + len('who.en = "')
    path.write_text(text[:start] + "x" * 200 + text[start:], encoding="utf-8")
    with pytest.raises(ContentError, match=r"summary\.who \(en\): \d+ characters, limit 170"):
        load_lessons(path.parent)


def test_a_summary_without_sources_is_refused(tmp_path: Path) -> None:
    path = _copy_lesson(tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index("[summary]\nsources = [")
    end = text.index("]\n", start + len("[summary]\nsources = ["))
    path.write_text(text[:start] + "[summary]\nsources = [" + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match="summary: 'sources' must list"):
        load_lessons(path.parent)
