"""The layers of the code base keep pointing down (README "Layout").

* ``bot/domain`` is pure: nothing in it imports the database, Telegram, aiosqlite or a service,
  so the self-check, the officer's review, statistics and broadcast targeting share one rules
  module that a unit test can run without I/O.
* Only ``bot/app.py`` imports ``handlers``; no handler module imports another handler module
  except through ``handlers.shared`` or a private helper (``_common``) of its own package.
* The sandbox Bot API is its own package: the bot's runtime code never imports it (only the
  harness and the terminal chat that run the bot against it).
"""

from __future__ import annotations

import ast
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


def foreign_handler_imports(path: Path) -> list[str]:
    """Handler modules ``path`` imports other than handlers.shared, its own packages and the
    private (``_``-named) helpers of its own package."""
    own = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = own.rsplit(".", 1)[0]
    return [
        m
        for m in imported_modules(path)
        if _starts(m, ("handlers",))
        and not _starts(m, ("handlers.shared",))
        and not own.startswith(m)
        and not (m.startswith(package + ".") and m[len(package) + 1 :].startswith("_"))
    ]


# handlers/desa/desa.py is converted with the officers' handlers (it holds /undang, /verifikasi).
DESA_FILES = [p for p in python_files("handlers/desa") if p.name != "desa.py"]


@pytest.mark.parametrize("path", DESA_FILES, ids=lambda p: str(p.relative_to(ROOT / "handlers")))
def test_desa_handlers_import_no_other_handler_module(path: Path) -> None:
    assert foreign_handler_imports(path) == [], f"{path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", python_files("handlers/warga"), ids=lambda p: p.name)
def test_warga_handlers_import_no_other_handler_module(path: Path) -> None:
    assert foreign_handler_imports(path) == [], f"{path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", python_files("handlers/shared"), ids=lambda p: p.name)
def test_shared_handlers_import_no_other_handler_module(path: Path) -> None:
    assert foreign_handler_imports(path) == [], f"{path.relative_to(ROOT)}"


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


@pytest.mark.parametrize(
    "path",
    python_files("handlers/warga") + python_files("handlers/shared"),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_warga_and_shared_handlers_import_at_the_top(path: Path) -> None:
    assert imports_inside_functions(path) == []


def test_the_bot_runtime_does_not_import_the_sandbox() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files("bot") + python_files("handlers")
        if p.relative_to(ROOT).as_posix() not in SANDBOX_GLUE
        and any(_starts(m, ("sandbox",)) for m in imported_modules(p))
    ]
    assert offenders == []
