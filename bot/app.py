"""Composition root: builds the Application and registers every handler in ONE ordered list.

Only this module imports ``handlers``. Order matters in PTB: within a group the first matching
handler wins, so specific handlers come before catch-alls; comments mark where it matters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
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
from bot.faq.index import FaqIndex
from bot.i18n import N_, I18n, activate
from bot.iuran import load_rates
from bot.services import SERVICES_KEY, Services, UserDirectory
from bot.updates import PerChatUpdateProcessor
from handlers import dialogs, errors, fallback, faq, handover, iuran, language, lessons, menu

log = logging.getLogger(__name__)
JAKARTA = "Asia/Jakarta"
MAX_CONCURRENT_UPDATES = 16
CONNECTION_POOL_SIZE = 32
POOL_TIMEOUT = 10.0


@dataclass(frozen=True)
class Command:
    """A bot command as published with setMyCommands; ``description`` is a gettext msgid."""

    name: str
    description: str


# Published per language, in this order. Aliases (/help, /language) work but are not listed.
# Officers additionally see OFFICER_COMMANDS in their own chats (scope: chat).
COMMANDS = (
    Command("start", N_("Mulai dan menu utama")),
    Command("menu", N_("Menu utama")),
    Command("program", N_("Kenali program BPJS Ketenagakerjaan")),
    Command("iuran", N_("Hitung perkiraan iuran per bulan")),
    Command("tanya", N_("Tanya tentang BPJS Ketenagakerjaan")),
    Command("bahasa", N_("Ganti bahasa")),
    Command("bantuan", N_("Bantuan dan daftar perintah")),
)

OFFICER_COMMANDS = (Command("pertanyaan", N_("Pertanyaan warga yang belum dijawab")),)


def build_handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Every handler of the bot, in the order PTB must try them."""
    text = dialogs.text_router(
        {iuran.FLOW: iuran.on_text, handover.FLOW: handover.on_answer_text}, faq.on_free_text
    )
    return [
        # Commands first: a command typed during anything else is still a command.
        CommandHandler("start", menu.start),
        CommandHandler("menu", menu.show_menu),
        CommandHandler(["bantuan", "help"], menu.show_help),
        CommandHandler("program", lessons.show_programs),
        CommandHandler("iuran", iuran.start),
        CommandHandler("tanya", faq.ask_command),
        CommandHandler(["bahasa", "language"], language.choose_language),
        CommandHandler("pertanyaan", handover.list_open),
        # Buttons, by the prefix that bot.callback.pack() gave them.
        CallbackQueryHandler(menu.show_menu, pattern=pattern(menu.MENU)),
        CallbackQueryHandler(menu.show_help, pattern=pattern(menu.HELP)),
        CallbackQueryHandler(menu.show_ask, pattern=pattern(menu.ASK)),
        CallbackQueryHandler(lessons.show_programs, pattern=pattern(lessons.PROGRAMS)),
        CallbackQueryHandler(lessons.show_lesson, pattern=pattern(lessons.LESSON)),
        CallbackQueryHandler(language.set_language, pattern=pattern(language.LANGUAGE)),
        CallbackQueryHandler(iuran.on_button, pattern=pattern(iuran.IURAN)),
        CallbackQueryHandler(faq.on_entry_button, pattern=pattern(faq.ENTRY)),
        CallbackQueryHandler(faq.on_feedback, pattern=pattern(faq.FEEDBACK)),
        CallbackQueryHandler(handover.on_handover_button, pattern=pattern(faq.HANDOVER)),
        CallbackQueryHandler(handover.on_answer_button, pattern=pattern(handover.ANSWER)),
        CallbackQueryHandler(handover.on_rate, pattern=pattern(handover.RATE)),
        CallbackQueryHandler(handover.list_open, pattern=pattern(handover.LIST)),
        # A reply to a handed-over question is an officer's answer; checked before free text.
        MessageHandler(
            filters.REPLY & filters.TEXT & ~filters.COMMAND, handover.officer_reply_handler(text)
        ),
        # Catch-alls last: any other command, any other button, text, anything not text.
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, fallback.unknown_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND, text),
        CallbackQueryHandler(fallback.stale_button),
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            fallback.non_text,
        ),
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
        faq=FaqIndex.from_directory(content_dir / "faq"),
        rates=load_rates(content_dir / "rates" / "iuran.toml"),
        users=UserDirectory(db),
    )


def build_application(  # type: ignore[type-arg]
    settings: Settings, services: Services | None = None, *, rate_limiter: bool = True
) -> Application:
    """``rate_limiter=False`` only for benchmarks that measure the stack against bare PTB."""
    services = services or build_services(settings)
    token = settings.token
    assert token, "build_application needs a token (the sandbox passes its own)"
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=_jakarta()))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
        # httpcore scans every pooled connection for each request it queues, so a big pool
        # under load costs more than it saves (bench/e2e.py: 256 → 32 connections more than
        # doubled throughput). Requests beyond the pool wait up to pool_timeout, not fail.
        .connection_pool_size(CONNECTION_POOL_SIZE)
        .pool_timeout(POOL_TIMEOUT)
    )
    if rate_limiter:
        # Telegram's 30 msg/s and 20/min per group; retries a 429 after retry_after instead of
        # surfacing RetryAfter to handlers (PTB's default is 0 retries; DESIGN §5).
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    application = builder.build()
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
    await _publish_officer_commands(application, services)
    # Users whose Telegram language has no list of its own get the Indonesian one.
    await application.bot.set_my_commands(
        [BotCommand(c.name, services.i18n.gettext(c.description, "id")) for c in COMMANDS]
    )


async def _publish_officer_commands(application: Application, services: Services) -> None:  # type: ignore[type-arg]
    """Admins get the officer commands in their own chat (Telegram resolves scope per chat)."""
    for admin_id in services.settings.admin_ids:
        commands = [
            BotCommand(c.name, services.i18n.gettext(c.description, "id"))
            for c in (*COMMANDS, *OFFICER_COMMANDS)
        ]
        try:
            await application.bot.set_my_commands(commands, scope=BotCommandScopeChat(admin_id))
        except TelegramError:  # the admin has not opened a chat with the bot yet
            log.info("officer commands not set for an admin without a chat")


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    services: Services = application.bot_data[SERVICES_KEY]
    await services.db.shutdown()


def _jakarta():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(JAKARTA)


ALLOWED_UPDATES = Update.ALL_TYPES
