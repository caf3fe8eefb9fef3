"""Repository for ``voice_cache``: the Telegram file_id of each voice note already made."""

from __future__ import annotations

from bot.platform.db.connection import Database, utcnow


async def file_id(db: Database, language: str, text_hash: str) -> str | None:
    row = await db.fetchone(
        "SELECT file_id FROM voice_cache WHERE language = ? AND text_hash = ?",
        (language, text_hash),
    )
    return str(row[0]) if row else None


async def remember(db: Database, language: str, text_hash: str, file_id: str) -> None:
    """The latest file_id wins (two presses at once both made one: either is good)."""
    await db.execute(
        "INSERT INTO voice_cache(language, text_hash, file_id, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(language, text_hash) DO UPDATE SET file_id = excluded.file_id",
        (language, text_hash, file_id, utcnow()),
    )


async def forget(db: Database, language: str, text_hash: str) -> None:
    """A file_id Telegram no longer accepts (another bot token, a purged file)."""
    await db.execute(
        "DELETE FROM voice_cache WHERE language = ? AND text_hash = ?", (language, text_hash)
    )
