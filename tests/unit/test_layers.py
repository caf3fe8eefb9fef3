"""The layers of the code base keep pointing down (README "Layout").

* ``bot/domain`` is pure: nothing in it imports the database, Telegram, aiosqlite or a service,
  so the self-check, the officer's review, statistics and broadcast targeting share one rules
  module that a unit test can run without I/O.
* Only ``bot/app.py`` imports ``handlers``; no handler module imports another handler module
  except through ``handlers.shared`` or a private helper of its own package (``_name.py``).
* The sandbox Bot API is its own package: the bot's runtime code never imports it (only the
  harness and the terminal chat that run the bot against it).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_DOMAIN = ("telegram", "aiosqlite", "sqlite3", "bot.platform.db", "bot.services")
SANDBOX_GLUE = {"bot/harness.py", "bot/terminal_chat.py", "bot/cli.py"}


def imported_modules(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside a function, as a dotted name."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _starts(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", python_files("bot/domain"), ids=lambda p: p.name)
def test_domain_imports_no_io_telegram_or_services(path: Path) -> None:
    bad = [m for m in imported_modules(path) if _starts(m, FORBIDDEN_IN_DOMAIN)]
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"


def test_only_the_composition_root_imports_handlers() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files("bot")
        if any(_starts(m, ("handlers",)) for m in imported_modules(p))
        and p.relative_to(ROOT).as_posix() != "bot/app.py"
    ]
    assert offenders == []


def other_handler_modules(path: Path, own: str | None = None) -> list[str]:
    """The handler modules ``path`` (the module ``own``) imports, besides ``handlers.shared``,
    its own packages and the private helpers (``_name``) of its own package."""
    own = own or ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = own.rsplit(".", 1)[0]
    private = re.compile(rf"^{re.escape(package)}\._\w+(\.|$)")
    return [
        m
        for m in imported_modules(path)
        if _starts(m, ("handlers",))
        and not _starts(m, ("handlers.shared",))
        and not own.startswith(m + ".")
        and not private.match(m)
    ]


HANDLER_FILES = [p for p in python_files("handlers") if p.parent != ROOT / "handlers"]


@pytest.mark.parametrize("path", HANDLER_FILES, ids=lambda p: str(p.relative_to(ROOT / "handlers")))
def test_handlers_import_no_other_handler_module(path: Path) -> None:
    """Glue is shared through handlers.shared, rules through bot.services, never one handler
    through another."""
    others = other_handler_modules(path)
    assert others == [], f"{path.relative_to(ROOT)} imports {others}"


def test_the_handler_import_check_sees_a_handler_importing_another(tmp_path: Path) -> None:
    """The check above can fail: a module-level and a function-local import are both seen,
    while handlers.shared and the package's own private helper are allowed."""
    fake = tmp_path / "probe.py"
    fake.write_text(
        "from handlers.shared.session import reply\n"
        "from handlers.petugas._reports import run_export\n"
        "from handlers.petugas import statistik\n"
        "def f() -> None:\n"
        "    from handlers.desa.laporan import render_check\n"
    )
    found = other_handler_modules(fake, own="handlers.petugas.probe")
    assert "handlers.petugas.statistik" in found
    assert "handlers.desa.laporan" in found
    assert not [m for m in found if "shared" in m or "_reports" in m]


def imports_inside_functions(path: Path) -> list[str]:
    """Imports in a function body: a way to dodge an import cycle instead of removing it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [
                ast.unparse(inner)
                for inner in ast.walk(node)
                if isinstance(inner, ast.Import | ast.ImportFrom)
            ]
    return found


@pytest.mark.parametrize("path", HANDLER_FILES, ids=lambda p: str(p.relative_to(ROOT / "handlers")))
def test_handlers_import_at_the_top(path: Path) -> None:
    assert imports_inside_functions(path) == []


def test_the_bot_runtime_does_not_import_the_sandbox() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files("bot") + python_files("handlers")
        if p.relative_to(ROOT).as_posix() not in SANDBOX_GLUE
        and any(_starts(m, ("sandbox",)) for m in imported_modules(p))
    ]
    assert offenders == []
