"""``desabot faq labels``: the questions officers answered with an FAQ entry ("📚" under
"Jawab"), written into content/faq/asked/officers.toml for review.

The search reads every file of content/faq/asked as its entries' labelled questions (issue
#12: a stranger's way of asking, once labelled, helps the next stranger). The labels are not
read from the database at start-up: a person reviews the file (a wrong press, a name left in
a question) and commits it, as any content change. Texts are masked again here (NIKs, phone
numbers); a question already in content/faq/asked, or labelled with an entry that no longer
exists, is skipped. Running it twice adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.domain.faq.entries import ASKED_DIRECTORY, asked_toml, load_asked, load_faq_files
from bot.domain.pii import mask
from bot.platform.content import CONTENT_DIR
from bot.platform.db import questions
from bot.platform.db.backend import open_database

FAQ_DIR = CONTENT_DIR / "faq"
OFFICERS_FILE = FAQ_DIR / ASKED_DIRECTORY / "officers.toml"
HEADER = """\
# Villagers' questions that officers answered with this FAQ entry ("📚" under "Jawab"), written
# by `desabot faq labels` (texts masked). Review before committing: remove a wrong label and any
# name or detail that identifies someone. The search reads each as part of its entry (field
# "asked", half a phrasing's weight), like content/faq/asked/questions.toml.
"""


@dataclass(frozen=True)
class Export:
    added: int  # new questions written
    known: int  # already in content/faq/asked
    unknown_entry: int  # labelled with an entry no longer in the FAQ


async def export_labels(
    database: str | Path, target: Path = OFFICERS_FILE, faq_dir: Path = FAQ_DIR
) -> Export:
    db = open_database(database)
    await db.initialize()
    try:
        labelled = await questions.labelled(db)
    finally:
        await db.shutdown()
    entries = load_faq_files(sorted(faq_dir.glob("*.toml")))
    order = {entry.id: number for number, entry in enumerate(entries)}
    asked_files = sorted((faq_dir / ASKED_DIRECTORY).glob("*.toml"))
    if target.exists() and target.resolve() not in {p.resolve() for p in asked_files}:
        asked_files.append(target)
    # The target's own questions are kept as they are (a reviewer may have removed some).
    current = load_asked([target], entries) if target.exists() else {}
    seen = {_key(q) for qs in load_asked(asked_files, entries).values() for q in qs}
    pairs = [(q, entry_id) for entry_id, qs in current.items() for q in qs]
    added = known = unknown = 0
    for item in labelled:
        text = mask(item.text).strip()
        if item.entry_id not in order:
            unknown += 1
        elif _key(text) in seen:
            known += 1
        else:
            seen.add(_key(text))
            pairs.append((text, item.entry_id))
            added += 1
    if added:
        pairs.sort(key=lambda pair: order[pair[1]])  # stable: one entry's questions in order
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(asked_toml(HEADER, pairs), encoding="utf-8")
    return Export(added, known, unknown)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


async def print_export(
    database: str | Path, target: Path = OFFICERS_FILE, faq_dir: Path = FAQ_DIR
) -> int:
    result = await export_labels(database, target, faq_dir)
    where = (
        target.relative_to(CONTENT_DIR.parent)
        if target.is_relative_to(CONTENT_DIR.parent)
        else target
    )
    print(f"{result.added} labelled question(s) added to {where}")
    if result.known:
        print(f"{result.known} already labelled in content/faq/asked or the file (skipped)")
    if result.unknown_entry:
        print(f"{result.unknown_entry} labelled with an entry no longer in the FAQ (skipped)")
    if result.added:
        print("review the file (wrong labels, names), then run `desabot content check` and commit")
    return 0
