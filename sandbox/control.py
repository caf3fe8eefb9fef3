"""The control interface: JSON over HTTP under ``/control/``, for tests and the terminal chat.

It plays the Telegram users (send, press, upload, block …) and reports what the bot did
(events, current chat state, commands, stats). Successful answers carry ``"ok": true``;
refusals are HTTP 400 ``{"ok": false, "description": ...}``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from sandbox.limits import Limits
from sandbox.model import JSON
from sandbox.state import ControlError, SandboxState

__all__ = ["ControlApi"]

_MAX_WAIT_SECONDS = 60.0

ControlHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _ok(**fields: Any) -> web.Response:
    return web.json_response({"ok": True, **fields})


def _refuse(description: str) -> web.Response:
    return web.json_response({"ok": False, "description": description}, status=400)


def _int(body: JSON, name: str, *, required: bool = True) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ControlError(f"{name} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ControlError(f"{name} must be an integer")
    try:
        return int(value)
    except ValueError:
        raise ControlError(f"{name} must be an integer") from None


def _need_int(body: JSON, name: str) -> int:
    value = _int(body, name)
    assert value is not None  # required=True raised otherwise
    return value


def _str(body: JSON, name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise ControlError(f"{name} must be a string")
    return value


def _query_int(request: web.Request, name: str, default: int | None) -> int | None:
    value = request.query.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ControlError(f"{name} must be an integer") from None


class ControlApi:
    """aiohttp handlers for ``/control/*`` over one :class:`SandboxState`."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[web.RouteDef]:
        post = {
            "send": self.send,
            "press": self.press,
            "upload": self.upload,
            "send_other": self.send_other,
            "block": self.block,
            "limits": self.set_limits,
            "reset": self.reset,
            "user": self.user,
            "group": self.group,
        }
        get = {
            "messages": self.messages,
            "wait": self.wait,
            "chat": self.chat,
            "commands": self.commands,
            "stats": self.stats,
            "limits": self.get_limits,
            "updates": self.updates,
        }
        routes = [web.post(f"/control/{name}", self._wrap(h)) for name, h in post.items()]
        routes += [web.get(f"/control/{name}", self._wrap(h)) for name, h in get.items()]
        return routes

    @staticmethod
    def _wrap(handler: ControlHandler) -> ControlHandler:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            try:
                return await handler(request)
            except ControlError as err:
                return _refuse(str(err))

        return wrapped

    @staticmethod
    async def _body(request: web.Request) -> JSON:
        if not request.body_exists:
            return {}
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            raise ControlError("body must be a JSON object") from None
        if not isinstance(body, dict):
            raise ControlError("body must be a JSON object")
        return body

    # ----------------------------------------------------------------- playing users

    async def send(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        text = _str(body, "text")
        if not text:
            raise ControlError("text is required")
        update_id, message_id = self.state.user_send(
            _need_int(body, "user_id"),
            text,
            chat_id=_int(body, "chat_id", required=False),
            reply_to_message_id=_int(body, "reply_to_message_id", required=False),
            message_thread_id=_int(body, "message_thread_id", required=False),
            first_name=_str(body, "first_name"),
            last_name=_str(body, "last_name"),
            username=_str(body, "username"),
            language_code=_str(body, "language_code"),
        )
        return _ok(update_id=update_id, message_id=message_id)

    async def press(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        data = _str(body, "callback_data")
        if data is None:
            raise ControlError("callback_data is required")
        update_id, query_id = self.state.user_press(
            _need_int(body, "user_id"),
            _need_int(body, "message_id"),
            data,
            chat_id=_int(body, "chat_id", required=False),
            stale=body.get("stale") is True,
        )
        return _ok(update_id=update_id, callback_query_id=query_id)

    async def upload(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        try:
            content = base64.b64decode(_str(body, "content_base64") or "", validate=True)
        except (binascii.Error, ValueError):
            raise ControlError("content_base64 is not valid base64") from None
        update_id, message_id = self.state.user_upload(
            _need_int(body, "user_id"),
            _str(body, "filename") or "file.bin",
            _str(body, "mime_type"),
            content,
            caption=_str(body, "caption"),
            chat_id=_int(body, "chat_id", required=False),
        )
        return _ok(update_id=update_id, message_id=message_id)

    async def send_other(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        data = body.get("data")
        if data is not None and not isinstance(data, dict):
            raise ControlError("data must be an object")
        update_id, message_id = self.state.user_send_other(
            _need_int(body, "user_id"),
            _str(body, "kind") or "",
            chat_id=_int(body, "chat_id", required=False),
            caption=_str(body, "caption"),
            data=data,
        )
        return _ok(update_id=update_id, message_id=message_id)

    async def block(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        blocked = body.get("blocked", True)
        if not isinstance(blocked, bool):
            raise ControlError("blocked must be true or false")
        update_id = self.state.set_blocked(_need_int(body, "user_id"), blocked)
        return _ok(update_id=update_id, changed=update_id is not None)

    async def user(self, request: web.Request) -> web.Response:
        """Register a user (and open their private chat) without sending an update."""
        body = await self._body(request)
        user = self.state.ensure_user(
            _need_int(body, "user_id"),
            first_name=_str(body, "first_name"),
            last_name=_str(body, "last_name"),
            username=_str(body, "username"),
            language_code=_str(body, "language_code"),
        )
        if body.get("open_chat", True):
            self.state.private_chat(user)
        return _ok(user=user.to_json())

    async def group(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        is_forum = body.get("is_forum")
        chat = self.state.ensure_group(
            _need_int(body, "chat_id"),
            title=_str(body, "title"),
            chat_type=_str(body, "type"),
            is_forum=is_forum if isinstance(is_forum, bool) else None,
        )
        return _ok(chat=chat.to_json())

    # ----------------------------------------------------------------- configuration

    async def set_limits(self, request: web.Request) -> web.Response:
        """Change the given limits (null switches one off); omitted ones stay as they are."""
        body = await self._body(request)
        current = self.state.limits
        values = current.to_json()
        for name in values:
            if name in body:
                value = body[name]
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
                ):
                    raise ControlError(f"{name} must be a positive number or null")
                values[name] = value
        per_group = values["per_group_per_minute"]
        limits = Limits(
            per_second=values["per_second"],
            per_chat_per_second=values["per_chat_per_second"],
            per_group_per_minute=int(per_group) if per_group is not None else None,
        )
        self.state.set_limits(limits)
        return _ok(limits=limits.to_json())

    async def get_limits(self, request: web.Request) -> web.Response:
        return _ok(limits=self.state.limits.to_json())

    async def reset(self, request: web.Request) -> web.Response:
        self.state.reset()
        return _ok()

    # ----------------------------------------------------------------- reports

    def _events_query(self, request: web.Request) -> tuple[int | None, int]:
        chat_id = _query_int(request, "chat_id", None)
        after_seq = _query_int(request, "after_seq", 0)
        return chat_id, after_seq or 0

    async def messages(self, request: web.Request) -> web.Response:
        chat_id, after_seq = self._events_query(request)
        events = self.state.events_after(chat_id, after_seq)
        return _ok(events=events, last_seq=self.state.last_seq)

    async def wait(self, request: web.Request) -> web.Response:
        chat_id, after_seq = self._events_query(request)
        try:
            timeout = float(request.query.get("timeout", "10"))
        except ValueError:
            raise ControlError("timeout must be a number") from None
        timeout = min(max(timeout, 0.0), _MAX_WAIT_SECONDS)
        events = await self.state.wait_events(chat_id, after_seq, timeout)
        return _ok(events=events, last_seq=self.state.last_seq)

    async def chat(self, request: web.Request) -> web.Response:
        chat_id = _query_int(request, "chat_id", None)
        if chat_id is None:
            raise ControlError("chat_id is required")
        return _ok(**self.state.chat_view(chat_id))

    async def commands(self, request: web.Request) -> web.Response:
        return _ok(commands=self.state.commands_json())

    async def stats(self, request: web.Request) -> web.Response:
        return _ok(**self.state.stats_json())

    async def updates(self, request: web.Request) -> web.Response:
        """Pending (unconfirmed) updates, for debugging a bot that does not react."""
        return web.json_response(
            {"ok": True, "updates": list(self.state.updates)}, dumps=json.dumps
        )
