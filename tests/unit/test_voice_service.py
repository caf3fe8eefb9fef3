"""🔊 Dengarkan's service (bot/services/voice.py): real eSpeak NG + Opus, the file_id cache,
and a bot that works on when the synthesiser is missing."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import soundfile
from telegram.error import BadRequest

from bot.platform.db import voice_cache
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import voice
from bot.services.voice import SpokenAudio, VoiceService, VoiceUnavailable, encode_opus
from tests.backend import database_for


@pytest.fixture(scope="module")
def espeak() -> voice.Synthesizer:
    synthesizer = voice.load_synthesizer()
    assert synthesizer is not None, "espeakng-loader and soundfile are dependencies"
    return synthesizer


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "voice.sqlite3"))
    await database.initialize()
    yield database
    await database.shutdown()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("id", "Iuran je ka ka enam belas ribu delapan ratus rupiah."),
        ("en", "Work accident benefit, jay kay kay."),
    ],
)
def test_espeak_speaks_indonesian_and_english_as_ogg_opus(
    espeak: voice.Synthesizer, lang: str, text: str
) -> None:
    audio = espeak.synthesize(text, voice.VOICES[lang])
    info = soundfile.info(io.BytesIO(audio.ogg))
    assert (info.format, info.subtype, info.samplerate) == ("OGG", "OPUS", 48_000)
    assert 1.5 < audio.seconds < 10 and abs(info.duration - audio.seconds) < 0.1
    samples, _ = soundfile.read(io.BytesIO(audio.ogg))
    assert abs(samples).max() > 0.05  # speech, not silence


def test_espeak_refuses_a_voice_it_does_not_have(espeak: voice.Synthesizer) -> None:
    with pytest.raises(VoiceUnavailable):
        espeak.synthesize("halo", "xx-none")


def test_encode_opus_resamples_to_48_khz() -> None:
    pcm = bytes(22_050 * 2)  # one second of silence at eSpeak's rate
    audio = encode_opus(pcm, 22_050)
    info = soundfile.info(io.BytesIO(audio.ogg))
    assert info.samplerate == 48_000 and abs(info.duration - 1.0) < 0.05


def test_no_synthesiser_when_a_wheel_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> Any:
        raise ImportError(name)

    monkeypatch.setattr(voice.importlib, "import_module", missing)
    assert voice.load_synthesizer() is None
    assert voice.build(Database(":memory:")) is None


def test_no_synthesiser_when_libsndfile_has_no_opus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(soundfile, "available_subtypes", lambda _format: {"VORBIS": "Vorbis"})
    assert voice.load_synthesizer() is None


class FakeSynthesizer:
    settings = "fake/1"

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fail = fail

    def synthesize(self, text: str, voice_name: str) -> SpokenAudio:
        self.calls.append((text, voice_name))
        if self.fail:
            raise OSError("libespeak-ng crashed")
        return SpokenAudio(b"OggS-fake", 2.4)


class FakeVoice:
    def __init__(self, file_id: str) -> None:
        self.file_id = file_id


class FakeMessage:
    def __init__(self, file_id: str) -> None:
        self.voice = FakeVoice(file_id)


class FakeBot:
    """Records send_voice calls; uploads get a new file_id, file_ids may be refused."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, Any, dict[str, Any]]] = []
        self.refuse_file_ids = False

    async def send_voice(self, chat_id: int, voice_: Any, **kwargs: Any) -> FakeMessage:
        self.sent.append((chat_id, voice_, kwargs))
        if isinstance(voice_, str):
            if self.refuse_file_ids:
                raise BadRequest("Wrong file identifier/http url specified")
            return FakeMessage(voice_)
        return FakeMessage(f"file-{len(self.sent)}")


async def test_made_once_then_resent_by_file_id(db: Database) -> None:
    synth, bot = FakeSynthesizer(), FakeBot()
    service = VoiceService(db, synth)
    await service.send(bot, 7, "id", "<b>Iuran JKK</b> Rp16.800 🚑")  # type: ignore[arg-type]
    assert synth.calls == [("Iuran je ka ka enam belas ribu delapan ratus rupiah.", "id")]
    assert bot.sent[0][1] == b"OggS-fake" and bot.sent[0][2]["duration"] == 3
    await service.send(bot, 8, "id", "<b>Iuran JKK</b> Rp16.800 🚑")  # type: ignore[arg-type]
    assert len(synth.calls) == 1 and bot.sent[1][1] == "file-1"
    assert (service.misses, service.hits) == (1, 1)
    # The same words in English are another voice note.
    await service.send(bot, 8, "en", "Iuran JKK Rp16.800")  # type: ignore[arg-type]
    assert synth.calls[-1][1] == "en-us" and service.misses == 2


async def test_a_file_id_telegram_refuses_is_made_again(db: Database) -> None:
    synth, bot = FakeSynthesizer(), FakeBot()
    service = VoiceService(db, synth)
    key = service.key("id", "je ka ka.")
    await voice_cache.remember(db, "id", key, "stale-file-id")
    bot.refuse_file_ids = True
    await service.send(bot, 7, "id", "JKK")  # type: ignore[arg-type]
    assert len(synth.calls) == 1
    assert await voice_cache.file_id(db, "id", key) == "file-2"


async def test_javanese_empty_text_and_synthesis_failures_are_unavailable(db: Database) -> None:
    bot = FakeBot()
    service = VoiceService(db, FakeSynthesizer())
    for lang, text in (("jv", "Apa kuwi JKK?"), ("id", "🙏🙏")):
        with pytest.raises(VoiceUnavailable):
            await service.send(bot, 7, lang, text)  # type: ignore[arg-type]
    broken = VoiceService(db, FakeSynthesizer(fail=True))
    with pytest.raises(VoiceUnavailable):
        await broken.send(bot, 7, "id", "JKK")  # type: ignore[arg-type]
    assert bot.sent == []


async def test_a_double_press_is_recognised_per_chat_and_text(db: Database) -> None:
    service, bot = VoiceService(db, FakeSynthesizer()), FakeBot()
    assert not service.just_sent(7, "id", "JKK")
    await service.send(bot, 7, "id", "JKK")  # type: ignore[arg-type]
    assert service.just_sent(7, "id", "<b>JKK</b>")  # the same words
    assert not service.just_sent(7, "id", "JKM")
    assert not service.just_sent(8, "id", "JKK")
    assert not service.just_sent(7, "jv", "JKK")
