"""The Desa Sadar self-check as one screen: what /ceksyarat shows a village and what an officer
sees when reviewing its verification request (the same text, so both judge the same thing)."""

from __future__ import annotations

from bot.domain.dates import today_jakarta
from bot.domain.rules import Report, VillageSnapshot, evaluate
from bot.platform.i18n import localized
from bot.services.snapshot import village_snapshot
from handlers.shared.region_picker import village_label
from handlers.shared.session import Session

NEXT_STEPS = 3  # more advice than this at once is not read on a phone


async def render_check(session: Session, code: str) -> tuple[str, Report, VillageSnapshot]:
    """The self-check of village ``code`` in the user's language, with what it was judged on."""
    snapshot = await village_snapshot(session.services.db, code)
    report = evaluate(snapshot, session.services.rules, today_jakarta())
    steps = report.next_steps[:NEXT_STEPS]
    text = session.render(
        "check_result",
        label=await village_label(session, code),
        report=report,
        titles={r.criterion.id: localized(r.criterion.title, session.lang) for r in report.results},
        # Why each threshold is what it is: shown so no one reads it as an official figure.
        why={r.criterion.id: localized(r.criterion.why, session.lang) for r in report.results},
        advice=[localized(r.criterion.advice, session.lang) for r in steps],
    )
    return text, report, snapshot
