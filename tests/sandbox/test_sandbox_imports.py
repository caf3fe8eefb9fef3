"""The sandbox stays a generic Bot API emulator (sandbox/__init__.py, "Import rule")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.unit.test_layers import ROOT, imported_modules, python_files

SHARED_PARSER = "bot.platform.telegram_html"


@pytest.mark.parametrize("path", python_files("sandbox"), ids=lambda p: p.name)
def test_sandbox_imports_nothing_of_the_bot_but_the_html_parser(path: Path) -> None:
    bad = [
        m
        for m in imported_modules(path)
        if m.split(".")[0] in {"bot", "handlers"}
        and m != SHARED_PARSER
        and not m.startswith(SHARED_PARSER + ".")
    ]
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"


def test_the_shared_html_parser_is_a_standard_library_leaf() -> None:
    path = ROOT / (SHARED_PARSER.replace(".", "/") + ".py")
    foreign = [m for m in imported_modules(path) if m.split(".")[0] not in sys.stdlib_module_names]
    assert foreign == []
