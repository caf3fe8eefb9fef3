"""What users see when things go wrong, and the officers' group, and webhook mode."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import Content
from bot.harness import RunningBot, sandbox_settings, start_bot, stop_bot
from handlers.warga import program
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import OFFICER_ID, UserFactory


async def test_a_crash_in_a_handler_gets_a_polite_reply_and_no_personal_data_in_logs(
    new_user: UserFactory,
    bot: RunningBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("boom")

    registered = [h for h in bot.application.handlers[0] if h.callback is program.show_programs]
    for handler in registered:
        monkeypatch.setattr(handler, "callback", broken)
    user = new_user(first_name="Rahasia")
    caplog.set_level(logging.ERROR)
    await user.send("/program 3505124501900001")
    reply = await user.next_message()
    assert "ada gangguan" in reply.text
    assert "3505124501900001" not in caplog.text and "Rahasia" not in caplog.text
    await user.send("/menu")  # the bot goes on working
    assert "Menu utama" in (await user.next_message()).text


async def test_handover_to_a_forum_group_uses_one_topic_per_villager(
    sandbox: SandboxServer, client: SandboxClient, db_path: Path, content: Content
) -> None:
    """Its own bot, configured with the officers' group (so no `bot` fixture here)."""
    group_id = -100_777
    await client.add_group(
        group_id, title="Petugas BPJS TK Blitar", type="supergroup", is_forum=True
    )
    settings = replace(
        sandbox_settings(sandbox, db_path.with_name("forum.sqlite3")),
        officer_chat_id=group_id,
        admin_ids=frozenset({OFFICER_ID}),
    )
    running = await start_bot(settings, content=content)
    try:
        villager = ChatUser(client, 77_001, language_code="id")
        officer = ChatUser(client, OFFICER_ID, chat_id=group_id)
        for question in ("harga cabe hari ini berapa", "cuaca besok gimana"):
            await villager.send(question)
            await villager.press(await villager.next_message(), text="Teruskan ke petugas")
            await villager.next_message()
        posts = [await officer.next_message(), await officer.next_message()]
        threads = {p.raw["message"].get("message_thread_id") for p in posts}
        assert len(threads) == 1 and None not in threads  # both in the villager's own topic
        await officer.send(
            "Bot ini khusus BPJS TK, Bu.",
            reply_to_message_id=posts[1].message_id,
            message_thread_id=threads.pop(),
        )
        assert "terkirim" in (await officer.next_message()).text.lower()
        assert "khusus BPJS TK" in (await villager.next_message()).text
    finally:
        await stop_bot(running)


async def test_group_chatter_is_not_treated_as_questions(
    client: SandboxClient, bot: RunningBot
) -> None:
    group_id = -100_778
    await client.add_group(group_id, title="Warga", type="group")
    member = ChatUser(client, 77_002, chat_id=group_id)
    await member.send("selamat pagi semua")
    await member.send("/start")  # commands still work in groups
    reply = await member.next_message()
    assert "Desa Sadar Bot" in reply.text
    assert "selamat pagi" not in reply.text


async def test_webhook_mode_with_secret_token(
    sandbox: SandboxServer, client: SandboxClient, db_path: Path, content: Content
) -> None:
    """The same bot, fed by webhook: Telegram (here the sandbox) posts updates with the secret."""
    import aiohttp

    from bot.app import ALLOWED_UPDATES, build_application, build_services

    settings = sandbox_settings(sandbox, db_path)
    application = build_application(settings, build_services(settings, content=content))
    await application.initialize()
    assert application.post_init is not None and application.updater is not None
    await application.post_init(application)
    await application.start()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hook"
    await application.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="hook",
        webhook_url=url,
        secret_token="s3cret",
        allowed_updates=ALLOWED_UPDATES,
    )
    try:
        user = ChatUser(client, 88_001, language_code="en")
        await user.send("/start")
        assert "Desa Sadar Bot" in (await user.next_message()).text
        async with aiohttp.ClientSession() as http:
            forged = await http.post(
                url, json={"update_id": 1}, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            assert forged.status == 403
    finally:
        await application.updater.stop()
        await application.stop()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)
        await application.shutdown()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
