"""Callback data: one place that packs and unpacks it, and checks Telegram's 64-byte limit.

Format: ``prefix:part:part``. Parts must not contain ``:``. Callback data never carries rights:
handlers re-check the user's role on the server for every press.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64
SEPARATOR = ":"
# Every number the bot puts in callback data (ids, pages, amounts) or asks the user to type
# (a Telegram user id) fits in 15 digits; SQLite integers end at 2**63. Only ASCII digits:
# str.isdigit() also accepts "²", "①" and "٣", which int() refuses or reads differently.
MAX_DIGITS = 15
_INTEGER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")
_POSITIVE_ID = re.compile(rf"[1-9][0-9]{{0,{MAX_DIGITS - 1}}}")


class CallbackDataError(ValueError):
    pass


@dataclass(frozen=True)
class Callback:
    prefix: str
    parts: tuple[str, ...]

    def part(self, index: int, default: str = "") -> str:
        return self.parts[index] if index < len(self.parts) else default

    def int_part(self, index: int, default: int = 0) -> int:
        parsed = parse_int(self.part(index))
        return default if parsed is None else parsed


def parse_int(text: str) -> int | None:
    """A whole number written in ASCII digits (optionally negative), at most MAX_DIGITS long;
    None for anything else, so forged callback data never reaches int() or SQLite."""
    return int(text) if _INTEGER.fullmatch(text) else None


def parse_id(text: str) -> int | None:
    """A positive id (a Telegram user id, a row id): ASCII digits, no sign, no leading zero."""
    return int(text) if _POSITIVE_ID.fullmatch(text.strip()) else None


def pack(prefix: str, *parts: object) -> str:
    items = [prefix, *(str(p) for p in parts)]
    if any(SEPARATOR in item for item in items):
        raise CallbackDataError(f"callback part contains {SEPARATOR!r}: {items!r}")
    data = SEPARATOR.join(items)
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise CallbackDataError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def unpack(data: str | None) -> Callback:
    prefix, *parts = (data or "").split(SEPARATOR)
    return Callback(prefix, tuple(parts))


def pattern(prefix: str) -> str:
    """Regex for a CallbackQueryHandler that takes every callback with this prefix."""
    return rf"^{prefix}(:|$)"
