"""Repository for ``broadcasts``, the ``outbox`` (one row per recipient) and ``broadcast_reads``.

Every outbox state change is one UPDATE that commits on its own, so the worker's progress is
durable message by message (bot/services/broadcast.py explains why that matters after a crash).

The bot shares one aiosqlite connection between all coroutines, so a statement of another
coroutine can land between two statements of an open transaction. Each write here is
therefore arranged so that any prefix of it is a consistent state: ``enqueue`` inserts the
rows while the broadcast is still a draft (the worker ignores drafts) and only then, in one
statement, switches it to 'sending'.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.platform.db.connection import Database, utcnow

LANGUAGES = ("id", "en", "jv")
MEDIA_KINDS = ("photo", "document")
# Where each officer action may start from; anything else is refused (returns False).
PAUSABLE = ("sending",)
RESUMABLE = ("paused",)
CANCELLABLE = ("draft", "scheduled", "sending", "paused")


class BroadcastStateError(RuntimeError):
    """The broadcast is not in a state that allows this (e.g. enqueueing twice)."""


@dataclass(frozen=True)
class Broadcast:
    id: int
    created_by: int
    created_at: str
    status: str
    texts: Mapping[str, str]  # language → Telegram HTML, only the languages written
    media_kind: str | None = None
    media_file_id: str | None = None
    audience: Mapping[str, Any] = field(default_factory=dict)
    total: int = 0
    scheduled_at: str | None = None
    progress_chat_id: int | None = None
    progress_message_id: int | None = None
    started_at: str | None = None
    finished_at: str | None = None
    sender: str | None = None  # the office that signs it (fixed at launch)


@dataclass(frozen=True)
class Recipient:
    """An outbox row the worker still has to send."""

    user_id: int
    language: str


@dataclass(frozen=True)
class DeliveryCounts:
    queued: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.queued + self.sending + self.sent + self.blocked + self.failed

    @property
    def finished(self) -> int:
        """Recipients with a final outcome."""
        return self.sent + self.blocked + self.failed

    @property
    def remaining(self) -> int:
        return self.queued + self.sending


def _from_row(row: sqlite3.Row) -> Broadcast:
    texts = {lang: row[f"text_{lang}"] for lang in LANGUAGES if row[f"text_{lang}"]}
    return Broadcast(
        id=int(row["id"]),
        created_by=int(row["created_by"]),
        created_at=str(row["created_at"]),
        status=str(row["status"]),
        texts=texts,
        media_kind=row["media_kind"],
        media_file_id=row["media_file_id"],
        audience=json.loads(row["audience"] or "{}"),
        total=int(row["total"]),
        scheduled_at=row["scheduled_at"],
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        sender=row["sender"],
    )


def timestamp(moment: datetime) -> str:
    """The stored form of a moment (UTC ISO text, as ``utcnow``), so text comparison works."""
    if moment.tzinfo is None:
        raise ValueError("scheduled times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# ----------------------------------------------------------------- broadcasts


async def create_draft(
    db: Database,
    created_by: int,
    texts: Mapping[str, str],
    *,
    media_kind: str | None = None,
    media_file_id: str | None = None,
    audience: Mapping[str, Any] | None = None,
    sender: str | None = None,
) -> int:
    """A new draft; ``texts`` maps language (id, en, jv) to the officer's HTML text."""
    unknown = set(texts) - set(LANGUAGES)
    if unknown or not any(texts.values()):
        raise ValueError(f"texts need at least one of {LANGUAGES}, got {sorted(texts)}")
    if (media_kind is None) != (media_file_id is None) or media_kind not in (None, *MEDIA_KINDS):
        raise ValueError("media_kind (photo or document) and media_file_id go together")
    return await db.insert(
        "INSERT INTO broadcasts(created_by, created_at, text_id, text_en, text_jv,"
        " media_kind, media_file_id, audience, sender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            created_by,
            utcnow(),
            *(texts.get(lang) or None for lang in LANGUAGES),
            media_kind,
            media_file_id,
            json.dumps(dict(audience or {}), ensure_ascii=False),
            sender,
        ),
    )


async def get(db: Database, broadcast_id: int) -> Broadcast | None:
    row = await db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
    return _from_row(row) if row else None


async def enqueue(
    db: Database, broadcast_id: int, user_ids: Iterable[int], *, start_at: datetime | None = None
) -> int:
    """Queue one outbox row per recipient and start (or schedule) the draft, in one transaction.

    Users unknown to the bot or stopped (``users.stopped_at``) are left out; each recipient's
    language is taken from ``users`` now. Returns the number queued.
    """
    now = utcnow()
    ids = json.dumps(sorted(set(user_ids)))
    status, scheduled = ("sending", None) if start_at is None else ("scheduled", start_at)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox(broadcast_id, user_id, language, updated_at)"
            " SELECT ?, u.user_id, u.language, ? FROM json_each(?) AS j"
            " JOIN users AS u ON u.user_id = CAST(j.value AS INTEGER)"
            " WHERE u.stopped_at IS NULL ON CONFLICT DO NOTHING",
            (broadcast_id, now, ids),
        )
        # The switch from draft comes last and in one statement (see the module docstring).
        cursor = await conn.execute(
            "UPDATE broadcasts SET status = ?, scheduled_at = ?, started_at = ?,"
            " total = (SELECT COUNT(*) FROM outbox WHERE broadcast_id = ?)"
            " WHERE id = ? AND status = 'draft'",
            (
                status,
                timestamp(scheduled) if scheduled else None,
                now if status == "sending" else None,
                broadcast_id,
                broadcast_id,
            ),
        )
        if cursor.rowcount != 1:
            raise BroadcastStateError(f"broadcast {broadcast_id} is not a draft")
    row = await db.fetchone("SELECT total FROM broadcasts WHERE id = ?", (broadcast_id,))
    return int(row[0]) if row else 0


async def set_status(
    db: Database, broadcast_id: int, status: str, *, allowed_from: Iterable[str]
) -> bool:
    """Move to ``status`` if the broadcast is in one of ``allowed_from``; False otherwise."""
    sources = tuple(allowed_from)
    marks = ", ".join("?" for _ in sources)
    changed = await db.execute(
        f"UPDATE broadcasts SET status = ? WHERE id = ? AND status IN ({marks})",
        (status, broadcast_id, *sources),
    )
    return changed == 1


async def start_due(db: Database, now: str) -> int:
    """Scheduled broadcasts whose time has come become 'sending'."""
    return await db.execute(
        "UPDATE broadcasts SET status = 'sending', started_at = COALESCE(started_at, ?)"
        " WHERE status = 'scheduled' AND scheduled_at <= ?",
        (now, now),
    )


async def first_sending(db: Database) -> Broadcast | None:
    """The oldest broadcast being sent: the worker finishes one before starting the next."""
    row = await db.fetchone("SELECT * FROM broadcasts WHERE status = 'sending' ORDER BY id LIMIT 1")
    return _from_row(row) if row else None


async def mark_done(db: Database, broadcast_id: int) -> bool:
    """'sending' → 'done' once no recipient is left queued or in flight."""
    changed = await db.execute(
        "UPDATE broadcasts SET status = 'done' WHERE id = ? AND status = 'sending'"
        " AND NOT EXISTS (SELECT 1 FROM outbox WHERE broadcast_id = ?"
        " AND state IN ('queued', 'sending'))",
        (broadcast_id, broadcast_id),
    )
    return changed == 1


async def unreported(db: Database) -> list[Broadcast]:
    """Done or cancelled broadcasts whose officer has not had the final report yet."""
    rows = await db.fetchall(
        "SELECT * FROM broadcasts WHERE status IN ('done', 'cancelled')"
        " AND finished_at IS NULL ORDER BY id"
    )
    return [_from_row(r) for r in rows]


async def mark_reported(db: Database, broadcast_id: int) -> None:
    await db.execute(
        "UPDATE broadcasts SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
        (utcnow(), broadcast_id),
    )


async def set_progress_message(
    db: Database, broadcast_id: int, chat_id: int, message_id: int
) -> None:
    """The officer's message that shows live progress (edited by the progress hook)."""
    await db.execute(
        "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
        (chat_id, message_id, broadcast_id),
    )


async def launched_without_progress(db: Database) -> set[int]:
    """Broadcasts already going out (or paused) whose officer has no progress message: what
    a crash right after "Ya, kirim" leaves behind."""
    rows = await db.fetchall(
        "SELECT id FROM broadcasts WHERE status IN ('sending', 'paused')"
        " AND progress_message_id IS NULL"
    )
    return {int(r["id"]) for r in rows}


# ----------------------------------------------------------------- outbox


async def next_queued(db: Database, broadcast_id: int, limit: int) -> list[Recipient]:
    rows = await db.fetchall(
        "SELECT user_id, language FROM outbox WHERE broadcast_id = ? AND state = 'queued'"
        " ORDER BY user_id LIMIT ?",
        (broadcast_id, limit),
    )
    return [Recipient(int(r["user_id"]), str(r["language"])) for r in rows]


async def claim(db: Database, broadcast_id: int, user_id: int) -> bool:
    """queued → sending, committed before the request to Telegram.

    Checks the broadcast's status in the same statement, so a pause or cancel takes effect
    before the next send and nothing is sent for a broadcast that is no longer 'sending'.
    """
    changed = await db.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?"
        " WHERE broadcast_id = ? AND user_id = ? AND state = 'queued'"
        " AND EXISTS (SELECT 1 FROM broadcasts WHERE id = ? AND status = 'sending')",
        (utcnow(), broadcast_id, user_id, broadcast_id),
    )
    return changed == 1


async def _finish(
    db: Database,
    broadcast_id: int,
    user_id: int,
    state: str,
    error: str | None = None,
    message_id: int | None = None,
) -> None:
    await db.execute(
        "UPDATE outbox SET state = ?, last_error = ?, message_id = ?, updated_at = ?"
        " WHERE broadcast_id = ? AND user_id = ? AND state = 'sending'",
        (state, error, message_id, utcnow(), broadcast_id, user_id),
    )


async def mark_sent(db: Database, broadcast_id: int, user_id: int, message_id: int) -> None:
    await _finish(db, broadcast_id, user_id, "sent", message_id=message_id)


async def mark_failed(db: Database, broadcast_id: int, user_id: int, error: str) -> None:
    await _finish(db, broadcast_id, user_id, "failed", error=error[:500])


async def mark_blocked(db: Database, broadcast_id: int, user_id: int, error: str) -> None:
    """403: the user blocked the bot or is deactivated; they are stopped for future broadcasts."""
    # Stopped first: if the process dies between the two, the row is resent, gets 403 again.
    await db.execute(
        "UPDATE users SET stopped_at = COALESCE(stopped_at, ?) WHERE user_id = ?",
        (utcnow(), user_id),
    )
    await _finish(db, broadcast_id, user_id, "blocked", error=error[:500])


async def release(db: Database, broadcast_id: int, user_id: int, error: str) -> None:
    """sending → queued: Telegram did not take the message (429, network error); retry later."""
    await db.execute(
        "UPDATE outbox SET state = 'queued', last_error = ?, updated_at = ?"
        " WHERE broadcast_id = ? AND user_id = ? AND state = 'sending'",
        (error[:500], utcnow(), broadcast_id, user_id),
    )


async def requeue_interrupted(db: Database, note: str) -> int:
    """Rows left 'sending' by a process that died mid-request go back to 'queued' (resent)."""
    return await db.execute(
        "UPDATE outbox SET state = 'queued', last_error = ?, updated_at = ?"
        " WHERE state = 'sending'",
        (note, utcnow()),
    )


async def counts(db: Database, broadcast_id: int) -> DeliveryCounts:
    rows = await db.fetchall(
        "SELECT state, COUNT(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY state",
        (broadcast_id,),
    )
    return DeliveryCounts(**{str(r["state"]): int(r["n"]) for r in rows})


async def failure_reasons(db: Database, broadcast_id: int) -> list[tuple[str, int]]:
    """Why recipients failed, most frequent first, for the officer's final report."""
    rows = await db.fetchall(
        "SELECT COALESCE(last_error, '') AS reason, COUNT(*) AS n FROM outbox"
        " WHERE broadcast_id = ? AND state = 'failed' GROUP BY reason ORDER BY n DESC, reason",
        (broadcast_id,),
    )
    return [(str(r["reason"]), int(r["n"])) for r in rows]


async def outcome(db: Database, broadcast_id: int, user_id: int) -> tuple[str, int, str | None]:
    """(state, attempts, last_error) of one recipient; for tests and support questions."""
    row = await db.fetchone(
        "SELECT state, attempts, last_error FROM outbox WHERE broadcast_id = ? AND user_id = ?",
        (broadcast_id, user_id),
    )
    if row is None:
        raise KeyError((broadcast_id, user_id))
    return str(row["state"]), int(row["attempts"]), row["last_error"]


# ----------------------------------------------------------------- reads


async def record_read(db: Database, broadcast_id: int, user_id: int) -> bool:
    """A press of "Sudah dibaca"; False when this user had already pressed it."""
    changed = await db.execute(
        "INSERT INTO broadcast_reads(broadcast_id, user_id, at)"
        " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM outbox WHERE broadcast_id = ?"
        " AND user_id = ?) ON CONFLICT DO NOTHING",
        (broadcast_id, user_id, utcnow(), broadcast_id, user_id),
    )
    return changed == 1


async def read_count(db: Database, broadcast_id: int) -> int:
    row = await db.fetchone(
        "SELECT COUNT(*) FROM broadcast_reads WHERE broadcast_id = ?", (broadcast_id,)
    )
    return int(row[0]) if row else 0


async def scheduled(
    db: Database, created_by: int, everyone: bool = False
) -> list[tuple[int, str, int]]:
    """(id, scheduled_at, total) of scheduled broadcasts: the officer's own, or all for admins."""
    rows = await db.fetchall(
        "SELECT id, scheduled_at, total FROM broadcasts WHERE status = 'scheduled'"
        " AND (created_by = ? OR ?) ORDER BY scheduled_at",
        (created_by, everyone),
    )
    return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]


async def backlog(db: Database) -> int:
    """Messages still to send for broadcasts that are sending (what /healthz watches drain)."""
    row = await db.fetchone(
        "SELECT COUNT(*) FROM outbox JOIN broadcasts ON broadcasts.id = outbox.broadcast_id"
        " WHERE broadcasts.status = 'sending' AND outbox.state IN ('queued', 'sending')"
    )
    return int(row[0]) if row else 0
