"""The officer's progress message: its ETA follows DESABOT_BROADCAST_RATE (the worker's real
pace), and the worker's hooks edit it and send the report without any handler module."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from telegram import Bot, InlineKeyboardMarkup

from bot.app import build_services
from bot.platform.config import Settings
from bot.platform.db import broadcasts, users
from bot.platform.db.broadcasts import DeliveryCounts
from bot.platform.i18n import I18n
from bot.services.broadcast_progress import ProgressNotifier, eta_minutes, progress_text
from bot.services.container import Services

OFFICER = 900


class RecordingBot:
    """Stands in for telegram.Bot: keeps what the notifier edits and sends."""

    def __init__(self) -> None:
        self.edits: list[tuple[str, int, int, InlineKeyboardMarkup | None]] = []
        self.sent: list[tuple[int, str]] = []

    async def edit_message_text(
        self, text: str, chat_id: int, message_id: int, *, reply_markup: Any = None
    ) -> None:
        self.edits.append((text, chat_id, message_id, reply_markup))

    async def send_message(self, chat_id: int, text: str, *, reply_markup: Any = None) -> Any:
        self.sent.append((chat_id, text))
        return SimpleNamespace(message_id=100 + len(self.sent))


@pytest.fixture
async def services(tmp_path: Path, i18n: I18n) -> AsyncIterator[Services]:
    settings = Settings(token=None, db_path=tmp_path / "p.sqlite3", broadcast_rate=5.0)
    built = build_services(settings)
    await built.db.initialize()
    await users.register(built.db, OFFICER, "Petugas", "id")
    yield built
    await built.db.shutdown()


def test_eta_follows_the_configured_rate() -> None:
    counts = DeliveryCounts(queued=2_990, sending=10)
    assert eta_minutes(counts, 25.0) == 2  # 3,000 at 1,500 a minute
    assert eta_minutes(counts, 5.0) == 10  # 3,000 at 300 a minute
    assert eta_minutes(DeliveryCounts(queued=1), 5.0) == 1  # rounded up
    assert eta_minutes(DeliveryCounts(sent=3_000), 5.0) == 0


def test_progress_text_states_the_eta_of_that_rate(i18n: I18n) -> None:
    text = progress_text(i18n, "id", 7, DeliveryCounts(queued=3_000), "sending", 5.0)
    assert "perkiraan 10 menit" in text


async def test_the_worker_hooks_edit_the_progress_message_at_the_settings_rate(
    services: Services,
) -> None:
    broadcast_id = await broadcasts.create_draft(services.db, OFFICER, {"id": "Halo"})
    await broadcasts.set_progress_message(services.db, broadcast_id, OFFICER, 55)
    await broadcasts.enqueue(services.db, broadcast_id, [OFFICER])  # now "sending"
    bot = RecordingBot()
    notifier = ProgressNotifier(cast(Bot, bot), services, control_prefix="sr")
    await notifier.progress(broadcast_id, DeliveryCounts(queued=3_000))
    (text, chat_id, message_id, _markup), *_ = bot.edits
    assert (chat_id, message_id) == (OFFICER, 55)
    assert "perkiraan 10 menit" in text  # DESABOT_BROADCAST_RATE=5, not the default 25
    found = await broadcasts.get(services.db, broadcast_id)
    assert found is not None
    await notifier.report(found, DeliveryCounts(sent=3_000))
    assert bot.sent and bot.sent[0][0] == OFFICER


async def test_the_control_buttons_match_the_status(services: Services) -> None:
    broadcast_id = await broadcasts.create_draft(services.db, OFFICER, {"id": "Halo"})
    await broadcasts.set_progress_message(services.db, broadcast_id, OFFICER, 56)
    bot = RecordingBot()
    notifier = ProgressNotifier(cast(Bot, bot), services, control_prefix="sr")
    await notifier.progress(broadcast_id, DeliveryCounts(queued=1))  # a draft: no buttons
    assert bot.edits[-1][3] is None
    await broadcasts.enqueue(services.db, broadcast_id, [OFFICER])
    await notifier.progress(broadcast_id, DeliveryCounts(queued=1))
    markup = bot.edits[-1][3]
    assert markup is not None
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert data == [f"sr:p:{broadcast_id}", f"sr:c:{broadcast_id}"]


async def test_a_progress_message_cut_off_by_a_crash_is_resumed_in_the_officers_chat(
    services: Services,
) -> None:
    """Launched before this process started, no progress message stored (killed right after
    "Ya, kirim"): a new message in the officer's chat, then edits and the report follow it."""
    broadcast_id = await broadcasts.create_draft(services.db, OFFICER, {"id": "Halo"})
    await broadcasts.enqueue(services.db, broadcast_id, [OFFICER])  # before the restart
    bot = RecordingBot()
    notifier = ProgressNotifier(cast(Bot, bot), services, control_prefix="sr")
    await notifier.adopt_orphans()  # at start-up, before the worker and any update
    launched_here = await broadcasts.create_draft(services.db, OFFICER, {"id": "Lagi"})
    await broadcasts.enqueue(services.db, launched_here, [OFFICER])
    await notifier.progress(launched_here, DeliveryCounts(queued=1))
    assert bot.sent == []  # launched by this process: its handler stores the message itself
    await notifier.progress(broadcast_id, DeliveryCounts(queued=1))
    assert [chat for chat, _text in bot.sent] == [OFFICER]
    found = await broadcasts.get(services.db, broadcast_id)
    assert found is not None and found.progress_message_id == 101
    await notifier.report(found, DeliveryCounts(sent=1))
    assert bot.edits[-1][2] == 101  # the resumed message is edited, not a third one sent
    assert len(bot.sent) == 2 and f"#{broadcast_id}" in bot.sent[1][1]
