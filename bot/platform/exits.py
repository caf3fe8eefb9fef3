"""Exit codes of ``desabot`` and the one error type that carries them.

A start-up failure is one line on stderr and a code a supervisor can act on: systemd's
``RestartPreventExitStatus=`` lists the codes a restart cannot fix (a bad setting, a revoked
token, a damaged or newer database), so the bot does not restart every few seconds into the
same wall; the others (the network, a lock, a busy port) may pass and are worth a restart.
The table in README.md "Exit codes" is checked against this enum by a test.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # a check found a problem, a maintenance command refused, an unexpected error
    CONFIG = 2  # a variable missing or malformed, .env not UTF-8, content or catalogs broken
    API_UNREACHABLE = 3  # the Bot API did not answer, even after retrying with backoff
    TOKEN_REJECTED = 4  # the Bot API answered 401: the token was revoked or belongs to no bot
    API_URL_WRONG = 5  # the Bot API answered 404: DESABOT_API_URL (or the token) is wrong
    DATABASE_UNUSABLE = 6  # DESABOT_DB cannot be created, written or read as a SQLite database
    DATABASE_NEWER = 7  # the database has migrations this version does not know
    DATABASE_LOCKED = 8  # another process holds the database's write lock
    WEBHOOK_BIND = 9  # the webhook's address or port cannot be bound
    DATABASE_UNREACHABLE = 10  # the PostgreSQL server of DESABOT_DB refused or did not answer
    DATABASE_DRIVER_MISSING = 11  # DESABOT_DB is PostgreSQL but asyncpg is not installed


# Codes a restart cannot fix; the README's systemd unit lists the same (tests check it).
PERMANENT = frozenset(
    {
        ExitCode.CONFIG,
        ExitCode.TOKEN_REJECTED,
        ExitCode.API_URL_WRONG,
        ExitCode.DATABASE_UNUSABLE,
        ExitCode.DATABASE_NEWER,
        ExitCode.DATABASE_DRIVER_MISSING,
    }
)


class StartupError(Exception):
    """The bot (or a maintenance command) cannot go on; ``str(exc)`` is the one line shown."""

    def __init__(self, message: str, code: ExitCode = ExitCode.FAILED) -> None:
        super().__init__(message)
        self.code = code
