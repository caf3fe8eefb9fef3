"""PTB's webhook server, with a body that is not JSON answered 400 (not 500).

PTB's ``TelegramHandler`` calls ``json.loads`` on the body unguarded, so garbage posted to the
webhook made tornado answer 500 and log a traceback (issue 10). Here the request is checked
as PTB checks it (content type, secret token: 403 first, so nobody without the secret learns
anything), then the body must decode as UTF-8 JSON, else 400. A repeated ``update_id`` is
dropped by the update processor (bot/platform/updates.py), for webhook and polling alike.

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


class StrictTelegramHandler(TelegramHandler):
    async def post(self) -> None:
        self._validate_post()  # 403 for a wrong or missing secret, before anything else
        try:
            json.loads(self.request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Body is not JSON") from exc
        await super().post()


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


def install() -> None:
    """Make PTB's Updater serve webhooks with :class:`StrictWebhookApp`."""
    _updater.WebhookAppClass = StrictWebhookApp  # type: ignore[misc]
