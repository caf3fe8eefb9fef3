"""The sandbox's world: users, chats, stored messages and files, as Telegram JSON.

Everything here produces the exact JSON shapes of the Bot API so that python-telegram-bot's
``de_json`` accepts it unchanged.
"""

from __future__ import annotations

import asyncio
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_ID",
    "BOT_USERNAME",
    "JSON",
    "Chat",
    "Signal",
    "StoredFile",
    "StoredMessage",
    "UserProfile",
    "bot_user_json",
    "image_size",
    "me_json",
    "tiny_png",
    "voice_mime_type",
]

JSON = dict[str, Any]

BOT_ID = 1000001
BOT_FIRST_NAME = "Desa Sadar Bot"
BOT_USERNAME = "DesaSadarBot"


def bot_user_json() -> JSON:
    """The bot as it appears in ``from`` of its messages."""
    return {"id": BOT_ID, "is_bot": True, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME}


def me_json() -> JSON:
    """getMe: the bot user with the bot-only capability flags."""
    return {
        **bot_user_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@dataclass(slots=True)
class UserProfile:
    """A simulated Telegram user; remembered so later actions can omit the names."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "id"

    def to_json(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(slots=True)
class Chat:
    """A private chat (id == user id) or a group (negative id)."""

    id: int
    type: str
    title: str | None = None
    user: UserProfile | None = None  # the other side of a private chat
    is_forum: bool = False
    blocked: bool = False  # the user blocked the bot (private chats only)
    next_message_id: int = 1
    topics: dict[int, str] = field(default_factory=dict)
    reply_keyboard: JSON | None = None  # the reply keyboard the bot last set here

    def to_json(self) -> JSON:
        if self.user is not None:
            data: JSON = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            return data
        data = {"id": self.id, "type": self.type, "title": self.title or f"Group {self.id}"}
        if self.is_forum:
            data["is_forum"] = True
        return data

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass(slots=True)
class StoredMessage:
    """A message as Telegram holds it, plus what the bot actually sent (for tests).

    ``json`` is never mutated after it is stored: an edit stores a new dict, so events can
    share the dict of the moment they describe without copying it.
    """

    json: JSON
    from_bot: bool
    raw_text: str | None = None  # text or caption exactly as the bot sent it
    parse_mode: str | None = None
    reply_keyboard: JSON | None = None  # reply keyboard sent along (not part of Message JSON)
    # callback_data of buttons on earlier versions of this message (see user_press(stale=True))
    earlier_data: frozenset[str] = frozenset()

    @property
    def chat_id(self) -> int:
        return int(self.json["chat"]["id"])

    @property
    def message_id(self) -> int:
        return int(self.json["message_id"])


@dataclass(slots=True)
class StoredFile:
    """Bytes behind a file_id, downloadable at ``file_path``."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None

    def get_file_json(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


class Signal:
    """Wakes every current waiter at once.

    Waiters re-check their condition after waking; since checking and starting to wait happen
    without an ``await`` in between, no wake-up is lost on the single-threaded event loop.
    """

    __slots__ = ("_waiters",)

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def fire(self) -> None:
        waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait(self, timeout: float) -> None:
        """Return when fired or after ``timeout`` seconds, whichever comes first."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(waiter)


def tiny_png(width: int = 1, height: int = 1) -> bytes:
    """A valid grey PNG, so simulated photos can be downloaded and decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            width = int.from_bytes(data[pos + 7 : pos + 9], "big")
            return width, height
        pos += 2 + length
    return None


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG; a plausible default for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        size = _jpeg_size(data)
        if size is not None:
            return size
    return 800, 600


def voice_mime_type(data: bytes) -> str | None:
    """The mime type of a file Telegram plays as a voice note (OGG/Opus, MP3 or M4A, as the
    sendVoice documentation says), or None: Telegram shows anything else as a plain file."""
    if data.startswith(b"OggS") and b"OpusHead" in data[:128]:
        return "audio/ogg"
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    return None
