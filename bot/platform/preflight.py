"""Start-up checks of the outside world: the Bot API answers our token, the webhook can bind.

PTB would find the same problems, but as a 30–220 line traceback (and a 404 and a 401 both as
``InvalidToken``). Here each is one line and its own exit code (bot/platform/exits.py), and an
unreachable Bot API is retried with backoff first: at boot the network is often not up yet.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx

from bot.platform.exits import ExitCode, StartupError

log = logging.getLogger(__name__)
# Seconds between attempts; the last one repeats until the retry budget is spent.
BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
REQUEST_TIMEOUT = 10.0
_RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


def api_host(api_url: str) -> str:
    """Where the Bot API is, for messages: scheme, host and path, never the token."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


async def check_bot_api(
    api_url: str,
    token: str,
    *,
    retry_seconds: float,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> str:
    """``getMe`` until it answers; returns the bot's username. Raises :class:`StartupError`:
    401 → the token was revoked, 404 → the URL is wrong, silence → unreachable after retries."""
    where = api_host(api_url)
    deadline = time.monotonic() + retry_seconds
    attempt = 0
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT) as client:
        while True:
            attempt += 1
            answer = await _get_me(client, f"{api_url}{token}/getMe", where)
            if isinstance(answer, _Answer):
                return answer.username
            reason = answer
            delay = BACKOFF[min(attempt - 1, len(BACKOFF) - 1)]
            if time.monotonic() + delay > deadline:
                raise StartupError(
                    f"the Bot API at {where} is unreachable ({reason}) after {attempt}"
                    f" attempt{'s' if attempt > 1 else ''}: check the network, a proxy or"
                    " DESABOT_API_URL",
                    ExitCode.API_UNREACHABLE,
                )
            log.warning("Bot API at %s unreachable (%s); retry in %.0f s", where, reason, delay)
            await sleep(delay)


class _Answer:
    def __init__(self, username: str) -> None:
        self.username = username


async def _get_me(client: httpx.AsyncClient, url: str, where: str) -> _Answer | str:
    """The bot's answer, or why the Bot API could not be reached (a reason worth a retry)."""
    try:
        response = await client.get(url)
    except httpx.TimeoutException:
        return "timed out"
    except httpx.HTTPError as exc:
        # The exception text may quote the URL, and the URL holds the token: the type only.
        return _network_reason(exc)
    if response.status_code == 401:
        raise StartupError(
            f"the Bot API at {where} refused the token (401 Unauthorized): it was revoked or"
            " belongs to no bot; put the current one from @BotFather in DESABOT_TOKEN",
            ExitCode.TOKEN_REJECTED,
        )
    if response.status_code == 404:
        raise StartupError(
            f"the Bot API answered 404 Not Found at {where}: DESABOT_API_URL is not a Bot API"
            " path (https://api.telegram.org/bot, or a local server's URL ending in /bot)",
            ExitCode.API_URL_WRONG,
        )
    if response.status_code in _RETRYABLE_STATUS:
        return f"HTTP {response.status_code}"
    try:
        body = response.json()
        username = str(body["result"]["username"]) if body.get("ok") else ""
    except (ValueError, KeyError, TypeError, AttributeError):
        username = ""
    if response.status_code != 200 or not username:
        raise StartupError(
            f"{where} is not a Bot API (HTTP {response.status_code} to getMe): check"
            " DESABOT_API_URL",
            ExitCode.API_URL_WRONG,
        )
    return _Answer(username)


def _network_reason(exc: httpx.HTTPError) -> str:
    cause: BaseException | None = exc
    while cause is not None:  # httpx wraps httpcore, which wraps the socket's OSError
        if isinstance(cause, socket.gaierror) and cause.strerror:
            return f"name lookup failed: {cause.strerror.lower()}"
        if isinstance(cause, OSError) and cause.errno and cause.errno > 0:
            return os.strerror(cause.errno).lower()  # asyncio's own text quotes the address
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        return "connection failed"
    return type(exc).__name__


def check_bindable(host: str, port: int) -> None:
    """The webhook server will be able to listen on ``host:port`` (checked before PTB registers
    the webhook with Telegram, so a busy port never leaves Telegram calling nobody)."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise StartupError(
            f"DESABOT_WEBHOOK_LISTEN {host!r} is not an address ({exc.strerror}):"
            " use 127.0.0.1 behind a reverse proxy",
            ExitCode.WEBHOOK_BIND,
        ) from None
    family, kind, proto, _, address = addresses[0]
    with socket.socket(family, kind, proto) as probe:
        # As the webhook server does: a port in TIME_WAIT after a restart is not "in use".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise StartupError(_bind_problem(host, port, exc), ExitCode.WEBHOOK_BIND) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    where = f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return (
            f"webhook port {where} is already in use (another desabot?): stop it or set"
            " DESABOT_WEBHOOK_PORT"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"webhook address {where} cannot be bound: {host} is not an address of this machine"
            " (DESABOT_WEBHOOK_LISTEN)"
        )
    if exc.errno == errno.EACCES:
        return f"webhook port {where} needs privileges (below 1024): use 8443 behind the proxy"
    return f"webhook address {where} cannot be bound: {exc.strerror}"
