"""🔊 Dengarkan: lesson screens and FAQ answers read aloud as Telegram voice notes.

Synthesis is offline: eSpeak NG (the ``espeakng-loader`` wheel ships ``libespeak-ng`` with its
voice data) speaks the text prepared by :mod:`bot.domain.spoken`; libsndfile (the
``soundfile`` wheel bundles it, with Opus) encodes it as OGG/Opus, the one format Telegram
plays as a voice note. Nothing is downloaded at run time.

Each voice note is made once: the first press synthesises (in a worker thread, off the event
loop) and uploads it; the file_id Telegram returns is kept in ``voice_cache`` under the
language and a hash of the spoken text and the voice settings, and every later press re-sends
that file_id (no synthesis, no upload). Where the synthesiser cannot be loaded the service is
not built (:func:`build`) and no "Dengarkan" button is shown.

Languages: Indonesian and English have an eSpeak NG voice. Javanese has none, and the
Indonesian voice reading Javanese spelling mispronounces what makes it Javanese (the
retroflex "dh"/"th", the "a" said [ɔ] as in "apa" → "opo", the three e's), so a villager who
reads little would hear a foreign accent garble the krama they chose; Javanese screens get no
button. (A Javanese villager who prefers listening can switch to Indonesian with /bahasa.)
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import hashlib
import importlib
import io
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram import Bot, Message
from telegram.error import BadRequest

from bot.domain.spoken import spoken_text
from bot.platform.db import voice_cache
from bot.platform.db.connection import Database

log = logging.getLogger(__name__)

# The bot's languages that have a voice, and eSpeak NG's name for it.
VOICES = {"id": "id", "en": "en-us"}
WORDS_PER_MINUTE = 140  # eSpeak's default 175 is quick for someone who seldom hears Indonesian TTS
OPUS_RATE = 48_000  # Opus's native rate; libsndfile resamples any other rate far slower
# libsndfile's default makes ≈56 kbit/s (455 KiB for a 65 s lesson screen); 0.9 makes ≈30
# kbit/s (241 KiB), what Telegram's own voice notes use, for villagers on prepaid mobile data.
# It costs about twice the encoding time, paid once per screen (then the file_id is re-sent).
OPUS_LEVEL = 0.9
MAX_SPOKEN_CHARS = 4096  # a Telegram message is at most 4096 characters
REPEAT_SECONDS = 30.0  # the same voice note again within this time is a double press
MAX_REMEMBERED_CHATS = 10_000


class VoiceUnavailable(Exception):
    """Nothing to read aloud, or the synthesiser failed; the user is told, nothing breaks."""


@dataclass(frozen=True)
class SpokenAudio:
    ogg: bytes  # OGG/Opus
    seconds: float


class Synthesizer(Protocol):
    settings: str  # part of the cache key: another voice or rate makes new voice notes

    def synthesize(self, text: str, voice: str) -> SpokenAudio:
        """Blocking; called in a worker thread."""
        ...


class EspeakSynthesizer:
    """eSpeak NG through its C API (ctypes), PCM at 22,050 Hz → 48 kHz → OGG/Opus."""

    _AUDIO_OUTPUT_SYNCHRONOUS = 2
    _RATE = 1  # espeakRATE
    _POS_CHARACTER = 1
    _CHARS_UTF8 = 1

    def __init__(self, library_path: str, data_path: str) -> None:
        self._library_path, self._data_path = library_path, data_path
        self._lock = threading.Lock()  # eSpeak NG keeps global state: one synthesis at a time
        self._lib: Any = None
        self._sample_rate = 0
        self._chunks: list[bytes] = []
        # Kept on the instance: ctypes must not collect the callback while the library holds it.
        self._callback: Any = None
        self.settings = f"espeak-ng/{WORDS_PER_MINUTE}wpm/opus{OPUS_RATE}/{OPUS_LEVEL}"

    def _initialize(self) -> Any:
        lib = ctypes.CDLL(self._library_path)
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        rate = lib.espeak_Initialize(self._AUDIO_OUTPUT_SYNCHRONOUS, 0, self._data_path.encode(), 0)
        if rate <= 0:
            raise VoiceUnavailable("espeak-ng did not start")
        callback_type = ctypes.CFUNCTYPE(
            ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
        )
        self._callback = callback_type(self._collect)
        lib.espeak_SetSynthCallback(self._callback)
        self._sample_rate = rate
        return lib

    def _collect(self, samples: Any, count: int, _events: Any) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(samples, count * 2))
        return 0  # go on

    def synthesize(self, text: str, voice: str) -> SpokenAudio:
        with self._lock:
            if self._lib is None:
                self._lib = self._initialize()
            lib = self._lib
            if lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise VoiceUnavailable(f"no espeak-ng voice {voice}")
            lib.espeak_SetParameter(self._RATE, WORDS_PER_MINUTE, 0)
            self._chunks = []
            data = text.encode()
            status = lib.espeak_Synth(
                data, len(data) + 1, 0, self._POS_CHARACTER, 0, self._CHARS_UTF8, None, None
            )
            lib.espeak_Synchronize()
            pcm, self._chunks = b"".join(self._chunks), []
        if status != 0 or not pcm:
            raise VoiceUnavailable("espeak-ng produced no sound")
        return encode_opus(pcm, self._sample_rate)


def encode_opus(pcm: bytes, sample_rate: int) -> SpokenAudio:
    """16-bit mono PCM → OGG/Opus at 48 kHz (linear resampling is enough for speech)."""
    import numpy as np
    import soundfile

    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32)
    positions = np.arange(0, len(samples), sample_rate / OPUS_RATE)
    resampled = np.interp(positions, np.arange(len(samples)), samples).astype(np.int16)
    out = io.BytesIO()
    soundfile.write(
        out, resampled, OPUS_RATE, format="OGG", subtype="OPUS", compression_level=OPUS_LEVEL
    )
    return SpokenAudio(out.getvalue(), len(samples) / sample_rate)


@functools.cache
def _espeak(library_path: str, data_path: str) -> EspeakSynthesizer:
    """One per process: eSpeak NG's voice and sound callback are global to the library, so two
    instances (two bots in one test process, a bench and its bot) would synthesise over each
    other and crash it."""
    return EspeakSynthesizer(library_path, data_path)


def load_synthesizer() -> Synthesizer | None:
    """eSpeak NG with an Opus encoder, or None when either is missing (no button, no error)."""
    try:
        loader = importlib.import_module("espeakng_loader")
        soundfile = importlib.import_module("soundfile")
        importlib.import_module("numpy")
        if "OPUS" not in soundfile.available_subtypes("OGG"):
            log.info("voice notes off: this libsndfile has no Opus encoder")
            return None
        return _espeak(loader.get_library_path(), loader.get_data_path())
    except (ImportError, OSError, RuntimeError, AttributeError) as exc:
        log.info("voice notes off: %s", type(exc).__name__)
        return None


@dataclass
class VoiceService:
    """Voice notes for "🔊 Dengarkan", made once and re-sent by file_id."""

    db: Database
    synthesizer: Synthesizer
    hits: int = 0  # re-sent from the cache
    misses: int = 0  # synthesised and uploaded
    # chat → (key, when) of the last voice note sent there: a double press sends it once.
    _last_sent: dict[int, tuple[str, float]] = field(default_factory=dict)

    @staticmethod
    def speaks(language: str) -> bool:
        return language in VOICES

    def key(self, language: str, spoken: str) -> str:
        seed = f"{self.synthesizer.settings}\n{VOICES[language]}\n{spoken}"
        return hashlib.sha256(seed.encode()).hexdigest()

    def just_sent(self, chat_id: int, language: str, text: str) -> bool:
        """True when this chat got this very voice note less than REPEAT_SECONDS ago (the
        button pressed twice: updates of one chat are handled in order, so the second press
        comes after the first voice note went out)."""
        last = self._last_sent.get(chat_id)
        if last is None or time.monotonic() - last[1] > REPEAT_SECONDS:
            return False
        return self.speaks(language) and last[0] == self.key(language, self._spoken(text, language))

    @staticmethod
    def _spoken(text: str, language: str) -> str:
        return spoken_text(text, language)[:MAX_SPOKEN_CHARS]

    async def send(self, bot: Bot, chat_id: int, language: str, text: str) -> Message:
        """Send ``text`` (a message as shown) read aloud in ``language`` to ``chat_id``."""
        if not self.speaks(language):
            raise VoiceUnavailable(f"no voice for {language}")
        spoken = self._spoken(text, language)
        if not spoken:
            raise VoiceUnavailable("nothing to read aloud")
        key = self.key(language, spoken)
        sent = await self._send(bot, chat_id, language, spoken, key)
        if len(self._last_sent) > MAX_REMEMBERED_CHATS:
            self._last_sent.clear()  # only recent presses matter
        self._last_sent[chat_id] = (key, time.monotonic())
        return sent

    async def _send(self, bot: Bot, chat_id: int, language: str, spoken: str, key: str) -> Message:
        cached = await voice_cache.file_id(self.db, language, key)
        if cached is not None:
            try:
                sent = await bot.send_voice(chat_id, cached)
            except BadRequest:  # the file_id is not valid for this bot any more: make it again
                await voice_cache.forget(self.db, language, key)
            else:
                self.hits += 1
                return sent
        audio = await self._synthesize(spoken, language)
        sent = await bot.send_voice(
            chat_id, audio.ogg, duration=math.ceil(audio.seconds), filename="dengarkan.ogg"
        )
        self.misses += 1
        if sent.voice is not None:
            await voice_cache.remember(self.db, language, key, sent.voice.file_id)
        return sent

    async def _synthesize(self, spoken: str, language: str) -> SpokenAudio:
        synthesize: Callable[[str, str], SpokenAudio] = self.synthesizer.synthesize
        try:
            return await asyncio.to_thread(synthesize, spoken, VOICES[language])
        except VoiceUnavailable:
            raise
        except Exception as exc:  # a C library or encoder failure must not reach the user raw
            raise VoiceUnavailable(type(exc).__name__) from exc


def build(db: Database) -> VoiceService | None:
    synthesizer = load_synthesizer()
    return VoiceService(db, synthesizer) if synthesizer is not None else None
