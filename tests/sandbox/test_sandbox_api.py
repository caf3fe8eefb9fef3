"""The sandbox Bot API, driven by PTB's own ``telegram.Bot`` so PTB's parsing is tested too."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter

from sandbox.client import ChatUser, SandboxClient, SandboxError
from sandbox.server import SandboxServer

# PTB warns inside RetryAfter itself (retry_after becoming a timedelta); not our concern here.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123:" + "A" * 35
USER = 4242


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    sandbox = SandboxServer()
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def client(server: SandboxServer) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(server.base_url) as api:
        yield api


@pytest.fixture
async def bot(server: SandboxServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.api_url, base_file_url=server.file_url) as ptb_bot:
        yield ptb_bot


@pytest.fixture
async def user(client: SandboxClient) -> ChatUser:
    """A user who has opened the private chat (so the bot may write to them)."""
    chat_user = ChatUser(client, USER, language_code="id", first_name="Budi")
    await chat_user.send("hai")
    return chat_user


def keyboard(*data: str) -> InlineKeyboardMarkup:
    data = data or ("k",)
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"B{d}", callback_data=d)] for d in data])


async def test_get_me_is_the_desa_sadar_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (1000001, True, "DesaSadarBot")
    assert me.first_name == "Desa Sadar Bot" and me.can_join_groups


async def test_html_message_arrives_with_entities_and_raw_text(bot: Bot, user: ChatUser) -> None:
    sent = await bot.send_message(
        USER, "<b>Halo</b> &lt;b&gt;Budi &amp; Sons", parse_mode="HTML", reply_markup=keyboard("a")
    )
    assert sent.text == "Halo <b>Budi & Sons"
    assert sent.entities[0].type == "bold" and sent.reply_markup == keyboard("a")
    seen = await user.next_message()
    assert seen.message_id == sent.message_id and seen.text.startswith("<b>Halo</b>")
    assert seen.visible_text == sent.text and user.buttons(seen) == [("Ba", "a")]


async def test_bad_html_is_rejected_like_telegram(bot: Bot, user: ChatUser) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
        await bot.send_message(USER, "Halo <div>x</div>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)can't find end tag"):
        await bot.send_message(USER, "<b>Halo", parse_mode="HTML")


async def test_text_limits_count_visible_characters(bot: Bot, user: ChatUser) -> None:
    await bot.send_message(USER, "&amp;" * 4096, parse_mode="HTML")  # 4096 visible characters
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(USER, b"x", filename="a.txt", caption="c" * 1025)


async def test_callback_data_limit_is_64_bytes(bot: Bot, user: ChatUser) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard("é" * 32))  # exactly 64 bytes
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "too long", reply_markup=keyboard("x" * 65))


async def test_unknown_and_blocked_chats(bot: Bot, client: SandboxClient, user: ChatUser) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(777, "siapa?")
    await client.add_user(778, open_chat=False)
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(778, "halo")
    await user.block()
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER, "halo")
    updates = await bot.get_updates()
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"


async def test_rate_limit_answers_429_with_retry_after(
    server: SandboxServer, bot: Bot, client: SandboxClient, user: ChatUser
) -> None:
    await client.set_limits(per_chat_per_second=1)
    await bot.send_message(USER, "satu")
    with pytest.raises(RetryAfter, match=r"Retry in [1-9]\d* seconds"):
        await bot.send_message(USER, "dua")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{server.api_url}{TOKEN}/sendMessage", json={"chat_id": USER, "text": "x"}) as r,
    ):
        assert r.status == 429
        body = await r.json()
        assert body["error_code"] == 429 and body["parameters"]["retry_after"] >= 1
        assert body["description"].startswith("Too Many Requests: retry after ")
    assert (await client.stats())["rate_limited"] == 2
    await client.set_limits()  # all off again
    await bot.send_message(USER, "tiga")


async def test_get_updates_long_poll_returns_as_soon_as_a_message_arrives(
    bot: Bot, client: SandboxClient
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    await client.send(USER, "/start@DesaSadarBot", first_name="Budi", language_code="jv")
    updates = await asyncio.wait_for(poll, 3)
    assert time.monotonic() - started < 2
    message = updates[0].message
    assert message is not None and message.text == "/start@DesaSadarBot"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 19
    assert message.from_user is not None and message.from_user.language_code == "jv"
    # Confirming with offset drops it; the profile is remembered for the next message.
    await client.send(USER, "lagi")
    again = await bot.get_updates(offset=updates[-1].update_id + 1)
    assert [u.message.text for u in again if u.message] == ["lagi"]
    sender = again[0].message.from_user if again[0].message else None
    assert sender is not None and sender.first_name == "Budi"


async def test_allowed_updates_drop_other_types(bot: Bot, client: SandboxClient) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    await client.send(USER, "dropped")
    assert await bot.get_updates() == ()


async def test_only_buttons_on_the_current_keyboard_can_be_pressed(
    bot: Bot, client: SandboxClient, user: ChatUser
) -> None:
    sent = await bot.send_message(USER, "pilih", reply_markup=keyboard("ya", "tidak"))
    with pytest.raises(SandboxError, match="no such button"):
        await client.press(USER, sent.message_id, "mungkin")
    shown = await user.next_message()
    await user.press(shown, text="Bya")
    query = (await bot.get_updates())[-1].callback_query
    assert query is not None and query.message is not None
    assert query.data == "ya" and query.message.message_id == sent.message_id
    await query.answer("Oke")
    assert (await user.next_answer())["text"] == "Oke"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer("again")
    await bot.edit_message_text("dipilih", chat_id=USER, message_id=sent.message_id)
    edited = await user.next_message()
    assert edited.edited and edited.buttons == []  # no reply_markup → keyboard removed
    with pytest.raises(SandboxError, match="no such button"):
        await client.press(USER, sent.message_id, "tidak")
    with pytest.raises(AssertionError, match="available"):
        await user.press(edited, text="Btidak")
    # A double tap that raced the edit: the old snapshot's button, accepted only when stale.
    await user.press(shown, data="tidak", stale=True)
    assert (await bot.get_updates())[-1].callback_query.data == "tidak"  # type: ignore[union-attr]


async def test_edit_errors(bot: Bot, user: ChatUser) -> None:
    sent = await bot.send_message(
        USER, "<i>sama</i>", parse_mode="HTML", reply_markup=keyboard("k")
    )
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await sent.edit_text("<i>sama</i>", parse_mode="HTML", reply_markup=keyboard())
    await sent.edit_text("<b>sama</b>", parse_mode="HTML", reply_markup=keyboard())
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=9999)
    await sent.delete()
    chat = await user.client.chat(USER)
    assert all(m["message_id"] != sent.message_id for m in chat)


async def test_document_upload_get_file_and_download(
    bot: Bot, client: SandboxClient, user: ChatUser
) -> None:
    sent = await bot.send_document(USER, b"isi laporan", filename="laporan.csv", caption="Ekspor")
    assert sent.document is not None and sent.document.file_name == "laporan.csv"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"isi laporan"
    seen = await user.next_message()
    assert seen.document_name == "laporan.csv" and seen.kind == "document"
    # And the other way: a user's upload reaches the bot and can be downloaded.
    await user.upload("ktp.txt", b"\x00\x01data", "text/plain", caption="dokumen")
    upload = (await bot.get_updates())[-1].message
    document = upload.document if upload else None
    assert document is not None and document.file_name == "ktp.txt"
    data = await (await bot.get_file(document.file_id)).download_as_bytearray()
    assert bytes(data) == b"\x00\x01data"
    photo = await bot.send_photo(USER, photo=(await bot.get_file(document.file_id)).file_id)
    assert photo.photo and photo.photo[-1].file_size == 6


async def test_commands_are_stored_per_scope_and_language(bot: Bot, client: SandboxClient) -> None:
    await bot.set_my_commands([("start", "Mulai"), ("bantuan", "Bantuan")])
    await bot.set_my_commands([("start", "Start")], language_code="en")
    assert [c.command for c in await bot.get_my_commands(language_code="en")] == ["start"]
    stored = {c["language_code"]: c for c in await client.commands()}
    assert stored[""]["commands"][1] == {"command": "bantuan", "description": "Bantuan"}
    assert stored["en"]["scope"] == {"type": "default"}
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Start-Now", "x")])


async def test_commands_for_one_chat_need_a_known_chat(bot: Bot, user: ChatUser) -> None:
    """A chat-scoped list is kept per chat and language; a user who never opened the bot has
    no chat, and Telegram answers "chat not found"."""
    mine = BotCommandScopeChat(USER)
    await bot.set_my_commands([("siaran", "Tulis pengumuman")], scope=mine)
    await bot.set_my_commands([("siaran", "Write an announcement")], scope=mine, language_code="en")
    assert [c.description for c in await bot.get_my_commands(scope=mine)] == ["Tulis pengumuman"]
    english = await bot.get_my_commands(scope=mine, language_code="en")
    assert [c.description for c in english] == ["Write an announcement"]
    assert await bot.get_my_commands() == ()  # the default list is untouched
    await bot.delete_my_commands(scope=mine)
    assert await bot.get_my_commands(scope=mine) == ()
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.set_my_commands([("siaran", "x")], scope=BotCommandScopeChat(777_777))


async def test_reply_keyboard_and_chat_action_are_reported(bot: Bot, user: ChatUser) -> None:
    await bot.send_chat_action(USER, "typing")
    await bot.send_message(USER, "Pilih", reply_markup=ReplyKeyboardMarkup([["Ya", "Tidak"]]))
    shown = await user.next_message()
    assert shown.keyboard == [["Ya", "Tidak"]]
    assert (await user.next_event(("chat_action",)))["action"] == "typing"


async def test_next_message_timeout_explains_what_happened(user: ChatUser) -> None:
    with pytest.raises(AssertionError, match="no message/edit event within"):
        await user.next_message(timeout=0.1)


async def test_webhook_receives_updates_with_secret(
    bot: Bot, client: SandboxClient, unused_tcp_port: int
) -> None:
    received: asyncio.Queue[tuple[str | None, dict[str, object]]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await received.put((secret, await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{unused_tcp_port}/hook", secret_token="s3cret")
        with pytest.raises(Conflict):
            await bot.get_updates()
        await client.send(USER, "via webhook")
        secret, update = await asyncio.wait_for(received.get(), 3)
        assert secret == "s3cret" and update["message"]["text"] == "via webhook"  # type: ignore[index]
        assert (await bot.get_webhook_info()).url.endswith("/hook")
        await bot.delete_webhook()
    finally:
        await runner.cleanup()


async def test_unknown_method_and_token(server: SandboxServer) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{server.api_url}{TOKEN}/sendUnicorn") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with http.get(f"{server.api_url}{TOKEN}/GETME") as response:
            assert (await response.json())["result"]["id"] == 1000001  # case-insensitive
        server.state.valid_token = TOKEN
        async with http.get(f"{server.api_url}1:other/getMe") as response:
            assert response.status == 401


async def test_reset_keeps_update_ids_increasing(bot: Bot, client: SandboxClient) -> None:
    first = await client.send(USER, "satu")
    await client.reset()
    second = await client.send(USER, "dua")
    assert second > first
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["dua"]


async def test_other_message_kinds_parse_in_ptb(bot: Bot, client: SandboxClient) -> None:
    kinds = ("photo", "sticker", "voice", "location", "contact", "video")
    for kind in kinds:
        await client.send_other(USER, kind)
    messages = [u.message for u in await bot.get_updates()]
    assert all(messages) and len(messages) == len(kinds)
    photo, sticker, voice, location, contact, video = messages
    assert photo and photo.photo[-1].width == 64 and sticker and sticker.sticker
    assert voice and voice.voice and location and location.location and video and video.video
    assert contact and contact.contact and contact.contact.user_id == USER
    assert photo.photo and bytes(
        await (await bot.get_file(photo.photo[-1].file_id)).download_as_bytearray()
    ).startswith(b"\x89PNG")


async def test_groups_topics_copy_and_forward(
    bot: Bot, client: SandboxClient, user: ChatUser
) -> None:
    group = -1001234567890
    await client.add_group(group, title="Petugas Cabang", is_forum=True)
    topic = await bot.create_forum_topic(group, "Pertanyaan Budi")
    question = (await bot.get_updates())[-1].message
    assert question is not None
    copied = await bot.copy_message(
        group, USER, question.message_id, message_thread_id=topic.message_thread_id
    )
    forwarded = await bot.forward_message(group, USER, question.message_id)
    assert forwarded.forward_origin is not None and forwarded.text == "hai"
    state = await client.chat_state(group)
    assert [m["message_id"] for m in state["messages"]] == [copied.message_id, forwarded.message_id]
    assert state["messages"][0]["message"]["message_thread_id"] == topic.message_thread_id
    await client.set_limits(per_group_per_minute=2)  # windows start empty
    await bot.send_message(group, "satu")
    await bot.send_message(group, "dua", message_thread_id=topic.message_thread_id)
    with pytest.raises(RetryAfter):
        await bot.send_message(group, "ketiga")


async def test_voice_video_note_and_audio_from_users_parse_in_ptb(
    bot: Bot, client: SandboxClient
) -> None:
    for kind in ("voice", "video_note", "audio"):
        await client.send_other(USER, kind)
    voice, note, audio = [u.message for u in await bot.get_updates()]
    assert voice and voice.voice and voice.voice.mime_type == "audio/ogg"
    assert note and note.video_note and note.video_note.length == 240
    assert audio and audio.audio and audio.audio.duration == 30
    # They can be copied (officers get a voice note without the sender's name) ...
    await client.add_group(-1009, title="Petugas")
    copied = await bot.copy_message(-1009, USER, voice.message_id)
    events = await client.messages(-1009)
    assert events[-1]["message"]["message_id"] == copied.message_id
    assert "voice" in events[-1]["message"] and "forward_origin" not in events[-1]["message"]
    # ... and forwarded, which names the sender.
    forwarded = await bot.forward_message(-1009, USER, note.message_id)
    assert forwarded.video_note and forwarded.forward_origin is not None


async def test_send_voice_plays_ogg_opus_and_resends_by_file_id(
    bot: Bot, client: SandboxClient
) -> None:
    await client.add_user(USER)
    ogg = b"OggS" + bytes(24) + b"OpusHead" + bytes(40)
    sent = await bot.send_voice(USER, ogg, duration=7, caption="<b>JKK</b>", parse_mode="HTML")
    assert sent.voice and sent.voice.duration == 7 and sent.voice.mime_type == "audio/ogg"
    assert sent.caption == "JKK"
    again = await bot.send_voice(USER, sent.voice.file_id)
    assert again.voice and again.voice.file_id == sent.voice.file_id
    data = await (await bot.get_file(sent.voice.file_id)).download_as_bytearray()
    assert bytes(data) == ogg


async def test_send_voice_with_another_format_arrives_as_a_file(
    bot: Bot, client: SandboxClient
) -> None:
    await client.add_user(USER)
    sent = await bot.send_voice(USER, b"RIFF\x00\x00\x00\x00WAVEfmt ", filename="suara.wav")
    assert sent.voice is None and sent.document is not None
