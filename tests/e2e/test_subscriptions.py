"""Villagers subscribe to their village's announcements, stop them, and come back."""

from __future__ import annotations

import asyncio

from bot.harness import RunningBot
from sandbox.client import BotMessage, ChatUser, SandboxClient
from tests.e2e.conftest import UserFactory


async def _through_pages(user: ChatUser, message: BotMessage, label: str) -> None:
    for _ in range(10):
        if any(label in text for text, _ in user.buttons(message)):
            await user.press(message, text=label)
            return
        await user.press(message, text="▶️")
        message = await user.next_message()
    raise AssertionError(label)


async def _stopped(bot: RunningBot, user_id: int) -> bool:
    row = await bot.services.db.fetchone(
        "SELECT stopped_at FROM users WHERE user_id = ?", (user_id,)
    )
    return bool(row and row[0])


async def test_villager_is_asked_once_after_an_answer_and_subscribes(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("klo kecelakaan pas nyangkul dpt apa?")
    answer = await user.next_message()
    assert await user.messages_until_quiet() == []  # the offer rides in the answer
    assert "pengumuman" in answer.text
    await user.press(answer, text="Kabar desa")
    kept = await user.next_message()  # the answer, without its 🔔 button
    assert kept.message_id == answer.message_id and kept.text == answer.text
    assert [label for label, _ in user.buttons(kept) if "Kabar desa" in label] == []
    assert any(label == "👍" for label, _ in user.buttons(kept))
    await _through_pages(user, await user.next_message(), "Jawa Timur")
    await _through_pages(user, await user.next_message(), "Kabupaten Blitar")
    await user.next_message()
    await user.send("sukosewu")
    await user.press(await user.next_message(), text="Sukosewu, Kec. Gandusari")
    done = await user.next_message()
    assert "Sukosewu, Kec. Gandusari, Kab. Blitar" in done.text and "35.05" not in done.text
    row = await bot.services.db.fetchone("SELECT village_code FROM subscriptions")
    assert row is not None and row[0] == "35.05.15.2004"
    await user.send("kapan jht bisa cair")
    again = await user.next_message()
    assert "pengumuman" not in again.text  # asked once only
    assert [label for label, _ in user.buttons(again) if "Kabar desa" in label] == []
    await user.send("/menu")  # no second offer came before the menu
    assert "Menu utama" in (await user.next_message()).text


async def test_stop_word_stops_and_langganan_resumes(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await bot.services.db.execute(
        "INSERT INTO users(user_id, display_name, first_seen, last_seen) VALUES (?, 'x', 'n', 'n')",
        (user.user_id,),
    )
    await bot.services.db.execute(
        "INSERT INTO subscriptions(user_id, village_code, since) VALUES (?, '35.05.15.2004', 'n')",
        (user.user_id,),
    )
    await user.send("STOP")
    assert "tidak akan menerima pengumuman" in (await user.next_message()).text
    assert await _stopped(bot, user.user_id)
    await user.send("/langganan")
    assert "dilanjutkan" in (await user.next_message()).text
    assert not await _stopped(bot, user.user_id)
    await user.send("/berhenti")
    await user.next_message()
    assert await _stopped(bot, user.user_id)


async def test_blocking_the_bot_marks_the_user_stopped(
    new_user: UserFactory, bot: RunningBot, client: SandboxClient
) -> None:
    user = new_user()
    await user.send("/start")
    await user.next_message()
    await client.block(user.user_id)
    for _ in range(50):
        if await _stopped(bot, user.user_id):
            break
        await asyncio.sleep(0.05)
    assert await _stopped(bot, user.user_id)
