"""A villager's first minutes with the bot: welcome, menu, lessons, language, odd input."""

from __future__ import annotations

from dataclasses import replace

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.harness import RunningBot, sandbox_settings, start_bot, stop_bot
from sandbox.client import SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import UserFactory

WELCOME = {
    "id": "Saya <b>Desa Sadar Bot</b>",
    "en": "I am <b>Desa Sadar Bot</b>",
    "jv": "Kula <b>Desa Sadar Bot</b>",
}
PROGRAM_BUTTON = {"id": "Kenali program", "en": "Learn about", "jv": "Tepangi program"}


@pytest.mark.parametrize("lang", ["id", "en", "jv"])
async def test_start_greets_in_telegram_language_with_menu(
    new_user: UserFactory, lang: str
) -> None:
    user = new_user(language_code=lang, first_name="Budi")
    await user.send("/start")
    welcome = await user.next_message()
    assert WELCOME[lang] in welcome.text and "Budi" in welcome.text
    labels = [text for text, _ in user.buttons(welcome)]
    assert any(PROGRAM_BUTTON[lang] in label for label in labels)


async def test_unknown_telegram_language_falls_back_to_indonesian(new_user: UserFactory) -> None:
    user = new_user(language_code="fr")
    await user.send("/start")
    assert WELCOME["id"] in (await user.next_message()).text


async def test_menu_leads_to_jkm_lesson_stating_42_juta(new_user: UserFactory) -> None:
    user = new_user()
    await user.send("/start")
    menu = await user.next_message()
    await user.press(menu, text="Kenali program")
    programs = await user.next_message()
    assert programs.edited  # the same message changes, keeping the chat short
    await user.press(programs, text="Kematian")
    lesson = await user.next_message()
    pages_text = lesson.text
    while "Rp42 juta" not in pages_text and any("▶️" in t for t, _ in user.buttons(lesson)):
        await user.press(lesson, text="Berikutnya")
        lesson = await user.next_message()
        pages_text += lesson.text
    assert "Rp42 juta" in pages_text


async def test_lesson_navigation_forward_back_and_home(new_user: UserFactory) -> None:
    user = new_user(language_code="en")
    await user.send("/program")
    programs = await user.next_message()
    await user.press(programs, data="les:jkk:1")
    first = await user.next_message()
    assert "(1/" in first.text
    await user.press(first, text="More")
    second = await user.next_message()
    assert "(2/" in second.text
    await user.press(second, text="Previous")
    again = await user.next_message()
    assert again.text == first.text
    await user.press(again, text="List of programmes")
    assert "programmes" in (await user.next_message()).text
    await user.press(await user.last_message(), text="Main menu")
    assert "Main menu" in (await user.next_message()).text


async def test_every_lesson_screen_in_every_language_reaches_the_user(
    new_user: UserFactory, bot: RunningBot
) -> None:
    """The sandbox rejects HTML and lengths as Telegram does, so every screen must arrive."""
    for lang in ("id", "en", "jv"):
        user = new_user(language_code=lang)
        await user.send("/program")
        programs = await user.next_message()
        for lesson in bot.services.lessons:
            await user.press(programs, data=f"les:{lesson.id}:1")
            screen = await user.next_message()
            for page in range(2, lesson.pages + 1):
                await user.press(screen, data=f"les:{lesson.id}:{page}")
                screen = await user.next_message()
                assert f"({page}/{lesson.pages})" in screen.text
            await user.press(screen, data="prog")
            programs = await user.next_message()


async def test_language_choice_survives_a_restart(
    sandbox: SandboxServer, client: SandboxClient, bot: RunningBot, new_user: UserFactory
) -> None:
    user = new_user(language_code="id")
    await user.send("/bahasa")
    picker = await user.next_message()
    await user.press(picker, text="English")
    assert "Language changed" in (await user.next_message()).text
    await stop_bot(bot)
    # A full start-up, content loaded and validated as in production (the other tests share
    # the session's content).
    restarted = await start_bot(
        replace(sandbox_settings(sandbox, bot.settings.db_path), db_url=bot.settings.db_url)
    )
    try:
        await user.send("/menu")  # Telegram still says "id"; the stored choice wins
        assert "Main menu" in (await user.next_message()).text
    finally:
        await stop_bot(restarted)
        # the fixture's teardown stops `bot` again; make that a no-op
        bot.application = restarted.application


@pytest.mark.parametrize(
    "text",
    ["<b>halo</b> & <i>", "🙏🙏🙏", "a" * 4000, "/tidakada", "&lt;script&gt;", "   "],
)
async def test_odd_input_always_gets_a_reply(new_user: UserFactory, text: str) -> None:
    user = new_user()
    await user.send(text)
    reply = await user.next_message()
    assert reply.text


# Voice notes, video notes and audio are offered to officers instead: tests/e2e/test_voice.py.
@pytest.mark.parametrize("kind", ["photo", "sticker", "location", "contact"])
async def test_non_text_messages_get_a_hint(new_user: UserFactory, kind: str) -> None:
    user = new_user()
    await user.send_other(kind)
    assert "teks" in (await user.next_message()).text


async def test_button_from_an_old_bot_version_answers_sensibly(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("/start")
    await user.next_message()
    old = InlineKeyboardMarkup([[InlineKeyboardButton("Lama", callback_data="les:hapus:9")]])
    await bot.application.bot.send_message(user.user_id, "pesan lama", reply_markup=old)
    stale = await user.next_message()
    await user.press(stale, data="les:hapus:9")
    reply = await user.next_message()
    assert "pesan lama dan sudah tidak berlaku" in reply.text
    assert reply.buttons  # with the menu, so the user can go on


async def test_pressing_the_same_button_twice_does_no_harm(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("/program")
    programs = await user.next_message()
    # A double tap: both presses reach Telegram before the bot has edited the message.
    updater = bot.application.updater
    assert updater is not None
    await updater.stop()
    await user.press(programs, data="les:jkm:1")
    await user.press(programs, data="les:jkm:1")
    await updater.start_polling(poll_interval=0.0, timeout=2)
    lesson = await user.next_message()
    assert "(1/" in lesson.text
    await user.send("/menu")
    reply = await user.next_message()
    assert "Menu utama" in reply.text  # no error message came in between


async def test_commands_are_registered_per_language(client: SandboxClient, bot: RunningBot) -> None:
    registered = await client.commands()
    by_lang = {entry.get("language_code") or "": entry["commands"] for entry in registered}
    assert {"id", "en", "jv", ""} <= set(by_lang)
    assert {c["command"] for c in by_lang["en"]} >= {"start", "program", "bahasa", "bantuan"}
    english = {c["command"]: c["description"] for c in by_lang["en"]}
    assert english["bahasa"] == "Change language"


async def test_help_lists_the_published_commands_in_the_users_language(
    client: SandboxClient, new_user: UserFactory
) -> None:
    user = new_user(language_code="en")
    await user.send("/help")
    help_text = (await user.next_message()).text
    registered = {
        entry.get("language_code"): entry["commands"] for entry in await client.commands()
    }
    published = [f"/{c['command']} — {c['description']}" for c in registered["en"]]
    assert published and all(line in help_text for line in published), help_text
