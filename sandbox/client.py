"""Async client for the sandbox control interface, and ``ChatUser``, a scripted Telegram user.

Tests, benchmarks and the terminal chat use it::

    client = SandboxClient(server.base_url)
    user = ChatUser(client, 5001, language_code="id", first_name="Siti")
    await user.send("/start")
    menu = await user.next_message()
    await user.press(menu, text="Kenali program")
"""

from __future__ import annotations

import asyncio
import base64
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp

__all__ = ["BotMessage", "ChatUser", "SandboxClient", "SandboxError"]

JSON = dict[str, Any]

# next_message() returns these event kinds; others stay buffered for next_event().
_MESSAGE_KINDS = ("message", "edit")
_MEDIA_KINDS = ("photo", "document", "sticker", "voice", "video", "audio", "animation")


class SandboxError(Exception):
    """The sandbox refused a control request (e.g. "no such button")."""


@dataclass
class BotMessage:
    """A bot message as the user sees it after a "message" or "edit" event."""

    message_id: int
    text: str  # text or caption exactly as the bot sent it (HTML when parse_mode=HTML)
    visible_text: str  # what the user reads: tags stripped, entities decoded
    buttons: list[list[tuple[str, str | None]]]  # inline keyboard: (text, callback_data or None)
    kind: str  # "text", "photo", "document", … (the message's content type)
    edited: bool
    document_name: str | None
    raw: JSON  # the event (or chat-state entry) it was built from
    chat_id: int = 0
    keyboard: list[list[str]] = field(default_factory=list)  # reply keyboard sent with it
    urls: list[tuple[str, str]] = field(default_factory=list)  # URL buttons: (text, url)

    @classmethod
    def from_event(cls, event: JSON) -> BotMessage:
        message: JSON = event.get("message") or {}
        raw_text = event.get("raw_text")
        shown = message.get("text", message.get("caption", "")) or ""
        text = raw_text if raw_text is not None else shown
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = [[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows]
        urls = [(b.get("text", ""), b["url"]) for row in rows for b in row if "url" in b]
        kind = next((k for k in _MEDIA_KINDS if k in message), "text")
        document = message.get("document") or {}
        return cls(
            message_id=int(event.get("message_id") or message.get("message_id") or 0),
            text=text,
            visible_text=shown,
            buttons=buttons,
            kind=kind,
            edited=event.get("kind") == "edit" or bool(event.get("edited")),
            document_name=document.get("file_name"),
            raw=event,
            chat_id=int(event.get("chat_id") or 0),
            keyboard=_keyboard_rows(event.get("reply_keyboard")),
            urls=urls,
        )

    def describe(self) -> str:
        """One readable line, for assertion messages."""
        labels = [text for row in self.buttons for text, _ in row]
        flag = " (edited)" if self.edited else ""
        return f"#{self.message_id}{flag} {self.visible_text[:120]!r} buttons={labels}"


def _keyboard_rows(markup: Any) -> list[list[str]]:
    if not isinstance(markup, dict):
        return []
    rows = markup.get("keyboard") or []
    return [[b.get("text", "") if isinstance(b, dict) else str(b) for b in row] for row in rows]


class SandboxClient:
    """The control interface over HTTP; ``base`` is the server root (``server.base_url``)."""

    def __init__(self, base: str, *, session: aiohttp.ClientSession | None = None) -> None:
        self.base = base.rstrip("/")
        self._session = session
        self._own_session = session is None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # No total timeout: /control/wait long-polls; each call bounds its own wait.
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
        return self._session

    async def close(self) -> None:
        if self._session is not None and self._own_session:
            await self._session.close()
        self._session = None

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _request(
        self, method: str, path: str, body: JSON | None = None, query: JSON | None = None
    ) -> JSON:
        params = {k: str(v) for k, v in (query or {}).items() if v is not None}
        url = f"{self.base}/control/{path}"
        async with self._http().request(method, url, json=body, params=params) as response:
            data: JSON = await response.json()
        if not data.get("ok"):
            raise SandboxError(f"{path}: {data.get('description', data)}")
        return data

    async def _post(self, path: str, body: JSON | None = None) -> JSON:
        return await self._request("POST", path, body or {})

    # ----------------------------------------------------------------- users' actions

    async def send(self, user_id: int, text: str, **profile: Any) -> int:
        """A user message; ``profile``: first_name, last_name, username, language_code,
        chat_id, reply_to_message_id, message_thread_id. Returns the update_id."""
        body = {"user_id": user_id, "text": text, **_without_none(profile)}
        return int((await self._post("send", body))["update_id"])

    async def press(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        stale: bool = False,
    ) -> str:
        """Press an inline button; returns the callback_query_id.

        ``stale``: also accept a button the message had before an edit (a double tap).
        """
        body: JSON = {"user_id": user_id, "message_id": message_id, "callback_data": callback_data}
        if chat_id is not None:
            body["chat_id"] = chat_id
        if stale:
            body["stale"] = True
        return str((await self._post("press", body))["callback_query_id"])

    async def upload(
        self,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        *,
        chat_id: int | None = None,
    ) -> int:
        """Send a document; returns the update_id."""
        body = {
            "user_id": user_id,
            "filename": filename,
            "mime_type": mime_type,
            "content_base64": base64.b64encode(content).decode("ascii"),
            "caption": caption,
            "chat_id": chat_id,
        }
        return int((await self._post("upload", _without_none(body)))["update_id"])

    async def send_other(self, user_id: int, kind: str, **extra: Any) -> int:
        """Send a photo/sticker/voice/location/contact/video; ``extra``: caption, data,
        chat_id. Returns the update_id."""
        body = {"user_id": user_id, "kind": kind, **_without_none(extra)}
        return int((await self._post("send_other", body))["update_id"])

    async def block(self, user_id: int, blocked: bool = True) -> int | None:
        """Block (or unblock) the bot; the my_chat_member update_id, None if unchanged."""
        update_id = (await self._post("block", {"user_id": user_id, "blocked": blocked}))[
            "update_id"
        ]
        return None if update_id is None else int(update_id)

    async def add_user(self, user_id: int, **profile: Any) -> JSON:
        """Register a user and open their private chat without sending an update."""
        return dict((await self._post("user", {"user_id": user_id, **profile}))["user"])

    async def add_group(self, chat_id: int, **fields: Any) -> JSON:
        """Create a group (negative id); ``fields``: title, type, is_forum."""
        return dict((await self._post("group", {"chat_id": chat_id, **fields}))["chat"])

    # ----------------------------------------------------------------- configuration

    async def set_limits(
        self,
        per_second: float | None = None,
        per_chat_per_second: float | None = None,
        per_group_per_minute: int | None = None,
    ) -> JSON:
        """Set all three flood limits (None switches one off); returns the limits in force."""
        body = {
            "per_second": per_second,
            "per_chat_per_second": per_chat_per_second,
            "per_group_per_minute": per_group_per_minute,
        }
        return dict((await self._post("limits", body))["limits"])

    async def reset(self) -> None:
        await self._post("reset")

    # ----------------------------------------------------------------- reports

    async def messages(self, chat_id: int | None, after_seq: int = 0) -> list[JSON]:
        """Bot→chat events after ``after_seq`` (all chats when chat_id is None)."""
        data = await self._request(
            "GET", "messages", query={"chat_id": chat_id, "after_seq": after_seq}
        )
        return list(data["events"])

    async def wait(self, chat_id: int | None, after_seq: int, timeout: float) -> list[JSON]:
        """Like :meth:`messages`, long-polling up to ``timeout`` s for at least one event."""
        query = {"chat_id": chat_id, "after_seq": after_seq, "timeout": timeout}
        return list((await self._request("GET", "wait", query=query))["events"])

    async def chat(self, chat_id: int) -> list[JSON]:
        """Current bot messages in the chat (after edits and deletes), oldest first."""
        return list((await self._request("GET", "chat", query={"chat_id": chat_id}))["messages"])

    async def chat_state(self, chat_id: int) -> JSON:
        """:meth:`chat` plus the reply keyboard in force and whether the user blocked the bot."""
        return await self._request("GET", "chat", query={"chat_id": chat_id})

    async def commands(self) -> list[JSON]:
        return list((await self._request("GET", "commands"))["commands"])

    async def stats(self) -> JSON:
        return await self._request("GET", "stats")


def _without_none(values: dict[str, Any]) -> JSON:
    return {k: v for k, v in values.items() if v is not None}


class ChatUser:
    """One Telegram user in their private chat with the bot, as a test script sees it.

    Events are fetched in order and buffered; :meth:`next_message` takes the next "message"
    or "edit", leaving other kinds (callback answers, chat actions, deletes) for
    :meth:`next_event`.
    """

    def __init__(
        self,
        client: SandboxClient,
        user_id: int,
        language_code: str | None = "id",
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        self.client = client
        self.user_id = user_id
        self.chat_id = user_id if chat_id is None else chat_id
        self.profile = _without_none(
            {
                "first_name": first_name,
                "last_name": last_name,
                "username": username,
                "language_code": language_code,
            }
        )
        self.last_seq = 0
        self._pending: deque[JSON] = deque()
        self.history: deque[JSON] = deque(maxlen=20)  # recent events, for failure messages

    # ----------------------------------------------------------------- acting

    async def send(self, text: str, **extra: Any) -> int:
        """Type ``text`` (``extra``: reply_to_message_id, message_thread_id)."""
        chat = {} if self.chat_id == self.user_id else {"chat_id": self.chat_id}
        return await self.client.send(self.user_id, text, **self.profile, **chat, **extra)

    async def press(
        self,
        message: BotMessage,
        text: str | None = None,
        data: str | None = None,
        *,
        stale: bool = False,
    ) -> str:
        """Press a button of ``message`` by (part of) its label or by its callback_data.

        The button is looked up on ``message`` as the user last saw it; the sandbox then
        requires it on the message's current keyboard, unless ``stale`` (a double tap that
        raced the bot's edit: press the old snapshot again). Raises AssertionError listing
        the available buttons when none matches.
        """
        callback_data = self._find_button(message, text, data)
        chat_id = None if self.chat_id == self.user_id else self.chat_id
        return await self.client.press(
            self.user_id, message.message_id, callback_data, chat_id=chat_id, stale=stale
        )

    def _find_button(self, message: BotMessage, text: str | None, data: str | None) -> str:
        buttons = self.buttons(message)
        if data is not None:
            if any(d == data for _, d in buttons):
                return data
        elif text is not None:
            for matches in (
                lambda label: label == text,
                lambda label: text in label,
                lambda label: text.casefold() in label.casefold(),
            ):
                found = [d for label, d in buttons if matches(label)]
                if found:
                    return found[0]
        else:
            raise ValueError("press() needs text= or data=")
        wanted = f"data={data!r}" if data is not None else f"text={text!r}"
        raise AssertionError(
            f"user {self.user_id}: no button {wanted} on message {message.describe()}; "
            f"available (text, data): {buttons}"
        )

    async def upload(
        self,
        filename: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> int:
        chat_id = None if self.chat_id == self.user_id else self.chat_id
        return await self.client.upload(
            self.user_id, filename, content, mime_type, caption, chat_id=chat_id
        )

    async def send_other(self, kind: str, **extra: Any) -> int:
        return await self.client.send_other(self.user_id, kind, **extra)

    async def block(self, blocked: bool = True) -> int | None:
        return await self.client.block(self.user_id, blocked)

    # ----------------------------------------------------------------- reading

    @staticmethod
    def buttons(message: BotMessage) -> list[tuple[str, str]]:
        """Callback buttons of ``message``, flattened: (text, callback_data)."""
        return [(text, data) for row in message.buttons for text, data in row if data is not None]

    async def _fetch(self, timeout: float) -> bool:
        """Fetch new events into the buffer; False when none came within ``timeout``."""
        events = await self.client.wait(self.chat_id, self.last_seq, timeout)
        for event in events:
            self.last_seq = max(self.last_seq, int(event["seq"]))
            self._pending.append(event)
            self.history.append(event)
        return bool(events)

    def _take(self, kinds: tuple[str, ...]) -> JSON | None:
        for index, event in enumerate(self._pending):
            if event["kind"] in kinds:
                del self._pending[index]
                return event
        return None

    async def next_event(self, kinds: tuple[str, ...], timeout: float = 5.0) -> JSON:
        """The next event of one of ``kinds`` (message, edit, delete, callback_answer,
        chat_action); AssertionError after ``timeout`` seconds."""
        deadline = _Deadline(timeout)
        while True:
            event = self._take(kinds)
            if event is not None:
                return event
            remaining = deadline.remaining()
            if remaining <= 0:
                raise AssertionError(self._timeout_report(kinds, timeout))
            await self._fetch(remaining)

    async def next_message(self, timeout: float = 5.0) -> BotMessage:
        """The next new or edited bot message in this chat."""
        return BotMessage.from_event(await self.next_event(_MESSAGE_KINDS, timeout))

    async def next_answer(self, timeout: float = 5.0) -> JSON:
        """The next answerCallbackQuery (``{"text", "show_alert", ...}``)."""
        return dict((await self.next_event(("callback_answer",), timeout))["callback_answer"])

    async def messages_until_quiet(
        self, quiet: float = 0.3, timeout: float = 5.0
    ) -> list[BotMessage]:
        """Every message/edit until the bot has been silent for ``quiet`` seconds."""
        result: list[BotMessage] = []
        deadline = _Deadline(timeout)
        while deadline.remaining() > 0:
            try:
                event = await self.next_event(_MESSAGE_KINDS, min(quiet, deadline.remaining()))
            except AssertionError:
                break
            result.append(BotMessage.from_event(event))
        return result

    async def replies(self, quiet: float = 0.5, timeout: float = 15.0) -> list[BotMessage]:
        """The answer to what was just sent and everything after it until ``quiet``: unlike
        :meth:`messages_until_quiet` alone, a first reply slower than ``quiet`` (a loaded
        machine) is waited for, up to ``timeout``."""
        first = await self.next_message(timeout=timeout)
        return [first, *await self.messages_until_quiet(quiet=quiet)]

    async def drain(self) -> None:
        """Skip everything received so far."""
        await self._fetch(0)
        self._pending.clear()

    async def last_message(self) -> BotMessage | None:
        """The latest bot message in the chat as it is now (after edits), or None."""
        messages = await self.client.chat(self.chat_id)
        return BotMessage.from_event(messages[-1]) if messages else None

    def _timeout_report(self, kinds: tuple[str, ...], timeout: float) -> str:
        recent = [
            f"{e['kind']}: {BotMessage.from_event(e).describe()}"
            if e.get("message")
            else f"{e['kind']}: {e.get('callback_answer') or e.get('action')}"
            for e in self.history
        ]
        waiting = [e["kind"] for e in self._pending]
        return (
            f"user {self.user_id} (chat {self.chat_id}): no {'/'.join(kinds)} event within "
            f"{timeout:g}s after seq {self.last_seq}. Unconsumed events: {waiting}. "
            f"Recent events: {recent or 'none — did the bot crash or ignore the update?'}"
        )


class _Deadline:
    """Remaining time of a timeout, on the running loop's clock."""

    def __init__(self, timeout: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._end = self._loop.time() + timeout

    def remaining(self) -> float:
        return self._end - self._loop.time()
