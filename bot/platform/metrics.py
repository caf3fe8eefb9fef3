"""Prometheus metrics of the running bot (served on ``GET /metrics`` by bot/platform/health.py).

Counters and the latency histogram are updated where things happen (the update processor,
the error handler, the rate limiter, the FAQ service); gauges that describe the database
(outbox backlog, hand-offs waiting) are read by the health server just before each scrape.
Labels are small fixed sets (update types, exception class names, Bot API methods, outcomes):
never a user id, a chat id or any text, so no personal data can reach the metrics and the
number of series stays bounded.

One registry for the process (``REGISTRY``), not prometheus_client's global one: the tests
start several bots in one process and read deltas, and nothing else registers here by accident.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import TypeVar

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

__all__ = [
    "CONTENT_TYPE",
    "REGISTRY",
    "api_call",
    "error",
    "faq_outcome",
    "render",
    "timed_update",
    "update_type",
]

T = TypeVar("T")

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)  # memory, CPU, open files of this process
PlatformCollector(registry=REGISTRY)  # Python version

UPDATES = Counter(
    "desabot_updates", "Updates received from Telegram, by type", ["type"], registry=REGISTRY
)
UPDATES_DROPPED = Counter(
    "desabot_updates_dropped",
    "Updates not handled: flood (a chat's queue was full) or repeated (an update_id seen before)",
    ["reason"],
    registry=REGISTRY,
)
HANDLER_SECONDS = Histogram(
    "desabot_update_handling_seconds",
    "Time from the start of handling an update to its last handler finishing (includes the"
    " replies sent, and waiting for Telegram's message budget)",
    ["type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
ERRORS = Counter(
    "desabot_errors",
    "Errors that reached the error handler, by exception class",
    ["kind"],
    registry=REGISTRY,
)
API_CALLS = Counter(
    "desabot_telegram_requests",
    "Bot API requests by method and outcome (ok, 429, 403, 400, network, error)",
    ["method", "outcome"],
    registry=REGISTRY,
)
BUDGET_WAITING = Gauge(
    "desabot_budget_waiting",
    "Messages waiting for Telegram's message budget (replies and announcements)",
    registry=REGISTRY,
)
OUTBOX_BACKLOG = Gauge(
    "desabot_outbox_backlog",
    "Announcement messages still to send for broadcasts that are sending",
    registry=REGISTRY,
)
BROADCAST_MESSAGES = Counter(
    "desabot_broadcast_messages",
    "Announcement messages by outcome (sent, blocked, failed, rate_limited)",
    ["outcome"],
    registry=REGISTRY,
)
FAQ_ANSWERS = Counter(
    "desabot_faq_answers",
    "Villagers' questions by how the FAQ answered (confident, choices, not_understood,"
    " calculator, small_talk, empty)",
    ["outcome"],
    registry=REGISTRY,
)
HANDOFFS_WAITING = Gauge(
    "desabot_handoffs_waiting",
    "Questions handed to officers and not answered yet",
    registry=REGISTRY,
)
LAST_FETCH_AGE = Gauge(
    "desabot_updates_fetch_age_seconds",
    "Seconds since getUpdates last answered (polling mode; -1 in webhook mode)",
    registry=REGISTRY,
)

# The FAQ service's kinds, in the words of the issue and the officers' report.
_FAQ_NAMES = {"ambiguous": "choices"}


def update_type(update: object) -> str:
    """message, callback_query, my_chat_member, …: the field Telegram filled in."""
    if not isinstance(update, Update):
        return type(update).__name__.lower()
    for kind in Update.ALL_TYPES:
        if getattr(update, kind, None) is not None:
            return str(kind)
    return "unknown"


async def timed_update(update: object, handling: Awaitable[T]) -> T:
    """Await ``handling`` (all handlers of one update), counting and timing it."""
    kind = update_type(update)
    UPDATES.labels(kind).inc()
    started = time.perf_counter()
    try:
        return await handling
    finally:
        HANDLER_SECONDS.labels(kind).observe(time.perf_counter() - started)


def error(exc: BaseException | None) -> None:
    ERRORS.labels(type(exc).__name__ if exc is not None else "unknown").inc()


def api_call(method: str, exc: TelegramError | None) -> None:
    API_CALLS.labels(method, _outcome(exc)).inc()


def _outcome(exc: TelegramError | None) -> str:
    if exc is None:
        return "ok"
    if isinstance(exc, RetryAfter):
        return "429"
    if isinstance(exc, Forbidden):
        return "403"
    if isinstance(exc, BadRequest):  # before NetworkError: PTB's BadRequest subclasses it
        return "400"
    if isinstance(exc, NetworkError):
        return "network"
    return "error"


def faq_outcome(kind: str) -> None:
    FAQ_ANSWERS.labels(_FAQ_NAMES.get(kind, kind)).inc()


def render() -> bytes:
    return generate_latest(REGISTRY)
