"""The Bot API methods the sandbox implements, with Telegram's validation and errors.

Every check that Telegram makes before accepting a message is made here in the same order of
importance (chat, content, markup, then flood limits), so a bot that passes the sandbox does
not hit "can't parse entities", "message is too long" or "BUTTON_DATA_INVALID" in production.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from bot.platform.telegram_html import HtmlParseError, entities_to_json, parse_telegram_html
from sandbox.model import (
    BOT_FIRST_NAME,
    BOT_ID,
    JSON,
    Chat,
    StoredFile,
    StoredMessage,
    voice_mime_type,
)
from sandbox.model import bot_user_json as _bot_user_json
from sandbox.model import me_json as _me_json
from sandbox.params import ApiError, Params, Upload, bad_request
from sandbox.state import SandboxState, WebhookConfig

__all__ = ["BotApi"]

Handler = Callable[[Params], Awaitable[Any]]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
MAX_CALLBACK_ANSWER = 200
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
_BOT_FROM = _bot_user_json()  # shared by every bot message; never mutated
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_CHAT_SCOPES = frozenset({"chat", "chat_administrators", "chat_member"})
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_CONTENT_KEYS = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "sticker",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "location",
    "contact",
)
_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_TEXT_NOT_STRING = 'Field "text" must be of type String'
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_CONFLICT_POLLING = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass(frozen=True, slots=True)
class _Text:
    """A text or caption after entity parsing."""

    visible: str
    entities: list[JSON]
    raw: str
    parse_mode: str | None


def _member_json(user: JSON, status: str) -> JSON:
    """ChatMember with the fields PTB requires for each status."""
    data: JSON = {"user": user, "status": status}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update(dict.fromkeys(_ADMIN_RIGHTS, True))
        data.update(can_be_edited=False, is_anonymous=False)
    elif status == "kicked":
        data["until_date"] = 0
    return data


def _validate_inline_keyboard(markup: JSON) -> None:
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard button: field must be an Array of Arrays")
    count = 0
    for row in rows:
        for button in row:
            _validate_inline_button(button)
            count += 1
    if count > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 0 < len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")
    elif not any(key in button for key in _BUTTON_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )


def _validate_reply_keyboard(markup: JSON) -> None:
    if "keyboard" not in markup:
        return  # remove_keyboard / force_reply
    rows = markup["keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in rows:
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text:
                raise bad_request(
                    'can\'t parse keyboard button: Field "text" must be of type String'
                )


class BotApi:
    """Dispatches ``/bot<token>/<method>`` calls to handlers operating on a SandboxState."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "logOut": self.ok,
            "close": self.ok,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "sendVoice": self.send_voice,
            "forwardMessage": self.forward_message,
            "copyMessage": self.copy_message,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "sendChatAction": self.send_chat_action,
            "answerCallbackQuery": self.answer_callback_query,
            "getFile": self.get_file,
            "getChat": self.get_chat,
            "getChatMember": self.get_chat_member,
            "createForumTopic": self.create_forum_topic,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setMyDescription": self.set_my_description,
            "getMyDescription": self.get_my_description,
            "setMyShortDescription": self.set_my_short_description,
            "getMyShortDescription": self.get_my_short_description,
            "setMyName": self.set_my_name,
            "getMyName": self.get_my_name,
            "setChatMenuButton": self.ok,
            "getChatMenuButton": self.get_chat_menu_button,
        }
        self._methods = {name.lower(): (name, handler) for name, handler in handlers.items()}

    async def call(self, method: str, params: Params) -> Any:
        """Run one method; raises :class:`ApiError` with Telegram's code and description."""
        entry = self._methods.get(method.lower())
        stats = self.state.stats
        stats.requests_by_method[entry[0] if entry else method] += 1
        try:
            if entry is None:
                raise ApiError(404, "Not Found")
            return await entry[1](params)
        except ApiError as err:
            stats.errors_by_code[err.code] += 1
            if err.code == 429:
                stats.rate_limited += 1
            raise

    # ----------------------------------------------------------------- shared checks

    def _acquire(self, chat_id: int) -> None:
        self.state.limiter.acquire(chat_id)

    def _lookup_chat(self, raw: Any) -> Chat | None:
        state = self.state
        if isinstance(raw, str) and raw.startswith("@"):
            name = raw[1:].lower()
            for chat in state.chats.values():
                if chat.user is not None and (chat.user.username or "").lower() == name:
                    return chat
            return None
        try:
            return state.chats.get(int(raw))
        except (TypeError, ValueError):
            return None

    def _chat(self, p: Params, name: str = "chat_id") -> Chat:
        raw = p.raw(name)
        if raw is None or raw == "":
            raise bad_request(f"{name} is empty")
        chat = self._lookup_chat(raw)
        if chat is None:
            # A known user who never wrote to the bot: Telegram refuses with 403.
            known_user = str(raw).isdigit() and int(raw) in self.state.users
            if known_user:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        return chat

    def _writable_chat(self, p: Params) -> Chat:
        chat = self._chat(p)
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _format(self, text: str, parse_mode: str | None, explicit: Any) -> _Text:
        mode = (parse_mode or "").strip()
        lower = mode.lower()
        if lower == "html":
            try:
                parsed = parse_telegram_html(text)
            except HtmlParseError as err:
                raise bad_request(f"can't parse entities: {err}") from None
            return _Text(parsed.text, entities_to_json(parsed), text, mode)
        if lower in ("markdown", "markdownv2"):
            return _Text(text, [], text, mode)  # not validated by the sandbox
        if lower:
            raise bad_request(f"unsupported parse_mode {mode!r}")
        entities = explicit if isinstance(explicit, list) else []
        return _Text(text, entities, text, None)

    def _message_text(self, p: Params) -> _Text:
        text = self._format(
            p.get_str("text") or "", p.get_str("parse_mode"), p.get_json("entities")
        )
        stripped = text.visible.strip()
        if not stripped:
            raise bad_request("message text is empty")
        if len(stripped) > MAX_TEXT:
            raise bad_request("message is too long")
        return text

    def _caption(self, p: Params) -> _Text | None:
        caption = p.get_str("caption")
        if not caption:
            return None
        text = self._format(caption, p.get_str("parse_mode"), p.get_json("caption_entities"))
        if len(text.visible.strip()) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return text

    def _markup(self, p: Params, *, inline_only: bool = False) -> tuple[JSON | None, JSON | None]:
        """(inline keyboard, reply keyboard) from reply_markup; at most one is set."""
        markup = p.get_json("reply_markup")
        if markup is None:
            return None, None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            _validate_inline_keyboard(markup)
            return markup, None
        if inline_only:
            raise bad_request("inline keyboard expected")
        if not any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
            raise bad_request("can't parse reply keyboard markup JSON object")
        _validate_reply_keyboard(markup)
        return None, markup

    def _reply_to(self, chat: Chat, p: Params) -> StoredMessage | None:
        reply = p.get_json("reply_parameters")
        allow = p.get_bool("allow_sending_without_reply")
        chat_id, message_id = chat.id, p.get_int("reply_to_message_id")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow = allow or bool(reply.get("allow_sending_without_reply"))
            if reply.get("chat_id") is not None:
                other = self._lookup_chat(reply["chat_id"])
                chat_id = other.id if other else 0
        if message_id is None:
            return None
        stored = self.state.messages.get((chat_id, int(message_id)))
        if stored is None and not allow:
            raise bad_request("message to be replied not found")
        return stored

    def _thread(self, chat: Chat, p: Params) -> int | None:
        thread = p.get_int("message_thread_id")
        if thread is None or not chat.is_forum:
            return None
        if thread not in chat.topics:
            raise bad_request("message thread not found")
        return thread

    def _resolve_file(self, value: Upload | str, folder: str) -> StoredFile:
        state = self.state
        if isinstance(value, Upload):
            return state.store_file(
                value.data, folder=folder, file_name=value.filename, mime_type=value.content_type
            )
        stored = state.files.get(value)
        if stored is not None:
            return stored
        if value.startswith(("http://", "https://")):
            # Telegram would download it; the sandbox stores an empty file under that name.
            name = value.rstrip("/").rsplit("/", 1)[-1] or "file"
            mime_type = mimetypes.guess_type(name)[0]
            return state.store_file(b"", folder=folder, file_name=name, mime_type=mime_type)
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _new_bot_message(self, chat: Chat, p: Params, *, reply_to: StoredMessage | None) -> JSON:
        message = self.state.new_message_json(
            chat, _BOT_FROM, thread_id=self._thread(chat, p), reply_to=reply_to
        )
        if p.get_bool("protect_content"):
            message["has_protected_content"] = True
        return message

    # ----------------------------------------------------------------- bot and updates

    async def ok(self, p: Params) -> bool:
        return True

    async def get_me(self, p: Params) -> JSON:
        return _me_json()

    async def get_updates(self, p: Params) -> list[JSON]:
        state = self.state
        if state.webhook is not None:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        allowed = p.get_json("allowed_updates")
        if isinstance(allowed, list):
            state.allowed_updates = [str(kind) for kind in allowed]
        state.confirm_updates(p.get_int("offset"))
        limit = min(100, max(1, p.get_int("limit") or 100))
        # A newer getUpdates ends an older one with 409, as Telegram does.
        state.poll_generation += 1
        generation = state.poll_generation
        state.update_signal.fire()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, p.get_float("timeout") or 0.0)
        while True:
            if state.poll_generation != generation:
                raise ApiError(409, _CONFLICT_POLLING)
            if state.webhook is not None:
                raise ApiError(409, _CONFLICT_WEBHOOK)
            remaining = deadline - loop.time()
            if state.updates or remaining <= 0 or state.closing:
                return list(islice(state.updates, limit))
            await state.update_signal.wait(remaining)

    def _set_allowed_and_drop(self, p: Params) -> None:
        allowed = p.get_json("allowed_updates")
        if isinstance(allowed, list):
            self.state.allowed_updates = [str(kind) for kind in allowed]
        if p.get_bool("drop_pending_updates"):
            self.state.updates.clear()

    async def set_webhook(self, p: Params) -> bool:
        url = p.get_str("url") or ""
        secret = p.get_str("secret_token")
        if url and not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        self._set_allowed_and_drop(p)
        if url:
            max_connections = p.get_int("max_connections") or 40
            self.state.webhook = WebhookConfig(url, secret, max_connections)
        else:
            self.state.webhook = None  # an empty URL removes the webhook, as in Telegram
        self.state.wake_all()
        return True

    async def delete_webhook(self, p: Params) -> bool:
        self.state.webhook = None
        self._set_allowed_and_drop(p)
        self.state.wake_all()
        return True

    async def get_webhook_info(self, p: Params) -> JSON:
        hook = self.state.webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.updates),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message or ""
        if self.state.allowed_updates:
            info["allowed_updates"] = self.state.allowed_updates
        return info

    # ----------------------------------------------------------------- sending

    async def send_message(self, p: Params) -> JSON:
        chat = self._writable_chat(p)
        text = self._message_text(p)
        inline, keyboard = self._markup(p)
        reply_to = self._reply_to(chat, p)
        self._thread(chat, p)
        self._acquire(chat.id)
        message = self._new_bot_message(chat, p, reply_to=reply_to)
        message["text"] = text.visible
        if text.entities:
            message["entities"] = text.entities
        if inline is not None:
            message["reply_markup"] = inline
        stored = self.state.add_bot_message(
            message, raw_text=text.raw, parse_mode=text.parse_mode, reply_keyboard=keyboard
        )
        return stored.json

    async def _send_media(self, p: Params, field: str, folder: str) -> JSON:
        chat = self._writable_chat(p)
        caption = self._caption(p)
        inline, keyboard = self._markup(p)
        reply_to = self._reply_to(chat, p)
        self._thread(chat, p)
        value = p.get_file(field)
        if value is None:
            raise bad_request(f"there is no {field} in the request")
        stored_file = self._resolve_file(value, folder)
        self._acquire(chat.id)
        message = self._new_bot_message(chat, p, reply_to=reply_to)
        if field == "photo":
            message["photo"] = self.state.photo_sizes(stored_file.data, reuse=stored_file)
        elif field == "voice" and voice_mime_type(stored_file.data) is not None:
            message["voice"] = self.state.voice_json(stored_file, p.get_int("duration") or 0)
        elif field == "voice":  # Telegram shows other formats as a file, not a voice note
            message["document"] = self.state.document_json(stored_file)
        else:
            message[field] = self.state.document_json(stored_file)
        if caption is not None:
            message["caption"] = caption.visible
            if caption.entities:
                message["caption_entities"] = caption.entities
        if inline is not None:
            message["reply_markup"] = inline
        stored = self.state.add_bot_message(
            message,
            raw_text=caption.raw if caption else None,
            parse_mode=caption.parse_mode if caption else None,
            reply_keyboard=keyboard,
        )
        return stored.json

    async def send_photo(self, p: Params) -> JSON:
        return await self._send_media(p, "photo", "photos")

    async def send_document(self, p: Params) -> JSON:
        return await self._send_media(p, "document", "documents")

    async def send_voice(self, p: Params) -> JSON:
        return await self._send_media(p, "voice", "voice")

    def _source(self, p: Params, not_found: str) -> StoredMessage:
        from_chat = self._chat(p, "from_chat_id")
        message_id = p.get_int("message_id")
        stored = self.state.messages.get((from_chat.id, message_id or 0))
        if stored is None:
            raise bad_request(not_found)
        return stored

    def _copy_content(self, source: StoredMessage, message: JSON) -> None:
        for key in _CONTENT_KEYS:
            if key in source.json:
                message[key] = source.json[key]

    def _source_raw(self, source: StoredMessage) -> str | None:
        if source.raw_text is not None:
            return source.raw_text
        return source.json.get("text") or source.json.get("caption")

    async def forward_message(self, p: Params) -> JSON:
        chat = self._writable_chat(p)
        source = self._source(p, "message to forward not found")
        self._thread(chat, p)
        self._acquire(chat.id)
        message = self._new_bot_message(chat, p, reply_to=None)
        self._copy_content(source, message)
        message["forward_origin"] = {
            "type": "user",
            "sender_user": source.json["from"],
            "date": source.json["date"],
        }
        stored = self.state.add_bot_message(
            message, raw_text=self._source_raw(source), parse_mode=source.parse_mode
        )
        return stored.json

    async def copy_message(self, p: Params) -> JSON:
        chat = self._writable_chat(p)
        source = self._source(p, "message to copy not found")
        caption = self._caption(p) if "caption" in p else None
        inline, keyboard = self._markup(p)
        reply_to = self._reply_to(chat, p)
        self._thread(chat, p)
        self._acquire(chat.id)
        message = self._new_bot_message(chat, p, reply_to=reply_to)
        self._copy_content(source, message)
        raw, parse_mode = self._source_raw(source), source.parse_mode
        if caption is not None and "text" not in message:
            message["caption"] = caption.visible
            message.pop("caption_entities", None)
            if caption.entities:
                message["caption_entities"] = caption.entities
            raw, parse_mode = caption.raw, caption.parse_mode
        if inline is not None:
            message["reply_markup"] = inline
        self.state.add_bot_message(
            message, raw_text=raw, parse_mode=parse_mode, reply_keyboard=keyboard
        )
        return {"message_id": message["message_id"]}

    async def send_chat_action(self, p: Params) -> bool:
        chat = self._writable_chat(p)
        action = p.get_str("action")
        if not action:
            raise bad_request("action is empty")
        self.state.add_event("chat_action", chat.id, None, action=action)
        return True

    # ----------------------------------------------------------------- editing

    def _editable(self, p: Params) -> tuple[Chat, StoredMessage]:
        if "chat_id" not in p and "inline_message_id" in p:
            raise bad_request("message to edit not found")  # no inline mode in the sandbox
        chat = self._writable_chat(p)
        message_id = p.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        stored = self.state.messages.get((chat.id, message_id))
        if stored is None:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return chat, stored

    def _edited(
        self,
        chat: Chat,
        old: StoredMessage,
        changes: JSON,
        inline: JSON | None,
        text: _Text | None,
    ) -> JSON:
        """Apply an edit unless nothing changes; without reply_markup the keyboard is removed."""
        current = {key: old.json.get(key) for key in changes}
        if current == changes and old.json.get("reply_markup") == inline:
            raise bad_request(_NOT_MODIFIED)
        self._acquire(chat.id)
        message = {k: v for k, v in old.json.items() if k != "reply_markup"}
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        if inline is not None:
            message["reply_markup"] = inline
        raw = text.raw if text else old.raw_text
        parse_mode = text.parse_mode if text else old.parse_mode
        return self.state.replace_bot_message(
            old, message, raw_text=raw, parse_mode=parse_mode
        ).json

    async def edit_message_text(self, p: Params) -> JSON:
        chat, old = self._editable(p)
        if "text" not in old.json:
            raise bad_request("there is no text in the message to edit")
        text = self._message_text(p)
        inline, _ = self._markup(p, inline_only=True)
        changes = {"text": text.visible, "entities": text.entities or None}
        return self._edited(chat, old, changes, inline, text)

    async def edit_message_caption(self, p: Params) -> JSON:
        chat, old = self._editable(p)
        if "text" in old.json:
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(p)
        inline, _ = self._markup(p, inline_only=True)
        changes = {
            "caption": caption.visible if caption else None,
            "caption_entities": (caption.entities or None) if caption else None,
        }
        return self._edited(chat, old, changes, inline, caption)

    async def edit_message_reply_markup(self, p: Params) -> JSON:
        chat, old = self._editable(p)
        inline, _ = self._markup(p, inline_only=True)
        return self._edited(chat, old, {}, inline, None)

    async def delete_message(self, p: Params) -> bool:
        chat = self._writable_chat(p)
        message_id = p.get_int("message_id")
        if message_id is None or not self.state.delete_message(chat.id, message_id):
            raise bad_request("message to delete not found")
        return True

    async def answer_callback_query(self, p: Params) -> bool:
        query_id = p.get_str("callback_query_id") or ""
        record = self.state.callbacks.get(query_id)
        if record is None or record.answered:
            raise bad_request(_QUERY_TOO_OLD)
        text = p.get_str("text")
        if text and len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answered = True
        answer = {
            "callback_query_id": query_id,
            "text": text,
            "show_alert": p.get_bool("show_alert"),
            "url": p.get_str("url"),
            "cache_time": p.get_int("cache_time") or 0,
        }
        self.state.add_event(
            "callback_answer",
            record.chat_id,
            None,
            message_id=record.message_id,
            callback_answer=answer,
        )
        return True

    # ----------------------------------------------------------------- files and chats

    async def get_file(self, p: Params) -> JSON:
        stored = self.state.files.get(p.get_str("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return stored.get_file_json()

    async def get_chat(self, p: Params) -> JSON:
        chat = self._chat(p)
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def get_chat_member(self, p: Params) -> JSON:
        chat = self._chat(p)
        user_id = p.get_int("user_id")
        if user_id == BOT_ID:
            return _member_json(_BOT_FROM, "kicked" if chat.blocked else "member")
        user = self.state.users.get(user_id or 0)
        if user is None or (chat.user is not None and chat.id != user.id):
            raise bad_request("user not found")
        return _member_json(user.to_json(), "member")

    async def create_forum_topic(self, p: Params) -> JSON:
        chat = self._writable_chat(p)
        if not chat.is_forum:
            raise bad_request("the chat is not a forum")
        name = p.get_str("name") or ""
        if not 1 <= len(name) <= 128:
            raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        thread_id = chat.take_message_id()
        chat.topics[thread_id] = name
        return {
            "message_thread_id": thread_id,
            "name": name,
            "icon_color": p.get_int("icon_color") or 7322096,
        }

    async def get_chat_menu_button(self, p: Params) -> JSON:
        return {"type": "commands"}

    # ----------------------------------------------------------------- bot settings

    @staticmethod
    def _language(p: Params) -> str:
        language = p.get_str("language_code") or ""
        if language and not _LANGUAGE.fullmatch(language):
            raise bad_request("invalid language code specified")
        return language

    def _scope_and_language(self, p: Params) -> tuple[str, JSON, str]:
        scope = p.get_json("scope") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise bad_request("can't parse BotCommandScope JSON object")
        # A list for one chat needs a chat the bot knows: Telegram answers "chat not found"
        # for a user who never opened the bot.
        if scope["type"] in _CHAT_SCOPES and self._lookup_chat(scope.get("chat_id")) is None:
            raise bad_request("chat not found")
        return json.dumps(scope, sort_keys=True), scope, self._language(p)

    async def set_my_commands(self, p: Params) -> bool:
        key, scope, language = self._scope_and_language(p)
        commands = p.get_json("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned = []
        for item in commands:
            if not isinstance(item, dict) or not _COMMAND_NAME.fullmatch(
                str(item.get("command", ""))
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            description = item.get("description")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": item["command"], "description": description})
        if cleaned:
            self.state.commands[(key, language)] = (scope, cleaned)
        else:
            self.state.commands.pop((key, language), None)
        return True

    async def get_my_commands(self, p: Params) -> list[JSON]:
        key, _, language = self._scope_and_language(p)
        entry = self.state.commands.get((key, language))
        return entry[1] if entry else []

    async def delete_my_commands(self, p: Params) -> bool:
        key, _, language = self._scope_and_language(p)
        self.state.commands.pop((key, language), None)
        return True

    def _set_text(self, p: Params, setting: str, limit: int) -> bool:
        language = self._language(p)
        value = p.get_str(setting) or ""
        if len(value) > limit:
            raise bad_request(f"{setting} is too long")
        if value:
            self.state.bot_texts[(setting, language)] = value
        else:
            self.state.bot_texts.pop((setting, language), None)
        return True

    def _get_text(self, p: Params, setting: str, default: str = "") -> JSON:
        language = self._language(p)
        texts = self.state.bot_texts
        value = texts.get((setting, language)) or texts.get((setting, ""), default)
        return {setting: value}

    async def set_my_description(self, p: Params) -> bool:
        return self._set_text(p, "description", 512)

    async def get_my_description(self, p: Params) -> JSON:
        return self._get_text(p, "description")

    async def set_my_short_description(self, p: Params) -> bool:
        return self._set_text(p, "short_description", 120)

    async def get_my_short_description(self, p: Params) -> JSON:
        return self._get_text(p, "short_description")

    async def set_my_name(self, p: Params) -> bool:
        return self._set_text(p, "name", 64)

    async def get_my_name(self, p: Params) -> JSON:
        return self._get_text(p, "name", BOT_FIRST_NAME)
