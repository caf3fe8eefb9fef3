"""Callback data: one place that packs and unpacks it, and checks Telegram's 64-byte limit.

Format: ``prefix:part:part``. Parts must not contain ``:``. Callback data never carries rights:
handlers re-check the user's role on the server for every press.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64
SEPARATOR = ":"


class CallbackDataError(ValueError):
    pass


@dataclass(frozen=True)
class Callback:
    prefix: str
    parts: tuple[str, ...]

    def part(self, index: int, default: str = "") -> str:
        return self.parts[index] if index < len(self.parts) else default

    def int_part(self, index: int, default: int = 0) -> int:
        value = self.part(index)
        return int(value) if value.lstrip("-").isdigit() else default


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
