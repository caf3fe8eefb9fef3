"""Composition root: builds the Application and registers every handler in ONE ordered list.

Only this module imports ``handlers``. Order matters in PTB: within a group the first matching
handler wins, so specific handlers come before catch-alls; comments mark where it matters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.callback import pattern
from bot.config import SUPPORTED_LANGUAGES, Settings
from bot.content import CONTENT_DIR, load_lessons
from bot.db.connection import Database
from bot.i18n import N_, I18n, activate
from bot.services import SERVICES_KEY, Services, UserDirectory
from handlers import errors, fallback, language, lessons, menu

log = logging.getLogger(__name__)
JAKARTA = "Asia/Jakarta"


@dataclass(frozen=True)
class Command:
    """A bot command as published with setMyCommands; ``description`` is a gettext msgid."""

    name: str
    description: str


# Published per language, in this order. Aliases (/help, /language) work but are not listed.
COMMANDS = (
    Command("start", N_("Mulai dan menu utama")),
    Command("menu", N_("Menu utama")),
    Command("program", N_("Kenali program BPJS Ketenagakerjaan")),
    Command("bahasa", N_("Ganti bahasa")),
    Command("bantuan", N_("Bantuan dan daftar perintah")),
)


def build_handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Every handler of the bot, in the order PTB must try them."""
    return [
        # Commands first: a command typed during anything else is still a command.
        CommandHandler("start", menu.start),
        CommandHandler("menu", menu.show_menu),
        CommandHandler(["bantuan", "help"], menu.show_help),
        CommandHandler("program", lessons.show_programs),
        CommandHandler(["bahasa", "language"], language.choose_language),
        # Buttons, by the prefix that bot.callback.pack() gave them.
        CallbackQueryHandler(menu.show_menu, pattern=pattern(menu.MENU)),
        CallbackQueryHandler(menu.show_help, pattern=pattern(menu.HELP)),
        CallbackQueryHandler(lessons.show_programs, pattern=pattern(lessons.PROGRAMS)),
        CallbackQueryHandler(lessons.show_lesson, pattern=pattern(lessons.LESSON)),
        CallbackQueryHandler(language.set_language, pattern=pattern(language.LANGUAGE)),
        # Catch-alls last: any other command, any other button, anything that is not text.
        MessageHandler(filters.COMMAND, fallback.unknown_command),
        MessageHandler(filters.TEXT, fallback.free_text),
        CallbackQueryHandler(fallback.stale_button),
        MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL, fallback.non_text),
    ]


def build_services(settings: Settings, content_dir: Path = CONTENT_DIR) -> Services:
    """Load and validate everything static before the bot talks to anyone (fail fast)."""
    i18n = I18n(default_language=settings.default_language)
    activate(i18n)
    db = Database(settings.db_path)
    return Services(
        settings=settings,
        db=db,
        i18n=i18n,
        lessons=load_lessons(content_dir / "lessons"),
        users=UserDirectory(db),
    )


def build_application(settings: Settings, services: Services | None = None) -> Application:  # type: ignore[type-arg]
    services = services or build_services(settings)
    token = settings.token
    assert token, "build_application needs a token (the sandbox passes its own)"
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=_jakarta()))
        # Retries on 429 instead of surfacing RetryAfter to handlers (DESIGN §5).
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    application.add_handlers(build_handlers())
    application.add_error_handler(errors.on_error)
    return application


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    services: Services = application.bot_data[SERVICES_KEY]
    await services.db.initialize()
    services.extras.setdefault("help_commands", [(c.name, c.description) for c in COMMANDS])
    for lang in SUPPORTED_LANGUAGES:
        commands = [
            BotCommand(c.name, services.i18n.gettext(c.description, lang)) for c in COMMANDS
        ]
        await application.bot.set_my_commands(commands, language_code=lang)
    # Users whose Telegram language has no list of its own get the Indonesian one.
    await application.bot.set_my_commands(
        [BotCommand(c.name, services.i18n.gettext(c.description, "id")) for c in COMMANDS]
    )


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    services: Services = application.bot_data[SERVICES_KEY]
    await services.db.shutdown()


def _jakarta():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(JAKARTA)


ALLOWED_UPDATES = Update.ALL_TYPES
