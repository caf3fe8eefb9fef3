"""An officer writes an announcement, previews it, and sends it to one village's people."""

from __future__ import annotations

import asyncio

from bot.harness import RunningBot
from bot.platform.db import officers, users
from sandbox.client import BotMessage, ChatUser, SandboxClient
from tests.e2e.conftest import OFFICER_ID, UserFactory

VILLAGE = "35.05.15.2004"


async def _subscriber(bot: RunningBot, user: ChatUser, village: str = VILLAGE) -> None:
    """A villager who opened the bot (Telegram requires that) and subscribed to a village."""
    await user.send("/start")
    await user.next_message()
    db = bot.services.db
    await db.execute(
        "INSERT INTO subscriptions(user_id, village_code, since) VALUES (?, ?, 'n')",
        (user.user_id, village),
    )


async def _until(message_text: str, user: ChatUser, timeout: float = 10.0) -> str:
    """Read the user's messages until one contains ``message_text`` (edits included)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        message = await user.next_message(timeout=timeout)
        if message_text in message.text:
            return message.text
    raise AssertionError(message_text)


async def test_officer_sends_an_announcement_to_one_village_in_each_language(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot, client: SandboxClient
) -> None:
    ani, bob, cak, other, gone = (
        new_user("id"),
        new_user("en"),
        new_user("jv"),
        new_user("id"),
        new_user("id"),
    )
    for user in (ani, bob, cak, gone):
        await _subscriber(bot, user)
    await _subscriber(bot, other, "35.05.21.2007")  # another village: not in the audience
    await bot.services.db.execute(
        "UPDATE users SET stopped_at = 'n' WHERE user_id = ?", (gone.user_id,)
    )
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi BPJS TK hari Senin di balai desa.")
    menu = await officer.next_message()
    await officer.press(menu, text="English")
    await officer.next_message()
    await officer.send("BPJS TK information session on Monday at the village hall.")
    menu = await officer.next_message()
    await officer.press(menu, text="Pilih penerima")
    await officer.press(await officer.next_message(), text="Satu wilayah")
    await officer.next_message()
    await officer.send("99.99")
    assert "Tidak ada wilayah" in (await officer.next_message()).text
    await officer.send("35.05.15")  # the Kemendagri code, as officers know it
    await officer.press(await officer.next_message(), text="Kec. Gandusari, Kab. Blitar")
    menu = await officer.next_message()
    assert "Jumlah penerima: 3 orang" in menu.text  # the stopped one and the other village out
    await officer.press(menu, text="Pratinjau")
    preview = await officer.next_message()
    assert "Sosialisasi BPJS TK" in preview.text and preview.buttons
    menu = await officer.next_message()
    await officer.press(menu, text="Kirim sekarang")
    await officer.press(await officer.next_message(), text="Ya, kirim")
    report = await _until("Laporan pengumuman", officer)
    reasons = await bot.services.db.fetchall("SELECT state, last_error FROM outbox")
    assert "Terkirim: 3 dari 3" in report, [tuple(r) for r in reasons]
    assert "balai desa" in (await ani.next_message()).text
    english = await bob.next_message()
    assert "village hall" in english.text
    assert "balai desa" in (await cak.next_message()).text  # no Javanese text: Indonesian
    await bob.press(english, text="Read 👍")  # the button is in his language
    await bob.press(english, data="read:1")  # counted once
    await bob.next_answer()
    reads = await bot.services.db.fetchone("SELECT COUNT(*) FROM broadcast_reads")
    assert reads is not None and reads[0] == 1
    for user in (other, gone):  # only their welcome, no announcement
        texts = [e["message"].get("text", "") for e in await client.messages(user.user_id)]
        assert texts and not any("balai desa" in t for t in texts)


async def test_a_draft_survives_another_command_and_siaran_brings_it_back(
    officer: ChatUser,
) -> None:
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi JKK hari Kamis di balai desa.")
    menu = await officer.next_message()
    await officer.press(menu, text="English")
    await officer.next_message()
    await officer.send("JKK session on Thursday at the village hall.")
    await officer.next_message()
    await officer.send("/pertanyaan")  # a look at the open questions in between
    await officer.next_message()
    await officer.send("/siaran")
    again = await officer.next_message()
    assert "Bahasa Indonesia, Bahasa Inggris" in again.text  # the draft, both languages


async def test_a_villager_cannot_start_or_control_broadcasts(
    new_user: UserFactory, bot: RunningBot
) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    villager = new_user()
    await villager.send("/siaran")
    assert "hanya untuk petugas" in (await villager.next_message()).text
    forged = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="sr:c:1")]])
    await bot.application.bot.send_message(villager.user_id, "lama", reply_markup=forged)
    await villager.press(await villager.next_message(), data="sr:c:1")
    assert "hanya untuk petugas" in str((await villager.next_answer()).get("text"))


async def test_officer_schedules_an_announcement_and_cancels_it(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    villager = new_user()
    await _subscriber(bot, villager)
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Jadwal sosialisasi bulan depan.")
    await officer.press(await officer.next_message(), text="Jadwalkan")
    await officer.next_message()
    await officer.send("2020-01-01 08:00")  # in the past
    assert "sudah lewat" in (await officer.next_message()).text
    await officer.send("besok jam 8 pagi")
    scheduled = await officer.next_message()
    assert "dijadwalkan" in scheduled.text and "08.00 WIB" in scheduled.text
    await officer.send("/siaran")
    await officer.press(await officer.next_message(), text="terjadwal")
    listing = await officer.next_message()
    assert "#1" in listing.text
    await officer.press(listing, text="🗑️ #1")
    assert "Dihentikan" in (await officer.next_message()).text
    row = await bot.services.db.fetchone("SELECT status FROM broadcasts WHERE id = 1")
    assert row is not None and row[0] == "cancelled"


def _labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def _draft(officer: ChatUser, text: str = "Sosialisasi hari Senin.") -> BotMessage:
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send(text)
    menu = await officer.next_message()
    assert "Pengumuman baru" in menu.text
    return menu


async def test_every_sub_step_goes_back_to_the_draft_and_cancel_asks_first(
    officer: ChatUser, bot: RunningBot, new_user: UserFactory
) -> None:
    await _subscriber(bot, new_user())  # someone to schedule for (nobody is refused at once)
    menu = await _draft(officer)
    for button in ("English", "Foto atau dokumen", "Jadwalkan", "Pilih penerima"):
        await officer.press(menu, text=button)
        step = await officer.next_message()
        assert "◀️ Kembali ke draf" in _labels(step), button
        if button == "Jadwalkan":  # the officer's zone, and an example that is ahead
            assert "(WIB)" in step.text and "besok jam 8 pagi" in step.text
        await officer.press(step, text="Kembali ke draf")
        menu = await officer.next_message()
        assert "Bahasa: Bahasa Indonesia" in menu.text, button
    await officer.press(menu, text="Pilih penerima")
    await officer.press(await officer.next_message(), text="Satu wilayah")
    picker = await officer.next_message()
    assert "Pilih provinsi" in picker.text
    await officer.press(picker, text="◀️ Kembali")  # from the picker, the draft is still there
    menu = await officer.next_message()
    assert "Pengumuman baru" in menu.text
    await officer.press(menu, text="✖️ Batal")
    confirm = await officer.next_message()
    assert "Buang draf" in confirm.text
    await officer.press(confirm, text="Kembali ke draf")
    menu = await officer.next_message()
    await officer.press(menu, text="✖️ Batal")
    await officer.press(await officer.next_message(), text="Ya, buang draf")
    assert "dibatalkan" in (await officer.next_message()).text
    assert await bot.services.db.fetchone("SELECT 1 FROM dialogs") is None


async def test_an_audience_typed_by_name_with_nobody_in_it_has_a_way_out(
    officer: ChatUser, bot: RunningBot
) -> None:
    menu = await _draft(officer)
    await officer.press(menu, text="Pilih penerima")
    await officer.press(await officer.next_message(), text="Satu wilayah")
    await officer.next_message()
    await officer.send("Kabupaten Jember")
    await officer.press(await officer.next_message(), text="Kab. Jember, Jawa Timur")
    menu = await officer.next_message()
    assert "Penerima: Kab. Jember, Jawa Timur" in menu.text
    assert "Jumlah penerima: 0 orang" in menu.text
    await officer.press(menu, text="Kirim sekarang")
    nobody = await officer.next_message()
    assert "Tidak ada penerima" in nobody.text
    assert {"🎯 Pilih penerima", "◀️ Kembali ke draf"} <= set(_labels(nobody))
    await officer.press(nobody, text="Kembali ke draf")
    assert "Sosialisasi" not in (await officer.next_message()).text  # the composer, not sent
    row = await bot.services.db.fetchone("SELECT COUNT(*) FROM broadcasts")
    assert row is not None and row[0] == 0


async def test_a_scheduled_announcement_is_signed_and_reports_to_its_officer(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    """An officer in Makassar (WITA) with an office set by the admin schedules an announcement;
    it starts, the villager sees the sender line, the officer gets the start and the report."""
    db = bot.services.db
    found = await db.fetchone(
        "SELECT code FROM regions WHERE level = 4 AND code LIKE '73.71.%' ORDER BY code LIMIT 1"
    )
    assert found is not None
    villager = new_user()
    await _subscriber(bot, villager, found[0])
    makassar = new_user(first_name="Bu Rina")
    await makassar.send("/start")
    await makassar.next_message()
    await users.register(db, makassar.user_id, "Bu Rina", "id")
    await officers.set_officer(db, makassar.user_id, ["73.71"], OFFICER_ID)
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="Bu Rina")
    await officer.press(await officer.next_message(), text="Kantor pengirim")
    await officer.next_message()
    await officer.send("BPJS Ketenagakerjaan Cabang Makassar")
    assert "Cabang Makassar" in (await officer.next_message()).text
    await officer.send("/petugas")
    assert "✉️ BPJS Ketenagakerjaan Cabang Makassar" in (await officer.next_message()).text
    menu = await _draft(makassar, "Sosialisasi JKK di kantor lurah.")
    assert "Pengirim: BPJS Ketenagakerjaan Cabang Makassar" in menu.text
    await makassar.press(menu, text="Pratinjau")
    preview = await makassar.next_message()
    assert "Pengirim: BPJS Ketenagakerjaan Cabang Makassar" in preview.text
    menu = await makassar.next_message()
    await makassar.press(menu, text="Pilih penerima")
    await makassar.press(await makassar.next_message(), text="Satu wilayah")
    picker = await makassar.next_message()  # an officer of one kab/kota starts inside it
    assert "Kota Makassar" in picker.text and "Pilih kecamatan" in picker.text
    await makassar.press(picker, text="◀️ Kembali")
    menu = await makassar.next_message()
    await makassar.press(menu, text="Jadwalkan")
    assert "(WITA)" in (await makassar.next_message()).text
    await makassar.send("Senin 07.30")
    scheduled = await makassar.next_message()
    assert "07.30 WITA" in scheduled.text and "Senin" in scheduled.text
    # The time comes: the worker starts it.
    await db.execute("UPDATE broadcasts SET scheduled_at = '2000-01-01T00:00:00+00:00'")
    assert bot.services.broadcaster is not None
    bot.services.broadcaster.notify()
    started = await _until("mulai dikirim", makassar)
    assert "Pengumuman #1" in started
    await _until("Laporan pengumuman #1", makassar)
    received = await villager.next_message()
    assert "kantor lurah" in received.text
    assert "Pengirim: BPJS Ketenagakerjaan Cabang Makassar" in received.text
