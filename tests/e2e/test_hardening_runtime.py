"""Issue 10, runtime: a refused write, floods, webhook replays and a kill during a broadcast."""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import replace
from pathlib import Path

import aiohttp

from bot.harness import RunningBot, sandbox_settings, start_bot, stop_bot
from bot.platform.db import users
from bot.platform.db.connection import Database
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import OFFICER_ID, UserFactory
from tests.e2e.test_broadcast_delivery import announce, register

APOLOGY = "ada gangguan"


async def _villager_burst(user: ChatUser) -> list[str]:
    """/start, a question, /bahasa and a language button, as fast as a villager taps."""
    replies = []
    for text in ("/start", "iuran nelayan berapa", "/bahasa"):
        await user.send(text)
        replies.append(await user.next_message(timeout=30))
    # The question may bring a second message (the offer to subscribe) before the picker.
    while APOLOGY not in replies[-1].text and "English" not in str(replies[-1].buttons):
        replies.append(await user.next_message(timeout=30))
    if APOLOGY not in replies[-1].text:
        await user.press(replies[-1], text="English")
        replies.append(await user.next_message(timeout=30))
    return [message.text for message in replies]


async def test_a_burst_during_an_announcement_leaves_every_write_working(
    bot: RunningBot, client: SandboxClient, new_user: UserFactory
) -> None:
    """Issue 10, High 0: 80 subscribers receiving an announcement, 60 villagers at once."""
    db = bot.services.db
    subscribers = await register(db, client, {61_000 + n: "id" for n in range(80)})
    await announce(db, subscribers)
    assert bot.services.broadcaster is not None
    bot.services.broadcaster.notify()
    burst = [new_user() for _ in range(60)]
    results = await asyncio.gather(*(_villager_burst(user) for user in burst))
    replies = [text for texts in results for text in texts]
    assert len(replies) >= 240
    assert not [text for text in replies if APOLOGY in text]
    # Afterwards a new villager's ordinary conversation works, writes included.
    late = new_user()
    await late.send("/start")
    assert APOLOGY not in (await late.next_message()).text
    await late.send("/bahasa")
    await late.press(await late.next_message(), text="English")
    assert "Language changed" in (await late.next_message()).text
    await late.send("/menu")
    assert "Main menu" in (await late.next_message()).text


async def test_another_villager_is_answered_while_one_chat_floods(
    bot: RunningBot, client: SandboxClient, new_user: UserFactory
) -> None:
    """Issue 10, High 2 (the timing itself is bench/flood.py's; this only shows the order)."""
    flooder, other = new_user(first_name="Banjir"), new_user()
    for n in range(120):
        await flooder.send(f"halo {n}")
    await other.send("/start")
    assert "Desa Sadar Bot" in (await other.next_message(timeout=10)).text
    replies = await flooder.messages_until_quiet(quiet=1.5, timeout=60)
    notices = [m for m in replies if "terlalu banyak sekaligus" in m.text]
    assert len(notices) == 1  # told once, politely
    assert len(replies) < 120  # the flood was throttled, not answered in full


async def test_webhook_refuses_garbage_with_400_and_processes_a_repeated_update_once(
    sandbox: SandboxServer, client: SandboxClient, db_path: Path
) -> None:
    """Issue 10 (low): invalid JSON gave HTTP 500; a repeated update_id was processed twice."""
    from bot.app import ALLOWED_UPDATES, build_application, build_services
    from bot.platform import webhook

    webhook.install()  # as bot.runner does in webhook mode
    settings = sandbox_settings(sandbox, db_path)
    application = build_application(settings, build_services(settings))
    await application.initialize()
    assert application.post_init is not None and application.updater is not None
    await application.post_init(application)
    await application.start()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hook"
    await application.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path="hook", webhook_url=url,
        secret_token="s3cret", allowed_updates=ALLOWED_UPDATES,
    )  # fmt: skip
    secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret", "Content-Type": "application/json"}
    try:
        await client.add_user(88_101, first_name="Siti", language_code="id")
        start = {
            "update_id": 990_001,
            "message": {
                "message_id": 1, "date": 1_700_000_000, "text": "/start",
                "chat": {"id": 88_101, "type": "private", "first_name": "Siti"},
                "from": {"id": 88_101, "is_bot": False, "first_name": "Siti"},
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }  # fmt: skip
        async with aiohttp.ClientSession() as http:
            garbage = await http.post(url, data=b"{not json", headers=secret)
            assert garbage.status == 400
            wrong = await http.post(url, data=b"{not json", headers={**secret, **WRONG})
            assert wrong.status == 403  # the secret is checked first
            for _ in range(2):
                sent = await http.post(url, data=json.dumps(start), headers=secret)
                assert sent.status == 200
        await asyncio.sleep(1.0)
        replies = [e for e in await client.chat(88_101) if e.get("kind") == "message"]
        assert len(replies) == 1
    finally:
        await application.updater.stop()
        await application.stop()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)
        await application.shutdown()


WRONG = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_after_a_kill_right_after_ya_kirim_the_officer_gets_progress_and_report(
    sandbox: SandboxServer, client: SandboxClient, db_path: Path
) -> None:
    """Issue 10 (low): the process died between "Ya, kirim" (the outbox committed) and the
    progress message; after the restart the officer had no progress and no report."""
    db = Database(db_path)
    await db.initialize()
    await client.add_user(OFFICER_ID, first_name="Petugas", language_code="id")
    await users.register(db, OFFICER_ID, "Petugas", "id")
    villagers = await register(db, client, {62_000 + n: "id" for n in range(5)})
    broadcast_id = await announce(db, villagers)  # 'sending', no progress message stored
    await db.shutdown()
    settings = replace(sandbox_settings(sandbox, db_path), admin_ids=frozenset({OFFICER_ID}))
    restarted = await start_bot(settings)
    try:
        officer = ChatUser(client, OFFICER_ID)
        texts = [m.text for m in await officer.messages_until_quiet(quiet=3.0, timeout=20)]
    finally:
        await stop_bot(restarted)
    assert any(f"#{broadcast_id}" in text for text in texts), texts  # progress, resumed
    assert any(f"Laporan pengumuman #{broadcast_id}" in text for text in texts), texts
    assert any("Terkirim: 5 dari 5" in text for text in texts), texts
