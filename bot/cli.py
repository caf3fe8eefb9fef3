"""The ``desabot`` command: run, sandbox, db migrate|backup|check, content check."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.platform.config import ConfigError, Settings, load_settings

EXIT_CONFIG = 2
LOCK_WAIT_SECONDS = 5.0  # how long start-up waits for another process's write to end


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _setup_logging(args.verbose)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except ConfigError as exc:
        # One line, no traceback: the message names the variable (DESIGN §3).
        print(f"desabot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except _StartupError as exc:
        print(f"desabot: {exc}", file=sys.stderr)
        return EXIT_CONFIG


class _StartupError(Exception):
    """Content or catalogs are broken: the bot must not start."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desabot", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (polling, or webhook when configured)").set_defaults(
        handler=_cmd_run
    )
    sandbox = sub.add_parser("sandbox", help="the bot against a local Bot API, in the terminal")
    sandbox.add_argument("--port", type=int, default=0, help="sandbox API port (0: any free)")
    sandbox.add_argument("--as", dest="as_user", default="warga", help="start as this user")
    sandbox.set_defaults(handler=_cmd_sandbox)
    db = sub.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("migrate", help="apply pending migrations").set_defaults(handler=_cmd_db_migrate)
    backup = db.add_parser("backup", help="consistent online copy of the database")
    backup.add_argument("file", type=Path)
    backup.set_defaults(handler=_cmd_db_backup)
    db.add_parser("check", help="integrity check and migration state").set_defaults(
        handler=_cmd_db_check
    )
    content = sub.add_parser("content", help="content files").add_subparsers(
        dest="content_command", required=True
    )
    content.add_parser("check", help="validate content/ and locales/").set_defaults(
        handler=_cmd_content_check
    )
    regions = sub.add_parser("regions", help="Kemendagri regions").add_subparsers(
        dest="regions_command", required=True
    )
    load = regions.add_parser(
        "load",
        help="copy the Kemendagri 2025 hierarchy into the database (the bot also does it"
        " at its first start)",
    )
    load.add_argument("--force", action="store_true", help="reload even when up to date")
    load.set_defaults(handler=_cmd_regions_load)
    faq = sub.add_parser("faq", help="FAQ tools").add_subparsers(dest="faq_command", required=True)
    report = faq.add_parser("report", help="questions not understood and answers rated 👎")
    report.add_argument("--limit", type=int, default=20, help="rows per list")
    report.set_defaults(handler=_cmd_faq_report)
    return parser


def _setup_logging(verbose: bool) -> None:
    # Text or JSON (DESABOT_LOG_FORMAT), personal data masked, httpx quiet (bot/platform/log.py).
    from bot.platform import log

    log.configure(verbose)


def _cmd_run(_: argparse.Namespace) -> int:
    from bot.runner import run_bot

    settings = load_settings(require_token=True)
    _database_writable_or_exit(settings.db_path)
    run_bot(settings, _services_or_exit(settings))
    return 0


def _database_writable_or_exit(path: Path) -> None:
    """Another process holding the write lock (a second bot, a shell left in a transaction)
    would let the bot start and then refuse every villager's write: say so and stop."""
    if not path.exists():
        return  # a first start creates it
    try:
        conn = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise _StartupError(f"database {path} cannot be opened: {exc}") from exc
        raise _StartupError(
            f"database {path} is locked by another process (another desabot, or a sqlite"
            " shell in a transaction?); stop it and start again"
        ) from exc


def _cmd_sandbox(args: argparse.Namespace) -> int:
    from bot.terminal_chat import run_sandbox_chat

    settings = load_settings()
    if not args.verbose:  # the terminal is the chat: keep library chatter out of it
        logging.getLogger().setLevel(logging.WARNING)
    return asyncio.run(run_sandbox_chat(settings, port=args.port, as_user=args.as_user))


def _services_or_exit(settings: Settings):  # type: ignore[no-untyped-def]
    from bot.app import build_services
    from bot.platform.content import ContentError
    from bot.platform.tomldata import DataFileError

    try:
        return build_services(settings)
    except (ContentError, DataFileError, FileNotFoundError) as exc:
        raise _StartupError(str(exc)) from exc


def _cmd_db_migrate(_: argparse.Namespace) -> int:
    from bot.platform.db.connection import Database

    async def migrate() -> None:
        db = Database(load_settings().db_path)
        await db.initialize(migrate=False)
        applied = await db.migrate()
        await db.shutdown()
        names = ", ".join(f"{m.version:04d}_{m.name}" for m in applied) or "nothing to apply"
        print(f"migrations applied: {names}")

    asyncio.run(migrate())
    return 0


def _cmd_regions_load(args: argparse.Namespace) -> int:
    from bot.platform.db.connection import Database
    from bot.services import regions

    async def load() -> None:
        db = Database(load_settings().db_path)
        await db.initialize()
        try:
            if await regions.is_loaded(db) and not args.force:
                print(f"regions already loaded from {regions.source()} (--force reloads)")
                return
            count = await regions.load_regions(db)
            print(f"loaded {count:,} regions from {regions.source()}")
        finally:
            await db.shutdown()

    asyncio.run(load())
    return 0


def _cmd_db_backup(args: argparse.Namespace) -> int:
    from bot.platform.db.connection import Database

    async def backup() -> None:
        db = Database(load_settings().db_path)
        await db.initialize(migrate=False)
        await db.backup(args.file)
        await db.shutdown()
        print(f"backup written to {args.file}")

    asyncio.run(backup())
    return 0


def _cmd_db_check(_: argparse.Namespace) -> int:
    from bot.platform.db.connection import Database

    async def check() -> int:
        db = Database(load_settings().db_path)
        await db.initialize(migrate=False)
        integrity = await db.integrity_check()
        pending = await db.pending_migrations()
        applied = await db.applied_versions()
        await db.shutdown()
        print(f"integrity: {', '.join(integrity)}")
        print(f"migrations applied: {len(applied)}; pending: {len(pending)}")
        for migration in pending:
            print(f"  pending {migration.version:04d}_{migration.name}")
        return 0 if integrity == ["ok"] and not pending else 1

    return asyncio.run(check())


def _cmd_faq_report(args: argparse.Namespace) -> int:
    from bot.services.faq_report import print_report

    return asyncio.run(print_report(load_settings().db_path, args.limit))


def _cmd_content_check(_: argparse.Namespace) -> int:
    from bot.platform.content_check import check_all

    problems, summary = check_all()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
