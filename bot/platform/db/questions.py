"""Repository for ``questions`` and the officers' posts that hand them over.

What a villager typed is stored with NIKs and phone numbers masked (bot/domain/pii.py), so the
hand-off, /pertanyaan and the exports never see them; rows stored before the masker existed are
masked when read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.pii import mask
from bot.platform.db.connection import Database, WriteTx, utcnow


@dataclass(frozen=True)
class Question:
    id: int
    user_id: int | None
    language: str
    text: str
    outcome: str
    entry_id: str | None
    score: float | None
    feedback: int | None
    handed_over_at: str | None
    answer: str | None
    answered_at: str | None
    media_kind: str | None = None  # "voice", "video_note", "audio": a message, not a text
    media_message_id: int | None = None  # that message, in the villager's private chat
    label_entry_id: str | None = None  # the FAQ entry an officer answered it with


def _from_row(row: sqlite3.Row) -> Question:
    return Question(
        id=int(row["id"]),
        user_id=row["user_id"],
        language=str(row["language"]),
        text=mask(str(row["text"])),
        outcome=str(row["outcome"]),
        entry_id=row["entry_id"],
        score=row["score"],
        feedback=row["feedback"],
        handed_over_at=row["handed_over_at"],
        answer=row["answer"],
        answered_at=row["answered_at"],
        media_kind=row["media_kind"],
        media_message_id=row["media_message_id"],
        label_entry_id=row["label_entry_id"],
    )


async def record(
    db: Database,
    *,
    user_id: int,
    language: str,
    text: str,
    normalized: str,
    outcome: str,
    entry_id: str | None,
    score: float | None,
    chosen_from: int | None = None,
) -> int:
    """Store a question, its NIKs and phone numbers masked (the normalised form too).
    ``chosen_from``: the ambiguous question this answer was chosen for ("did you mean")."""
    return await db.insert(
        "INSERT INTO questions(user_id, language, text, normalized, outcome, entry_id, score,"
        " asked_at, chosen_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            user_id,
            language,
            mask(text),
            mask(normalized),
            outcome,
            entry_id,
            score,
            utcnow(),
            chosen_from,
        ),
    )


async def ambiguous_of(db: Database, question_id: int, user_id: int) -> int | None:
    """``question_id`` if it is ``user_id``'s own question that got "did you mean" choices
    (a forged or foreign id in a choice button labels nothing)."""
    row = await db.fetchone(
        "SELECT id FROM questions WHERE id = ? AND user_id = ? AND outcome = 'ambiguous'",
        (question_id, user_id),
    )
    return int(row["id"]) if row else None


async def record_media(
    db: Database, *, user_id: int, language: str, kind: str, message_id: int
) -> int:
    """A voice note, video note or audio the bot cannot listen to: kept as a question with no
    text, so "Teruskan ke petugas" can copy the message itself to the officers."""
    return await db.insert(
        "INSERT INTO questions(user_id, language, text, outcome, asked_at, media_kind,"
        " media_message_id) VALUES (?, ?, '', 'not_understood', ?, ?, ?)",
        (user_id, language, utcnow(), kind, message_id),
    )


async def erase_texts_in(conn: WriteTx, user_id: int) -> None:
    """/hapusdata, inside its transaction: the user's questions lose what they said and the
    officers' answers to them; outcome, entry and ratings stay (unlinked) for the statistics."""
    await conn.execute(
        "UPDATE questions SET text = '', normalized = '', answer = NULL,"
        " media_message_id = NULL WHERE user_id = ?",
        (user_id,),
    )


async def get(db: Database, question_id: int) -> Question | None:
    row = await db.fetchone("SELECT * FROM questions WHERE id = ?", (question_id,))
    return _from_row(row) if row else None


async def set_feedback(db: Database, question_id: int, user_id: int, value: int) -> bool:
    """Only the asker can rate; a second press just overwrites with the same value."""
    changed = await db.execute(
        "UPDATE questions SET feedback = ? WHERE id = ? AND user_id = ?",
        (value, question_id, user_id),
    )
    return changed > 0


async def set_answer_feedback(db: Database, question_id: int, user_id: int, value: int) -> bool:
    changed = await db.execute(
        "UPDATE questions SET answer_feedback = ? WHERE id = ? AND user_id = ?"
        " AND answer IS NOT NULL",
        (value, question_id, user_id),
    )
    return changed > 0


async def hand_over(db: Database, question_id: int, user_id: int) -> bool:
    """Mark the question as handed to officers; False if it was already (button pressed twice)."""
    changed = await db.execute(
        "UPDATE questions SET handed_over_at = ? WHERE id = ? AND user_id = ?"
        " AND handed_over_at IS NULL",
        (utcnow(), question_id, user_id),
    )
    return changed > 0


async def remember_post(db: Database, chat_id: int, message_id: int, question_id: int) -> None:
    await db.execute(
        "INSERT INTO handover_posts(chat_id, message_id, question_id) VALUES (?, ?, ?)"
        " ON CONFLICT(chat_id, message_id) DO UPDATE SET question_id = excluded.question_id",
        (chat_id, message_id, question_id),
    )


async def question_for_post(db: Database, chat_id: int, message_id: int) -> int | None:
    row = await db.fetchone(
        "SELECT question_id FROM handover_posts WHERE chat_id = ? AND message_id = ?",
        (chat_id, message_id),
    )
    return int(row[0]) if row else None


async def answer(
    db: Database, question_id: int, officer_id: int, text: str, label: str | None = None
) -> bool:
    """Store the officer's answer, and the FAQ entry it is (``label``) when the officer
    answered with one; False if another officer answered first."""
    changed = await db.execute(
        "UPDATE questions SET answer = ?, answered_by = ?, answered_at = ?, label_entry_id = ?"
        " WHERE id = ? AND answered_at IS NULL",
        (text, officer_id, utcnow(), label, question_id),
    )
    return changed > 0


class LabelSource(StrEnum):
    OFFICER = "officer"  # answered with the entry ("📚" under "Jawab")
    VILLAGER = "villager"  # chose the entry under "did you mean", then rated it 👍


@dataclass(frozen=True)
class Labelled:
    """A villager's question (masked) and the FAQ entry that answers it, and who said so."""

    text: str
    language: str
    entry_id: str
    source: LabelSource = LabelSource.OFFICER


async def labelled(db: Database) -> list[Labelled]:
    """Every labelled question that still has its text (not erased by /hapusdata), oldest
    first: the officers' labels, then the villagers' confirmed choices."""
    by_officers = await db.fetchall(
        "SELECT text, language, label_entry_id AS entry FROM questions"
        " WHERE label_entry_id IS NOT NULL AND text <> '' ORDER BY id"
    )
    # The chosen answer's row and the question must be the same villager's: the choice button
    # carries the question's id, which a forged button could point anywhere.
    by_villagers = await db.fetchall(
        "SELECT q.text, q.language, a.entry_id AS entry FROM questions a"
        " JOIN questions q ON q.id = a.chosen_from AND q.user_id = a.user_id"
        " WHERE a.feedback = 1 AND a.entry_id IS NOT NULL AND q.outcome = 'ambiguous'"
        " AND q.text <> '' ORDER BY a.id"
    )
    sources = ((by_officers, LabelSource.OFFICER), (by_villagers, LabelSource.VILLAGER))
    return [
        Labelled(mask(str(r["text"])), str(r["language"]), str(r["entry"]), source)
        for rows, source in sources
        for r in rows
    ]


async def list_open(db: Database, offset: int, limit: int) -> tuple[list[Question], int]:
    where = "handed_over_at IS NOT NULL AND answered_at IS NULL"
    rows = await db.fetchall(
        f"SELECT * FROM questions WHERE {where} ORDER BY handed_over_at LIMIT ? OFFSET ?",
        (limit, offset),
    )
    total = await db.fetchone(f"SELECT COUNT(*) FROM questions WHERE {where}")
    return [_from_row(r) for r in rows], int(total[0]) if total else 0


async def count_open(db: Database) -> int:
    """Questions handed to officers and not answered yet."""
    row = await db.fetchone(
        "SELECT COUNT(*) FROM questions WHERE handed_over_at IS NOT NULL AND answered_at IS NULL"
    )
    return int(row[0]) if row else 0


async def thread_for(db: Database, chat_id: int, user_id: int) -> int | None:
    row = await db.fetchone(
        "SELECT thread_id FROM handover_threads WHERE chat_id = ? AND user_id = ?",
        (chat_id, user_id),
    )
    return int(row[0]) if row else None


async def remember_thread(db: Database, chat_id: int, user_id: int, thread_id: int) -> None:
    await db.execute(
        "INSERT INTO handover_threads(chat_id, user_id, thread_id) VALUES (?, ?, ?)"
        " ON CONFLICT(chat_id, user_id) DO UPDATE SET thread_id = excluded.thread_id",
        (chat_id, user_id, thread_id),
    )


@dataclass(frozen=True)
class ReportRow:
    text: str
    count: int


async def most_frequent_not_understood(db: Database, limit: int) -> list[ReportRow]:
    rows = await db.fetchall(
        "SELECT normalized, MIN(text) AS example, COUNT(*) AS n FROM questions"
        " WHERE outcome = 'not_understood' AND text <> ''"  # voice notes, erased texts
        " GROUP BY normalized ORDER BY n DESC, example LIMIT ?",
        (limit,),
    )
    return [ReportRow(mask(str(r["example"])), int(r["n"])) for r in rows]


async def most_disliked_answers(db: Database, limit: int) -> list[ReportRow]:
    rows = await db.fetchall(
        "SELECT entry_id, COUNT(*) AS n FROM questions WHERE feedback = -1"
        " AND entry_id IS NOT NULL GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?",
        (limit,),
    )
    return [ReportRow(str(r["entry_id"]), int(r["n"])) for r in rows]
