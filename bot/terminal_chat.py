"""``desabot sandbox``: chat with the real bot in the terminal, through the sandbox Bot API.

Type text or commands as the current user; bot messages print with their buttons numbered,
and typing a number presses that button on the latest message that has buttons.
``/as warga`` / ``/as admin`` / ``/as <user id>`` switches user; ``/quit`` leaves.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from dataclasses import dataclass, field, replace

from bot.harness import sandbox_settings, start_bot, stop_bot
from bot.platform.config import Settings
from bot.platform.telegram_html import to_terminal
from sandbox.client import BotMessage, ChatUser, SandboxClient, SandboxError
from sandbox.server import SandboxServer

# Named personas for trying every role; "admin" is added to DESABOT_ADMIN_IDS below.
PERSONAS = {"warga": (1001, "Siti"), "admin": (9001, "Admin")}


@dataclass
class TerminalChat:
    client: SandboxClient
    ansi: bool
    user: ChatUser
    buttons: list[tuple[str, str]] = field(default_factory=list)
    last_with_buttons: BotMessage | None = None

    def switch(self, who: str) -> None:
        user_id, name = PERSONAS.get(who, (int(who), f"User{who}") if who.isdigit() else (0, ""))
        if not user_id:
            print(f"unknown user {who!r}: use warga, admin or a numeric id")
            return
        self.user = ChatUser(self.client, user_id, language_code="id", first_name=name)
        self.buttons, self.last_with_buttons = [], None
        print(f"— now chatting as {name} ({user_id})")

    def show(self, message: BotMessage) -> None:
        label = "✏️ (edited)" if message.edited else "🤖"
        body = to_terminal(message.text or "", self.ansi) if message.text else ""
        if message.document_name:
            body += f"\n📎 {message.document_name}"
        if message.kind == "voice":  # 🔊 Dengarkan
            seconds = (message.raw.get("message") or {}).get("voice", {}).get("duration", 0)
            body += f"\n🔊 voice note, {seconds} s"
        print(f"\n{label}\n{body}")
        flat = [(text, data or "") for row in message.buttons for text, data in row]
        if flat:
            self.buttons, self.last_with_buttons = flat, message
            for number, (text, _) in enumerate(flat, start=1):
                print(f"  [{number}] {text}")

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False means quit."""
        line = line.strip()
        if line in {"/quit", "/exit"}:
            return False
        if line.startswith("/as "):
            self.switch(line[4:].strip())
        elif line.isdigit() and self.last_with_buttons and 1 <= int(line) <= len(self.buttons):
            try:
                await self.user.press(self.last_with_buttons, data=self.buttons[int(line) - 1][1])
            except SandboxError as exc:  # the bot's edit just took that button away
                print(f"  (that button is gone: {exc}; type again)")
        elif line:
            await self.user.send(line)
        return True

    async def pump(self) -> None:
        """Print every new bot message for the current user, as it arrives."""
        while True:
            try:
                # Short polls: after `/as`, the next poll already follows the new user.
                message = await self.user.next_message(timeout=1.0)
            except AssertionError:
                continue
            self.show(message)


async def _read_lines(queue: asyncio.Queue[str | None]) -> None:
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        await queue.put(line if line else None)
        if not line:
            return


async def run_sandbox_chat(settings: Settings, *, port: int = 0, as_user: str = "warga") -> int:
    server = SandboxServer()
    await server.start(port=port)
    # Its own database beside the real one: sandbox users never mix with real villagers.
    db_path = settings.db_path.with_name("sandbox.sqlite3")
    run_settings = _with_admin(sandbox_settings(server, db_path, settings))
    bot = await start_bot(run_settings)
    client = SandboxClient(server.base_url)
    chat = TerminalChat(client, sys.stdout.isatty(), ChatUser(client, 0))
    chat.switch(as_user)
    print(f"Sandbox Bot API on {server.base_url} — type /start, /quit to leave.")
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    reader = asyncio.create_task(_read_lines(queue))
    printer = asyncio.create_task(chat.pump())
    try:
        while (line := await queue.get()) is not None and await chat.handle(line):
            pass
    finally:
        printer.cancel()
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await printer
        await client.close()
        await stop_bot(bot)
        await server.stop()
    return 0


def _with_admin(settings: Settings) -> Settings:
    return replace(settings, admin_ids=settings.admin_ids | {PERSONAS["admin"][0]})
