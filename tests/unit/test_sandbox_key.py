"""The sandbox's own DESABOT_SECRET_KEY, kept beside its database (bot/harness.py)."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from pathlib import Path

from bot.harness import sandbox_secret_key

ROOT = Path(__file__).resolve().parents[2]
# One worker: import, say it is ready, wait for the start signal, print the key it gets.
_RACER = """
import sys, time
from pathlib import Path
from bot.harness import sandbox_secret_key
db, go, ready = map(Path, sys.argv[1:])
ready.touch()
while not go.exists():
    time.sleep(0.0005)
print(sandbox_secret_key(db))
"""


def test_the_key_is_made_once_private_and_read_again(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "desabot.sqlite3"
    key = sandbox_secret_key(db)
    assert key and sandbox_secret_key(db) == key
    key_file = db.with_suffix(".key")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in key_file.parent.iterdir()] == ["desabot.key"]  # no draft left


def test_workers_starting_together_on_a_new_database_share_one_key(tmp_path: Path) -> None:
    # Several workers start at once on a new sandbox database: one wins, the others read its
    # key. Before, a second worker could read the file while it was still empty and stop.
    db, go = tmp_path / "desabot.sqlite3", tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(db), str(go), str(tmp_path / f"ready{n}")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready*"))) < len(processes) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # all imported: they ask for the key at the same moment
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes)
    assert keys == {db.with_suffix(".key").read_text(encoding="utf-8").strip()}
    assert "" not in keys
