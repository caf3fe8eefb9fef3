"""``desabot run``: long polling, or a webhook when ``DESABOT_WEBHOOK_URL`` is set."""

from __future__ import annotations

import asyncio
import logging

from bot.app import ALLOWED_UPDATES, TURNS_KEY, build_application
from bot.platform import health
from bot.platform.config import Settings
from bot.platform.preflight import check_bindable, check_bot_api
from bot.platform.webhook import install as install_strict_webhook
from bot.services.container import Services

log = logging.getLogger(__name__)


def preflight(settings: Settings) -> None:
    """What PTB would report as a traceback, checked first: each failure raises
    :class:`~bot.platform.exits.StartupError` (one line, its own exit code)."""
    if settings.webhook is not None:
        check_bindable(settings.webhook.listen, settings.webhook.port)
    assert settings.token is not None
    retry = settings.startup_retry_seconds
    username = asyncio.run(check_bot_api(settings.api_url, settings.token, retry_seconds=retry))
    log.info("the Bot API knows this token as @%s", username)


def run_bot(settings: Settings, services: Services) -> None:
    """Blocks until SIGINT/SIGTERM; PTB then stops polling and runs post_shutdown cleanly."""
    application = build_application(settings, services)
    health.for_application(application, settings)  # /healthz, /metrics: up with the bot
    webhook = settings.webhook
    if webhook is None:
        log.info("starting long polling against %s", _host(settings.api_url))
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    log.info("starting webhook on %s:%s", webhook.listen, webhook.port)
    # A body that is not JSON gets 400, not 500; with several processes the call is answered
    # once the update has its chat's turn (bot/platform/webhook.py).
    install_strict_webhook(application.bot_data.get(TURNS_KEY))
    application.run_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path=_path(webhook.url),
        webhook_url=webhook.url,
        secret_token=webhook.secret,
        allowed_updates=ALLOWED_UPDATES,
    )


def _host(url: str) -> str:
    """Log where we connect without the token-bearing path."""
    return url.split("/bot")[0]


def _path(url: str) -> str:
    without_scheme = url.split("://", 1)[-1]
    return without_scheme.split("/", 1)[1] if "/" in without_scheme else ""
