"""Callback-data prefixes: one registry, no clashes, every button routed by a registered one."""

from __future__ import annotations

import re

from telegram.ext import CallbackQueryHandler

from bot.app import build_handlers
from bot.platform.callback import MAX_CALLBACK_BYTES
from bot.services.broadcast import READ
from handlers.shared.prefixes import Prefix

# The "Sudah dibaca" button is sent by the broadcast worker (a service), not a handler module.
REGISTERED = {p.value for p in Prefix} | {READ}


def routed_prefixes() -> list[str]:
    found = []
    for handler in build_handlers():
        if isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
            pattern = handler.pattern.pattern if isinstance(handler.pattern, re.Pattern) else ""
            match = re.match(r"\^(\w+)", pattern)
            assert match, f"a button handler without a prefix pattern: {pattern!r}"
            found.append(match.group(1))
    return found


def test_every_button_handler_routes_a_registered_prefix() -> None:
    unregistered = sorted(set(routed_prefixes()) - REGISTERED)
    assert unregistered == []


def test_prefixes_are_unique_short_and_free_of_the_separator() -> None:
    values = [p.value for p in Prefix]
    assert len(values) == len(set(values)) and READ not in values
    assert all(re.fullmatch(r"[a-z]{1,5}", v) for v in values)
    assert max(len(v.encode()) for v in values) < MAX_CALLBACK_BYTES // 8


def test_every_registered_prefix_has_a_handler() -> None:
    unrouted = sorted({p.value for p in Prefix} - set(routed_prefixes()))
    # menu/help/ask etc. are routed too; nothing in the registry is dead.
    assert unrouted == []
