"""The officer's view of a broadcast while it goes out: the progress message (counts, an ETA
at the worker's real pace, pause/resume/stop buttons), kept current by the worker's hooks, and
the final report.

The ETA is computed from ``DESABOT_BROADCAST_RATE`` (the rate the worker was built with), not
a constant, so a branch that lowers or raises the rate is told the truth. A broadcast whose
progress message a crash cut off (the process died right after "Ya, kirim") gets a new one in
the officer's chat, followed by the report. Failures to edit or report never stop delivery:
they are only logged.
"""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.platform.callback import pack
from bot.platform.db import broadcasts, users
from bot.platform.db.broadcasts import Broadcast, DeliveryCounts
from bot.platform.i18n import I18n
from bot.services.container import Services

log = logging.getLogger(__name__)


def rate_of(services: Services) -> float:
    """Messages per second the worker sends at: its own rate once built, else the setting."""
    worker = services.broadcaster
    return worker.rate if worker is not None else services.settings.broadcast_rate


def eta_minutes(counts: DeliveryCounts, rate: float) -> int:
    """Minutes left at ``rate`` messages per second (rounded up; 0 when done)."""
    if not counts.remaining:
        return 0
    per_minute = max(rate * 60, 1.0)
    return -(-counts.remaining // int(per_minute))


def progress_text(
    i18n: I18n,
    lang: str,
    broadcast_id: int,
    counts: DeliveryCounts,
    status: str,
    rate: float,
    *,
    scheduled: bool = False,
) -> str:
    return i18n.render(
        "siaran_progress",
        lang,
        id=broadcast_id,
        counts=counts,
        status=status,
        eta=eta_minutes(counts, rate),
        scheduled=scheduled,
    )


def control_markup(
    i18n: I18n, lang: str, prefix: str, broadcast_id: int, status: str
) -> InlineKeyboardMarkup | None:
    """Pause/stop while sending, resume/stop while paused, nothing once finished.

    ``prefix`` is the composer's callback prefix (the handlers' registry), given by the
    caller so this module imports no handler."""
    if status == "sending":
        buttons = [(i18n.gettext("⏸️ Jeda", lang), "p"), (i18n.gettext("⛔ Hentikan", lang), "c")]
    elif status == "paused":
        buttons = [
            (i18n.gettext("▶️ Lanjutkan", lang), "r"),
            (i18n.gettext("⛔ Hentikan", lang), "c"),
        ]
    else:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t, callback_data=pack(prefix, a, broadcast_id)) for t, a in buttons]]
    )


class ProgressNotifier:
    """The worker's ``progress`` and ``report`` hooks: edit the officer's progress message
    (about every 2 s) and send the final report, in the officer's language."""

    def __init__(self, bot: Bot, services: Services, control_prefix: str) -> None:
        self.bot, self.services, self.control_prefix = bot, services, control_prefix
        self.orphaned: set[int] = set()
        self._started: set[int] = set()  # scheduled broadcasts whose start was announced

    async def adopt_orphans(self) -> None:
        """Remember the broadcasts a crash left without a progress message. Called before
        the worker starts and before any update is handled, so a broadcast launched by this
        process (whose handler is storing its message right now) is never among them."""
        self.orphaned = await broadcasts.launched_without_progress(self.services.db)

    async def progress(self, broadcast_id: int, counts: DeliveryCounts) -> None:
        found = await broadcasts.get(self.services.db, broadcast_id)
        if found is not None:
            await self._edit(found, counts, found.status)

    async def report(self, found: Broadcast, counts: DeliveryCounts) -> None:
        await self._edit(found, counts, found.status)
        found = await broadcasts.get(self.services.db, found.id) or found  # may be resumed
        if found.progress_chat_id is None:
            return
        services = self.services
        lang = await self._language(found.created_by)
        reads = await broadcasts.read_count(services.db, found.id)
        text = services.i18n.render(
            "siaran_report", lang, id=found.id, counts=counts, status=found.status, reads=reads
        )
        try:
            await self.bot.send_message(found.progress_chat_id, text)
        except TelegramError as exc:
            log.warning("report of broadcast %s not sent: %s", found.id, type(exc).__name__)

    async def _edit(self, found: Broadcast, counts: DeliveryCounts, status: str) -> None:
        i18n = self.services.i18n
        lang = await self._language(found.created_by)
        scheduled = found.scheduled_at is not None
        rate = rate_of(self.services)
        text = progress_text(i18n, lang, found.id, counts, status, rate, scheduled=scheduled)
        markup = control_markup(i18n, lang, self.control_prefix, found.id, status)
        if found.progress_chat_id is None or found.progress_message_id is None:
            await self._resume(found, text, markup)
            return
        try:
            await self.bot.edit_message_text(
                text, found.progress_chat_id, found.progress_message_id, reply_markup=markup
            )
        except TelegramError as exc:  # "message is not modified", or the officer deleted it
            log.debug("progress of broadcast %s not edited: %s", found.id, exc)

    async def _resume(
        self, found: Broadcast, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        """A new progress message in the officer's private chat (where /siaran runs) for a
        scheduled broadcast that has just started (nobody was watching when it was launched)
        or one whose message a crash cut off; later edits and the final report follow it."""
        starting = found.scheduled_at is not None and found.id not in self._started
        if found.id not in self.orphaned and not starting:
            return  # launched by this process: the handler is storing its message right now
        self.orphaned.discard(found.id)
        self._started.add(found.id)
        chat_id = found.progress_chat_id or found.created_by
        try:
            message = await self.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as exc:
            log.warning("progress of broadcast %s not resumed: %s", found.id, type(exc).__name__)
            return
        db = self.services.db
        await broadcasts.set_progress_message(db, found.id, chat_id, message.message_id)

    async def _language(self, officer_id: int) -> str:
        officer = await users.get(self.services.db, officer_id)
        return officer.language if officer else self.services.settings.default_language
