"""What a villager's question gets (bot.services.answers), and what is recorded of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.domain.faq.entries import load_faq_files
from bot.domain.faq.index import FaqIndex
from bot.domain.iuran import load_rates
from bot.platform.db import questions, users
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import answers
from bot.services.answers import Asker, Kind
from bot.services.calculator import BothQuotes
from tests.backend import database_for

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "faq_fixture.toml"
RATES = load_rates()
ASKER = Asker(user_id=5, language="id", on=date(2026, 3, 4))


@pytest.fixture(scope="module")
def faq() -> FaqIndex:
    return FaqIndex(load_faq_files([FIXTURE]))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "answers.sqlite3"))
    await database.initialize()
    await users.register(database, ASKER.user_id, "Siti", "id")
    yield database
    await database.shutdown()


async def _recorded(db: Database) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM questions")
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(("text", "kind"), [("   ", Kind.EMPTY), ("makasih", Kind.SMALL_TALK)])
async def test_nothing_asked_or_small_talk_is_not_recorded(
    db: Database, faq: FaqIndex, text: str, kind: Kind
) -> None:
    found = await answers.answer(db, faq, RATES, ASKER, text)
    assert found.kind is kind and found.question_id is None
    assert await _recorded(db) == 0


async def test_a_clear_question_gets_its_entry_and_is_recorded(db: Database, faq: FaqIndex) -> None:
    found = await answers.answer(db, faq, RATES, ASKER, "klo kecelakaan pas nyangkul dpt apa?")
    assert found.kind is Kind.CONFIDENT and found.entry is not None
    assert found.entry.id == "jkk-manfaat" and found.question_id is not None
    stored = await questions.get(db, found.question_id)
    assert stored is not None and (stored.outcome, stored.entry_id) == ("confident", "jkk-manfaat")


async def test_a_contribution_question_with_an_income_gets_the_calculator(
    db: Database, faq: FaqIndex
) -> None:
    found = await answers.answer(db, faq, RATES, ASKER, "nelayan gaji 2jt iurannya brp")
    assert found.kind is Kind.CALCULATOR and isinstance(found.quote, BothQuotes)
    assert found.quote.income.amount == 2_000_000
    row = await db.fetchone("SELECT outcome FROM questions")
    assert row is not None and row[0] == "calculator"


async def test_an_absurd_income_is_not_understood_and_not_handed_over(
    db: Database, faq: FaqIndex
) -> None:
    found = await answers.answer(db, faq, RATES, ASKER, "iuran kalau gaji 5 miliar sebulan")
    assert (found.kind, found.question_id) == (Kind.NOT_UNDERSTOOD, None)
    assert await _recorded(db) == 0


async def test_a_question_the_faq_does_not_know_is_recorded_for_the_handover(
    db: Database, faq: FaqIndex
) -> None:
    found = await answers.answer(db, faq, RATES, ASKER, "harga pupuk urea sekarang berapa")
    assert found.kind is Kind.NOT_UNDERSTOOD and found.question_id is not None
    stored = await questions.get(db, found.question_id)
    assert stored is not None and stored.outcome == "not_understood"


async def test_a_pressed_entry_is_recorded_in_the_askers_language(
    db: Database, faq: FaqIndex
) -> None:
    entry = faq.entry("jht-cair")
    question_id = await answers.chosen_entry(db, ASKER.user_id, "en", entry)
    stored = await questions.get(db, question_id)
    assert stored is not None
    assert (stored.language, stored.entry_id, stored.text) == (
        "en",
        "jht-cair",
        entry.question["en"],
    )
