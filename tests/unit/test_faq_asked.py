"""Labelled questions (content/faq/asked): loaded, checked, searched, and kept honest.

The index reads strangers' questions as documents of their entry; the bench's held-out half and
blind rounds measure only if none of their questions is among them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bot.domain.faq.entries import ContentError, load_eval_cases, load_faq, load_faq_files
from bot.domain.faq.index import FaqIndex, Outcome

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
FIXTURE = DATA / "faq_fixture.toml"
CONTENT = ROOT / "content" / "faq"
sys.path.insert(0, str(ROOT))

from bench.faq_accuracy import BLIND_ROUNDS, FRESH_FILES, split  # noqa: E402
from bench.faq_asked import TARGET, asked_cases, render  # noqa: E402

STORY = "adikku tukang parkir, motor pelanggan ambruk nimpa kakinya, ongkos rumah sakit siapa"


def fixture_with_asked(tmp_path: Path, asked: str) -> Path:
    (tmp_path / "faq.toml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "asked").mkdir()
    (tmp_path / "asked" / "questions.toml").write_text(asked, encoding="utf-8")
    return tmp_path


def test_asked_questions_are_attached_to_their_entry(tmp_path: Path) -> None:
    asked = f'[[asked]]\nq = "{STORY}"\nentry = "jkk-manfaat"\n'
    entries = load_faq(fixture_with_asked(tmp_path, asked))
    by_id = {e.id: e for e in entries}
    assert by_id["jkk-manfaat"].asked == (STORY,)
    assert all(not e.asked for e in entries if e.id != "jkk-manfaat")
    # Asked questions are not the FAQ's own phrasings (the content checks count those).
    assert STORY not in by_id["jkk-manfaat"].all_phrasings


def test_a_labelled_question_teaches_the_search_its_words(tmp_path: Path) -> None:
    # Without it the fixture cannot place this story; with it a like-worded story finds JKK.
    question = "tukang parkir ketiban motor pelanggan, ongkos rumah sakitnya siapa"
    before = FaqIndex(load_faq_files([FIXTURE])).search(question)
    assert before.outcome is not Outcome.CONFIDENT or before.hits[0].entry_id != "jkk-manfaat"
    asked = f'[[asked]]\nq = "{STORY}"\nentry = "jkk-manfaat"\n'
    after = FaqIndex.from_directory(fixture_with_asked(tmp_path, asked)).search(question)
    assert after.hits[0].entry_id == "jkk-manfaat"


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ('[[asked]]\nq = "jkk apa"\nentry = "no-such-entry"\n', "'no-such-entry' is not a FAQ"),
        ('[[asked]]\nq = ""\nentry = "jkk-manfaat"\n', "needs q (text) and entry"),
        ('[[asked]]\nq = "jkk apa"\n', "needs q (text) and entry"),
        ('[[case]]\nq = "jkk apa"\nentry = "jkk-manfaat"\n', "use [[asked]]"),
    ],
)
def test_a_broken_asked_file_stops_the_load_with_its_reason(
    tmp_path: Path, asked: str, message: str
) -> None:
    with pytest.raises(ContentError, match=re.escape(message)):
        load_faq(fixture_with_asked(tmp_path, asked))


# --- the real file -----------------------------------------------------------------------------


def test_the_asked_file_is_what_the_generator_writes() -> None:
    entries = load_faq_files(sorted(CONTENT.glob("*.toml")))
    expected = render(asked_cases(DATA, [e.id for e in entries]))
    assert TARGET.read_text(encoding="utf-8") == expected, "run bench/faq_asked.py"


def test_no_held_out_or_blind_question_is_in_the_index() -> None:
    # The bench's honest columns measure questions the index has never seen.
    entries = load_faq(CONTENT)
    ids = [e.id for e in entries]
    indexed = {q for e in entries for q in e.asked}
    assert len(indexed) > 500
    _, held_out = split(DATA, ids)
    unseen = [c.q for c in held_out]
    for name, file_name in FRESH_FILES.items():
        if name.split()[0] in BLIND_ROUNDS:
            unseen += [c.q for c in load_eval_cases(DATA / file_name, ids)]
    assert len(unseen) > 400
    assert not indexed.intersection(unseen)
