"""The deployment files agree with the code: .env.example lists every variable the bot reads,
the README's exit codes and systemd unit match bot/platform/exits.py, the README's cron line
works as written, and the image runs the bot as a non-root user."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.platform.exits import PERMANENT, ExitCode

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
_VARIABLE = re.compile(r"\b(DESABOT_[A-Z0-9_]+|PORT)\b")


def _listed_in_env_example() -> set[str]:
    return {m[1] for m in re.finditer(r"^([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE, re.MULTILINE)}


def _read_by(path: Path) -> set[str]:
    """Variable names in string literals (env.get("…"), messages) of a module."""
    text = path.read_text(encoding="utf-8")
    names: set[str] = set()
    for literal in re.findall(r"\"([^\"\n]*)\"", text):
        names.update(n for n in _VARIABLE.findall(literal) if n != "DESABOT_")
    return names


def test_env_example_lists_every_variable_the_configuration_reads() -> None:
    read = _read_by(ROOT / "bot" / "platform" / "config.py")
    assert {"DESABOT_TOKEN", "DESABOT_DB", "PORT", "DESABOT_OLD_SECRET_KEY"} <= read
    assert read - _listed_in_env_example() == set()


def test_env_example_lists_every_variable_of_the_readme_table() -> None:
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", table, re.MULTILINE))
    assert "DESABOT_SECRET_KEY" in documented
    assert documented - _listed_in_env_example() == set()


def test_the_readme_exit_code_table_is_the_enum() -> None:
    table = README.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    cells = [[c.strip() for c in line.split("|")[1:-1]] for line in table.splitlines()]
    rows = [(row[0], row[-1]) for row in cells if row and row[0].isdigit()]
    assert [int(code) for code, _ in rows] == [int(code) for code in ExitCode]
    assert {int(code) for code, restart in rows if restart == "no"} == set(PERMANENT)


def test_the_systemd_unit_prevents_restarts_for_the_permanent_codes() -> None:
    unit = README.split("```ini", 1)[1].split("```", 1)[0]
    line = re.search(r"^RestartPreventExitStatus=(.+)$", unit, re.MULTILINE)
    assert line is not None and {int(c) for c in line[1].split()} == set(PERMANENT)
    for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                   "ReadWritePaths=/opt/desabot/data", "User=desabot"):  # fmt: skip
        assert option in unit


def test_the_readme_cron_line_works_as_written(tmp_path: Path) -> None:
    """What cron does with the line: drop the schedule and the user, turn `\\%` into `%`, run
    it with sh in a bare environment. Sixteen days of backups leave the newest 14."""
    line = next(x for x in README.splitlines() if re.match(r"^30 2 \* \* \* desabot ", x))
    command = line.split(" ", 6)[6]
    assert "%" not in command.replace("\\%", "")  # an unescaped % would end the command
    app, backups = tmp_path / "opt", tmp_path / "backups"
    (app / ".venv" / "bin").mkdir(parents=True)
    launcher = app / ".venv" / "bin" / "desabot"
    launcher.write_text(f'#!/bin/sh\nexec {sys.executable} -m bot "$@"\n')
    launcher.chmod(0o755)
    (app / ".env").write_text("DESABOT_DB=data/desabot.sqlite3\n")
    backups.mkdir()
    for day in range(1, 16):  # older backups, oldest first
        old = backups / f"desabot-2026-11-{day:02d}.sqlite3"
        old.write_text("old")
        os.utime(old, (1_700_000_000 + day * 86_400,) * 2)
    command = (
        command.replace("\\%", "%")
        .replace("/opt/desabot", str(app))
        .replace("/var/backups/desabot", str(backups))
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    no_db = subprocess.run(
        ["sh", "-c", command], env=env, capture_output=True, text=True, timeout=120
    )
    assert no_db.returncode == 1 and "no database at data/desabot.sqlite3" in no_db.stderr
    assert len(list(backups.iterdir())) == 15  # a failed backup deletes nothing

    migrate = [sys.executable, "-m", "bot", "db", "migrate"]
    subprocess.run(migrate, cwd=app, env=env, check=True, capture_output=True, timeout=120)
    done = subprocess.run(
        ["sh", "-c", command], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout == done.stderr == ""
    kept = sorted(p.name for p in backups.iterdir())
    assert len(kept) == 14 and "desabot-2026-11-02.sqlite3" not in kept
    assert any(re.fullmatch(r"desabot-\d{4}-\d\d-\d\d\.sqlite3", n) for n in kept[-1:])


def test_the_image_runs_the_bot_as_a_non_root_user_with_a_health_check() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    final = dockerfile.rsplit("\nFROM ", 1)[1]
    assert re.search(r"^USER desabot$", final, re.MULTILINE)
    assert 'ENTRYPOINT ["desabot"]' in final and 'CMD ["run"]' in final
    assert "HEALTHCHECK" in final and "/healthz" in final and 'VOLUME ["/data"]' in final
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", "data", "tests", ".venv", ".git"} <= set(ignored)
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "./deploy/Caddyfile:" in compose and (ROOT / "deploy" / "Caddyfile").is_file()


# ----------------------------------------------------------------- the image itself

# DESABOT_CONTAINER_ENGINE=buildah builds and runs with chroot isolation, for machines (such
# as containers themselves) where podman's OCI runtime cannot start containers.
ENGINE = os.environ.get("DESABOT_CONTAINER_ENGINE") or next(
    (e for e in ("podman", "docker") if shutil.which(e)), None
)


def _engine_problem() -> str | None:
    if ENGINE is None or not shutil.which(ENGINE):
        return "no container engine (podman, docker or buildah) on PATH"
    if os.environ.get("DESABOT_CONTAINER_TESTS") != "1":
        return "builds an image (minutes, network): set DESABOT_CONTAINER_TESTS=1 to run it"
    return None


def _build(tag: str) -> None:
    assert ENGINE is not None
    build = ["bud", "--isolation", "chroot"] if ENGINE == "buildah" else ["build"]
    # e.g. --build-arg PYTHON_IMAGE=… where Docker Hub cannot be reached
    extra = os.environ.get("DESABOT_CONTAINER_BUILD_ARGS", "").split()
    subprocess.run([ENGINE, *build, *extra, "-t", tag, str(ROOT)], check=True, timeout=1800)


class _Container:
    """Commands in the image as its own user, /data kept between them (a volume; with
    buildah, one working container, whose chroot runs do not share bind mounts back)."""

    def __init__(self, tag: str, data: Path) -> None:
        assert ENGINE is not None
        self.tag, self.data = tag, data
        self.buildah_container = None
        if ENGINE == "buildah":
            made = subprocess.run(["buildah", "from", tag], capture_output=True, text=True)
            self.buildah_container = made.stdout.strip()

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        assert ENGINE is not None
        if self.buildah_container is not None:
            run = ["buildah", "run", "--isolation", "chroot", self.buildah_container, "--"]
        else:
            volume = f"{self.data}:/data"
            run = [ENGINE, "run", "--rm", "-v", volume, "--entrypoint", command[0], self.tag]
            command = command[1:]
        return subprocess.run([*run, *command], capture_output=True, text=True, timeout=300)

    def remove(self) -> None:
        if self.buildah_container is not None:
            subprocess.run(["buildah", "rm", self.buildah_container], capture_output=True)


@pytest.mark.skipif(_engine_problem() is not None, reason=str(_engine_problem()))
def test_the_image_builds_and_checks_its_database(tmp_path: Path) -> None:
    _build("desabot:test")
    if os.geteuid() == 0:
        os.chown(tmp_path, 10001, 10001)  # the image's user owns its data directory
    else:
        tmp_path.chmod(0o777)
    container = _Container("desabot:test", tmp_path)
    try:
        assert container.run("id", "-u").stdout.strip() == "10001"
        empty = container.run("desabot", "db", "check")
        assert empty.returncode == 1 and "no database at /data/desabot.sqlite3" in empty.stderr
        migrated = container.run("desabot", "db", "migrate")
        assert migrated.returncode == 0, migrated.stderr
        check = container.run("desabot", "db", "check")
        assert check.returncode == 0 and "integrity: ok" in check.stdout
        unreachable = container.run(
            "env", "DESABOT_TOKEN=1000001:" + "A" * 35, "DESABOT_API_URL=http://127.0.0.1:9/bot",
            "DESABOT_STARTUP_RETRY_SECONDS=0", "desabot", "run",
        )  # fmt: skip
        assert unreachable.returncode == 3 and "unreachable" in unreachable.stderr
    finally:
        container.remove()
