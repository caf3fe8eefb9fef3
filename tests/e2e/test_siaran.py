"""An officer writes an announcement, previews it, and sends it to one village's people."""

from __future__ import annotations

import asyncio

from bot.harness import RunningBot
from sandbox.client import ChatUser, SandboxClient
from tests.e2e.conftest import UserFactory

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
