"""Shared fixtures. End-to-end fixtures live in tests/e2e/conftest.py."""

from __future__ import annotations

import pytest

from bot.platform.i18n import I18n, activate


@pytest.fixture(scope="session")
def i18n() -> I18n:
    catalogs = I18n()
    activate(catalogs)
    return catalogs
