"""When the "news from your village?" offer is made, and /langganan's resume
(bot.services.village_news)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.platform.db import subscriptions, users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import village_news
from tests.backend import database_for
from tests.factories import stand_in_villages

SUKOSEWU = "35.05.15.2004"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "news.sqlite3"))
    await database.initialize()
    await stand_in_villages(database, SUKOSEWU)
    for user_id in (1, 2, 3):
        await users.register(database, user_id, f"User {user_id}", "id")
    yield database
    await database.shutdown()


async def test_the_offer_is_made_once(db: Database) -> None:
    assert await village_news.offer_due(db, 1)
    assert not await village_news.offer_due(db, 1)


async def test_no_offer_to_a_subscriber_or_an_official(db: Database) -> None:
    await subscriptions.subscribe(db, 1, SUKOSEWU)
    await villages.seat(db, SUKOSEWU, "operator", 2)
    assert not await village_news.offer_due(db, 1)
    assert not await village_news.offer_due(db, 2)
    assert await village_news.offer_due(db, 3)


async def test_resume_restarts_a_stopped_subscription(db: Database) -> None:
    await subscriptions.subscribe(db, 1, SUKOSEWU)
    await subscriptions.stop(db, 1)
    assert await village_news.resume(db, 1) == SUKOSEWU
    assert not await subscriptions.is_stopped(db, 1)


async def test_nothing_to_resume_without_a_village_or_a_stop(db: Database) -> None:
    await subscriptions.subscribe(db, 1, SUKOSEWU)
    assert await village_news.resume(db, 1) is None  # subscribed and not stopped
    await subscriptions.stop(db, 2)
    assert await village_news.resume(db, 2) is None  # stopped, but never chose a village
