"""``desabot faq report``: what villagers asked that the FAQ could not answer, and which
answers they rated 👎 — the list to grow and fix the content from; and how many questions
officers and villagers labelled with an FAQ entry (``desabot faq labels``)."""

from __future__ import annotations

from pathlib import Path

from bot.platform.db import questions
from bot.platform.db.backend import open_database
from bot.platform.db.questions import LabelSource


async def print_report(database: str | Path, limit: int) -> int:
    db = open_database(database)
    await db.initialize()
    try:
        missed = await questions.most_frequent_not_understood(db, limit)
        disliked = await questions.most_disliked_answers(db, limit)
        labelled = await questions.labelled(db)
    finally:
        await db.shutdown()
    print(f"Most frequent questions not understood (top {limit}):")
    for row in missed:
        print(f"  {row.count:5d}  {row.text}")
    if not missed:
        print("  (none)")
    print(f"\nFAQ answers rated 👎 most often (top {limit}):")
    for row in disliked:
        print(f"  {row.count:5d}  {row.text}")
    if not disliked:
        print("  (none)")
    by_officers = sum(item.source is LabelSource.OFFICER for item in labelled)
    print(
        f"\nQuestions officers answered with an FAQ entry (📚): {by_officers};"
        f' a "did you mean" choice villagers rated 👍: {len(labelled) - by_officers}'
        " (`desabot faq labels` writes them into content/faq/asked for review)"
    )
    return 0
