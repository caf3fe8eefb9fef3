"""The whole path of a village, in one story, only through what people type and press.

An officer invites a kepala desa; the kepala desa accepts, registers members by hand (with a
bad NIK first) and from a spreadsheet (with bad rows first), reports the village's figures,
self-checks, and asks for verification; the officer reviews the same report and approves;
the kepala desa is told. Along the way, what an attacker would try: the used invite link,
a villager pressing the kepala desa's buttons, HTML in a name, and old buttons pressed again.
No step reaches into the database to set things up: every row is written by the bot.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.harness import RunningBot
from bot.platform.db import villages
from sandbox.client import BotMessage, ChatUser
from tests.e2e.conftest import UserFactory

SUKOSEWU = "35.05.15.2004"
SUKOSEWU_LABEL = "Desa Sukosewu, Kec. Gandusari, Kab. Blitar [35.05.15.2004]"
KADES_NIK = "3505121204750003"  # a man born 12 April 1975
KADES_KPJ = "22012345678"


async def _invite_kepala_desa(officer: ChatUser) -> str:
    await officer.send(f"/undang {SUKOSEWU}")
    roles = await officer.next_message()
    assert SUKOSEWU_LABEL in roles.text
    await officer.press(roles, text="Kepala desa")
    created = await officer.next_message()
    match = re.search(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]{16})", created.text)
    assert match, created.text
    return match.group(1)


async def _add_kepala_desa_by_hand(kades: ChatUser) -> BotMessage:
    await kades.send("/perangkat")
    listing = await kades.next_message()
    assert "Belum ada yang didaftarkan" in listing.text
    await kades.press(listing, text="Tambah perangkat")
    consent = await kades.next_message()
    assert "UU 27/2022" in consent.text  # the notice comes before any personal data
    await kades.press(consent, text="Saya setuju")
    await kades.next_message()
    await kades.send('Slamet "Pak Lurah" <script>')
    await kades.press(await kades.next_message(), text="Kepala Desa")
    await kades.next_message()
    await kades.send("3505129904750003")  # 99 April: no such birth date
    assert "Tanggal lahir" in (await kades.next_message()).text
    await kades.send(KADES_NIK)
    await kades.press(await kades.next_message(), text="Aktif")
    await kades.next_message()
    await kades.send(KADES_KPJ)
    await kades.press(await kades.next_message(), text="Lewati")
    confirm = await kades.next_message()
    assert "&lt;script&gt;" in confirm.text and "<script>" not in confirm.text
    assert "3505********0003" in confirm.text and KADES_NIK not in confirm.text
    await kades.press(confirm, text="Simpan")
    assert "sudah disimpan" in (await kades.next_message()).text
    return confirm


async def _import_perangkat(kades: ChatUser) -> None:
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Impor")
    for _ in range(3):  # the XLSX and CSV templates, then how to fill them in
        await kades.next_message()
    bad = (
        "Nama;Jabatan;NIK;Status BPJS TK;KPJ;HP\r\n"
        "Siti Aminah;Sekdes;3505124501900001;aktif;22012345679;\r\n"
        "Budi;Kaur Keu;35051201018;aktif;;\r\n"  # an NIK cut short
        "Joko;Ketua Kelompok Tani;3505120101800002;belum;;\r\n"  # not a village position
        "Sri;Kasun Krajan;3505124501900001;aktif;22012345680;\r\n"  # Siti's NIK again
    )
    await kades.upload("perangkat.csv", bad.encode("utf-8-sig"), mime_type="text/csv")
    rejected = await kades.next_message()
    assert "Tidak ada yang disimpan" in rejected.text
    for line in ("Baris 3", "Baris 4", "Baris 5"):
        assert line in rejected.text, line
    assert "Baris 2" not in rejected.text
    good = (
        "Nama;Jabatan;NIK;Status BPJS TK;KPJ;HP\r\n"
        "Siti Aminah;Sekdes;3505124501900001;aktif;22012345679;\r\n"
        "Budi;Kaur Keu;3505120101800002;aktif;22012345681;\r\n"
        "Sri;Kasun Krajan;3505124201850004;aktif;22012345680;\r\n"
    )
    await kades.upload("perangkat.csv", good.encode("utf-8-sig"), mime_type="text/csv")
    assert "3 perangkat desa sudah disimpan" in (await kades.next_message()).text


async def _report_figures(kades: ChatUser) -> None:
    await kades.send("/laporan")
    screen = await kades.next_message()
    for button, answer, shown in (
        ("Warga yang bekerja", "1.250 orang", "<b>1.250</b>"),
        ("Peserta BPU", "400", "<b>400</b>"),
        ("Peserta PU", "120", "<b>120</b>"),
    ):
        await kades.press(screen, text=button)
        await kades.next_message()
        await kades.send(answer)
        screen = await kades.next_message()
        assert "Tersimpan" in screen.text and shown in screen.text, button


async def test_from_invitation_to_verified_village_through_the_chat_only(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    code = await _invite_kepala_desa(officer)
    kades = new_user(first_name="Slamet")
    await kades.send(f"/start {code}")
    confirm = await kades.next_message()
    assert SUKOSEWU_LABEL in confirm.text and "Kepala desa" in confirm.text
    yes = next(data for text, data in kades.buttons(confirm) if "Ya, benar" in text)
    await kades.press(confirm, data=yes)
    assert "sekarang terdaftar" in (await kades.next_message()).text

    intruder = new_user(first_name="Orang Lain")
    await intruder.send(f"/start {code}")  # the link, forwarded on
    assert "sudah dipakai" in (await intruder.next_message()).text
    await kades.next_answer()  # the first press's (silent) answer
    await kades.press(confirm, data=yes, stale=True)  # the kepala desa's own old button
    assert "sudah terdaftar" in str((await kades.next_answer()).get("text"))  # welcome kept

    saved = await _add_kepala_desa_by_hand(kades)
    await kades.press(saved, data="pr:save", stale=True)  # a double tap saves nothing more
    await kades.next_message()
    await _import_perangkat(kades)
    await _report_figures(kades)

    await kades.send("/ceksyarat")
    check = await kades.next_message()
    assert "Kepala desa terdaftar" not in check.text  # met: counted, not listed
    assert "Semua perangkat desa terdaftar" not in check.text
    assert "(utama: 2 dari 2)" in check.text
    assert "indikasi" in check.text and "BPJS Ketenagakerjaan" in check.text

    # A villager replays the kepala desa's buttons (copied callback data): refused, no effect.
    villager = new_user(first_name="Warga")
    await villager.send("/start")
    await villager.next_message()
    forged = InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data)] for text, data in kades.buttons(check)]
    )
    await bot.application.bot.send_message(villager.user_id, "tombol", reply_markup=forged)
    replayed = await villager.next_message()
    pressed = [data for text, data in villager.buttons(replayed) if "Menu utama" not in text]
    assert len(pressed) >= 3  # report figures, ask for verification, ...
    for data in pressed:
        await villager.press(replayed, data=data)
        refusal = str((await villager.next_answer()).get("text"))
        assert "untuk kepala desa" in refusal.lower(), (data, refusal)
    assert await villages.pending_verifications(bot.services.db) == ([], 0)

    await kades.press(check, text="Ajukan verifikasi")
    assert "Permintaan verifikasi terkirim" in (await kades.next_message()).text
    assert "Permintaan verifikasi desa" in (await officer.next_message()).text

    await officer.send("/verifikasi")
    listing = await officer.next_message()
    await officer.press(listing, text="🔎 Sukosewu")
    review = await officer.next_message()
    assert SUKOSEWU_LABEL in review.text
    assert "(utama: 2 dari 2)" in review.text  # the village's own judgement
    await officer.press(review, text="Verifikasi")
    await officer.next_message()
    await officer.send("Data lengkap, terima kasih <b>Pak</b>.")
    assert "sudah diverifikasi" in (await officer.next_message()).text
    told = await kades.next_message()
    assert "sudah diverifikasi petugas" in told.text
    assert "terima kasih &lt;b&gt;Pak&lt;/b&gt;." in told.text
    assert await villages.is_verified(bot.services.db, SUKOSEWU)

    await officer.press(review, text="Tolak")  # an old button after the decision
    assert "sudah diputuskan" in (await officer.next_message()).text
    assert await villages.is_verified(bot.services.db, SUKOSEWU)

    await kades.send("/desa")
    assert "sudah diverifikasi petugas BPJS Ketenagakerjaan" in (await kades.next_message()).text
