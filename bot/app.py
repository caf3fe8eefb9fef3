"""Composition root: builds the Application and registers every handler in ONE ordered list.

Only this module imports ``handlers``. Order matters in PTB: within a group the first matching
handler wins, so specific handlers come before catch-alls; comments mark where it matters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.domain.dates import JAKARTA
from bot.domain.faq.index import FaqIndex
from bot.domain.iuran import RateTable, load_rates
from bot.domain.rules import RuleSet, load_rules
from bot.platform.callback import pattern
from bot.platform.chat_turns import ChatTurns
from bot.platform.config import SUPPORTED_LANGUAGES, ConfigError, Settings
from bot.platform.content import CONTENT_DIR, Lesson, load_lessons
from bot.platform.crypto import PersonalDataCipher, SecretKeyError
from bot.platform.db.backend import open_database
from bot.platform.health import FETCH_CLOCK_KEY, FetchClock
from bot.platform.i18n import I18n, activate
from bot.platform.ratelimit import TELEGRAM, BudgetRateLimiter, SharedBudget, TelegramLimits
from bot.platform.updates import PerChatUpdateProcessor, flood_notice
from bot.platform.workers import Crew, default_worker_name
from bot.services import command_menus, voice
from bot.services import regions as region_data
from bot.services.broadcast import READ, BroadcastWorker
from bot.services.broadcast_progress import ProgressNotifier
from bot.services.container import SERVICES_KEY, Services, UserDirectory
from handlers.desa import ceksyarat, desa, laporan, poster
from handlers.desa.perangkat import daftar, impor, tambah, ubah
from handlers.petugas import (
    audit,
    ekspor,
    pertanyaan,
    petugas,
    siaran,
    statistik,
    undang,
    verifikasi,
)
from handlers.shared import context, dialogs, errors, fallback, privacy_notice, region_picker
from handlers.shared.context import admins_only, officers_only, private_only
from handlers.shared.prefixes import Prefix
from handlers.warga import bahasa, hapusdata, iuran, langganan, menu, program, suara, tanya

log = logging.getLogger(__name__)
MAX_CONCURRENT_UPDATES = 16
CONNECTION_POOL_SIZE = 32
POOL_TIMEOUT = 10.0
_BACKGROUND_KEY = "desabot.background"
# Several processes (DESABOT_WORKERS=several): this one's Crew and ChatTurns.
CREW_KEY = "desabot.crew"
TURNS_KEY = "desabot.turns"


def build_handlers() -> list[BaseHandler]:
    """Every handler of the bot, in the order PTB must try them."""
    picked = {
        purpose.code: (purpose, chosen)
        for purpose, chosen in (
            (desa.PURPOSE_CLAIM, desa.claim_village_chosen),
            (undang.PURPOSE_INVITE, undang.village_chosen),
            (langganan.PURPOSE, langganan.village_chosen),
            (siaran.PURPOSE_AUDIENCE, siaran.audience_chosen),
            (petugas.PURPOSE_SCOPE, petugas.kab_chosen),
            (poster.PURPOSE, poster.village_chosen),
        )
    }
    text = dialogs.text_router(
        {
            iuran.FLOW: iuran.income_step(privacy_notice.tells_once(tanya.on_free_text)),
            pertanyaan.FLOW: dialogs.officers_step(pertanyaan.on_answer_text),
            region_picker.FLOW: region_picker.name_step_handler(picked, tanya.on_free_text),
            verifikasi.NOTE_FLOW: dialogs.officers_step(verifikasi.on_note_text),
            tambah.FLOW: tambah.on_text,
            ubah.FLOW: ubah.on_text,
            petugas.FLOW: dialogs.admins_step(petugas.on_text),
            siaran.FLOW: dialogs.officers_step(siaran.on_text),
            impor.FLOW: impor.on_import_text,
            laporan.REPORT_FLOW: laporan.on_report_text,
            ekspor.REASON_FLOW: dialogs.officers_step(ekspor.on_reason_text),
        },
        privacy_notice.tells_once(tanya.on_free_text),
    )
    return [
        # Commands first: a command typed during anything else is still a command.
        # /start with an invite payload must come before the plain /start (deep links).
        CommandHandler("start", desa.start_with_payload, filters.Regex(desa.INVITE_START_PATTERN)),
        # A village poster's QR code: subscribes in one tap (rights: none needed).
        CommandHandler("start", poster.start_with_payload, filters.Regex(poster.START_PATTERN)),
        CommandHandler("start", menu.start),
        CommandHandler("menu", menu.show_menu),
        CommandHandler(["bantuan", "help"], menu.show_help),
        CommandHandler("program", program.show_programs),
        CommandHandler("iuran", iuran.start),
        CommandHandler("tanya", privacy_notice.tells_once(tanya.ask_command)),
        CommandHandler(["bahasa", "language"], bahasa.choose_language),
        CommandHandler("pertanyaan", officers_only(pertanyaan.list_open)),
        CommandHandler("desa", desa.show_village),
        CommandHandler("undang", officers_only(undang.command)),
        CommandHandler("verifikasi", officers_only(verifikasi.list_claims)),
        CommandHandler("perangkat", private_only(daftar.command)),
        CommandHandler("hapusdata", private_only(hapusdata.command)),
        CommandHandler("langganan", langganan.command),
        CommandHandler("petugas", admins_only(private_only(petugas.command))),
        CommandHandler("siaran", officers_only(private_only(siaran.command))),
        CommandHandler("statistik", officers_only(statistik.command)),
        CommandHandler("ekspor", officers_only(ekspor.command)),
        CommandHandler("audit", admins_only(audit.command)),
        CommandHandler("berhenti", langganan.stop),
        CommandHandler("laporan", laporan.report_command),
        CommandHandler("ceksyarat", ceksyarat.check_command),
        # Officers (any village in scope) and village officials (their own): checked inside,
        # on the command and on the picked village, as no single role guard covers both.
        CommandHandler("poster", poster.command),
        # Buttons, by the prefix that bot.platform.callback.pack() gave them.
        CallbackQueryHandler(menu.show_menu, pattern=pattern(Prefix.MENU)),
        CallbackQueryHandler(menu.show_help, pattern=pattern(Prefix.HELP)),
        CallbackQueryHandler(menu.show_ask, pattern=pattern(Prefix.ASK)),
        CallbackQueryHandler(program.show_programs, pattern=pattern(Prefix.PROGRAMS)),
        CallbackQueryHandler(program.show_lesson, pattern=pattern(Prefix.LESSON)),
        CallbackQueryHandler(bahasa.set_language, pattern=pattern(Prefix.LANGUAGE)),
        CallbackQueryHandler(iuran.on_button, pattern=pattern(Prefix.IURAN)),
        CallbackQueryHandler(tanya.on_entry_button, pattern=pattern(Prefix.FAQ_ENTRY)),
        CallbackQueryHandler(tanya.on_feedback, pattern=pattern(Prefix.FAQ_FEEDBACK)),
        CallbackQueryHandler(pertanyaan.on_handover_button, pattern=pattern(Prefix.HANDOVER)),
        CallbackQueryHandler(suara.on_listen, pattern=pattern(Prefix.LISTEN)),
        CallbackQueryHandler(
            officers_only(pertanyaan.on_answer_button), pattern=pattern(Prefix.ANSWER)
        ),
        CallbackQueryHandler(
            officers_only(pertanyaan.on_faq_answer_button), pattern=pattern(Prefix.ANSWER_FAQ)
        ),
        CallbackQueryHandler(pertanyaan.on_rate, pattern=pattern(Prefix.RATE_ANSWER)),
        CallbackQueryHandler(
            officers_only(pertanyaan.list_open), pattern=pattern(Prefix.QUESTIONS)
        ),
        CallbackQueryHandler(
            region_picker.picker_button_handler(picked), pattern=pattern(Prefix.REGION)
        ),
        CallbackQueryHandler(desa.show_village, pattern=pattern(Prefix.VILLAGE)),
        # The official's own poster; the seat is checked inside (officers use /poster <code>).
        CallbackQueryHandler(poster.on_button, pattern=pattern(Prefix.POSTER)),
        # The invitee's yes/no before the officer's invite buttons (the same prefix).
        CallbackQueryHandler(desa.on_invite_answer, pattern=desa.INVITE_ANSWER_PATTERN),
        CallbackQueryHandler(officers_only(undang.on_button), pattern=pattern(Prefix.INVITE)),
        CallbackQueryHandler(desa.on_claim_button, pattern=pattern(Prefix.CLAIM)),
        CallbackQueryHandler(desa.on_request_verification, pattern=pattern(Prefix.VERIFY_REQUEST)),
        # "Without a note" before the other decision buttons (the same prefix).
        CallbackQueryHandler(
            officers_only(verifikasi.on_skip_note), pattern=verifikasi.SKIP_PATTERN
        ),
        CallbackQueryHandler(officers_only(verifikasi.on_button), pattern=pattern(Prefix.VERIFY)),
        # /perangkat: "Saya setuju" goes on with what the notice was shown for, so the import's
        # and the corrections' consent come before the add dialogue's plain "ok".
        CallbackQueryHandler(private_only(impor.on_consent), pattern=impor.CONSENT_PATTERN),
        CallbackQueryHandler(private_only(ubah.on_consent), pattern=ubah.CONSENT_PATTERN),
        CallbackQueryHandler(private_only(daftar.on_button), pattern=daftar.PATTERN),
        CallbackQueryHandler(private_only(tambah.on_button), pattern=tambah.PATTERN),
        CallbackQueryHandler(private_only(impor.on_button), pattern=impor.PATTERN),
        CallbackQueryHandler(private_only(ubah.on_button), pattern=ubah.PATTERN),
        CallbackQueryHandler(
            private_only(hapusdata.on_button), pattern=pattern(Prefix.DELETE_DATA)
        ),
        CallbackQueryHandler(langganan.on_offer_button, pattern=pattern(Prefix.SUBSCRIBE_OFFER)),
        CallbackQueryHandler(
            admins_only(private_only(petugas.on_button)), pattern=pattern(Prefix.OFFICERS)
        ),
        CallbackQueryHandler(
            officers_only(private_only(siaran.on_button)), pattern=pattern(Prefix.BROADCAST)
        ),
        CallbackQueryHandler(siaran.on_read, pattern=pattern(READ)),
        CallbackQueryHandler(officers_only(statistik.command), pattern=pattern(Prefix.STATISTICS)),
        CallbackQueryHandler(officers_only(ekspor.on_button), pattern=pattern(Prefix.EXPORT)),
        CallbackQueryHandler(admins_only(audit.on_button), pattern=pattern(Prefix.AUDIT)),
        CallbackQueryHandler(laporan.on_report_button, pattern=pattern(laporan.PREFIX)),
        CallbackQueryHandler(ceksyarat.on_check_button, pattern=pattern(ceksyarat.PREFIX)),
        # A reply to a handed-over question is an officer's answer; checked before free text.
        MessageHandler(
            filters.REPLY & filters.TEXT & ~filters.COMMAND, pertanyaan.officer_reply_handler(text)
        ),
        # Catch-alls last: any other command, any other button, text, anything not text.
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, fallback.unknown_command),
        # The plain word STOP / BERHENTI opts out, even in the middle of anything else.
        MessageHandler(
            filters.ChatType.PRIVATE & filters.Regex(langganan.STOP_WORDS), langganan.stop
        ),
        MessageHandler(filters.TEXT & ~filters.COMMAND, text),
        CallbackQueryHandler(fallback.stale_button),
        # Blocking the bot arrives as my_chat_member (needs allowed_updates = ALL_TYPES).
        ChatMemberHandler(langganan.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        # Photos and files: the announcement composer and the apparatus import read them.
        MessageHandler(
            (filters.PHOTO | filters.Document.ALL) & filters.ChatType.PRIVATE,
            dialogs.media_router(
                {
                    siaran.FLOW: dialogs.officers_step(siaran.on_media),
                    impor.FLOW: impor.on_import_file,
                },
                impor.on_document,
            ),
        ),
        # Voice notes, video notes and audio: "cannot listen yet", with the hand-off to officers.
        MessageHandler(
            filters.ChatType.PRIVATE & (filters.VOICE | filters.VIDEO_NOTE | filters.AUDIO),
            suara.on_recording,
        ),
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            fallback.non_text,
        ),
    ]


@dataclass(frozen=True)
class Content:
    """What the bot loads and validates from ``content/`` and ``locales/`` before it talks to
    anyone. Never changed after loading, so one process may build several Services from it
    (the test suite does, once per session instead of once per started bot)."""

    i18n: I18n
    lessons: tuple[Lesson, ...]
    faq: FaqIndex
    rates: RateTable
    rules: RuleSet


def load_content(settings: Settings, content_dir: Path = CONTENT_DIR) -> Content:
    """Load and validate everything static (fail fast, naming the file and the problem)."""
    return Content(
        i18n=I18n(default_language=settings.default_language),
        lessons=tuple(load_lessons(content_dir / "lessons")),
        faq=FaqIndex.from_directory(content_dir / "faq"),
        rates=load_rates(content_dir / "rates" / "iuran.toml"),
        rules=load_rules(content_dir / "rules" / "desa_sadar.toml"),
    )


def build_services(
    settings: Settings, content_dir: Path = CONTENT_DIR, content: Content | None = None
) -> Services:
    """Services over freshly loaded content, or over ``content`` already loaded by this process;
    everything that changes while the bot runs (database, user cache, extras) is new each time."""
    content = content or load_content(settings, content_dir)
    if content.i18n.default_language != settings.default_language:
        raise ValueError("content was loaded for another DESABOT_LANG")
    activate(content.i18n)
    db = open_database(settings.database)
    return Services(
        settings=settings,
        db=db,
        i18n=content.i18n,
        lessons=list(content.lessons),
        faq=content.faq,
        rates=content.rates,
        users=UserDirectory(db),
        rules=content.rules,
        cipher=_cipher(settings),
        voice=voice.build(db),
    )


def _cipher(settings: Settings) -> PersonalDataCipher | None:
    """NIKs are only taken once DESABOT_SECRET_KEY is set; a weak key stops start-up."""
    if settings.secret_key is None:
        return None
    try:
        return PersonalDataCipher(settings.secret_key)
    except SecretKeyError as exc:
        raise ConfigError(str(exc)) from exc


def build_application(
    settings: Settings,
    services: Services | None = None,
    *,
    rate_limiter: bool = True,
    limits: TelegramLimits = TELEGRAM,
) -> Application:
    """``rate_limiter=False`` only for benchmarks that measure the stack against bare PTB;
    ``limits``: the Bot API's message limits (the local sandbox's differ, see bot/harness.py)."""
    services = services or build_services(settings)
    token = settings.token
    assert token, "build_application needs a token (the sandbox passes its own)"
    worker = settings.worker_id or default_worker_name()
    spacing = limits.chat_interval  # a chat's messages stay 1 s apart across processes too
    turns = ChatTurns(services.db, worker, spacing=spacing) if settings.several_workers else None
    builder = (
        ApplicationBuilder()
        .token(token)
        .context_types(ContextTypes(context=context.BotContext))
        .base_url(settings.api_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=JAKARTA))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(
            PerChatUpdateProcessor(
                MAX_CONCURRENT_UPDATES, on_flood=flood_notice(services), turns=turns
            )
        )
        # httpcore scans every pooled connection for each request it queues, so a big pool
        # under load costs more than it saves (bench/e2e.py: 256 → 32 connections more than
        # doubled throughput). Requests beyond the pool wait up to pool_timeout, not fail.
        .connection_pool_size(CONNECTION_POOL_SIZE)
        .pool_timeout(POOL_TIMEOUT)
        .get_updates_request(fetch_clock := FetchClock())  # /healthz: is polling alive?
    )
    budget = SharedBudget(limits) if rate_limiter else None
    if budget is not None:
        # One budget of Telegram's limits (30/s, 1/s per chat, 20/min per group) shared with
        # the broadcast worker, replies first; a 429 waits retry_after and retries (3 times)
        # instead of surfacing RetryAfter to handlers (bot/platform/ratelimit.py, DESIGN §5).
        limiter = BudgetRateLimiter(budget, max_retries=3)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    application = builder.build()
    if turns is not None:
        # Several processes: one leader sends the broadcasts, the 30/s are split between
        # the processes, a chat's updates take turns among them (bot/platform/workers.py).
        application.bot_data[CREW_KEY] = Crew(services.db, worker, budget)
        application.bot_data[TURNS_KEY] = turns
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[FETCH_CLOCK_KEY] = fetch_clock
    # Before anything else: edits, channel posts and messages sent as a chat are dropped (-3),
    # then the user's session is loaded once for every handler of this update (-2), then a
    # command leaves the half-finished dialogue of its chat (-1).
    application.add_handler(TypeHandler(Update, fallback.drop_unanswerable), group=-3)
    application.add_handler(TypeHandler(Update, context.load_session), group=-2)
    leave = dialogs.leave_on_command(frozenset({siaran.FLOW}))
    application.add_handler(MessageHandler(filters.COMMAND, leave), group=-1)
    application.add_handlers(build_handlers())
    application.add_error_handler(errors.on_error)
    return application


async def _post_init(application: Application) -> None:
    services: Services = application.bot_data[SERVICES_KEY]
    await services.db.initialize()
    if not await load_regions_if_missing(services):
        log.info("regions already loaded")
    await command_menus.publish_default(application.bot, services, SUPPORTED_LANGUAGES)
    await _publish_admin_commands(application, services)
    # In the background, cancelled at stop: thousands of officials' command lists, and the
    # national name lists of the region pickers (≈1 s), must not delay answering anyone.
    application.bot_data[_BACKGROUND_KEY] = [
        asyncio.create_task(command_menus.republish_stale(application.bot, services)),
        asyncio.create_task(region_data.warm_search(services.db)),
    ]
    # Before the worker: it sends only while this process leads (several processes).
    crew: Crew | None = application.bot_data.get(CREW_KEY)
    if crew is not None:
        await crew.start()
    # Last: the worker resumes interrupted broadcasts as soon as it starts (or leads).
    notifier = ProgressNotifier(application.bot, services, control_prefix=Prefix.BROADCAST)
    await notifier.adopt_orphans()
    services.broadcaster = _broadcaster(services, notifier, application, crew)
    if crew is not None:
        crew.on_lead(services.broadcaster.notify)
    await services.broadcaster.start()


def _broadcaster(
    services: Services, notifier: ProgressNotifier, application: Application, crew: Crew | None
) -> BroadcastWorker:
    """The one sender worker, with hooks that keep the officer's progress message current;
    it sends from the replies' message budget, with the lowest priority."""
    return BroadcastWorker.for_settings(
        services.db,
        services.settings,
        services.i18n,
        progress=notifier.progress,
        report=notifier.report,
        budget=getattr(application.bot.rate_limiter, "budget", None),
        leadership=crew,
    )


async def load_regions_if_missing(services: Services) -> bool:
    """First start: copy the Kemendagri hierarchy into SQLite (≈2 s, once)."""
    if await region_data.is_loaded(services.db):
        return False
    count = await region_data.load_regions(services.db)
    log.info("loaded %d Kemendagri regions", count)
    return True


async def _publish_admin_commands(application: Application, services: Services) -> None:
    """Admins of DESABOT_ADMIN_IDS get their tools in their own chat, in their language (the
    ones who never opened the bot get them on their first /start)."""
    for admin_id in services.settings.admin_ids:
        if not await command_menus.publish_for(application.bot, services, admin_id):
            log.info("admin commands not set for an admin without a chat")


async def _post_shutdown(application: Application) -> None:
    services: Services = application.bot_data[SERVICES_KEY]
    # Unfinished command lists are published at the next start (menu_version).
    for task in application.bot_data.pop(_BACKGROUND_KEY, []):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    if services.broadcaster is not None:
        await services.broadcaster.stop()  # lets the send in flight finish and be recorded
    crew: Crew | None = application.bot_data.get(CREW_KEY)
    if crew is not None:
        await crew.stop()  # after the worker: the next leader need not wait for the lease
    await services.db.shutdown()


ALLOWED_UPDATES = Update.ALL_TYPES
