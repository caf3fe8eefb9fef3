"""``desabot faq labels``: officers' labelled questions into content/faq/asked, for review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.domain.faq.entries import load_asked, load_faq
from bot.platform.db import questions, users
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services.faq_labels import export_labels, print_export
from tests.backend import database_for

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "faq_fixture.toml"
NIK = "3201234567890001"


async def _labelled(db: Database, user_id: int, text: str, entry_id: str) -> int:
    question_id = await questions.record(
        db,
        user_id=user_id,
        language="id",
        text=text,
        normalized=text,
        outcome="not_understood",
        entry_id=None,
        score=None,
    )
    assert await questions.answer(db, question_id, 99, "jawaban", entry_id)
    return question_id


@pytest.fixture
def faq_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "faq"
    (directory / "asked").mkdir(parents=True)
    shutil.copy(FIXTURE, directory / "faq.toml")
    (directory / "asked" / "questions.toml").write_text(
        '[[asked]]\nq = "Jatuh  dari pohon kelapa pas kerja"\nentry = "jkk-manfaat"\n',
        encoding="utf-8",
    )
    return directory


async def test_labels_are_exported_masked_once_and_reviewable(
    tmp_path: Path, faq_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = database_for(tmp_path / "l.sqlite3")
    db = open_database(where)
    await db.initialize()
    await users.register(db, 1, "A", "id")
    await _labelled(db, 1, f"nik sy {NIK} kok blm terdaftar, daftar bpu gmn", "daftar-bpu")
    await _labelled(db, 1, "jatuh dari pohon kelapa pas kerja", "jkk-manfaat")  # known
    await _labelled(db, 1, "kartu hilang", "no-longer-an-entry")
    erased = await _labelled(db, 1, "nomor hp sy 081234567890", "kontak-175")
    await db.execute("UPDATE questions SET text = '' WHERE id = ?", (erased,))  # /hapusdata
    unlabelled = await questions.record(
        db,
        user_id=1,
        language="id",
        text="harga cabe",
        normalized="harga cabe",
        outcome="not_understood",
        entry_id=None,
        score=None,
    )
    assert await questions.answer(db, unlabelled, 99, "bukan urusan kami")  # typed answer
    await db.shutdown()

    target = faq_dir / "asked" / "officers.toml"
    result = await export_labels(where, target, faq_dir)
    assert (result.added, result.known, result.unknown_entry) == (1, 1, 1)
    text = target.read_text(encoding="utf-8")
    assert NIK not in text and "harga cabe" not in text
    entries = load_faq(faq_dir)  # the search loads it with the rest of the FAQ
    asked = {e.id: e.asked for e in entries if e.asked}
    assert len(asked["daftar-bpu"]) == 1 and "blm terdaftar" in asked["daftar-bpu"][0]
    assert load_asked([target], entries).keys() == {"daftar-bpu"}

    # A reviewer removes nothing; a second run adds nothing and leaves the file as it is.
    again = await export_labels(where, target, faq_dir)
    assert (again.added, again.known) == (0, 2)
    assert target.read_text(encoding="utf-8") == text
    assert await print_export(where, target, faq_dir) == 0  # the CLI's summary
    assert "0 labelled question(s) added" in capsys.readouterr().out
