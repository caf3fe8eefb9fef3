"""Voice for villagers who read little: voice notes reach officers, lessons and answers are
read aloud (🔊 Dengarkan) as OGG/Opus voice notes made once and re-sent by file_id."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
import soundfile
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import Content
from bot.harness import RunningBot, sandbox_settings, start_bot, stop_bot
from bot.services import voice
from sandbox.client import BotMessage, ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import OFFICER_ID, UserFactory

LISTEN = "🔊"


def _has_listen(message: BotMessage) -> bool:
    return any(label.startswith(LISTEN) for label, _ in ChatUser.buttons(message))


async def _open_lesson(user: ChatUser) -> BotMessage:
    await user.send("/program")
    programs = await user.next_message()
    await user.press(programs, data="les:jkk:1")
    return await user.next_message()


async def _listen(user: ChatUser, message: BotMessage) -> BotMessage:
    await user.press(message, text=LISTEN)
    return await user.next_message(timeout=20)


def _ogg_opus_seconds(sandbox: SandboxServer, message: BotMessage) -> float:
    data = sandbox.state.files[message.raw["message"]["voice"]["file_id"]].data
    info = soundfile.info(io.BytesIO(data))
    assert (info.format, info.subtype) == ("OGG", "OPUS")
    return float(info.duration)


@pytest.mark.parametrize("kind", ["voice", "video_note", "audio"])
async def test_recording_is_not_refused_and_reaches_the_officers_who_answer(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot, kind: str
) -> None:
    villager = new_user(first_name="Rahasia")
    await villager.send_other(kind)
    hint = await villager.next_message()
    assert "belum bisa mendengarkan" in hint.text
    labels = [label for label, _ in villager.buttons(hint)]
    assert any("Teruskan ke petugas" in label for label in labels)
    assert any("Hitung iuran" in label for label in labels)  # the menu comes with it
    await villager.press(hint, text="Teruskan ke petugas")
    assert "diteruskan" in (await villager.next_message()).text
    copy = await officer.next_message()
    assert kind in copy.raw["message"]  # the recording itself
    assert "forward_origin" not in copy.raw["message"]  # a copy: the villager's name is not shown
    post = await officer.next_message()
    assert "Pertanyaan warga" in post.text and "Rahasia" not in post.text
    assert post.raw["message"]["reply_to_message"]["message_id"] == copy.message_id
    # The officer listens and answers by replying to the recording itself.
    await officer.send("Bisa Bu, daftar lewat JMO.", reply_to_message_id=copy.message_id)
    assert "terkirim" in (await officer.next_message()).text.lower()
    relayed = await villager.next_message()
    assert "daftar lewat JMO" in relayed.text
    assert "(pesan" in relayed.text or "(rekaman" in relayed.text
    row = await bot.services.db.fetchone(
        "SELECT media_kind, text, answer FROM questions WHERE user_id = ?", (villager.user_id,)
    )
    assert row is not None and tuple(row) == (kind, "", "Bisa Bu, daftar lewat JMO.")


async def test_recording_in_english_is_answered_in_english(new_user: UserFactory) -> None:
    villager = new_user(language_code="en")
    await villager.send("/start")  # the sandbox's voice note carries no language_code
    await villager.next_message()
    await villager.send_other("voice")
    hint = await villager.next_message()
    assert "cannot listen" in hint.text
    assert any("officer" in label.lower() for label, _ in villager.buttons(hint))


async def test_lesson_is_read_aloud_once_then_resent_by_file_id(
    new_user: UserFactory, bot: RunningBot, sandbox: SandboxServer
) -> None:
    service = bot.services.voice
    assert service is not None, "the synthesiser is a dependency: it must be installed"
    first = new_user()
    lesson = await _open_lesson(first)
    assert _has_listen(lesson)
    spoken = await _listen(first, lesson)
    assert spoken.kind == "voice"
    assert _ogg_opus_seconds(sandbox, spoken) > 2
    assert (service.misses, service.hits) == (1, 0)
    # The same screen for someone else: the cached file_id, no second synthesis or upload.
    second = new_user()
    again = await _listen(second, await _open_lesson(second))
    assert again.raw["message"]["voice"]["file_id"] == spoken.raw["message"]["voice"]["file_id"]
    assert (service.misses, service.hits) == (1, 1)
    rows = await bot.services.db.fetchall("SELECT language FROM voice_cache")
    assert [r[0] for r in rows] == ["id"]
    # Pressed twice: the voice note is not sent again.
    await first.drain()
    await first.press(lesson, text=LISTEN)
    assert "sudah dikirim" in str((await first.next_answer()).get("text"))
    assert (service.misses, service.hits) == (1, 1)


async def test_faq_answer_in_english_is_read_aloud(
    new_user: UserFactory, bot: RunningBot, sandbox: SandboxServer
) -> None:
    user = new_user(language_code="en")
    await user.send("klo kecelakaan pas nyangkul dpt apa?")
    answer = next(m for m in await user.replies() if _has_listen(m))
    spoken = await _listen(user, answer)
    assert spoken.kind == "voice" and _ogg_opus_seconds(sandbox, spoken) > 2


async def test_javanese_screens_have_no_listen_button(new_user: UserFactory) -> None:
    user = new_user(language_code="jv")
    assert not _has_listen(await _open_lesson(user))
    await user.send("klo kecelakaan pas nyangkul dpt apa?")
    assert not any(_has_listen(m) for m in await user.replies())


async def test_without_the_synthesiser_there_is_no_button_and_nothing_breaks(
    sandbox: SandboxServer,
    client: SandboxClient,
    db_path: Path,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_installed(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(voice.importlib, "import_module", not_installed)
    settings = replace(sandbox_settings(sandbox, db_path), admin_ids=frozenset({OFFICER_ID}))
    running = await start_bot(settings, content=content)
    try:
        assert running.services.voice is None
        user = ChatUser(client, 59_999, language_code="id", first_name="Siti")
        lesson = await _open_lesson(user)
        assert "Jaminan Kecelakaan Kerja" in lesson.text and not _has_listen(lesson)
        await user.send("klo kecelakaan pas nyangkul dpt apa?")
        replies = await user.replies()
        assert replies and not any(_has_listen(m) for m in replies)
        # A "Dengarkan" button from before (the synthesiser was removed since) answers sensibly.
        old_button = InlineKeyboardButton(LISTEN, callback_data="say")
        await running.application.bot.send_message(
            user.user_id, "pesan lama", reply_markup=InlineKeyboardMarkup([[old_button]])
        )
        old = await user.next_message()
        await user.press(old, data="say")
        assert "tidak berlaku" in (await user.next_message()).text
    finally:
        await stop_bot(running)
