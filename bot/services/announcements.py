"""Launching an officer's announcement: one transaction from the draft to the audit row.

Confirming /siaran creates the broadcast, queues one outbox row per recipient, ends the
officer's composing dialogue and writes the audit row. Done as four commits, a crash between
them left a broadcast being sent with no audit row, or a dialogue whose "Kirim" could be
pressed again to send the same announcement twice. Here they land together or not at all;
the worker (bot/services/broadcast.py) only sees the broadcast once it is committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.platform.db import audit, broadcasts, dialogs
from bot.platform.db.connection import Database


@dataclass(frozen=True)
class Launched:
    broadcast_id: int
    queued: int  # recipients in the outbox (stopped and unknown users left out)


async def launch(
    db: Database,
    officer_id: int,
    texts: Mapping[str, str],
    recipients: Iterable[int],
    *,
    audience: Mapping[str, Any],
    media_kind: str | None = None,
    media_file_id: str | None = None,
    sender: str | None = None,
    when: datetime | None = None,
) -> Launched:
    """Send now (``when`` None) or schedule: draft, outbox, dialogue ended, audit — at once."""
    async with db.write():  # the repositories below join this transaction
        broadcast_id = await broadcasts.create_draft(
            db, officer_id, texts, media_kind=media_kind, media_file_id=media_file_id,
            audience=audience, sender=sender,
        )  # fmt: skip
        queued = await broadcasts.enqueue(db, broadcast_id, recipients, start_at=when)
        await dialogs.clear(db, officer_id)
        action = "broadcast.schedule" if when else "broadcast.send"
        await audit.record(
            db, officer_id, action, f"broadcast:{broadcast_id}", f"{queued} recipients"
        )
    return Launched(broadcast_id, queued)
