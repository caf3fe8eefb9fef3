from __future__ import annotations

from pathlib import Path

import pytest

from bot.platform.db import questions, users
from bot.platform.db.backend import open_database
from bot.services.faq_report import print_report
from tests.backend import database_for


async def test_report_ranks_misses_and_disliked_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = database_for(tmp_path / "r.sqlite3")
    db = open_database(where)
    await db.initialize()
    await users.register(db, 1, "A", "id")
    for text, normalized in [
        ("harga cabe?", "harga cabe"),
        ("Harga cabe", "harga cabe"),
        ("cuaca", "cuaca"),
    ]:
        await questions.record(
            db,
            user_id=1,
            language="id",
            text=text,
            normalized=normalized,
            outcome="not_understood",
            entry_id=None,
            score=None,
        )
    for _ in range(2):
        qid = await questions.record(
            db,
            user_id=1,
            language="id",
            text="x",
            normalized="x",
            outcome="confident",
            entry_id="jkm-manfaat",
            score=0.9,
        )
        await questions.set_feedback(db, qid, 1, -1)
    assert await questions.answer(db, qid, 99, "jawaban", "jkm-manfaat")  # an officer's 📚
    await db.shutdown()
    assert await print_report(where, 10) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split() == ["2", "Harga", "cabe"]  # grouped by normalised text
    assert lines[2].split() == ["1", "cuaca"]
    assert "2  jkm-manfaat" in out
    assert "answered with an FAQ entry (📚): 1" in out
