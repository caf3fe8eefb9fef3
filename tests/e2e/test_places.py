"""Places by name, everywhere: every region picker takes a typed name at any step, nationally,
with typos forgiven, results that tell namesakes apart, pages, and a clear "not found"."""

from __future__ import annotations

from bot.harness import RunningBot
from sandbox.client import ChatUser
from tests.e2e.conftest import UserFactory


async def _labels(user: ChatUser) -> tuple[str, list[str]]:
    message = await user.next_message()
    return message.text, [text for row in message.buttons for text, _ in row]


async def test_a_province_typed_at_the_first_step_is_a_place_not_a_question(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/langganan")
    assert "Pilih provinsi" in (await villager.next_message()).text
    await villager.send("Jawa Timur")  # one match: straight into its list
    listing = await villager.next_message()
    assert "Jawa Timur" in listing.text and "Pilih kabupaten/kota" in listing.text
    await villager.send("kab blitar")
    assert "Pilih kecamatan" in (await villager.next_message()).text
    await villager.send("Sulawesi")  # several: a list to choose from
    results = await villager.next_message()
    assert "Hasil untuk" in results.text
    await villager.press(results, text="Sulawesi Selatan")
    assert "Pilih kabupaten/kota" in (await villager.next_message()).text


async def test_a_village_typed_nationally_shows_its_kecamatan_and_kab(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/langganan")
    await villager.next_message()
    await villager.send("tamansari, jember")  # the kab/kota after a comma narrows namesakes
    _text, labels = await _labels(villager)
    assert "Tamansari, Kec. Wuluhan, Kab. Jember" in labels, labels
    assert "Tamansari, Kec. Mumbulsari, Kab. Jember" in labels
    assert not any("Bogor" in label for label in labels)
    await villager.send("tamansary")  # a typo, nationally: namesakes from everywhere
    results = await villager.next_message()
    assert "hal. 1/" in results.text and "▶️" in [t for row in results.buttons for t, _ in row]
    await villager.press(results, text="▶️")
    assert "hal. 2/" in (await villager.next_message()).text
    await villager.send("tamansari, wuluhan")
    await villager.press(await villager.next_message(), text="Kec. Wuluhan")
    done = await villager.next_message()
    assert "Tamansari, Kec. Wuluhan, Kab. Jember" in done.text
    row = await bot.services.db.fetchone(
        "SELECT village_code FROM subscriptions WHERE user_id = ?", (villager.user_id,)
    )
    assert row is not None and row[0].startswith("35.09.")


async def test_nothing_found_says_how_to_try_again(new_user: UserFactory, bot: RunningBot) -> None:
    villager = new_user()
    await villager.send("/langganan")
    await villager.next_message()
    await villager.send("xqzvbwk")
    text, labels = await _labels(villager)
    assert "Tidak ada wilayah" in text and "ketik lagi" in text
    assert "📋 Pilih dari daftar" in labels and "🏠 Menu utama" in labels


async def test_an_officer_invites_a_village_typed_by_name_and_can_go_back(
    officer: ChatUser, bot: RunningBot
) -> None:
    await officer.send("/undang")
    await officer.next_message()
    await officer.send("Sukosewu, Blitar")
    results = await officer.next_message()
    await officer.press(results, text="Sukosewu, Kec. Gandusari, Kab. Blitar")
    roles = await officer.next_message()
    assert "Desa Sukosewu, Kec. Gandusari" in roles.text
    await officer.press(roles, text="Pilih desa lain")
    assert "Pilih provinsi" in (await officer.next_message()).text


async def test_a_question_typed_in_the_picker_is_still_answered(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/langganan")
    await villager.next_message()
    await villager.send("berapa iuran jkk untuk petani sebulan?")
    answer = await villager.next_message()
    assert "Tidak ada wilayah" not in answer.text and "iuran" in answer.text.lower()
    assert await bot.services.db.fetchone("SELECT 1 FROM dialogs") is None  # picker left
