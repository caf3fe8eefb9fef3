"""Which database ``DESABOT_DB`` names: a SQLite file (the default) or a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path

from bot.platform.db.connection import Database


def open_database(location: str | Path) -> Database:
    """The :class:`Database` for ``location`` (not yet initialised). The PostgreSQL module,
    and with it the driver, is only imported for a ``postgresql://`` URL."""
    if str(location).startswith(("postgresql://", "postgres://")):
        from bot.platform.db.postgres import PostgresDatabase

        return PostgresDatabase(str(location))
    return Database(Path(location))
