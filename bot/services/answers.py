"""Answering a villager's question (/tanya or free text): small talk, the calculator for a
contribution question with an income in it, or the FAQ (one answer, a choice of entries, or
"not understood"). Every question that is not small talk is recorded with its outcome and
score, so officers see what the content misses (the /statistik FAQ report).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.faq.entries import FaqEntry
from bot.domain.faq.index import Elsewhere, FaqIndex, Outcome, SearchResult
from bot.domain.faq.smalltalk import small_talk
from bot.domain.iuran import RateTable
from bot.domain.money import find_income
from bot.platform import metrics
from bot.platform.db import questions
from bot.platform.db.connection import Database
from bot.platform.i18n import localized
from bot.services import calculator
from bot.services.calculator import Quick

MAX_QUESTION_CHARS = 1000
CALCULATOR_OUTCOME = "calculator"  # the questions table's outcome for a calculator answer
IURAN_TOPIC = "iuran"


class Kind(StrEnum):
    EMPTY = "empty"  # nothing asked: explain how to ask
    SMALL_TALK = "small_talk"  # "makasih", "halo": a friendly word, nothing recorded
    CALCULATOR = "calculator"
    CONFIDENT = "confident"
    AMBIGUOUS = "ambiguous"
    NOT_UNDERSTOOD = "not_understood"


@dataclass(frozen=True)
class Answer:
    kind: Kind
    small_talk: str | None = None  # which small talk
    quote: Quick | None = None  # the calculator's answer
    entry: FaqEntry | None = None  # the one answer
    choices: tuple[FaqEntry, ...] = ()  # "did you mean"
    see_also: tuple[FaqEntry, ...] = ()  # offered under the one answer (FaqIndex.see_also)
    question_id: int | None = None  # the recorded question, for 👍/👎 and the handover
    elsewhere: Elsewhere | None = None  # not understood: it belongs to another service


@dataclass(frozen=True)
class Asker:
    """Who asks, in which language, on which day (Asia/Jakarta: rates and discounts)."""

    user_id: int
    language: str
    on: date


async def answer(db: Database, faq: FaqIndex, rates: RateTable, asker: Asker, text: str) -> Answer:
    """The answer to ``text`` (cut to MAX_QUESTION_CHARS), recorded with its outcome."""
    found = await _answer(db, faq, rates, asker, text)
    metrics.faq_outcome(found.kind.value)  # confident / choices / not understood, for /metrics
    return found


async def _answer(db: Database, faq: FaqIndex, rates: RateTable, asker: Asker, text: str) -> Answer:
    text = text.strip()[:MAX_QUESTION_CHARS]
    if not text:
        return Answer(Kind.EMPTY)
    chat = small_talk(text)
    if chat is not None:
        return Answer(Kind.SMALL_TALK, small_talk=chat)
    result = faq.search(text)
    if find_income(text) is not None and _about_contribution(faq, result):
        quote = calculator.quick_quote(text, asker.on, rates)
        if quote is None:  # an absurd amount: not understood, and nothing to hand over
            return Answer(Kind.NOT_UNDERSTOOD)
        await _record(db, asker, text, result, CALCULATOR_OUTCOME, None, None)
        return Answer(Kind.CALCULATOR, quote=quote)
    top = result.hits[0] if result.hits else None
    question_id = await _record(
        db,
        asker,
        text,
        result,
        result.outcome.value,
        top.entry_id if top else None,
        top.score if top else None,
    )
    if result.outcome is Outcome.CONFIDENT and top is not None:
        see_also = tuple(faq.entry(entry_id) for entry_id in faq.see_also(result))
        return Answer(
            Kind.CONFIDENT,
            entry=faq.entry(top.entry_id),
            see_also=see_also,
            question_id=question_id,
        )
    if result.outcome is Outcome.AMBIGUOUS:
        choices = tuple(faq.entry(hit.entry_id) for hit in result.hits[:3])
        return Answer(Kind.AMBIGUOUS, choices=choices, question_id=question_id)
    return Answer(Kind.NOT_UNDERSTOOD, question_id=question_id, elsewhere=result.elsewhere)


def _about_contribution(faq: FaqIndex, result: SearchResult) -> bool:
    if IURAN_TOPIC in result.normalized.split():
        return True
    return any(faq.entry(hit.entry_id).topic == IURAN_TOPIC for hit in result.hits[:3])


async def _record(
    db: Database,
    asker: Asker,
    text: str,
    result: SearchResult,
    outcome: str,
    entry_id: str | None,
    score: float | None,
) -> int:
    return await questions.record(
        db,
        user_id=asker.user_id,
        language=asker.language,
        text=text,
        normalized=result.normalized,
        outcome=outcome,
        entry_id=entry_id,
        score=score,
    )


async def chosen_entry(
    db: Database, user_id: int, language: str, entry: FaqEntry, chosen_for: int | None = None
) -> int:
    """A related question or a "did you mean" choice pressed: recorded as answered, with the
    entry's question in the asker's language. ``chosen_for``: the question whose choices the
    button was one of; linked only when it is this villager's own ambiguous question, so that a
    👍 on the answer labels that question with the entry (``questions.labelled``)."""
    chosen_from = None
    if chosen_for is not None:
        chosen_from = await questions.ambiguous_of(db, chosen_for, user_id)
    return await questions.record(
        db,
        user_id=user_id,
        language=language,
        text=localized(entry.question, language),
        normalized="",
        outcome=Outcome.CONFIDENT.value,
        entry_id=entry.id,
        score=1.0,
        chosen_from=chosen_from,
    )
