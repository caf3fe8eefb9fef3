"""A fake Telegram Bot API server on aiohttp that the real PTB Application talks to over HTTP.

Start it in-process (``await SandboxServer().start()``), point PTB at ``server.api_url`` /
``server.file_url``, and drive users through ``/control/*`` (see ``control.py`` and
``client.py``). Routes:

* ``GET|POST /bot<token>/<method>`` — the Bot API (JSON, form-urlencoded or multipart);
* ``GET /file/bot<token>/<file_path>`` — file downloads after getFile;
* ``/control/...`` — the control interface.

When the bot sets a webhook, pending updates are POSTed to it (with
``X-Telegram-Bot-Api-Secret-Token``) one at a time, in order, instead of waiting for getUpdates.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
import time
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from sandbox.botapi import BotApi
from sandbox.control import ControlApi
from sandbox.params import ApiError, Params, Upload
from sandbox.state import SandboxState

__all__ = ["SandboxServer"]

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_MAX_BODY = 64 * 1024 * 1024  # above Telegram's 50 MB upload limit
_WEBHOOK_TIMEOUT = aiohttp.ClientTimeout(total=10)
_WEBHOOK_RETRY_MAX = 2.0
_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")


def _error_response(err: ApiError) -> web.Response:
    return web.json_response(err.to_json(), status=err.code)


class SandboxServer:
    """The sandbox Bot API; one :class:`SandboxState` behind HTTP."""

    def __init__(
        self,
        state: SandboxState | None = None,
        *,
        valid_token: str | None = None,
        latency: float = 0.0,
    ):
        """``latency``: seconds added to every Bot API answer, as the network to Telegram adds
        (≈0.05–0.2 s from Indonesia); 0 for tests. Benchmarks use it to measure concurrency."""
        self.latency = latency
        self.state = state or SandboxState(valid_token=valid_token)
        if valid_token is not None:
            self.state.valid_token = valid_token
        self.api = BotApi(self.state)
        self.control = ControlApi(self.state)
        self.host = "127.0.0.1"
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """Server root, e.g. ``http://127.0.0.1:8081`` (what :class:`SandboxClient` takes)."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """PTB ``base_url`` (the token is appended by PTB)."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """PTB ``base_file_url``."""
        return f"{self.base_url}/file/bot"

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("GET", "/bot{token}/{method}", self._delayed_bot_method)
        app.router.add_route("POST", "/bot{token}/{method}", self._delayed_bot_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._download)
        app.add_routes(self.control.routes())
        return app

    async def _delayed_bot_method(self, request: web.Request) -> web.StreamResponse:
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return await self._bot_method(request)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (port 0 picks a free one; see :attr:`port`)."""
        if self._runner is not None:
            raise RuntimeError("sandbox server already started")
        self.state.closing = False
        sock = socket.create_server((host, port))
        self.host, self.port = host, int(sock.getsockname()[1])
        # No access log: the benchmark makes tens of thousands of requests.
        runner = web.AppRunner(
            self.make_app(), access_log=None, handler_cancellation=True, shutdown_timeout=2.0
        )
        await runner.setup()
        await web.SockSite(runner, sock).start()
        self._runner = runner
        self._session = aiohttp.ClientSession(timeout=_WEBHOOK_TIMEOUT)
        self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        logger.debug("sandbox Bot API listening on %s", self.base_url)

    async def stop(self) -> None:
        """Stop serving; long polls return at once. The state stays for inspection."""
        self.state.closing = True
        self.state.wake_all()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ----------------------------------------------------------------- Bot API

    def _token_ok(self, token: str) -> bool:
        valid = self.state.valid_token
        if valid is not None:
            return token == valid
        return _TOKEN.fullmatch(token) is not None

    @staticmethod
    async def _read_params(request: web.Request) -> Params:
        raw: dict[str, Any] = dict(request.query)
        if request.method != "POST" or not request.body_exists:
            return Params(raw)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON request body") from None
            if isinstance(body, dict):
                raw.update(body)
            return Params(raw)
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                raw[key] = Upload(value.filename, value.content_type, value.file.read())
            else:
                raw[key] = value
        return Params(raw)

    async def _bot_method(self, request: web.Request) -> web.Response:
        if not self._token_ok(request.match_info["token"]):
            return _error_response(_UNAUTHORIZED)
        try:
            params = await self._read_params(request)
            result = await self.api.call(request.match_info["method"], params)
        except ApiError as err:
            logger.debug("%s → %s", request.match_info["method"], err.description)
            return _error_response(err)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if not self._token_ok(request.match_info["token"]):
            return _error_response(_UNAUTHORIZED)
        stored = self.state.files_by_path.get(request.match_info["file_path"])
        if stored is None:
            return _error_response(_NOT_FOUND)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # ----------------------------------------------------------------- webhook delivery

    async def _deliver_webhooks(self) -> None:
        """POST pending updates to the webhook in order; an update leaves the queue on 2xx."""
        state, delay = self.state, 0.1
        while not state.closing:
            hook = state.webhook
            if hook is None or not state.updates:
                await state.update_signal.wait(1.0)
                continue
            update = state.updates[0]
            error = await self._post_update(hook.url, hook.secret_token, update)
            if error is None:
                if state.updates and state.updates[0] is update:
                    state.updates.popleft()
                delay = 0.1
                continue
            hook.last_error_date = int(time.time())
            hook.last_error_message = error
            logger.debug("webhook delivery failed: %s", error)
            await asyncio.sleep(delay)
            delay = min(delay * 2, _WEBHOOK_RETRY_MAX)

    async def _post_update(self, url: str, secret: str | None, update: Any) -> str | None:
        """Deliver one update; the error text (Telegram's wording) or None on success."""
        assert self._session is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        try:
            async with self._session.post(url, json=update, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as err:
            return f"Connection failed: {err.__class__.__name__}"
