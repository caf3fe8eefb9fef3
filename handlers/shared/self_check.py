"""The Desa Sadar self-check as one phone screen: what /ceksyarat shows a village and what an
officer sees when reviewing its verification request. Both read the same judgement
(``bot.domain.rules.evaluate``); the village gets next steps addressed to it, the officer a
reviewer's summary without them.

The screen stays under :data:`SCREEN_LIMIT` characters in every language (tests check several
village states): what is missing comes first, what is met is a count, and the reasons behind
each criterion are one button away ("Arti syarat") instead of on the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.domain.dates import today_jakarta
from bot.domain.rules import (
    Action,
    CriterionResult,
    Report,
    Status,
    VillageSnapshot,
    evaluate,
    missing_figures,
)
from bot.platform.i18n import N_, _, localized
from bot.platform.telegram_html import visible_text
from bot.services import village_lifecycle as lifecycle
from bot.services.snapshot import village_snapshot
from handlers.shared.region_picker import village_label
from handlers.shared.session import Session

NEXT_STEPS = 3  # more advice than this at once is not read on a phone
SCREEN_LIMIT = 1000  # characters: one phone screen (issue 14)

# Who a "record" step asks the village to add, by the criterion that counts them.
GROUP_NOUNS: Mapping[str, str] = {
    "kades_terdaftar": N_("kepala desa"),
    "perangkat_terdaftar": N_("perangkat"),
    "bpd_terdaftar": N_("anggota BPD"),
    "lembaga_terdaftar": N_("pengurus RT/RW dan lembaga"),
}

Verification = Literal["verified", "pending"] | None


@dataclass
class Step:
    """One next step: record people (``items`` = the groups with nobody recorded), report
    figures (``items`` = the figures not reported, by their labels), or the rules file's advice
    for a criterion whose data is known but short of the mark."""

    kind: Literal["record", "report", "advice"]
    items: list[str] = field(default_factory=list)
    text: str = ""


def next_steps(
    report: Report, snapshot: VillageSnapshot, lang: str, figure_labels: Mapping[str, str]
) -> list[Step]:
    """The village's next steps by impact, each kind of bot action merged into one step, in
    the session's language."""
    steps: list[Step] = []
    merged: dict[str, Step] = {}
    for result in report.next_steps:
        kind, items = _step_kind(result, snapshot)
        if kind == "advice":
            steps.append(Step("advice", text=localized(result.criterion.advice, lang)))
            continue
        if kind not in merged:
            merged[kind] = Step(kind)
            steps.append(merged[kind])
        names = [_(GROUP_NOUNS[i]) if kind == "record" else figure_labels[i] for i in items]
        merged[kind].items.extend(n for n in names if n not in merged[kind].items)
    return steps[:NEXT_STEPS]


def _step_kind(
    result: CriterionResult, snapshot: VillageSnapshot
) -> tuple[Literal["record", "report", "advice"], tuple[str, ...]]:
    action = result.criterion.action
    if action is Action.ADD_MEMBER and not result.numbers.get("total"):
        return "record", (result.criterion.id,)
    missing = missing_figures(result, snapshot)
    if action is Action.REPORT_FIGURES and missing:
        return "report", missing
    return "advice", ()


async def render_check(
    session: Session, code: str, figure_labels: Mapping[str, str] | None = None
) -> tuple[str, Report, VillageSnapshot, Verification]:
    """The self-check of village ``code`` in the user's language, with what it was judged on
    and where its verification stands. With ``figure_labels`` (the names of the figures on
    the report buttons) it is the village's own screen with next steps; without, the
    officer's review."""
    snapshot = await village_snapshot(session.services.db, code)
    report = evaluate(snapshot, session.services.rules, today_jakarta())
    state = await lifecycle.verification_state(session.services.db, code)
    verification: Verification = "verified" if state == "verified" else "pending" if state else None
    label = await village_label(session, code)
    context = check_context(report, snapshot, session.lang, label, figure_labels, verification)
    text = fit_screen(lambda c: session.render("check_result", **c), context)
    return text, report, snapshot, verification


def fit_screen(render: Callable[[dict[str, Any]], str], context: dict[str, Any]) -> str:
    """The screen with as many next steps (3 at most) as fit :data:`SCREEN_LIMIT` visible
    characters; a village with much to do sees its most important step or two, and the
    rest once those are done."""
    steps = context["steps"]
    for count in range(len(steps), 0, -1):
        text = render({**context, "steps": steps[:count]})
        if len(visible_text(text)) <= SCREEN_LIMIT:
            return text
    return render({**context, "steps": steps[:1]})


def check_context(
    report: Report,
    snapshot: VillageSnapshot,
    lang: str,
    label: str,
    figure_labels: Mapping[str, str] | None,
    verification: Verification,
) -> dict[str, Any]:
    """What ``check_result`` is rendered with (the screen-length tests render it directly)."""
    steps = [] if figure_labels is None else next_steps(report, snapshot, lang, figure_labels)
    return {
        "label": label,
        "report": report,
        "titles": {r.criterion.id: localized(r.criterion.title, lang) for r in report.results},
        "not_met": _in_status(report, Status.NOT_MET),
        "unknown": _in_status(report, Status.UNKNOWN),
        "steps": steps,
        "audience": "officer" if figure_labels is None else "village",
        "verification": verification,
    }


def render_explanation(session: Session, report: Report) -> str:
    """Why each criterion matters and where its thresholds come from (the "Arti syarat" page)."""
    return session.render(
        "check_explained",
        report=report,
        titles={r.criterion.id: localized(r.criterion.title, session.lang) for r in report.results},
        why={r.criterion.id: localized(r.criterion.why, session.lang) for r in report.results},
    )


def _in_status(report: Report, status: Status) -> list[CriterionResult]:
    """The criteria in ``status``, most important first (the report's next-step order)."""
    return [r for r in report.next_steps if r.status is status]
