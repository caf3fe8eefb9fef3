"""All sandbox state in memory, and the user-side actions (what a person in Telegram does).

The Bot API handlers (``botapi.py``) mutate this state on the bot's behalf; the control
interface (``control.py``) and in-process tests call the ``user_*`` methods. Lookups are by
``(chat_id, message_id)`` and events are bisected by sequence number, so per-request work stays
O(1)/O(log n) even after tens of thousands of messages.
"""

from __future__ import annotations

import asyncio
import mimetypes
import re
import secrets
import time
from bisect import bisect_right
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from bot.platform.telegram_html import utf16_len
from sandbox.limits import Limits, RateLimiter
from sandbox.model import (
    BOT_USERNAME,
    JSON,
    Chat,
    Signal,
    StoredFile,
    StoredMessage,
    UserProfile,
    bot_user_json,
    image_size,
    tiny_png,
    voice_mime_type,
)

__all__ = [
    "CallbackRecord",
    "ControlError",
    "SandboxState",
    "Stats",
    "WebhookConfig",
    "command_entities",
]

# Telegram's default when allowed_updates is unset or empty: everything except these.
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_COMMAND = re.compile(rf"^/[A-Za-z0-9_]{{1,32}}(?:@{BOT_USERNAME}\b|@[A-Za-z0-9_]{{3,32}})?")
_SUPERGROUP_MIN_ABS_ID = 1_000_000_000_000  # supergroup ids look like -100xxxxxxxxxx
_OTHER_KINDS = ("photo", "sticker", "voice", "video_note", "audio", "location", "contact", "video")


class ControlError(Exception):
    """A control request that cannot be carried out (HTTP 400 with ``description``)."""


@dataclass(slots=True)
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(slots=True)
class CallbackRecord:
    """A callback query the bot has to answer exactly once."""

    id: str
    chat_id: int
    message_id: int
    answered: bool = False


@dataclass(slots=True)
class Stats:
    requests_by_method: Counter[str] = field(default_factory=Counter)
    errors_by_code: Counter[int] = field(default_factory=Counter)
    rate_limited: int = 0
    sent_messages: int = 0


def command_entities(text: str) -> list[JSON]:
    """A bot_command entity for a leading ``/command`` or ``/command@BotName``."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def _chat_instance(chat_id: int) -> str:
    # Telegram's chat_instance is an opaque per-chat string; a stable derivation is enough.
    return str((chat_id * 6364136223846793005 + 1442695040888963407) % (1 << 63))


def _member(status: str) -> JSON:
    data: JSON = {"user": bot_user_json(), "status": status}
    if status == "kicked":
        data["until_date"] = 0
    return data


def inline_buttons(markup: Any) -> list[JSON]:
    """All buttons of an inline keyboard, flattened (empty for anything else)."""
    if not isinstance(markup, dict):
        return []
    rows = markup.get("inline_keyboard") or []
    return [button for row in rows if isinstance(row, list) for button in row]


def _callback_data(markup: Any) -> frozenset[str]:
    return frozenset(
        b["callback_data"]
        for b in inline_buttons(markup)
        if isinstance(b.get("callback_data"), str)
    )


class SandboxState:
    """The sandbox Bot API's memory; one instance per server."""

    def __init__(self, *, valid_token: str | None = None, limits: Limits | None = None) -> None:
        self.valid_token = valid_token
        self.limiter = RateLimiter(limits or Limits())
        # Bot configuration: kept across reset() because the running bot set it at start-up.
        self.webhook: WebhookConfig | None = None
        self.allowed_updates: list[str] | None = None
        self.commands: dict[tuple[str, str], tuple[JSON, list[JSON]]] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}  # (setting, language_code) → text
        # Counters that must stay monotonic across reset(): PTB confirms updates by offset and
        # clients page events by seq, so restarting either would silently lose data.
        self._next_update_id = 1
        self._seq = 0
        self._next_file = 1
        self._next_callback = 1
        self.poll_generation = 0
        self.closing = False
        self.update_signal = Signal()
        self._any_event_signal = Signal()
        self._chat_signals: dict[int, Signal] = {}
        self._clear_world()

    # ----------------------------------------------------------------- lifecycle

    def _clear_world(self) -> None:
        self.users: dict[int, UserProfile] = {}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.bot_messages: dict[int, dict[int, StoredMessage]] = {}
        self.updates: deque[JSON] = deque()
        self.events: list[JSON] = []
        self.chat_events: dict[int, list[JSON]] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.stats = Stats()

    def reset(self) -> None:
        """Forget users, chats, messages, events, updates, files and stats.

        Kept: limits, the bot's configuration (webhook, allowed_updates, commands,
        descriptions) and the update_id/seq counters (see ``__init__``).
        """
        self._clear_world()
        self.limiter.configure(self.limiter.limits)
        self.wake_all()

    def wake_all(self) -> None:
        """Wake every long poll so it re-checks (after reset, webhook change or shutdown)."""
        self.update_signal.fire()
        self._any_event_signal.fire()
        for signal in self._chat_signals.values():
            signal.fire()

    @property
    def limits(self) -> Limits:
        return self.limiter.limits

    def set_limits(self, limits: Limits) -> None:
        self.limiter.configure(limits)

    @property
    def last_seq(self) -> int:
        return self._seq

    # ----------------------------------------------------------------- users and chats

    def ensure_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> UserProfile:
        """The user with this id, created on first sight; given fields update the profile."""
        user = self.users.get(user_id)
        if user is None:
            name = first_name or f"User{user_id}"
            user = UserProfile(user_id, name, language_code=language_code or "id")
            self.users[user_id] = user
        elif first_name:
            user.first_name = first_name
        if language_code:
            user.language_code = language_code
        if last_name is not None:
            user.last_name = last_name or None
        if username is not None:
            user.username = username or None
        return user

    def private_chat(self, user: UserProfile) -> Chat:
        """The user's private chat with the bot, opened on the user's first message."""
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(user.id, "private", user=user)
        return chat

    def ensure_group(
        self,
        chat_id: int,
        *,
        title: str | None = None,
        chat_type: str | None = None,
        is_forum: bool | None = None,
    ) -> Chat:
        """A group chat (negative id); supergroup when the id has Telegram's -100 form."""
        if chat_id >= 0:
            raise ControlError("group chat ids are negative")
        chat = self.chats.get(chat_id)
        if chat is None:
            default_type = "supergroup" if -chat_id >= _SUPERGROUP_MIN_ABS_ID else "group"
            chat = self.chats[chat_id] = Chat(chat_id, chat_type or default_type, title)
        if title:
            chat.title = title
        if chat_type:
            chat.type = chat_type
        if is_forum is not None:
            chat.is_forum = is_forum
            if is_forum:
                chat.type = "supergroup"
                chat.topics.setdefault(1, "General")
        return chat

    def _user_chat(self, user: UserProfile, chat_id: int | None) -> Chat:
        if chat_id is None or chat_id == user.id:
            return self.private_chat(user)
        if chat_id < 0:
            return self.ensure_group(chat_id)
        raise ControlError(
            "a user writes in their own private chat (chat_id == user_id) or a group"
        )

    # ----------------------------------------------------------------- messages

    def new_message_json(
        self,
        chat: Chat,
        sender: JSON,
        *,
        thread_id: int | None = None,
        reply_to: StoredMessage | None = None,
    ) -> JSON:
        """The common part of a Message: id, sender, chat, date, topic and reply."""
        message: JSON = {
            "message_id": chat.take_message_id(),
            "from": sender,
            "chat": chat.to_json(),
            "date": int(time.time()),
        }
        if thread_id is not None and chat.is_forum:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            # Telegram never nests a reply's own reply_to_message.
            message["reply_to_message"] = {
                k: v for k, v in reply_to.json.items() if k != "reply_to_message"
            }
        return message

    def bot_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        return self.bot_messages.get(chat_id, {}).get(message_id)

    def add_bot_message(
        self,
        message: JSON,
        *,
        raw_text: str | None,
        parse_mode: str | None,
        reply_keyboard: JSON | None = None,
    ) -> StoredMessage:
        """Store a message the bot sent and publish a "message" event."""
        stored = StoredMessage(message, True, raw_text, parse_mode, reply_keyboard)
        chat_id = stored.chat_id
        self.messages[(chat_id, stored.message_id)] = stored
        self.bot_messages.setdefault(chat_id, {})[stored.message_id] = stored
        if reply_keyboard is not None:
            chat = self.chats.get(chat_id)
            if chat is not None:
                removed = reply_keyboard.get("remove_keyboard")
                chat.reply_keyboard = None if removed else reply_keyboard
        self.stats.sent_messages += 1
        self.add_event("message", chat_id, stored)
        return stored

    def replace_bot_message(
        self, old: StoredMessage, message: JSON, *, raw_text: str | None, parse_mode: str | None
    ) -> StoredMessage:
        """Store an edited version (a new dict) and publish an "edit" event."""
        earlier = old.earlier_data | _callback_data(old.json.get("reply_markup"))
        stored = StoredMessage(message, True, raw_text, parse_mode, old.reply_keyboard, earlier)
        key = (stored.chat_id, stored.message_id)
        self.messages[key] = stored
        self.bot_messages.setdefault(key[0], {})[key[1]] = stored
        self.add_event("edit", key[0], stored)
        return stored

    def delete_message(self, chat_id: int, message_id: int) -> bool:
        stored = self.messages.pop((chat_id, message_id), None)
        if stored is None:
            return False
        self.bot_messages.get(chat_id, {}).pop(message_id, None)
        self.add_event("delete", chat_id, stored)
        return True

    def _store_user_message(self, message: JSON) -> StoredMessage:
        stored = StoredMessage(message, False)
        self.messages[(stored.chat_id, stored.message_id)] = stored
        return stored

    # ----------------------------------------------------------------- events

    def add_event(
        self, kind: str, chat_id: int, stored: StoredMessage | None, **extra: Any
    ) -> JSON:
        """Publish a bot→chat event and wake whoever waits for this chat."""
        self._seq += 1
        event: JSON = {
            "seq": self._seq,
            "kind": kind,
            "chat_id": chat_id,
            "message_id": stored.message_id if stored else extra.pop("message_id", None),
            "message": stored.json if stored else None,
            "parse_mode": stored.parse_mode if stored else None,
            "raw_text": stored.raw_text if stored else None,
        }
        if stored is not None and stored.reply_keyboard is not None:
            event["reply_keyboard"] = stored.reply_keyboard
        event.update(extra)
        self.events.append(event)
        self.chat_events.setdefault(chat_id, []).append(event)
        self._any_event_signal.fire()
        signal = self._chat_signals.get(chat_id)
        if signal is not None:
            signal.fire()
        return event

    def events_after(self, chat_id: int | None, after_seq: int) -> list[JSON]:
        """Events with seq > after_seq, for one chat or (chat_id None) for all chats."""
        events = self.events if chat_id is None else self.chat_events.get(chat_id, [])
        start = bisect_right(events, after_seq, key=lambda e: e["seq"])
        return events[start:]

    async def wait_events(self, chat_id: int | None, after_seq: int, timeout: float) -> list[JSON]:
        """Like :meth:`events_after`, waiting up to ``timeout`` s for at least one event."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, timeout)
        while True:
            events = self.events_after(chat_id, after_seq)
            remaining = deadline - loop.time()
            if events or remaining <= 0 or self.closing:
                return events
            if chat_id is None:
                signal = self._any_event_signal
            else:
                signal = self._chat_signals.setdefault(chat_id, Signal())
            await signal.wait(remaining)

    def message_view(self, stored: StoredMessage) -> JSON:
        """A bot message's current state, shaped like an event without seq."""
        view: JSON = {
            "kind": "message",
            "chat_id": stored.chat_id,
            "message_id": stored.message_id,
            "message": stored.json,
            "parse_mode": stored.parse_mode,
            "raw_text": stored.raw_text,
            "edited": "edit_date" in stored.json,
        }
        if stored.reply_keyboard is not None:
            view["reply_keyboard"] = stored.reply_keyboard
        return view

    def chat_view(self, chat_id: int) -> JSON:
        """Current bot messages of a chat in order, plus the reply keyboard in force."""
        chat = self.chats.get(chat_id)
        messages = self.bot_messages.get(chat_id, {}).values()
        return {
            "chat_id": chat_id,
            "messages": [self.message_view(m) for m in messages],
            "reply_keyboard": chat.reply_keyboard if chat else None,
            "blocked": chat.blocked if chat else False,
        }

    # ----------------------------------------------------------------- updates

    def allows(self, update_type: str) -> bool:
        allowed = self.allowed_updates
        if not allowed:
            return update_type not in _DEFAULT_EXCLUDED_UPDATES
        return update_type in allowed

    def enqueue_update(self, update_type: str, payload: JSON) -> int:
        """Queue an update for getUpdates/the webhook; dropped if its type is not allowed."""
        update_id = self._next_update_id
        self._next_update_id += 1
        if self.allows(update_type):
            self.updates.append({"update_id": update_id, update_type: payload})
            self.update_signal.fire()
        return update_id

    def confirm_updates(self, offset: int | None) -> None:
        """Forget updates before ``offset`` (negative: keep only the last -offset)."""
        updates = self.updates
        if offset is None or offset == 0:
            return
        if offset > 0:
            while updates and updates[0]["update_id"] < offset:
                updates.popleft()
        else:
            while len(updates) > -offset:
                updates.popleft()

    # ----------------------------------------------------------------- files

    def store_file(
        self,
        data: bytes,
        *,
        folder: str,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Keep bytes under a new file_id; ``folder`` is Telegram's (documents, photos, …)."""
        number = self._next_file
        self._next_file += 1
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        elif mime_type:
            suffix = mimetypes.guess_extension(mime_type) or ""
        stored = StoredFile(
            file_id=f"SBX{folder[:3].upper()}{number:07d}{secrets.token_hex(8)}",
            file_unique_id=f"U{number:07d}",
            data=data,
            file_path=f"{folder}/file_{number}{suffix}",
            mime_type=mime_type,
            file_name=file_name,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def document_json(self, stored: StoredFile) -> JSON:
        data: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.file_name:
            data["file_name"] = stored.file_name
        if stored.mime_type:
            data["mime_type"] = stored.mime_type
        return data

    def voice_json(self, stored: StoredFile, duration: int) -> JSON:
        """Voice as Telegram returns it for a sendVoice (duration as the bot said)."""
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": max(0, duration),
            "mime_type": voice_mime_type(stored.data) or "audio/ogg",
            "file_size": len(stored.data),
        }

    def photo_sizes(self, data: bytes, *, reuse: StoredFile | None = None) -> list[JSON]:
        """PhotoSize list as Telegram returns it: a thumbnail and the full size.

        Both sizes serve the same bytes; the sandbox does not scale images.
        """
        width, height = image_size(data)
        scale = min(1.0, 90 / max(width, height, 1))
        sizes = [(max(1, round(width * scale)), max(1, round(height * scale))), (width, height)]
        result = []
        for index, (w, h) in enumerate(sizes):
            if reuse is not None and index == 1:
                stored = reuse
            else:
                stored = self.store_file(data, folder="photos", mime_type="image/jpeg")
            result.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": w,
                    "height": h,
                    "file_size": len(data),
                }
            )
        return result

    # ----------------------------------------------------------------- user actions

    def _user_message(
        self,
        user_id: int,
        chat_id: int | None,
        content: JSON,
        *,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
        profile: dict[str, Any] | None = None,
    ) -> tuple[int, int]:
        user = self.ensure_user(user_id, **(profile or {}))
        chat = self._user_chat(user, chat_id)
        if chat.blocked:
            # Writing again means the user pressed "Restart": Telegram reports the unblock.
            self.set_blocked(user_id, False)
        if message_thread_id is not None and chat.is_forum:
            chat.topics.setdefault(message_thread_id, f"Topic {message_thread_id}")
        reply_to = None
        if reply_to_message_id is not None:
            reply_to = self.messages.get((chat.id, reply_to_message_id))
            if reply_to is None:
                raise ControlError(f"no message {reply_to_message_id} in chat {chat.id}")
        message = self.new_message_json(
            chat, user.to_json(), thread_id=message_thread_id, reply_to=reply_to
        )
        message.update(content)
        self._store_user_message(message)
        return self.enqueue_update("message", message), message["message_id"]

    def user_send(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> tuple[int, int]:
        """The user types ``text``; returns (update_id, message_id)."""
        if not text:
            raise ControlError("text is empty")
        content: JSON = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        profile = {
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
        }
        return self._user_message(
            user_id,
            chat_id,
            content,
            reply_to_message_id=reply_to_message_id,
            message_thread_id=message_thread_id,
            profile=profile,
        )

    def user_press(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        stale: bool = False,
    ) -> tuple[int, str]:
        """The user presses an inline button; returns (update_id, callback_query_id).

        Only a button on the message's current keyboard can be pressed, as in Telegram.
        ``stale`` also accepts a button of an earlier version of the message: a double tap
        that reached Telegram before the bot's edit, made deterministic.
        """
        chat_id = user_id if chat_id is None else chat_id
        stored = self.bot_message(chat_id, message_id)
        if stored is None:
            raise ControlError("no such button")
        available = _callback_data(stored.json.get("reply_markup"))
        if stale:
            available |= stored.earlier_data
        if callback_data not in available:
            raise ControlError("no such button")
        user = self.ensure_user(user_id)
        query_id = str(4_200_000_000_000_000 + self._next_callback)
        self._next_callback += 1
        self.callbacks[query_id] = CallbackRecord(query_id, chat_id, message_id)
        payload = {
            "id": query_id,
            "from": user.to_json(),
            "message": stored.json,
            "chat_instance": _chat_instance(chat_id),
            "data": callback_data,
        }
        return self.enqueue_update("callback_query", payload), query_id

    def user_upload(
        self,
        user_id: int,
        filename: str,
        mime_type: str | None,
        data: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> tuple[int, int]:
        """The user sends a file as a document; returns (update_id, message_id)."""
        stored = self.store_file(data, folder="documents", file_name=filename, mime_type=mime_type)
        content: JSON = {"document": self.document_json(stored)}
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, chat_id, content)

    def _other_content(self, user: UserProfile, kind: str) -> JSON:
        if kind == "photo":
            return {"photo": self.photo_sizes(tiny_png(64, 48))}
        if kind == "location":
            return {"location": {"latitude": -7.797068, "longitude": 110.370529}}
        if kind == "contact":
            contact: JSON = {
                "phone_number": "+6281234567890",
                "first_name": user.first_name,
                "user_id": user.id,
            }
            if user.last_name:
                contact["last_name"] = user.last_name
            return {"contact": contact}
        media: dict[str, tuple[str, bytes, str, JSON]] = {
            "sticker": (
                "stickers",
                b"RIFF\x1a\x00\x00\x00WEBPVP8 ",
                "image/webp",
                {
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": "👍",
                },
            ),
            "voice": ("voice", b"OggS" + bytes(60), "audio/ogg", {"duration": 3}),
            "video_note": ("video_notes", bytes(64), "video/mp4", {"length": 240, "duration": 4}),
            "audio": (
                "music",
                b"ID3" + bytes(61),
                "audio/mpeg",
                {"duration": 30, "title": "rekaman", "file_name": "rekaman.mp3"},
            ),
            "video": (
                "videos",
                bytes(64),
                "video/mp4",
                {"width": 640, "height": 360, "duration": 5},
            ),
        }
        folder, data, mime_type, fields = media[kind]
        stored = self.store_file(data, folder=folder, mime_type=mime_type)
        item: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
            **fields,
        }
        if kind not in ("sticker", "video_note"):  # neither has a mime_type in the Bot API
            item["mime_type"] = mime_type
        return {kind: item}

    def user_send_other(
        self,
        user_id: int,
        kind: str,
        *,
        chat_id: int | None = None,
        caption: str | None = None,
        data: JSON | None = None,
    ) -> tuple[int, int]:
        """The user sends a photo, sticker, voice note, location, contact or video.

        ``data`` overrides fields of the media object (e.g. other coordinates).
        """
        if kind not in _OTHER_KINDS:
            raise ControlError(f"kind must be one of {', '.join(_OTHER_KINDS)}")
        user = self.ensure_user(user_id)
        content = self._other_content(user, kind)
        if data:
            if kind == "photo":
                content["photo"][-1].update(data)
            else:
                content[kind].update(data)
        if caption and kind in ("photo", "video", "voice", "audio"):
            content["caption"] = caption
        return self._user_message(user_id, chat_id, content)

    def set_blocked(self, user_id: int, blocked: bool) -> int | None:
        """The user blocks (or unblocks) the bot; returns the my_chat_member update_id.

        Nothing is emitted when the state does not change, as in Telegram.
        """
        user = self.ensure_user(user_id)
        chat = self.private_chat(user)
        if chat.blocked == blocked:
            return None
        chat.blocked = blocked
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        payload = {
            "chat": chat.to_json(),
            "from": user.to_json(),
            "date": int(time.time()),
            "old_chat_member": _member(old),
            "new_chat_member": _member(new),
        }
        return self.enqueue_update("my_chat_member", payload)

    # ----------------------------------------------------------------- reports

    def commands_json(self) -> list[JSON]:
        return [
            {"scope": scope, "language_code": language, "commands": commands}
            for (_, language), (scope, commands) in self.commands.items()
        ]

    def stats_json(self) -> JSON:
        stats = self.stats
        return {
            "requests_by_method": dict(stats.requests_by_method),
            "errors_by_code": {str(k): v for k, v in stats.errors_by_code.items()},
            "rate_limited": stats.rate_limited,
            "sent_messages": stats.sent_messages,
            "pending_updates": len(self.updates),
            "last_seq": self._seq,
        }
