"""A kepala desa or an officer prints the village poster; a villager scans it, presses START
and is subscribed to that village in one tap; the poster's readers are counted once each."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import zxingcpp
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.harness import RunningBot
from bot.platform.db import officers, posters, subscriptions, users, villages
from sandbox.client import BotMessage, ChatUser
from tests.e2e.conftest import OFFICER_ID, UserFactory

SUKOSEWU = "35.05.15.2004"
LINK = re.compile(r"https://t\.me/\w+\?start=(p-[A-Za-z0-9_-]{10})")


async def _pdf(bot: RunningBot, message: BotMessage) -> bytes:
    document = message.raw["message"]["document"]
    assert document["mime_type"] == "application/pdf"
    file = await bot.application.bot.get_file(document["file_id"])
    return bytes(await file.download_as_bytearray())


async def _kades(bot: RunningBot, new_user: UserFactory) -> ChatUser:
    kades = new_user(first_name="Pak Kades")
    await users.register(bot.services.db, kades.user_id, "Pak Kades", "id")
    await villages.seat(bot.services.db, SUKOSEWU, "kepala_desa", kades.user_id)
    return kades


async def test_kades_prints_the_poster_and_a_villager_subscribes_with_one_tap(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = await _kades(bot, new_user)
    await kades.send("/poster")
    sent = await kades.next_message(timeout=15)
    assert sent.kind == "document" and sent.document_name == "poster-desa-3505152004.pdf"
    assert "Desa Sukosewu, Kec. Gandusari, Kab. Blitar" in sent.text
    assert "lewat poster ini: 0" in sent.text
    match = LINK.search(sent.text)
    assert match is not None
    page = pdfium.PdfDocument(await _pdf(bot, sent))[0]
    assert [r.text for r in zxingcpp.read_barcodes(page.render(scale=1.5).to_pil())] == [
        match.group(0)
    ]
    assert "Desa Sukosewu" in page.get_textpage().get_text_range()

    villager = new_user(first_name="Bu Tani")
    await villager.send(f"/start {match.group(1)}")
    welcome = await villager.next_message()
    assert "akan menerima pengumuman" in welcome.text and "Sukosewu" in welcome.text
    assert await subscriptions.village_of(bot.services.db, villager.user_id) == SUKOSEWU
    await villager.send("/berhenti")
    await villager.next_message()
    await villager.send(f"/start {match.group(1)}")  # scanned again: back in, counted once
    await villager.next_message()
    assert not await subscriptions.is_stopped(bot.services.db, villager.user_id)

    await kades.send("/poster")  # a reprint: the same link, and the count so far
    again = await kades.next_message(timeout=15)
    assert match.group(0) in again.text and "lewat poster ini: 1" in again.text
    assert await posters.subscriptions_by_village(bot.services.db, [SUKOSEWU]) == {SUKOSEWU: 1}


async def test_an_invented_poster_link_subscribes_nobody(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/start p-AAAAAAAAAA")
    reply = await villager.next_message()
    assert "tidak dikenal" in reply.text and "/langganan" in reply.text
    assert await subscriptions.village_of(bot.services.db, villager.user_id) is None


async def test_an_officer_prints_posters_only_inside_their_kab_kota(
    new_user: UserFactory, bot: RunningBot
) -> None:
    petugas = new_user(first_name="Bu Petugas")
    await users.register(bot.services.db, petugas.user_id, "Bu Petugas", "id")
    await officers.set_officer(bot.services.db, petugas.user_id, ["35.05"], OFFICER_ID)
    await petugas.send("/poster 35.72.01.1001")  # Kota Blitar: not theirs
    assert "di luar wilayah kerja" in (await petugas.next_message()).text
    await petugas.send("/poster 99.99")
    assert "99.99" in (await petugas.next_message()).text
    await petugas.send(f"/poster {SUKOSEWU}")
    sent = await petugas.next_message(timeout=15)
    assert sent.kind == "document" and "Sukosewu" in sent.text
    await petugas.send("/poster")  # no code: the region picker
    assert "rg:pos:11:0" in [data for _, data in petugas.buttons(await petugas.next_message())]


async def test_a_villager_is_told_who_makes_posters(new_user: UserFactory, bot: RunningBot) -> None:
    villager = new_user()
    await villager.send("/poster")
    reply = await villager.next_message()
    assert "kepala desa, operator desa, atau petugas" in reply.text
    assert await bot.services.db.fetchone("SELECT 1 FROM posters") is None


async def test_the_poster_is_one_press_away_in_desa_and_refused_to_a_forged_button(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = await _kades(bot, new_user)
    await kades.send("/desa")
    screen = await kades.next_message()
    await kades.press(screen, text="Poster desa")
    sent = await kades.next_message(timeout=15)
    assert sent.kind == "document" and "Sukosewu" in sent.text
    villager = new_user()
    await villager.send("/start")
    await villager.next_message()
    forged = InlineKeyboardMarkup([[InlineKeyboardButton("Poster", callback_data="pos")]])
    await bot.application.bot.send_message(villager.user_id, "tombol", reply_markup=forged)
    await villager.press(await villager.next_message(), data="pos")
    refusal = await villager.next_message()
    assert "kepala desa, operator desa, atau petugas" in refusal.text
