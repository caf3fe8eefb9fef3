"""`desabot run` and `desabot db|keys …` as an operator runs them: a real process, the sandbox
Bot API over HTTP. Every start-up failure is one line on stderr and its own exit code
(bot/platform/exits.py), never a traceback; backup, restore and key rotation work end to end
on a database with NIKs."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from bot.domain.apparatus_sheet import ApparatusRow
from bot.domain.jabatan import by_code
from bot.harness import SANDBOX_TOKEN
from bot.platform.crypto import PersonalDataCipher, generate_secret_key
from bot.platform.db import users, villages
from bot.platform.db.connection import Database
from bot.platform.exits import ExitCode
from bot.services import apparatus
from sandbox.server import SandboxServer
from tests.factories import stand_in_villages

ROOT = Path(__file__).resolve().parents[2]
VILLAGE = "35.05.15.2004"
REVOKED = "1000001:REVOKED-token-of-a-bot-that-was-reset-00000"


class ThreadedSandbox:
    """The sandbox Bot API on its own event loop thread, for a bot in another process."""

    def __init__(self, valid_token: str | None = None) -> None:
        self.server = SandboxServer(valid_token=valid_token)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> SandboxServer:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(10)
        return self.server

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def sandbox_api() -> Iterator[SandboxServer]:
    with ThreadedSandbox(valid_token=SANDBOX_TOKEN) as server:
        yield server


def desabot(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``desabot *args`` in ``cwd`` with only ``env``'s DESABOT_ variables (60 s at most: a
    hang, like `db check` on a damaged file once did, fails the test)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DESABOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(ROOT), "DESABOT_STARTUP_RETRY_SECONDS": "0", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The failure line; whatever came before it is log lines, never a traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("desabot: ")]
    assert len(lines) == 1, result.stderr
    assert SANDBOX_TOKEN.split(":")[1] not in result.stderr  # the token never shows
    return lines[0]


def run_env(tmp_path: Path, api_url: str, token: str = SANDBOX_TOKEN) -> dict[str, str]:
    return {
        "DESABOT_TOKEN": token,
        "DESABOT_API_URL": api_url,
        "DESABOT_DB": str(tmp_path / "data" / "desabot.sqlite3"),
    }


# ----------------------------------------------------------------- the Bot API


def test_a_revoked_token_is_exit_4(tmp_path: Path, sandbox_api: SandboxServer) -> None:
    result = desabot(tmp_path, "run", **run_env(tmp_path, sandbox_api.api_url, REVOKED))
    assert result.returncode == ExitCode.TOKEN_REJECTED
    assert "refused the token (401 Unauthorized)" in one_line(result)
    assert not (tmp_path / "data" / "desabot.sqlite3").exists()  # nothing built before that


def test_a_wrong_api_path_is_exit_5(tmp_path: Path, sandbox_api: SandboxServer) -> None:
    url = f"{sandbox_api.base_url}/telegram/bot"
    result = desabot(tmp_path, "run", **run_env(tmp_path, url))
    assert result.returncode == ExitCode.API_URL_WRONG
    assert f"404 Not Found at {url}" in one_line(result)


def test_an_unreachable_api_is_retried_then_exit_3(tmp_path: Path) -> None:
    with socket.socket() as placeholder:  # a port nobody listens on
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    env = {**run_env(tmp_path, f"http://127.0.0.1:{port}/bot")}
    result = desabot(tmp_path, "run", **env, DESABOT_STARTUP_RETRY_SECONDS="1.5")
    assert result.returncode == ExitCode.API_UNREACHABLE
    line = one_line(result)
    assert "unreachable (connection refused) after 2 attempts" in line
    assert "retry in 1 s" in result.stderr  # the backoff was logged before giving up


# ----------------------------------------------------------------- the webhook


def test_a_webhook_port_in_use_is_exit_9(tmp_path: Path, sandbox_api: SandboxServer) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = desabot(
            tmp_path,
            "run",
            **run_env(tmp_path, sandbox_api.api_url),
            DESABOT_WEBHOOK_URL="https://bot.example.org/tg",
            DESABOT_WEBHOOK_SECRET="s3cret",
            DESABOT_WEBHOOK_PORT=str(port),
        )
    assert result.returncode == ExitCode.WEBHOOK_BIND
    assert f"webhook port 127.0.0.1:{port} is already in use" in one_line(result)
    assert sandbox_api.state.webhook is None  # checked before Telegram is told to call it


def test_an_http_webhook_url_is_exit_2(tmp_path: Path, sandbox_api: SandboxServer) -> None:
    result = desabot(
        tmp_path,
        "run",
        **run_env(tmp_path, sandbox_api.api_url),
        DESABOT_WEBHOOK_URL="http://bot.example.org/tg",
        DESABOT_WEBHOOK_SECRET="s3cret",
    )
    assert result.returncode == ExitCode.CONFIG
    assert "DESABOT_WEBHOOK_URL must start with https://" in one_line(result)


# ----------------------------------------------------------------- configuration and database


def test_an_env_file_that_is_not_utf8_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes("DESABOT_LANG=id\n# Désa\n".encode("latin-1"))
    result = desabot(tmp_path, "run", DESABOT_TOKEN=SANDBOX_TOKEN)
    assert result.returncode == ExitCode.CONFIG
    assert ".env is not UTF-8 text (byte 0xe9" in one_line(result)


@pytest.mark.parametrize(
    ("damage", "code", "words"),
    [
        ("parent_file", ExitCode.DATABASE_UNUSABLE, "is a file, not a directory"),
        ("directory", ExitCode.DATABASE_UNUSABLE, "is a directory"),
        ("garbage", ExitCode.DATABASE_UNUSABLE, "damaged or not a SQLite database"),
        ("newer", ExitCode.DATABASE_NEWER, "written by a newer desabot"),
    ],
)
def test_an_unusable_database_is_one_line_and_its_code(
    tmp_path: Path, sandbox_api: SandboxServer, damage: str, code: ExitCode, words: str
) -> None:
    env = run_env(tmp_path, sandbox_api.api_url)
    path = Path(env["DESABOT_DB"])
    path.parent.mkdir()
    if damage == "parent_file":
        path.parent.rmdir()
        path.parent.write_text("a file")
    elif damage == "directory":
        path.mkdir()
    elif damage == "garbage":
        path.write_bytes(os.urandom(8192))
    else:  # the lock (exit 8) waits 5 s: tests/unit/test_db_files.py has it in-process
        with closing(sqlite3.connect(path, isolation_level=None)) as newer:
            newer.execute("CREATE TABLE schema_migrations(version PRIMARY KEY, name, applied_at)")
            newer.execute("INSERT INTO schema_migrations VALUES (9999, 'future', 'x')")
    result = desabot(tmp_path, "run", **env)
    assert result.returncode == code
    assert words in one_line(result)


# ----------------------------------------------------------------- backup, restore, rotate


def _seed_members(path: Path, key: str) -> list[str]:
    """Three real NIKs sealed with ``key``, stored the way /perangkat's import stores them."""
    niks = ["3505150101900001", "3505154708900002", "3505150202900003"]
    sekdes = by_code("sekdes")
    assert sekdes is not None

    async def seed() -> None:
        db = Database(path)
        await db.initialize()
        await stand_in_villages(db, VILLAGE)
        await users.register(db, 101, "Pak Kades", "id")
        await villages.seat(db, VILLAGE, "kepala_desa", 101)
        rows = [
            ApparatusRow(n + 2, f"Anggota {n}", sekdes, nik, "belum", None, None)
            for n, nik in enumerate(niks)
        ]
        assert await apparatus.import_rows(db, PersonalDataCipher(key), VILLAGE, rows, 101) == []
        await db.shutdown()

    asyncio.run(seed())
    return niks


def _niks_under(path: Path, key: str) -> list[str]:
    cipher = PersonalDataCipher(key)
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT nik_encrypted, nik_index FROM members ORDER BY id").fetchall()
    niks = [cipher.decrypt(sealed) for sealed, _ in rows]
    assert [index for _, index in rows] == [cipher.blind_index(n) for n in niks]
    return niks


def test_backup_restore_and_key_rotation_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "data" / "desabot.sqlite3"
    env = {"DESABOT_DB": str(db)}
    nothing = desabot(tmp_path, "db", "backup", str(tmp_path / "b.sqlite3"), **env)
    assert nothing.returncode == 1 and "no database at" in one_line(nothing)
    assert not db.exists() and not db.parent.exists()  # refused, and created nothing

    assert desabot(tmp_path, "db", "migrate", **env).returncode == 0
    old_key, new_key = generate_secret_key(), generate_secret_key()
    niks = _seed_members(db, old_key)

    backup = tmp_path / "backups" / "desabot-2026-12-05.sqlite3"
    made = desabot(tmp_path, "db", "backup", str(backup), **env)
    assert made.returncode == 0 and "checked" in made.stdout
    unwritable = desabot(tmp_path, "db", "backup", "/proc/desabot.sqlite3", **env)
    assert unwritable.returncode == 1 and "cannot write" in one_line(unwritable)

    keys = {"DESABOT_SECRET_KEY": new_key, "DESABOT_OLD_SECRET_KEY": old_key}
    rotated = desabot(tmp_path, "keys", "rotate", **env, **keys)
    assert rotated.returncode == 0, rotated.stderr
    assert "3 members re-encrypted" in rotated.stdout
    assert _niks_under(db, new_key) == niks

    # The backup predates the rotation: restoring it brings back NIKs under the OLD key, which
    # is why the README says to keep the old key as long as backups made under it.
    restored = desabot(tmp_path, "db", "restore", str(backup), **env)
    assert restored.returncode == 0, restored.stderr
    kept = next(db.parent.glob("desabot.sqlite3.*.before-restore"))
    assert f"kept as {kept}" in restored.stdout
    assert _niks_under(db, old_key) == niks and _niks_under(kept, new_key) == niks
    check = desabot(tmp_path, "db", "check", **env)
    assert check.returncode == 0 and "integrity: ok" in check.stdout

    db.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    damaged = desabot(tmp_path, "db", "check", **env)
    assert damaged.returncode == 1 and "damaged" in one_line(damaged)


def test_keys_rotate_without_the_old_key_says_how(tmp_path: Path) -> None:
    result = desabot(tmp_path, "keys", "rotate", DESABOT_SECRET_KEY=generate_secret_key())
    assert result.returncode == ExitCode.CONFIG
    assert "DESABOT_OLD_SECRET_KEY" in one_line(result)
