"""Repository for the ``dialogs`` table: the step a user is at in a multi-step dialogue."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.platform.db.connection import Database, utcnow


@dataclass(frozen=True)
class DialogState:
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


async def get(db: Database, user_id: int) -> DialogState | None:
    row = await db.fetchone("SELECT flow, step, data FROM dialogs WHERE user_id = ?", (user_id,))
    if row is None:
        return None
    return DialogState(str(row["flow"]), str(row["step"]), json.loads(row["data"]))


async def save(db: Database, user_id: int, state: DialogState) -> None:
    await db.execute(
        "INSERT INTO dialogs(user_id, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,"
        " data = excluded.data, updated_at = excluded.updated_at",
        (user_id, state.flow, state.step, json.dumps(state.data), utcnow()),
    )


async def clear(db: Database, user_id: int) -> None:
    await db.execute("DELETE FROM dialogs WHERE user_id = ?", (user_id,))
