"""Shared fixtures. End-to-end fixtures live in tests/e2e/conftest.py."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator

import httpx
import pytest
from httpx._transports import default as httpx_transport

from bot.app import Content, load_content
from bot.platform.config import load_settings
from bot.platform.i18n import I18n, activate
from tests import backend


@pytest.fixture(scope="session")
def i18n() -> I18n:
    catalogs = I18n()
    activate(catalogs)
    return catalogs


@pytest.fixture(scope="session")
def content() -> Content:
    """FAQ index, lessons, rates, rules and catalogs, loaded and validated once (≈2 s) per
    session: they never change while a bot runs. Each test's bot still gets its own database,
    user cache and extras (``build_services``)."""
    return load_content(load_settings({}))


@pytest.fixture(scope="session", autouse=True)
def one_tls_context() -> Iterator[None]:
    """Every PTB Bot opens httpx clients that each load the CA bundle (≈30 ms, four per
    started bot) for TLS the sandbox never uses (plain HTTP); the tests share one context.
    Clients asking for anything but the default verification still get their own."""
    shared = httpx.create_ssl_context()
    original = httpx_transport.create_ssl_context

    def create(
        verify: ssl.SSLContext | str | bool = True, cert: object = None, trust_env: bool = True
    ) -> ssl.SSLContext:
        if verify is True and cert is None and trust_env:
            return shared
        return original(verify=verify, cert=cert, trust_env=trust_env)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx_transport, "create_ssl_context", create)
        yield


@pytest.fixture(autouse=True)
def root_logging_restored() -> Iterator[None]:
    """Tests that call ``desabot``'s ``main`` configure root logging onto pytest's captured
    stderr, which is closed after the test: later log records would fail to print."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def postgres_databases_dropped() -> Iterator[None]:
    """On the PostgreSQL half each test's databases are dropped when it ends (after the bot
    and its pool have been shut down: this fixture is set up first, so torn down last)."""
    yield
    if backend.ON_POSTGRES:
        backend.drop_created()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if backend.ON_POSTGRES:
        backend.drop_templates()
