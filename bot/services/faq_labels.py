"""``desabot faq labels``: the questions officers answered with an FAQ entry ("📚" under
"Jawab"), written into content/faq/asked/officers.toml, and those villagers labelled
themselves (an entry chosen under "did you mean", then its answer rated 👍), written into
content/faq/asked/chosen.toml, for review.

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
from bot.platform.db.questions import LabelSource

FAQ_DIR = CONTENT_DIR / "faq"
ASKED_DIR = FAQ_DIR / ASKED_DIRECTORY
OFFICERS_FILE = ASKED_DIR / "officers.toml"
CHOSEN_FILE = ASKED_DIR / "chosen.toml"
_REVIEW = """\
# by `desabot faq labels` (texts masked). Review before committing: remove a wrong label and any
# name or detail that identifies someone. The search reads each as part of its entry (field
# "asked", half a phrasing's weight), like content/faq/asked/questions.toml.
"""
HEADERS = {
    LabelSource.OFFICER: (
        '# Villagers\' questions that officers answered with this FAQ entry ("📚" under'
        ' "Jawab"), written\n' + _REVIEW
    ),
    # A villager's choice is a weaker label than an officer's: the 👍 says the answer helped,
    # not that it was the only one that would have. Hence a file of its own, reviewed apart.
    LabelSource.VILLAGER: (
        "# Villagers' questions labelled by the villagers themselves (the entry chosen under\n"
        '# "did you mean", whose answer they then rated 👍), written\n' + _REVIEW
    ),
}
TARGETS = {LabelSource.OFFICER: OFFICERS_FILE, LabelSource.VILLAGER: CHOSEN_FILE}


# A label on a one-word question ("klaim" → the PMI online claim) teaches the search nothing but
# a bias: that word would lean towards one of the many entries it belongs to.
MIN_LABEL_WORDS = 2


@dataclass(frozen=True)
class Export:
    added: int  # new questions written
    known: int  # already in content/faq/asked
    unknown_entry: int  # labelled with an entry no longer in the FAQ
    too_short: int = 0  # fewer than MIN_LABEL_WORDS words


async def export_labels(
    database: str | Path, out: Path = ASKED_DIR, faq_dir: Path = FAQ_DIR
) -> dict[LabelSource, Export]:
    """Write each source's new labelled questions into its file of ``out`` (TARGETS' names);
    the officers' first, so that a question both labelled is kept as the officer's."""
    db = open_database(database)
    await db.initialize()
    try:
        labelled = await questions.labelled(db)
    finally:
        await db.shutdown()
    entries = load_faq_files(sorted(faq_dir.glob("*.toml")))
    order = {entry.id: number for number, entry in enumerate(entries)}
    targets = {source: out / path.name for source, path in TARGETS.items()}
    asked_files = {p.resolve() for p in (faq_dir / ASKED_DIRECTORY).glob("*.toml")}
    asked_files |= {t.resolve() for t in targets.values() if t.exists()}
    seen = {_key(q) for qs in load_asked(sorted(asked_files), entries).values() for q in qs}
    exports: dict[LabelSource, Export] = {}
    for source, target in targets.items():
        # The target's own questions are kept as they are (a reviewer may have removed some).
        current = load_asked([target], entries) if target.exists() else {}
        pairs = [(q, entry_id) for entry_id, qs in current.items() for q in qs]
        added = known = unknown = short = 0
        for item in (item for item in labelled if item.source is source):
            text = mask(item.text).strip()
            if item.entry_id not in order:
                unknown += 1
            elif len(text.split()) < MIN_LABEL_WORDS:
                short += 1
            elif _key(text) in seen:
                known += 1
            else:
                seen.add(_key(text))
                pairs.append((text, item.entry_id))
                added += 1
        if added:
            pairs.sort(key=lambda pair: order[pair[1]])  # stable: one entry's questions in order
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(asked_toml(HEADERS[source], pairs), encoding="utf-8")
        exports[source] = Export(added, known, unknown, short)
    return exports


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


async def print_export(database: str | Path, out: Path = ASKED_DIR, faq_dir: Path = FAQ_DIR) -> int:
    exports = await export_labels(database, out, faq_dir)
    for source, result in exports.items():
        target = out / TARGETS[source].name
        where = (
            target.relative_to(CONTENT_DIR.parent)
            if target.is_relative_to(CONTENT_DIR.parent)
            else target
        )
        who = "officers" if source is LabelSource.OFFICER else "villagers"
        print(f"{result.added} question(s) labelled by {who} added to {where}")
        if result.known:
            print(f"  {result.known} already in content/faq/asked or the file (skipped)")
        if result.too_short:
            print(f"  {result.too_short} of a single word (skipped: a label would only bias it)")
        if result.unknown_entry:
            print(f"  {result.unknown_entry} labelled with an entry no longer in the FAQ (skipped)")
    if any(result.added for result in exports.values()):
        print("review the files (wrong labels, names), then run `desabot content check` and commit")
    return 0
