"""``desabot faq labels``: questions labelled by officers (📚) and by villagers (a "did you mean"
choice rated 👍) into content/faq/asked, for review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.domain.faq.entries import load_asked, load_faq
from bot.platform.db import questions, users
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.platform.db.questions import LabelSource
from bot.services.faq_labels import export_labels, print_export
from tests.backend import database_for

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "faq_fixture.toml"
NIK = "3201234567890001"


async def _asked(db: Database, user_id: int, text: str, outcome: str, language: str) -> int:
    """A villager's question the search did not answer outright."""
    return await questions.record(
        db,
        user_id=user_id,
        language=language,
        text=text,
        normalized=text,
        outcome=outcome,
        entry_id=None,
        score=None,
    )


async def _labelled(db: Database, user_id: int, text: str, entry_id: str) -> int:
    question_id = await _asked(db, user_id, text, "not_understood", "id")
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
    unlabelled = await _asked(db, 1, "harga cabe", "not_understood", "id")
    assert await questions.answer(db, unlabelled, 99, "bukan urusan kami")  # typed answer
    await db.shutdown()

    out = faq_dir / "asked"
    target = out / "officers.toml"
    result = (await export_labels(where, out, faq_dir))[LabelSource.OFFICER]
    assert (result.added, result.known, result.unknown_entry) == (1, 1, 1)
    text = target.read_text(encoding="utf-8")
    assert NIK not in text and "harga cabe" not in text
    entries = load_faq(faq_dir)  # the search loads it with the rest of the FAQ
    asked = {e.id: e.asked for e in entries if e.asked}
    assert len(asked["daftar-bpu"]) == 1 and "blm terdaftar" in asked["daftar-bpu"][0]
    assert load_asked([target], entries).keys() == {"daftar-bpu"}

    # A reviewer removes nothing; a second run adds nothing and leaves the file as it is.
    again = (await export_labels(where, out, faq_dir))[LabelSource.OFFICER]
    assert (again.added, again.known) == (0, 2)
    assert target.read_text(encoding="utf-8") == text
    assert not (out / "chosen.toml").exists()  # no villager labelled anything
    assert await print_export(where, out, faq_dir) == 0  # the CLI's summary
    assert "0 question(s) labelled by officers added" in capsys.readouterr().out


async def _ambiguous(db: Database, user_id: int, text: str) -> int:
    return await _asked(db, user_id, text, "ambiguous", "jv")


async def _chosen(db: Database, user_id: int, entry_id: str, chosen_for: int, rating: int) -> None:
    """The answer a "did you mean" button sent (its row points at the question), rated."""
    answer = await questions.record(
        db,
        user_id=user_id,
        language="jv",
        text="Pitakon entri",
        normalized="",
        outcome="confident",
        entry_id=entry_id,
        score=1.0,
        chosen_from=await questions.ambiguous_of(db, chosen_for, user_id),
    )
    assert await questions.set_feedback(db, answer, user_id, rating)


async def test_a_villagers_choice_rated_helpful_is_a_label_of_its_own(
    tmp_path: Path, faq_dir: Path
) -> None:
    where = database_for(tmp_path / "v.sqlite3")
    db = open_database(where)
    await db.initialize()
    for user_id in (1, 2):
        await users.register(db, user_id, "A", "jv")
    helped = await _ambiguous(db, 1, f"nik {NIK} iso daftar dewe ora")
    await _chosen(db, 1, "daftar-bpu", helped, 1)
    disliked = await _ambiguous(db, 1, "kartu ilang piye")
    await _chosen(db, 1, "jkk-manfaat", disliked, -1)  # 👎: the choice was not the answer
    # A forged button pointing at another villager's question links nothing.
    foreign = await _ambiguous(db, 2, "iuran telat sewulan piye")
    await _chosen(db, 1, "jkk-manfaat", foreign, 1)
    erased = await _ambiguous(db, 1, "nomer hpku 081234567890 kanggo daftar")
    await _chosen(db, 1, "daftar-bpu", erased, 1)
    await db.execute("UPDATE questions SET text = '' WHERE id = ?", (erased,))  # /hapusdata
    # Both an officer and the villager labelled it: kept once, as the officer's.
    both = await _ambiguous(db, 1, "sing oleh santunan sapa")
    await _chosen(db, 1, "daftar-bpu", both, 1)
    assert await questions.answer(db, both, 99, "jawaban", "jkk-manfaat")
    await db.shutdown()

    out = faq_dir / "asked"
    exports = await export_labels(where, out, faq_dir)
    by_officers, by_villagers = exports[LabelSource.OFFICER], exports[LabelSource.VILLAGER]
    assert (by_officers.added, by_villagers.added, by_villagers.known) == (1, 1, 1)
    entries = load_faq(faq_dir)
    chosen = load_asked([out / "chosen.toml"], entries)
    assert chosen == {"daftar-bpu": ("nik [NIK] iso daftar dewe ora",)}  # masked
    officers = load_asked([out / "officers.toml"], entries)
    assert officers == {"jkk-manfaat": ("sing oleh santunan sapa",)}
