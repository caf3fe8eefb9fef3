"""``GET /healthz`` and ``GET /metrics`` on a small HTTP port, in polling and webhook mode.

/healthz answers 200 "ok" when

* the database answers (``SELECT 1`` within ``DB_TIMEOUT``);
* updates arrive: polling — getUpdates answered within the last ``FETCH_STALE`` seconds (it
  returns at least every long-poll timeout, 10 s, even when nobody writes); webhook — PTB's
  webhook server is running;
* the outbox is not stuck: when announcements are queued for a sending broadcast, the worker is
  running and has finished a message within the last ``OUTBOX_STUCK`` seconds (longer than any
  429 retry_after Telegram gives);

and 503 with one line per failing check otherwise, so a container health check, systemd or a
monitoring agent can restart or alert. /metrics is Prometheus' text format
(bot/platform/metrics.py); the database gauges are read just before each scrape.

The server is aiohttp, already a dependency (the sandbox Bot API runs on it): a real HTTP/1.1
parser, keep-alive and timeouts for free, on the bot's own event loop. PTB's tornado server
exists only in webhook mode, and the health port must answer in polling mode too.
It binds 127.0.0.1 by default (DESABOT_HEALTH_LISTEN): the metrics are not secret but not public.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from telegram.ext import Application
from telegram.request import HTTPXRequest, RequestData

from bot.platform import metrics
from bot.platform.config import ConfigError, HealthSettings, Settings
from bot.platform.db import broadcasts, questions
from bot.platform.db.connection import Database

__all__ = ["FETCH_CLOCK_KEY", "FetchClock", "HealthServer", "Probe", "Report"]

log = logging.getLogger(__name__)

FETCH_CLOCK_KEY = "fetch_clock"  # application.bot_data key of the polling FetchClock
DB_TIMEOUT = 2.0  # seconds
FETCH_STALE = 60.0  # seconds without an answered getUpdates before polling counts as stalled
OUTBOX_STUCK = 300.0  # seconds without a finished announcement while some are queued


class FetchClock(HTTPXRequest):
    """The getUpdates connection, noting when Telegram last answered it (PTB sends getUpdates
    around the rate limiter, so this is where polling can be watched)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**{"connection_pool_size": 1, **options})
        self.last_answer: float | None = None  # time.monotonic()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        try:
            status, payload = await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        except Exception:
            metrics.API_CALLS.labels("getUpdates", "network").inc()
            raise
        # 409 (another process polls this token) and 401 are answers, but not updates.
        outcome = "ok" if status == 200 else str(status)
        metrics.API_CALLS.labels("getUpdates", outcome).inc()
        if status == 200:
            self.last_answer = time.monotonic()
        return status, payload


@dataclass(frozen=True)
class Report:
    problems: list[str]

    @property
    def healthy(self) -> bool:
        return not self.problems

    def text(self) -> str:
        return "ok\n" if self.healthy else "".join(f"{p}\n" for p in self.problems)


@dataclass
class Probe:
    """The checks, over what a running bot has (tests build one with fakes)."""

    db: Database
    webhook: bool
    updater_running: Callable[[], bool]
    fetch_clock: FetchClock | None = None
    worker: Any = None  # bot.services.broadcast.BroadcastWorker (platform does not import it)
    services: Any = None  # when given, its broadcaster (created in post_init) is the worker
    budget_waiting: Callable[[], int] = lambda: 0
    clock: Callable[[], float] = time.monotonic
    started: float = field(default_factory=time.monotonic)
    _worker_total: int = 0
    _worker_moved: float = field(default_factory=time.monotonic)
    _counted: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_application(cls, application: Application, settings: Settings) -> Probe:
        services = application.bot_data["services"]
        limiter = application.bot.rate_limiter
        budget = getattr(limiter, "budget", None)
        return cls(
            db=services.db,
            webhook=settings.webhook is not None,
            updater_running=lambda: application.updater is not None and application.updater.running,
            fetch_clock=application.bot_data.get(FETCH_CLOCK_KEY),
            services=services,
            budget_waiting=(lambda: budget.waiting) if budget is not None else (lambda: 0),
        )

    def _current_worker(self) -> Any:
        return self.worker if self.services is None else self.services.broadcaster

    # ------------------------------------------------------------- /healthz

    async def check(self) -> Report:
        problems = [p for p in (await self._database(), self._updates()) if p]
        if not problems:  # the outbox check reads the database
            problems += [p for p in [await self._outbox()] if p]
        return Report(problems)

    async def _database(self) -> str | None:
        try:
            await asyncio.wait_for(self.db.fetchone("SELECT 1"), DB_TIMEOUT)
        except TimeoutError:
            return f"database: no answer within {DB_TIMEOUT:g} s"
        except Exception as exc:  # closed, locked, corrupt: say which, never the data
            return f"database: {type(exc).__name__}"
        return None

    def _updates(self) -> str | None:
        if not self.updater_running():
            return "updates: " + ("webhook server not running" if self.webhook else "not polling")
        if self.webhook or self.fetch_clock is None:
            return None
        last = self.fetch_clock.last_answer
        since = self.clock() - (self.started if last is None else last)
        if since > FETCH_STALE:
            return f"updates: getUpdates not answered for {since:.0f} s"
        return None

    async def _outbox(self) -> str | None:
        backlog = await broadcasts.backlog(self.db)
        worker = self._current_worker()
        now = self.clock()
        total = _finished(worker)
        if total != self._worker_total:
            self._worker_total, self._worker_moved = total, now
        if backlog == 0:
            self._worker_moved = now
            return None
        task = getattr(worker, "task", None)
        if task is None or task.done():
            return f"outbox: {backlog} message(s) queued and the broadcast worker is not running"
        if now - self._worker_moved > OUTBOX_STUCK:
            idle = now - self._worker_moved
            return f"outbox: {backlog} message(s) queued, none sent for {idle:.0f} s"
        return None

    # ------------------------------------------------------------- /metrics

    async def refresh_metrics(self) -> None:
        """Gauges from the database and the worker, read just before a scrape."""
        metrics.BUDGET_WAITING.set(self.budget_waiting())
        last = self.fetch_clock.last_answer if self.fetch_clock else None
        metrics.LAST_FETCH_AGE.set(-1 if last is None else self.clock() - last)
        try:
            metrics.OUTBOX_BACKLOG.set(await broadcasts.backlog(self.db))
            metrics.HANDOFFS_WAITING.set(await questions.count_open(self.db))
        except Exception as exc:  # the scrape still answers; /healthz says what is wrong
            log.warning("metrics: database gauges not read: %s", type(exc).__name__)
        self._count_broadcasts()

    def _count_broadcasts(self) -> None:
        stats = getattr(self._current_worker(), "stats", None)
        if stats is None:
            return
        for outcome in ("sent", "blocked", "failed", "rate_limited"):
            now = int(getattr(stats, outcome))
            before = self._counted.get(outcome, 0)
            # A worker started afresh counts from 0 again: its whole count is new.
            metrics.BROADCAST_MESSAGES.labels(outcome).inc(now - before if now >= before else now)
            self._counted[outcome] = now


def _finished(worker: Any) -> int:
    stats = getattr(worker, "stats", None)
    if stats is None:
        return 0
    return int(stats.sent + stats.blocked + stats.failed + stats.rate_limited)


class HealthServer:
    """The HTTP side: ``start``/``stop``, or ``attach`` to an Application's lifecycle."""

    def __init__(self, settings: HealthSettings, probe: Probe | Callable[[], Probe]) -> None:
        self.settings = settings
        self._probe = probe
        self._runner: web.AppRunner | None = None
        self.port: int | None = None  # the bound port (settings.port may be 0 in tests)

    @property
    def probe(self) -> Probe:
        if not isinstance(self._probe, Probe):
            self._probe = self._probe()
        return self._probe

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)  # scrapes every 15 s: no log lines
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.listen, self.settings.port)
        try:
            await site.start()
        except OSError as exc:  # port in use, address not on this machine: one line, exit 2
            await self.stop()
            raise ConfigError(
                f"DESABOT_HEALTH_LISTEN/DESABOT_HEALTH_PORT {self.settings.listen}:"
                f"{self.settings.port} cannot be bound: {exc.strerror or exc}"
            ) from exc
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.settings.port
        log.info("health and metrics on http://%s:%s/healthz", self.settings.listen, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def attach(self, application: Application) -> None:
        """Start after the application's post_init, stop before its post_shutdown."""
        app_init, app_shutdown = application.post_init, application.post_shutdown

        async def post_init(app: Application) -> None:
            if app_init is not None:
                await app_init(app)
            await self.start()

        async def post_shutdown(app: Application) -> None:
            await self.stop()
            if app_shutdown is not None:
                await app_shutdown(app)

        application.post_init = post_init
        application.post_shutdown = post_shutdown

    async def _healthz(self, _: web.Request) -> web.Response:
        report = await self.probe.check()
        if not report.healthy:
            log.warning("unhealthy: %s", "; ".join(report.problems))
        return web.Response(status=200 if report.healthy else 503, text=report.text())

    async def _metrics(self, _: web.Request) -> web.Response:
        await self.probe.refresh_metrics()
        return web.Response(body=metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE})


def for_application(
    application: Application,
    settings: Settings,
) -> HealthServer | None:
    """The health server of ``desabot run``, attached; None when DESABOT_HEALTH_PORT=0."""
    if settings.health is None:
        return None
    server = HealthServer(settings.health, lambda: Probe.for_application(application, settings))
    server.attach(application)
    return server
