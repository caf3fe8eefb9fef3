"""A round-robin load balancer for webhook workers: what nginx or Caddy does in front of
several `desabot run` processes (README "Several workers"), small enough for tests and benches.

Each POST goes to the next worker in turn; a worker that refuses the connection (stopped,
killed) is skipped for the next one, as nginx's ``proxy_next_upstream error`` does. Every
delivered body is kept (``delivered``) so a test can deliver one again, as Telegram does when
it believes a call failed.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

__all__ = ["Balancer"]


@dataclass
class Balancer:
    targets: list[str]  # worker URLs, e.g. http://127.0.0.1:8443/hook
    delivered: list[tuple[bytes, int]] = field(default_factory=list)  # (body, worker index)
    port: int = 0
    _next: int = 0
    _runner: web.AppRunner | None = None
    _session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.create_server(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock).start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def post(self, index: int, body: bytes, headers: dict[str, str]) -> int:
        """Deliver ``body`` to worker ``index``; its HTTP status."""
        assert self._session is not None
        async with self._session.post(self.targets[index], data=body, headers=headers) as reply:
            await reply.read()
            return reply.status

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() in ("content-type", "x-telegram-bot-api-secret-token")
        }
        for _ in range(len(self.targets)):
            index, self._next = self._next, (self._next + 1) % len(self.targets)
            try:
                status = await self.post(index, body, headers)
            except aiohttp.ClientConnectionError:
                continue  # that worker is down: the next one
            self.delivered.append((body, index))
            return web.Response(status=status)
        return web.Response(status=502, text="no worker answered")
