"""Greetings and thanks are not questions: "halo" or "makasih" deserves a friendly reply, not
"Maaf, saya belum mengerti". Only messages made entirely of such words count."""

from __future__ import annotations

import re
from typing import Literal

SmallTalk = Literal["greeting", "thanks"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_GREETING = _words(
    "halo hallo hai hi hello helo pagi siang sore malam selamat met assalamualaikum "
    "assalamu alaikum salam permisi punten sugeng enjing enjang sonten dalu ndalu kulonuwun kula "
    "nuwun om swastiastu shalom min admin pak bu mas mbak kak bot morning afternoon evening night "
    "day sir madam"
)
_THANKS = _words(
    "terima kasih terimakasih makasih makasi trims trimakasih thanks thank you thx tengkyu "
    "matur nuwun suwun nuhun hatur ok oke okey okay baik siap sip mantap mantab jelas paham "
    "banyak sekali ya yaa iya so much very lot great good"
)
_WORD = re.compile(r"[a-z]+")
MAX_WORDS = 5


# A thumbs-up or folded hands on its own is a thank-you ("🙏" after an answer), not a question.
_THANKS_SIGNS = frozenset("👍🙏👌🙂😊🤝❤💯✅")
# The emoji variation selector, the zero-width joiner, skin tones, spaces.
_JOINERS = frozenset("\ufe0f\u200d \U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")


def small_talk(text: str) -> SmallTalk | None:
    signs = set(text.strip()) - _JOINERS
    if signs and signs <= _THANKS_SIGNS:
        return "thanks"
    words = _WORD.findall(text.lower())
    if not words or len(words) > MAX_WORDS:
        return None
    if all(w in _THANKS for w in words) and any(w not in {"ya", "yaa", "iya"} for w in words):
        return "thanks"
    if all(w in _GREETING or w in _THANKS for w in words) and any(w in _GREETING for w in words):
        return "greeting"
    return None
