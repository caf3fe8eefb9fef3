"""Repository for village figures: one row per reported field, history kept, latest used."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.platform.db.connection import Database, utcnow


@dataclass(frozen=True)
class Reported:
    field: str
    value: Any
    reported_by: int | None
    reported_at: str


async def add(db: Database, village_code: str, field: str, value: Any, user_id: int) -> None:
    await db.execute(
        "INSERT INTO village_reports(village_code, field, value, reported_by, reported_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (village_code, field, json.dumps(value), user_id, utcnow()),
    )


async def latest(db: Database, village_code: str) -> dict[str, Reported]:
    rows = await db.fetchall(
        "SELECT field, value, reported_by, reported_at FROM village_reports r"
        " WHERE village_code = ? AND id = (SELECT MAX(id) FROM village_reports"
        " WHERE village_code = r.village_code AND field = r.field)",
        (village_code,),
    )
    return {
        str(r["field"]): Reported(
            str(r["field"]), json.loads(r["value"]), r["reported_by"], str(r["reported_at"])
        )
        for r in rows
    }


async def history(db: Database, village_code: str, field: str, limit: int = 10) -> list[Reported]:
    rows = await db.fetchall(
        "SELECT field, value, reported_by, reported_at FROM village_reports"
        " WHERE village_code = ? AND field = ? ORDER BY id DESC LIMIT ?",
        (village_code, field, limit),
    )
    return [Reported(str(r[0]), json.loads(r[1]), r[2], str(r[3])) for r in rows]
