"""Watching the bot (issue 15): /healthz and /metrics over real HTTP, in polling and webhook
mode, JSON logs, and no NIK or phone number in any log line."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.harness import SANDBOX_TOKEN, RunningBot
from bot.platform.config import HealthSettings
from bot.platform.db import broadcasts
from bot.platform.health import HealthServer, Probe
from sandbox.client import ChatUser
from sandbox.server import SandboxServer
from tests.e2e.conftest import UserFactory
from tests.e2e.test_village import _seat

NIK = "3505124501900001"
PHONE = "081234567890"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def health(bot: RunningBot) -> AsyncIterator[HealthServer]:
    server = HealthServer(
        HealthSettings("127.0.0.1", 0), Probe.for_application(bot.application, bot.settings)
    )
    await server.start()
    yield server
    await server.stop()


async def _get(server: HealthServer, path: str) -> tuple[int, str, str]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{server.port}{path}") as response,
    ):
        return response.status, response.headers["Content-Type"], await response.text()


def _sample(metrics: str, line_start: str) -> float:
    """The value of the first sample whose line starts with ``line_start``."""
    for line in metrics.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {line_start!r} in /metrics")


async def test_a_polling_bot_is_healthy_and_its_metrics_count_what_villagers_did(
    health: HealthServer, new_user: UserFactory
) -> None:
    status, _, body = await _get(health, "/healthz")
    assert (status, body) == (200, "ok\n")
    _, _, before = await _get(health, "/metrics")
    villager = new_user()
    await villager.send("iuran nelayan brp")
    await villager.replies()
    await villager.send("zzqx blorp")  # nothing the FAQ knows
    await villager.replies()
    status, content_type, after = await _get(health, "/metrics")
    assert status == 200 and content_type.startswith("text/plain; version=0.0.4")

    def grew(sample: str, by: float = 1) -> bool:
        old = _sample(before, sample) if sample in before else 0.0
        return _sample(after, sample) - old >= by

    assert grew('desabot_updates_total{type="message"}', 2)
    assert grew('desabot_update_handling_seconds_count{type="message"}', 2)
    assert grew('desabot_faq_answers_total{outcome="confident"}')
    assert grew('desabot_faq_answers_total{outcome="not_understood"}')
    assert grew('desabot_telegram_requests_total{method="sendMessage",outcome="ok"}', 2)
    assert grew('desabot_telegram_requests_total{method="getUpdates",outcome="ok"}')
    assert _sample(after, "desabot_outbox_backlog ") == 0
    assert _sample(after, "desabot_handoffs_waiting ") == 0
    assert _sample(after, "desabot_budget_waiting ") == 0
    assert 0 <= _sample(after, "desabot_updates_fetch_age_seconds ") < 10
    assert NIK not in after and str(villager.user_id) not in after  # labels hold no ids


async def test_healthz_is_503_with_the_reason_when_polling_stops(
    health: HealthServer, bot: RunningBot
) -> None:
    assert bot.application.updater is not None
    await bot.application.updater.stop()
    status, _, body = await _get(health, "/healthz")
    assert (status, body) == (503, "updates: not polling\n")


async def test_healthz_is_503_when_announcements_wait_and_the_worker_is_not_running(
    health: HealthServer, bot: RunningBot, new_user: UserFactory
) -> None:
    villager = new_user()
    await villager.send("/start")
    await villager.messages_until_quiet(quiet=0.3)
    assert bot.services.broadcaster is not None
    await bot.services.broadcaster.stop()  # as if the worker task had died
    db = bot.services.db
    draft = await broadcasts.create_draft(db, 9001, {"id": "Sosialisasi Sabtu."})
    await broadcasts.enqueue(db, draft, [villager.user_id])
    status, _, body = await _get(health, "/healthz")
    assert status == 503
    assert body == "outbox: 1 message(s) queued and the broadcast worker is not running\n"
    _, _, metrics = await _get(health, "/metrics")
    assert _sample(metrics, "desabot_outbox_backlog ") == 1


async def test_healthz_is_503_when_the_database_does_not_answer(
    health: HealthServer, bot: RunningBot
) -> None:
    await bot.services.db.shutdown()
    status, _, body = await _get(health, "/healthz")
    assert status == 503 and body.startswith("database: ")
    await bot.services.db.initialize()  # the fixture's shutdown closes it again


# ----------------------------------------------------------------- desabot run


async def _wait_healthy(port: int, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            assert process.poll() is None, "desabot run exited"
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return await response.text()
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError("/healthz never answered 200")


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_desabot_run_serves_healthz_and_logs_json(
    mode: str, sandbox: SandboxServer, db_path: Path, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DESABOT_TOKEN": SANDBOX_TOKEN,
        "DESABOT_API_URL": sandbox.api_url,
        "DESABOT_DB": str(db_path),
        "DESABOT_HEALTH_PORT": str(port),
        "DESABOT_LOG_FORMAT": "json",
    }
    if mode == "webhook":  # Telegram would post here through the proxy; /healthz: server up
        env |= {
            "DESABOT_WEBHOOK_URL": "https://bot.example.org/hook",
            "DESABOT_WEBHOOK_PORT": str(_free_port()),
            "DESABOT_WEBHOOK_SECRET": "s3cret",
        }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], env=env, cwd=tmp_path, stderr=subprocess.PIPE
    )
    try:
        assert await _wait_healthy(port, process) == "ok\n"
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {"asctime", "level", "name", "message"} <= set(records[0])
    assert any("health and metrics on" in r["message"] for r in records)
    assert process.returncode == 0


# ----------------------------------------------------------------- personal data


async def test_no_nik_or_phone_number_reaches_the_logs(
    new_user: UserFactory, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="handlers")
    caplog.set_level(logging.INFO)
    villager = new_user()
    await villager.send(f"NIK saya {NIK} hp {PHONE}, apa saya sudah terdaftar BPJS?")
    await villager.replies()
    await villager.send(f"/tanya nomor saya {PHONE}")
    await villager.replies()
    await _register_member_with_nik_and_phone(new_user, bot)
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert caplog.records, "nothing was captured: the test would prove nothing"
    assert NIK not in logged and "3505 1245 0190 0001" not in logged
    assert PHONE not in logged and PHONE[1:] not in logged


async def _register_member_with_nik_and_phone(new_user: UserFactory, bot: RunningBot) -> None:
    kades: ChatUser = new_user()
    await _seat(bot, kades)
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Tambah perangkat")
    await kades.press(await kades.next_message(), text="Saya setuju")
    await kades.next_message()
    await kades.send("Siti Aminah")
    await kades.press(await kades.next_message(), text="Sekretaris Desa")
    await kades.next_message()
    await kades.send(NIK[:-1])  # refused: 15 digits (the refusal must not log it either)
    await kades.next_message()
    await kades.send("3505 1245 0190 0001")
    await kades.press(await kades.next_message(), text="Aktif")
    await kades.next_message()
    await kades.send("12345678901")  # KPJ
    await kades.next_message()
    await kades.send(PHONE)
    confirm = await kades.next_message()
    await kades.press(confirm, text="Simpan")
    assert "sudah disimpan" in (await kades.next_message()).text
