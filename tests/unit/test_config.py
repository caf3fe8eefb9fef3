from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.platform.config import ConfigError, load_settings, redact_url

TOKEN = "123456789:" + "A" * 35


def test_defaults_when_only_token_is_set() -> None:
    settings = load_settings({"DESABOT_TOKEN": TOKEN})
    assert settings.api_url == "https://api.telegram.org/bot"
    assert settings.file_url == "https://api.telegram.org/file/bot"
    assert str(settings.db_path) == "data/desabot.sqlite3"
    assert settings.default_language == "id"
    assert settings.webhook is None and settings.admin_ids == frozenset()


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DESABOT_TOKEN": "not-a-token"}, "DESABOT_TOKEN"),
        ({"DESABOT_TOKEN": "123:short"}, "DESABOT_TOKEN"),
        ({"DESABOT_ADMIN_IDS": "12,abc"}, "DESABOT_ADMIN_IDS"),
        (
            {"DESABOT_WEBHOOK_URL": "https://x.example/hook", "DESABOT_WEBHOOK_PORT": "80a"},
            "DESABOT_WEBHOOK_PORT",
        ),
        ({"DESABOT_LANG": "fr"}, "DESABOT_LANG"),
        ({"DESABOT_API_URL": "ftp://x"}, "DESABOT_API_URL"),
        ({"DESABOT_OFFICER_CHAT_ID": "group"}, "DESABOT_OFFICER_CHAT_ID"),
        ({"DESABOT_BROADCAST_RATE": "cepat"}, "DESABOT_BROADCAST_RATE"),
        ({"DESABOT_BROADCAST_RATE": "0"}, "DESABOT_BROADCAST_RATE"),
        ({"DESABOT_BROADCAST_RATE": "5000"}, "DESABOT_BROADCAST_RATE"),
        ({"DESABOT_BROADCAST_RATE": "nan"}, "DESABOT_BROADCAST_RATE"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings(env)


def test_token_is_never_echoed() -> None:
    secret = "123:" + "x" * 10 + "!" * 30
    with pytest.raises(ConfigError) as info:
        load_settings({"DESABOT_TOKEN": secret})
    assert secret not in str(info.value)
    assert secret not in repr(load_settings({}))


def test_admin_ids_and_webhook() -> None:
    settings = load_settings(
        {
            "DESABOT_ADMIN_IDS": "11, 22",
            "DESABOT_WEBHOOK_URL": "https://bot.example/tg",
            "DESABOT_WEBHOOK_PORT": "8080",
            "DESABOT_WEBHOOK_SECRET": "s3cret_-",
            "DESABOT_API_URL": "http://127.0.0.1:8081/bot/",
        }
    )
    assert settings.admin_ids == frozenset({11, 22})
    assert settings.webhook is not None and settings.webhook.port == 8080
    assert settings.api_url == "http://127.0.0.1:8081/bot"
    assert settings.file_url == "http://127.0.0.1:8081/file/bot"


def test_run_with_bad_token_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESABOT_TOKEN", "nonsense")
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "DESABOT_TOKEN" in err[0] and "nonsense" not in err[0]


def test_run_without_token_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DESABOT_TOKEN", raising=False)
    monkeypatch.chdir("/")  # no .env here
    assert main(["run"]) == 2
    assert "DESABOT_TOKEN" in capsys.readouterr().err


def test_regions_load_copies_the_hierarchy_once_and_force_reloads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DESABOT_DB", str(tmp_path / "regions.sqlite3"))
    assert main(["regions", "load"]) == 0
    assert "loaded 91,599 regions" in capsys.readouterr().out
    assert main(["regions", "load"]) == 0
    assert "already loaded" in capsys.readouterr().out
    assert main(["regions", "load", "--force"]) == 0
    assert "loaded 91,599 regions" in capsys.readouterr().out


def test_the_broadcast_rate_reaches_the_worker() -> None:
    from bot.platform.db.connection import Database
    from bot.services.broadcast import BroadcastWorker

    assert load_settings({}).broadcast_rate == 25.0
    settings = load_settings({"DESABOT_TOKEN": TOKEN, "DESABOT_BROADCAST_RATE": " 12.5 "})
    worker = BroadcastWorker.for_settings(Database(Path(":memory:")), settings)
    assert worker.rate == 12.5


# ----------------------------------------------------------------- hardening (issue 10)

WEBHOOK = {"DESABOT_TOKEN": TOKEN, "DESABOT_WEBHOOK_URL": "https://bot.example/tg"}


def test_webhook_without_secret_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A webhook without a secret obeys anyone who can reach the port (issue 10, High 3)."""
    monkeypatch.chdir("/")  # no .env here
    for name, value in WEBHOOK.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DESABOT_WEBHOOK_SECRET", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "DESABOT_WEBHOOK_SECRET" in err[0]
    assert "Traceback" not in err[0]


def test_webhook_binds_loopback_unless_told_otherwise() -> None:
    settings = load_settings({**WEBHOOK, "DESABOT_WEBHOOK_SECRET": "s3cret"})
    assert settings.webhook is not None and settings.webhook.listen == "127.0.0.1"
    told = load_settings(
        {**WEBHOOK, "DESABOT_WEBHOOK_SECRET": "s3cret", "DESABOT_WEBHOOK_LISTEN": "0.0.0.0"}
    )
    assert told.webhook is not None and told.webhook.listen == "0.0.0.0"


@pytest.mark.parametrize(
    ("extra", "port"),
    [
        ({"PORT": "10000"}, 10000),  # what Render, Heroku, Railway… set
        ({"PORT": "10000", "DESABOT_WEBHOOK_PORT": "8080"}, 8080),  # ours wins
        ({}, 8443),
    ],
)
def test_webhook_port_honours_the_platform_port(extra: dict[str, str], port: int) -> None:
    settings = load_settings({**WEBHOOK, "DESABOT_WEBHOOK_SECRET": "s3cret", **extra})
    assert settings.webhook is not None and settings.webhook.port == port


@pytest.mark.parametrize(
    "token",
    [
        "١٢٣٤٥٦٧٨٩:" + "A" * 35,  # Arabic-Indic digits
        "１２３:" + "A" * 35,  # fullwidth digits
        "123:" + "A" * 34 + "Ａ",  # fullwidth letter
    ],
)
def test_token_with_non_ascii_digits_is_refused(token: str) -> None:
    with pytest.raises(ConfigError, match="DESABOT_TOKEN"):
        load_settings({"DESABOT_TOKEN": token})


@pytest.mark.parametrize(
    ("name", "value"), [("DESABOT_ADMIN_IDS", "٣٤٥"), ("DESABOT_OFFICER_CHAT_ID", "-١٠٠")]
)
def test_ids_with_non_ascii_digits_are_refused(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({"DESABOT_TOKEN": TOKEN, name: value})


def test_run_with_a_database_locked_by_another_process_exits_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """It used to start, fail every write, and then ignore SIGTERM (issue 10)."""
    import sqlite3

    from bot.platform.db import files

    path = tmp_path / "locked.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DESABOT_TOKEN", TOKEN)
    monkeypatch.setenv("DESABOT_DB", str(path))
    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.2)
    try:
        assert main(["run"]) == 8
    finally:
        other.close()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "locked by another process" in err[0] and str(path) in err[0]


# ----------------------------------------------------------------- deploy (issue 15)


def test_an_http_webhook_url_is_refused() -> None:
    """Telegram only calls HTTPS: an http:// URL would register and never deliver."""
    with pytest.raises(ConfigError, match="must start with https://"):
        load_settings({**WEBHOOK, "DESABOT_WEBHOOK_URL": "http://bot.example/tg"})


@pytest.mark.parametrize(("raw", "seconds"), [("", 60.0), (" 0 ", 0.0), ("2.5", 2.5)])
def test_the_startup_retry_budget(raw: str, seconds: float) -> None:
    assert load_settings({"DESABOT_STARTUP_RETRY_SECONDS": raw}).startup_retry_seconds == seconds


@pytest.mark.parametrize("raw", ["-1", "soon", "99999"])
def test_a_bad_startup_retry_budget_is_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match="DESABOT_STARTUP_RETRY_SECONDS"):
        load_settings({"DESABOT_STARTUP_RETRY_SECONDS": raw})


def test_an_env_file_with_a_byte_order_mark_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_bytes("\ufeffDESABOT_LANG=jv\n".encode())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DESABOT_LANG", raising=False)
    assert load_settings().default_language == "jv"


def test_an_env_file_that_is_not_utf8_names_the_file_and_the_byte(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_bytes(b"DESABOT_LANG=id\nNAMA=Bu Sri \xa0\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"\.env is not UTF-8 text \(byte 0xa0 at offset 28\)"):
        load_settings()


def test_the_old_key_is_read_for_rotation_and_never_shown() -> None:
    settings = load_settings({"DESABOT_OLD_SECRET_KEY": "o" * 40})
    assert settings.old_secret_key == "o" * 40 and "o" * 40 not in repr(settings)


def test_several_workers_need_a_webhook_and_name_themselves() -> None:
    token = "123456:" + "A" * 35
    webhook = {
        "DESABOT_TOKEN": token,
        "DESABOT_WEBHOOK_URL": "https://bot.example.org/telegram",
        "DESABOT_WEBHOOK_SECRET": "s3cret",
    }
    alone = load_settings(webhook)
    assert not alone.several_workers and alone.worker_id is None
    several = load_settings({**webhook, "DESABOT_WORKERS": "several", "DESABOT_WORKER_ID": "b1"})
    assert several.several_workers and several.worker_id == "b1"
    with pytest.raises(ConfigError, match="DESABOT_WORKERS=several needs webhook mode"):
        load_settings({"DESABOT_TOKEN": token, "DESABOT_WORKERS": "several"})
    with pytest.raises(ConfigError, match="DESABOT_WORKERS must be one or several"):
        load_settings({**webhook, "DESABOT_WORKERS": "4"})
    with pytest.raises(ConfigError, match="DESABOT_WORKER_ID"):
        load_settings({**webhook, "DESABOT_WORKER_ID": "bad name"})


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:s3cret@db:5432/desa", "postgresql://bot:***@db:5432/desa"),
        ("postgresql://bot@db/desa", "postgresql://bot@db/desa"),
        ("postgresql:///desa?host=/run/postgresql", "postgresql:///desa?host=/run/postgresql"),
    ],
)
def test_a_database_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    settings = load_settings({"DESABOT_DB": url}, dotenv=False)
    assert "s3cret" not in repr(settings)
