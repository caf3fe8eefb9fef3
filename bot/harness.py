"""Run the real bot against a sandbox Bot API in this process: for tests, benches, the terminal.

PTB's ``run_polling`` owns the event loop and signals; here the loop is the caller's, so the
lifecycle is spelled out: initialize → post_init → start → polling, and back in reverse.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, Content, build_application, build_services
from bot.platform.config import Settings, WebhookSettings, load_settings
from bot.platform.crypto import generate_secret_key
from bot.platform.ratelimit import TelegramLimits
from bot.services.container import Services
from sandbox.server import SandboxServer

# A well-formed token; the sandbox accepts any token of this shape.
SANDBOX_TOKEN = "1000001:SANDBOX-desa-sadar-bot-local-token-0000"
# The sandbox enforces no flood limits unless told to (SandboxClient.set_limits): the bot keeps
# Telegram's 30/s and 20/min per group but does not space a chat's messages a second apart, so a
# test or a terminal session clicking through menus is not slowed to one screen a second.
SANDBOX_LIMITS = TelegramLimits(chat_interval=0.0)


@dataclass
class RunningBot:
    application: Application
    settings: Settings

    @property
    def services(self) -> Services:
        services = self.application.bot_data["services"]
        assert isinstance(services, Services)
        return services


def sandbox_settings(
    server: SandboxServer, db_path: Path, base: Settings | None = None
) -> Settings:
    base = base or load_settings({})
    secret = base.secret_key or sandbox_secret_key(db_path)
    return replace(
        base, token=SANDBOX_TOKEN, api_url=server.api_url, db_path=db_path, secret_key=secret
    )


def sandbox_secret_key(db_path: Path) -> str:
    """The sandbox makes its own DESABOT_SECRET_KEY, kept beside its database (mode 0600) so
    NIKs stored in one sandbox session can still be read in the next."""
    key_file = db_path.with_suffix(".key")
    if not key_file.is_file():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name (mkstemp: mode 0600), then linked into place: of
        # several workers starting on one new database, one wins the link and the others read
        # its key — never a half-written file or a key of their own.
        handle, draft = tempfile.mkstemp(dir=key_file.parent, prefix=".desabot-key-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(generate_secret_key())
            with contextlib.suppress(FileExistsError):
                os.link(draft, key_file)
        finally:
            os.unlink(draft)
    return key_file.read_text(encoding="utf-8").strip()


async def start_bot(
    settings: Settings,
    *,
    rate_limiter: bool = True,
    content: Content | None = None,
    limits: TelegramLimits = SANDBOX_LIMITS,
) -> RunningBot:
    """``content``: what this process already loaded (the tests load it once per session);
    without it the bot loads and validates content/ as at any start-up. ``limits``: pass
    ``TELEGRAM`` when the sandbox enforces Telegram's limits."""
    services = build_services(settings, content=content)
    application = build_application(settings, services, rate_limiter=rate_limiter, limits=limits)
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    # A short long-poll timeout keeps shutdown quick; updates still arrive instantly.
    await application.updater.start_polling(
        poll_interval=0.0, timeout=2, allowed_updates=ALLOWED_UPDATES
    )
    return RunningBot(application, settings)


async def stop_bot(bot: RunningBot) -> None:
    application = bot.application
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
    await application.shutdown()


@asynccontextmanager
async def sandbox_with_bot(
    db_path: Path, base: Settings | None = None, limits: TelegramLimits = SANDBOX_LIMITS
) -> AsyncIterator[tuple[SandboxServer, RunningBot]]:
    server = SandboxServer()
    await server.start()
    bot = await start_bot(sandbox_settings(server, db_path, base), limits=limits)
    try:
        yield server, bot
    finally:
        await stop_bot(bot)
        await server.stop()


# ----------------------------------------------------------------- several workers

WORKER_WEBHOOK_SECRET = "sandbox-workers-secret"


def webhook_worker_settings(
    api_url: str, database: str, port: int, hook_url: str, name: str, admins: frozenset[int]
) -> Settings:
    """One of several `desabot run` processes against the sandbox (README "Several workers"):
    webhook mode on ``port``, the sandbox posting to ``hook_url`` (a balancer in front of the
    workers; plain http, which the sandbox accepts and Telegram would not). ``database``: an
    SQLite file (the key is kept beside it) or a PostgreSQL URL (the workers share the key the
    caller puts in DESABOT_SECRET_KEY)."""
    base = load_settings({"DESABOT_DB": database})
    if not base.db_url:
        key = sandbox_secret_key(base.db_path)
    elif not (key := os.environ.get("DESABOT_SECRET_KEY", "")):
        raise SystemExit("on PostgreSQL the workers need one DESABOT_SECRET_KEY in the environment")
    return replace(
        base,
        token=SANDBOX_TOKEN,
        api_url=api_url,
        secret_key=key,
        admin_ids=admins,
        webhook=WebhookSettings(hook_url, WORKER_WEBHOOK_SECRET, "127.0.0.1", port),
        health=None,
        several_workers=True,
        worker_id=name,
    )


def serve_worker(argv: list[str] | None = None) -> None:
    """``python -m bot.harness API_URL DB PORT HOOK_URL NAME [ADMIN_ID]``: the real runner
    (bot/runner.py) as one webhook worker; tests and bench/workers.py start two or four and
    kill them with SIGKILL."""
    import logging
    import sys

    from bot.runner import run_bot

    api_url, db, port, hook_url, name, *admin = argv if argv is not None else sys.argv[1:]
    logging.basicConfig(level=logging.WARNING, format=f"{name} %(levelname)s %(name)s %(message)s")
    admins = frozenset(int(a) for a in admin)
    settings = webhook_worker_settings(api_url, db, int(port), hook_url, name, admins)
    if os.environ.get("DESABOT_WORKERS") == "one":  # the single process of today, to compare
        settings = replace(settings, several_workers=False)
    run_bot(settings, build_services(settings))


if __name__ == "__main__":
    serve_worker()
