"""Issue 10: rights that change at once, forged input refused, every failure answered."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.apparatus_sheet import MAX_SHEET_ROWS, MAX_UNPACKED_BYTES, parse_upload
from bot.harness import RunningBot
from bot.platform.db import consents, dialogs, officers, subscriptions, users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.villages import NotAVillage
from handlers.desa.perangkat import impor as apparatus_import
from handlers.shared.session import acknowledge
from handlers.warga import program
from sandbox.client import BotMessage, ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import UserFactory
from tests.unit.test_apparatus_import import HEADER, xlsx_bytes, xlsx_with_cell

REVOKED_ID = 700_001
SUKOSEWU = "35.05.15.2004"


async def _add_officer(admin: ChatUser, user_id: int, scope: str) -> None:
    await admin.send("/petugas")
    await admin.press(await admin.next_message(), text="Tambah petugas")
    await admin.next_message()
    await admin.send(str(user_id))
    await admin.next_message()
    await admin.send(scope)
    assert "Kab. Blitar, Jawa Timur" in (await admin.next_message()).text


async def _hand_over(villager: ChatUser) -> None:
    await villager.send("harga cabe hari ini berapa")
    await villager.press(await villager.next_message(), text="Teruskan ke petugas")
    await villager.next_message()


async def _next_with(user: ChatUser, text: str) -> BotMessage:
    """The next message containing ``text`` (other notices, e.g. handed-over posts, skipped)."""
    for _ in range(5):
        message = await user.next_message()
        if text in message.text:
            return message
    raise AssertionError(f"no message with {text!r}")


async def test_a_revoked_officer_loses_every_right_on_the_next_update(
    officer: ChatUser, client: SandboxClient, new_user: UserFactory, bot: RunningBot
) -> None:
    petugas = ChatUser(client, REVOKED_ID, language_code="id", first_name="Petugas Blitar")
    await petugas.send("/start")
    await petugas.next_message()
    await _add_officer(officer, REVOKED_ID, "35.05")
    villager = new_user()
    await _hand_over(villager)
    post = await _next_with(petugas, "Pertanyaan warga")
    await petugas.send("/pertanyaan")  # an officer, and cached as one
    assert "belum dijawab" in (await petugas.next_message()).text
    await petugas.press(post, text="Jawab")  # the answer prompt is open when the role goes
    assert "Ketik jawaban" in (await petugas.next_message()).text

    await officer.drain()
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="Petugas Blitar")
    await officer.press(await officer.next_message(), text="Cabut peran petugas")
    await officer.press(await officer.next_message(), text="Ya, cabut")  # asked first
    assert "sudah dicabut" in (await officer.next_message()).text

    await petugas.send("Jawaban resmi: harga cabe Rp50.000")
    assert "hanya untuk petugas" in (await petugas.next_message()).text
    await petugas.send("apa itu jkk")  # the refused step ended the dialogue: a question now
    assert "hanya untuk petugas" not in (await petugas.next_message()).text
    await petugas.send("Jawaban resmi lewat balasan", reply_to_message_id=post.message_id)
    assert "Jawaban terkirim" not in (await petugas.next_message()).text
    for command in ("/pertanyaan", "/siaran", "/verifikasi"):
        await petugas.send(command)
        assert "hanya untuk petugas" in (await petugas.next_message()).text, command
    assert not [m for m in await villager.messages_until_quiet() if "Jawaban" in m.text]
    answered = await bot.services.db.fetchone("SELECT answered_by FROM questions")
    assert answered is not None and answered[0] is None


async def _press_forged(bot: RunningBot, user: ChatUser, data: str) -> BotMessage:
    """Press a button the bot never offered (the bot sends it here only so it can be pressed)."""
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])
    await bot.application.bot.send_message(user.user_id, "lama", reply_markup=markup)
    await user.press(await user.next_message(), data=data)
    return await user.next_message()


async def _count(bot: RunningBot, table: str) -> int:
    row = await bot.services.db.fetchone(f"SELECT COUNT(*) FROM {table}")
    return int(row[0]) if row else -1


async def test_forged_region_codes_make_no_claim_invite_or_subscription(
    officer: ChatUser, new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/start")
    await villager.next_message()
    for data in (
        "clm:role:35:kepala_desa",  # a provinsi
        "clm:role:35.05.15:operator",  # a kecamatan
        "clm:role:99.99.99.9999:kepala_desa",  # no such village
        "rg:s:99.99.99.9999:0",
        "rg:c:99.99:0",
    ):
        reply = await _press_forged(bot, villager, data)
        assert "tidak berlaku" in reply.text, data
    await officer.drain()
    for data in ("inv:new:35.05:kepala_desa", "inv:new:35:operator", "ver:v:35.05"):
        reply = await _press_forged(bot, officer, data)
        assert "tidak berlaku" in reply.text, data
    assert await _count(bot, "claims") == 0
    assert await _count(bot, "invites") == 0
    assert await _count(bot, "subscriptions") == 0
    assert not [m for m in await officer.messages_until_quiet() if "klaim" in m.text.lower()]


async def test_the_repositories_refuse_codes_that_are_not_villages(bot: RunningBot) -> None:
    db = bot.services.db
    await users.register(db, 61_001, "Warga", "id")
    for code in ("35", "35.05", "35.05.15", "99.99.99.9999"):
        with pytest.raises(NotAVillage):
            await villages.create_claim(db, 61_001, code, "kepala_desa")
        with pytest.raises(NotAVillage):
            await villages.create_invite(db, code, "operator", 61_001)
        with pytest.raises(NotAVillage):
            await subscriptions.subscribe(db, 61_001, code)


async def _open_import(bot: RunningBot, kades: ChatUser) -> None:
    db = bot.services.db
    await users.register(db, kades.user_id, "Kades", "id")
    await villages.seat(db, SUKOSEWU, "kepala_desa", kades.user_id)
    await consents.give(db, kades.user_id)
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Impor")
    for _ in range(3):  # two templates and the instructions
        await kades.next_message()


async def test_a_hostile_import_is_refused_with_the_limit_and_parsed_off_the_event_loop(
    new_user: UserFactory, bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    kades = new_user()
    await _open_import(bot, kades)
    await kades.upload("perangkat.xlsx", xlsx_with_cell("A" * (MAX_UNPACKED_BYTES + 1)))
    assert "paling banyak 20 MB" in (await kades.next_message()).text
    rows = [HEADER, *((None, None, None, "") for _ in range(MAX_SHEET_ROWS + 1))]
    await kades.upload("perangkat.xlsx", xlsx_bytes(rows))
    assert "lebih dari 10.000 baris" in (await kades.next_message()).text

    threads: list[bool] = []

    def spy(*args: object) -> object:
        threads.append(threading.current_thread() is threading.main_thread())
        return parse_upload(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(apparatus_import, "parse_upload", spy)
    await kades.upload("perangkat.csv", b"nama,jabatan,nik,status\r\n")
    assert "kosong" in (await kades.next_message()).text
    assert threads == [False]


# --- every failure ends in a reply; forged numbers; strict ids ---------------------------------


async def test_a_button_that_fails_after_its_acknowledgement_still_gets_an_apology(
    new_user: UserFactory, bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(update: Update, context: object) -> None:
        await acknowledge(update)  # the error handler's own acknowledgement then fails
        raise RuntimeError("boom")

    for handler in bot.application.handlers[0]:
        if handler.callback is program.show_programs:
            monkeypatch.setattr(handler, "callback", broken)
    user = new_user()
    await user.send("/menu")
    await user.press(await user.next_message(), text="Kenali program")
    assert "ada gangguan" in (await user.next_message()).text


async def test_forged_numbers_in_buttons_are_answered_without_errors(
    officer: ChatUser, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    for data in ("pq:99999999999999999999", "pq:²", "ans:①", "rate:99999999999999999999:1"):
        reply = await _press_forged(bot, officer, data)
        assert "gangguan" not in reply.text, data
    assert "error on update" not in caplog.text


async def test_petugas_takes_only_a_positive_ascii_user_id(officer: ChatUser) -> None:
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="Tambah petugas")
    await officer.next_message()
    for typed in ("0", "٣٤٥", "-700001", "9" * 20):
        await officer.send(typed)
        assert "bukan ID Telegram" in (await officer.next_message()).text, typed


# --- edits, channels and anonymous senders -----------------------------------------------------


def _raw_message(chat: dict[str, object], text: str, **extra: object) -> dict[str, object]:
    return {"message_id": 900_001, "date": int(time.time()), "chat": chat, "text": text, **extra}


async def test_edits_channel_posts_and_anonymous_senders_are_ignored(
    sandbox: SandboxServer,
    client: SandboxClient,
    new_user: UserFactory,
    bot: RunningBot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    user = new_user()
    await user.send("iuran jht berapa")
    await user.next_message()  # the answer, the offer of announcements in its keyboard
    sender = {"id": user.user_id, "is_bot": False, "first_name": "Siti"}
    private = {"id": user.user_id, "type": "private", "first_name": "Siti"}
    channel = {"id": -100_900, "type": "channel", "title": "Info Desa"}
    group = {"id": -100_901, "type": "supergroup", "title": "Warga"}
    state = sandbox.state
    state.enqueue_update(
        "edited_message",
        _raw_message(private, "iuran jkk berapa", edit_date=int(time.time()), **{"from": sender}),
    )
    state.enqueue_update("channel_post", _raw_message(channel, "/start", sender_chat=channel))
    state.enqueue_update("message", _raw_message(group, "/menu", sender_chat=group))
    await user.send("/menu")  # updates are handled in order: after this, the others are done
    assert "Menu utama" in (await user.next_message()).text
    assert await user.messages_until_quiet() == []  # no second answer for the edit
    for chat_id in (-100_900, -100_901):
        assert await client.messages(chat_id) == []
    assert "error on update" not in caplog.text


# --- dialogues and personal data stay in the private chat --------------------------------------


async def test_a_group_message_does_not_feed_a_private_dialogue(
    officer: ChatUser, client: SandboxClient, new_user: UserFactory, bot: RunningBot
) -> None:
    group_id = -100_902
    await client.add_group(group_id, title="Perangkat Desa", type="group")
    await officer.send("/siaran")
    await officer.next_message()
    in_group = ChatUser(client, officer.user_id, chat_id=group_id)
    await in_group.send("rapat jam 9 ya")
    kades = new_user()
    await users.register(bot.services.db, kades.user_id, "Kades", "id")
    await villages.seat(bot.services.db, SUKOSEWU, "kepala_desa", kades.user_id)
    await consents.give(bot.services.db, kades.user_id)
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Tambah perangkat")
    await kades.next_message()  # "Nama?"
    kades_in_group = ChatUser(client, kades.user_id, chat_id=group_id)
    await kades_in_group.send("Siti Aminah")
    await kades_in_group.send("/perangkat")
    pointer = await kades_in_group.next_message()
    assert "chat pribadi" in pointer.text and "Siti" not in pointer.text
    posted = [m["message"]["text"] for m in await client.messages(group_id)]
    assert posted == [pointer.visible_text]  # only the pointer: no composer, no member step
    state = await dialogs.get(bot.services.db, officer.user_id)
    assert state is not None and state.data.get("texts") == {}  # no draft from the group
    member_state = await dialogs.get(bot.services.db, kades.user_id)
    assert member_state is not None and "name" not in member_state.data
    await officer.send("Sosialisasi hari Senin.")  # the private dialogue goes on
    assert "Pengumuman baru" in (await officer.next_message()).text
    state = await dialogs.get(bot.services.db, officer.user_id)
    assert state is not None and "Sosialisasi" in str(state.data["texts"])


async def test_a_role_changed_by_another_process_applies_on_the_next_update(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("/pertanyaan")
    assert "hanya untuk petugas" in (await user.next_message()).text
    other = open_database(bot.settings.database)  # another process's connection to it
    await other.initialize()
    try:
        await officers.set_officer(other, user.user_id, ["35.05"], added_by=9001)
        await user.send("/pertanyaan")
        assert "belum dijawab" in (await user.next_message()).text
        await officers.remove_officer(other, user.user_id)
        await user.send("/pertanyaan")
        assert "hanya untuk petugas" in (await user.next_message()).text
    finally:
        await other.shutdown()
