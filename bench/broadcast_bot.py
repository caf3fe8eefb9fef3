"""The bot process of bench/broadcast.py: the real Application with its broadcast worker.

python bench/broadcast_bot.py API_URL DB_PATH [--rate 300]

bot/app.py starts the worker in post_init and stops it in post_shutdown; here it runs at the
bench's rate. The bench kills this process with SIGKILL to simulate a crash and starts it
again on the same database.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application, build_services
from bot.harness import SANDBOX_TOKEN
from bot.platform.config import load_settings
from bot.platform.db.connection import Database
from bot.services.broadcast import BroadcastWorker
from bot.services.container import SERVICES_KEY, Services


def worker_rate(rate: float) -> None:
    """The application builds its worker with ``for_settings`` at the production rate (25/s);
    the bench measures it at ``rate``."""
    build = BroadcastWorker.for_settings

    def at_rate(db: Database, *args: Any, **options: Any) -> BroadcastWorker:
        return build(db, *args, **{**options, "rate": rate})

    BroadcastWorker.for_settings = at_rate  # type: ignore[method-assign, assignment]


def with_worker(application: Application, worker: BroadcastWorker) -> None:  # type: ignore[type-arg]
    """For an application that does not wire the worker itself: chain it after post_init
    (which opens the database) and stop it before post_shutdown closes the database."""
    app_init, app_shutdown = application.post_init, application.post_shutdown

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        if app_init is not None:
            await app_init(app)
        await worker.start()

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        await worker.stop()
        if app_shutdown is not None:
            await app_shutdown(app)

    application.post_init = post_init
    application.post_shutdown = post_shutdown


def run(api_url: str, db_path: Path, rate: float) -> None:
    settings = replace(load_settings({}), token=SANDBOX_TOKEN, api_url=api_url, db_path=db_path)
    worker_rate(rate)
    application = build_application(settings, build_services(settings))
    if "broadcaster" not in {f.name for f in fields(Services)}:
        services: Services = application.bot_data[SERVICES_KEY]
        worker = BroadcastWorker.for_settings(services.db, settings, services.i18n)
        with_worker(application, worker)
    application.run_polling(poll_interval=0.0, timeout=2, allowed_updates=ALLOWED_UPDATES)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("api_url")
    parser.add_argument("db_path", type=Path)
    parser.add_argument("--rate", type=float, default=300.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    run(args.api_url, args.db_path, args.rate)
