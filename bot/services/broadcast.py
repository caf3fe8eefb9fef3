"""Durable broadcast delivery: the outbox in SQLite and ONE paced sender worker.

How a broadcast is delivered
----------------------------
An officer's announcement is a ``broadcasts`` row; ``broadcasts.enqueue`` adds one ``outbox``
row per recipient and switches it to 'sending' in one transaction (bot/platform/db/broadcasts.py).
:class:`BroadcastWorker` is one asyncio task that walks the outbox of the oldest 'sending'
broadcast in user-id order. For each row it

1. waits for a token of its bucket (``rate``, default 25/s, under Telegram's ≈30/s for bulk
   messages) and until the chat had no message for ``per_chat_interval`` (1 s; automatic for
   distinct recipients, it matters for retries);
2. marks the row 'sending' and commits; the same statement checks that the broadcast is still
   'sending', so pause and cancel take effect before the next message;
3. sends the text in the recipient's language (fallback: user language → default language →
   any text written), as a photo/document caption when the broadcast has media, with the
   button "Sudah dibaca 👍" (callback ``read:<broadcast_id>``);
4. records the outcome and commits: 'sent' with the message_id; 403 → 'blocked' and the user
   stopped; 400 → 'failed' with Telegram's reason; 429 → back to 'queued', sleep
   ``retry_after``, retry the same row; network errors → back to 'queued', retry with
   exponential backoff, 'failed' after ``max_attempts``.

One request in flight, never ``asyncio.gather`` over recipients: a broadcast cannot fill the
connection pool or a limiter's queue ahead of villagers' replies (PTB issues #3689, #3950).
The worker sends through its own :class:`telegram.Bot` (:func:`dedicated_bot`) rather than
the Application's: that bot's rate limiter retries 429s itself, while the worker must see
each 429; a separate two-connection pool also means interactive replies never wait for a
broadcast connection. Both take their messages from ONE budget of Telegram's 30/s
(bot/platform/ratelimit.py, ``TelegramSender(budget=...)``) in which the worker has the
lowest priority: villagers' replies go first, the broadcast fills what they leave.
It writes through the bot's one writer (``Database.write``, bot/platform/db/connection.py):
each of its writes is one short transaction queued on the same lock as villagers' writes, so
neither can ever find SQLite's write lock taken by the other (the "database is locked" of
issue 13 came from the worker's second connection). Its reads use the reader pool.

What a crash can do
-------------------
Between step 2 and step 4 the row is 'sending'. If the process dies there (SIGKILL, OOM,
power cut) nobody knows whether Telegram accepted the message: a bot cannot read back what it
sent and the Bot API has no idempotency key. Because the worker has one send in flight, at
most ONE row per worker is in this state:

* died before Telegram received the request, or Telegram refused it: the villager has not
  got it;
* died after Telegram accepted it but before the 'sent' commit (about a millisecond: parse
  the answer, one UPDATE): the villager has it and the row still says 'sending'.

On start-up the worker puts that row back to 'queued' (``last_error`` says so) and sends it
again. The decision is **at most one duplicate per crash, never a loss**: a lost announcement
is silent (the villager misses a sosialisasi date, the report says "sent"), a duplicate is
visible, harmless, one recipient per crash, and "Sudah dibaca" counts once per recipient.
Treating the row as sent would trade that for up to one silent loss per crash.
:meth:`BroadcastWorker.stop` (post_shutdown, i.e. SIGTERM, deploys) lets the send in flight
finish and be recorded, so a clean restart leaves no ambiguous row at all.

The same ambiguity exists without a crash when a request times out or the connection drops
after it was sent: Telegram may have accepted it and the retry may duplicate it. The dedicated
bot's long read timeout keeps that to real outages.

The final report hook runs before the broadcast is marked reported, so a crash right there
repeats the report (never loses it).

Several processes
-----------------
With several ``desabot run`` processes on one database (bot/platform/workers.py) every
process has a worker, but only the one holding the leader's lease (``leadership``) runs the
loop; the others wait. Each claim (step 2) renews the lease in the same transaction, so a
process that lost it sends nothing more. A process that becomes leader first puts the rows
left 'sending' back in the queue, exactly as after a crash — the dead leader's one request
in flight is the only possible duplicate — and then continues from the stored progress.
Scheduled broadcasts start once: only the leader moves them to 'sending', with an UPDATE
that checks they are still 'scheduled'.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.platform import metrics
from bot.platform.callback import pack, unpack
from bot.platform.config import DEFAULT_BROADCAST_RATE, Settings
from bot.platform.db import broadcasts
from bot.platform.db.broadcasts import Broadcast, DeliveryCounts, Recipient
from bot.platform.db.connection import Database, utcnow
from bot.platform.i18n import N_, I18n
from bot.platform.ratelimit import RETRY_MARGIN, Priority, SharedBudget, retry_seconds

__all__ = [
    "READ",
    "READ_BUTTON",
    "Announcement",
    "BroadcastWorker",
    "Leadership",
    "Sender",
    "TelegramSender",
    "TokenBucket",
    "WorkerStats",
    "dedicated_bot",
    "pick_text",
    "read_broadcast_id",
    "read_callback",
]

log = logging.getLogger(__name__)

READ = "read"  # callback prefix of the "Sudah dibaca" button: read:<broadcast_id>
READ_BUTTON = N_("Sudah dibaca 👍")
# Under every announcement: who sent it (the officer's office, or DESABOT_SENDER).
SENDER_LINE = N_("✉️ Pengirim: %(sender)s")
DEFAULT_RATE = DEFAULT_BROADCAST_RATE  # messages/s; production takes DESABOT_BROADCAST_RATE
BATCH_SIZE = 100  # outbox rows read per query
STOP_TIMEOUT = 10.0
INTERRUPTED = "interrupted mid-send (crash); resent, possibly a duplicate"
# Telegram normally answers in well under a second; a long read timeout keeps "timed out but
# accepted" (a possible duplicate on retry) to real outages.
READ_TIMEOUT = 30.0

ProgressHook = Callable[[int, DeliveryCounts], Awaitable[None]]
ReportHook = Callable[[Broadcast, DeliveryCounts], Awaitable[None]]


# ----------------------------------------------------------------- what is sent


@dataclass(frozen=True)
class Announcement:
    """One recipient's message: the text already picked for their language."""

    broadcast_id: int
    language: str  # the recipient's language (for the button label)
    text: str  # Telegram HTML
    media_kind: str | None = None  # photo | document
    media_file_id: str | None = None
    sender: str | None = None  # the office that signs it, shown under the text


def signed(text: str, sender: str | None, line: str) -> str:
    """The officer's text with the sender line under it (``line`` is SENDER_LINE translated
    and filled with the escaped office name): villagers see who sent it, which tells a real
    announcement from a scam. Preview and delivery use this one function."""
    return f"{text}\n\n<i>{line}</i>" if sender else text


def sender_line(i18n: I18n | None, language: str, sender: str) -> str:
    if i18n is None:
        return SENDER_LINE % {"sender": html.escape(sender)}
    return i18n.gettext(SENDER_LINE, language, sender=html.escape(sender))


def pick_text(texts: Mapping[str, str] | Broadcast, language: str, default_language: str) -> str:
    """Recipient's language → default language → whichever text the officer wrote."""
    available = texts.texts if isinstance(texts, Broadcast) else texts
    for lang in (language, default_language, *broadcasts.LANGUAGES):
        if available.get(lang):
            return available[lang]
    raise ValueError("a broadcast without any text")


def read_callback(broadcast_id: int) -> str:
    return pack(READ, broadcast_id)


def read_broadcast_id(data: str | None) -> int | None:
    """The broadcast id of a "Sudah dibaca" press, or None for anything else."""
    callback = unpack(data)
    if callback.prefix != READ:
        return None
    broadcast_id = callback.int_part(0, default=-1)
    return broadcast_id if broadcast_id > 0 else None


class Leadership(Protocol):
    """Whether this process may send broadcasts (bot/platform/workers.py ``Crew``)."""

    leading: bool
    term: int  # changes each time this process becomes the leader

    async def confirm_leader(self) -> bool:
        """Inside a write transaction: still the leader (lease renewed in it)."""
        ...


class Sender(Protocol):
    """Sends one announcement; raises telegram.error exceptions as the Bot API does."""

    async def initialize(self) -> None: ...

    async def shutdown(self) -> None: ...

    async def send(self, chat_id: int, announcement: Announcement) -> int:
        """Returns the message_id Telegram gave the message."""
        ...


class TelegramSender:
    """Sends through a :class:`telegram.Bot`; ``owns_bot``: shut it down on stop; ``budget``:
    the bot's shared message budget, of which announcements take what replies leave."""

    def __init__(
        self,
        bot: Bot,
        i18n: I18n | None = None,
        *,
        owns_bot: bool = False,
        budget: SharedBudget | None = None,
    ) -> None:
        self.bot = bot
        self.i18n = i18n
        self.owns_bot = owns_bot
        self.budget = budget

    async def initialize(self) -> None:
        await self.bot.initialize()

    async def shutdown(self) -> None:
        if self.owns_bot:
            await self.bot.shutdown()

    def _markup(self, announcement: Announcement) -> InlineKeyboardMarkup:
        label = READ_BUTTON
        if self.i18n is not None:
            label = self.i18n.gettext(READ_BUTTON, announcement.language)
        data = read_callback(announcement.broadcast_id)
        return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])

    async def send(self, chat_id: int, announcement: Announcement) -> int:
        if self.budget is None:
            return await self._counted(chat_id, announcement)
        async with self.budget.slot(chat_id, Priority.BROADCAST):
            try:
                return await self._counted(chat_id, announcement)
            except RetryAfter as exc:  # the worker waits too; replies to this chat wait with it
                self.budget.pause(chat_id, retry_seconds(exc) + RETRY_MARGIN)
                raise

    async def _counted(self, chat_id: int, announcement: Announcement) -> int:
        """The worker's Bot has no rate limiter, which counts the Application's calls."""
        media = announcement.media_kind if announcement.media_file_id else None
        method = _METHODS.get(media or "", "sendMessage")
        try:
            message_id = await self._send(chat_id, announcement)
        except TelegramError as exc:
            metrics.api_call(method, exc)
            raise
        metrics.api_call(method, None)
        return message_id

    async def _send(self, chat_id: int, announcement: Announcement) -> int:
        sender = announcement.sender
        line = sender_line(self.i18n, announcement.language, sender) if sender else ""
        markup, text, file_id = (
            self._markup(announcement),
            signed(announcement.text, sender, line),
            announcement.media_file_id,
        )
        message: Message
        if announcement.media_kind == "photo" and file_id:
            message = await self.bot.send_photo(
                chat_id, file_id, caption=text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        elif announcement.media_kind == "document" and file_id:
            message = await self.bot.send_document(
                chat_id, file_id, caption=text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        else:
            message = await self.bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        return message.message_id


_METHODS = {"photo": "sendPhoto", "document": "sendDocument"}


def dedicated_bot(settings: Settings) -> Bot:
    """The worker's own Bot: no rate limiter (it sees each 429), its own pool, long reads."""
    if not settings.token:
        raise ValueError("the broadcast worker needs DESABOT_TOKEN")
    request = HTTPXRequest(
        connection_pool_size=2, read_timeout=READ_TIMEOUT, connect_timeout=10.0, pool_timeout=10.0
    )
    return Bot(
        settings.token,
        base_url=settings.api_url,
        base_file_url=settings.file_url,
        request=request,
        get_updates_request=HTTPXRequest(connection_pool_size=1),
    )


# ----------------------------------------------------------------- pacing


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up (a short catch-up after a slow
    request, yet never more than rate + burst in any one-second window)."""

    def __init__(
        self, rate: float, burst: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst, self._clock = rate, burst, clock
        self._tokens, self._updated = burst, clock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    async def take(self) -> None:
        self._refill()
        if self._tokens < 1:
            await asyncio.sleep((1 - self._tokens) / self.rate)
            self._refill()
        self._tokens -= 1

    def empty(self) -> None:
        """After a 429: no saved-up burst right after Telegram asked us to slow down."""
        self._refill()
        self._tokens = min(self._tokens, 0.0)


class ChatSpacing:
    """At least ``interval`` seconds between two messages to the same chat (Telegram: 1/s)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval, self._clock = interval, clock
        self._last: dict[int, float] = {}

    def wait_time(self, chat_id: int) -> float:
        last = self._last.get(chat_id)
        return 0.0 if last is None else max(0.0, last + self.interval - self._clock())

    def record(self, chat_id: int) -> None:
        now = self._clock()
        self._last[chat_id] = now
        if len(self._last) > 4096:  # keep only chats that can still be too recent
            self._last = {c: t for c, t in self._last.items() if now - t < self.interval}


# ----------------------------------------------------------------- the worker


# Databases with a running worker in this process (see BroadcastWorker.start).
_RUNNING: set[str] = set()


def _database_key(db: Database) -> str:
    return db.identity


@dataclass
class WorkerStats:
    """What this worker did since start(); the outbox has the durable truth."""

    sent: int = 0
    blocked: int = 0
    failed: int = 0
    rate_limited: int = 0  # 429s received
    network_retries: int = 0
    resumed: int = 0  # rows found 'sending' at start-up (a crash) and sent again


@dataclass(frozen=True)
class _Retry:
    delay: float
    counts: bool  # network errors count towards max_attempts; a 429 does not


class BroadcastWorker:
    """The one sender task. ``start``/``stop`` go to post_init/post_shutdown."""

    def __init__(
        self,
        db: Database,
        sender: Sender,
        *,
        rate: float = DEFAULT_RATE,
        burst: float | None = None,
        per_chat_interval: float = 1.0,
        max_attempts: int = 5,
        backoff: float = 1.0,
        backoff_max: float = 60.0,
        progress_interval: float = 2.0,
        poll_interval: float = 1.0,
        default_language: str = "id",
        progress: ProgressHook | None = None,
        report: ReportHook | None = None,
        leadership: Leadership | None = None,
    ) -> None:
        # The bot's Database: its one writer and its reader pool (module docstring).
        self.db, self.sender = db, sender
        self.rate = rate
        # A tenth of a second's worth of catch-up: 25/s → 2.5 (27.5 < 30 in any second).
        self._bucket = TokenBucket(rate, burst or max(1.0, rate / 10))
        self._spacing = ChatSpacing(per_chat_interval)
        self.max_attempts, self.backoff, self.backoff_max = max_attempts, backoff, backoff_max
        self.progress_interval, self.poll_interval = progress_interval, poll_interval
        self.default_language = default_language
        self.progress, self.report = progress, report
        # Several processes: only the leader sends (module docstring); None: always this one.
        self.leadership = leadership
        self._recovered_term: int | None = None  # the leadership term whose leftovers are requeued
        self.stats = WorkerStats()
        self._task: asyncio.Task[None] | None = None
        self._hook_task: asyncio.Task[None] | None = None
        self._progress_at = float("-inf")
        self._stopping = False
        self._wake = asyncio.Event()  # something changed: look for work now
        self._stop = asyncio.Event()  # cuts retry sleeps short on stop()

    @classmethod
    def for_settings(
        cls, db: Database, settings: Settings, i18n: I18n | None = None, **options: Any
    ) -> BroadcastWorker:
        """The production wiring: a dedicated bot, owned (and shut down) by the worker, taking
        its messages from ``budget`` (the Application's, see bot/app.py) when given."""
        budget: SharedBudget | None = options.pop("budget", None)
        sender = TelegramSender(dedicated_bot(settings), i18n, owns_bot=True, budget=budget)
        options.setdefault("default_language", settings.default_language)
        options.setdefault("rate", settings.broadcast_rate)
        return cls(db, sender, **options)

    @property
    def task(self) -> asyncio.Task[None] | None:
        return self._task

    # ------------------------------------------------------------- lifecycle and controls

    async def start(self) -> None:
        """Start the task. One worker per database: a second one would take the first one's
        in-flight row for a crash leftover and send it again (RuntimeError)."""
        if self._task is not None:
            return
        key = _database_key(self.db)
        if key in _RUNNING:
            raise RuntimeError(f"a broadcast worker is already running on {key}")
        await self.sender.initialize()
        self._stopping = False
        self._stop.clear()
        _RUNNING.add(key)
        self._task = asyncio.create_task(self._run(), name="broadcast-worker")
        # Also when the task dies without stop() (cancelled, as in a crash test).
        self._task.add_done_callback(lambda _: _RUNNING.discard(key))

    async def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Let the send in flight finish and be recorded, then end the task."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._stop.set()
        self._wake.set()
        await asyncio.wait({task}, timeout=timeout)
        if not task.done():
            task.cancel()  # the row in flight stays 'sending' and is resent after a restart
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if self._hook_task is not None:
            await asyncio.gather(self._hook_task, return_exceptions=True)
        await self.sender.shutdown()

    def notify(self) -> None:
        """A broadcast was enqueued or changed: look now instead of at the next poll."""
        self._wake.set()

    async def pause(self, broadcast_id: int) -> bool:
        return await self._change(broadcast_id, "paused", broadcasts.PAUSABLE)

    async def resume(self, broadcast_id: int) -> bool:
        return await self._change(broadcast_id, "sending", broadcasts.RESUMABLE)

    async def cancel(self, broadcast_id: int) -> bool:
        """Stops before the next message; recipients not reached stay 'queued' in the report."""
        return await self._change(broadcast_id, "cancelled", broadcasts.CANCELLABLE)

    async def _change(self, broadcast_id: int, status: str, allowed: tuple[str, ...]) -> bool:
        changed = await broadcasts.set_status(self.db, broadcast_id, status, allowed_from=allowed)
        self.notify()
        return changed

    # ------------------------------------------------------------- the loop

    async def _run(self) -> None:
        while not self._stopping:
            try:
                if self.leadership is not None and not self.leadership.leading:
                    await self._idle()  # another process sends; woken when this one leads
                    continue
                term = self.leadership.term if self.leadership is not None else 0
                if self._recovered_term != term:
                    await self._recover()
                    self._recovered_term = term
                await self._round()
            except Exception:  # a bug or a database error must not end delivery for good
                log.exception("broadcast worker round failed; retrying")
                await self._sleep(self.poll_interval)

    async def _recover(self) -> None:
        """Rows left 'sending' by a crash go back to the queue (module docstring)."""
        resumed = await broadcasts.requeue_interrupted(self.db, INTERRUPTED)
        if resumed:
            self.stats.resumed += resumed
            log.warning("broadcast: %d message(s) interrupted by a crash will be resent", resumed)

    async def _round(self) -> None:
        self._wake.clear()
        await self._report_finished()
        await broadcasts.start_due(self.db, utcnow())
        broadcast = await broadcasts.first_sending(self.db)
        if broadcast is None or not await self._send_batch(broadcast):
            await self._idle()

    async def _idle(self) -> None:
        # A stop() that came before _round cleared the wake-up must not wait a poll interval.
        if self._stopping:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self.poll_interval)

    async def _sleep(self, seconds: float) -> None:
        """Sleep, unless stop() is called meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    async def _send_batch(self, broadcast: Broadcast) -> bool:
        """Send the next rows; False when there was nothing to do (so the loop may rest)."""
        rows = await broadcasts.next_queued(self.db, broadcast.id, BATCH_SIZE)
        if not rows:
            # Done (reported next round). If a row is still 'sending' elsewhere, wait for it.
            return await broadcasts.mark_done(self.db, broadcast.id)
        for row in rows:
            if self._stopping or not await self._deliver(broadcast, row):
                break
            await self._maybe_progress(broadcast.id)
        return True

    # ------------------------------------------------------------- one recipient

    async def _deliver(self, broadcast: Broadcast, row: Recipient) -> bool:
        """Send to one recipient until the row has an outcome; False if the broadcast stopped
        being 'sending' (pause, cancel) or the worker is stopping."""
        announcement = self._announcement(broadcast, row.language)
        failures = 0
        while not self._stopping:
            await self._pace(row.user_id)
            if not await self._claim(broadcast.id, row.user_id):
                return False
            retry = await self._send_once(broadcast.id, row.user_id, announcement, failures)
            if retry is None:
                return True
            if retry.counts:
                failures += 1
            await self._sleep(retry.delay)
        return False

    async def _claim(self, broadcast_id: int, user_id: int) -> bool:
        if self.leadership is None:
            return await broadcasts.claim(self.db, broadcast_id, user_id)
        async with self.db.write():  # the lease renewed and the row claimed, or neither
            if not await self.leadership.confirm_leader():
                return False
            return await broadcasts.claim(self.db, broadcast_id, user_id)

    def _announcement(self, broadcast: Broadcast, language: str) -> Announcement:
        return Announcement(
            broadcast_id=broadcast.id,
            language=language,
            text=pick_text(broadcast, language, self.default_language),
            media_kind=broadcast.media_kind,
            media_file_id=broadcast.media_file_id,
            sender=broadcast.sender,
        )

    async def _pace(self, chat_id: int) -> None:
        await self._bucket.take()
        wait = self._spacing.wait_time(chat_id)
        if wait > 0:
            await asyncio.sleep(wait)

    async def _send_once(
        self, broadcast_id: int, user_id: int, announcement: Announcement, failures: int
    ) -> _Retry | None:
        """One request for a claimed row; records the outcome, or says when to retry."""
        try:
            message_id = await self.sender.send(user_id, announcement)
        except RetryAfter as exc:
            return await self._rate_limited(broadcast_id, user_id, exc)
        except Forbidden as exc:  # blocked the bot, deactivated, never opened the chat
            await broadcasts.mark_blocked(self.db, broadcast_id, user_id, f"403 {exc.message}")
            self.stats.blocked += 1
        except BadRequest as exc:  # before NetworkError: PTB's BadRequest subclasses it
            await self._failed(broadcast_id, user_id, f"400 {exc.message}")
        except NetworkError as exc:  # includes TimedOut
            return await self._network_error(broadcast_id, user_id, exc, failures)
        except TelegramError as exc:  # ChatMigrated, Conflict…: a retry would not help
            await self._failed(broadcast_id, user_id, f"{type(exc).__name__}: {exc.message}")
        else:
            await broadcasts.mark_sent(self.db, broadcast_id, user_id, message_id)
            self.stats.sent += 1
        finally:
            self._spacing.record(user_id)
        return None

    async def _failed(self, broadcast_id: int, user_id: int, reason: str) -> None:
        await broadcasts.mark_failed(self.db, broadcast_id, user_id, reason)
        self.stats.failed += 1

    async def _rate_limited(self, broadcast_id: int, user_id: int, exc: RetryAfter) -> _Retry:
        seconds = retry_seconds(exc)
        # Back to 'queued' while we wait: a crash during a long wait leaves nothing ambiguous.
        await broadcasts.release(self.db, broadcast_id, user_id, f"429 retry after {seconds:g}s")
        self.stats.rate_limited += 1
        self._bucket.empty()
        log.info("broadcast %d: flood limit, waiting %.1f s", broadcast_id, seconds)
        return _Retry(seconds + RETRY_MARGIN, counts=False)

    async def _network_error(
        self, broadcast_id: int, user_id: int, exc: NetworkError, failures: int
    ) -> _Retry | None:
        reason = f"network: {exc.message}"
        if failures + 1 >= self.max_attempts:
            await self._failed(broadcast_id, user_id, reason)
            return None
        await broadcasts.release(self.db, broadcast_id, user_id, reason)
        self.stats.network_retries += 1
        return _Retry(min(self.backoff_max, self.backoff * 2**failures), counts=True)

    # ------------------------------------------------------------- officer's view

    async def _maybe_progress(self, broadcast_id: int) -> None:
        """Every ``progress_interval`` s, not per message: the officer's message is edited
        by the hook, and Telegram limits edits like messages."""
        now = time.monotonic()
        if self.progress is None or now - self._progress_at < self.progress_interval:
            return
        if self._hook_task is not None and not self._hook_task.done():
            return  # the previous edit is still on its way; never queue them up
        self._progress_at = now
        counts = await broadcasts.counts(self.db, broadcast_id)
        # Its own task: a slow or rate-limited edit must not hold up the next recipient.
        self._hook_task = asyncio.create_task(self._call_progress(broadcast_id, counts))

    async def _call_progress(self, broadcast_id: int, counts: DeliveryCounts) -> None:
        assert self.progress is not None
        try:
            await self.progress(broadcast_id, counts)
        except Exception:
            log.exception("broadcast %d: progress hook failed", broadcast_id)

    async def _report_finished(self) -> None:
        if self._hook_task is not None:
            # A progress edit still on its way may be the one that sends a scheduled
            # broadcast's first message and stores it: the report must follow that message,
            # or it finds no chat to go to and is lost.
            await asyncio.gather(self._hook_task, return_exceptions=True)
        for broadcast in await broadcasts.unreported(self.db):
            counts = await broadcasts.counts(self.db, broadcast.id)
            log.info("broadcast %d %s: %s", broadcast.id, broadcast.status, counts)
            if self.report is not None:
                try:
                    await self.report(broadcast, counts)
                except Exception:
                    log.exception("broadcast %d: report hook failed", broadcast.id)
            await broadcasts.mark_reported(self.db, broadcast.id)
