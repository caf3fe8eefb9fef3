"""FAQ entries from ``content/faq/*.toml``, validated strictly at start-up.

Also the questions villagers asked that are labelled with their entry
(``content/faq/asked/*.toml``, ``[[asked]] q = "…" entry = "id"``): the search reads them as
part of their entry (see ``FaqIndex``), so what was learnt from strangers' questions
helps the next stranger.

A broken entry stops the bot with one line naming the file, the entry and the problem, e.g.
``content/faq/x.toml: entry 'jkm-x': answer.en is 640 characters, the limit is 600``.
The format is described in the brief of the FAQ writers and checked field by field below.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.domain import dated_facts
from bot.platform.config import SUPPORTED_LANGUAGES
from bot.platform.content import ContentError, display_path
from bot.platform.telegram_html import check_telegram_html, visible_text

MAX_ANSWER_CHARS = 600
MAX_ID_CHARS = 24
_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_TOPIC_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELDS = frozenset(
    {"id", "topic", "question", "phrasings", "answer", "sources", "checked", "related"}
    | {"unconfirmed"}
)
# Optional: how villagers ask in English and in Javanese, kept apart from the Indonesian
# ``phrasings`` so each language's coverage can be seen (and grown) on its own.
_OPTIONAL_FIELDS = frozenset({"phrasings_en", "phrasings_jv"})


# Builds the error for one entry: fail("answer.en is missing").
_Fail = Callable[[str], ContentError]


@dataclass(frozen=True)
class FaqEntry:
    id: str
    topic: str
    question: dict[str, str]
    phrasings: tuple[str, ...]
    answer: dict[str, str]
    sources: tuple[str, ...]
    checked: date
    related: tuple[str, ...]
    unconfirmed: bool
    phrasings_en: tuple[str, ...] = ()
    phrasings_jv: tuple[str, ...] = ()
    # Questions asked by villagers (or written blind, as a villager would) and labelled with
    # this entry; not how the FAQ words it, so kept apart from the phrasings.
    asked: tuple[str, ...] = ()

    @property
    def all_phrasings(self) -> tuple[str, ...]:
        """Every phrasing, whatever its language: the search indexes them alike."""
        return self.phrasings + self.phrasings_jv + self.phrasings_en


@dataclass(frozen=True)
class EvalCase:
    """A held-out question and the entry it should find ("" = out of scope).

    ``also``: other entries whose answer states what the question asks just as fully (judged
    from the answers alone by two annotators apart, without the search's results; kept where
    both agreed), so that a reply with one of them still carries the right answer."""

    q: str
    expected: str
    also: tuple[str, ...] = ()

    def answered_by(self, entry_id: str) -> bool:
        """Does ``entry_id``'s answer carry what the question asks?"""
        return entry_id == self.expected or entry_id in self.also


ASKED_DIRECTORY = "asked"  # under the FAQ directory


def load_faq(directory: Path) -> list[FaqEntry]:
    """All entries of every ``*.toml`` in ``directory`` (files sorted, entries in file order),
    each with the labelled questions of ``directory/asked/*.toml``."""
    entries = load_faq_files(sorted(directory.glob("*.toml")))
    asked = load_asked(sorted((directory / ASKED_DIRECTORY).glob("*.toml")), entries)
    return [replace(e, asked=asked[e.id]) if e.id in asked else e for e in entries]


def load_asked(paths: Iterable[Path], entries: Iterable[FaqEntry]) -> dict[str, tuple[str, ...]]:
    """Labelled questions per entry id; a label that is not an entry stops the load."""
    known = {e.id for e in entries}
    asked: dict[str, list[str]] = {}
    for path in paths:
        for q, entry_id in _labelled(path, "asked", "entry", known, "an id"):
            asked.setdefault(entry_id, []).append(q)
    return {entry_id: tuple(questions) for entry_id, questions in asked.items()}


def asked_toml(header: str, pairs: Iterable[tuple[str, str]]) -> str:
    """A file of content/faq/asked: ``header`` (comment lines), then ``[[asked]]`` per
    (question, entry id) pair."""
    parts = [header]
    for q, entry_id in pairs:
        parts.append(f"\n[[asked]]\nq = {_toml_string(q)}\nentry = {_toml_string(entry_id)}\n")
    return "".join(parts)


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, except that TOML forbids a raw DEL character.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def load_faq_files(paths: Iterable[Path]) -> list[FaqEntry]:
    """Entries of the given files, checked together (unique ids, related ids exist)."""
    entries: list[FaqEntry] = []
    origin: dict[str, Path] = {}
    for path in paths:
        for entry in _load_file(path):
            if entry.id in origin:
                where = display_path(origin[entry.id])
                raise ContentError(path, f"entry '{entry.id}': id already used in {where}")
            origin[entry.id] = path
            entries.append(entry)
    _check_related(entries, origin)
    return entries


def load_eval_cases(path: Path, known_ids: Iterable[str]) -> list[EvalCase]:
    """``[[case]] q = "…" expected = "entry-id"`` (or ``""`` for out of scope), optionally
    ``also = ["entry-id", …]`` (see ``EvalCase``)."""
    known = set(known_ids)
    pairs = _labelled(path, "case", "expected", known | {""}, 'id or ""')
    cases = []
    for number, ((q, expected), raw) in enumerate(
        zip(pairs, _tables(path, "case"), strict=True), start=1
    ):
        also = raw.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
            raise ContentError(path, f"case {number}: also must be a list of entry ids")
        wrong = [a for a in also if a not in known or a == expected] if expected else also
        if wrong:
            raise ContentError(path, f"case {number}: also {wrong!r}: not other FAQ entries")
        cases.append(EvalCase(q, expected, tuple(also)))
    return cases


def _labelled(
    path: Path, table: str, label: str, known: set[str], hint: str
) -> list[tuple[str, str]]:
    """``[[table]] q = "…" <label> = "id"`` pairs; a label that is not in ``known`` stops."""
    pairs: list[tuple[str, str]] = []
    for number, raw in enumerate(_tables(path, table), start=1):
        q, value = raw.get("q"), raw.get(label)
        if not isinstance(q, str) or not q.strip() or not isinstance(value, str):
            raise ContentError(path, f"{table} {number}: needs q (text) and {label} ({hint})")
        if value not in known:
            raise ContentError(path, f"{table} {number}: {label} {value!r} is not a FAQ entry")
        pairs.append((q, value))
    return pairs


def _load_file(path: Path) -> list[FaqEntry]:
    return [_entry(path, raw, number) for number, raw in enumerate(_tables(path, "entry"), 1)]


def _tables(path: Path, name: str) -> list[dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(path, f"not valid TOML: {exc}") from exc
    extra = set(data) - {name}
    if extra:
        raise ContentError(path, f"unexpected top-level keys {sorted(extra)}; use [[{name}]]")
    tables = data.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ContentError(path, f"'{name}' must be an array of tables ([[{name}]])")
    return tables


def _entry(path: Path, raw: dict[str, Any], number: int) -> FaqEntry:
    entry_id = raw.get("id")
    label = f"entry '{entry_id}'" if isinstance(entry_id, str) else f"entry #{number}"

    def fail(message: str) -> ContentError:
        return ContentError(path, f"{label}: {message}")

    _check_fields(raw, fail)
    return FaqEntry(
        id=_entry_id(raw["id"], fail),
        topic=_topic(raw["topic"], fail),
        question=_texts(raw["question"], "question", fail, html=False),
        phrasings=_strings(raw["phrasings"], "phrasings", fail, allow_empty=True),
        answer=_texts(raw["answer"], "answer", fail, html=True),
        sources=_sources(raw["sources"], fail),
        checked=_checked(raw["checked"], fail),
        related=_strings(raw["related"], "related", fail, allow_empty=True),
        unconfirmed=_flag(raw["unconfirmed"], fail),
        phrasings_en=_strings(raw.get("phrasings_en", []), "phrasings_en", fail, allow_empty=True),
        phrasings_jv=_strings(raw.get("phrasings_jv", []), "phrasings_jv", fail, allow_empty=True),
    )


def _check_fields(raw: Mapping[str, Any], fail: _Fail) -> None:
    missing = sorted(_FIELDS - set(raw))
    if missing:
        raise fail(f"missing {', '.join(missing)}")
    unknown = sorted(set(raw) - _FIELDS - _OPTIONAL_FIELDS)
    if unknown:
        raise fail(f"unknown field {', '.join(unknown)}")


def _entry_id(value: Any, fail: _Fail) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise fail("id must use a-z, 0-9 and '-' only (no leading or trailing '-')")
    if len(value) > MAX_ID_CHARS:
        raise fail(f"id is {len(value)} characters, the limit is {MAX_ID_CHARS}")
    return value


def _topic(value: Any, fail: _Fail) -> str:
    if not isinstance(value, str) or not _TOPIC_RE.match(value):
        raise fail("topic must be a word like 'jkm' (a-z, 0-9, '-')")
    return value


def _texts(value: Any, field: str, fail: _Fail, *, html: bool) -> dict[str, str]:
    """One non-empty text per supported language; answers must also be valid Telegram HTML."""
    if not isinstance(value, dict):
        wanted = ", ".join(f"{field}.{lang}" for lang in SUPPORTED_LANGUAGES)
        raise fail(f"{field} must have {wanted}")
    unknown = sorted(set(value) - set(SUPPORTED_LANGUAGES))
    if unknown:
        raise fail(f"{field} has unknown languages {unknown}")
    texts: dict[str, str] = {}
    for lang in SUPPORTED_LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise fail(f"{field}.{lang} is missing")
        if html:
            _check_answer(text, lang, f"{field}.{lang}", fail)
        texts[lang] = text.strip()
    return texts


def _check_answer(text: str, lang: str, where: str, fail: _Fail) -> None:
    """Every way the answer can render (dated facts change it over time) must be valid."""
    syntax = dated_facts.check_syntax(text)
    if syntax:
        raise fail(f"{where}: {syntax}")
    for variant in dated_facts.variants(text, lang):
        error = check_telegram_html(variant)
        if error:
            raise fail(f"{where}: Telegram would reject it: {error}")
        length = len(visible_text(variant).strip())
        if length > MAX_ANSWER_CHARS:
            raise fail(f"{where} is {length} characters, the limit is {MAX_ANSWER_CHARS}")


def _strings(value: Any, field: str, fail: _Fail, *, allow_empty: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        raise fail(f"{field} must be a list of non-empty texts")
    if not value and not allow_empty:
        raise fail(f"{field} is empty")
    return tuple(s.strip() for s in value)


def _sources(value: Any, fail: _Fail) -> tuple[str, ...]:
    if value == []:
        raise fail("sources is empty: list the URLs behind the answer")
    sources = _strings(value, "sources", fail, allow_empty=False)
    bad = [s for s in sources if not s.startswith(("https://", "http://"))]
    if bad:
        raise fail(f"sources must be URLs, not {bad[0]!r}")
    return sources


def _checked(value: Any, fail: _Fail) -> date:
    # tomllib gives datetime for 2026-11-27T10:00; datetime is a date subclass, so test it first.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise fail("checked must be a date like 2026-11-27")
    return value


def _flag(value: Any, fail: _Fail) -> bool:
    if not isinstance(value, bool):
        raise fail("unconfirmed must be true or false")
    return value


def _check_related(entries: list[FaqEntry], origin: Mapping[str, Path]) -> None:
    for entry in entries:
        for other in entry.related:
            if other not in origin or other == entry.id:
                problem = "itself" if other == entry.id else "an entry that does not exist"
                message = f"entry '{entry.id}': related '{other}' is {problem}"
                raise ContentError(origin[entry.id], message)
