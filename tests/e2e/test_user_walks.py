"""Defects found walking the bot as its users (villager, officer, admin) and fixed: each test
replays the walk that showed the defect."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.harness import RunningBot
from bot.platform.db import officers, subscriptions, users
from sandbox.client import BotMessage, ChatUser
from tests.e2e.conftest import OFFICER_ID, UserFactory

WULUHAN_TAMANSARI = "35.09.11.2003"


def _labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def _officer_of_jember(bot: RunningBot, new_user: UserFactory) -> ChatUser:
    user = new_user(first_name="Pak Petugas")
    await user.send("/start")
    await user.next_message()
    await users.register(bot.services.db, user.user_id, "Pak Petugas", "id")
    await officers.set_officer(bot.services.db, user.user_id, ["35.09"], OFFICER_ID)
    return user


async def test_an_officers_invite_picker_opens_inside_their_own_kab(
    new_user: UserFactory, bot: RunningBot
) -> None:
    officer = await _officer_of_jember(bot, new_user)
    await officer.send("/undang")
    inside = await officer.next_message()
    assert "Kabupaten Jember" in inside.text and "Pilih kecamatan" in inside.text
    assert "Wuluhan" in " ".join(_labels(inside)) or "▶️" in _labels(inside)
    await officer.send("wuluhan")  # typed inside the kab: its kecamatan, straight away
    kecamatan = await officer.next_message()
    await officer.press(kecamatan, text="Tamansari")
    roles = await officer.next_message()
    assert "Tamansari" in roles.text
    await officer.press(roles, text="Pilih desa lain")  # the way back stays inside the kab too
    again = await officer.next_message()
    assert "Kabupaten Jember" in again.text and "Pilih kecamatan" in again.text
    await officer.press(again, text="⬆️ Naik")  # and "Naik" still leads out
    assert "Pilih kabupaten/kota" in (await officer.next_message()).text


async def test_an_admins_invite_picker_opens_at_the_provinces(officer: ChatUser) -> None:
    await officer.send("/undang")
    assert "Pilih provinsi" in (await officer.next_message()).text


async def test_a_place_typed_at_the_audience_choice_is_searched_and_the_draft_kept(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await users.register(bot.services.db, villager.user_id, "Siti", "id")
    await subscriptions.subscribe(bot.services.db, villager.user_id, WULUHAN_TAMANSARI)
    officer = await _officer_of_jember(bot, new_user)
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi JKK di balai desa.")
    menu = await officer.next_message()
    await officer.press(menu, text="🎯 Pilih penerima")
    choice = await officer.next_message()
    assert "Siapa yang menerima" in choice.text
    await officer.send("wuluhan")  # before: silently ignored, the composer shown again
    results = await officer.next_message()
    assert "Hasil untuk" in results.text, results.text
    assert "◀️ Kembali" in _labels(results)
    await officer.press(results, text="Kec. Wuluhan, Kab. Jember")
    composer = await officer.next_message()
    assert "Penerima: Kec. Wuluhan, Kab. Jember" in composer.text
    assert "Jumlah penerima: 1 orang" in composer.text
    await officer.press(composer, text="👁️ Pratinjau")  # the text survived the detour
    assert "Sosialisasi JKK di balai desa." in (await officer.next_message()).text


async def test_a_villager_sees_their_village_by_name_not_by_code(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/langganan")
    await villager.next_message()
    await villager.send("tamansari, jember")
    await villager.press(await villager.next_message(), text="Tamansari, Kec. Wuluhan, Kab. Jember")
    done = await villager.next_message()
    assert "Tamansari, Kec. Wuluhan, Kab. Jember" in done.text
    assert WULUHAN_TAMANSARI not in done.text and "[" not in done.text
    await villager.send("/berhenti")
    await villager.next_message()
    await villager.send("/langganan")  # resumed: the same name, still no code
    resumed = await villager.next_message()
    assert "Tamansari, Kec. Wuluhan" in resumed.text and WULUHAN_TAMANSARI not in resumed.text


async def test_the_admin_sees_officers_scopes_by_name(
    officer: ChatUser, new_user: UserFactory, bot: RunningBot
) -> None:
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="➕ Tambah petugas")
    await officer.next_message()
    await officer.send("5005")
    await officer.next_message()
    await officer.send("jember")
    await officer.press(await officer.next_message(), text="Kab. Jember, Jawa Timur")
    await officer.press(await officer.next_message(), text="✅ Simpan")
    saved = await officer.next_message()
    assert "• Kab. Jember, Jawa Timur" in saved.text and "35.09" not in saved.text
    await officer.press(saved, text="◀️ Daftar petugas")
    listing = await officer.next_message()
    assert "Kab. Jember, Jawa Timur" in listing.text and "35.09" not in listing.text


async def test_the_language_screen_keeps_its_three_languages_in_english(
    new_user: UserFactory,
) -> None:
    villager = new_user(language_code="en")
    await villager.send("/bahasa")
    screen = await villager.next_message()
    assert screen.visible_text.startswith("Pilih bahasa / Choose your language / Pilih basa"), (
        screen.text
    )


async def test_the_composer_names_languages_in_the_officers_language(officer: ChatUser) -> None:
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi JKK di balai desa.")
    await officer.press(await officer.next_message(), text="➕ English")
    ask = await officer.next_message()
    assert "dalam Bahasa Inggris" in ask.text and "English." not in ask.text, ask.text
    await officer.send("JKK outreach at the village hall.")
    composer = await officer.next_message()
    assert "Bahasa: Bahasa Indonesia, Bahasa Inggris" in composer.text, composer.text


async def test_scheduling_for_nobody_is_refused_before_the_time_is_typed(
    officer: ChatUser,
) -> None:
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi JKK di balai desa.")
    composer = await officer.next_message()
    assert "Jumlah penerima: 0 orang" in composer.text
    await officer.press(composer, text="🕒 Jadwalkan")
    refused = await officer.next_message()
    assert "Tidak ada penerima" in refused.text and "Kapan dikirim" not in refused.text
    await officer.press(refused, text="◀️ Kembali ke draf")  # the draft is still there
    assert "Pengumuman baru" in (await officer.next_message()).text


async def test_editing_an_officer_says_who_and_where_they_work_now(
    officer: ChatUser, new_user: UserFactory, bot: RunningBot
) -> None:
    colleague = new_user(first_name="Bu Rina")
    await users.register(bot.services.db, colleague.user_id, "Bu Rina", "id")
    await officers.set_officer(bot.services.db, colleague.user_id, ["35.09", "35.05"], OFFICER_ID)
    await officer.send("/petugas")
    listing = await officer.next_message()
    assert "Kab. Blitar, Jawa Timur; Kab. Jember, Jawa Timur" in listing.text, listing.text
    await officer.press(listing, text="✏️ Bu Rina")
    editing = await officer.next_message()
    assert "Bu Rina" in editing.text
    assert (
        "Wilayah kerja sekarang: Kab. Blitar, Jawa Timur; Kab. Jember, Jawa Timur" in editing.text
    )
    assert "menggantikannya" in editing.text


async def test_a_sentence_typed_in_the_audience_picker_keeps_the_draft(
    officer: ChatUser, bot: RunningBot
) -> None:
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi JKK di balai desa.")
    await officer.press(await officer.next_message(), text="🎯 Pilih penerima")
    await officer.press(await officer.next_message(), text="📍 Satu wilayah")
    await officer.next_message()
    # Not a place: before, the picker handed it to the FAQ and the draft was thrown away.
    await officer.send("besok ada sosialisasi di balai desa jam sembilan pagi")
    not_found = await officer.next_message()
    assert "Tidak ada wilayah" in not_found.text, not_found.text
    await officer.press(not_found, text="◀️ Kembali")
    composer = await officer.next_message()
    assert "Pengumuman baru" in composer.text
    await officer.press(composer, text="👁️ Pratinjau")
    assert "Sosialisasi JKK di balai desa." in (await officer.next_message()).text


async def test_text_typed_at_the_composer_is_not_silently_ignored(officer: ChatUser) -> None:
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi JKK di balai desa.")
    await officer.next_message()
    await officer.send("Sosialisasi JKK di balai desa jam 9.")  # a correction, typed
    composer = await officer.next_message()
    assert "tidak mengubah draf" in composer.text and "Ubah teks" in composer.text
    await officer.press(composer, text="👁️ Pratinjau")
    preview = await officer.next_message()
    assert "balai desa." in preview.text and "jam 9" not in preview.text
    again = await officer.next_message()  # the composer again, without the note
    assert "Pengumuman baru" in again.text and "tidak mengubah draf" not in again.text


async def test_after_an_invite_the_next_village_is_one_tap_away(
    new_user: UserFactory, bot: RunningBot
) -> None:
    officer = await _officer_of_jember(bot, new_user)
    await officer.send(f"/undang {WULUHAN_TAMANSARI}")
    await officer.press(await officer.next_message(), text="Kepala desa")
    created = await officer.next_message()
    assert "t.me/" in created.text
    await officer.press(created, text="◀️ Pilih desa lain")
    assert "Kabupaten Jember" in (await officer.next_message()).text


_HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_BULAN = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"


async def test_a_time_written_as_on_an_invitation_is_scheduled(
    officer: ChatUser, new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await users.register(bot.services.db, villager.user_id, "Siti", "id")
    await subscriptions.subscribe(bot.services.db, villager.user_id, WULUHAN_TAMANSARI)
    day = datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=7)
    month = _BULAN.split()[day.month - 1]
    typed = f"{_HARI[day.weekday()]}, {day.day} {month} {day.year} pukul 08.00"
    await officer.send("/siaran")
    await officer.next_message()
    await officer.send("Sosialisasi JKK di balai desa.")
    await officer.press(await officer.next_message(), text="🕒 Jadwalkan")
    await officer.next_message()
    await officer.send(typed)  # before: "Waktunya tidak terbaca"
    scheduled = await officer.next_message()
    assert f"{day.day} {month} {day.year} 08.00 WIB" in scheduled.text, (typed, scheduled.text)


async def test_a_village_outside_the_officers_kab_is_refused_with_a_way_on(
    new_user: UserFactory, bot: RunningBot
) -> None:
    officer = await _officer_of_jember(bot, new_user)
    await officer.send("/undang")
    await officer.next_message()
    await officer.send("sukosewu, blitar")  # Kab. Blitar: not this officer's
    await officer.press(await officer.next_message(), text="Sukosewu, Kec. Gandusari, Kab. Blitar")
    refused = await officer.next_message()
    assert "di luar wilayah kerja" in refused.text
    assert "◀️ Pilih desa lain" in _labels(refused) and "🏠 Menu utama" in _labels(refused)
    await officer.press(refused, text="◀️ Pilih desa lain")
    assert "Kabupaten Jember" in (await officer.next_message()).text


async def test_langganan_when_subscribed_says_for_which_village(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/langganan")
    await villager.next_message()
    await villager.send("tamansari, jember")
    await villager.press(await villager.next_message(), text="Tamansari, Kec. Wuluhan, Kab. Jember")
    await villager.next_message()
    await villager.send("/langganan")  # before: the province list, as if nothing was chosen
    current = await villager.next_message()
    assert "sudah menerima pengumuman" in current.text
    assert "Tamansari, Kec. Wuluhan, Kab. Jember" in current.text
    await villager.press(current, text="🔁 Ganti desa")
    assert "Pilih provinsi" in (await villager.next_message()).text
