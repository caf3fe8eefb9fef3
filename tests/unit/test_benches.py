"""The benchmarks still run against today's code (at toy sizes): a bench that rots is found
here, not on the day someone needs its figures. Nothing about speed is asserted: figures are
read from the benches themselves (README, "Benchmarks")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

SMALL_RUNS = [
    ("national_scale.py", "--villages", "60"),
    ("exports.py", "--members", "300", "--villages", "20"),
    ("apparatus_import.py", "--rows", "50", "--repeat", "1"),
    ("faq_accuracy.py", "--repeats", "1"),
    ("faq_learned.py",),
    ("faq_embedding.py", "--limit", "5"),  # without its optional model it says so and exits 0
    ("flood.py", "--flood", "2", "--probes", "1"),
    ("screen_lengths.py",),
    ("voice.py", "--repeat", "1", "--limit", "1", "--users", "1", "--screens", "2"),
]


@pytest.mark.parametrize("command", SMALL_RUNS, ids=[run[0] for run in SMALL_RUNS])
def test_the_bench_runs_and_prints_its_figures(command: tuple[str, ...]) -> None:
    script, *args = command
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        errors="replace",  # a crashing C library may print anything
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert done.stdout.strip(), "a bench prints its figures"
