"""End-to-end fixtures: the real Application, polling the sandbox Bot API over HTTP."""

from __future__ import annotations

import asyncio
import itertools
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import Content
from bot.harness import RunningBot, sandbox_settings, start_bot, stop_bot
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import regions
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests import backend

_user_ids = itertools.count(50_001)


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    server = SandboxServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the Kemendagri regions loaded, built once (≈2 s) per session."""
    path = tmp_path_factory.mktemp("template") / "desabot.sqlite3"

    async def build() -> None:
        db = Database(path)
        await db.initialize()
        await regions.load_regions(db)
        await db.shutdown()

    asyncio.run(build())
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    """Each test gets its own copy of the template database."""
    path = tmp_path / "desabot.sqlite3"
    shutil.copyfile(template_db, path)
    return path


OFFICER_ID = 9001  # an admin, and so an officer with every right


async def _with_regions(url: str) -> None:
    db = open_database(url)
    await db.initialize()
    await regions.load_regions(db)
    await db.shutdown()


@pytest.fixture
def db_url() -> str | None:
    """On the PostgreSQL half (tests/backend.py): the test's own database, a copy of a
    template with the regions loaded; None on SQLite (the bot uses ``db_path``)."""
    if not backend.ON_POSTGRES:
        return None
    return backend.fresh(backend.template("regions", _with_regions))


@pytest.fixture
async def bot(
    sandbox: SandboxServer, db_path: Path, db_url: str | None, content: Content
) -> AsyncIterator[RunningBot]:
    settings = replace(
        sandbox_settings(sandbox, db_path), admin_ids=frozenset({OFFICER_ID}), db_url=db_url
    )
    running = await start_bot(settings, content=content)
    yield running
    await stop_bot(running)


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(sandbox.base_url) as api:
        yield api


UserFactory = Callable[..., ChatUser]


@pytest.fixture
def new_user(client: SandboxClient, bot: RunningBot) -> UserFactory:
    """A fresh Telegram user talking to the running bot."""

    def make(language_code: str = "id", first_name: str = "Siti") -> ChatUser:
        return ChatUser(client, next(_user_ids), language_code=language_code, first_name=first_name)

    return make


@pytest.fixture
async def officer(client: SandboxClient, bot: RunningBot) -> ChatUser:
    """The admin officer, who has opened a chat with the bot (Telegram requires that)."""
    user = ChatUser(client, OFFICER_ID, language_code="id", first_name="Petugas")
    await user.send("/start")
    await user.next_message()
    return user
