"""Typed settings read from ``DESABOT_*`` environment variables (and an optional ``.env``).

Every interface here is listed in DESIGN §3 and must stay stable. A bad value raises
:class:`ConfigError` with one line naming the variable; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_API_URL = "https://api.telegram.org/bot"
SUPPORTED_LANGUAGES = ("id", "en", "jv")
# Announcements per second. Telegram allows about 30/s for bulk messages to different users
# (more only with paid broadcasts); 25 leaves room for the bot's replies to villagers.
DEFAULT_BROADCAST_RATE = 25.0
# The signature of announcements when the officer has no office set (DESABOT_SENDER).
DEFAULT_SENDER = "BPJS Ketenagakerjaan"
MAX_SENDER = 80
MIN_BROADCAST_RATE = 0.1
MAX_BROADCAST_RATE = 1000.0  # Telegram's paid-broadcast ceiling
# BotFather tokens: the bot's numeric id, a colon, then 35 or more URL-safe characters.
# ASCII only: ``\d`` would also accept Arabic-Indic and other Unicode digits, which Telegram
# never issues (re.ASCII). ``\Z``, not ``$``, so a trailing newline is not accepted either.
_TOKEN_RE = re.compile(r"\A[0-9]{1,20}:[A-Za-z0-9_-]{35,}\Z", re.ASCII)
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"  # a reverse proxy on the same machine terminates TLS
DEFAULT_WEBHOOK_PORT = 8443
# How long `desabot run` keeps retrying an unreachable Bot API (with backoff) before it gives
# up with exit code 3: long enough to ride out a network blip at boot, short enough that a
# supervisor sees the failure.
DEFAULT_STARTUP_RETRY_SECONDS = 60.0
MAX_STARTUP_RETRY_SECONDS = 3600.0
# /healthz and /metrics (bot/platform/health.py): local by default, for a monitoring agent or a
# container health check on the same machine; Prometheus elsewhere needs 0.0.0.0 and a firewall.
DEFAULT_HEALTH_LISTEN = "127.0.0.1"
DEFAULT_HEALTH_PORT = 8081
LOG_FORMATS = ("text", "json")
# DESABOT_WORKERS: "one" process serves the bot (the default), or "several" webhook processes
# behind one URL share the database (README "Several workers", bot/platform/workers.py).
WORKER_MODES = ("one", "several")


class ConfigError(ValueError):
    """A configuration value is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret: str  # required: without it anyone who reaches the port could pose as any user
    listen: str = DEFAULT_WEBHOOK_LISTEN
    port: int = DEFAULT_WEBHOOK_PORT


@dataclass(frozen=True)
class HealthSettings:
    listen: str = DEFAULT_HEALTH_LISTEN
    port: int = DEFAULT_HEALTH_PORT


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_url: str = DEFAULT_API_URL
    db_path: Path = Path("data/desabot.sqlite3")
    # DESABOT_DB=postgresql://…: the PostgreSQL server instead of the SQLite file db_path.
    db_url: str | None = field(default=None, repr=False)
    admin_ids: frozenset[int] = frozenset()
    default_language: str = "id"
    webhook: WebhookSettings | None = None
    secret_key: str | None = field(default=None, repr=False)
    # Only for `desabot keys rotate`: the key the stored NIKs are sealed with until then.
    old_secret_key: str | None = field(default=None, repr=False)
    officer_chat_id: int | None = None
    broadcast_rate: float = DEFAULT_BROADCAST_RATE  # announcements sent per second
    # Signs announcements of officers without an office of their own (/petugas sets one).
    sender: str = DEFAULT_SENDER
    startup_retry_seconds: float = DEFAULT_STARTUP_RETRY_SECONDS  # Bot API unreachable at start
    health: HealthSettings | None = HealthSettings()  # None: DESABOT_HEALTH_PORT=0
    log_format: str = "text"
    # Several processes serve the bot (DESABOT_WORKERS=several); this one's name among them
    # (DESABOT_WORKER_ID, default hostname:pid, chosen at start by bot/platform/workers.py).
    several_workers: bool = False
    worker_id: str | None = None

    @property
    def file_url(self) -> str:
        """Base URL for file downloads, derived from the API URL the way Telegram lays it out."""
        base = self.api_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    @property
    def database(self) -> str | Path:
        """What DESABOT_DB names: the PostgreSQL URL, or the SQLite file."""
        return self.db_url or self.db_path

    def __repr__(self) -> str:  # never let the token, key or a database password reach a log
        where = redact_url(self.db_url) if self.db_url else str(self.db_path)
        return f"Settings(api_url={self.api_url!r}, db={where!r})"


def load_settings(
    environ: Mapping[str, str] | None = None, *, require_token: bool = False, dotenv: bool = True
) -> Settings:
    """Read settings; ``.env`` in the working directory fills variables not already set."""
    env = dict(os.environ if environ is None else environ)
    if dotenv and environ is None:
        env = {**_read_dotenv(Path(".env")), **env}
    token = _token(env.get("DESABOT_TOKEN"), required=require_token)
    webhook = _webhook(env)
    return Settings(
        token=token,
        api_url=_url(env, "DESABOT_API_URL", DEFAULT_API_URL),
        db_path=_db_path(env.get("DESABOT_DB", "")),
        db_url=_db_url(env.get("DESABOT_DB", "")),
        admin_ids=_id_set(env.get("DESABOT_ADMIN_IDS", "")),
        default_language=_language(env.get("DESABOT_LANG") or "id"),
        webhook=webhook,
        secret_key=env.get("DESABOT_SECRET_KEY") or None,
        old_secret_key=env.get("DESABOT_OLD_SECRET_KEY") or None,
        officer_chat_id=_optional_int(env, "DESABOT_OFFICER_CHAT_ID"),
        broadcast_rate=_broadcast_rate(env.get("DESABOT_BROADCAST_RATE", "")),
        sender=_sender(env.get("DESABOT_SENDER", "")),
        startup_retry_seconds=_startup_retry(env.get("DESABOT_STARTUP_RETRY_SECONDS", "")),
        health=_health(env, webhook),
        log_format=log_format(env),
        several_workers=_several_workers(env, webhook),
        worker_id=_worker_id(env),
    )


_PG_SCHEMES = ("postgresql://", "postgres://")
DEFAULT_DB_PATH = Path("data/desabot.sqlite3")


def _db_path(raw: str) -> Path:
    raw = raw.strip()
    return DEFAULT_DB_PATH if not raw or raw.startswith(_PG_SCHEMES) else Path(raw)


def _db_url(raw: str) -> str | None:
    raw = raw.strip()
    if not raw.startswith(_PG_SCHEMES):
        return None
    parts = urlsplit(raw)
    if not parts.hostname and "host=" not in parts.query:
        raise ConfigError(
            "DESABOT_DB: a PostgreSQL URL needs a host, e.g. postgresql://desabot:…@localhost/desabot"
        )
    if not parts.path.strip("/"):
        raise ConfigError("DESABOT_DB: a PostgreSQL URL needs a database name after the host")
    return raw


def redact_url(url: str) -> str:
    """A database URL for messages and logs: never the password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _several_workers(env: Mapping[str, str], webhook: WebhookSettings | None) -> bool:
    mode = (env.get("DESABOT_WORKERS") or "one").strip().lower()
    if mode not in WORKER_MODES:
        raise ConfigError(f"DESABOT_WORKERS must be one or several, got {mode!r}")
    if mode == "several" and webhook is None:
        # Two processes long-polling one token take each other's updates (409 Conflict).
        raise ConfigError(
            "DESABOT_WORKERS=several needs webhook mode (DESABOT_WEBHOOK_URL is not set):"
            " several processes cannot long-poll one bot"
        )
    return mode == "several"


def _worker_id(env: Mapping[str, str]) -> str | None:
    raw = (env.get("DESABOT_WORKER_ID") or "").strip()
    if raw and not re.fullmatch(r"[A-Za-z0-9_.:@-]{1,100}", raw, re.ASCII):
        raise ConfigError(
            "DESABOT_WORKER_ID may only hold A-Z, a-z, 0-9 and _ . : @ - (1-100 characters)"
        )
    return raw or None


def _sender(raw: str) -> str:
    sender = " ".join(raw.split()) or DEFAULT_SENDER
    if len(sender) > MAX_SENDER:
        raise ConfigError(f"DESABOT_SENDER: at most {MAX_SENDER} characters, got {len(sender)}")
    return sender


def environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment over ``.env`` (as load_settings reads them)."""
    if environ is not None:
        return dict(environ)
    return {**_read_dotenv(Path(".env")), **os.environ}


def log_format(env: Mapping[str, str]) -> str:
    """DESABOT_LOG_FORMAT: text (default) or json (one JSON object per line)."""
    value = (env.get("DESABOT_LOG_FORMAT") or "text").strip().lower()
    if value not in LOG_FORMATS:
        raise ConfigError(f"DESABOT_LOG_FORMAT must be text or json, got {value!r}")
    return value


def _health(env: Mapping[str, str], webhook: WebhookSettings | None) -> HealthSettings | None:
    raw = (env.get("DESABOT_HEALTH_PORT") or "").strip()
    port = DEFAULT_HEALTH_PORT
    if raw:
        if not re.fullmatch(r"[0-9]{1,5}", raw, re.ASCII) or not 0 <= int(raw) < 65536:
            raise ConfigError(
                f"DESABOT_HEALTH_PORT must be a port number 1-65535 (0: no health server),"
                f" got {raw!r}"
            )
        port = int(raw)
    if port == 0:
        return None
    listen = (env.get("DESABOT_HEALTH_LISTEN") or DEFAULT_HEALTH_LISTEN).strip()
    if not re.fullmatch(r"[A-Za-z0-9.:\[\]-]+", listen, re.ASCII):
        raise ConfigError(
            f"DESABOT_HEALTH_LISTEN must be an IP address or host name, got {listen!r}"
        )
    if webhook is not None and webhook.port == port:
        raise ConfigError(
            f"DESABOT_HEALTH_PORT {port} is the webhook's port too: choose another one"
        )
    return HealthSettings(listen=listen, port=port)


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    try:
        # utf-8-sig: a byte-order mark (Windows Notepad) is dropped, not glued to the first name.
        values = dotenv_values(path, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        # A file saved as Latin-1 or UTF-16 by a Windows editor: name the file and the byte.
        raise ConfigError(
            f"{path.resolve()} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset"
            f" {exc.start}): save it as UTF-8"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path.resolve()} cannot be read: {exc.strerror}") from None
    return {k: v for k, v in values.items() if v is not None}


def _token(value: str | None, *, required: bool) -> str | None:
    if not value:
        if required:
            raise ConfigError("DESABOT_TOKEN is not set: get a token from @BotFather")
        return None
    if not _TOKEN_RE.match(value.strip()):
        # The value itself is a secret: describe its shape, never echo it.
        raise ConfigError("DESABOT_TOKEN is malformed: expected <digits>:<35+ characters>")
    return value.strip()


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).strip()
    if not re.match(r"^https?://[^\s/]+", value):
        raise ConfigError(f"{name} must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _id_set(raw: str) -> frozenset[int]:
    ids: set[int] = set()
    for part in filter(None, (p.strip() for p in raw.split(","))):
        if not re.fullmatch(r"-?[0-9]+", part):
            raise ConfigError(f"DESABOT_ADMIN_IDS: {part!r} is not a Telegram user id (integer)")
        ids.add(int(part))
    return frozenset(ids)


def _language(value: str) -> str:
    if value not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"DESABOT_LANG must be one of {', '.join(SUPPORTED_LANGUAGES)}")
    return value


def _broadcast_rate(raw: str) -> float:
    text = raw.strip()
    if not text:
        return DEFAULT_BROADCAST_RATE
    try:
        rate = float(text)
    except ValueError:
        rate = 0.0
    if not MIN_BROADCAST_RATE <= rate <= MAX_BROADCAST_RATE:
        raise ConfigError(
            f"DESABOT_BROADCAST_RATE must be a number of messages per second from"
            f" {MIN_BROADCAST_RATE:g} to {MAX_BROADCAST_RATE:g}, got {text!r}"
        )
    return rate


def _startup_retry(raw: str) -> float:
    text = raw.strip()
    if not text:
        return DEFAULT_STARTUP_RETRY_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_STARTUP_RETRY_SECONDS:
        raise ConfigError(
            f"DESABOT_STARTUP_RETRY_SECONDS must be a number of seconds from 0 to"
            f" {MAX_STARTUP_RETRY_SECONDS:g}, got {text!r}"
        )
    return seconds


def _optional_int(env: Mapping[str, str], name: str) -> int | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"-?[0-9]+", raw):
        raise ConfigError(f"{name} must be an integer chat id, got {raw!r}")
    return int(raw)


def _webhook(env: Mapping[str, str]) -> WebhookSettings | None:
    url = (env.get("DESABOT_WEBHOOK_URL") or "").strip()
    if not url:
        return None
    if not url.startswith("https://"):
        # Telegram only delivers updates to HTTPS; with http:// the bot would start, register
        # the webhook and never receive a message.
        raise ConfigError(
            "DESABOT_WEBHOOK_URL must start with https:// (Telegram only calls HTTPS webhooks;"
            " let the reverse proxy terminate TLS)"
        )
    port = _webhook_port(env)
    secret = env.get("DESABOT_WEBHOOK_SECRET") or ""
    if not secret:
        # Telegram sends the secret with every call; without one a forged POST with any
        # admin's id in "from" would be obeyed (issue 10).
        raise ConfigError(
            "DESABOT_WEBHOOK_SECRET is not set: webhook mode needs it (e.g. openssl rand -hex 32)"
        )
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret, re.ASCII):
        raise ConfigError("DESABOT_WEBHOOK_SECRET may only hold A-Z, a-z, 0-9, _ and - (1-256)")
    listen = (env.get("DESABOT_WEBHOOK_LISTEN") or DEFAULT_WEBHOOK_LISTEN).strip()
    return WebhookSettings(url=url, secret=secret, listen=listen, port=port)


def _webhook_port(env: Mapping[str, str]) -> int:
    """DESABOT_WEBHOOK_PORT, else the PORT that hosting platforms set, else 8443."""
    for name in ("DESABOT_WEBHOOK_PORT", "PORT"):
        raw = (env.get(name) or "").strip()
        if not raw:
            continue
        if not re.fullmatch(r"[0-9]{1,5}", raw, re.ASCII) or not 0 < int(raw) < 65536:
            raise ConfigError(f"{name} must be a port number 1-65535, got {raw!r}")
        return int(raw)
    return DEFAULT_WEBHOOK_PORT
