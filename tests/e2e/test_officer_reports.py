"""Officers' statistics and exports, and the admins' audit log, through the sandbox: an officer
sees and downloads only their kab/kota; full NIKs only for an admin who gives a reason."""

from __future__ import annotations

import csv
import io
import re

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.nik import mask_nik
from bot.harness import RunningBot
from bot.platform.db import members, officers, posters, subscriptions, users, villages
from handlers.petugas import statistik
from handlers.warga.iuran import today
from sandbox.client import BotMessage, ChatUser, SandboxClient
from tests.e2e.conftest import OFFICER_ID, UserFactory

SUKOSEWU, MALANG = "35.05.15.2004", "35.07.01.2001"  # Kab. Blitar, Kab. Malang
NIK_BLITAR, NIK_MALANG = "3505124501900001", "3507010101800002"
OFFICIALS = iter(range(70_001, 70_100))


async def _village(bot: RunningBot, code: str, nik: str, name: str) -> None:
    """A village with its kepala desa (official and apparatus entry) and one subscriber."""
    db, cipher = bot.services.db, bot.services.cipher
    assert cipher is not None
    kades, villager = next(OFFICIALS), next(OFFICIALS)
    for user_id in (kades, villager):
        await users.register(db, user_id, name, "id")
    await villages.seat(db, code, "kepala_desa", kades)
    await subscriptions.subscribe(db, villager, code)
    new = members.NewMember(
        code, name, "kepala_desa", cipher.encrypt(nik), cipher.blind_index(nik), mask_nik(nik),
        "aktif", None, None, kades,
    )  # fmt: skip
    await members.add(db, new)


async def _officer_of_blitar(bot: RunningBot, new_user: UserFactory) -> ChatUser:
    user = new_user(first_name="Bu Petugas")
    await users.register(bot.services.db, user.user_id, "Bu Petugas", "id")
    await officers.set_officer(bot.services.db, user.user_id, ["35.05"], OFFICER_ID)
    return user


async def _download(bot: RunningBot, message: BotMessage) -> list[list[str]]:
    """The document as the officer's phone would save it, through getFile and the file URL."""
    document = message.raw["message"]["document"]
    file = await bot.application.bot.get_file(document["file_id"])
    data = bytes(await file.download_as_bytearray())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


async def _file(user: ChatUser) -> BotMessage:
    """The exported document, after the progress message and its edits ("File siap")."""
    while (message := await user.next_message(timeout=15)).kind != "document":
        assert "Menyiapkan file" in message.text or "File siap" in message.text, message.text
    return message


async def _audit_details(bot: RunningBot, action: str) -> list[str]:
    rows = await bot.services.db.fetchall(
        "SELECT detail FROM audit_log WHERE action = ? ORDER BY id", (action,)
    )
    return [str(r[0]) for r in rows]


async def test_officer_sees_statistics_of_their_kab_kota_only(
    new_user: UserFactory, bot: RunningBot
) -> None:
    await _village(bot, SUKOSEWU, NIK_BLITAR, "Pak Kades Sukosewu")
    await _village(bot, MALANG, NIK_MALANG, "Pak Kades Malang")
    officer = await _officer_of_blitar(bot, new_user)
    await officer.send("/statistik")
    action = await officer.next_event(("chat_action",))
    assert action["action"] == "upload_photo"
    summary = await officer.next_message(timeout=15)
    assert "Kab. Blitar [35.05]" in summary.text and "Malang" not in summary.text
    assert "Diklaim di bot: 1" in summary.text
    assert "Berlangganan pengumuman: 1" in summary.visible_text
    assert "per kecamatan (terendah dulu)" in summary.visible_text
    assert "Kec. Gandusari, Kab. Blitar: 1 dari 1 (100%)" in summary.visible_text
    assert any("Menu utama" in label for label, _ in officer.buttons(summary))
    chart = await officer.next_message(timeout=15)
    assert chart.kind == "photo" and "per kecamatan" in chart.text

    await officer.press(summary, text="Per desa")  # village by village, edited in place
    listing = await officer.next_message()
    assert listing.message_id == summary.message_id
    assert "1. Desa Sukosewu, Kec. Gandusari, Kab. Blitar: 1 dari 1 (100%)" in listing.text
    await officer.press(listing, text="Kembali")
    again = await officer.next_message(timeout=15)
    assert "per kecamatan" in again.visible_text


async def test_villages_are_listed_worst_first_in_pages_and_posters_are_counted(
    new_user: UserFactory, bot: RunningBot
) -> None:
    db = bot.services.db
    codes = [
        str(r[0])
        for r in await db.fetchall(
            "SELECT code FROM regions WHERE level = 4 AND code LIKE '35.05.15.%' ORDER BY code"
            " LIMIT 14"
        )
    ]
    for n, code in enumerate(codes):
        official = 80_000 + n
        await users.register(db, official, f"Kades {n}", "id")
        await villages.seat(db, code, "kepala_desa", official)
        for k in range(4):  # n % 5 of the 4 aktif: shares 0%, 25%, ... 100%
            status = "aktif" if k < n % 5 else "belum"
            await members.add(db, _member(code, f"Perangkat {n}-{k}", status, official, n, k))
    poster = await posters.get_or_create(db, codes[0], 80_000)
    for reader in (90_001, 90_002):
        await users.register(db, reader, "Warga", "id")
        async with db.transaction() as conn:
            await posters.record_subscription_in(conn, poster.id, reader)
    officer = await _officer_of_blitar(bot, new_user)
    await officer.send("/statistik")
    summary = await officer.next_message(timeout=15)
    assert "Lewat poster desa: 2 warga, dari 1 poster" in summary.visible_text
    await officer.next_message(timeout=15)  # the chart
    await officer.press(summary, text="Per desa")
    first = await officer.next_message()
    assert "Halaman 1 dari 2 · 14 desa" in first.visible_text
    shares = [int(m) for m in re.findall(r"\((\d+)%\)", first.visible_text)]
    assert shares == sorted(shares) and shares[0] == 0  # the worst covered first
    await officer.press(first, text="▶️")
    second = await officer.next_message()
    assert "Halaman 2 dari 2" in second.visible_text and "13. " in second.visible_text


def _member(
    code: str, name: str, status: str, created_by: int, n: int, k: int
) -> members.NewMember:
    return members.NewMember(
        village_code=code, name=name, jabatan="kadus", nik_encrypted=f"e-{n}-{k}",
        nik_index=f"i-{n}-{k}", nik_masked="3505********0001", status=status, kpj=None,
        phone_encrypted=None, created_by=created_by,
    )  # fmt: skip


async def test_officer_downloads_the_apparatus_of_their_kab_kota_masked(
    new_user: UserFactory, bot: RunningBot
) -> None:
    await _village(bot, SUKOSEWU, NIK_BLITAR, "Siti Aminah")
    await _village(bot, MALANG, NIK_MALANG, "Budi Malang")
    officer = await _officer_of_blitar(bot, new_user)
    await officer.send("/ekspor")
    menu = await officer.next_message()
    assert "Kab. Blitar [35.05]" in menu.text
    await officer.press(menu, text="Perangkat desa")
    formats = await officer.next_message()
    assert not any("NIK lengkap" in label for label, _ in officer.buttons(formats))
    await officer.press(formats, text="CSV")
    progress = await officer.next_message()
    assert "Menyiapkan file" in progress.text
    document = await _file(officer)
    assert document.kind == "document" and "1 baris" in document.text
    assert any("Menu utama" in label for label, _ in officer.buttons(document))
    assert document.document_name == f"desa-sadar-perangkat-3505-{_today()}.csv"
    rows = await _download(bot, document)
    assert [r[0] for r in rows[1:]] == [SUKOSEWU]
    assert rows[1][4] == "Siti Aminah" and rows[1][6] == "3505********0001"
    assert rows[1][3] == "Kabupaten Blitar"
    assert await _audit_details(bot, "export.perangkat") == ["format=csv; rows=1; nik=disamarkan"]


def _today() -> str:
    return today().strftime("%Y%m%d")


async def test_villager_is_refused_statistics_exports_and_the_audit_log(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    for command, who in (("/statistik", "petugas"), ("/ekspor", "petugas"), ("/audit", "admin")):
        await villager.send(command)
        refused = await villager.next_message()
        assert f"hanya untuk {who}" in refused.text  # /audit is the admins' alone
        assert any("Menu utama" in label for label, _ in villager.buttons(refused))


async def test_officer_pressing_a_forged_full_nik_button_is_refused(
    new_user: UserFactory, bot: RunningBot
) -> None:
    await _village(bot, SUKOSEWU, NIK_BLITAR, "Siti Aminah")
    officer = await _officer_of_blitar(bot, new_user)
    await officer.client.add_user(officer.user_id, first_name="Bu Petugas")  # opens the chat
    forged = InlineKeyboardMarkup(
        [[InlineKeyboardButton("x", callback_data="ex:f:perangkat:csv:full")]]
    )
    await bot.application.bot.send_message(officer.user_id, "lama", reply_markup=forged)
    old = await officer.next_message()
    await officer.press(old, data="ex:f:perangkat:csv:full")
    assert "hanya bisa diekspor oleh admin" in str((await officer.next_answer()).get("text"))
    refusal = await officer.next_message()
    assert "hanya bisa diekspor oleh admin" in refusal.text and refusal.kind == "text"
    await officer.send("/audit")  # and the log is not theirs to read either
    assert "hanya untuk admin" in (await officer.next_message()).text
    assert await _audit_details(bot, "export.refused") == ["nik=lengkap"]
    assert await _audit_details(bot, "export.perangkat") == []


async def test_admin_gives_a_reason_gets_full_niks_and_sees_it_in_the_audit_log(
    officer: ChatUser, bot: RunningBot
) -> None:
    await _village(bot, SUKOSEWU, NIK_BLITAR, "Siti Aminah")
    await _village(bot, MALANG, NIK_MALANG, "Budi Malang")
    await officer.send("/ekspor")
    await officer.press(await officer.next_message(), text="Perangkat desa")
    await officer.press(await officer.next_message(), text="CSV, NIK lengkap")
    prompt = await officer.next_message()
    assert "alasan" in prompt.text
    await officer.send("perlu")  # too short to audit
    assert "terlalu singkat" in (await officer.next_message()).text
    reason = f"Pendaftaran kolektif ke kantor cabang Blitar, NIK {NIK_BLITAR}"
    await officer.send(reason)
    document = await _file(officer)
    assert document.kind == "document" and "NIK lengkap" in document.text
    rows = await _download(bot, document)
    assert [r[6] for r in rows[1:]] == [NIK_BLITAR, NIK_MALANG]
    detail = (await _audit_details(bot, "export.perangkat"))[0]
    assert "nik=lengkap" in detail and "Pendaftaran kolektif ke kantor cabang Blitar" in detail
    assert NIK_BLITAR not in detail and "3505********0001" in detail  # never a clear NIK
    await officer.send("/audit")
    log = await officer.next_message()
    assert "export.perangkat" in log.text and "Pendaftaran kolektif" in log.text
    await officer.press(log, text="Unduh CSV")
    exported = await _download(bot, await _file(officer))
    assert exported[0][:4] == ["No.", "Waktu (WIB)", "Pelaku (ID)", "Aksi"]
    assert [r[3] for r in exported[1:]] == ["export.perangkat"]
    assert (await _audit_details(bot, "export.audit"))[0] == "format=csv; rows=1"


async def test_exports_stay_out_of_group_chats_but_statistics_work_there(
    client: SandboxClient, bot: RunningBot, officer: ChatUser
) -> None:
    group_id = -100_779
    await client.add_group(group_id, title="Petugas Cabang Blitar", type="group")
    in_group = ChatUser(client, OFFICER_ID, chat_id=group_id)
    for command in ("/ekspor", "/audit"):
        await in_group.send(command)
        assert "chat pribadi" in (await in_group.next_message()).text
    await in_group.send("/statistik")
    assert "Statistik wilayah" in (await in_group.next_message(timeout=15)).text
    assert (await in_group.next_message(timeout=15)).kind == "photo"


async def test_an_admin_counting_a_large_area_is_told_to_wait_first(
    bot: RunningBot, officer: ChatUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _village(bot, SUKOSEWU, NIK_BLITAR, "Pak Kades Sukosewu")
    await _village(bot, MALANG, NIK_MALANG, "Pak Kades Malang")
    # Two villages stand in for the tens of thousands of a country (bench/national_scale.py).
    monkeypatch.setattr(statistik, "LARGE_SCOPE", 1)
    await officer.send("/statistik")
    wait = await officer.next_message()
    assert "Menghitung statistik untuk 2 desa" in wait.text
    summary = await officer.next_message(timeout=15)
    assert "Diklaim di bot: 2" in summary.text
    assert (await officer.next_message(timeout=15)).kind == "photo"


async def test_a_small_area_gets_its_statistics_without_a_wait_message(
    bot: RunningBot, officer: ChatUser
) -> None:
    await _village(bot, SUKOSEWU, NIK_BLITAR, "Pak Kades Sukosewu")
    await officer.send("/statistik")
    summary = await officer.next_message(timeout=15)
    assert "Menghitung" not in summary.text and "Diklaim di bot: 1" in summary.text
    # The admin's national view ranks provinces, and kab/kota on request.
    assert "per provinsi (terendah dulu)" in summary.visible_text
    assert "Jawa Timur: 1 dari 1 (100%)" in summary.visible_text
    await officer.next_message(timeout=15)  # the chart
    await officer.press(summary, text="per kab/kota")
    by_kab = await officer.next_message(timeout=15)
    assert "Kab. Blitar: 1 dari 1 (100%)" in by_kab.visible_text
