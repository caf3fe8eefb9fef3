"""The database as a file: is it usable, whose version is it, back it up, restore it.

Synchronous ``sqlite3`` on purpose: these run before the bot's event loop exists (start-up
checks) or instead of it (``desabot db …``), and a damaged file must give one line and an exit
code, not a hung aiosqlite thread. Every problem is a :class:`StartupError` whose message names
the file and says what to do; nothing here creates a database where none was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.platform.db.connection import Migration, available_migrations
from bot.platform.exits import ExitCode, StartupError

LOCK_WAIT_SECONDS = 5.0  # how long start-up waits for another process's write to end
_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Inspection:
    """What ``desabot db check`` reports about a database file."""

    integrity: list[str]  # ["ok"] when healthy
    applied: list[int]
    pending: list[Migration]
    unknown: list[int]  # applied by a newer desabot: this version must not run against it

    @property
    def healthy(self) -> bool:
        return self.integrity == ["ok"] and not self.unknown


# ----------------------------------------------------------------- start-up


def check_for_start(path: Path) -> None:
    """Everything `desabot run` needs from DESABOT_DB, checked before anything opens it."""
    ensure_directory(path)
    if not path.exists():
        return  # the first start creates it
    _require_file(path)
    if path.stat().st_size == 0:
        # SQLite would take an empty file for a new database and start afresh on it: a
        # truncated database must not silently become an empty bot.
        raise StartupError(
            f"database {path} is empty (0 bytes): restore a backup (desabot db restore FILE)"
            " or delete the file to start with a new database",
            ExitCode.DATABASE_UNUSABLE,
        )
    if not os.access(path, os.R_OK | os.W_OK):
        raise StartupError(
            f"database {path} is read-only for this user: give it to the bot's user"
            " (chown) with mode 600",
            ExitCode.DATABASE_UNUSABLE,
        )
    with _open(path, "rw", LOCK_WAIT_SECONDS) as conn:
        integrity = _run_check(conn, path, "quick_check")
        if integrity != ["ok"]:
            raise _damaged(path, integrity[0])
        refuse_newer(path, _applied(conn, path))
        _take_write_lock(conn, path)


def ensure_directory(path: Path) -> None:
    """The database's directory exists (created if need be) and accepts new files."""
    if path.is_dir():
        raise StartupError(
            f"DESABOT_DB {path} is a directory: give a file name, e.g. {path / 'desabot.sqlite3'}",
            ExitCode.DATABASE_UNUSABLE,
        )
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise StartupError(
            f"DESABOT_DB {path}: {blocker} is a file, not a directory", ExitCode.DATABASE_UNUSABLE
        )
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # SQLite writes its -wal and -shm files beside the database: the directory itself
        # must be writable, not only the file (a probe, because root ignores mode bits but
        # not a read-only mount).
        with tempfile.TemporaryFile(dir=directory, prefix=".desabot-probe-"):
            pass
    except OSError as exc:
        raise StartupError(
            f"database directory {directory} cannot be created or written ({exc.strerror}):"
            " the bot's user must own it (SQLite writes its journal files there)",
            ExitCode.DATABASE_UNUSABLE,
        ) from None


def refuse_newer(path: Path, applied: list[int]) -> None:
    unknown = unknown_versions(applied)
    if unknown:
        raise StartupError(
            f"database {path} was written by a newer desabot (migration"
            f" {', '.join(f'{v:04d}' for v in unknown)} unknown to this version): install that"
            " version again, or restore a backup made by this one",
            ExitCode.DATABASE_NEWER,
        )


def unknown_versions(applied: list[int]) -> list[int]:
    known = {m.version for m in available_migrations()}
    return [v for v in applied if v not in known]


# ----------------------------------------------------------------- db check


def inspect(path: Path, *, immutable: bool = False) -> Inspection:
    """Full integrity check and migration state, read-only. ``immutable`` for a backup file
    (no locking, no -wal/-shm files created beside it, e.g. on read-only media)."""
    _require_existing(path)
    with _open(path, "ro", LOCK_WAIT_SECONDS, immutable=immutable) as conn:
        integrity = _run_check(conn, path, "integrity_check")
        applied = _applied(conn, path) if integrity == ["ok"] else []
    done = set(applied)
    return Inspection(
        integrity=integrity,
        applied=applied,
        pending=[m for m in available_migrations() if m.version not in done],
        unknown=unknown_versions(applied),
    )


# ----------------------------------------------------------------- backup and restore


def backup(source: Path, target: Path) -> int:
    """A consistent copy of ``source`` (safe while the bot writes), checked, then renamed into
    place so ``target`` is never a half-written file. Returns the copy's size in bytes."""
    _require_existing(source)
    if target.is_dir():
        raise StartupError(f"backup target {target} is a directory: give a file name")
    if target.resolve() == source.resolve():
        raise StartupError(f"backup target {target} is the database itself")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(f"cannot write backup {target}: {exc.strerror}") from None
    with _open(source, "rw", LOCK_WAIT_SECONDS) as src:
        _copy_into(src, source, target)
    return target.stat().st_size


def restore(backup_file: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Replace the database with a checked backup; the database it replaces is kept beside it
    (``<name>.<UTC time>.before-restore``), whose path is returned. The bot must be stopped."""
    report = inspect(backup_file, immutable=True)
    if report.integrity != ["ok"]:
        raise StartupError(f"backup {backup_file} is damaged ({report.integrity[0]}): not restored")
    refuse_newer(backup_file, report.applied)
    if not report.applied:
        raise StartupError(f"{backup_file} is not a desabot backup (no migrations applied)")
    ensure_directory(db_path)
    kept = None
    if db_path.exists():
        _require_file(db_path)
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
        kept = db_path.with_name(f"{db_path.name}.{stamp}.before-restore")
        with exclusive(db_path) as current:
            _keep_copy(current, db_path, kept)
    with _open(backup_file, "ro", LOCK_WAIT_SECONDS, immutable=True) as src:
        _copy_into(src, backup_file, db_path)
    return kept


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[sqlite3.Connection]:
    """The database with no other connection on it: refuses while the bot (or anything) has it
    open, even idle — in WAL mode an exclusive lock waits for every other connection."""
    with _open(path, "rw", 0.5) as conn:
        try:
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if _is_lock_error(exc):
                raise StartupError(
                    f"database {path} is in use by another process: stop the bot first"
                    " (systemctl stop desabot)",
                    ExitCode.DATABASE_LOCKED,
                ) from None
        except sqlite3.DatabaseError:
            pass  # too damaged to be locked (nothing can be using it): restore may replace it
        yield conn


# ----------------------------------------------------------------- helpers


@contextlib.contextmanager
def _open(
    path: Path, mode: str, timeout: float, *, immutable: bool = False
) -> Iterator[sqlite3.Connection]:
    """Open without ever creating the file (``mode=rw``/``ro`` URIs)."""
    # A -wal file beside a backup holds part of it: reading it "immutable" would skip that.
    immutable = immutable and not Path(f"{path}-wal").exists()
    uri = f"{path.absolute().as_uri()}?mode={mode}" + ("&immutable=1" if immutable else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise StartupError(
            f"database {path} cannot be opened: {exc}", ExitCode.DATABASE_UNUSABLE
        ) from None
    try:
        yield conn
    finally:
        conn.close()


def _run_check(conn: sqlite3.Connection, path: Path, pragma: str) -> list[str]:
    try:
        return [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.OperationalError as exc:
        if _is_lock_error(exc):
            raise _locked(path) from None
        raise _damaged(path, str(exc)) from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
        raise _damaged(path, str(exc)) from None


def _applied(conn: sqlite3.Connection, path: Path) -> list[int]:
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if has_table is None:
            return []
        return [int(r[0]) for r in conn.execute("SELECT version FROM schema_migrations")]
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None


def _take_write_lock(conn: sqlite3.Connection, path: Path) -> None:
    """Another process holding the write lock (a second bot, a shell left in a transaction)
    would let the bot start and then refuse every villager's write."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if _is_lock_error(exc):
            raise _locked(path) from None
        raise StartupError(
            f"database {path} cannot be written: {exc}", ExitCode.DATABASE_UNUSABLE
        ) from None


def _copy_into(src: sqlite3.Connection, source: Path, target: Path) -> None:
    """SQLite's online backup into a temporary file beside ``target``, checked, fsynced and
    renamed over it: a crash or a full disk never leaves a half-written ``target``."""
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise StartupError(f"cannot write {target}: {exc.strerror}") from None
    tmp = Path(tmp_name)
    try:
        dest = sqlite3.connect(tmp, isolation_level=None)
        try:
            src.backup(dest)
            check = [str(r[0]) for r in dest.execute("PRAGMA quick_check")]
        finally:
            dest.close()
        if check != ["ok"]:
            raise StartupError(f"the copy of {source} is damaged ({check[0]}): {target} unchanged")
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        for suffix in _SIDE_FILES:  # a stale -wal of an older file must not be replayed on it
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, target)
    except sqlite3.OperationalError as exc:
        if _is_lock_error(exc):
            raise _locked(source) from None
        raise StartupError(f"cannot write {target}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise _damaged(source, str(exc)) from None
    except OSError as exc:
        raise StartupError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)


def _keep_copy(current: sqlite3.Connection, db_path: Path, kept: Path) -> None:
    """The database about to be replaced, kept whole: through the backup API (it includes what
    is still in the -wal file), or byte for byte when it is too damaged to be read."""
    try:
        _copy_into(current, db_path, kept)
    except StartupError:
        for suffix in ("", *_SIDE_FILES):
            old = Path(f"{db_path}{suffix}")
            if old.exists():
                shutil.copyfile(old, f"{kept}{suffix}")


def _require_existing(path: Path) -> None:
    if not path.exists():
        raise StartupError(f"no database at {path} (DESABOT_DB): nothing was changed")
    _require_file(path)


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise StartupError(f"{path} is not a file", ExitCode.DATABASE_UNUSABLE)


def _is_lock_error(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _locked(path: Path) -> StartupError:
    return StartupError(
        f"database {path} is locked by another process (another desabot, or a sqlite shell in"
        " a transaction?); stop it and start again",
        ExitCode.DATABASE_LOCKED,
    )


def _damaged(path: Path, detail: str) -> StartupError:
    return StartupError(
        f"database {path} is damaged or not a SQLite database ({detail}): restore a backup"
        " (desabot db restore FILE)",
        ExitCode.DATABASE_UNUSABLE,
    )
