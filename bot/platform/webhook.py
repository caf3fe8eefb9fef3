"""PTB's webhook server, with a body that is not JSON answered 400 (not 500).

PTB's ``TelegramHandler`` calls ``json.loads`` on the body unguarded, so garbage posted to the
webhook made tornado answer 500 and log a traceback (issue 10). Here the request is checked
as PTB checks it (content type, secret token: 403 first, so nobody without the secret learns
anything), then the body must decode as UTF-8 JSON, else 400. A repeated ``update_id`` is
dropped by the update processor (bot/platform/updates.py), for webhook and polling alike.

With several processes behind one URL (``install(turns)``), the call is answered only once
the update holds its chat's turn in the shared database (bot/platform/chat_turns.py): the
chat's next update, which Telegram sends after this answer, then finds the chat taken and
waits, whichever process it reaches.

PTB builds its tornado application inside ``Updater._start_webhook`` from the module-level
name ``WebhookAppClass``; :func:`install` points that name at :class:`StrictWebhookApp`.
Checked against python-telegram-bot 22.8 (pinned in pyproject.toml).
"""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram.ext import _updater
from telegram.ext._utils.webhookhandler import TelegramHandler, WebhookAppClass

from bot.platform.chat_turns import ChatTurns


class StrictTelegramHandler(TelegramHandler):
    # Several processes: answer once the update has its turn (module docstring).
    turns: ChatTurns | None = None

    async def post(self) -> None:
        self._validate_post()  # 403 for a wrong or missing secret, before anything else
        try:
            body = json.loads(self.request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Body is not JSON") from exc
        raw_id = body.get("update_id") if isinstance(body, dict) else None
        update_id = raw_id if isinstance(raw_id, int) else 0
        turns = self.turns if isinstance(raw_id, int) else None
        if turns is not None:
            turns.expect(update_id)
        try:
            await super().post()
        except BaseException:
            if turns is not None:
                turns.forget(update_id)
            raise
        if turns is not None:
            await turns.wait(update_id)


class StrictWebhookApp(WebhookAppClass):
    def __init__(
        self,
        webhook_path: str,
        bot: Any,
        update_queue: asyncio.Queue,
        secret_token: str | None = None,
    ) -> None:
        self.shared_objects = {
            "bot": bot,
            "update_queue": update_queue,
            "secret_token": secret_token,
        }
        handlers = [(rf"{webhook_path}/?", StrictTelegramHandler, self.shared_objects)]
        tornado.web.Application.__init__(self, handlers)


def install(turns: ChatTurns | None = None) -> None:
    """Make PTB's Updater serve webhooks with :class:`StrictWebhookApp`; ``turns``: answer
    each call once its update has its chat's turn (several processes)."""
    StrictTelegramHandler.turns = turns
    _updater.WebhookAppClass = StrictWebhookApp  # type: ignore[misc]
