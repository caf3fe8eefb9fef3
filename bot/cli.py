"""The ``desabot`` command: run, sandbox, db migrate|backup|restore|check, keys, content check.

Thin: the work is in bot/platform/db/files.py, bot/services/key_rotation.py and bot/runner.py;
exit codes are bot/platform/exits.py.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from bot.platform.config import ConfigError, Settings, load_settings, redact_url
from bot.platform.db import files
from bot.platform.exits import ExitCode, StartupError


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _setup_logging(args.verbose)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except ConfigError as exc:
        # One line, no traceback: the message names the variable (DESIGN §3).
        return _fail(str(exc), ExitCode.CONFIG)
    except StartupError as exc:
        return _fail(str(exc), exc.code)
    except KeyboardInterrupt:
        return _fail("interrupted", ExitCode.FAILED)
    except Exception as exc:  # the last resort: still one line (-v shows the traceback)
        if args.verbose:
            raise
        return _fail(f"unexpected {type(exc).__name__}: {exc} (run with -v for details)", 1)


def _fail(message: str, code: int) -> int:
    print(f"desabot: {message}", file=sys.stderr)
    return code


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
    restore = db.add_parser(
        "restore", help="replace the database with a checked backup (the bot must be stopped)"
    )
    restore.add_argument("file", type=Path)
    restore.set_defaults(handler=_cmd_db_restore)
    db.add_parser("check", help="integrity check and migration state").set_defaults(
        handler=_cmd_db_check
    )
    copy = db.add_parser(
        "copy",
        help="copy every table from one database to another (SQLite file ⇄ postgresql:// URL),"
        " verified by row counts and checksums; the bot must be stopped",
    )
    copy.add_argument("source", help="a SQLite file or a postgresql:// URL")
    copy.add_argument("target", help="a SQLite file or a postgresql:// URL (new or empty)")
    copy.set_defaults(handler=_cmd_db_copy)
    keys = sub.add_parser("keys", help="the key that encrypts NIKs").add_subparsers(
        dest="keys_command", required=True
    )
    keys.add_parser("generate", help="print a new random key").set_defaults(
        handler=_cmd_keys_generate
    )
    rotate = keys.add_parser(
        "rotate",
        help="re-encrypt every NIK: old key in DESABOT_OLD_SECRET_KEY, new in DESABOT_SECRET_KEY",
    )
    rotate.add_argument("--batch", type=int, default=200, help="members per transaction")
    rotate.set_defaults(handler=_cmd_keys_rotate)
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
    labels = faq.add_parser(
        "labels",
        help="write questions labelled by officers (📚) and by villagers (a choice rated 👍)"
        " into content/faq/asked",
    )
    labels.add_argument(
        "--out",
        type=Path,
        help="directory of officers.toml and chosen.toml (default content/faq/asked)",
    )
    labels.set_defaults(handler=_cmd_faq_labels)
    return parser


def _setup_logging(verbose: bool) -> None:
    # Text or JSON (DESABOT_LOG_FORMAT), personal data masked, httpx quiet (bot/platform/log.py).
    from bot.platform import log

    log.configure(verbose)


def _cmd_run(_: argparse.Namespace) -> int:
    from bot.runner import preflight, run_bot

    settings = load_settings(require_token=True)
    # Parent a file, a directory, read-only, damaged, newer or locked (a PostgreSQL server:
    # driver missing, unreachable, newer): one line each.
    newest_nik = _check_database(settings)
    _key_opens_stored_niks(settings, newest_nik)
    preflight(settings)  # the webhook's port, then the Bot API (retried while unreachable)
    run_bot(settings, _services_or_exit(settings))
    return 0


def _check_database(settings: Settings) -> str | None:
    """Start-up checks of DESABOT_DB; on PostgreSQL also the newest sealed NIK, read in the
    same connection (on SQLite the key check opens the file itself)."""
    if settings.db_url is None:
        files.check_for_start(settings.db_path)
        return None
    from bot.platform.db import postgres

    probe = postgres.probe(settings.db_url)
    files.refuse_newer(Path(redact_url(settings.db_url)), probe.applied)
    return probe.newest_nik


def _key_opens_stored_niks(settings: Settings, newest_nik: str | None = None) -> None:
    from bot.platform.crypto import PersonalDataCipher, SecretKeyError
    from bot.services.key_rotation import require_key_opens, require_key_opens_stored_niks

    if settings.secret_key is None:
        return
    try:
        cipher = PersonalDataCipher(settings.secret_key)
    except SecretKeyError as exc:
        raise ConfigError(str(exc)) from None
    if settings.db_url is not None:
        require_key_opens(newest_nik, cipher)
    else:
        require_key_opens_stored_niks(settings.db_path, cipher)


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
        raise StartupError(str(exc), ExitCode.CONFIG) from exc


def _cmd_db_migrate(_: argparse.Namespace) -> int:
    from bot.platform.db.backend import open_database

    settings = load_settings()
    _check_database(settings)  # a newer database is refused, not migrated "down"

    async def migrate() -> None:
        db = open_database(settings.database)
        await db.initialize(migrate=False)
        applied = await db.migrate()
        await db.shutdown()
        names = ", ".join(f"{m.version:04d}_{m.name}" for m in applied) or "nothing to apply"
        print(f"migrations applied: {names}")

    asyncio.run(migrate())
    return 0


def _cmd_regions_load(args: argparse.Namespace) -> int:
    from bot.platform.db.backend import open_database
    from bot.services import regions

    settings = load_settings()
    _check_database(settings)  # damaged, newer or locked: one line, not a hung thread

    async def load() -> None:
        db = open_database(settings.database)
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
    with _maintenance():
        _sqlite_only(load_settings(), "back up with pg_dump or the server's own backups")
        size = files.backup(load_settings().db_path, args.file)
    print(f"backup written to {args.file} ({size:,} bytes, checked)")
    return 0


def _cmd_db_restore(args: argparse.Namespace) -> int:
    path = load_settings().db_path
    with _maintenance():
        _sqlite_only(load_settings(), "restore with pg_restore, or `desabot db copy FILE URL`")
        kept = files.restore(args.file, path)
        report = files.inspect(path)
    print(f"restored {path} from {args.file}")
    if kept is not None:
        print(f"the database it replaced is kept as {kept}")
    if report.pending:
        print(f"{len(report.pending)} migration(s) will be applied at the next start")
    return 0


def _cmd_db_check(_: argparse.Namespace) -> int:
    settings = load_settings()
    with _maintenance():
        if settings.db_url is not None:
            from bot.platform.db import postgres

            path: object = redact_url(settings.db_url)
            report = postgres.inspect(settings.db_url)
        else:
            path = settings.db_path
            report = files.inspect(settings.db_path)
    print(f"database: {path}")
    print(f"integrity: {', '.join(report.integrity)}")
    print(f"migrations applied: {len(report.applied)}; pending: {len(report.pending)}")
    for migration in report.pending:
        print(f"  pending {migration.version:04d}_{migration.name}")
    if report.unknown:
        versions = ", ".join(f"{v:04d}" for v in report.unknown)
        print(f"unknown migrations (a newer desabot wrote them): {versions}")
    return 0 if report.healthy and not report.pending else 1


def _sqlite_only(settings: Settings, instead: str) -> None:
    if settings.db_url is not None:
        raise StartupError(f"DESABOT_DB is a PostgreSQL server: {instead} (README 'PostgreSQL')")


def _cmd_db_copy(args: argparse.Namespace) -> int:
    from bot.platform.db.copy import copy_database

    with _maintenance():
        asyncio.run(copy_database(args.source, args.target, progress=print))
    return 0


@contextlib.contextmanager
def _maintenance() -> Iterator[None]:
    """Maintenance commands fail with exit code 1 whatever the cause (cron only asks 0 or not);
    the one line says which cause."""
    try:
        yield
    except StartupError as exc:
        raise StartupError(str(exc), ExitCode.FAILED) from None


def _cmd_keys_generate(_: argparse.Namespace) -> int:
    from bot.platform.crypto import generate_secret_key

    print(generate_secret_key())
    return 0


def _cmd_keys_rotate(args: argparse.Namespace) -> int:
    from bot.platform.db.backend import open_database
    from bot.services.key_rotation import Keys, RotationReport, rotate

    settings = load_settings()
    keys = Keys.from_settings(settings)
    with _maintenance():
        _check_database(settings)
        if settings.db_url is None:
            if not settings.db_path.exists():
                raise StartupError(f"no database at {settings.db_path} (DESABOT_DB)")
            with files.exclusive(settings.db_path):
                pass  # the bot would keep sealing NIKs with the old key: it must be stopped

    def show(report: RotationReport) -> None:
        print(f"  {report.reencrypted + report.already} members done", flush=True)

    async def run() -> RotationReport:
        db = open_database(settings.database)
        await db.initialize()
        try:
            return await rotate(db, keys, batch_size=args.batch, progress=show)
        finally:
            await db.shutdown()

    report = asyncio.run(run())
    print(
        f"keys rotated: {report.reencrypted} members re-encrypted, {report.already} already"
        f" under the new key, {report.drafts} unfinished dialogue(s)"
    )
    if report.unreadable:
        ids = ", ".join(str(i) for i in report.unreadable[:20])
        print(
            f"desabot: {len(report.unreadable)} member(s) open with neither key (ids {ids}):"
            " left unchanged",
            file=sys.stderr,
        )
        return 1
    print("now start the bot with the new DESABOT_SECRET_KEY only")
    return 0


def _cmd_faq_report(args: argparse.Namespace) -> int:
    from bot.services.faq_report import print_report

    settings = load_settings()
    _check_database(settings)
    return asyncio.run(print_report(settings.database, args.limit))


def _cmd_faq_labels(args: argparse.Namespace) -> int:
    from bot.services.faq_labels import ASKED_DIR, print_export

    settings = load_settings()
    _check_database(settings)
    return asyncio.run(print_export(settings.database, args.out or ASKED_DIR))


def _cmd_content_check(_: argparse.Namespace) -> int:
    from bot.platform.content_check import check_all

    problems, summary = check_all()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
