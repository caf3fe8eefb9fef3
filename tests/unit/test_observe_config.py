"""Issue 15's variables (health port, log format), the log's personal-data mask, and /healthz's
checks in webhook mode."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.platform import log
from bot.platform.config import ConfigError, HealthSettings, load_settings
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.platform.health import FETCH_STALE, Probe
from tests.backend import database_for

TOKEN = "123456789:" + "A" * 35
HOOK = {
    "DESABOT_WEBHOOK_URL": "https://bot.example.org/hook",
    "DESABOT_WEBHOOK_SECRET": "s3cret",
}


def test_health_server_defaults_to_loopback_8081_and_0_switches_it_off() -> None:
    assert load_settings({}).health == HealthSettings("127.0.0.1", 8081)
    env = {"DESABOT_HEALTH_PORT": "9100", "DESABOT_HEALTH_LISTEN": "0.0.0.0"}
    assert load_settings(env).health == HealthSettings("0.0.0.0", 9100)
    assert load_settings({"DESABOT_HEALTH_PORT": "0"}).health is None
    assert load_settings({}).log_format == "text"
    assert load_settings({"DESABOT_LOG_FORMAT": "JSON"}).log_format == "json"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DESABOT_HEALTH_PORT": "http"}, "DESABOT_HEALTH_PORT"),
        ({"DESABOT_HEALTH_PORT": "70000"}, "DESABOT_HEALTH_PORT"),
        ({"DESABOT_HEALTH_PORT": "-1"}, "DESABOT_HEALTH_PORT"),
        ({"DESABOT_HEALTH_LISTEN": "local host"}, "DESABOT_HEALTH_LISTEN"),
        ({**HOOK, "DESABOT_WEBHOOK_PORT": "8081"}, "DESABOT_HEALTH_PORT"),
        ({"DESABOT_LOG_FORMAT": "xml"}, "DESABOT_LOG_FORMAT"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings(env)


def test_a_bad_log_format_stops_any_command_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DESABOT_LOG_FORMAT", "yaml")
    assert main(["content", "check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["desabot: DESABOT_LOG_FORMAT must be text or json, got 'yaml'"]


@pytest.mark.parametrize(
    "secret",
    [
        "3505124501900001",
        "3505 1245 0190 0001",
        "350512.450190.0001",
        "081234567890",
        "0812-3456-7890",
        "+62 812 3456 7890",
        "6281234567890",
    ],
)
def test_nik_and_phone_numbers_are_masked(secret: str) -> None:
    assert log.mask_personal_data(f"got {secret} from") == "got [redacted] from"


@pytest.mark.parametrize(
    "kept", ["user 123456789", "chat -1001234567890", "update 987654321", "Rp16.800"]
)
def test_ids_and_amounts_are_not_masked(kept: str) -> None:
    assert log.mask_personal_data(kept) == kept


def test_json_lines_with_personal_data_masked_even_in_tracebacks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        log.configure(env={"DESABOT_LOG_FORMAT": "json"})
        logger = logging.getLogger("bot.test")
        logger.info("villager %s typed %s", 42, "NIK 3505124501900001")
        try:
            raise ValueError("bad phone 081234567890")
        except ValueError:
            logger.exception("handler failed")
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    lines = stream.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["message"] == "villager 42 typed NIK [redacted]"
    assert records[0]["level"] == "INFO" and records[0]["name"] == "bot.test"
    assert "ValueError: bad phone [redacted]" in records[1]["exc_info"]
    assert "3505124501900001" not in stream.getvalue() and "081234567890" not in stream.getvalue()


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def db(tmp_path: Path) -> Any:
    database = open_database(database_for(tmp_path / "probe.sqlite3"))
    await database.initialize()
    yield database
    await database.shutdown()


async def test_webhook_mode_is_healthy_while_its_server_runs(db: Database) -> None:
    running = True
    probe = Probe(db=db, webhook=True, updater_running=lambda: running)
    assert (await probe.check()).healthy
    running = False
    assert (await probe.check()).problems == ["updates: webhook server not running"]


async def test_polling_that_stopped_getting_answers_is_unhealthy(db: Database) -> None:
    class Fetches:
        last_answer: float | None = None

    clock, fetches = _Clock(), Fetches()
    probe = Probe(db=db, webhook=False, updater_running=lambda: True, clock=clock)
    probe.fetch_clock = fetches  # type: ignore[assignment]
    probe.started = clock.now
    assert (await probe.check()).healthy  # just started
    fetches.last_answer = clock.now
    clock.now += FETCH_STALE + 5
    report = await probe.check()
    assert report.problems == [f"updates: getUpdates not answered for {FETCH_STALE + 5:.0f} s"]
    assert report.text().endswith("\n") and not report.healthy


async def test_handled_and_dropped_updates_are_counted_by_type_and_reason() -> None:
    from telegram import Chat, Message, Update

    from bot.platform import metrics
    from bot.platform.updates import PerChatUpdateProcessor

    def sample(name: str, labels: dict[str, str]) -> float:
        return metrics.REGISTRY.get_sample_value(name, labels) or 0.0

    def message(update_id: int) -> Update:
        chat = Chat(10, "private")
        return Update(update_id, message=Message(update_id, None, chat, text="x"))  # type: ignore[arg-type]

    async def handle() -> None:
        await asyncio.sleep(0.01)

    handled = sample("desabot_updates_total", {"type": "message"})
    timed = sample("desabot_update_handling_seconds_count", {"type": "message"})
    repeated = sample("desabot_updates_dropped_total", {"reason": "repeated"})
    processor = PerChatUpdateProcessor(4)
    await processor.process_update(message(7), handle())
    await processor.process_update(message(7), handle())  # a replayed webhook call
    assert sample("desabot_updates_total", {"type": "message"}) == handled + 1
    assert sample("desabot_update_handling_seconds_count", {"type": "message"}) == timed + 1
    assert sample("desabot_updates_dropped_total", {"reason": "repeated"}) == repeated + 1
